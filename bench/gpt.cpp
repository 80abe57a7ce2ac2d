// bench/gpt: the poem model (src/core/gpt.h, poems.h) in this build, native or WebAssembly under node:
// training speed in characters (tokens) per second, then one run from scratch for a fixed time of
// training (60 s unless given; wall time, the measures between steps not counted) with the held-out
// loss in nats per character every tenth of it, and at the end what
// its heads do (gpt_heads.h) and the form of 200 sampled poems. Prints figures; asserts nothing.
//
//   bench_gpt [seconds] [key=value …]   keys: d ctx heads ff batch lr warmup schedule zh en seed,
//   wd (weight decay), minp maxp alpha minalpha (repeated sequences' shortest and longest period,
//   alphabet, smallest alphabet of a row), early ezh een
//   eminp ealpha eminalpha emaxp ebatch (the curriculum's first steps, their mix, repeats and batch), lagged
//   elagged (repeated rows copied from a random start, poems.h's GptRepeat), fixedpos (the sinusoidal
//   positions, never trained), mincount (the vocabulary),
//   and steps (a run of that many steps instead of a time; figures every tenth of it, or every=N)
//   (the defaults are the run the page trains, kGptPageRun in gpt_preset.h, over the preset's
//   vocabulary; the preset's own run is early=2500 schedule=4500)
//   bench_gpt speed [key=value …]       the speed alone
//   bench_gpt FILE.bin                  a preset's figures alone (heads, held-out loss, form)
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/gpt_heads.h"
#include "core/gpt_preset.h"
#include "core/poems.h"

#ifndef CAPITON_BENCH_VARIANT
#define CAPITON_BENCH_VARIANT "native"
#endif

using namespace capiton;
using Clock = std::chrono::steady_clock;

namespace {

// The English held-out stream is long (~37,000 characters): its first 64 windows are enough for a figure.
constexpr int kHeldEnWindows = 64;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int g_steps = 0;      // bench_gpt steps=N
int g_every = 0;      // every=N: figures every N steps (a tenth of the steps unless given)
int g_min_count = kGptPreset.min_count;  // mincount=N: the vocabulary's characters seen at least N times

bool set(GptRun& r, const char* arg) {
    const char* eq = std::strchr(arg, '=');
    if (!eq) return false;
    const std::string key(arg, eq);
    const double v = std::atof(eq + 1);
    const int i = static_cast<int>(v);
    if (key == "d") r.shape.d_model = i;
    else if (key == "ctx") r.shape.context = i;
    else if (key == "heads") r.shape.heads = i;
    else if (key == "ff") r.shape.d_ff = i;
    else if (key == "batch") r.batch = i;
    else if (key == "lr") r.lr = static_cast<float>(v);
    else if (key == "warmup") r.warmup = i;
    else if (key == "schedule") r.schedule_steps = i;
    else if (key == "zh") r.mix.zh = static_cast<float>(v);
    else if (key == "en") r.mix.en = static_cast<float>(v);
    else if (key == "seed") r.seed = static_cast<std::uint64_t>(v);
    else if (key == "steps") g_steps = i;
    else if (key == "every") g_every = i;
    else if (key == "mincount") g_min_count = i;
    else if (key == "wd") r.weight_decay = static_cast<float>(v);
    else if (key == "minp") r.repeat.min_period = i;
    else if (key == "alpha") r.repeat.alphabet = i;
    else if (key == "maxp") r.repeat.max_period = i;
    else if (key == "emaxp") r.early_repeat.max_period = i;
    else if (key == "early") r.early_steps = i;
    else if (key == "ezh") r.early_mix.zh = static_cast<float>(v);
    else if (key == "een") r.early_mix.en = static_cast<float>(v);
    else if (key == "eminp") r.early_repeat.min_period = i;
    else if (key == "ealpha") r.early_repeat.alphabet = i;
    else if (key == "lagged") r.repeat.lagged = i != 0;
    else if (key == "elagged") r.early_repeat.lagged = i != 0;
    else if (key == "ebatch") r.early_batch = i;
    else if (key == "eminalpha") r.early_repeat.min_alphabet = i;
    else if (key == "minalpha") r.repeat.min_alphabet = i;
    else if (key == "fixedpos") r.fixed_positions = i != 0;
    else return false;
    return true;
}

void report_heads(const GptParams<float>& p, const GptShape& sh) {
    const InductionReport ind = induction_report(p, sh, kInductionPeriod, kInductionSequences, kInductionSeed);
    const HeadScore& bi = ind.best_induction();
    const HeadScore& bp = ind.best_previous();
    std::printf("    induction best %.3f (layer %d head %d), previous-token best %.3f (layer %d head %d); copy loss first %.3f second %.3f\n",
                static_cast<double>(bi.induction), bi.layer, bi.head, static_cast<double>(bp.previous), bp.layer, bp.head,
                static_cast<double>(ind.first_copy_loss), static_cast<double>(ind.second_copy_loss));
    std::fflush(stdout);
}

void report(const GptTrainer& t, const PoemCorpus& corpus, double seconds) {
    std::printf("  step %d at %.0f s: held-out zh %.3f en %.3f nats/char; train batch %.3f\n", t.step, seconds,
                static_cast<double>(stream_loss(t.params, t.shape(), corpus.held_zh)),
                static_cast<double>(stream_loss(t.params, t.shape(), corpus.held_en, kHeldEnWindows)),
                static_cast<double>(t.losses.back()));
    report_heads(t.params, t.shape());
}

void report_form(const GptParams<float>& p, const GptShape& sh, const PoemCorpus& corpus, const char* what) {
    const FormCount greedy = sampled_form(p, sh, corpus, kFormSamples, 0.0f, kFormSeed);
    const FormCount sampled = sampled_form(p, sh, corpus, kFormSamples, kFormTemperature, kFormSeed);
    std::printf("%s %s: form of %d poems: greedy %d/%d lines = %.3f, temperature %.1f %d/%d = %.3f\n", CAPITON_BENCH_VARIANT, what,
                kFormSamples, greedy.right, greedy.lines, static_cast<double>(greedy.share()), static_cast<double>(kFormTemperature),
                sampled.right, sampled.lines, static_cast<double>(sampled.share()));
    const std::vector<int> sample = gpt_generate(p, sh, {kTextStartId, corpus.vocab.id(U'春')}, kFormChars - 1, kFormTemperature, kFormSeed);
    std::printf("  a sample: 春%s\n", corpus.vocab.decode(sample).c_str());
}

// bench_gpt FILE.bin: the preset's own figures.
int preset_figures(const char* path) {
    std::string bytes, train, held;
    GptPresetFile f;
    if (!read_file_bytes(path, &bytes) || !load_gpt_preset(bytes, &f) ||
        !read_file_bytes(std::string(CAPITON_POEMS_DIR) + "/poems-train.tsv", &train) ||
        !read_file_bytes(std::string(CAPITON_POEMS_DIR) + "/poems-held.tsv", &held)) {
        std::printf("cannot read the preset %s or the poems\n", path);
        return 1;
    }
    const PoemCorpus corpus = make_poem_corpus(train, held, f.vocab);
    std::printf("# %s preset %s: %zu bytes; held-out zh %.3f en %.3f nats/char\n", CAPITON_BENCH_VARIANT, path, bytes.size(),
                static_cast<double>(stream_loss(f.params, f.shape, corpus.held_zh)),
                static_cast<double>(stream_loss(f.params, f.shape, corpus.held_en, kHeldEnWindows)));
    report_heads(f.params, f.shape);
    report_form(f.params, f.shape, corpus, "preset");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::strstr(argv[1], ".bin")) return preset_figures(argv[1]);
    double seconds = 60.0;
    GptRun run = kGptPageRun;
    bool speed_only = false;  // bench_gpt speed: the speed alone (bench/gpt_tfjs.mjs)
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "speed") == 0) speed_only = true;
        else if (!set(run, argv[i])) seconds = std::atof(argv[i]);
    PoemCorpus corpus;
    if (!load_poem_corpus(CAPITON_POEMS_DIR, &corpus, g_min_count)) {
        std::printf("cannot read the poems in %s (build the target capiton_poems)\n", CAPITON_POEMS_DIR);
        return 1;
    }
    const GptShape& sh = run.shape;
    std::printf("# %s: vocab %d, d_model %d, context %d, heads %d, d_ff %d, batch %d, lr %g, warmup %d, schedule %d, mix zh %.2f en %.2f, seed %llu\n",
                CAPITON_BENCH_VARIANT, corpus.vocab.size(), sh.d_model, sh.context, sh.heads, sh.d_ff, run.batch,
                static_cast<double>(run.lr), run.warmup, run.schedule_steps, static_cast<double>(run.mix.zh),
                static_cast<double>(run.mix.en), static_cast<unsigned long long>(run.seed));
    {
        // speed: the best of 3 rounds of 5 steps, after a step not counted
        GptTrainer t(run, corpus);
        t.run(1);
        double best = 1e9, best_cpu = 1e9;
        for (int round = 0; round < 3; ++round) {
            const Clock::time_point t0 = Clock::now();
            const std::clock_t c0 = std::clock();
            t.run(5);
            best = std::min(best, seconds_since(t0) / 5);
            best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC / 5);
        }
        // the rows of the steps timed (1 to 15; the curriculum's first part has its own batch): step 1's,
        // unless that part ends among them
        const double tokens = static_cast<double>(t.rows_at(1)) * sh.context;
        std::printf("%s speed: %.1f ms per step of %.0f characters, %.0f characters per second (CPU time: %.1f ms, %.0f per second)\n",
                    CAPITON_BENCH_VARIANT, 1000.0 * best, tokens, tokens / best, 1000.0 * best_cpu, tokens / best_cpu);
    }
    if (speed_only) return 0;
    // the run: only the training steps count towards the time (the figures every tenth are not timed)
    GptTrainer t(run, corpus);
    double trained = 0.0, next = seconds / 10;
    const auto train_steps = [&](int steps) {
        const Clock::time_point t0 = Clock::now();
        t.run(steps);
        trained += seconds_since(t0);
    };
    if (g_steps > 0) {
        const int every = g_every > 0 ? g_every : std::max(g_steps / 10, 1);
        while (t.step < g_steps) {
            train_steps(std::min(every, g_steps - t.step));
            report(t, corpus, trained);
        }
    }
    while (g_steps == 0 && trained < seconds) {
        train_steps(1);
        if (trained >= next || trained >= seconds) {
            report(t, corpus, trained);
            next += seconds / 10;
        }
    }
    seconds = trained;
    char what[64];
    std::snprintf(what, sizeof what, "after %.0f s (%d steps)", seconds, t.step);
    report_form(t.params, t.shape(), corpus, what);
    return 0;
}
