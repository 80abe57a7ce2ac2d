#include "block.h"

#include <cmath>

#include "embedding.h"
#include "train.h"

namespace capiton {

template <typename S>
const char* BlockParams<S>::name(int i) {
    static const char* const kNames[kTensors] = {"E",   "W_Q", "W_K", "W_V", "W_O", "g1",  "b1", "W_1",
                                                 "c_1", "W_2", "c_2", "g2",  "b2",  "W_C", "b_C"};
    return kNames[i];
}
template struct BlockParams<float>;
template struct BlockParams<double>;

BlockParams<float> init_block_params(const BlockShape& sh, std::uint64_t seed) {
    SplitMix64 rng{seed};
    const auto draw = [&](int r, int c, float a) { return rng.uniform_matrix(r, c, a); };
    const auto fan_in = [](int k) { return std::sqrt(3.0f / static_cast<float>(k)); };
    BlockParams<float> p;
    p.E = draw(sh.vocab, sh.d_model, 1.0f);
    p.W_Q = draw(sh.d_model, sh.d_model, fan_in(sh.d_model));
    p.W_K = draw(sh.d_model, sh.d_model, fan_in(sh.d_model));
    p.W_V = draw(sh.d_model, sh.d_model, fan_in(sh.d_model));
    p.W_O = draw(sh.d_model, sh.d_model, fan_in(sh.d_model));
    p.g1 = p.g2 = Matrix::Ones(1, sh.d_model);
    p.b1 = p.b2 = p.c_2 = Matrix::Zero(1, sh.d_model);
    p.W_1 = draw(sh.d_model, sh.d_ff, fan_in(sh.d_model));
    p.c_1 = Matrix::Zero(1, sh.d_ff);
    p.W_2 = draw(sh.d_ff, sh.d_model, fan_in(sh.d_ff));
    p.W_C = draw(sh.d_model, sh.classes, fan_in(sh.d_model));
    p.b_C = Matrix::Zero(1, sh.classes);
    return p;
}

// LN(r) = g ⊙ (r − μ)·rstd + b per row, μ and rstd = 1/√(σ² + ε) kept for the screen and backward.
template <typename S>
void layer_norm(const Mat<S>& R, const Mat<S>& g, const Mat<S>& b, Mat<S>& mean, Mat<S>& rstd, Mat<S>& N) {
    const Eigen::Index n = R.rows(), d = R.cols();
    mean.resize(n, 1);
    rstd.resize(n, 1);
    N.resize(n, d);
    for (Eigen::Index i = 0; i < n; ++i) {
        const S mu = R.row(i).sum() / static_cast<S>(d);
        const S var = (R.row(i).array() - mu).square().sum() / static_cast<S>(d);
        mean(i, 0) = mu;
        rstd(i, 0) = S(1) / std::sqrt(var + static_cast<S>(kLayerNormEps));
        N.row(i) = ((R.row(i).array() - mu) * rstd(i, 0) * g.row(0).array() + b.row(0).array()).matrix();
    }
}
template void layer_norm<float>(const Matrix&, const Matrix&, const Matrix&, Matrix&, Matrix&, Matrix&);
template void layer_norm<double>(const Mat<double>&, const Mat<double>&, const Mat<double>&, Mat<double>&, Mat<double>&,
                                 Mat<double>&);

// LN(r) = g ⊙ x̂ + b with x̂ = (r − μ)·rstd, row by row  ⇒
//   dg += Σ_rows dN ⊙ x̂,  db += Σ_rows dN,  dx̂ = dN ⊙ g,
//   dr = rstd · (dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂))        (μ and rstd depend on the row: the two means)
template <typename S>
Mat<S> layer_norm_backward(const Mat<S>& R, const Mat<S>& mean, const Mat<S>& rstd, const Mat<S>& g, const Mat<S>& dN,
                           Mat<S>& dg, Mat<S>& db) {
    const Eigen::Index n = R.rows(), d = R.cols();
    Mat<S> dR(n, d);
    for (Eigen::Index i = 0; i < n; ++i) {
        const Eigen::Array<S, 1, Eigen::Dynamic> xhat = (R.row(i).array() - mean(i, 0)) * rstd(i, 0);
        dg.row(0).array() += dN.row(i).array() * xhat;
        db.row(0) += dN.row(i);
        const Eigen::Array<S, 1, Eigen::Dynamic> dxhat = dN.row(i).array() * g.row(0).array();
        const S m1 = dxhat.mean(), m2 = (dxhat * xhat).mean();
        dR.row(i) = (rstd(i, 0) * (dxhat - m1 - xhat * m2)).matrix();
    }
    return dR;
}
template Matrix layer_norm_backward<float>(const Matrix&, const Matrix&, const Matrix&, const Matrix&, const Matrix&, Matrix&,
                                           Matrix&);
template Mat<double> layer_norm_backward<double>(const Mat<double>&, const Mat<double>&, const Mat<double>&, const Mat<double>&,
                                                 const Mat<double>&, Mat<double>&, Mat<double>&);

template <typename S>
BlockPass<S> block_pass(const BlockParams<S>& p, const BlockShape& sh, const Mat<S>& X) {
    BlockPass<S> f;
    const Eigen::Index n = X.rows();
    const int dk = sh.d_k();
    const S s = S(1) / std::sqrt(static_cast<S>(dk));
    f.X = X;
    f.C.resize(n, sh.d_model);
    f.heads.resize(static_cast<std::size_t>(sh.heads));
    for (int h = 0; h < sh.heads; ++h) {
        AttentionPass<S>& L = f.heads[static_cast<std::size_t>(h)];
        L.X = X;
        // Q_h = X·W_Q[:, h], K_h, V_h likewise                 (n, d_k)
        L.Q = X * p.W_Q.middleCols(h * dk, dk);
        L.K = X * p.W_K.middleCols(h * dk, dk);
        L.V = X * p.W_V.middleCols(h * dk, dk);
        // Z_h = Q_h·K_hᵀ / √d_k; A_h = softmax of each row   (n, n)
        L.Z = s * (L.Q * L.K.transpose());
        L.A.resize(n, n);
        for (Eigen::Index i = 0; i < n; ++i) {
            const S mx = L.Z.row(i).maxCoeff();
            L.A.row(i) = (L.Z.row(i).array() - mx).exp();
            L.A.row(i) /= L.A.row(i).sum();
        }
        // O_h = A_h·V_h, placed at its columns of C            (n, d_k)
        L.O = L.A * L.V;
        if (n > 0) f.C.middleCols(h * dk, dk) = L.O;  // (no tokens: an empty C has no data to offset into)
    }
    // M = C·W_O; R1 = X + M; N1 = LN(R1)                      (n, d_model)
    f.M = f.C * p.W_O;
    f.R1 = X + f.M;
    layer_norm(f.R1, p.g1, p.b1, f.mean1, f.rstd1, f.N1);
    // U = ReLU(N1·W_1 + c_1)                                   (n, d_ff)
    f.pre = (f.N1 * p.W_1).rowwise() + p.c_1.row(0);
    f.U = f.pre.cwiseMax(S(0));
    // F = U·W_2 + c_2; R2 = N1 + F; N2 = LN(R2)                (n, d_model)
    f.F = (f.U * p.W_2).rowwise() + p.c_2.row(0);
    f.R2 = f.N1 + f.F;
    layer_norm(f.R2, p.g2, p.b2, f.mean2, f.rstd2, f.N2);
    return f;
}
template BlockPass<float> block_pass<float>(const BlockParams<float>&, const BlockShape&, const Matrix&);
template BlockPass<double> block_pass<double>(const BlockParams<double>&, const BlockShape&, const Mat<double>&);

FfnActivity ffn_activity(const Matrix& U) {
    FfnActivity a;
    a.words = static_cast<int>(U.rows());
    a.units = static_cast<int>(U.cols());
    a.numbers = a.words * a.units;
    for (int j = 0; j < a.units; ++j) {
        int above = 0;
        for (int i = 0; i < a.words; ++i) above += U(i, j) > 0.0f;
        a.positive += above;
        a.units_firing += above > 0;
    }
    for (int i = 0; i < a.words; ++i) {
        bool silent = true;
        for (int j = 0; j < a.units; ++j) silent = silent && !(U(i, j) > 0.0f);
        a.silent_words += silent;
    }
    return a;
}

}  // namespace capiton
