// capiton core: everything the student can change, drivable without any window (tests, the page).
//
// A Session is made of parts, each with one job:
//   lesson()    the sentence through one attention head, every stage kept (lesson.h)
//   prefs()     language, theme, annotation layers; progress(): the predict-then-check answers
//   demos()     the seq2seq and similarity demos, the √d_k sweep (demos.h)
//   training()  the model that learns (or was trained) and the √d_k comparison (training.h)
//   poems()     the poem model: what it writes, its heads, one generation step, its training (poem_stage.h)
// The parts are read directly; every change goes through the Session, which keeps them in step (a
// new sentence re-runs the seq2seq demo, a trained model drives the lesson, a language brings its
// default sentence). Every change either succeeds completely or leaves the session exactly as it
// was and says why (Status). Ids from outside (links, page commands) are parsed where they arrive
// (fragment.h, commands.h); the Session takes the enums of ids.h.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "demos.h"
#include "ids.h"
#include "json.h"
#include "lesson.h"
#include "poem_stage.h"
#include "preferences.h"
#include "questions.h"
#include "status.h"
#include "training.h"

namespace capiton {

class Session {
public:
    Session();

    const Lesson& lesson() const { return lesson_; }
    const Preferences& prefs() const { return prefs_; }
    const Progress& progress() const { return progress_; }
    const Demos& demos() const { return demos_; }
    const Training& training() const { return training_; }
    const PoemStage& poems() const { return poems_; }

    // ---- the lesson
    Status set_sentence(std::string_view text);  // the seq2seq demo starts again from its length
    // Reset: the language's example sentence, no word followed by choice, and the formula stages'
    // settings as a first visit has them (no mask, temperature 1, sinusoidal positions, the trained
    // model at its sizes). Language, theme, analogies, answers and the other stages' choices stay.
    void reset_lesson();
    void go_to(Stage s) { lesson_.go_to(s); }
    void next() { lesson_.next(); }
    void prev() { lesson_.prev(); }
    Status set_mask(MaskKind m) { return lesson_.set_mask(m); }
    Status set_position(PositionKind p) { return lesson_.set_position(p); }
    Status set_heads(int heads) { return lesson_.set_heads(heads); }  // the heads stage: 1, 2 or 4
    Status select_head(int head) { return lesson_.select_head(head); }  // 0 … heads − 1
    Status set_decoding(DecodeMode m) { return lesson_.set_decoding(m); }  // the cross and decode stages
    Status set_decode_temperature(float t) { return lesson_.set_decode_temperature(t); }
    Status set_draw(int draw) { return lesson_.set_draw(draw); }
    Status set_decode_step(int step) { return lesson_.set_decode_step(step); }  // 0 … steps − 1
    // Other sizes than a trained model's: seeded parameters. Back to the sizes the trained model was left
    // at, the trained model comes back (unless Untrained was asked for, or another model came, since).
    Status set_dims(int d_model, int d_k);
    // Trained: the model in use (the training view's run or preset, else the small world's).
    // Untrained: seeded weights at the default sizes (the small world's: a preset of other sizes is
    // left for d_model 8, d_k 4), or at the sizes in use if untrained already; a training run is kept
    // (and goes on if it was running) in the training stage, and Trained brings its model back.
    void set_model(ModelKind m);
    std::pair<int, int> trained_sizes() const;  // (d_model, d_k) of the model Trained would bring
    Status set_temperature(float t) { return lesson_.set_temperature(t); }
    Status select_token(int index) { return lesson_.select_token(index); }

    // ---- preferences and progress
    // A sentence that is the old language's default sentence becomes the new one's.
    void set_language(Language lang);
    void set_theme(Theme t) { prefs_.theme = t; }
    void set_layer(Layer l, bool on) { prefs_.set_layer(l, on); }
    Status answer(Stage st, int choice);  // a stage without a question, or no such option: refused
    // The choice made for the stage's question as it is now; -1 when not answered, or when the sentence
    // or the model changed the question since
    int answer_of(Stage st) const;
    // The answers to the questions as they are now (not those to another sentence's), each with its
    // question: what state() and storage hold.
    struct CurrentAnswer {
        Stage stage;
        int choice;
        Question question;
    };
    std::vector<CurrentAnswer> current_answers() const;
    // "stage:choice@tag,…" (questions.h: question_tag): current_answers(), for storage
    std::string answers_text() const;
    void reset_answers() { progress_.reset(); }
    // answers_text() of an earlier visit, once the link has set the sentence and the model: each answer
    // is restored only to the question it answered (a tagless answer, stored before tags were, to the
    // stage's question as it is)
    void restore_answers(std::string_view text);

    // ---- the last link's parts that could not be used (apply_link): shown until dismissed
    const std::vector<Note>& link_notes() const { return link_notes_; }
    void set_link_notes(std::vector<Note> notes) { link_notes_ = std::move(notes); }
    void dismiss_link_notes() { link_notes_.clear(); }

    // ---- demos
    Status set_seq2seq_length(int n);
    void set_similarity_vectors(float ax, float ay, float bx, float by) { demos_.set_similarity_vectors(ax, ay, bx, by); }

    // ---- training: its model drives every stage while in use
    // Starts, or resumes the same run; until > 0: pauses by itself at that step. A new run drives the
    // lesson (the switch goes back to trained); a resumed one leaves the switch as it is.
    Status train(TaskId task, float lr = 0.02f, int d_k = 8, int until = 0);
    // Where a run started as the Train button (or the page's `train`) starts one pauses by itself: where
    // the task's stored run ended (the curves then show the learning, not thousands of steps after
    // it), unless the run it resumes is already past that (0: it goes on).
    int stop_at(TaskId task, int d_k) const;
    void pause() { training_.pause(); }
    void train_slice(int steps, bool measure_now = false);  // Training::slice
    void train_for(double now_ms, int* slice_steps, double budget_ms, int max_steps);  // Training::step_for (the app's frames)
    void set_training_pace(Pace p) { training_.set_pace(p); }
    Status load_preset(TaskId task);
    void unload_model();  // the training view's model put away: back to the seeded parameters
    void start_race() { training_.start_race(); }
    void pause_race() { training_.pause_race(); }
    void resume_race() { training_.resume_race(); }
    void race_slice(int steps) { training_.race_slice(steps); }
    // Training in the page's worker (training.h, training_wire.h): the app sets the place, sends the
    // queued requests to the worker and hands its snapshots here.
    void set_training_place(TrainingPlace p);
    std::vector<std::string> take_training_requests() { return training_.take_requests(); }
    Status training_snapshot(std::string_view json_text);

    // ---- the poems stage (poem_stage.h): the preset file comes from the app (fetched on demand)
    void begin_loading_poems() { poems_.begin_loading(); }
    Status load_poem_preset(std::string_view bytes) { return poems_.load_preset(bytes); }
    void poem_preset_failed(const std::string& reason) { poems_.preset_failed(reason); }
    void retry_poems() { poems_.retry(); }
    void set_poem_corpus(std::shared_ptr<const PoemCorpus> c, PoemJobMaker maker) { poems_.set_corpus(std::move(c), maker); }
    Status generate_poem(std::string_view prompt, float temperature, std::uint64_t seed) {
        return poems_.generate(prompt, temperature, seed);
    }
    Status select_poem_head(int layer, int head) { return poems_.select_head(layer, head); }
    Status select_poem_step(int step) { return poems_.select_step(step); }
    Status use_poem_preset() { return poems_.use_preset(); }
    Status train_poems(PoemAction a);  // in the worker (queued like training's requests) or here
    void poems_slice(int steps) { poems_.slice(steps); }

private:
    void model_changed();  // the lesson follows the training's model in use, unless seeded_
    void use_model(ModelKind m);  // set_model's work, without forgetting left_at_

    bool seeded_ = false;  // the student asked for seeded weights (the switch, other sizes)
    // The sizes (d_model, d_k) at which other sizes left the trained model; {0, 0}: it was not left so,
    // or another model came since (a preset, a new run, none).
    std::pair<int, int> left_at_ = {0, 0};
    Lesson lesson_;
    Preferences prefs_;
    Progress progress_;
    Demos demos_;
    Training training_;
    PoemStage poems_;
    std::vector<Note> link_notes_;
};

// Language for a language tag ("zh-CN", "en-GB", a POSIX "zh_CN.UTF-8"): the language whose id is its first
// part; any other tag gets the first language of the table (English).
Language language_for_tag(std::string_view tag);

// The whole state as one JSON object for the page (docs/page-hook.md, state()); write_state()
// writes the same fields into an object the caller has opened (the page adds its own).
std::string state_json(const Session& s);
void write_state(json::Writer& w, const Session& s);

}  // namespace capiton
