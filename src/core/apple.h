// capiton core: the two meanings of "apple", with learned weights.
//
// The same word sits once among fruit words and once among company words. The layer runs both
// sentences through the model trained on the "apple" task (the stored preset, presets.h): its
// embedding table (words it does not know get a zero row), the positional encoding, its W_Q, W_K,
// W_V, and its output head, which turns the output row of "apple" into two probabilities,
// (fruit, company): the point where that meaning lands.
#pragma once

#include <string>
#include <vector>

#include "attention.h"

namespace capiton {

enum class AppleKind { Fruit = 0, Company = 1, Apple = 2, Other = 3 };

AppleKind apple_kind(const std::string& token);  // by the apple task's word lists, en and zh

struct AppleSentence {
    Trace trace;            // the whole forward pass with the learned weights
    int apple = -1;         // the index of "apple"; -1 when the sentence has none
    int focus = -1;         // the other word "apple" weights most (apart from itself)
    float sense[2] = {0, 0};  // the output head's probabilities at "apple": fruit, company
};

// Runs the learned layer on already-split tokens (the layer's sentences live in the text catalogs).
AppleSentence apple_sentence(const std::vector<std::string>& tokens);

// Cosine between the outputs of "apple" in two sentences (0 when either has no apple or a zero output).
float apple_cosine(const AppleSentence& a, const AppleSentence& b);

}  // namespace capiton
