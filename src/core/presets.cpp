#include "presets.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "numbers.h"

namespace capiton {

namespace {

struct PresetData {
    const char* task;
    int tensors[Params<float>::kTensors][2];  // rows, cols of E, W_Q, W_K, W_V, W_O, b_O
    const float* values;                      // all tensors, one after the other, row-major
    float early[kEarlyCount];                 // the loss after each of kEarlySteps
};

#include "presets.inc"

}  // namespace

const PresetRun& preset_run(TaskId task) {
    for (const PresetRun& r : kPresetRuns)
        if (task == r.task) return r;
    return kPresetRuns[0];  // not reached: every task has a run (tests/core/test_train.cpp)
}

bool load_preset_params(TaskId task, Params<float>* out) {
    for (const PresetData& d : kPresetData) {
        if (std::strcmp(id_of(task), d.task) != 0) continue;
        const float* v = d.values;
        for (int t = 0; t < Params<float>::kTensors; ++t) {
            Matrix& m = out->tensor(t);
            m.resize(d.tensors[t][0], d.tensors[t][1]);
            if (m.size() > 0) std::memcpy(m.data(), v, sizeof(float) * static_cast<std::size_t>(m.size()));
            v += m.size();
        }
        return true;
    }
    return false;
}

bool preset_early_losses(TaskId task, float out[kEarlyCount]) {
    for (const PresetData& d : kPresetData)
        if (std::strcmp(id_of(task), d.task) == 0) {
            for (int k = 0; k < kEarlyCount; ++k) out[k] = d.early[k];
            return true;
        }
    return false;
}

std::string presets_source() {
    std::string o = "// Written by scripts/make-presets from capiton::kPresetRuns (src/core/presets.h). Do not edit.\n";
    std::string table = "constexpr PresetData kPresetData[] = {\n";
    for (const PresetRun& r : kPresetRuns) {
        Trainer t(r.task, r.lr, r.d_k, true, r.seed);
        t.run(r.steps, r.batch);
        const std::string name = std::string("k_") + id_of(r.task);
        o += "constexpr float " + name + "[] = {";
        int count = 0;
        for (int i = 0; i < Params<float>::kTensors; ++i) {
            const Matrix& m = t.params.tensor(i);
            for (Eigen::Index k = 0; k < m.size(); ++k) {
                o += (count++ % 8 == 0 ? "\n    " : " ") + printf_c("%.9gf,", static_cast<double>(m.data()[k]));
            }
        }
        o += "\n};\n";
        table += "    {\"" + std::string(id_of(r.task)) + "\", {";
        for (int i = 0; i < Params<float>::kTensors; ++i)
            table += (i ? ", {" : "{") + std::to_string(t.params.tensor(i).rows()) + ", " +
                     std::to_string(t.params.tensor(i).cols()) + "}";
        table += "}, " + name + ", {";
        for (int k = 0; k < kEarlyCount; ++k) {
            const int step = kEarlySteps[k];
            table += (k ? ", " : "") + printf_c("%.9gf", step <= r.steps ? static_cast<double>(t.losses[static_cast<std::size_t>(step - 1)]) : 0.0);
        }
        table += "}},\n";
    }
    return o + table + "};\n";
}

// IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
std::uint16_t half_bits(float x) {
    std::uint32_t f;
    std::memcpy(&f, &x, sizeof f);
    const std::uint32_t sign = (f >> 16) & 0x8000u;
    const std::uint32_t mag = f & 0x7fffffffu;
    if (mag >= 0x7f800000u) return static_cast<std::uint16_t>(sign | 0x7c00u | (mag > 0x7f800000u ? 0x200u : 0u));  // inf, NaN
    if (mag >= 0x477ff000u) return static_cast<std::uint16_t>(sign | 0x7c00u);  // rounds past 65504: inf
    if (mag < 0x38800000u) {  // below 2⁻¹⁴: a subnormal half (or 0), the fraction shifted into place
        if (mag < 0x33000000u) return static_cast<std::uint16_t>(sign);  // below half the smallest subnormal
        const std::uint32_t mant = (mag & 0x7fffffu) | 0x800000u;
        const int shift = 126 - static_cast<int>(mag >> 23);  // 14 + (the distance below 2⁻¹⁴), ≥ 14
        const std::uint32_t half = mant >> shift, rest = mant & ((1u << shift) - 1u), mid = 1u << (shift - 1);
        return static_cast<std::uint16_t>(sign | (half + (rest > mid || (rest == mid && (half & 1u)) ? 1u : 0u)));
    }
    // normal: re-bias the exponent (127 → 15) and round the 23-bit fraction to 10 bits, ties to even
    const std::uint32_t rebased = mag - 0x38000000u;  // (exponent − 112) << 23
    const std::uint32_t half = rebased >> 13, rest = rebased & 0x1fffu;
    return static_cast<std::uint16_t>(sign | (half + (rest > 0x1000u || (rest == 0x1000u && (half & 1u)) ? 1u : 0u)));
}

float from_half(std::uint16_t h) {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    const std::uint32_t exp = (h >> 10) & 0x1fu, frac = h & 0x3ffu;
    float out;
    if (exp == 0) {  // zero or subnormal: frac · 2⁻²⁴
        out = std::ldexp(static_cast<float>(frac), -24);
        return sign ? -out : out;
    }
    const std::uint32_t f = sign | (exp == 31 ? 0x7f800000u | (frac << 13) : ((exp + 112u) << 23) | (frac << 13));
    std::memcpy(&out, &f, sizeof out);
    return out;
}

}  // namespace capiton
