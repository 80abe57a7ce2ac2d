// capiton core: trained weights that load instantly.
//
// Each preset is the result of one fixed training run (kPresetRuns below): the page can show learned
// weights without waiting, and tests/core/test_train.cpp checks that the training code reproduces them.
// The numbers live in presets.inc, written by scripts/make-presets (do not edit by hand).
#pragma once

#include <string>

#include "train.h"

namespace capiton {

// How each preset was made: Trainer(task, lr, d_k, scaled, seed).run(steps, batch).
struct PresetRun {
    const char* task;
    float lr;
    int d_k;
    int steps;
    int batch;
    std::uint64_t seed;
};
inline constexpr PresetRun kPresetRuns[] = {
    {"apple", 0.02f, 8, 300, 32, 1},
    {"lookback", 0.02f, 8, 600, 32, 1},
    {"birdsky", 0.02f, 8, 400, 32, 1},
};

const PresetRun* preset_run(const std::string& task);  // nullptr for an unknown task

// The trained parameters of a task (false for an unknown task or a preset missing from presets.inc).
bool load_preset_params(const std::string& task, Params<float>* out);

// presets.inc as scripts/make-presets writes it: one block per task, floats with 9 significant digits.
std::string presets_source();

}  // namespace capiton
