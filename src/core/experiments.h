// capiton core: the experiments of the scale and softmax stages.
#pragma once

#include <cstdint>
#include <vector>

#include "matrix.h"

namespace capiton {

// √d_k experiment: n random queries and n random keys with unit-variance coordinates (seeded), scores
// with and without dividing by √d_k.
struct ScaleStats {
    int d_k = 0;
    float std_raw = 0, std_scaled = 0;  // spread of the scores: ≈ √d_k without scaling, ≈ 1 with
    // For the typical row (the median over rows; a mean would be dominated by the few rows that are not
    // saturated yet):
    float max_w_raw = 0, max_w_scaled = 0;  // the largest softmax weight (1 = one-hot)
    float grad_raw = 0, grad_scaled = 0;    // ‖diag(w) − w·wᵀ‖_F, the size of softmax's Jacobian
};

ScaleStats scale_experiment(int d_k, int n, std::uint64_t seed);
constexpr int kScaleSweep[] = {2, 4, 8, 16, 32, 64, 128, 256, 512};
std::vector<ScaleStats> scale_sweep(int n, std::uint64_t seed);  // one entry per kScaleSweep value

// Softmax of one row, computed naively (exp(x) / Σ exp) and the stable way (exp(x − max) / Σ …), in
// float: the naive exps overflow to +∞ once x > ln(FLT_MAX) ≈ 88.72 and the weights become NaN.
struct SoftmaxDemo {
    std::vector<float> logits;
    std::vector<float> naive_exps, naive_weights;
    std::vector<float> stable_exps, stable_weights;
    float row_max = 0;
    bool naive_overflowed = false;
};

SoftmaxDemo softmax_demo(const std::vector<float>& logits);
constexpr float kLogFloatMax = 88.7228391f;  // ln(FLT_MAX)

}  // namespace capiton
