// bench/attention: time of one attention forward pass (projections, scores, scale, softmax,
// weighting) for n = 64, 256, 1024 tokens and d_model = d_k = 64. Prints figures only.
//
// Output, one line per size (parsed by bench/attention):
//   <variant> n=<n> d=<d> ms=<CPU ms per forward> gflops=<forward GFLOP/s> qk_gflops=<Q·Kᵀ GFLOP/s>
//             softmax_ms=<CPU ms of kernels::softmax_rows over n × n> softmax_app_ms=<capiton::softmax_rows over n × n>
//             out_abs=<Σ |output|: the same to ~1e-6 relative in every variant, else a variant computes wrong>
// GFLOP counts only the four matrix products (capiton::forward_flops); softmax is timed but not counted.
// Q·Kᵀ is timed the way attend() computes it in this build: the kernels (packed Kᵀ included) with wasm
// SIMD, Eigen elsewhere. The softmax figures: the kernel (wasm SIMD, or its portable fallback), and
// the function the app calls (the same kernel with wasm SIMD; Eigen's exp elsewhere).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

#include "core/attention.h"
#include "core/kernels.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

using namespace capiton;
using Clock = std::chrono::steady_clock;

namespace {

// CPU time this process has used, in seconds: under node, process.cpuUsage() (all of node's threads,
// as bench/peers.mjs measures the other engines); natively, CLOCK_PROCESS_CPUTIME_ID. In a browser
// (bench/attention-browser.mjs), which has no CPU clock, wall time.
double cpu_seconds() {
#ifdef __EMSCRIPTEN__
    return EM_ASM_DOUBLE({
        if (typeof process !== 'object' || !process.cpuUsage) return performance.now() * 1e-3;
        const u = process.cpuUsage();
        return (u.user + u.system) * 1e-6;
    });
#else
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
#endif
}

template <class F>
double best_seconds_per_call(F&& f) {
    // Calls repeated for at least 0.3 s; the CPU time they took, per call; the best of 3 such rounds.
    // CPU time rather than wall time: the machine is shared (2 cores, other builds running), and time
    // spent waiting for a core is not the engine's. bench/peers.mjs measures the peers the same way.
    // A first round of 0.5 s is not counted: it lets the engine warm up (under node, V8 compiles the
    // module's optimised code in background threads, whose CPU time would count).
    double best = 1e30;
    for (int round = -1; round < 3; ++round) {
        int calls = 0;
        const auto t0 = Clock::now();
        const double c0 = cpu_seconds();
        do {
            f();
            ++calls;
        } while (std::chrono::duration<double>(Clock::now() - t0).count() < (round < 0 ? 0.5 : 0.3));
        if (round >= 0) best = std::min(best, (cpu_seconds() - c0) / calls);
    }
    return best;
}

volatile float g_sink;

}  // namespace

int main() {
#ifndef CAPITON_BENCH_VARIANT
#define CAPITON_BENCH_VARIANT "native"
#endif
    const int d = 64;
    std::printf("# %s: Eigen SIMD = %s\n", CAPITON_BENCH_VARIANT, Eigen::SimdInstructionSetsInUse());
    for (int n : {64, 256, 1024}) {
        Config c;
        c.d_model = d;
        c.d_k = d;
        const Weights w = init_weights(d, d, 1);
        SplitMix64 rng{42};
        Matrix X(n, d);  // (n, d_model)
        for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = rng.uniform();
        Trace t;  // reused across calls, as the app reuses its trace
        const double s = best_seconds_per_call([&] {
            attend(X, w, c, t);
            g_sink = t.output(0, 0);
        });
        Matrix Q = X * w.W_Q, K = X * w.W_K, S(n, n);
        std::vector<float> packed(kernels::packed_size(d, n));
        const double s_qk = best_seconds_per_call([&] {
            if (kernels::kSimd) {  // as attend() does it in this build
                kernels::pack_transposed(K.data(), d, d, n, packed.data());
                kernels::matmul_packed(Q.data(), d, packed.data(), d, n, S.data(), n, n);
            } else {
                S.noalias() = Q * K.transpose();  // (n, n) = (n, d_k) · (d_k, n)
            }
            g_sink = S(0, 0);
        });
        const Matrix L = t.masked;  // (n, n) logits of a real forward pass
        Matrix P(n, n);
        const double s_softmax = best_seconds_per_call([&] {
            kernels::softmax_rows(L.data(), n, P.data(), n, n, n);
            g_sink = P(0, 0);
        });
        const double s_softmax_app = best_seconds_per_call([&] {
            softmax_rows(L, P);
            g_sink = P(0, 0);
        });
        double out_abs = 0.0;
        for (Eigen::Index i = 0; i < t.output.size(); ++i) out_abs += std::fabs(static_cast<double>(t.output.data()[i]));
        std::printf("%s n=%d d=%d ms=%.4f gflops=%.2f qk_gflops=%.2f softmax_ms=%.4f softmax_app_ms=%.4f out_abs=%.9g\n",
                    CAPITON_BENCH_VARIANT, n, d, s * 1e3, forward_flops(n, d, d) / s * 1e-9, 2.0 * n * n * d / s_qk * 1e-9,
                    s_softmax * 1e3, s_softmax_app * 1e3, out_abs);
    }
    return 0;
}
