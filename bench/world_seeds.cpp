// bench/world-seeds: the small world's preset run (kPresetRuns) trained from each of a range of seeds,
// and each result's share of held-out sentences where the asking word's largest attention weight is on
// the answering word, per family and language (world_generalisation). This is how the shipped seed was
// chosen (docs/small-world.md). Prints figures; asserts nothing.
//   bench_world_seeds [first_seed] [last_seed] [held-out draw] [steps] [learning rate]
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/presets.h"
#include "core/world.h"

using namespace capiton;

int main(int argc, char** argv) {
    const std::uint64_t first = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1;
    const std::uint64_t last = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 12;
    const std::uint64_t draw = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 777;
    PresetRun run = preset_run(TaskId::World);
    if (argc > 4) run.steps = std::atoi(argv[4]);
    if (argc > 5) run.lr = std::strtof(argv[5], nullptr);
    const std::vector<WorldSentence> held_out = world_sentences(draw, true, 1000);
    std::printf("seed");
    for (const char* f : kWorldFamilyIds) std::printf("  %s/en %s/zh", f, f);
    std::printf("  worst\n");
    for (std::uint64_t seed = first; seed <= last; ++seed) {
        Trainer t(run.task, run.lr, run.d_k, true, seed);
        t.run(run.steps, run.batch);
        float worst = 1.0f;
        std::printf("%4llu", static_cast<unsigned long long>(seed));
        for (const WorldShare& s : world_generalisation(t.params, t.task, held_out)) {
            std::printf("  %9.3f", static_cast<double>(s.share()));
            worst = std::min(worst, s.share());
        }
        std::printf("  %5.3f  loss %.3f\n", static_cast<double>(worst), static_cast<double>(t.last_loss));
        std::fflush(stdout);
    }
}
