#include "encdec.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "numbers.h"
#include "tokenizer.h"

namespace capiton {

EncoderDecoder::EncoderDecoder() = default;  // the model is made when first needed (set_trained, run)

void EncoderDecoder::set_trained(bool trained) {
    if (loaded_ && trained == trained_wanted_) return;  // training slices call use_model every frame: keep the step
    loaded_ = true;
    trained_wanted_ = trained;
    Translator m;
    trained_ = trained && load_translate_preset(&m);
    if (!trained_) {
        m.shape = {static_cast<int>(translate_vocabulary().size()), kTranslatePreset.d, kTranslatePreset.ff};
        m.params = init_translate_params(m.shape, kUntrainedTranslateSeed);
    }
    model_ = std::move(m);
    if (!source_.empty()) run(source_);
}

void EncoderDecoder::run(const std::vector<std::string>& tokens) {
    if (!loaded_) set_trained(trained_wanted_);
    source_ = tokens;
    scripts_ = word_scripts(tokens);
    unknown_.assign(tokens.size(), false);
    for (int i : unknown_words(model_, tokens)) unknown_[static_cast<std::size_t>(i)] = true;
    decode();
}

bool EncoderDecoder::unknown(int i) const {
    return i >= 0 && i < static_cast<int>(unknown_.size()) && unknown_[static_cast<std::size_t>(i)];
}

EncoderDecoder::Reading EncoderDecoder::reading() const {
    std::set<std::string> distinct;  // a word known twice is read once (as the model reads it: case aside)
    for (std::size_t i = 0; i < source_.size(); ++i)
        if (!unknown_[i]) distinct.insert(token_key(source_[i]));
    const long known = static_cast<long>(distinct.size());
    if (known == 0) return Reading::NothingKnown;
    const long written = static_cast<long>(translation_.tokens.size());
    return written > 2 * known ? Reading::MoreWritten : Reading::Translated;
}

Status EncoderDecoder::set_mode(DecodeMode m) {
    if (m == mode_) return {};  // the chosen radio button clicked again: keep the step
    mode_ = m;
    decode();
    return {};
}

Status EncoderDecoder::set_temperature(float t) {
    if (!(t >= kMinDecodeTemperature && t <= kMaxDecodeTemperature)) {
        return {printf_c("The decoder's temperature must be between %g and %g.", static_cast<double>(kMinDecodeTemperature),
                         static_cast<double>(kMaxDecodeTemperature))};
    }
    if (t == temperature_) return {};
    temperature_ = t;
    if (mode_ == DecodeMode::Sampled) decode();
    return {};
}

Status EncoderDecoder::set_draw(int draw) {
    if (draw < 1 || draw > kMaxDraw) return {"A draw is numbered from 1 to " + std::to_string(kMaxDraw) + "."};
    if (draw == draw_) return {};
    draw_ = draw;
    if (mode_ == DecodeMode::Sampled) decode();
    return {};
}

Status EncoderDecoder::set_step(int step) {
    if (step < 0 || step >= steps())
        return {"This translation has " + std::to_string(steps()) + " decoder steps (1 to " + std::to_string(steps()) + ").",
                "error.no_step", {static_cast<unsigned long>(steps()), static_cast<unsigned long>(steps())}};
    step_ = step;
    slice();
    return {};
}

void EncoderDecoder::decode() {
    if (!loaded_) set_trained(trained_wanted_);  // (it does not decode: no source yet)
    translation_ = mode_ == DecodeMode::Greedy
                       ? translate_greedy(model_, source_, to(), kMaxTranslationLength)
                       : translate_sampled(model_, source_, to(), temperature_, static_cast<std::uint64_t>(draw_), kMaxTranslationLength);
    // The pass reads exactly the tokens the decoder read, by id: row t is step t, also when
    // kMaxTranslationLength cut the sentence.
    TranslateExample ex{model_.ids(source_), to_language_id(to()), {}};
    for (std::size_t k = 0; k + 1 < translation_.steps.size(); ++k) ex.tgt.push_back(translation_.steps[k].chosen);
    pass_ = translate_forward(model_.params, model_.shape, ex);
    step_ = 0;
    slice();
}

void EncoderDecoder::slice() {
    if (translation_.steps.empty()) return;  // never: the decoder always takes a first step
    const Eigen::Index t = step_, rows = t + 1;
    q_ = pass_.Qs.row(t);
    K_ = pass_.Ks.topRows(rows);
    V_ = pass_.Vs.topRows(rows);
    w_ = pass_.As.row(t).head(rows);
    c_ = pass_.Ac.row(t);
    cached_ = uncached_ = 0;
    for (Eigen::Index k = 0; k <= t; ++k) {
        cached_ += translation_.steps[static_cast<std::size_t>(k)].ops_cached;
        uncached_ += translation_.steps[static_cast<std::size_t>(k)].ops_uncached;
    }
}

std::vector<std::string> EncoderDecoder::target_labels() const {
    std::vector<std::string> out;
    for (const DecoderStep& st : translation_.steps) out.push_back(model_.word(st.chosen));
    if (cut()) out.back() = "\xe2\x80\xa6";  // "…"
    return out;
}

std::vector<std::string> EncoderDecoder::input_labels() const {
    std::vector<std::string> out;
    for (int id : pass_.in) out.push_back(model_.word(id));
    return out;
}

std::vector<std::pair<int, float>> EncoderDecoder::top_next() const {
    // greedy: the model's probabilities over what the decoder may write (the words of the language
    // being written, and the end); sampled: those the draw used, p^(1/T) rescaled to sum to 1
    Eigen::RowVectorXf p = next_token_probs(pass_.logits.row(step_), to());
    if (mode_ == DecodeMode::Sampled) {
        const Eigen::RowVectorXd w = draw_weights(p, temperature_);
        p = (w / w.sum()).cast<float>();
    }
    std::vector<std::pair<int, float>> all;
    for (Eigen::Index k = 0; k < p.size(); ++k) all.emplace_back(static_cast<int>(k), p(k));
    const std::size_t keep = std::min<std::size_t>(kTopNext, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                      [](const auto& a, const auto& b) { return a.second > b.second || (a.second == b.second && a.first < b.first); });
    all.resize(keep);
    return all;
}

}  // namespace capiton
