#include "demos.h"

#include <algorithm>
#include <cmath>

namespace capiton {

namespace {
constexpr int kEncoderDim = 8;
constexpr int kSweepTokens = 64;
constexpr std::uint64_t kSweepSeed = 2026;
}  // namespace

Demos::Demos() = default;

// Fixed sizes and seed: computed once per program, when first read.
const std::vector<ScaleStats>& Demos::scale_sweep() const {
    static const std::vector<ScaleStats> sweep = capiton::scale_sweep(kSweepTokens, kSweepSeed);
    return sweep;
}

void Demos::encode(const std::vector<std::string>& tokens, const Config& c) {
    if (encoder_.W_x.cols() != c.d_model) encoder_ = make_encoder(kEncoderDim, c.d_model, c.weight_seed + 1);
    const int steps = static_cast<int>(tokens.size());  // the lesson's weights beside it: a row per word
    seq2seq_ = capiton::encode(lengthen(tokens, seq2seq_length_), encoder_, c.d_model, c.table_seed, steps);
}

Status Demos::set_seq2seq_length(int n, const std::vector<std::string>& tokens, const Config& c) {
    if (n < kSeq2SeqMinLength || n > kSeq2SeqMaxLength)
        return {"The input length must be between " + std::to_string(kSeq2SeqMinLength) + " and " +
                std::to_string(kSeq2SeqMaxLength) + " words."};
    seq2seq_length_ = n;
    encode(tokens, c);
    return {};
}

void Demos::reset_seq2seq_length(int n) { seq2seq_length_ = std::clamp(n, kSeq2SeqMinLength, kSeq2SeqMaxLength); }

void Demos::set_similarity_vectors(float ax, float ay, float bx, float by) {
    const float v[4] = {ax, ay, bx, by};
    for (int i = 0; i < 4; ++i)
        sim_[i] = std::isfinite(v[i]) ? std::clamp(v[i], -kSimilarityRange, kSimilarityRange) : sim_[i];
}

}  // namespace capiton
