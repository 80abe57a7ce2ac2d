// Prints src/core/presets.inc, or with the argument "block" src/core/block_presets.inc, "block_classifier"
// src/core/block_classifier.inc or "translate" src/core/translate_presets.inc (see scripts/make-presets);
// with "gpt FILE" trains the poem model's preset on the build tree's poems and writes it to FILE.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "core/block_presets.h"
#include "core/gpt_heads.h"
#include "core/gpt_preset.h"
#include "core/presets.h"
#include "core/translate.h"

namespace {

int write_gpt_preset(const char* path) {
    using namespace capiton;
    PoemCorpus corpus;
    if (!load_poem_corpus(CAPITON_POEMS_DIR, &corpus, kGptPreset.min_count)) {
        std::fprintf(stderr, "cannot read the poems in %s\n", CAPITON_POEMS_DIR);
        return 1;
    }
    GptTrainer t(kGptPresetRun, corpus);
    // progress on stderr (the run takes minutes): every 250 steps, every 100 once the poems come in
    while (t.step < kGptPreset.steps) {
        const int every = std::min(t.step < kGptPresetRun.early_steps ? 250 : 100, kGptPreset.steps - t.step);
        t.run(every);
        const InductionReport r = induction_report(t.params, t.shape(), kInductionPeriod, kInductionSequences, kInductionSeed);
        float train = 0;
        for (int k = t.step - every; k < t.step; ++k) train += t.losses[static_cast<std::size_t>(k)] / static_cast<float>(every);
        std::fprintf(stderr, "  step %d: train %.3f, held-out %.3f, induction %.3f (layer %d), previous %.3f (layer %d), copies %.3f / %.3f\n",
                     t.step, static_cast<double>(train), static_cast<double>(stream_loss(t.params, t.shape(), corpus.held_zh)),
                     static_cast<double>(r.best_induction().induction), r.best_induction().layer,
                     static_cast<double>(r.best_previous().previous), r.best_previous().layer, static_cast<double>(r.first_copy_loss),
                     static_cast<double>(r.second_copy_loss));
    }
    GptPresetFile f;
    f.shape = t.shape();
    f.vocab = corpus.vocab;
    f.params = t.params;
    f.held_loss = stream_loss(t.params, t.shape(), corpus.held_zh);
    const std::string bytes = gpt_preset_bytes(f);
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::fprintf(stderr, "poem model: %d steps, held-out Chinese loss %.4f nats per character\n", t.step, static_cast<double>(f.held_loss));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const char* kind = argc > 1 ? argv[1] : "";
    if (std::strcmp(kind, "gpt") == 0 && argc > 2) return write_gpt_preset(argv[2]);
    const std::string out = std::strcmp(kind, "block") == 0              ? capiton::block_presets_source()
                            : std::strcmp(kind, "block_classifier") == 0 ? capiton::block_presets_source(true)
                            : std::strcmp(kind, "translate") == 0        ? capiton::translate_presets_source()
                                                                          : capiton::presets_source();
    std::fputs(out.c_str(), stdout);
    return 0;
}
