// capiton core: why attention exists. A tiny recurrent encoder squeezes a sentence into one fixed
// context vector; this module measures how much each input word still shows in that vector.
//
//   h_0 = 0,  h_t = tanh(W_h · h_{t-1} + W_x · x_t)   (d, ) each; x_t = embedding row of token t
//   context = h_n
//   influence_t = ‖context − context with token t replaced by a neutral token‖
//
// W_h = kRecurrentGain · (a random orthogonal matrix), so every direction shrinks by the same factor
// and tanh' ≤ 1 can only shrink it more: a word's effect on the context is at most
// gain^(later words) · ‖W_x‖ · ‖its embedding change‖. The longer the sentence, the less the
// fixed vector can tell apart sentences that differ early on. (Real LSTMs forget more slowly, but they
// forget too.) Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "matrix.h"

namespace capiton {

constexpr float kRecurrentGain = 0.9f;
constexpr const char* kNeutralToken = "<blank>";

struct Encoder {
    Matrix W_h;  // (d, d)
    Matrix W_x;  // (d, d_model)
};

Encoder make_encoder(int d, int d_model, std::uint64_t seed);

struct Seq2Seq {
    std::vector<std::string> tokens;  // n
    Matrix states;                    // (n, d) h_1 … h_n
    Eigen::VectorXf context;          // (d) = h_n
    std::vector<float> influence;     // n: how much context changes when token t is neutralised
    float fade = 0.0f;                // influence of the last word / influence of the first (≥ 1 means faded)
    Matrix decoder_inputs;            // (steps, d): what each decoder step reads: c, every time
};

// `steps`: the decoder steps shown reading c, as many as the attention weights beside them have rows
// (the lesson's sentence: one output step per word), so that the two sides compare row for row.
Seq2Seq encode(const std::vector<std::string>& tokens, const Encoder& enc, int d_model, std::uint64_t table_seed, int steps);

// The sentence cut to n words, or made up to n with the words of a fixed paragraph (so that the numbers
// are reproducible) in the sentence's language (language_of): English words after an English sentence,
// Chinese words, cut by the tokenizer as a typed sentence is, after a Chinese one.
std::vector<std::string> lengthen(const std::vector<std::string>& tokens, int n);

}  // namespace capiton
