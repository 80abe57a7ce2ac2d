#include "presets.h"

#include <cstdio>
#include <cstring>

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
        char buf[32];
        for (int i = 0; i < Params<float>::kTensors; ++i) {
            const Matrix& m = t.params.tensor(i);
            for (Eigen::Index k = 0; k < m.size(); ++k) {
                std::snprintf(buf, sizeof buf, "%.9gf,", static_cast<double>(m.data()[k]));
                o += (count++ % 8 == 0 ? "\n    " : " ") + std::string(buf);
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
            std::snprintf(buf, sizeof buf, "%.9gf", step <= r.steps ? static_cast<double>(t.losses[static_cast<std::size_t>(step - 1)]) : 0.0);
            table += (k ? ", " : "") + std::string(buf);
        }
        table += "}},\n";
    }
    return o + table + "};\n";
}

}  // namespace capiton
