#include "multihead.h"

#include <algorithm>

#include "block_presets.h"
#include "embedding.h"
#include "world.h"

namespace capiton {

namespace {
constexpr std::uint64_t kSeededBlock = 2025;  // the untrained parameters' seed (as the lesson's weight seed)
}  // namespace

MultiHead::MultiHead() {
    shape_.heads = kDefaultHeads;  // the parameters are made when first needed (set_trained, run)
}

Status MultiHead::set_heads(int heads) {
    if (std::find(kHeadCounts.begin(), kHeadCounts.end(), heads) == kHeadCounts.end()) {
        std::string known;
        for (int h : kHeadCounts) known += (known.empty() ? "" : ", ") + std::to_string(h);
        return {"The number of heads must be one of " + known + "."};
    }
    if (heads == shape_.heads) return {};  // the same again (a radio button clicked twice): keep the chosen head
    shape_.heads = heads;
    selected_ = 0;
    load();
    return {};
}

Status MultiHead::select_head(int head) {
    if (head < 0 || head >= shape_.heads) return {"No head has that number.", "error.no_head"};
    selected_ = head;
    return {};
}

void MultiHead::set_trained(bool trained) {
    if (loaded_ && trained == trained_wanted_) return;
    trained_wanted_ = trained;
    load();
}

void MultiHead::load() {
    loaded_ = true;
    words_.vocab = world_vocabulary();
    shape_.vocab = static_cast<int>(words_.vocab.size());
    shape_.d_model = kBlockDModel;  // the presets' sizes, trained or not, so the switch compares like with like
    shape_.d_ff = kBlockDff;
    shape_.classes = 0;  // the output head is not shown (nor shipped: block_presets.h)
    trained_ = trained_wanted_ && load_block_preset(shape_.heads, &params_);
    if (!trained_) params_ = init_block_params(shape_, kSeededBlock + static_cast<std::uint64_t>(shape_.heads));
    for (auto& j : jobs_) j.clear();
    run(tokens_);
}

void MultiHead::run(const std::vector<std::string>& tokens) {
    tokens_ = tokens;
    if (!loaded_) return load();  // which runs it
    const int n = static_cast<int>(tokens.size());
    E_ = Matrix::Zero(n, shape_.d_model);
    unknown_.assign(tokens.size(), true);
    for (int i = 0; i < n; ++i)
        if (const int id = vocab_index(words_, tokens[static_cast<std::size_t>(i)]); id >= 0) {
            E_.row(i) = params_.E.row(id);
            unknown_[static_cast<std::size_t>(i)] = false;
        }
    P_ = positional_encoding(n, shape_.d_model);
    pass_ = block_pass(params_, shape_, Matrix(E_ + P_));
    ffn_ = capiton::ffn_activity(pass_.U);
}

const std::vector<HeadJob>& MultiHead::jobs(Language language) const {
    std::vector<HeadJob>& out = jobs_[static_cast<std::size_t>(language)];
    if (out.empty()) {
        BlockTask words;  // head_jobs reads the vocabulary only
        words.vocab = words_.vocab;
        std::vector<WorldSentence> held;
        for (WorldSentence& s : world_sentences(kHeadJobDraw, true, 1000))
            if (s.language == language) held.push_back(std::move(s));
        out = head_jobs(params_, shape_, words, held);
    }
    return out;
}

bool MultiHead::unknown(int i) const { return i >= 0 && i < static_cast<int>(unknown_.size()) && unknown_[static_cast<std::size_t>(i)]; }

}  // namespace capiton
