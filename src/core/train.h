// capiton core: a tiny attention model that learns, and its backward pass.
//
// The model reads a sentence of vocabulary ids and answers one question at one position p:
//
//   X      = E[ids] + PE                          (n, d_model)  E is learned, PE is fixed (sinusoidal)
//   Q      = X · W_Q,  K = X · W_K,  V = X · W_V  (n, d_k)
//   Z      = s · Q · Kᵀ   (s = 1/√d_k, or 1 when scaling is switched off)      (n, n)
//   A      = softmax of each row of Z             (n, n)
//   O      = A · V                                (n, d_k)
//   logits = O[p] · W_O + b_O                     (1, classes)
//   loss   = −log softmax(logits)[answer]         (cross-entropy)
//
// A model of depth 2 (the small world's) has a second attention layer that reads the first one's
// result, each word's vector plus what it gathered (the residual), and may be asked instead:
//
//   X₂     = X + O · W_P                          (n, d_model)  W_P: (d_k, d_model)
//   Q₂ = X₂·W_Q₂, K₂ = X·W_K₂, V₂ = X·W_V₂;  A₂ = softmax(s·Q₂·K₂ᵀ); O₂ = A₂·V₂
//
// Only the question of the second layer (Q₂) reads what the first layer gathered; its keys and values
// are the words as they came in. With values from X₂, a word could hand on what it gathered at the
// first layer ("tired" having looked at the animal), and "it" would answer by looking at that word
// instead of at the one it stands for: the loss would fall, the attention the lesson shows would not
// point at the answer.
//   logits = O₂[p] · W_O2 + b_O2                  (an example asked at layer 2: its own output head)
//
// One layer cannot resolve "it" in "the animal didn't cross the street because it was too tired /
// wide": the row of "it" is the same in both sentences but for the adjective's own weight, so the
// ratio of its weights on "animal" and "street" cannot change. Two layers can: the first brings the
// adjective into "it", the second looks with that.
//
// backward() is written stage by stage under the forward it differentiates (train.cpp), for any
// scalar type: float for training, double for the finite-difference check (tests/core/test_train.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "ids.h"
#include "matrix.h"

namespace capiton {

// One training example: token ids, the position asked about and the right answer (a class index).
struct Example {
    std::vector<int> ids;
    int position = 0;
    int answer = 0;
    int layer = 1;  // which attention layer's output answers (2 only for a model of depth 2)
};

struct ModelShape {
    int vocab = 0, d_model = 16, d_k = 8, classes = 2;
    bool scaled = true;  // divide the scores by √d_k
    int depth = 1;       // attention layers: 1, or 2 (the small world)
};

// Every trainable tensor, with its shape.
template <typename S>
struct Params {
    Mat<S> E;               // (vocab, d_model)  embedding table
    Mat<S> W_Q, W_K, W_V;   // (d_model, d_k)
    Mat<S> W_O;             // (d_k, classes)    output head
    Mat<S> b_O;             // (1, classes)
    Mat<S> W_P;             // (d_k, d_model)    layer 2 only (0×0 at depth 1): O back to model width
    Mat<S> W_Q2, W_K2, W_V2;  // (d_model, d_k)  layer 2's projections (0×0 at depth 1)
    Mat<S> W_O2, b_O2;        // (d_k, classes), (1, classes)  layer 2's output head (0×0 at depth 1)
    static constexpr int kTensors = 12;
    // The tensors by index, in the order above (for loops over all of them: Adam, presets, checks).
    Mat<S>& tensor(int i) { return this->*kMembers[i]; }
    const Mat<S>& tensor(int i) const { return this->*kMembers[i]; }
    static const char* name(int i);  // "E", "W_Q", …

private:
    static constexpr Mat<S> Params::*kMembers[kTensors] = {&Params::E,   &Params::W_Q,  &Params::W_K,  &Params::W_V,
                                                           &Params::W_O, &Params::b_O,  &Params::W_P,  &Params::W_Q2,
                                                           &Params::W_K2, &Params::W_V2, &Params::W_O2, &Params::b_O2};
};

// The three projections whose learning the lesson shows (state().training.moved, the training view),
// in this order, and where each lives in the parameters.
inline constexpr std::array<MatrixId, 3> kProjections = {MatrixId::W_Q, MatrixId::W_K, MatrixId::W_V};
template <typename S>
const Mat<S>& projection(const Params<S>& p, MatrixId m) {
    return m == MatrixId::W_Q ? p.W_Q : m == MatrixId::W_K ? p.W_K : p.W_V;
}

Params<float> init_params(const ModelShape& shape, std::uint64_t seed);
template <typename S> Params<S> cast_params(const Params<float>& p);

// One attention layer's intermediates: its input X and Q, K, V, Z, A, O as above.
template <typename S>
struct AttentionPass {
    Mat<S> X, Q, K, V, Z, A, O;
};

// The forward pass of one example, every intermediate kept (the UI shows them, backward reads them):
// the first layer's in the inherited members, the second's (an example asked at layer 2) in `second`.
template <typename S>
struct Forward : AttentionPass<S> {
    AttentionPass<S> second;    // empty unless ex.layer == 2
    Mat<S> logits, probs;       // probs = softmax(logits), (1, classes)
    S loss = 0;
};

template <typename S>
Forward<S> forward(const Params<S>& p, const ModelShape& shape, const Example& ex);

// Gradients of the example's loss, added into g (same shapes as p; zero it first).
template <typename S>
void backward(const Params<S>& p, const ModelShape& shape, const Example& ex, const Forward<S>& f, Params<S>& g);

// Mean loss and gradient over a batch.
template <typename S>
S loss_and_grad(const Params<S>& p, const ModelShape& shape, const std::vector<Example>& batch, Params<S>& g);

// Adam (β1 0.9, β2 0.999, ε 1e-8), deterministic.
struct Adam {
    float lr = 0.01f;
    int t = 0;
    Params<float> m, v;
    void step(Params<float>& p, const Params<float>& g);
};

// ---- the tasks --------------------------------------------------------------------------------
// Each task makes its own sentences from a small fixed vocabulary (no downloaded data), from a seed.
struct Task {
    std::string id;                  // id_of(TaskId): "apple", "lookback", "birdsky"
    std::vector<std::string> vocab;  // id -> word
    std::vector<std::string> answers;  // class -> name (apple: the two senses; the others: words)
    std::vector<Example> train, test;
    ModelShape shape;
};

Task make_task(TaskId id, std::uint64_t seed);

// A sentence in the task's own words that reads as one (its test sentences are words drawn at random):
// the formula stages show it when the task's model is in use and the sentence has words it never saw.
// Chinese for the apple task only (the others know no Chinese word); "" for the small world, whose
// words the default sentences already are.
const char* task_sentence(TaskId id, Language lang);

// The apple task's word lists: 0 for a fruit word, 1 for a company word, 2 for "apple" itself (en or
// zh), -1 for any other word.
int apple_sense_of(const std::string& word);

// A word's index in the task's vocabulary, matched as the embedding table matches (token_key: ASCII
// case ignored), or -1. And a sentence's rows of the learned table E (n, d_model): a word the task
// does not know gets a zero row. The lesson's stages and the apple layer embed with these.
int vocab_index(const Task& task, const std::string& token);
Matrix embed_known(const std::vector<std::string>& tokens, const Task& task, const Params<float>& p);

// Accuracy on a set (argmax of the logits equals the answer).
float accuracy(const Params<float>& p, const ModelShape& shape, const std::vector<Example>& set);

// How sharp the attention is: the largest weight of each row, averaged over every row of every
// sentence of the set (1 = each word looks at exactly one word; 1/n = uniform).
float mean_top_weight(const Params<float>& p, const ModelShape& shape, const std::vector<Example>& set);

// How far a tensor moved: ‖now − start‖ / ‖start‖ (Frobenius norms; 0 when start is all zeros).
float relative_change(const Matrix& now, const Matrix& start);

// A whole training run with a fixed seed: `steps` Adam steps on mini-batches of `batch` examples
// drawn in a fixed order. Returns the loss after each step.
struct Trainer {
    Task task;
    Params<float> params;
    Params<float> start;  // the parameters before the first step
    Adam adam;
    float lr_start = 0.01f;  // the learning rate it starts with
    int schedule_steps = 0;  // > 0: adam.lr falls linearly to lr_start / 10 over this many steps (the small world)
    std::uint64_t rng_state = 0;
    int step = 0;
    float last_loss = 0;
    std::vector<float> losses;  // one per step (while keep_losses: runs of known length, the tests)
    bool keep_losses = true;
    Trainer(TaskId task, float lr, int d_k, bool scaled, std::uint64_t seed);
    void run(int steps, int batch = 32);
};

// The √d_k experiment, trained: one task, seed and learning rate at a large d_k, trained twice side
// by side, once dividing the scores by √d_k and once not. Without the division the scores of the
// untrained model are already √d_k times too spread, the softmax starts (nearly) one-hot, its
// gradient is (nearly) zero and the loss stalls; with it the same model learns the task.
struct ScalingRace {
    static constexpr TaskId kTask = TaskId::Lookback;
    static constexpr int kDk = 256, kSteps = 300;
    static constexpr float kLr = 0.02f;
    static constexpr std::uint64_t kSeed = 1;
    struct Run {
        Trainer trainer;
        float top_weight_start = 0.0f;  // mean_top_weight before training
        float accuracy = -1.0f;         // on the test sentences once done (−1 before)
        explicit Run(bool scaled);
    };
    Run scaled{true}, raw{false};
    void run(int steps);  // both trainers, never past kSteps
    int step() const { return scaled.trainer.step; }
    bool done() const { return scaled.trainer.step >= kSteps; }
};

}  // namespace capiton
