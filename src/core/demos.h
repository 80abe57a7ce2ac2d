// capiton core: the demonstrations around the formula.
//
// Before it: why attention exists (seq2seq: a recurrent encoder squeezes the sentence into one fixed
// vector and the early words fade) and how two vectors are compared (similarity: dot product and
// cosine of two 2-D vectors the student drags). Beside the scale stage: the √d_k sweep. Each demo
// keeps its own settings; the seq2seq demo reads the lesson's tokens (the Session passes them).
#pragma once

#include <string>
#include <vector>

#include "attention.h"
#include "experiments.h"
#include "seq2seq.h"
#include "similarity.h"
#include "status.h"

namespace capiton {

constexpr int kSeq2SeqMinLength = 2, kSeq2SeqMaxLength = 48;
constexpr float kSimilarityRange = 4.0f;  // the 2-D vectors live in [-4, 4]²

class Demos {
public:
    Demos();

    // seq2seq: the sentence lengthened (or cut) to `length` words, encoded into one fixed vector.
    // encode() runs the demo again for the lesson's tokens and configuration (its d_model, its seeds).
    void encode(const std::vector<std::string>& tokens, const Config& c);
    Status set_seq2seq_length(int n, const std::vector<std::string>& tokens, const Config& c);
    void reset_seq2seq_length(int n);  // a new sentence: the demo starts from its length (clamped)
    int seq2seq_length() const { return seq2seq_length_; }
    const Seq2Seq& seq2seq() const { return seq2seq_; }

    // similarity: the two 2-D vectors (each coordinate clamped to ±kSimilarityRange; NaN ignored).
    void set_similarity_vectors(float ax, float ay, float bx, float by);
    const float* similarity_vectors() const { return sim_; }  // ax, ay, bx, by
    Similarity similarity() const { return similarity_2d(sim_[0], sim_[1], sim_[2], sim_[3]); }

    // The √d_k experiment: the same numbers for every session, computed at the first call (not at start:
    // it is 20 ms of the page's first frame, and only the scale stage shows it).
    const std::vector<ScaleStats>& scale_sweep() const;

private:
    int seq2seq_length_ = 7;
    Encoder encoder_;  // made for the d_model of the last encode(), seeded from the config's weight seed
    Seq2Seq seq2seq_;
    float sim_[4] = {3.0f, 1.0f, 1.5f, 2.5f};
};

}  // namespace capiton
