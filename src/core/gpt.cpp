#include "gpt.h"

#include <cmath>
#include <limits>

#include "block.h"
#include "embedding.h"

namespace capiton {
namespace {

// tanh for GELU. Eigen's .tanh() on floats is its fast rational approximation, vectorised, only while
// EIGEN_FAST_MATH is on; the build turns that off for exact square roots (cmake/Capiton.cmake), and
// then .tanh() calls std::tanh one number at a time (a training step ~15 % slower natively, and libm's
// last bits differ between glibc and Emscripten's musl). This asks for the same approximation by name:
// the numbers the poem preset was made with, vectorised, and the same natively and in WebAssembly (it
// is multiplications, additions, one division and a clamp). Doubles (the tests' oracle) keep std::tanh.
template <typename S>
struct GeluTanh {
    S operator()(const S& x) const { return std::tanh(x); }
};
template <>
struct GeluTanh<float> {
    float operator()(const float& x) const { return Eigen::internal::generic_fast_tanh_float(x); }
    template <typename Packet>
    Packet packetOp(const Packet& x) const { return Eigen::internal::generic_fast_tanh_float(x); }
};

}  // namespace
}  // namespace capiton

namespace Eigen::internal {
template <>
struct functor_traits<capiton::GeluTanh<float>> {
    enum { Cost = 11 * NumTraits<float>::AddCost + 11 * NumTraits<float>::MulCost + scalar_div_cost<float, true>::value, PacketAccess = 1 };
};
}  // namespace Eigen::internal

namespace capiton {

template <typename S>
Mat<S>& GptParams<S>::tensor(int i) {
    constexpr int per = GptLayer<S>::kTensors;
    if (i == kWte) return wte;
    if (i == kWpe) return wpe;
    if (i < 2 + kGptLayers * per) return layers[static_cast<std::size_t>((i - 2) / per)].tensor((i - 2) % per);
    const int k = i - 2 - kGptLayers * per;
    return k == 0 ? gf : k == 1 ? bf : b_out;
}

template <typename S>
std::string GptParams<S>::name(int i) {
    static const char* const kLayer[GptLayer<S>::kTensors] = {"g1", "b1", "W_Q", "W_K", "W_V", "W_O",
                                                             "g2", "b2", "W_1", "c_1", "W_2", "c_2"};
    static const char* const kOuter[5] = {"wte", "wpe", "gf", "bf", "b_out"};
    constexpr int per = GptLayer<S>::kTensors;
    if (i < 2) return kOuter[i];
    if (i < 2 + kGptLayers * per) return "layer" + std::to_string((i - 2) / per) + "." + kLayer[(i - 2) % per];
    return kOuter[i - kGptLayers * per];
}
template struct GptParams<float>;
template struct GptParams<double>;

template <typename S>
GptParams<S> cast_gpt_params(const GptParams<float>& p) {
    return cast_tensors<GptParams<S>>(p);
}
template GptParams<float> cast_gpt_params<float>(const GptParams<float>&);
template GptParams<double> cast_gpt_params<double>(const GptParams<float>&);

GptParams<float> init_gpt_params(const GptShape& sh, std::uint64_t seed) {
    SplitMix64 rng{seed};
    const auto fan_in = [](int k) { return std::sqrt(3.0f / static_cast<float>(k)); };
    const float residual = 1.0f / std::sqrt(2.0f * kGptLayers);
    const int d = sh.d_model;
    GptParams<float> p;
    p.wte = rng.uniform_matrix(sh.vocab, d, fan_in(d));
    p.wpe = rng.uniform_matrix(sh.context, d, fan_in(d));
    for (GptLayer<float>& w : p.layers) {
        w.g1 = w.g2 = Matrix::Ones(1, d);
        w.b1 = w.b2 = w.c_2 = Matrix::Zero(1, d);
        w.W_Q = rng.uniform_matrix(d, d, fan_in(d));
        w.W_K = rng.uniform_matrix(d, d, fan_in(d));
        w.W_V = rng.uniform_matrix(d, d, fan_in(d));
        w.W_O = rng.uniform_matrix(d, d, fan_in(d) * residual);
        w.W_1 = rng.uniform_matrix(d, sh.d_ff, fan_in(d));
        w.c_1 = Matrix::Zero(1, sh.d_ff);
        w.W_2 = rng.uniform_matrix(sh.d_ff, d, fan_in(sh.d_ff) * residual);
    }
    p.gf = Matrix::Ones(1, d);
    p.bf = Matrix::Zero(1, d);
    p.b_out = Matrix::Zero(1, sh.vocab);
    return p;
}

std::uint64_t gpt_param_count(const GptShape& sh) {
    const std::uint64_t d = static_cast<std::uint64_t>(sh.d_model), ff = static_cast<std::uint64_t>(sh.d_ff);
    const std::uint64_t layer = 4 * d              // g1, b1, g2, b2
                                + 4 * d * d        // W_Q, W_K, W_V, W_O
                                + 2 * d * ff + ff  // W_1, c_1, W_2
                                + d;               // c_2
    return static_cast<std::uint64_t>(sh.vocab) * d + static_cast<std::uint64_t>(sh.context) * d  // wte, wpe
           + kGptLayers * layer + 2 * d + static_cast<std::uint64_t>(sh.vocab);                   // gf, bf, b_out
}

namespace {

template <typename S>
constexpr S kGeluScale = static_cast<S>(0.7978845608028654);  // √(2/π)
template <typename S>
constexpr S kGeluCubic = static_cast<S>(0.044715);

// U = GELU(H) element by element (array expressions: Eigen's vectorised fast tanh in float, GeluTanh)
template <typename S>
Mat<S> gelu(const Mat<S>& H) {
    const auto x = H.array();
    return (S(0.5) * x * (S(1) + (kGeluScale<S> * (x + kGeluCubic<S> * x.cube())).unaryExpr(GeluTanh<S>()))).matrix();
}
// d GELU / dx = ½(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh(√(2/π)·(x + 0.044715·x³))
template <typename S>
Mat<S> gelu_slope(const Mat<S>& H) {
    const auto x = H.array();
    const Eigen::Array<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> t = (kGeluScale<S> * (x + kGeluCubic<S> * x.cube())).unaryExpr(GeluTanh<S>());
    return (S(0.5) * (S(1) + t) + S(0.5) * x * (S(1) - t.square()) * kGeluScale<S> * (S(1) + S(3) * kGeluCubic<S> * x.square())).matrix();
}

// The causal attention of one layer: every sequence b and head h on their rows and columns of Q, K, V.
// Z keeps the scaled scores (−∞ above the diagonal, as the lesson's masked scores), A the weights.
template <typename S>
void attend_causal(GptLayerPass<S>& L, int batch, int n, int heads, int dk) {
    const S s = S(1) / std::sqrt(static_cast<S>(dk));
    L.Z = Mat<S>::Constant(static_cast<Eigen::Index>(batch) * heads * n, n, -std::numeric_limits<S>::infinity());
    L.A = Mat<S>::Zero(static_cast<Eigen::Index>(batch) * heads * n, n);
    L.C.resize(static_cast<Eigen::Index>(batch) * n, static_cast<Eigen::Index>(heads) * dk);
    Mat<S> Z(n, n);
    for (int b = 0; b < batch; ++b)
        for (int h = 0; h < heads; ++h) {
            const auto Q = L.Q.block(b * n, h * dk, n, dk), K = L.K.block(b * n, h * dk, n, dk), V = L.V.block(b * n, h * dk, n, dk);
            auto A = L.A.block((b * heads + h) * n, 0, n, n);
            // Z = Q_bh·K_bhᵀ / √d_k                               (n, n)
            Z.noalias() = s * (Q * K.transpose());
            // A = softmax of row i over j ≤ i; the rest stays 0   (n, n)
            for (int i = 0; i < n; ++i) {
                const auto z = Z.row(i).head(i + 1);
                L.Z.row((b * heads + h) * n + i).head(i + 1) = z;
                const S mx = z.maxCoeff();
                A.row(i).head(i + 1) = (z.array() - mx).exp().matrix();
                A.row(i).head(i + 1) /= A.row(i).head(i + 1).sum();
            }
            // O = A·V_bh into C's block                          (n, d_k)
            L.C.block(b * n, h * dk, n, dk).noalias() = A * V;
        }
}

}  // namespace

template <typename S>
GptPass<S> gpt_forward(const GptParams<S>& p, const GptShape& sh, const GptBatch& bt) {
    GptPass<S> f;
    f.batch = bt.batch;
    f.n = bt.n;
    const int n = bt.n, rows = bt.batch * bt.n;
    // X⁰ = wte[tokens] + wpe[0 … n)                         (B·n, d)
    f.X0.resize(rows, sh.d_model);
    for (int r = 0; r < rows; ++r) f.X0.row(r) = p.wte.row(bt.tokens[static_cast<std::size_t>(r)]) + p.wpe.row(r % n);
    for (int l = 0; l < kGptLayers; ++l) {
        const GptLayer<S>& w = p.layers[static_cast<std::size_t>(l)];
        GptLayerPass<S>& L = f.layers[static_cast<std::size_t>(l)];
        L.X = l == 0 ? f.X0 : f.layers[static_cast<std::size_t>(l - 1)].R + f.layers[static_cast<std::size_t>(l - 1)].F;
        // N1 = LN(Xˡ; g1, b1)                               (B·n, d)
        layer_norm(L.X, w.g1, w.b1, L.mean1, L.rstd1, L.N1);
        // Q = N1·W_Q, K = N1·W_K, V = N1·W_V                (B·n, d)
        L.Q.noalias() = L.N1 * w.W_Q;
        L.K.noalias() = L.N1 * w.W_K;
        L.V.noalias() = L.N1 * w.W_V;
        // A and C = [O_0 | … | O_{H−1}] per sequence         (B·H·n, n), (B·n, d)
        attend_causal(L, bt.batch, n, sh.heads, sh.d_k());
        // M = C·W_O; R = Xˡ + M                             (B·n, d)
        L.M.noalias() = L.C * w.W_O;
        L.R = L.X + L.M;
        // N2 = LN(R; g2, b2); H = N2·W_1 + c_1; U = GELU(H)  (B·n, d), (B·n, d_ff)
        layer_norm(L.R, w.g2, w.b2, L.mean2, L.rstd2, L.N2);
        L.H = (L.N2 * w.W_1).rowwise() + w.c_1.row(0);
        L.U = gelu(L.H);
        // F = U·W_2 + c_2                                   (B·n, d)   (Xˡ⁺¹ = R + F: the next layer's X)
        L.F = (L.U * w.W_2).rowwise() + w.c_2.row(0);
    }
    const GptLayerPass<S>& top = f.layers[kGptLayers - 1];
    f.X2 = top.R + top.F;
    // Nf = LN(X²; gf, bf)                                   (B·n, d)
    layer_norm(f.X2, p.gf, p.bf, f.meanf, f.rstdf, f.Nf);
    // logits = Nf·wteᵀ + b_out                              (B·n, V), or (B, V) for the last positions alone
    if (bt.last_only) {
        Mat<S> last(bt.batch, sh.d_model);
        for (int b = 0; b < bt.batch; ++b) last.row(b) = f.Nf.row(b * n + n - 1);
        f.logits.noalias() = last * p.wte.transpose();
    } else {
        f.logits.noalias() = f.Nf * p.wte.transpose();
    }
    f.logits.rowwise() += p.b_out.row(0);
    // probs = softmax of each row; loss = mean over scored rows of −log probs[target]
    f.probs.resize(f.logits.rows(), sh.vocab);
    f.loss = 0;
    f.scored = 0;
    for (Eigen::Index r = 0; r < f.logits.rows(); ++r) {
        const S mx = f.logits.row(r).maxCoeff();
        f.probs.row(r) = (f.logits.row(r).array() - mx).exp().matrix();
        const S sum = f.probs.row(r).sum();
        f.probs.row(r) /= sum;
        const int t = bt.targets.empty() || bt.last_only ? -1 : bt.targets[static_cast<std::size_t>(r)];
        if (t < 0) continue;
        f.loss -= f.logits(r, t) - mx - std::log(sum);
        ++f.scored;
    }
    if (f.scored > 0) f.loss /= static_cast<S>(f.scored);
    return f;
}
template GptPass<float> gpt_forward<float>(const GptParams<float>&, const GptShape&, const GptBatch&);
template GptPass<double> gpt_forward<double>(const GptParams<double>&, const GptShape&, const GptBatch&);

template <typename S>
void gpt_backward(const GptParams<S>& p, const GptShape& sh, const GptBatch& bt, const GptPass<S>& f, GptParams<S>& g) {
    const int n = bt.n, rows = bt.batch * bt.n, H = sh.heads, dk = sh.d_k();
    const S s = S(1) / std::sqrt(static_cast<S>(dk));
    // loss = mean of −log probs[target]  ⇒  dlogits = (probs − onehot(target)) / scored on scored rows, 0 elsewhere
    Mat<S> dlogits = Mat<S>::Zero(rows, sh.vocab);
    const S inv = S(1) / static_cast<S>(f.scored > 0 ? f.scored : 1);
    for (int r = 0; r < rows; ++r) {
        const int t = bt.targets.empty() ? -1 : bt.targets[static_cast<std::size_t>(r)];
        if (t < 0) continue;
        dlogits.row(r) = f.probs.row(r) * inv;
        dlogits(r, t) -= inv;
    }
    // logits = Nf·wteᵀ + b_out  ⇒  dwte += dlogitsᵀ·Nf (V, d), db_out = Σ_rows dlogits, dNf = dlogits·wte (B·n, d)
    g.wte.noalias() += dlogits.transpose() * f.Nf;
    g.b_out += dlogits.colwise().sum();
    const Mat<S> dNf = dlogits * p.wte;
    // Nf = LN(X²; gf, bf)
    Mat<S> dX = layer_norm_backward(f.X2, f.meanf, f.rstdf, p.gf, dNf, g.gf, g.bf);  // d of the layer's output (B·n, d)
    Mat<S> dA(n, n), dZ(n, n);
    for (int l = kGptLayers - 1; l >= 0; --l) {
        const GptLayer<S>& w = p.layers[static_cast<std::size_t>(l)];
        GptLayer<S>& gw = g.layers[static_cast<std::size_t>(l)];
        const GptLayerPass<S>& L = f.layers[static_cast<std::size_t>(l)];
        // Xˡ⁺¹ = R + F  ⇒  dR = dX, dF = dX
        Mat<S> dR = dX;
        const Mat<S>& dF = dX;
        // F = U·W_2 + c_2  ⇒  dW_2 = Uᵀ·dF (d_ff, d), dc_2 = Σ_rows dF, dU = dF·W_2ᵀ (B·n, d_ff)
        gw.W_2.noalias() += L.U.transpose() * dF;
        gw.c_2 += dF.colwise().sum();
        Mat<S> dH = dF * w.W_2.transpose();
        // U = GELU(H)  ⇒  dH = dU ⊙ GELU'(H)
        dH.array() *= gelu_slope(L.H).array();
        // H = N2·W_1 + c_1  ⇒  dW_1 = N2ᵀ·dH, dc_1 = Σ_rows dH, dN2 = dH·W_1ᵀ (B·n, d)
        gw.W_1.noalias() += L.N2.transpose() * dH;
        gw.c_1 += dH.colwise().sum();
        const Mat<S> dN2 = dH * w.W_1.transpose();
        // N2 = LN(R; g2, b2)  ⇒  dR += LN backward
        dR += layer_norm_backward(L.R, L.mean2, L.rstd2, w.g2, dN2, gw.g2, gw.b2);
        // R = Xˡ + M  ⇒  dXˡ = dR, dM = dR;  M = C·W_O  ⇒  dW_O = Cᵀ·dM, dC = dM·W_Oᵀ (B·n, d)
        gw.W_O.noalias() += L.C.transpose() * dR;
        const Mat<S> dC = dR * w.W_O.transpose();
        Mat<S> dQ(rows, sh.d_model), dK(rows, sh.d_model), dV(rows, sh.d_model);
        for (int b = 0; b < bt.batch; ++b)
            for (int h = 0; h < H; ++h) {
                const auto A = L.A.block((b * H + h) * n, 0, n, n);
                const auto Q = L.Q.block(b * n, h * dk, n, dk), K = L.K.block(b * n, h * dk, n, dk), V = L.V.block(b * n, h * dk, n, dk);
                const auto dO = dC.block(b * n, h * dk, n, dk);
                // O = A·V  ⇒  dA = dO·Vᵀ (n, n), dV = Aᵀ·dO (n, d_k)
                dA.noalias() = dO * V.transpose();
                dV.block(b * n, h * dk, n, dk).noalias() = A.transpose() * dO;
                // A = softmax(Z) over j ≤ i  ⇒  dZ[i][j] = A[i][j]·(dA[i][j] − Σ_k dA[i][k]·A[i][k])  (0 where A is: j > i)
                for (int i = 0; i < n; ++i) dZ.row(i) = A.row(i).array() * (dA.row(i).array() - dA.row(i).dot(A.row(i)));
                // Z = s·Q·Kᵀ  ⇒  dQ = s·dZ·K, dK = s·dZᵀ·Q (n, d_k)
                dQ.block(b * n, h * dk, n, dk).noalias() = s * (dZ * K);
                dK.block(b * n, h * dk, n, dk).noalias() = s * (dZ.transpose() * Q);
            }
        // Q = N1·W_Q (K, V likewise)  ⇒  dW_Q = N1ᵀ·dQ, …, dN1 = dQ·W_Qᵀ + dK·W_Kᵀ + dV·W_Vᵀ (B·n, d)
        gw.W_Q.noalias() += L.N1.transpose() * dQ;
        gw.W_K.noalias() += L.N1.transpose() * dK;
        gw.W_V.noalias() += L.N1.transpose() * dV;
        Mat<S> dN1 = dQ * w.W_Q.transpose();
        dN1.noalias() += dK * w.W_K.transpose();
        dN1.noalias() += dV * w.W_V.transpose();
        // N1 = LN(Xˡ; g1, b1)  ⇒  dXˡ = dR + LN backward
        dX = dR + layer_norm_backward(L.X, L.mean1, L.rstd1, w.g1, dN1, gw.g1, gw.b1);
    }
    // X⁰ = wte[tokens] + wpe[i]  ⇒  dwte[tokens[r]] += dX⁰[r], dwpe[i] += dX⁰[r] (a row used twice gets both)
    for (int r = 0; r < rows; ++r) {
        g.wte.row(bt.tokens[static_cast<std::size_t>(r)]) += dX.row(r);
        g.wpe.row(r % n) += dX.row(r);
    }
}
template void gpt_backward<float>(const GptParams<float>&, const GptShape&, const GptBatch&, const GptPass<float>&,
                                  GptParams<float>&);
template void gpt_backward<double>(const GptParams<double>&, const GptShape&, const GptBatch&, const GptPass<double>&,
                                   GptParams<double>&);

template <typename S>
S gpt_loss_and_grad(const GptParams<S>& p, const GptShape& sh, const GptBatch& batch, GptParams<S>& g) {
    for (int i = 0; i < GptParams<S>::kTensors; ++i) g.tensor(i) = Mat<S>::Zero(p.tensor(i).rows(), p.tensor(i).cols());
    const GptPass<S> f = gpt_forward(p, sh, batch);
    gpt_backward(p, sh, batch, f, g);
    return f.loss;
}
template float gpt_loss_and_grad<float>(const GptParams<float>&, const GptShape&, const GptBatch&, GptParams<float>&);
template double gpt_loss_and_grad<double>(const GptParams<double>&, const GptShape&, const GptBatch&, GptParams<double>&);

float clip_gradient_norm(GptParams<float>& g, float max_norm) {
    double sum = 0.0;
    for (int i = 0; i < GptParams<float>::kTensors; ++i) sum += static_cast<double>(g.tensor(i).squaredNorm());
    const float norm = static_cast<float>(std::sqrt(sum));
    if (norm > max_norm)
        for (int i = 0; i < GptParams<float>::kTensors; ++i) g.tensor(i) *= max_norm / norm;
    return norm;
}

}  // namespace capiton
