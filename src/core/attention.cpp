#include "attention.h"

#include <cmath>
#include <limits>

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
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    out.resize(logits.rows(), logits.cols());
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

void attend(const Matrix& X, const Matrix& Xkv, const Weights& w, const Config& c, Trace& t) {
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
    if (c.mask != MaskKind::None)
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j < n; ++j)
                if (!mask_allows(c.mask, static_cast<int>(i), static_cast<int>(j)))
                    t.masked(i, j) = -std::numeric_limits<float>::infinity();
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
