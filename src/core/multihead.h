// capiton core: the lesson's sentence through a whole block with several heads (block.h) — what the
// heads and block stages show.
//
// The formula stages follow one head of the small world's model. These two stages show the layer real
// models use: H heads side by side (1, 2 or 4, each d_k = d_model / H wide), their outputs glued
// together and mixed by W_O, then residual, layer norm, feed-forward, residual, layer norm. The
// parameters are a model of its own, trained on the same small world with H heads (block_presets.h:
// a preset per H, d_model 16), or seeded random numbers of the same sizes when the lesson's model
// switch says untrained. Its positions are always the sinusoidal ones it learned with; a word it never
// saw gets a zero row.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "block.h"
#include "block_train.h"
#include "ids.h"
#include "status.h"
#include "train.h"

namespace capiton {

inline constexpr std::array<int, 3> kHeadCounts = {1, 2, 4};
inline constexpr int kDefaultHeads = 4;

class MultiHead {
public:
    // kDefaultHeads heads, head 0 selected, seeded until set_trained(true) (the lesson follows its
    // model); the parameters are made by the first set_trained or run.
    MultiHead();

    Status set_heads(int heads);  // one of kHeadCounts; the selected head goes back to the first
    Status select_head(int head); // 0 … heads − 1
    void set_trained(bool trained);  // the preset (when there is one for this H) or seeded parameters
    void run(const std::vector<std::string>& tokens);  // the pass on a new sentence

    int heads() const { return shape_.heads; }
    int selected() const { return selected_; }
    bool trained() const { return trained_; }  // the parameters are a trained preset
    const BlockShape& shape() const { return shape_; }
    const BlockParams<float>& params() const { return params_; }
    const BlockPass<float>& pass() const { return pass_; }
    const std::vector<std::string>& tokens() const { return tokens_; }
    const Matrix& token_embedding() const { return E_; }  // (n, d_model) the rows of E (zero: unknown)
    const Matrix& position() const { return P_; }         // (n, d_model) the sinusoidal rows
    bool unknown(int i) const;  // token i is not in the model's vocabulary
    const FfnActivity& ffn_activity() const { return ffn_; }  // of the pass (block.h)
    // What each head does (block_train.h: head_jobs), measured on held-out sentences of one language
    // (block_presets.h: kHeadJobDraw), computed once per language and parameters. Like the other
    // readers, only once the parameters are made (Lesson::multi_head sees to it).
    const std::vector<HeadJob>& jobs(Language language) const;

private:
    void load();  // params_ for shape_.heads and trained_wanted_, then the pass again

    BlockShape shape_;
    BlockParams<float> params_;
    BlockPass<float> pass_;
    FfnActivity ffn_;
    Task words_;  // the vocabulary (and classes) of the model in use
    std::vector<std::string> tokens_;
    Matrix E_, P_;
    std::vector<bool> unknown_;
    int selected_ = 0;
    bool trained_wanted_ = false, trained_ = false;
    bool loaded_ = false;  // params_ made (load)
    mutable std::vector<HeadJob> jobs_[2];  // per language (ids.h), empty until asked
};

}  // namespace capiton
