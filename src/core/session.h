// capiton core: the lesson's state, drivable without any window (tests and the page hook use it).
//
// A Session holds the sentence, the configuration, the weights, the trace of the last valid
// sentence and where the student is in the stepper. Every change either succeeds completely or
// leaves the session exactly as it was and returns an error message.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "attention.h"

namespace capiton {

// The stepper, in lesson order. Core, UI and tests all walk stages in this order.
enum class Stage { Tokens, Embedding, Projection, Scores, Scale, Mask, Softmax, Weighting, Output };
constexpr int kStageCount = 9;

const char* stage_id(Stage s);                               // "tokens", "embedding", …
bool stage_from_id(std::string_view id, Stage* out);         // false for an unknown id
constexpr std::array<Stage, kStageCount> kAllStages = {Stage::Tokens,  Stage::Embedding, Stage::Projection,
                                                       Stage::Scores,  Stage::Scale,     Stage::Mask,
                                                       Stage::Softmax, Stage::Weighting, Stage::Output};

constexpr const char* kDefaultSentence = "I saw a bird in the sky";

struct Status {
    std::string error;                     // empty when ok; English
    const char* error_key = nullptr;       // catalog key of the same message, when it has one
    unsigned long error_args[2] = {0, 0};  // its printf arguments
    bool ok() const { return error.empty(); }
};

// Where query i looks hardest, with the weight (for the "bird looks at sky" sentence).
struct Focus {
    int key = -1;
    float weight = 0.0f;
};

class Session {
public:
    Session();

    Status set_sentence(std::string_view text);
    Status go_to(std::string_view stage_id);
    void go_to(Stage s) { stage_ = s; }
    void next();
    void prev();
    Status set_mask(MaskKind m);
    Status set_dims(int d_model, int d_k);  // new dimensions draw new weights
    Status select_token(int index);         // -1 clears the selection
    Status set_language(std::string_view lang);  // "en" or "zh"; the UI's language, kept with the lesson

    const std::string& sentence() const { return sentence_; }
    const Config& config() const { return config_; }
    const Weights& weights() const { return weights_; }
    const Trace& trace() const { return trace_; }
    Stage stage() const { return stage_; }
    int stage_index() const { return static_cast<int>(stage_); }
    int selected_token() const { return selected_; }
    const std::string& language() const { return language_; }
    Focus focus_of(int query) const;

    // The whole state as one JSON object: {stage, stageIndex, stages, sentence, tokens, lang, d_model,
    // d_k, mask, selectedToken, matrices: {X, W_Q, W_K, W_V, Q, K, V, scores, scaled, masked,
    // weights, output, embedding, position}}.
    std::string state_json() const;

private:
    Status recompute(const std::vector<std::string>& tokens, const Config& c, const Weights& w);

    std::string sentence_;
    Config config_;
    Weights weights_;
    Trace trace_;
    Stage stage_ = Stage::Tokens;
    int selected_ = -1;
    std::string language_ = "en";
};

}  // namespace capiton
