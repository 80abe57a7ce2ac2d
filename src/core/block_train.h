// capiton core: the whole block (block.h) trained on the small world, with several heads.
//
// The model is one transformer block with H heads, asked up to two questions at one position p:
//
//   X      = E[ids] + PE                                   (n, d_model)  PE sinusoidal (embedding.h)
//   block_pass(X): heads, C·W_O, R1 = X + M, N1 = LN(R1), U = ReLU(N1·W_1 + c_1), F = U·W_2 + c_2,
//                  R2 = N1 + F, N2 = LN(R2)                (block.h)
//   logits = N2[p]·W_C + b_C                               (1, classes)
//   loss   = cross-entropy of each question asked at p, each over its own range of the classes
//
// The questions (block_world_task) give the heads distinct jobs:
//   the family question, at the asking word as in the small world (world.h): the animal names its
//     place (class: the place, either language); "apple" / 苹果 names the word that decides its sense
//     (class: that word);
//   the previous-word question, at every word from the second on, the asking word too: which word
//     stands just before you (class: that word). Only a look one position back answers it.
// The asking word is asked both at once, so one head cannot do both jobs there: with two or more
// heads, one learns to look at the answer and another one word back.
// The pronoun family is left out: "it" needs two layers (train.h), and this is one block.
//
// block_backward() is written stage by stage under the forward it differentiates (block_train.cpp),
// for any scalar type: float for training, double for the finite-difference check
// (tests/core/test_block_train.cpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "block.h"
#include "train.h"
#include "world.h"

namespace capiton {

// One example: a sentence (vocabulary ids) asked at one position p up to two questions, each over
// its own range of the classes (BlockTask::answers):
//   family:   the asking word's question (a place, or the word that decides the apple's sense), in
//             [0, family_classes); −1 when not asked (every word but the asking one);
//   previous: the word just before p, in [family_classes, classes); −1 when not asked (p = 0).
// The asking word is asked both: one head cannot look at the place and one word back at once.
struct BlockExample {
    std::vector<int> ids;
    int position = 0;
    int family = -1;
    int previous = -1;
};

// The forward pass of one example: every intermediate of the block, then the questions at p:
//   logits = N2[p]·W_C + b_C                          (1, classes)
//   probs  = softmax of each range of the logits (family's, previous's) on its own
//   loss   = −log probs[family] − log probs[previous]  (the questions asked)
// The family range is [0, F) and the previous word's [F, classes), F = classes − (classes − kBlockPlaces)/2:
// the shape's classes must be kBlockPlaces + 2·vocab (block_world_shape).
template <typename S>
struct BlockForward : BlockPass<S> {
    Mat<S> logits, probs;  // (1, classes)
    S loss = 0;
};

template <typename S>
BlockForward<S> block_forward(const BlockParams<S>& p, const BlockShape& shape, const BlockExample& ex);

// Gradients of the example's loss, added into g (same shapes as p; zero it first).
template <typename S>
void block_backward(const BlockParams<S>& p, const BlockShape& shape, const BlockExample& ex, const BlockForward<S>& f,
                    BlockParams<S>& g);

// Mean loss and gradient over a batch (g is resized and zeroed first).
template <typename S>
S block_loss_and_grad(const BlockParams<S>& p, const BlockShape& shape, const std::vector<BlockExample>& batch, BlockParams<S>& g);

template <typename S>
BlockParams<S> cast_block_params(const BlockParams<float>& p);

// Adam with train.h's constants (β1 0.9, β2 0.999, ε 1e-8), for any parameter set with kTensors and
// tensor(i): deterministic. Defined here, so that every parameter set can use it (block.h, gpt.h).
template <typename P>
struct AdamOver {
    float lr = 0.01f;
    int t = 0;
    P m, v;
    void step(P& p, const P& g);
};
template <typename P>
void AdamOver<P>::step(P& p, const P& g) {
    constexpr float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;  // train.h's Adam
    if (t == 0)
        for (int i = 0; i < P::kTensors; ++i) {
            m.tensor(i) = Matrix::Zero(p.tensor(i).rows(), p.tensor(i).cols());
            v.tensor(i) = m.tensor(i);
        }
    ++t;
    const float c1 = 1.0f - std::pow(b1, static_cast<float>(t)), c2 = 1.0f - std::pow(b2, static_cast<float>(t));
    for (int i = 0; i < P::kTensors; ++i) {
        m.tensor(i) = b1 * m.tensor(i) + (1.0f - b1) * g.tensor(i);
        v.tensor(i) = b2 * v.tensor(i) + (1.0f - b2) * g.tensor(i).cwiseProduct(g.tensor(i));
        p.tensor(i).array() -= lr * (m.tensor(i).array() / c1) / ((v.tensor(i).array() / c2).sqrt() + eps);
    }
}
using BlockAdam = AdamOver<BlockParams<float>>;

// ---- the multi-head small world ---------------------------------------------------------------
// Twice the lesson's width (8). At 8 the sinusoidal code has only two pairs that change within a
// sentence (rates 1 and 0.1): no head learned to look one word back on more than ~60 % of rows, and
// the previous word was named right ~60 % of the time (bench/block-seeds; docs/small-world.md).
inline constexpr int kBlockDModel = 16;
inline constexpr int kBlockDff = 32;

// The classes: the 16 places (by their English names, as world_task), then one per word of
// world_vocabulary() (the apple's deciding word): the family question's range; then again one per
// word (the previous word's range).
inline constexpr int kBlockPlaces = 16;
struct BlockTask {
    std::vector<std::string> vocab;    // world_vocabulary()
    std::vector<std::string> answers;  // class -> name: "sky", …, "eat", …, then "<- the", …
    int family_classes = 0;            // kBlockPlaces + vocab.size()
    std::vector<BlockExample> train, test;
    int family_class_of_word(int vocab_id) const { return kBlockPlaces + vocab_id; }
    int previous_class_of_word(int vocab_id) const { return family_classes + vocab_id; }
};

// The task: train: the place and apple sentences of world_sentences(seed, false, 4096), each asked
// at its asking word (both questions) and at kBlockPreviousAsked of its other words at position ≥ 1
// (the previous word); test: held-out sentences (world_sentences(seed + 100, true, 512)), asked at
// the asking word and at every other word at position ≥ 1.
inline constexpr int kBlockPreviousAsked = 2;
BlockTask block_world_task(std::uint64_t seed);
BlockShape block_world_shape(const BlockTask& task, int heads);

// A world sentence asked at position `at`: the family question if `at` is its asking word (not in a
// pronoun sentence), the previous word if at ≥ 1. Every word must be the world's.
BlockExample block_example(const BlockTask& task, const WorldSentence& s, int at);

// X = E[ids] + PE (n, d_model) for a sentence, as head_jobs feeds block_pass() (the lesson keeps E and PE apart: multihead.h), a word the
// world does not know (token_key: ASCII case ignored) with a zero row of E.
Matrix block_input(const BlockTask& task, const BlockParams<float>& p, const std::vector<std::string>& tokens);

// Accuracy on a set (argmax of each asked range equals its answer), per question.
struct BlockAccuracy {
    float family = 0, previous = 0;
    int family_asked = 0, previous_asked = 0;
};
BlockAccuracy block_accuracy(const BlockParams<float>& p, const BlockShape& shape, const std::vector<BlockExample>& set);

// A whole training run with a fixed seed, like Trainer (train.h): `steps` Adam steps on mini-batches
// of `batch` examples drawn in a fixed order; with schedule_steps > 0 the rate falls in a straight
// line to lr / 10 over that many steps.
struct BlockTrainer {
    BlockTask task;
    BlockShape shape;
    BlockParams<float> params;
    BlockParams<float> start;  // before the first step
    BlockAdam adam;
    float lr_start = 0.01f;
    int schedule_steps = 0;
    std::uint64_t rng_state = 0;
    int step = 0;
    float last_loss = 0;
    std::vector<float> losses;  // one per step
    BlockTrainer(int heads, float lr, std::uint64_t seed, int schedule_steps = 0);
    void run(int steps, int batch = 32);
};

// ---- what each head learned -------------------------------------------------------------------
// Measured over sentences (held-out ones for the UI), the share of rows where the head's largest
// weight falls on:
//   family:   an answering word, over the asking word's rows (the animal's, "apple"'s);
//   previous: the word just before, over the rows of every word at position ≥ 1 (the asking word's too);
//   self:     the word itself, over every row.
enum class HeadJobKind { Family, Previous, Self, Mixed };
struct HeadJob {
    int head = 0;
    float family = 0, previous = 0, self = 0;
    int family_rows = 0, previous_rows = 0, rows = 0;
    HeadJobKind job = HeadJobKind::Mixed;  // the largest share when it is at least kHeadJobShare
};
inline constexpr float kHeadJobShare = 0.5f;
const char* head_job_id(HeadJobKind k);  // "family", "previous", "self", "mixed"

std::vector<HeadJob> head_jobs(const BlockParams<float>& p, const BlockShape& shape, const BlockTask& task,
                               const std::vector<WorldSentence>& sentences);

}  // namespace capiton
