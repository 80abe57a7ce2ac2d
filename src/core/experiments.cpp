#include "experiments.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "attention.h"
#include "embedding.h"

namespace capiton {

namespace {

// Box-Muller on splitmix64: standard normal draws (deterministic on every platform).
float normal(SplitMix64& rng) {
    const float u1 = 0.5f * (rng.uniform() + 1.0f) * (1.0f - 1e-7f) + 1e-7f;  // (0, 1]
    const float u2 = 0.5f * (rng.uniform() + 1.0f);
    return std::sqrt(-2.0f * std::log(u1)) * std::cos(6.2831853f * u2);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// Spread of all logits; for the typical (median) row: its largest weight and ‖J‖_F of softmax there.
void row_stats(const Matrix& logits, float* spread, float* max_w, float* grad) {
    const Matrix w = softmax_rows(logits);  // (n, n)
    const double mean = logits.mean();
    *spread = static_cast<float>(std::sqrt((logits.array() - static_cast<float>(mean)).square().mean()));
    std::vector<double> maxes, norms;
    for (Eigen::Index i = 0; i < w.rows(); ++i) {
        maxes.push_back(w.row(i).maxCoeff());
        // ‖diag(w) − w wᵀ‖_F² = Σ_j (w_j − w_j²)² + Σ_{j≠k} w_j² w_k²   (in double; clamped at 0)
        const Eigen::ArrayXd r = w.row(i).transpose().cast<double>().array();
        const double sq = r.square().sum();
        const double diag = (r - r.square()).square().sum();
        const double off = sq * sq - r.square().square().sum();
        norms.push_back(std::sqrt(std::max(0.0, diag + off)));
    }
    *max_w = static_cast<float>(median(maxes));
    *grad = static_cast<float>(median(norms));
}

}  // namespace

ScaleStats scale_experiment(int d_k, int n, std::uint64_t seed) {
    SplitMix64 rng{seed};
    Matrix Q(n, d_k), K(n, d_k);  // (n, d_k) each, N(0, 1) entries
    for (Eigen::Index i = 0; i < Q.size(); ++i) Q.data()[i] = normal(rng);
    for (Eigen::Index i = 0; i < K.size(); ++i) K.data()[i] = normal(rng);
    const Matrix raw = Q * K.transpose();  // (n, n)
    const Matrix scaled = raw / std::sqrt(static_cast<float>(d_k));
    ScaleStats s;
    s.d_k = d_k;
    row_stats(raw, &s.std_raw, &s.max_w_raw, &s.grad_raw);
    row_stats(scaled, &s.std_scaled, &s.max_w_scaled, &s.grad_scaled);
    return s;
}

std::vector<ScaleStats> scale_sweep(int n, std::uint64_t seed) {
    std::vector<ScaleStats> out;
    for (int d : kScaleSweep) out.push_back(scale_experiment(d, n, seed + static_cast<std::uint64_t>(d)));
    return out;
}

SoftmaxDemo softmax_demo(const std::vector<float>& logits) {
    SoftmaxDemo d;
    d.logits = logits;
    const std::size_t n = logits.size();
    d.naive_exps.resize(n);
    d.stable_exps.resize(n);
    d.naive_weights.resize(n);
    d.stable_weights.resize(n);
    d.row_max = -std::numeric_limits<float>::infinity();
    for (float x : logits) d.row_max = std::fmax(d.row_max, x);
    float naive_sum = 0.0f, stable_sum = 0.0f;
    for (std::size_t k = 0; k < n; ++k) {
        d.naive_exps[k] = std::exp(logits[k]);  // +inf past ln(FLT_MAX)
        d.stable_exps[k] = std::isinf(logits[k]) ? 0.0f : std::exp(logits[k] - d.row_max);
        naive_sum += d.naive_exps[k];
        stable_sum += d.stable_exps[k];
        d.naive_overflowed = d.naive_overflowed || std::isinf(d.naive_exps[k]);
    }
    for (std::size_t k = 0; k < n; ++k) {
        d.naive_weights[k] = d.naive_exps[k] / naive_sum;  // inf / inf = NaN: the point of the demo
        d.stable_weights[k] = stable_sum > 0.0f ? d.stable_exps[k] / stable_sum : 0.0f;
    }
    return d;
}

}  // namespace capiton
