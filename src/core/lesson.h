// capiton core: the lesson — one sentence through one attention head, every stage kept.
//
// A Lesson holds the sentence, the configuration, the weights, the trace of the last valid sentence,
// the stage on screen and the selected token. The weights are seeded (untrained) unless a trained
// model is in use (use_model): then its embedding table, its positional encoding and its W_Q, W_K,
// W_V drive every stage, and a word it never saw gets a zero row of the table (only its position).
// Every change either succeeds completely or leaves the lesson exactly as it was (Status).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attention.h"
#include "encdec.h"
#include "experiments.h"
#include "ids.h"
#include "multihead.h"
#include "status.h"
#include "train.h"

namespace capiton {

// Where query i looks hardest, with the weight (for the "bird looks at sky" sentence).
struct Focus {
    int key = -1;
    float weight = 0.0f;
    // The row's weights are spread, nothing pinned: its largest under kPinnedWeight, or under
    // kPinnedShare times the even share 1/m over the m keys the row may see (the mask's; two words at
    // 0.5 each are not pinned), the bar at most kPinnedMost. Never for a row that sees one key.
    bool spread = false;
};
inline constexpr float kPinnedWeight = 0.4f, kPinnedShare = 1.5f, kPinnedMost = 0.7f;

// Does order matter? The sentence reversed and the sentence shifted by kPositionShift words, each
// through the same model without a mask (a causal mask brings order in by itself): how far each word's output row moves when the order is reversed (0 without
// position: attention alone sees a bag of words), and how far the score between the same two words
// moves when both stand kPositionShift places later (0 with rotary positions: only distance counts).
constexpr int kPositionShift = 3;
struct PositionDemo {
    std::vector<std::string> reversed, shifted;  // the two sentences' tokens
    float reverse_change = 0.0f;  // max |output of word i in the reversed sentence − in the sentence|
    float shift_change = 0.0f;    // max |score(i + shift, j + shift) in the shifted sentence − score(i, j)|
};

// What is lost when the same vectors do both jobs: the trace with Q = K = V = X (no projections).
struct SharedComparison {
    Trace shared;             // scores = X·Xᵀ, scaled by 1/√d_model
    bool shared_symmetric;    // always true: i→j equals j→i
    bool separate_symmetric;  // the real model: false in general
    int shared_self_rows;     // rows whose largest weight is on the token itself
    int separate_self_rows;
};

// A trained model as the lesson uses it: its words, its shape and its parameters.
// Which of the header's settings change what a stage shows: the formula stages (tokens … output) use
// all three, and so does the seq2seq demo (its encoder reads d_model, its "with attention" grid is the
// lesson's weights); the others run models of their own sizes (the
// heads and block stages, the translator, training tasks, the poem model) or none (similarity).
struct StageSettings {
    bool d_model = false, d_k = false, mask = false;
};
StageSettings settings_used_by(Stage s);

struct LessonModel {
    Task task;  // id, vocab, shape (the sentences are not needed here)
    Params<float> params;
};

class Lesson {
public:
    Lesson();  // the default sentence of English, seeded parameters, the first stage

    Status set_sentence(std::string_view text);
    void go_to(Stage s) { stage_ = s; }
    void next();
    void prev();
    Status set_mask(MaskKind m);
    Status set_position(PositionKind p);    // how position gets in (attention.h); kept across models
    Status set_dims(int d_model, int d_k);  // new dimensions draw new seeded parameters
    Status set_temperature(float t);        // softmax(masked / t); kMinTemperature … kMaxTemperature
    Status select_token(int index);         // -1 clears the selection
    Status set_heads(int heads) { refresh(); return heads_.set_heads(heads); }   // the heads stage: 1, 2 or 4 heads
    Status select_head(int head) { refresh(); return heads_.select_head(head); }  // 0 … heads − 1
    // The cross and decode stages (encdec.h): how the decoder picks, at which temperature and draw, and
    // the step shown (0-based). A new mode, temperature or draw decodes again from the first step.
    Status set_decoding(DecodeMode m) { refresh(); return translate_.set_mode(m); }
    Status set_decode_temperature(float t) { refresh(); return translate_.set_temperature(t); }
    Status set_draw(int draw) { refresh(); return translate_.set_draw(draw); }
    Status set_decode_step(int step) { refresh(); return translate_.set_step(step); }
    // A trained model drives every stage from now on (its d_model and d_k); nullopt: back to the
    // seeded parameters at the default sizes.
    void use_model(std::optional<LessonModel> model);

    const std::string& sentence() const { return sentence_; }
    const Config& config() const { return config_; }
    const Weights& weights() const { return weights_; }
    const Trace& trace() const { return trace_; }
    // The trained model's second attention layer on the same sentence (train.h: queries from
    // X + output · W_P, keys and values from X), or null when the model in use has one layer.
    const Trace* second_layer() const { return second_ ? &*second_ : nullptr; }
    const std::vector<std::string>& tokens() const { return trace_.tokens; }
    // The same sentence through a whole block with several heads (multihead.h): trained with the
    // trained model, seeded with the untrained one.
    const MultiHead& multi_head() const { refresh(); return heads_; }
    // The sentence translated by the small encoder–decoder (encdec.h): trained with the trained model,
    // seeded with the untrained one.
    const EncoderDecoder& encoder_decoder() const { refresh(); return translate_; }
    // The heads and decoding choices (what a link keeps), read without running either model: until
    // one is first asked for, nothing can have changed them from their defaults.
    int heads() const { return heads_.heads(); }
    int selected_head() const { return heads_.selected(); }
    DecodeMode decoding() const { return translate_.mode(); }
    float decode_temperature() const { return translate_.temperature(); }
    int draw() const { return translate_.draw(); }
    int decode_step() const { return translate_.step(); }
    Stage stage() const { return stage_; }
    int stage_index() const { return static_cast<int>(stage_); }
    int selected_token() const { return selected_; }
    const LessonModel* model() const { return model_ ? &*model_ : nullptr; }
    ModelKind model_kind() const { return model_ ? ModelKind::Trained : ModelKind::Untrained; }
    // Token i is a word the trained model in use never saw: its row of the table is zero, so only its
    // position enters (always false with seeded parameters: every word gets a seeded row).
    bool unknown_to_model(int i) const;
    // The same for the model the stage on screen computes with: the block's own (multi_head()) on the
    // heads and block stages, the lesson's elsewhere. What the stage marks "(?)".
    bool unknown_on_stage(int i) const;

    Focus focus_of(int query) const;
    // The key whose score with the query is highest (the scores stage's row, before any mask or
    // softmax: with the causal mask it may be a later token, which the weights then leave out);
    // Focus::weight holds that score.
    Focus best_match_of(int query) const;
    // The query the annotations talk about: the selected token, else "it" / 它, else the first word that
    // asks in the small world (an animal, "apple"), else index 3 (or the last token of a shorter sentence)
    // if the model knows that word, else the known word nearest to it (before it first), else index 3.
    int annotated_query() const;
    SharedComparison shared_comparison() const;
    PositionDemo position_demo() const;
    // Softmax of one row of masked / T, its logits multiplied by `boost`, computed naively and stably.
    SoftmaxDemo softmax_demo(int row, float boost) const;

private:
    // The trace of other tokens with this lesson's model and config c (the sentence's own way in).
    Trace trace_of(const std::vector<std::string>& tokens, const Config& c, const Weights& w) const;
    Status recompute(const std::vector<std::string>& tokens, const Config& c, const Weights& w);
    // The heads and the translation follow the sentence and the model, but are first run when they
    // are first asked for (their stages, the state); from then on at once, as before, so that a
    // reference to either never goes stale. (Run when the app started, they took an eighth of the
    // first frame's time in the browser, for stages not on screen.) Reading a Lesson may so change
    // it: like every Session, one thread's.
    void refresh() const;
    void changed();  // the sentence or the model: refresh now, or when first asked for

    std::string sentence_;
    Config config_;
    Weights weights_;
    Trace trace_;
    std::optional<Trace> second_;  // with a two-layer model (recompute)
    mutable MultiHead heads_;          // the heads and block stages (refresh runs it on the sentence)
    mutable EncoderDecoder translate_; // the cross and decode stages (refresh runs it on a new sentence)
    mutable bool stale_ = true;        // the sentence or the model changed since refresh
    mutable bool asked_ = false;       // refresh has run: keep them current from now on
    Stage stage_ = Stage::Seq2Seq;
    int selected_ = -1;
    std::optional<LessonModel> model_;
    std::vector<bool> unknown_;  // per token of the trace: not in the model's vocabulary (recompute)
};

}  // namespace capiton
