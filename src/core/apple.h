// capiton core: the two meanings of "apple", with learned parameters.
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
#include "projection.h"
#include "train.h"

namespace capiton {

enum class AppleKind { Fruit = 0, Company = 1, Apple = 2, Other = 3 };

AppleKind apple_kind(const std::string& token);  // by the apple task's word lists, en and zh

struct AppleSentence {
    Trace trace;            // the whole forward pass with the learned parameters
    int apple = -1;         // the index of "apple"; -1 when the sentence has none
    int focus = -1;         // the other word "apple" weights most (apart from itself)
    float sense[2] = {0, 0};  // the output head's probabilities at "apple": fruit, company
};

// Runs the learned layer on already-split tokens (the layer's sentences live in the text catalogs).
AppleSentence apple_sentence(const std::vector<std::string>& tokens);

// Cosine between the outputs of "apple" in two sentences (0 when either has no apple or a zero output).
float apple_cosine(const AppleSentence& a, const AppleSentence& b);

// Every test sentence of the apple task through a model (trained or not): the output row of "apple"
// (d_k numbers) on the plane that shows most of them (principal_plane), with the sense each
// sentence asks for. Trained, the two senses form two separate clouds; untrained, one mixed cloud.
// The plane is turned so that company sentences sit to the right of fruit sentences, and above.
struct AppleCloud {
    Plane2D plane;
    std::vector<int> sense;     // per point: 0 fruit, 1 company (the right answer)
    std::vector<int> sentence;  // per point: its index in task.test
    // The share of points nearer (on the plane) to the centre of their own sense than to the other's.
    float separated = 0.0f;
};
AppleCloud apple_cloud(const Task& task, const Params<float>& p);

}  // namespace capiton
