// Tests: whether a preset's whole training run, rerun here, can give its stored weights back.
//
// A vectorised float square root in Eigen (EIGEN_FAST_MATH, its default) is x·rsqrtps(x) with one
// Newton step, and rsqrtps is an approximation whose bits differ between processor makers. Adam
// divides by √v, so a long run that ends near a loss of 0 (the small world, the multi-head presets,
// the translator) follows the preset's run for a while and then drifts into another model, as in
// WebAssembly. The presets were made on AMD EPYC; on a processor whose square roots are known to come
// out otherwise (an Intel Xeon's, below) those tests compare the recorded early losses instead, and
// say so. (The lasting fix: exact roots, EIGEN_FAST_MATH=0, and the presets and their seeds made again.)
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <cstring>

namespace capiton::test {

// FNV-1a over the bits of Eigen's vectorised square roots of 4,096 fixed numbers from 0.001 to ~1,000.
inline std::uint64_t vector_sqrt_fingerprint() {
    Eigen::ArrayXf x(4096);
    for (Eigen::Index i = 0; i < x.size(); ++i) x[i] = 0.001f + 0.25f * static_cast<float>(i);
    const Eigen::ArrayXf r = x.sqrt();
    std::uint64_t h = 1469598103934665603ull;
    for (Eigen::Index i = 0; i < r.size(); ++i) {
        std::uint32_t bits = 0;
        std::memcpy(&bits, &r[i], sizeof bits);
        for (int k = 0; k < 4; ++k) {
            h ^= (bits >> (8 * k)) & 0xFFu;
            h *= 1099511628211ull;
        }
    }
    return h;
}

// Measured on an Intel Xeon (2026-12-03), where the small world, multi-head and translation presets
// drift from their stored weights after their early steps.
inline constexpr std::uint64_t kDriftingSqrtFingerprint = 0x0ee935aa685fa606ull;

inline bool presets_drift_here() { return vector_sqrt_fingerprint() == kDriftingSqrtFingerprint; }

}  // namespace capiton::test
