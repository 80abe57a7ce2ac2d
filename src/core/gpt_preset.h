// capiton core: the poem model's trained preset, a file of its own loaded on demand.
//
// scripts/make-presets trains kGptPresetRun natively and writes data/poems-gpt.bin (commit it): not
// linked into any program; the page will fetch it when the poem stage first needs it. Layout, little
// endian:
//   "CPTNGPT1"                                         8 bytes
//   vocab, context, d_model, heads, d_ff, layers       6 × uint32
//   the held-out Chinese loss before rounding          float32 (nats per character: the rounding test)
//   the vocabulary: its UTF-8 byte count (uint32), then its characters in id order as UTF-8
//   every tensor of GptParams in tensor order, row-major, as IEEE binary16 (half_bits, presets.h:
//   11 significant bits, a relative rounding of at most 2⁻¹¹ ≈ 0.05 % for normal numbers)
// tests/core/test_gpt_preset.cpp checks the rounding and what the preset's heads do.
#pragma once

#include <string>
#include <string_view>

#include "gpt.h"
#include "poems.h"

namespace capiton {

// How the preset was made: GptTrainer(run, corpus).run(steps) on the build tree's poems.
struct GptPresetRun {
    GptRun run;
    int steps;
};
inline constexpr GptPresetRun kGptPreset = {{{0, 32, 64, 4, 256}, 16, 3e-3f, 30, 2500, {0.5f, 0.1f}, 1}, 2500};
inline constexpr const GptRun& kGptPresetRun = kGptPreset.run;

struct GptPresetFile {
    GptShape shape;
    CharVocab vocab;
    GptParams<float> params;
    float held_loss = 0;  // stream_loss on the held-out Chinese poems at full precision
};

std::string gpt_preset_bytes(const GptPresetFile& f);

// False (and *out unchanged) when the bytes are not such a file or disagree with themselves.
bool load_gpt_preset(std::string_view bytes, GptPresetFile* out);

}  // namespace capiton
