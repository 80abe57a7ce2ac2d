// bench/translate-seeds: the translation preset's run (kTranslatePreset, translate.h) trained from each
// of a range of seeds, and each result's held-out accuracy (greedy, exact sentences and words) and
// alignment share (content words whose largest cross-attention weight is on their source word), in both
// directions. This is how the shipped seed was chosen (docs/translation.md). Prints figures; asserts
// nothing.
//   bench_translate_seeds [first_seed] [last_seed] [steps] [learning rate] [batch] [d] [ff]
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/translate.h"

using namespace capiton;

int main(int argc, char** argv) {
    const std::uint64_t first = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1;
    const std::uint64_t last = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 8;
    TranslatePresetRun run = kTranslatePreset;
    if (argc > 3) run.steps = std::atoi(argv[3]);
    if (argc > 4) run.lr = std::strtof(argv[4], nullptr);
    if (argc > 5) run.batch = std::atoi(argv[5]);
    if (argc > 6) run.d = std::atoi(argv[6]);
    if (argc > 7) run.ff = std::atoi(argv[7]);
    std::printf("steps %d lr %g batch %d d %d ff %d\n", run.steps, static_cast<double>(run.lr), run.batch, run.d, run.ff);
    std::printf("seed  loss(last 100)  en→zh exact words align  zh→en exact words align  train-align en→zh zh→en  seconds\n");
    for (std::uint64_t seed = first; seed <= last; ++seed) {
        const auto t0 = std::chrono::steady_clock::now();
        TranslateTrainer t(run.lr, run.d, run.ff, run.steps, seed);
        t.run(run.steps, run.batch);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        float tail = 0.0f;
        for (std::size_t i = t.losses.size() - 100; i < t.losses.size(); ++i) tail += t.losses[i] / 100.0f;
        Translator m{t.task.shape, t.params};
        const std::vector<ParallelPair> some(t.task.train_pairs.begin(), t.task.train_pairs.begin() + 200);
        std::printf("%4llu  %14.4f", static_cast<unsigned long long>(seed), static_cast<double>(tail));
        for (Language to : {Language::Zh, Language::En}) {
            const TranslateScore sc = translate_score(m, t.task.test_pairs, to);
            const AlignmentShare al = alignment_share(m, t.task.test_pairs, to);
            std::printf("  %5.3f %5.3f %5.3f", static_cast<double>(sc.exact_share()), static_cast<double>(sc.token_share()),
                        static_cast<double>(al.share()));
        }
        std::printf("  %5.3f %5.3f", static_cast<double>(alignment_share(m, some, Language::Zh).share()),
                    static_cast<double>(alignment_share(m, some, Language::En).share()));
        std::printf("  %6.2f\n", secs);
        for (Language to : {Language::Zh, Language::En}) {
            const AlignmentShare al = alignment_share(m, t.task.test_pairs, to);
            static const char* const kRoles[] = {"subject", "verb", "det", "adjective", "animal", "place", "time"};
            std::printf("      %s:", to == Language::Zh ? "en→zh" : "zh→en");
            for (int r = 0; r < 7; ++r)
                if (parallel_content(static_cast<ParallelRole>(r)))
                    std::printf(" %s %.3f", kRoles[r], static_cast<double>(al.share(static_cast<ParallelRole>(r))));
            std::printf("\n");
        }
        std::fflush(stdout);
    }
    return 0;
}
