// bench/block-seeds: the multi-head small world (block_train.h) trained from each of a range of seeds
// for H heads, and each result's held-out accuracy (both questions), what each head learned (head_jobs)
// on held-out sentences per language, and a score: the worst, over both languages, of the best family
// share and the best previous-word share among the heads. The highest score chose each shipped seed
// (docs/small-world.md). Prints figures; asserts nothing.
//   bench_block_seeds heads [first_seed] [last_seed] [steps] [learning rate] [held-out draw] [batch]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/block_train.h"

using namespace capiton;

int main(int argc, char** argv) {
    const int heads = argc > 1 ? std::atoi(argv[1]) : 2;
    const std::uint64_t first = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
    const std::uint64_t last = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 12;
    const int steps = argc > 4 ? std::atoi(argv[4]) : 3000;
    const float lr = argc > 5 ? std::strtof(argv[5], nullptr) : 0.02f;
    const std::uint64_t draw = argc > 6 ? std::strtoull(argv[6], nullptr, 10) : 777;
    const int batch = argc > 7 ? std::atoi(argv[7]) : 32;
    std::vector<WorldSentence> held[2];
    for (const WorldSentence& s : world_sentences(draw, true, 1000))
        if (s.family != WorldFamily::Pronoun) held[static_cast<int>(s.language)].push_back(s);
    std::printf("heads %d, steps %d, lr %.3f, held-out draw %llu (%zu en, %zu zh sentences)\n", heads, steps,
                static_cast<double>(lr), static_cast<unsigned long long>(draw), held[0].size(), held[1].size());
    for (std::uint64_t seed = first; seed <= last; ++seed) {
        const auto t0 = std::chrono::steady_clock::now();
        BlockTrainer t(heads, lr, seed, steps);
        t.run(steps, batch);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        float tail = 0;
        for (int i = steps - 50; i < steps; ++i) tail += t.losses[static_cast<std::size_t>(i)] / 50.0f;
        const BlockAccuracy all = block_accuracy(t.params, t.shape, t.task.test);
        std::printf("seed %3llu  loss %.3f  held-out accuracy: family %.3f, previous word %.3f  (%.1f s)\n",
                    static_cast<unsigned long long>(seed), static_cast<double>(tail), static_cast<double>(all.family),
                    static_cast<double>(all.previous), secs);
        float score = 1.0f;  // the worst of: the best family share and the best previous share, per language
        for (int l = 0; l < 2; ++l) {
            float fam = 0.0f, prev = 0.0f;
            for (const HeadJob& j : head_jobs(t.params, t.shape, t.task, held[l])) {
                fam = std::max(fam, j.family);
                prev = std::max(prev, j.previous);
            }
            score = std::min({score, fam, prev});
        }
        std::printf("   score %.3f\n", static_cast<double>(score));
        for (int l = 0; l < 2; ++l) {
            std::vector<BlockExample> asked;  // every word of the held-out sentences of one language
            for (const WorldSentence& s : held[l])
                for (int i = 0; i < static_cast<int>(s.tokens.size()); ++i) asked.push_back(block_example(t.task, s, i));
            const BlockAccuracy a = block_accuracy(t.params, t.shape, asked);
            std::printf("   %s: family %.2f previous %.2f", l ? "zh" : "en", static_cast<double>(a.family), static_cast<double>(a.previous));
            for (const HeadJob& j : head_jobs(t.params, t.shape, t.task, held[l]))
                std::printf("  h%d %-8s fam %.2f prev %.2f self %.2f |", j.head, head_job_id(j.job), static_cast<double>(j.family),
                            static_cast<double>(j.previous), static_cast<double>(j.self));
            std::printf("\n");
        }
        std::fflush(stdout);
    }
}
