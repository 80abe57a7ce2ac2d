// capiton core: the attention's hot loops, written by hand for WebAssembly SIMD128.
//
// attend() (attention.cpp) runs on these in the WebAssembly build; natively it keeps Eigen, which is
// also the oracle the tests compare them with (tests/core/test_kernels.cpp). Each kernel is written
// once, on a 4-float vector type (kernels.cpp): wasm SIMD128 when the compiler has it
// (__wasm_simd128__), else four plain floats in a struct. So the native tests run the very loops,
// blocking, exp polynomial and order of additions of the wasm build; the wasm test run checks the
// SIMD instructions themselves.
//
// Matrices are float, row-major, passed as a pointer to the first element and a row stride (ld).
//
//   C       = A · B                        (m, n) = (m, k) · (k, n)      matmul_packed, B packed first
//   scaled  = C · s                        (m, n)                        same pass (the scores stage)
//   weights = softmax of each row of x / T (rows, cols)                  softmax_rows, exp below
#pragma once

#include <cstddef>

namespace capiton::kernels {

// True when the kernels are compiled to wasm SIMD128 instructions (the WebAssembly build, where
// attend() runs on them); false for the portable fallback.
#ifdef __wasm_simd128__
constexpr bool kSimd = true;
#else
constexpr bool kSimd = false;
#endif

// --- matrix product -------------------------------------------------------------------------------
// B (k, n) is first copied into strips of 8 columns, each strip k rows of 8 floats one after another
// (the last strip padded with zeros): the product then reads B from contiguous memory.
constexpr int kStrip = 8;
std::size_t packed_size(int k, int n);  // floats a packed (k, n) matrix takes
// B (k, n) with row stride ldb  ->  Bp
void pack(const float* B, int ldb, int k, int n, float* Bp);
// B = Btᵀ, given Bt (n, k) with row stride ld  ->  Bp. For Q · Kᵀ: Bt is K (n_k, d_k).
void pack_transposed(const float* Bt, int ld, int k, int n, float* Bp);

// C (m, n) = A (m, k) · B (k, n), B packed. Each C(i, j) adds A(i, p) · B(p, j) for p = 0, 1, …, k−1
// in that order, with no fused multiply-add: the same numbers with and without SIMD (bench/attention's
// relaxed-SIMD build alone fuses them, to measure what that would give).
// If scaled is not null, also scaled = C · scale; if copy is not null, also copy = C · scale
// (the scores, scaled and masked stages written in one pass). All three have row stride ldc.
void matmul_packed(const float* A, int lda, const float* Bp, int k, int n, float* C, int ldc, int m,
                   float scale = 1.0f, float* scaled = nullptr, float* copy = nullptr);

// --- softmax ----------------------------------------------------------------------------------------
// y = exp(x) for n values, by exp(x) = 2^k · e^r, k = round(x / ln 2), |r| ≤ ln 2 / 2, e^r by its
// Taylor series to r⁷/7! (truncation < 1e-8 relative): within 2e-7 relative of the true value.
// exp(0) is exactly 1; below −87.33 (where exp(x) leaves the normal floats), and for −∞, exactly 0;
// above 88 the result is exp(88). NaN gives an unspecified value.
void exp(const float* x, float* y, int n);

// out = row-wise softmax of in · inv_temperature (inv_temperature > 0), the stable way:
// exp((x − row max) · inv_temperature) / Σ. −∞ entries get exactly 0; a row that is entirely −∞ gets
// all 0 (capiton's convention, attention.h). in and out may be the same.
void softmax_rows(const float* in, int ld_in, float* out, int ld_out, int rows, int cols,
                  float inv_temperature = 1.0f);

}  // namespace capiton::kernels
