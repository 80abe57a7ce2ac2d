// capiton core: the lesson's state, drivable without any window (tests and the page hook use it).
//
// A Session holds the sentence, the configuration, the weights, the trace of the last valid
// sentence and where the student is in the stepper. Every change either succeeds completely or
// leaves the session exactly as it was and returns an error message.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "apple.h"
#include "attention.h"
#include "experiments.h"
#include "seq2seq.h"
#include "similarity.h"
#include "train.h"

namespace capiton {

// The stepper, in lesson order. Core, UI and tests all walk stages in this order. The first two come
// before the formula: why attention exists (seq2seq) and how vectors are compared (similarity).
// After the formula, `training`: the weights learn (a small task trains in the page).
enum class Stage { Seq2Seq, Similarity, Tokens, Embedding, Projection, Scores, Scale, Mask, Softmax, Weighting, Output, Training };
constexpr int kStageCount = 12;

const char* stage_id(Stage s);                               // "tokens", "embedding", …
bool stage_from_id(std::string_view id, Stage* out);         // false for an unknown id
constexpr std::array<Stage, kStageCount> kAllStages = {
    Stage::Seq2Seq, Stage::Similarity, Stage::Tokens,  Stage::Embedding, Stage::Projection, Stage::Scores,
    Stage::Scale,   Stage::Mask,       Stage::Softmax, Stage::Weighting, Stage::Output, Stage::Training};

constexpr int kSeq2SeqMinLength = 2, kSeq2SeqMaxLength = 48;

// Annotation layers a student (or an embedding page) can switch on: the search-engine analogy, the
// signifier/signified analogy, the two meanings of "apple" (hand-set weights),
// and the comparison with one vector doing every job ("qkv").
constexpr std::array<const char*, 4> kLayerIds = {"search", "signifier", "apple", "qkv"};

// What is lost when the same vectors do both jobs: the trace with Q = K = V = X (no projections).
struct SharedComparison {
    Trace shared;             // scores = X·Xᵀ, scaled by 1/√d_model
    bool shared_symmetric;    // always true: i→j equals j→i
    bool separate_symmetric;  // the real model: false in general
    int shared_self_rows;     // rows whose largest weight is on the token itself
    int separate_self_rows;
};
constexpr float kSimilarityRange = 4.0f;  // the 2-D vectors live in [-4, 4]²

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

// A trained model in the lesson (a preset, or the one training now): its words and parameters. With
// one loaded, every stage computes with its embedding table (a word it does not know gets a zero
// row: only its position), its positional encoding and its W_Q, W_K, W_V.
struct TrainingState {
    std::string task;
    int step = 0;
    float loss = 0.0f;      // mean loss of the last training step (presets: of their last step)
    float accuracy = 0.0f;  // on the task's test sentences
    bool running = false;
    bool preset = false;    // loaded ready-made, not trained here
    std::vector<float> losses, accuracies;  // per step, and every kAccuracyEvery steps
    // How far W_Q, W_K, W_V have moved from where training started: ‖W − W₀‖ / ‖W₀‖ (presets: 0).
    float moved[3] = {0, 0, 0};
};
constexpr int kAccuracyEvery = 10;

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
    Status set_temperature(float t);        // softmax(masked / t); kMinTemperature … kMaxTemperature
    const std::vector<ScaleStats>& scale_sweep() const { return sweep_; }  // the √d_k experiment
    // Softmax of one row of masked / T, its logits multiplied by `boost`, computed naively and stably.
    SoftmaxDemo softmax_demo(int row, float boost) const;
    Status select_token(int index);         // -1 clears the selection
    Status set_language(std::string_view lang);  // "en" or "zh"; the UI's language, kept with the lesson
    // seq2seq stage: the sentence lengthened (or cut) to n words, encoded into one fixed vector.
    Status set_seq2seq_length(int n);
    Status set_layer(std::string_view layer, bool on);  // a kLayerIds entry
    Status set_theme(std::string_view theme);            // "light" or "dark"
    // Predict-then-reveal: the option the student chose on a stage (revealed from then on), or none.
    Status answer(std::string_view stage_id, int choice);
    int answer_of(Stage st) const;  // -1 when not answered
    void reset_answers() { answers_.clear(); }
    // "stage:choice,stage:choice" for storage (localStorage on the web); restore() ignores bad parts.
    std::string answers_text() const;
    void restore_answers(std::string_view text);
    const std::string& theme() const { return theme_; }
    bool layer_on(std::string_view layer) const { return layers_.count(std::string(layer)) != 0; }
    // The query the annotations talk about: the selected token, else "bird"-like default (index 3, or
    // the last token of a shorter sentence).
    int annotated_query() const;
    SharedComparison shared_comparison() const;
    // similarity stage: the two 2-D vectors (each coordinate clamped to ±kSimilarityRange).
    void set_similarity_vectors(float ax, float ay, float bx, float by);

    const std::string& sentence() const { return sentence_; }
    const Config& config() const { return config_; }
    const Weights& weights() const { return weights_; }
    const Trace& trace() const { return trace_; }
    Stage stage() const { return stage_; }
    int stage_index() const { return static_cast<int>(stage_); }
    int selected_token() const { return selected_; }
    const std::string& language() const { return language_; }
    int seq2seq_length() const { return seq2seq_length_; }
    const Seq2Seq& seq2seq() const { return seq2seq_; }
    const float* similarity_vectors() const { return sim_; }  // ax, ay, bx, by
    Similarity similarity() const { return similarity_2d(sim_[0], sim_[1], sim_[2], sim_[3]); }
    Focus focus_of(int query) const;

    // Trained models. train() starts (or resumes) training on a task id ("apple", "lookback",
    // "birdsky") with the given learning rate and d_k; train_slice() does some steps (the page calls
    // it between frames while running); pause() stops; load_preset() loads a task's stored weights.
    // unload_model() goes back to the untrained weights.
    Status train(std::string_view task, float lr = 0.02f, int d_k = 8);
    void pause();
    void train_slice(int steps);
    Status load_preset(std::string_view task);
    void unload_model();
    const TrainingState* training() const { return learned_ ? &training_ : nullptr; }
    const Trainer* trainer() const { return trainer_.get(); }
    const Task* learned_task() const { return learned_ ? &learned_task_ : nullptr; }
    const Params<float>& learned_params() const { return learned_params_; }
    // The training view's example: test sentence `index` of the model in use (clamped), its forward
    // pass and its words. False when no model is loaded.
    bool training_example(int index, Forward<float>* f, std::vector<std::string>* words) const;
    int training_examples() const { return learned_ ? static_cast<int>(learned_task_.test.size()) : 0; }
    // With the apple task's model in use: the output of "apple" in every test sentence on a plane
    // (kept up to date while training). Null for other tasks.
    const AppleCloud* apple_cloud() const { return learned_ && learned_task_.id == "apple" ? &apple_cloud_ : nullptr; }

    // The √d_k experiment, trained (ScalingRace): start_race() starts it again from step 0;
    // race_slice() does some steps of both runs while running; it stops by itself at the end.
    // resume_race() goes on after pause_race() (or starts when there is no race yet).
    void start_race();
    void pause_race() { race_running_ = false; }
    void resume_race();
    void race_slice(int steps);
    const ScalingRace* race() const { return race_.get(); }
    bool race_running() const { return race_running_; }

    // The whole state as one JSON object: {stage, stageIndex, stages, sentence, tokens, lang, d_model,
    // d_k, t (temperature), mask, selectedToken, theme, layers, answers: {stage: {choice, correct}}, seq2seq: {length, tokens, influence}, similarity: {a, b, dot, cosine},
    // training: {task, step, loss, accuracy, running, preset, moved: {W_Q, W_K, W_V}, appleCloud:
    // {separated, explained} (apple only)} or null, scalingRace: {step, steps, d_k, running, scaled:
    // {loss, accuracy}, raw: {loss, accuracy}} or null (loss is null before the first step, accuracy
    // until the last),
    // matrices: {X, W_Q, W_K, W_V, Q, K, V, scores, scaled, masked,
    // weights, output, embedding, position}}.
    std::string state_json() const;

private:
    Status recompute(const std::vector<std::string>& tokens, const Config& c, const Weights& w);

    std::string sentence_;
    Config config_;
    Weights weights_;
    Trace trace_;
    Stage stage_ = Stage::Seq2Seq;
    void recompute_seq2seq();

    int selected_ = -1;
    std::string language_ = "en";
    int seq2seq_length_ = 7;
    Encoder encoder_;
    Seq2Seq seq2seq_;
    float sim_[4] = {3.0f, 1.0f, 1.5f, 2.5f};
    std::set<std::string> layers_;
    std::string theme_ = "light";
    std::vector<ScaleStats> sweep_;
    std::map<Stage, int> answers_;

    // The trained model in use (learned_), the training run behind it (trainer_, null for a preset).
    bool learned_ = false;
    Task learned_task_;
    Params<float> learned_params_;
    std::unique_ptr<Trainer> trainer_;
    TrainingState training_;
    AppleCloud apple_cloud_;
    void use_learned(const Task& task, const Params<float>& p);
    std::unique_ptr<ScalingRace> race_;
    bool race_running_ = false;
};

}  // namespace capiton
