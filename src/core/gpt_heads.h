// capiton core: what the poem model's heads do, measured, and the text it writes.
//
// Head measures, as in the interpretability literature (Olsson et al. 2022, "In-context learning and
// induction heads"), on sequences of random characters repeated once (period L, 2L ids):
//   induction score of a head = mean, over the positions i of the second copy (L ≤ i < 2L), of its
//     weight from i on i − L + 1: the character that followed the previous occurrence of character i;
//   previous-token score of a head = mean, over positions i ≥ 1, of its weight from i on i − 1
//     (measured on any sequence: the repeated ones here, held-out text in tests and the gallery);
//   the in-context effect: the loss (nats per character) of predicting characters 1 … L−1 of the
//     first copy against characters L+1 … 2L−1 of the second (character L, the second copy's first,
//     cannot be known in advance). An induction head makes the second far cheaper.
// A head "is" an induction head or a previous-token head when its score is at least kHeadScoreShare.
//
// Generation continues a prompt one character at a time: greedy (temperature 0) or sampled from
// softmax(logits / temperature) with a seeded generator. The form of a Chinese poem line is measured
// on what it writes: a line is the characters up to a ， 。 ？ ！ or ；, and it has the right form when
// it is 5 or 7 Chinese characters followed by ， or 。.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "gpt.h"
#include "poems.h"

namespace capiton {

inline constexpr float kHeadScoreShare = 0.5f;

// The measures the tests, the benchmark and the page report: induction on kInductionSequences
// repeated sequences of period kInductionPeriod (draw kInductionSeed); the form on kFormSamples
// poems sampled at kFormTemperature (and greedy) from kFormSeed.
inline constexpr int kInductionPeriod = 16, kInductionSequences = 16;  // 2·period ≤ the context
inline constexpr std::uint64_t kInductionSeed = 2024;
inline constexpr int kFormSamples = 200;
inline constexpr float kFormTemperature = 0.8f;
inline constexpr std::uint64_t kFormSeed = 7;

struct HeadScore {
    int layer = 0, head = 0;
    float induction = 0, previous = 0;
};

struct InductionReport {
    std::vector<HeadScore> heads;  // layer by layer, head by head
    float first_copy_loss = 0, second_copy_loss = 0;
    int period = 0;  // the period measured: the one asked for, or context / 2 when that is shorter
    const HeadScore& best_induction() const;  // of an empty report: a head with every score 0
    const HeadScore& best_previous() const;
    int induction_heads() const;  // how many heads score kHeadScoreShare or more for induction
};

// The period induction_report measures when asked for `period`: both copies within the context.
inline int measured_period(int period, const GptShape& shape) { return std::min(period, shape.context / 2); }

// Over `count` repeated random sequences of period `period`, drawn from seed; a period longer than
// half the model's context is cut to context / 2 (measured_period; report.period says which).
InductionReport induction_report(const GptParams<float>& p, const GptShape& shape, int period, int count, std::uint64_t seed);

// The loss of a uniform guess among the repeat_alphabet characters the measured sequences are drawn
// from, ln of their number, in nats per character: what a copy costs a model that knows only which
// characters may come. A first copy dearer than that is a model betting elsewhere: on characters
// coming back (the preset, trained on copies), or over the whole vocabulary (one barely trained).
float uniform_repeat_loss(const GptShape& shape);
// Each head's previous-token score on one sequence of ids (at most context long), layer by layer.
std::vector<float> previous_token_scores(const GptParams<float>& p, const GptShape& shape, const std::vector<int>& ids);

// `count` characters after `prompt` (the last context ids are read); stops early after writing
// stop_id (−1: never). temperature ≤ 0: greedy. Never writes the unknown character (kUnknownId: it
// stands for every character too rare to have its own id, and names none of them).
std::vector<int> gpt_generate(const GptParams<float>& p, const GptShape& shape, std::vector<int> prompt, int count,
                              float temperature, std::uint64_t seed, int stop_id = kTextStartId);

// Lines of the right form among the complete lines of a text, and whether one line is.
struct FormCount {
    int lines = 0, right = 0;
    float share() const { return lines ? static_cast<float>(right) / static_cast<float>(lines) : 0.0f; }
};
FormCount poem_form(const std::string& utf8);

// `samples` poems written from a text start and the first character of held-out Chinese poem k (k =
// 0, 1, …, cycling), kFormChars characters each at most, sample k with seed + k; their lines counted.
inline constexpr int kFormChars = 48;
FormCount sampled_form(const GptParams<float>& p, const GptShape& shape, const PoemCorpus& corpus, int samples,
                       float temperature, std::uint64_t seed);

}  // namespace capiton
