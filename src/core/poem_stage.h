// capiton core: the poems stage (issue 10) — the poem model (gpt.h) on screen: what it writes after
// the student's start of a line, what each of its heads does (measured, labelled), one generation
// step through the lesson's formula with its KV cache, and its training in the page.
//
// The model in use is the trained preset (gpt_preset.h; a file the page fetches when the stage is
// first shown: load_preset()) or, once the student trains, the run's latest weights. Every number the
// UI shows is computed here, after each change (generate, a head or step chosen, new weights):
//
//   text    = [text start] + prompt + continuation          the window, n ≤ context ids: one forward
//                                                          pass sees exactly what generation saw
//   gallery = every head's weights on the text, (n, n) each, and its measured job:
//     induction   = gpt_heads.h's induction score, on repeated random sequences (kInductionPeriod …)
//     previous    = gpt_heads.h's previous-token score, on the same sequences (there only position can
//                   tell a head where to look)
//     punctuation = mean over rows i ≥ 1 of the text of the weight on the text start and punctuation
//                   (kPoemPunctuation) among columns j ≤ i
//     label (head_kind): induction if induction ≥ kHeadScoreShare, else previous-token if previous ≥
//                   kHeadScoreShare, else punctuation / line start if punctuation ≥ kPunctuationShare,
//                   else mixed
//   step k (writing continuation character k) for the selected head h of layer l, query row r = P + k
//   (P = the prompt's length; row r reads text[r] and predicts text[r + 1]):
//     q      = Q[r, h's columns]                            (1, d_k)
//     K, V   = K[0 … r, h's columns], V[0 … r, …]           (r + 1, d_k)   the KV cache
//     scores = q·Kᵀ,  scaled = scores / √d_k                (1, r + 1)
//     weights = softmax(scaled)                             (1, r + 1)
//     output = weights·V                                    (1, d_k)       into the heads' concat
//     next   = softmax(logits[r] / T) (T = 1 when greedy) without the unknown character (never
//              written): the five most probable characters
//
// Training (PoemJob): GptTrainer with kGptPageRun's settings from scratch on the poem corpus. In the
// page it runs in the training worker (training_wire.h: requests {"op": "poems", "do": action}, the
// snapshot's "poems" part); natively and in tests here, in slices between frames.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gpt.h"
#include "gpt_heads.h"
#include "gpt_preset.h"
#include "ids.h"
#include "json.h"
#include "matrix.h"
#include "poems.h"
#include "status.h"

namespace capiton {

// ---- the numbers the stage is made of, each named once --------------------------------------------
inline constexpr float kPunctuationShare = 0.5f;  // a head is a punctuation / line-start head from here
inline constexpr int kPoemContinuation = 24;      // characters written per generation, at most
inline constexpr int kPoemMinContinuation = 8;    // …and at least: the prompt leaves room for these
inline constexpr float kPoemMinTemperature = 0.1f, kPoemMaxTemperature = 2.0f;  // sampled
inline constexpr float kPoemDefaultTemperature = 0.8f;
inline constexpr std::uint64_t kPoemMaxSeed = 1000000;
inline constexpr int kPoemTopNext = 5;  // candidates shown for the next character
inline constexpr const char* kPoemPunctuation =
    "\xef\xbc\x8c\xe3\x80\x82\xef\xbc\x9f\xef\xbc\x81\xef\xbc\x9b\xef\xbc\x9a\xe3\x80\x81,.;:!?";  // ，。？！；：、 and
                                                                                                   // ASCII's
// Training: every kPoemHeldEvery steps the held-out loss over all the held-out Chinese poems (~90
// windows: the preset's held-out figure is measured on the same, so the two compare) and the best
// induction score of the heads (gpt_heads.h: the student watches the head form); a sample line every
// kPoemSampleEvery steps (kPoemSampleChars at kFormTemperature); the weights to the page every
// kPoemWeightsEvery steps (and whenever the run stops).
inline constexpr int kPoemHeldEvery = 25;
inline constexpr int kPoemSampleEvery = 50, kPoemSampleChars = 24;
inline constexpr int kPoemWeightsEvery = 20;
inline constexpr int kPoemMaxSteps = 100000;  // a run pauses itself there

// The default prompts: the start of a line in each language.
const char* default_poem_prompt(Language lang);

HeadKind head_kind(float induction, float previous, float punctuation);

// Base64 (RFC 4648, with padding): the weights travel in the worker's JSON snapshots this way.
std::string base64_encode(std::string_view bytes);
bool base64_decode(std::string_view text, std::string* out);  // false on anything but base64

// ---- training -------------------------------------------------------------------------------------
// What the run is measured by every kPoemHeldEvery steps.
struct PoemMeasure {
    int step = 0;
    float held = 0;       // held-out Chinese, nats per character
    float induction = 0;  // the best head's induction score (InductionReport::best_induction)
};

struct PoemProgress {
    int step = 0;
    bool running = false;
    std::vector<float> losses;           // one per step: the batch's nats per character
    std::vector<PoemMeasure> measures;   // every kPoemHeldEvery steps
    std::string sample;                  // the last sample line
    int sample_step = -1;                // …written after this many steps (−1: none yet)
    double seconds = 0;                  // wall time spent in the training steps (not the measures)
    double characters = 0;               // characters read in them (rows × context each step)
    // Training speed: characters read per second of steps, 0 before one.
    double characters_per_second() const { return seconds > 0 ? characters / seconds : 0.0; }
};

// A training run of the poem model, where it steps (the worker, or here). Its steps are virtual calls
// and a PoemStage makes one only through the PoemJobMaker it was given: the page's build, which trains
// in its worker, never gives one, so it carries none of the training code (backward, Adam: ~60 KB gzip).
class PoemJob {
public:
    // kGptPageRun unless told (the worker's wire test steps a cheaper run: tests/core/test_poem_stage.cpp)
    explicit PoemJob(std::shared_ptr<const PoemCorpus> corpus, const GptRun& run = kGptPageRun);
    virtual ~PoemJob() = default;
    virtual void act(PoemAction a);  // start / pause / one step (pauses) / restart (step 0, paused)
    virtual void slice(int steps);   // while running: up to `steps` steps (pauses itself at kPoemMaxSteps)
    bool running() const { return progress_.running; }
    const PoemProgress& progress() const { return progress_; }
    const GptTrainer& trainer() const { return *trainer_; }
    int run_id() const { return run_id_; }  // changes with every new run (restart)
    // The model as a preset file (half precision), the form weights travel in.
    virtual std::string weights_bytes() const;
    // The heads' report (gpt_heads.h) on the current weights, computed once per step: the measure
    // every kPoemHeldEvery steps and the weights shown every kPoemWeightsEvery steps share it.
    const InductionReport& report();

private:
    void fresh();  // a new run at step 0
    void one_step();
    std::shared_ptr<const PoemCorpus> corpus_;
    GptRun run_;
    std::unique_ptr<GptTrainer> trainer_;
    PoemProgress progress_;
    int run_id_ = 0;
    InductionReport report_;
    int report_run_ = -1, report_step_ = -1;  // the run and step report_ is of
};

using PoemJobMaker = std::unique_ptr<PoemJob> (*)(std::shared_ptr<const PoemCorpus> corpus);
std::unique_ptr<PoemJob> make_poem_job(std::shared_ptr<const PoemCorpus> corpus);  // a PoemJobMaker

// ---- what the stage shows -------------------------------------------------------------------------
struct PoemHead {
    int layer = 0, head = 0;
    HeadKind kind = HeadKind::Mixed;
    float induction = 0, previous = 0, punctuation = 0;
    Matrix weights;  // (n, n) on the text
};

struct PoemStep {
    int step = 0;  // which continuation character is written (0 …)
    int row = 0;   // its query row in the text
    int layer = 0, head = 0;
    Matrix q, K, V;                           // (1, d_k), (row + 1, d_k), (row + 1, d_k)
    Matrix scores, scaled, weights;           // (1, row + 1)
    Matrix output;                            // (1, d_k)
    std::vector<std::pair<int, float>> next;  // the kPoemTopNext most probable ids and their probabilities
    int chosen = 0;                           // the id written
    float chosen_p = 0;                       // its probability
};

class PoemStage {
public:
    // ---- the preset file
    PoemModelStatus status() const { return status_; }
    const std::string& error() const { return error_; }     // English, whole sentence (the page's state)
    const std::string& failure() const { return reason_; }  // why, as the page said it ("HTTP 404")
    bool wants_preset() const { return status_ == PoemModelStatus::Absent; }
    // A command asked for the model before the stage was ever shown: the app fetches the file then too.
    bool asked() const { return asked_; }
    void begin_loading();                        // Absent or Failed → Loading (the app fetches the file)
    Status load_preset(std::string_view bytes);  // a refused file: Failed, with why
    void preset_failed(const std::string& reason);
    void retry() {  // Failed → Absent: the app fetches the file again
        if (status_ == PoemModelStatus::Failed) status_ = PoemModelStatus::Absent;
    }
    // The poem corpus and the way to train here (natively: make_poem_job; the page's worker fetches its own).
    void set_corpus(std::shared_ptr<const PoemCorpus> corpus, PoemJobMaker maker) {
        corpus_ = std::move(corpus);
        maker_ = maker;
    }

    // ---- what the student does (each refused whole, or applied whole)
    // Continues `prompt` (its language sets the default when empty): temperature 0 greedy, else
    // sampled at it with a generator seeded by `seed` (1 … kPoemMaxSeed).
    Status generate(std::string_view prompt, float temperature, std::uint64_t seed);
    Status select_head(int layer, int head);  // from 0
    Status select_step(int step);             // 0 … continuation − 1
    Status use_preset();                      // the gallery shows the preset again (refused while training runs)
    void set_language(Language l);            // the default prompt follows the language until one is given

    // ---- training: in place Worker, each action queues a request (take_requests) and snapshots bring
    // the steps (receive); in place Here, slice() steps it.
    void set_worker(bool worker) { worker_ = worker; }
    bool worker() const { return worker_; }
    // request_seq (Worker): the sequence number of the request {"op": "poems", "do": action} Session queued
    Status train(PoemAction a, int request_seq = 0);
    void slice(int steps);                                          // Here
    Status receive(const json::Value& part, int seq, bool newest);  // the snapshot's "poems" part (Worker)
    const PoemProgress* progress() const { return progress_ ? &*progress_ : nullptr; }
    const std::string& training_error() const { return training_error_; }

    // ---- reads
    PoemSource source() const { return source_; }
    const GptShape& shape() const { return *shape_; }
    const CharVocab& vocab() const { return *vocab_; }
    const GptParams<float>& params() const { return *params_; }
    bool ready() const { return status_ == PoemModelStatus::Ready; }
    const std::string& prompt() const { return prompt_; }
    float temperature() const { return temperature_; }
    std::uint64_t seed() const { return seed_; }
    const std::string& continuation() const { return continuation_; }
    const std::vector<int>& text_ids() const { return text_; }  // [text start] + prompt + continuation
    int prompt_length() const { return prompt_length_; }        // characters
    int unknown_chars() const { return unknown_; }              // prompt characters the model never saw
    const std::vector<std::string>& unknown_list() const { return unknown_list_; }  // ... each once, in order
    int max_prompt() const;                                     // characters the model can take
    std::vector<std::string> text_labels() const;               // each id of text_ids as shown
    std::string label(int id) const;  // one character as shown (¶ the text start, · a space)
    const std::vector<PoemHead>& heads() const { return heads_; }
    const InductionReport& report() const { return report_; }
    int selected_layer() const { return layer_; }
    int selected_head() const { return head_; }
    const PoemStep& step() const { return step_; }
    const GptPass<float>& pass() const { return pass_; }  // the model in use over text_ (batch 1)
    int steps() const { return static_cast<int>(text_.size()) - 1 - prompt_length_; }
    float preset_held_loss() const { return preset_ ? preset_->held_loss : 0.0f; }

private:
    void adopt(const GptPresetFile& model, bool recompute_report, const InductionReport* report = nullptr);
    void regenerate();                                    // the continuation again, with the model in use
    std::string fitted(const std::string& prompt) const;  // its last max_prompt() characters
    void compute_view();
    void compute_step();
    void start_run_here();

    Status not_ready();  // why a command cannot run yet (Absent: the file is asked for now)

    PoemModelStatus status_ = PoemModelStatus::Absent;
    bool asked_ = false;
    std::string error_, reason_;
    std::shared_ptr<const GptPresetFile> preset_;
    GptPresetFile training_model_;  // the run's latest weights (valid when have_training_model_)
    bool have_training_model_ = false;
    PoemSource source_ = PoemSource::Preset;
    const GptShape* shape_ = nullptr;
    const CharVocab* vocab_ = nullptr;
    const GptParams<float>* params_ = nullptr;

    std::string prompt_;
    float temperature_ = 0.0f;
    std::uint64_t seed_ = 1;
    bool prompt_set_ = false;  // the student (or a command) gave one; else the language's default
    std::string continuation_;
    std::vector<int> text_;
    int prompt_length_ = 0, unknown_ = 0;
    std::vector<std::string> unknown_list_;
    std::vector<PoemHead> heads_;
    GptPass<float> pass_;  // the model in use over text_ (compute_view), read by the gallery and the step
    InductionReport report_;
    int layer_ = 0, head_ = 0, step_index_ = 0;
    PoemStep step_;

    bool worker_ = false;
    std::shared_ptr<const PoemCorpus> corpus_;
    PoemJobMaker maker_ = nullptr;
    std::unique_ptr<PoemJob> job_;  // Here
    std::optional<PoemProgress> progress_;
    int adopted_step_ = -1;  // the step whose weights are shown (Here)
    int run_from_ = 0;       // Worker: the request that began the current run
    std::string training_error_;

    Language lang_ = Language::En;  // the default prompt's language (Session keeps it in step)
};

// The worker's side of the poems job (training_wire.h): the corpus (fetched by the worker script),
// the run, and what changed since the last snapshot.
class PoemWorkerSide {
public:
    void set_corpus(std::string_view train_tsv, std::string_view held_tsv);
    void corpus_failed(const std::string& reason) { error_ = "The poem texts could not be loaded (" + reason + ")."; }
    // The run the first request makes (kGptPageRun unless told; a job keeps its run through restarts).
    void set_run(const GptRun& run) { run_ = run; }
    bool has_corpus() const { return corpus_ != nullptr; }
    Status act(PoemAction a);
    bool busy() const { return job_ && job_->running(); }
    void slice(int steps) {
        if (job_) job_->slice(steps);
    }
    void resync() { run_id_ = -1; }
    // Writes the "poems" part (a value: null or an object) of a snapshot.
    void write_snapshot(json::Writer& w);

private:
    std::shared_ptr<const PoemCorpus> corpus_;
    GptRun run_ = kGptPageRun;
    std::unique_ptr<PoemJob> job_;
    std::string error_;
    int run_id_ = -1, weights_step_ = -1;
    std::size_t losses_sent_ = 0, measures_sent_ = 0;
    int sample_sent_ = -2;
    bool error_sent_ = false;
};

}  // namespace capiton
