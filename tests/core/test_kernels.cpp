// The hand-written kernels (src/core/kernels.h) against the double-precision reference (plain loops,
// src/core/reference.h) and against Eigen, by NMSE, at sizes that are not multiples of the kernels'
// blocks, with masks, −∞ and huge logits. Natively this runs the kernels' portable fallback (the same
// loops on four plain floats); in the wasm test run, the wasm SIMD128 instructions.
#include <doctest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "core/attention.h"
#include "core/embedding.h"
#include "core/kernels.h"
#include "core/reference.h"
#include "compare.h"

using namespace capiton;
using capiton::test::compare;
using capiton::test::Diff;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();


Matrix random_matrix(int rows, int cols, std::uint64_t seed, float a = 1.0f) {
    SplitMix64 rng{seed};
    return rng.uniform_matrix(rows, cols, a);
}

// C (m, n) = A (m, k) · B (k, n) through pack + matmul_packed (or pack_transposed from Bᵀ).
Matrix kernel_product(const Matrix& A, const Matrix& B, bool from_transpose) {
    const int m = static_cast<int>(A.rows()), k = static_cast<int>(A.cols()), n = static_cast<int>(B.cols());
    std::vector<float> packed(kernels::packed_size(k, n));
    const Matrix Bt = B.transpose();  // (n, k)
    if (from_transpose)
        kernels::pack_transposed(Bt.data(), k, k, n, packed.data());
    else
        kernels::pack(B.data(), n, k, n, packed.data());
    Matrix C(m, n);
    kernels::matmul_packed(A.data(), k, packed.data(), k, n, C.data(), n, m);
    return C;
}

}  // namespace

TEST_CASE("the kernels are compiled to wasm SIMD128 in the WebAssembly build, to the fallback natively") {
#ifdef __EMSCRIPTEN__
    CHECK(kernels::kSimd);
#else
    CHECK_FALSE(kernels::kSimd);
#endif
}

TEST_CASE("exp kernel: within 3e-7 of exp relatively, exp(0) = 1 exactly, exactly 0 for −∞ and below −87.34") {
    // 1,003 points (not a multiple of 4: the last 3 go through the padded tail) from −87.3 to 88.
    const int n = 1003;
    std::vector<float> x(n), y(n);
    for (int i = 0; i < n; ++i) x[i] = -87.3f + 175.3f * static_cast<float>(i) / (n - 1);
    kernels::exp(x.data(), y.data(), n);
    // Tolerance 3e-7 relative (about 2.5 float ulps): the Taylor series is cut at r⁷/7! (< 5e-9
    // relative), the rest is rounding in r = x − k·ln 2 and in Horner's 7 steps. A wrong power of two
    // or coefficient is off by far more.
    double worst = 0.0;
    for (int i = 0; i < n; ++i) {
        const double want = std::exp(static_cast<double>(x[i]));
        worst = std::fmax(worst, std::fabs(y[i] - want) / want);
    }
    std::printf("exp kernel: max relative error %.3g over [-87.3, 88]\n", worst);
    CHECK(worst <= 3e-7);
    const float special[] = {0.0f, -kInf, -87.5f, -100.0f, -1e30f, 1.0f, -1.0f};
    float out[7];
    kernels::exp(special, out, 7);
    CHECK(out[0] == 1.0f);
    CHECK(out[1] == 0.0f);
    CHECK(out[2] == 0.0f);
    CHECK(out[3] == 0.0f);
    CHECK(out[4] == 0.0f);
    CHECK(out[5] == doctest::Approx(2.718281828).epsilon(3e-7));
    CHECK(out[6] == doctest::Approx(0.3678794412).epsilon(3e-7));
}

TEST_CASE("matrix product kernel against the double reference and Eigen, uneven sizes") {
    // Tolerance NMSE ≤ 1e-9: each product adds k float products, each rounded by ~6e-8 relative;
    // even in the worst case (k = 100, all errors one way) that is 6e-6 relative, NMSE 4e-11.
    // A wrong index or a lost row, column or strip gives NMSE of order 1.
    constexpr double kMaxNmse = 1e-9;
    double worst_ref = 0.0, worst_eigen = 0.0;
    std::uint64_t seed = 1;
    for (int m : {1, 3, 4, 5, 9, 33})
        for (int n : {1, 7, 8, 13, 64, 65})
            for (int k : {1, 3, 7, 64, 100})  // 7: four values of p at a time, then three one by one
                for (bool from_transpose : {false, true}) {
                    const Matrix A = random_matrix(m, k, ++seed), B = random_matrix(k, n, ++seed);
                    const Matrix C = kernel_product(A, B, from_transpose);
                    const Diff d = compare(C, ref::matmul(ref::from(A), ref::from(B)));
                    const Matrix E = A * B;  // Eigen, float
                    const Diff e = compare(C, ref::from(E));
                    worst_ref = std::fmax(worst_ref, d.nmse);
                    worst_eigen = std::fmax(worst_eigen, e.nmse);
                    if (d.nmse > kMaxNmse || e.nmse > kMaxNmse)
                        std::printf("(m, n, k) = (%d, %d, %d)%s: NMSE %.3g vs reference, %.3g vs Eigen\n", m, n, k,
                                    from_transpose ? " from Bᵀ" : "", d.nmse, e.nmse);
                    CHECK(d.nmse <= kMaxNmse);
                    CHECK(e.nmse <= kMaxNmse);
                }
    std::printf("matmul kernel: worst NMSE %.3g vs the double reference, %.3g vs Eigen\n", worst_ref, worst_eigen);
}

TEST_CASE("matrix product kernel: the scaled copies, strides, and cells outside C left alone") {
    // C is written into the middle of a wider matrix (row stride 20) with scaled and copy beside it.
    const int m = 6, n = 11, k = 5, ld = 20;
    const Matrix A = random_matrix(m, k, 3), B = random_matrix(k, n, 4);
    std::vector<float> packed(kernels::packed_size(k, n));
    kernels::pack(B.data(), n, k, n, packed.data());
    std::vector<float> C(m * ld, 7.0f), S(m * ld, 7.0f), P(m * ld, 7.0f);
    kernels::matmul_packed(A.data(), k, packed.data(), k, n, C.data() + 2, ld, m, 0.25f, S.data() + 2, P.data() + 2);
    ref::Mat want = ref::matmul(ref::from(A), ref::from(B)), want_scaled = want;
    for (double& v : want_scaled.v) v *= 0.25;
    CHECK(compare(C.data() + 2, m, n, ld, want).nmse <= 1e-9);  // tolerance as above
    CHECK(compare(S.data() + 2, m, n, ld, want_scaled).nmse <= 1e-9);
    CHECK(compare(P.data() + 2, m, n, ld, want_scaled).nmse <= 1e-9);
    int untouched = 0;
    for (int i = 0; i < m; ++i)
        for (int j = 0; j < ld; ++j)
            if (j < 2 || j >= 2 + n) untouched += (C[i * ld + j] == 7.0f) + (S[i * ld + j] == 7.0f) + (P[i * ld + j] == 7.0f);
    CHECK(untouched == 3 * m * (ld - n));
}

TEST_CASE("softmax kernel against the double reference: masks, −∞, huge logits, temperature, uneven widths") {
    // Tolerance NMSE ≤ 1e-12: each weight is exp (≤ 3e-7 relative, see the exp test) times a float
    // reciprocal of the sum; NMSE is at most about (3e-7 + 1e-7)² ≈ 2e-13. A wrong max, a skipped
    // tail or an unnormalised row gives NMSE far above.
    constexpr double kMaxNmse = 1e-12;
    double worst = 0.0;
    std::uint64_t seed = 100;
    for (int cols : {1, 2, 3, 4, 5, 7, 8, 63, 64, 65, 257, 1000})
        for (int kind = 0; kind < 5; ++kind)
            for (float temperature : {1.0f, 0.25f, 5.0f}) {
                // kind 0: logits in [-10, 10); 1: causal −∞ (row i keeps columns ≤ i); 2: random −∞ and
                // a fully masked row; 3: huge logits (±1e30, ±3e38, overflow when subtracted);
                // 4: logits near the exp kernel's cut (−87) apart from the max.
                const int rows = 5;
                Matrix L = random_matrix(rows, cols, ++seed, 10.0f);
                SplitMix64 rng{++seed};
                for (int i = 0; i < rows; ++i)
                    for (int j = 0; j < cols; ++j) {
                        const float u = rng.uniform();
                        if (kind == 1 && j > i) L(i, j) = -kInf;
                        if (kind == 2 && (i == 2 || u < -0.3f)) L(i, j) = -kInf;
                        if (kind == 3) L(i, j) = u < -0.5f ? -3e38f : u < 0.0f ? -1e30f : u < 0.5f ? 1e30f : 3e38f;
                        if (kind == 4) L(i, j) = u < 0.0f ? (-86.3f + 2.0f * u) * temperature : 0.0f;
                    }
                Matrix W(rows, cols);
                kernels::softmax_rows(L.data(), cols, W.data(), cols, rows, cols, 1.0f / temperature);
                ref::Mat scaled = ref::from(L);
                for (double& v : scaled.v) v /= temperature;  // −∞ / T = −∞
                const ref::Mat want = ref::softmax_rows(scaled);
                const Diff d = compare(W, want);
                worst = std::fmax(worst, d.nmse);
                if (d.nmse > kMaxNmse) std::printf("cols %d kind %d T %g: NMSE %.3g\n", cols, kind, temperature, d.nmse);
                CHECK(d.nmse <= kMaxNmse);
                CHECK(W.allFinite());
                for (int i = 0; i < rows; ++i) {
                    bool any = false;
                    for (int j = 0; j < cols; ++j) {
                        if (L(i, j) == -kInf) CHECK(W(i, j) == 0.0f);  // exactly 0, not 1e-39
                        any = any || L(i, j) != -kInf;
                    }
                    // Each row sums to 1 (cols floats in [0, 1]: 1e-6); a fully masked row to 0.
                    CHECK(W.row(i).sum() == doctest::Approx(any ? 1.0 : 0.0).epsilon(1e-6));
                    if (!any) CHECK(W.row(i).isZero());
                }
            }
    std::printf("softmax kernel: worst NMSE %.3g vs the double reference\n", worst);
}

TEST_CASE("softmax kernel agrees with Eigen's softmax (the native path) and works in place") {
    // Tolerance NMSE ≤ 1e-12, as above (both are within ~3e-7 of the truth).
    const int rows = 7, cols = 203;
    Matrix L = random_matrix(rows, cols, 9, 20.0f);
    for (int j = 100; j < cols; ++j) L(3, j) = -kInf;
    Matrix eigen_way;  // the fallback kept for builds without wasm SIMD, written with Eigen
    {
        eigen_way.resize(rows, cols);
        for (int i = 0; i < rows; ++i) {
            eigen_way.row(i) = (L.row(i).array() - L.row(i).maxCoeff()).exp();
            for (int j = 0; j < cols; ++j)
                if (L(i, j) == -kInf) eigen_way(i, j) = 0.0f;
            eigen_way.row(i) /= eigen_way.row(i).sum();
        }
    }
    Matrix W = L;
    kernels::softmax_rows(W.data(), cols, W.data(), cols, rows, cols);
    CHECK(compare(W, ref::from(eigen_way)).nmse <= 1e-12);
    CHECK(compare(W, ref::softmax_rows(ref::from(L))).nmse <= 1e-12);
}

TEST_CASE("attend on the kernels: every stage against the double reference and Eigen's attend") {
    // Tolerance NMSE ≤ 1e-7 per stage, as the Eigen path's own test (test_attention.cpp): float
    // dot products of length ≤ 257 and a softmax within 3e-7 stay orders of magnitude below it.
    constexpr double kMaxNmse = 1e-7;
    struct Case { int n, d_model, d_k; };
    const Case cases[] = {{1, 8, 4}, {5, 8, 4}, {13, 16, 8}, {64, 64, 64}, {130, 24, 12}, {257, 64, 64}};
    double worst = 0.0;
    for (const Case& k : cases)
        for (MaskKind mask : {MaskKind::None, MaskKind::Causal})
            for (PositionKind pos : {PositionKind::None, PositionKind::Rotary})
                for (float temperature : {1.0f, 0.5f}) {
                    Config c;
                    c.d_model = k.d_model;
                    c.d_k = k.d_k;
                    c.mask = mask;
                    c.position = pos;
                    c.temperature = temperature;
                    const Weights w = init_weights(c.d_model, c.d_k, 5);
                    const Matrix X = random_matrix(k.n, k.d_model, static_cast<std::uint64_t>(k.n) * 31 + 7);
                    Trace t;
                    attend_kernels(X, X, w, c, t);
                    const ref::Trace r = ref::attend(X, w, c);
                    Trace e;  // Eigen's attend, natively (in the wasm build attend() is the kernels)
                    attend(X, w, c, e);
                    const std::pair<const char*, std::pair<const Matrix*, const ref::Mat*>> stages[] = {
                        {"Q", {&t.Q, &r.Q}},           {"K", {&t.K, &r.K}},
                        {"V", {&t.V, &r.V}},           {"scores", {&t.scores, &r.scores}},
                        {"scaled", {&t.scaled, &r.scaled}}, {"masked", {&t.masked, &r.masked}},
                        {"weights", {&t.weights, &r.weights}}, {"output", {&t.output, &r.output}}};
                    for (const auto& [name, m] : stages) {
                        const Diff d = compare(*m.first, *m.second);
                        worst = std::fmax(worst, d.nmse);
                        if (d.nmse > kMaxNmse || !d.same_infinities)
                            std::printf("n %d d %d/%d mask %d pos %d T %g, %s: NMSE %.3g\n", k.n, k.d_model, k.d_k,
                                        static_cast<int>(mask), static_cast<int>(pos), temperature, name, d.nmse);
                        CHECK(d.nmse <= kMaxNmse);
                        CHECK(d.same_infinities);
                    }
                    if (pos == PositionKind::Rotary) {
                        CHECK(compare(t.Q_rot, r.Q_rot).nmse <= kMaxNmse);
                        CHECK(compare(t.K_rot, r.K_rot).nmse <= kMaxNmse);
                    } else {
                        CHECK(t.Q_rot.size() == 0);
                        CHECK(t.K_rot.size() == 0);
                    }
                    CHECK(t.X == X);
                    CHECK(t.scale == e.scale);
                    CHECK(compare(t.weights, ref::from(e.weights)).nmse <= kMaxNmse);
                    CHECK(compare(t.output, ref::from(e.output)).nmse <= kMaxNmse);
                    for (int i = 0; i < k.n; ++i)
                        for (int j = 0; j < k.n; ++j)
                            if (!mask_allows(mask, i, j)) CHECK(t.weights(i, j) == 0.0f);
                }
    std::printf("attend on the kernels: worst NMSE of any stage %.3g vs the double reference\n", worst);
}

TEST_CASE("attend on the kernels: a reused trace gives what a fresh one gives, queries apart from keys") {
    Config c;
    c.d_model = 16;
    c.d_k = 8;
    const Weights w = init_weights(c.d_model, c.d_k, 2);
    const Matrix big = random_matrix(37, 16, 1), Xq = random_matrix(9, 16, 2), Xkv = random_matrix(9, 16, 3);
    Trace reused;
    attend_kernels(big, big, w, c, reused);  // larger first: the second call must shrink every matrix
    attend_kernels(Xq, Xkv, w, c, reused);
    Trace fresh;
    attend_kernels(Xq, Xkv, w, c, fresh);
    CHECK(reused.scores == fresh.scores);
    CHECK(reused.weights == fresh.weights);
    CHECK(reused.output == fresh.output);
    const ref::Trace r = ref::attend(Xq, Xkv, w, c);
    CHECK(compare(reused.output, r.output).nmse <= 1e-7);  // tolerance as above
    CHECK(compare(reused.K, r.K).nmse <= 1e-7);
}
