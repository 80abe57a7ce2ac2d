#include "kernels.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace capiton::kernels {
namespace {

// --- the 4-float vector every kernel below is written with -----------------------------------------
#ifdef __wasm_simd128__
using f4 = v128_t;  // one wasm SIMD128 register: each function is one instruction (or two)
inline f4 load(const float* p) { return wasm_v128_load(p); }
inline void store(float* p, f4 v) { wasm_v128_store(p, v); }
inline f4 splat(float x) { return wasm_f32x4_splat(x); }
inline f4 load_splat(const float* p) { return wasm_v128_load32_splat(p); }  // p[0] in all 4 lanes
inline f4 add(f4 a, f4 b) { return wasm_f32x4_add(a, b); }
inline f4 sub(f4 a, f4 b) { return wasm_f32x4_sub(a, b); }
inline f4 mul(f4 a, f4 b) { return wasm_f32x4_mul(a, b); }
inline f4 max(f4 a, f4 b) { return wasm_f32x4_pmax(a, b); }  // a < b ? b : a (one maxps)
inline f4 min(f4 a, f4 b) { return wasm_f32x4_pmin(a, b); }  // b < a ? b : a
// The bits of x + 127, shifted into a float's exponent field (for 2^k, see exp4).
inline f4 exponent_bits(f4 x) { return wasm_i32x4_shl(wasm_i32x4_add(x, wasm_i32x4_splat(127)), 23); }
inline f4 zero_where_below(f4 y, f4 x, float lo) { return wasm_v128_andnot(y, wasm_f32x4_lt(x, splat(lo))); }
// Rows a, b, c, d of a 4 × 4 block become its columns.
inline void transpose(f4& a, f4& b, f4& c, f4& d) {
    const f4 ab_lo = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), ab_hi = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7);
    const f4 cd_lo = wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), cd_hi = wasm_i32x4_shuffle(c, d, 2, 6, 3, 7);
    a = wasm_i64x2_shuffle(ab_lo, cd_lo, 0, 2);
    b = wasm_i64x2_shuffle(ab_lo, cd_lo, 1, 3);
    c = wasm_i64x2_shuffle(ab_hi, cd_hi, 0, 2);
    d = wasm_i64x2_shuffle(ab_hi, cd_hi, 1, 3);
}
inline float lane(f4 v, int i) {
    float out[4];
    store(out, v);
    return out[i];
}
#else
struct f4 {  // the portable fallback: the same operations lane by lane
    float v[4];
};
inline f4 load(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline void store(float* p, f4 a) { std::memcpy(p, a.v, sizeof a.v); }
inline f4 splat(float x) { return {{x, x, x, x}}; }
inline f4 load_splat(const float* p) { return splat(*p); }
template <class F>
inline f4 lanes(f4 a, f4 b, F f) { return {{f(a.v[0], b.v[0]), f(a.v[1], b.v[1]), f(a.v[2], b.v[2]), f(a.v[3], b.v[3])}}; }
inline f4 add(f4 a, f4 b) { return lanes(a, b, [](float x, float y) { return x + y; }); }
inline f4 sub(f4 a, f4 b) { return lanes(a, b, [](float x, float y) { return x - y; }); }
inline f4 mul(f4 a, f4 b) { return lanes(a, b, [](float x, float y) { return x * y; }); }
inline f4 max(f4 a, f4 b) { return lanes(a, b, [](float x, float y) { return x < y ? y : x; }); }
inline f4 min(f4 a, f4 b) { return lanes(a, b, [](float x, float y) { return y < x ? y : x; }); }
inline f4 exponent_bits(f4 x) {
    f4 r;
    for (int i = 0; i < 4; ++i) {
        std::uint32_t b;
        std::memcpy(&b, &x.v[i], 4);
        b = (b + 127u) << 23;
        std::memcpy(&r.v[i], &b, 4);
    }
    return r;
}
inline f4 zero_where_below(f4 y, f4 x, float lo) {
    for (int i = 0; i < 4; ++i)
        if (x.v[i] < lo) y.v[i] = 0.0f;
    return y;
}
inline void transpose(f4& a, f4& b, f4& c, f4& d) {
    f4* rows[4] = {&a, &b, &c, &d};
    for (int i = 0; i < 4; ++i)
        for (int j = i + 1; j < 4; ++j) std::swap(rows[i]->v[j], rows[j]->v[i]);
}
inline float lane(f4 a, int i) { return a.v[i]; }
#endif

inline float sum_lanes(f4 v) { return (lane(v, 0) + lane(v, 1)) + (lane(v, 2) + lane(v, 3)); }
inline float max_lanes(f4 v) { return std::max(std::max(lane(v, 0), lane(v, 1)), std::max(lane(v, 2), lane(v, 3))); }

// --- exp ----------------------------------------------------------------------------------------------
constexpr float kExpLo = -87.33654f;       // ln of the smallest normal float: below it, 0
constexpr float kExpHi = 88.0f;            // keeps k ≤ 127 (2^k a normal float)
constexpr float kLog2e = 1.44269504f;      // 1 / ln 2
constexpr float kLn2Hi = 0.693145752f;     // ln 2 = kLn2Hi + kLn2Lo, kLn2Hi with 12 zero low bits so
constexpr float kLn2Lo = 1.42860677e-6f;   // that k · kLn2Hi is exact for |k| ≤ 127
constexpr float kRound = 12582912.0f;      // 1.5 · 2²³: x + kRound rounds x to an integer, kept in the low bits

// exp of 4 values x ≤ 88 (the softmax's x − max ≤ 0 needs no clamp):
//   k = round(x · log2 e)            the power of two
//   r = x − k · ln 2                 |r| ≤ ln 2 / 2 ≈ 0.347
//   e^r = 1 + r + r²/2! + … + r⁷/7!  Horner; the next term r⁸/8! < 5e-9
//   exp(x) = e^r · 2^k               2^k built from its bits: (k + 127) in the exponent field
// Below kExpLo (k < −126 would not fit the exponent field) the lanes come out as garbage or NaN, so
// they are set to exactly 0 at the end, bit by bit: −∞ gives 0 too.
inline f4 exp4_upto88(f4 x) {
    const f4 t = add(mul(x, splat(kLog2e)), splat(kRound));  // bits: those of kRound + k
    const f4 k = sub(t, splat(kRound));                       // k as a float
    const f4 r = sub(sub(x, mul(k, splat(kLn2Hi))), mul(k, splat(kLn2Lo)));
    f4 p = splat(1.0f / 5040.0f);
    p = add(mul(p, r), splat(1.0f / 720.0f));
    p = add(mul(p, r), splat(1.0f / 120.0f));
    p = add(mul(p, r), splat(1.0f / 24.0f));
    p = add(mul(p, r), splat(1.0f / 6.0f));
    p = add(mul(p, r), splat(0.5f));
    p = add(mul(p, r), splat(1.0f));
    p = add(mul(p, r), splat(1.0f));
    // kRound's own bits shift out of the 32 bits (its low 22 bits are 0), leaving (k + 127) << 23.
    const f4 two_k = exponent_bits(t);
    return zero_where_below(mul(p, two_k), x, kExpLo);
}

// exp of any 4 values (see kernels.h for the range): above 88, exp(88).
inline f4 exp4(f4 x) { return exp4_upto88(min(x, splat(kExpHi))); }

// exp of the first n (< 4) values at x into y, through the same exp4 (the rest of a row).
inline f4 exp4_partial(const float* x, float* y, int n, f4 minus, f4 times) {
    float in[4] = {-std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                   -std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()};
    std::copy(x, x + n, in);
    float out[4];
    const f4 e = exp4(mul(sub(load(in), minus), times));  // padding: −∞ → exactly 0
    store(out, e);
    std::copy(out, out + n, y);
    return e;
}

// --- matrix product ---------------------------------------------------------------------------------
// The first cols (≤ 8) of the 8 values v0, v1 to dst.
inline void store_row(float* dst, f4 v0, f4 v1, int cols) {
    if (cols == kStrip) {
        store(dst, v0);
        store(dst + 4, v1);
    } else {  // the last strip of a matrix whose width is not a multiple of 8
        float tmp[kStrip];
        store(tmp, v0);
        store(tmp + 4, v1);
        std::copy(tmp, tmp + cols, dst);
    }
}

// One block of C: R rows (R ≤ 4) by one strip of 8 columns, k deep. 2R vector accumulators, all held
// in registers: per p, 2 loads of B, R broadcasts of A, 2R multiplies and 2R adds.
//   A is (R, k) with stride lda; Bs is one packed strip (k, 8); C, scaled, copy are (R, cols ≤ 8).
template <int R>
void block(const float* A, int lda, const float* Bs, int k, float* C, int ldc, int cols, float scale, float* scaled,
           float* copy) {
    f4 acc[R][2];
    for (int r = 0; r < R; ++r) acc[r][0] = acc[r][1] = splat(0.0f);
    for (int p = 0; p < k; ++p) {
        const f4 b0 = load(Bs + p * kStrip), b1 = load(Bs + p * kStrip + 4);  // B(p, j..j+7)
        for (int r = 0; r < R; ++r) {
            const f4 a = load_splat(A + r * lda + p);  // A(r, p) in all lanes
#ifdef CAPITON_RELAXED_FMA  // bench/attention's extra build only: a · b + acc fused once bench/relaxed-fma.mjs
                            // has made the opcode f32x4.relaxed_madd
            acc[r][0] = __builtin_wasm_fma_f32x4(a, b0, acc[r][0]);
            acc[r][1] = __builtin_wasm_fma_f32x4(a, b1, acc[r][1]);
#else
            acc[r][0] = add(acc[r][0], mul(a, b0));
            acc[r][1] = add(acc[r][1], mul(a, b1));
#endif
        }
    }
    if (cols == kStrip && !scaled && !copy) {  // the usual case, without a branch per row
        for (int r = 0; r < R; ++r) {
            store(C + r * ldc, acc[r][0]);
            store(C + r * ldc + 4, acc[r][1]);
        }
        return;
    }
    const f4 s = splat(scale);
    for (int r = 0; r < R; ++r) {
        store_row(C + r * ldc, acc[r][0], acc[r][1], cols);
        if (!scaled && !copy) continue;
        const f4 s0 = mul(acc[r][0], s), s1 = mul(acc[r][1], s);
        if (scaled) store_row(scaled + r * ldc, s0, s1, cols);
        if (copy) store_row(copy + r * ldc, s0, s1, cols);
    }
}

}  // namespace

std::size_t packed_size(int k, int n) {
    return static_cast<std::size_t>((n + kStrip - 1) / kStrip) * kStrip * static_cast<std::size_t>(k);
}

void pack(const float* B, int ldb, int k, int n, float* Bp) {
    // Bp[s][p][l] = B(p, s·8 + l), zero past column n.
    for (int j0 = 0; j0 < n; j0 += kStrip) {
        const int cols = std::min(kStrip, n - j0);
        for (int p = 0; p < k; ++p, Bp += kStrip) {
            const float* src = B + static_cast<std::ptrdiff_t>(p) * ldb + j0;
            if (cols == kStrip) {  // a whole strip: two vector copies (a copy of `cols` floats is a call)
                store(Bp, load(src));
                store(Bp + 4, load(src + 4));
                continue;
            }
            std::copy(src, src + cols, Bp);
            std::fill(Bp + cols, Bp + kStrip, 0.0f);
        }
    }
}

void pack_transposed(const float* Bt, int ld, int k, int n, float* Bp) {
    // Bp[s][p][l] = B(p, s·8 + l) = Bt(s·8 + l, p), zero past column n.
    for (int j0 = 0; j0 < n; j0 += kStrip) {
        const int cols = std::min(kStrip, n - j0);
        int p = 0;
        if (cols == kStrip) {  // a whole strip, 4 values of p at a time: two 4 × 4 blocks of Bt turned
            const float* src = Bt + static_cast<std::ptrdiff_t>(j0) * ld;
            for (; p + 4 <= k; p += 4, Bp += 4 * kStrip) {
                f4 r[kStrip];  // Bt(j0 + l, p .. p + 3)
                for (int l = 0; l < kStrip; ++l) r[l] = load(src + static_cast<std::ptrdiff_t>(l) * ld + p);
                transpose(r[0], r[1], r[2], r[3]);  // r[q] = B(p + q, j0 .. j0 + 3)
                transpose(r[4], r[5], r[6], r[7]);  // r[4 + q] = B(p + q, j0 + 4 .. j0 + 7)
                for (int q = 0; q < 4; ++q) {
                    store(Bp + q * kStrip, r[q]);
                    store(Bp + q * kStrip + 4, r[4 + q]);
                }
            }
        }
        for (; p < k; ++p, Bp += kStrip) {
            for (int l = 0; l < cols; ++l) Bp[l] = Bt[static_cast<std::ptrdiff_t>(j0 + l) * ld + p];
            std::fill(Bp + cols, Bp + kStrip, 0.0f);
        }
    }
}

void matmul_packed(const float* A, int lda, const float* Bp, int k, int n, float* C, int ldc, int m, float scale,
                   float* scaled, float* copy) {
    // C (m, n) = A (m, k) · B (k, n): blocks of 4 rows (then 3, 2 or 1 at the bottom) by strips of 8.
    for (int i0 = 0; i0 < m; i0 += 4) {
        const int rows = std::min(4, m - i0);
        const float* a = A + static_cast<std::ptrdiff_t>(i0) * lda;
        for (int j0 = 0; j0 < n; j0 += kStrip) {
            const std::ptrdiff_t at = static_cast<std::ptrdiff_t>(i0) * ldc + j0;
            const float* bs = Bp + static_cast<std::ptrdiff_t>(j0) * k;  // strip j0 / 8
            const int cols = std::min(kStrip, n - j0);
            float* s = scaled ? scaled + at : nullptr;
            float* cp = copy ? copy + at : nullptr;
            switch (rows) {
                case 4: block<4>(a, lda, bs, k, C + at, ldc, cols, scale, s, cp); break;
                case 3: block<3>(a, lda, bs, k, C + at, ldc, cols, scale, s, cp); break;
                case 2: block<2>(a, lda, bs, k, C + at, ldc, cols, scale, s, cp); break;
                default: block<1>(a, lda, bs, k, C + at, ldc, cols, scale, s, cp); break;
            }
        }
    }
}

void exp(const float* x, float* y, int n) {
    int j = 0;
    for (; j + 4 <= n; j += 4) store(y + j, exp4(load(x + j)));
    if (j < n) exp4_partial(x + j, y + j, n - j, splat(0.0f), splat(1.0f));
}

void softmax_rows(const float* in, int ld_in, float* out, int ld_out, int rows, int cols, float inv_temperature) {
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    for (int i = 0; i < rows; ++i) {
        const float* x = in + static_cast<std::ptrdiff_t>(i) * ld_in;   // (cols)
        float* y = out + static_cast<std::ptrdiff_t>(i) * ld_out;        // (cols)
        // 1. the row max
        f4 m4 = splat(kNegInf);
        int j = 0;
        for (; j + 4 <= cols; j += 4) m4 = max(m4, load(x + j));
        float row_max = max_lanes(m4);
        for (; j < cols; ++j) row_max = std::max(row_max, x[j]);
        if (row_max == kNegInf) {  // fully masked row: attends to nothing (documented convention)
            std::fill(y, y + cols, 0.0f);
            continue;
        }
        // 2. y = exp((x − max) / T) and Σ y; the max entry gives exactly exp(0) = 1, so Σ ≥ 1
        const f4 minus = splat(row_max), times = splat(inv_temperature);
        f4 sum4 = splat(0.0f);
        for (j = 0; j + 4 <= cols; j += 4) {
            const f4 e = exp4_upto88(mul(sub(load(x + j), minus), times));  // (x − max) / T ≤ 0
            store(y + j, e);
            sum4 = add(sum4, e);
        }
        if (j < cols) sum4 = add(sum4, exp4_partial(x + j, y + j, cols - j, minus, times));
        // 3. y /= Σ y
        const float inv_sum = 1.0f / sum_lanes(sum4);
        const f4 s = splat(inv_sum);
        for (j = 0; j + 4 <= cols; j += 4) store(y + j, mul(load(y + j), s));
        for (; j < cols; ++j) y[j] *= inv_sum;
    }
}

}  // namespace capiton::kernels
