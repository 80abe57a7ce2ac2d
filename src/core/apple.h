// capiton core: the two meanings of "apple", with weights set by hand.
//
// The same word sits once among fruit words and once among company words. A tiny attention layer
// whose every number was chosen by hand (not learned; issue 4's training replaces it) shows how the
// weights of "apple" move to the deciding context word and how its output changes with them.
//
// Every token is one of four kinds, and its embedding row is the one-hot vector of its kind:
//
//   feature:        0 fruit   1 company   2 apple   3 other
//   fruit words:    eat tree juice fruit sweet pie / 吃 树 果汁 水果 甜 …
//   company words:  phone stock launch company shares ceo / 手机 股票 发布 公司 …
//
// The hand-set projections (d_model = 4 rows, d_k = 2 columns; row = kind):
//
//            W_Q          W_K          W_V
//   fruit    (0, 2)       (1, 0)       (1, 0)      a fruit word is found by content queries and carries "fruit"
//   company  (0, 2)       (1, 0)       (0, 1)      a company word is found the same way and carries "company"
//   apple    (4, 0)       (0, 1)       (.5, .5)    apple asks for content words; on its own it is half of each
//   other    (0, 0)       (0, 0)       (0, 0)      function words ask nothing, match nothing, carry nothing
//
// So the output of "apple" is a point in the (fruit, company) plane: where it lands is decided by
// which words are around it.
#pragma once

#include <string>
#include <vector>

#include "attention.h"

namespace capiton {

enum class AppleKind { Fruit = 0, Company = 1, Apple = 2, Other = 3 };

AppleKind apple_kind(const std::string& token);  // by a small hand-made word list, en and zh
Weights apple_weights();                         // the table above
Config apple_config();                           // d_model 4, d_k 2, no mask, no positional encoding

struct AppleSentence {
    Trace trace;     // the whole forward pass (tokens, X, Q, K, V, scores, weights, output)
    int apple = -1;  // the index of "apple"; -1 when the sentence has none
    int focus = -1;  // the key "apple" weights most
};

// Runs the hand-set layer on already-split tokens (the layer's sentences live in the text catalogs).
AppleSentence apple_sentence(const std::vector<std::string>& tokens);

// Cosine between the outputs of "apple" in two sentences (0 when either has no apple or a zero output).
float apple_cosine(const AppleSentence& a, const AppleSentence& b);

}  // namespace capiton
