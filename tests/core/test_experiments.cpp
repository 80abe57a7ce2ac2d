#include <doctest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>

#include "core/experiments.h"

using namespace capiton;

TEST_CASE("√d_k: unscaled scores spread like √d_k, scaled ones like 1") {
    // Each score is a sum of d_k products of independent N(0,1) numbers: variance d_k. With n = 64
    // (4096 scores) the sample standard deviation is within a few percent; 15 % is the tolerance.
    std::printf("%6s %10s %10s %10s %10s %10s %10s\n", "d_k", "std raw", "std scaled", "max w raw", "max w sc.",
                "grad raw", "grad sc.");
    for (const ScaleStats& s : scale_sweep(64, 7)) {
        std::printf("%6d %10.3f %10.3f %10.3f %10.3f %10.4f %10.4f\n", s.d_k, s.std_raw, s.std_scaled, s.max_w_raw,
                    s.max_w_scaled, s.grad_raw, s.grad_scaled);
        CAPTURE(s.d_k);
        CHECK(s.std_raw == doctest::Approx(std::sqrt(static_cast<double>(s.d_k))).epsilon(0.15));
        CHECK(s.std_scaled == doctest::Approx(1.0).epsilon(0.15));
        CHECK(s.max_w_scaled < 0.35);  // scaled: attention stays spread out at every d_k
    }
}

TEST_CASE("√d_k: without scaling, softmax saturates and its gradient vanishes as d_k grows") {
    const ScaleStats small = scale_experiment(2, 64, 1), big = scale_experiment(512, 64, 1);
    CHECK(big.max_w_raw > 0.99);         // the typical row is one-hot
    CHECK(big.max_w_raw > small.max_w_raw);
    CHECK(big.grad_raw < big.grad_scaled / 20);  // and its gradient has all but vanished
    // A one-hot row has a zero Jacobian; a uniform row over n has ‖J‖_F = √(1/n − 1/n²) ≈ 0.124 (n = 64).
    CHECK(big.grad_scaled < 0.9);
}

TEST_CASE("softmax demo: the naive way overflows past ln(FLT_MAX), the stable way does not") {
    CHECK(kLogFloatMax == doctest::Approx(std::log(static_cast<double>(FLT_MAX))).epsilon(1e-7));
    SoftmaxDemo ok = softmax_demo({1.0f, 2.0f, 3.0f});
    CHECK_FALSE(ok.naive_overflowed);
    for (int k = 0; k < 3; ++k) CHECK(ok.naive_weights[static_cast<std::size_t>(k)] == doctest::Approx(ok.stable_weights[static_cast<std::size_t>(k)]));
    // e / (e + e² + e³) = 0.0900306
    CHECK(ok.stable_weights[0] == doctest::Approx(0.0900306).epsilon(1e-5));
    SoftmaxDemo big = softmax_demo({88.0f, 100.0f, 90.0f});
    CHECK(big.naive_overflowed);
    CHECK(std::isinf(big.naive_exps[1]));
    CHECK(std::isfinite(big.naive_exps[0]));  // e^88 still fits (FLT_MAX ≈ e^88.72)
    CHECK(std::isnan(big.naive_weights[1]));
    CHECK(big.stable_weights[1] == doctest::Approx(1.0 / (1.0 + std::exp(-12.0) + std::exp(-10.0))).epsilon(1e-6));
    CHECK(big.stable_exps[1] == 1.0f);
}
