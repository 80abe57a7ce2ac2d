#include "attention.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels.h"

namespace capiton {

std::string validate(const Config& c) {
    if (c.d_model < 1 || c.d_model > kMaxDim) return "d_model must be between 1 and 1024.";
    if (c.d_k < 1 || c.d_k > kMaxDim) return "d_k must be between 1 and 1024.";
    if (!(c.temperature >= kMinTemperature && c.temperature <= kMaxTemperature))
        return "The temperature must be between 0.05 and 20.";
    return {};
}

Weights init_weights(int d_model, int d_k, std::uint64_t seed) {
    const float a = std::sqrt(3.0f / static_cast<float>(d_model));
    SplitMix64 rng{seed};
    const auto draw = [&] {
        Matrix W(d_model, d_k);  // (d_model, d_k)
        for (int i = 0; i < d_model; ++i)
            for (int j = 0; j < d_k; ++j) W(i, j) = a * rng.uniform();
        return W;
    };
    Weights w;
    w.W_Q = draw();
    w.W_K = draw();
    w.W_V = draw();
    return w;
}

bool mask_allows(MaskKind m, int i, int j) { return m == MaskKind::None || j <= i; }

Matrix softmax_rows(const Matrix& logits) {
    Matrix out;
    softmax_rows(logits, out);
    return out;
}

void softmax_rows(const Matrix& logits, Matrix& out) {
    out.resize(logits.rows(), logits.cols());
    if (kernels::kSimd) {  // the WebAssembly build: the hand-written kernel (kernels.h)
        const int cols = static_cast<int>(logits.cols());
        kernels::softmax_rows(logits.data(), cols, out.data(), cols, static_cast<int>(logits.rows()), cols);
        return;
    }
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    for (Eigen::Index i = 0; i < logits.rows(); ++i) {
        const float row_max = logits.row(i).maxCoeff();
        if (row_max == kNegInf) {  // fully masked row: attends to nothing (documented convention)
            out.row(i).setZero();
            continue;
        }
        out.row(i) = (logits.row(i).array() - row_max).exp();  // vectorised
        // Masked (−∞) entries must get exactly 0, but Eigen's vectorised exp clamps its argument
        // near −88, so exp(−∞) comes out as ~4e-39. Fix those entries up, only in rows that have any
        // (a scalar compare loop; Eigen 3.4's select() would make the whole exp scalar).
        if (logits.row(i).minCoeff() == kNegInf)
            for (Eigen::Index j = 0; j < logits.cols(); ++j)
                if (logits(i, j) == kNegInf) out(i, j) = 0.0f;
        out.row(i) /= out.row(i).sum();  // sum >= 1: the max element contributes exp(0) = 1
    }
}

Trace attend(const Matrix& X, const Weights& w, const Config& c) {
    Trace t;
    attend(X, w, c, t);
    return t;
}

void attend(const Matrix& X, const Weights& w, const Config& c, Trace& t) { attend(X, X, w, c, t); }

namespace {

// −∞ in masked (n_q, n_k) wherever the mask forbids query i (i0 ≤ i < i1) to look at key j.
void apply_mask(MaskKind m, Matrix& masked, Eigen::Index i0, Eigen::Index i1) {
    if (m == MaskKind::None) return;
    for (Eigen::Index i = i0; i < i1; ++i)
        for (Eigen::Index j = 0; j < masked.cols(); ++j)
            if (!mask_allows(m, static_cast<int>(i), static_cast<int>(j)))
                masked(i, j) = -std::numeric_limits<float>::infinity();
}

}  // namespace

// The n × n stages run a few query rows at a time, from the scores to the output, so that each row
// is still in the cache when the next stage reads it.
void attend_kernels(const Matrix& X, const Matrix& Xkv, const Weights& w, const Config& c, Trace& t) {
    const int n_q = static_cast<int>(X.rows()), n_k = static_cast<int>(Xkv.rows());
    const int dm = static_cast<int>(X.cols()), dk = static_cast<int>(w.W_Q.cols());
    static thread_local std::vector<float> packed;  // one packed B at a time (kernels::pack)
    const auto project = [&](const Matrix& In, const Matrix& W, Matrix& Out) {
        Out.resize(In.rows(), dk);  // (n, d_k) = (n, d_model) · (d_model, d_k)
        packed.resize(kernels::packed_size(dm, dk));
        kernels::pack(W.data(), dk, dm, dk, packed.data());
        kernels::matmul_packed(In.data(), dm, packed.data(), dm, dk, Out.data(), dk, static_cast<int>(In.rows()));
    };
    t.X = X;                                      // (n, d_model)
    project(X, w.W_Q, t.Q);                       // (n, d_k) = (n, d_model) · (d_model, d_k)
    project(Xkv, w.W_K, t.K);                     // (n, d_k)
    project(Xkv, w.W_V, t.V);                     // (n, d_k)
    const Matrix* q = &t.Q;
    const Matrix* k = &t.K;
    if (c.position == PositionKind::Rotary) {
        rotate_by_position(t.Q, t.Q_rot);         // (n, d_k): row i turned by angles i·θ
        rotate_by_position(t.K, t.K_rot);
        q = &t.Q_rot;
        k = &t.K_rot;
    } else {
        t.Q_rot.resize(0, 0);
        t.K_rot.resize(0, 0);
    }
    t.scale = 1.0f / std::sqrt(static_cast<float>(c.d_k));
    for (Matrix* m : {&t.scores, &t.scaled, &t.masked, &t.weights}) m->resize(n_q, n_k);
    t.output.resize(n_q, dk);
    static thread_local std::vector<float> keys, values;  // Kᵀ (d_k, n) and V (n, d_k), packed
    keys.resize(kernels::packed_size(dk, n_k));
    values.resize(kernels::packed_size(n_k, dk));
    kernels::pack_transposed(k->data(), dk, dk, n_k, keys.data());
    kernels::pack(t.V.data(), dk, n_k, dk, values.data());
    constexpr int kRows = 4;  // query rows per pass: 4 rows of the four n × n matrices stay in cache
    for (int i0 = 0; i0 < n_q; i0 += kRows) {
        const int rows = std::min(kRows, n_q - i0);
        const Eigen::Index at = static_cast<Eigen::Index>(i0) * n_k;
        // scores (rows, n) = Q (rows, d_k) · Kᵀ (d_k, n); scaled = scores / √d_k; masked = scaled
        kernels::matmul_packed(q->data() + static_cast<Eigen::Index>(i0) * dk, dk, keys.data(), dk, n_k,
                               t.scores.data() + at, n_k, rows, t.scale, t.scaled.data() + at, t.masked.data() + at);
        apply_mask(c.mask, t.masked, i0, i0 + rows);  // −∞ where not allowed
        // weights (rows, n) = softmax of each row of masked / T
        kernels::softmax_rows(t.masked.data() + at, n_k, t.weights.data() + at, n_k, rows, n_k, 1.0f / c.temperature);
        // output (rows, d_k) = weights (rows, n) · V (n, d_k)
        kernels::matmul_packed(t.weights.data() + at, n_k, values.data(), n_k, dk,
                               t.output.data() + static_cast<Eigen::Index>(i0) * dk, dk, rows);
    }
}

void attend(const Matrix& X, const Matrix& Xkv, const Weights& w, const Config& c, Trace& t) {
    if (kernels::kSimd) {  // the WebAssembly build
        attend_kernels(X, Xkv, w, c, t);
        return;
    }
    const auto n = X.rows();
    t.X = X;                                      // (n, d_model)
    t.Q.noalias() = X * w.W_Q;                    // (n, d_k) = (n, d_model) · (d_model, d_k)
    t.K.noalias() = Xkv * w.W_K;                  // (n, d_k)
    t.V.noalias() = Xkv * w.W_V;                  // (n, d_k)
    if (c.position == PositionKind::Rotary) {
        rotate_by_position(t.Q, t.Q_rot);         // (n, d_k): row i turned by angles i·θ
        rotate_by_position(t.K, t.K_rot);
        t.scores.noalias() = t.Q_rot * t.K_rot.transpose();  // (n, n)
    } else {
        t.Q_rot.resize(0, 0);
        t.K_rot.resize(0, 0);
        t.scores.noalias() = t.Q * t.K.transpose();   // (n, n) = (n, d_k) · (d_k, n)
    }
    t.scale = 1.0f / std::sqrt(static_cast<float>(c.d_k));
    t.scaled = t.scores * t.scale;                // (n, n)
    t.masked = t.scaled;                          // (n, n)
    apply_mask(c.mask, t.masked, 0, n);           // −∞ where not allowed
    if (c.temperature == 1.0f) {
        softmax_rows(t.masked, t.weights);        // (n, n)
    } else {
        softmax_rows(t.masked / c.temperature, t.weights);  // (n, n); −∞ / T stays −∞
    }
    t.output.noalias() = t.weights * t.V;         // (n, d_k) = (n, n) · (n, d_k)
}

Trace attend_tokens(std::vector<std::string> tokens, Matrix E, Matrix P, const Weights& w, const Config& c) {
    Trace t = attend(E + P, w, c);  // X = E + P  (n, d_model)
    t.tokens = std::move(tokens);
    t.token_embedding = std::move(E);
    t.position = std::move(P);
    return t;
}

Matrix position_rows(const Config& c, int n) { return position_rows(c.position, n, c.d_model, c.table_seed + 1); }

Trace forward(const std::vector<std::string>& tokens, const Weights& w, const Config& c) {
    const int n = static_cast<int>(tokens.size());
    Matrix E = embed_tokens(tokens, c.d_model, c.table_seed);               // (n, d_model)
    Matrix P = position_rows(c, n);  // (n, d_model)
    return attend_tokens(tokens, std::move(E), std::move(P), w, c);
}

double forward_flops(int n, int d_model, int d_k) {
    const double N = n, D = d_model, K = d_k;
    return 2.0 * (3.0 * N * D * K + N * N * K + N * N * K);
}

}  // namespace capiton
