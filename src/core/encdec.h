// capiton core: the lesson's sentence through the small encoder–decoder (translate.h) — what the cross
// and decode stages show.
//
// The sentence is the source; the model writes it in the other language (a sentence with a Chinese
// character is read as Chinese and written in English, any other sentence the other way). The decoder
// writes greedily or by sampling (seeded, at a temperature); the tokens it read are then run again
// teacher forced (translate_forward, by id), which keeps every intermediate: the encoder's self-attention, the
// cross-attention's Q, K, V and its weights (the alignment), and the decoder's K and V. The KV-cached
// decoder gives the same rows (tests/core/test_translate.cpp), so the decode stage's cache at step t is
// rows 0 … t of that pass. The parameters are the translation preset, or seeded random numbers of the
// same sizes when the lesson's model switch says untrained.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ids.h"
#include "status.h"
#include "tokenizer.h"
#include "translate.h"

namespace capiton {

inline constexpr float kMinDecodeTemperature = 0.25f, kMaxDecodeTemperature = 4.0f;
inline constexpr float kDefaultDecodeTemperature = 1.0f;
inline constexpr int kMaxDraw = 1000000;       // sampled decoding's draws are numbered 1 … kMaxDraw
inline constexpr int kMaxTranslationLength = 16;  // words; a cut decoding took one step more (steps ≤ 17)
inline constexpr int kTopNext = 5;             // the next-token candidates the decode stage lists
inline constexpr std::uint64_t kUntrainedTranslateSeed = 1;

class EncoderDecoder {
public:
    // untrained until set_trained(true) (the lesson follows its model switch); the model is made by
    // the first set_trained or run
    EncoderDecoder();

    void set_trained(bool trained);  // the preset (when there is one) or seeded parameters; decodes again
    void run(const std::vector<std::string>& tokens);  // a new source sentence: decodes it, back to step 0
    // Each of these decodes again, back to step 0, when the value changes (the same value: nothing).
    Status set_mode(DecodeMode m);
    Status set_temperature(float t);     // sampled decoding: kMinDecodeTemperature … kMaxDecodeTemperature
    Status set_draw(int draw);           // sampled decoding: which seeded draw, 1 … kMaxDraw
    Status set_step(int step);           // the decode stage's step, 0 … steps() − 1 (at most kMaxTranslationLength)

    bool trained() const { return trained_; }
    const Translator& model() const { return model_; }
    Language from() const { return scripts_.language(); }  // the language most of its words are in
    const WordScripts& scripts() const { return scripts_; }  // its words of each language: mixed(), tie()
    Language to() const { return from() == Language::En ? Language::Zh : Language::En; }
    const std::vector<std::string>& source() const { return source_; }
    bool unknown(int i) const;  // source token i is not in the model's vocabulary (it reads as <unk>)
    DecodeMode mode() const { return mode_; }
    float temperature() const { return temperature_; }
    int draw() const { return draw_; }

    const Translation& translation() const { return translation_; }  // the words written and every step
    // How far the words written can be a translation of the source, counted in words (the cross and
    // decode stages say so for the trained model): NothingKnown when no source word is in the
    // vocabulary (the decoder reads only <unk>); MoreWritten when it wrote more than twice as many
    // words as it knew, each known word counted once (a decoder trained on whole sentences goes on as
    // they go on); Translated otherwise.
    enum class Reading { Translated, NothingKnown, MoreWritten };
    Reading reading() const;
    // The written sentence run again, teacher forced: (m = steps(), …) rows, row t the step that wrote
    // word t (the last row the step that wrote <eos>, unless kMaxTranslationLength cut it).
    const TranslateForward<float>& pass() const { return pass_; }
    // Whether kMaxTranslationLength stopped the decoding before it wrote <eos> (the sentence is cut).
    bool cut() const { return !translation_.steps.empty() && translation_.steps.back().chosen != kEosId; }
    // One per row of the alignment: the token that step chose ("<eos>" last; "…" when the length cut it).
    std::vector<std::string> target_labels() const;
    std::vector<std::string> input_labels() const;   // one per decoder row: the token read ("<zh>" / "<en>" first)

    // The decode stage at its step t.
    int steps() const { return static_cast<int>(translation_.steps.size()); }
    int step() const { return step_; }
    const DecoderStep& current() const { return translation_.steps[static_cast<std::size_t>(step_)]; }
    const Matrix& step_query() const { return q_; }         // (1, d): row t of Qs
    const Matrix& K_cache() const { return K_; }             // (t + 1, d): rows 0 … t of Ks
    const Matrix& V_cache() const { return V_; }             // (t + 1, d)
    const Matrix& step_weights() const { return w_; }        // (1, t + 1): row t of As, the rows it may see
    const Matrix& step_cross() const { return c_; }          // (1, n): row t of Ac
    long cached_so_far() const { return cached_; }          // multiply-adds of steps 0 … t with the cache
    long uncached_so_far() const { return uncached_; }      // … and without
    // The kTopNext most probable next tokens at step t (id, probability), most probable first: the
    // model's probabilities when greedy, the ones the draw used (p^(1/T), rescaled) when sampled.
    std::vector<std::pair<int, float>> top_next() const;

private:
    void decode();   // translation_ and pass_ from source_, mode_, temperature_, draw_; step 0
    void slice();    // the decode stage's matrices at step_

    Translator model_;
    bool trained_ = false, trained_wanted_ = false, loaded_ = false;
    std::vector<std::string> source_;
    std::vector<bool> unknown_;
    WordScripts scripts_;
    DecodeMode mode_ = DecodeMode::Greedy;
    float temperature_ = kDefaultDecodeTemperature;
    int draw_ = 1;
    Translation translation_;
    TranslateForward<float> pass_;
    int step_ = 0;
    Matrix q_, K_, V_, w_, c_;
    long cached_ = 0, uncached_ = 0;
};

}  // namespace capiton
