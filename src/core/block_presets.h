// capiton core: the multi-head small world (block_train.h), trained, for 1, 2 and 4 heads.
//
// Each preset is the result of one fixed training run (kBlockPresetRuns below), stored in
// block_presets.inc (written by scripts/make-presets; do not edit by hand). What the lesson shows (E
// through the second layer norm) is stored at half precision (IEEE binary16: 11 significant bits, a
// relative rounding of at most 2⁻¹¹ ≈ 0.05 %, far below the two decimals on screen), which halves its
// share of the download; the output head W_C, b_C (16 × 652 numbers a preset, 60 % of it), which
// only the tests ask, lives in block_classifier.inc, linked only where load_block_classifier() is
// called (the tests), never into the app.
// tests/core/test_block_train.cpp checks that the training code reproduces them and that the heads
// do the jobs docs/small-world.md says they do.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "block_train.h"
#include "presets.h"

namespace capiton {

// How each preset was made: BlockTrainer(heads, lr, seed, steps).run(steps, batch) — the rate falls
// linearly to lr / 10 over the run. Each seed is the best of seeds 1–12 on held-out sentences (draw
// 777): the highest worst share among the best family head's and the best previous-word head's, in
// either language (bench/block-seeds; docs/small-world.md), and for 2 and 4 heads it finds the answer
// in all four of the lesson's sentences (tests/core/test_block_train.cpp). (With Eigen's fast square
// roots, before 2026-12-03, seed 4 had scored highest for 2 heads and missed "I ate an apple": seed 12
// shipped then too.)
struct BlockPresetRun {
    int heads;
    float lr;
    int steps;
    int batch;
    std::uint64_t seed;
};
inline constexpr BlockPresetRun kBlockPresetRuns[] = {
    {1, 0.02f, 3000, 32, 5},
    {2, 0.02f, 3000, 32, 12},
    {4, 0.02f, 3000, 32, 11},
};

const BlockPresetRun* block_preset_run(int heads);  // nullptr for a head count without a preset

// The trained parameters for `heads` heads, and (when asked) the task they answer (vocabulary,
// classes, sentences) and the block's shape. False when there is no such preset.
bool load_block_preset(int heads, BlockParams<float>* out, BlockTask* task = nullptr, BlockShape* shape = nullptr);

// The output head W_C, b_C of the preset, at full precision, into *out (tests only: the app never links it).
bool load_block_classifier(int heads, BlockParams<float>* out);

// The run's loss after each of kEarlySteps (presets.h), recorded natively with the preset.
bool block_preset_early_losses(int heads, float out[kEarlyCount]);

// What each head of a preset learned (head_jobs, block_train.h), measured on held-out sentences of
// one language (world_sentences(kHeadJobDraw, true, 1000) without the pronoun family). Empty for a
// head count without a preset. Draw 4242, not 777: the seeds were chosen on 777, so shares measured
// there would flatter them (the lesson shows these: MultiHead::jobs).
inline constexpr std::uint64_t kHeadJobDraw = 4242;
std::vector<HeadJob> block_preset_head_jobs(int heads, Language language);

// block_presets.inc as scripts/make-presets writes it (the lesson's tensors as half-precision bits,
// losses with 9 significant digits); with classifier true, block_classifier.inc (W_C, b_C as floats
// with 9 significant digits).
std::string block_presets_source(bool classifier = false);

}  // namespace capiton
