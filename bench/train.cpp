// bench/train: how long the training of each task takes (its preset run: the steps, batch and learning
// rate of kPresetRuns) and the √d_k race (ScalingRace: two models, d_k = 256, 300 steps), in this
// build: native or WebAssembly under node. Each run is timed twice: the bare steps (Trainer::run), and
// as the page's worker takes them (Training::slice in slices of up to 256 steps, with the loss and
// accuracy curves the page draws: an accuracy point every accuracy_every(test sentences) steps). Prints figures;
// asserts nothing.
#include <chrono>
#include <cstdio>

#include "core/presets.h"
#include "core/train.h"
#include "core/training.h"

#ifndef CAPITON_BENCH_VARIANT
#define CAPITON_BENCH_VARIANT "native"
#endif

using namespace capiton;
using Clock = std::chrono::steady_clock;

namespace {
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
}  // namespace

int main() {
    std::printf("# %s: best of 3 runs each\n", CAPITON_BENCH_VARIANT);
    for (const PresetRun& run : kPresetRuns) {
        double best = 1e9, as_page = 1e9;
        float loss = 0.0f;
        for (int round = 0; round < 3; ++round) {
            Clock::time_point t0 = Clock::now();
            Trainer t(run.task, run.lr, run.d_k, true, run.seed);
            t.run(run.steps, run.batch);
            best = std::min(best, seconds_since(t0));
            loss = t.last_loss;
            t0 = Clock::now();
            Training tr;
            (void)tr.train(run.task, run.lr, run.d_k, run.steps);
            while (tr.state()->running) tr.slice(256);
            as_page = std::min(as_page, seconds_since(t0));
        }
        std::printf("%s task=%s steps=%d s=%.3f ms_per_step=%.3f final_loss=%.5f as_page_s=%.3f\n", CAPITON_BENCH_VARIANT,
                    id_of(run.task), run.steps, best, 1000.0 * best / run.steps, static_cast<double>(loss), as_page);
    }
    double best = 1e9;
    for (int round = 0; round < 3; ++round) {
        const Clock::time_point t0 = Clock::now();
        ScalingRace r;
        r.run(ScalingRace::kSteps);
        best = std::min(best, seconds_since(t0));
    }
    std::printf("%s task=race steps=%d s=%.3f ms_per_step=%.3f (both models)\n", CAPITON_BENCH_VARIANT,
                ScalingRace::kSteps, best, 1000.0 * best / ScalingRace::kSteps);
    return 0;
}
