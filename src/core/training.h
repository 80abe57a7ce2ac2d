// capiton core: the models that learn in the page.
//
// Training holds the trained model in use (a stored preset, or the one training now) and the run
// behind it; and the √d_k comparison (ScalingRace), trained beside it. The lesson shows whatever
// model is in use (Session passes lesson_model() to the Lesson).
//
// Where the steps are taken (TrainingPlace):
//   Here    the runs step in slices between frames (slice(), race_slice()): the tests, and the page
//           (or the desktop build) when its worker (or thread) cannot start.
//   Worker  the page's training worker steps them (src/app/train_worker.cpp, web/capiton-train-worker.js),
//           or the desktop build's training thread (training_thread.h).
//           Every call below still changes this state at once, as Here — a new run's step 0 is built
//           here, so the lesson shows the untrained model without waiting — and also queues a request
//           (take_requests()); the worker runs a Training of its own (place Here) that receives the same
//           calls, and its snapshots (receive()) bring the steps it took. Both sides make the same
//           decisions from the same calls, so they agree on which run is current (training_wire.h).
#pragma once

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apple.h"
#include "curve.h"
#include "json.h"
#include "ids.h"
#include "lesson.h"
#include "status.h"
#include "train.h"

namespace capiton {

// The accuracy curve: a point every kAccuracyEvery training steps, or a multiple of it for a larger test
// set, so that the test sentences evaluated come to at most kAccuracyPerStep per training step on
// average (half a batch: evaluating cost the small world's 512 test sentences more than training).
constexpr int kAccuracyEvery = 10;
constexpr int kAccuracyPerStep = 16;
constexpr int accuracy_every(std::size_t test_sentences) {
    const std::size_t per_point = static_cast<std::size_t>(kAccuracyEvery) * kAccuracyPerStep;
    const std::size_t multiple = (test_sentences + per_point - 1) / per_point;
    return kAccuracyEvery * static_cast<int>(multiple > 1 ? multiple : 1);
}
constexpr int kMaxTrainingSteps = 100000;  // where a run pauses by itself, the largest `until`

// Runs `steps` steps of some training through `run`, then adapts `steps` so that a slice takes about
// `budget_ms`: doubled (to at most `max_steps`) when it took under half of it, halved when over one
// and a half times it. Between frames (src/app/main.cpp) and in the worker (TrainingWorker::run_for).
template <class Run>
void timed_slice(int& steps, double budget_ms, int max_steps, Run run) {
    const auto start = std::chrono::steady_clock::now();
    run(steps);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (ms < 0.5 * budget_ms) steps = std::min(steps * 2, max_steps);
    else if (ms > 1.5 * budget_ms) steps = std::max(steps / 2, 1);
}

// Steps a second at each pace (0: as many as the machine can take).
constexpr int steps_per_second(Pace p) { return p == Pace::Slow ? 2 : p == Pace::Steady ? 10 : 0; }
constexpr int kUnpaced = -1;  // Training::due() at full pace: step as much as the time budget allows

// Keeps a paced run to its steps a second, whoever steps it (the page between frames, the worker, the
// desktop's thread). Time is the caller's clock in milliseconds.
class Pacer {
public:
    // The steps owed at now_ms: per_second × the time since the last call, the fraction carried over;
    // the first call after restart() owes one step at once. At most kMaxBurstMs's worth (and at least
    // one step) at a time: a hidden tab, whose timers slow to once a second or less, does not race
    // through what it missed.
    int due(double now_ms, int per_second);
    double wait_ms(double now_ms, int per_second) const;  // until due() owes a step (0: now)
    void restart() { started_ = false; }
    static constexpr double kMaxBurstMs = 250.0;

private:
    bool started_ = false;
    double last_ms_ = 0.0, owed_ = 0.0;
};

// The model in use, as the page and the training view report it.
struct TrainingState {
    TaskId task = TaskId::Apple;
    int step = 0;
    float loss = 0.0f;      // mean loss of the last training step (presets: over the test sentences)
    float median_loss = -1.0f;  // presets: the median test sentence's loss (the mean is led by confident mistakes); −1 for a run
    float accuracy = 0.0f;  // on the task's test sentences (of the weights now, or the curve's last point at full pace)
    bool running = false;
    bool preset = false;    // loaded ready-made, not trained here
    // Per step, and every accuracy_every(test sentences) steps (the first before any step): bounded however long the
    // run, as curves of at most Curve::kMaxPoints points.
    Curve losses, accuracies;
    // How far W_Q, W_K, W_V have moved from where training started: ‖W − W₀‖ / ‖W₀‖ (presets: 0).
    float moved[kProjections.size()] = {0, 0, 0};  // in the order of kProjections
};

// What the √d_k comparison shows, wherever it runs: both runs' losses so far, how sharp their
// attention was before training, their accuracy once done.
struct RaceProgress {
    struct Side {
        std::vector<float> losses;      // one per step
        float top_weight_start = -1.0f;  // mean_top_weight before training (−1: not known yet)
        float accuracy = -1.0f;          // on the test sentences once done (−1 before)
    };
    Side scaled, raw;
    bool running = false;
    int step() const { return static_cast<int>(scaled.losses.size()); }
    bool done() const { return step() >= ScalingRace::kSteps; }
};

enum class TrainingPlace { Here, Worker };

// The small world's trained model (world.h, its preset), as the lesson uses it: the default model.
const LessonModel& world_model();

class Training {
public:
    // Starts training a task (or resumes the run of the same task and d_k) with this learning rate;
    // until > 0: the run pauses by itself once it has taken that many steps (kMaxTrainingSteps at most,
    // where every run pauses, so that a forgotten tab does not train for ever; its curves are bounded anyway).
    Status train(TaskId task, float lr, int d_k, int until = 0);
    void pause();
    // Some steps of the run, when there is one (Worker: queued). measure_now: the status's accuracy is
    // measured on the weights after them (a student's click on Step; a paced run always is), else at
    // full pace it is the curve's last point (measuring every slice would cost more than the steps).
    void slice(int steps, bool measure_now = false);
    // How fast runs go (this run and the next; Steady at first). due(): the steps the running run owes
    // at now_ms at its pace (0 while it is not running), or kUnpaced at full pace. Here, the caller of
    // slice() asks; in place Worker the worker's own Training does.
    void set_pace(Pace p);
    Pace pace() const { return pace_; }
    int due(double now_ms);
    double ms_until_due(double now_ms) const;  // how long a paced run's stepper may sleep (0: full pace)
    // Steps the running run as its pace says at now_ms: a paced run the steps it owes, one at full pace
    // a timed_slice of *slice_steps steps (adapted to budget_ms, at most max_steps). The worker's turn
    // and the page's frame both step this way.
    void step_for(double now_ms, int* slice_steps, double budget_ms, int max_steps);
    // Whether train(task, …, d_k) would resume the run in use rather than start a new one.
    bool resumes(TaskId task, int d_k) const {
        return trainer_ && active_ && state_.task == task && trainer_->task.shape.d_k == d_k;
    }
    Status load_preset(TaskId task);  // the task's stored weights, at once
    void unload();                // no model in use

    // ---- where the steps are taken (see the top of this file)
    TrainingPlace place() const { return place_; }
    // Worker → Here when the page's worker cannot start: the current run starts again here from step 0.
    void set_place(TrainingPlace p);
    std::vector<std::string> take_requests() { return std::move(requests_); }  // Worker: JSON texts, in order
    // Worker: queues another part's request (the poems stage's): w is an open object; returns its
    // sequence number. requests_sent(): the last sequence number given.
    int queue_request(json::Writer& w) {
        request(w);
        return sent_;
    }
    int requests_sent() const { return sent_; }
    // Worker: a snapshot (training_wire.h); *weights_changed tells whether the model in use changed.
    Status receive(const json::Value& snapshot, bool* weights_changed);

    // The model in use, or null.
    const TrainingState* state() const { return active_ ? &state_ : nullptr; }
    const Trainer* trainer() const { return trainer_.get(); }
    const Task* task() const { return active_ ? &task_ : nullptr; }
    const Params<float>& params() const { return params_; }
    std::optional<LessonModel> lesson_model() const;  // nullopt when none is in use
    // The training view's example: test sentence `index` of the model in use (clamped), its forward
    // pass and its words. False when no model is in use.
    bool example(int index, Forward<float>* f, std::vector<std::string>* words) const;
    int examples() const { return active_ ? static_cast<int>(task_.test.size()) : 0; }
    // The first test sentence written in `lang` (Chinese: its first word is), else 0: the example the
    // training view starts from, so that an English page shows an English sentence first.
    int first_example_in(Language lang) const;
    // With the apple task's model in use: the output of "apple" in every test sentence on a plane
    // (made when first asked for after the weights changed: a worker never pays for it). Null for
    // other tasks.
    const AppleCloud* apple_cloud() const;

    // The √d_k comparison: start_race() starts it again from step 0; race_slice() steps both runs while
    // running and stops by itself at the end; resume_race() goes on after pause_race() (or starts).
    void start_race();
    void pause_race();
    void resume_race();
    void race_slice(int steps);
    const ScalingRace* race() const { return race_.get(); }  // the race stepped here (null in Worker place)
    const RaceProgress* race_progress() const { return progress_ ? &*progress_ : nullptr; }
    bool race_running() const { return progress_ && progress_->running; }

    // Counters that change whenever the run (or the race) is replaced or put away: a snapshot of an
    // older one is not applied (training_wire.h).
    int run_id() const { return run_id_; }
    int race_id() const { return race_id_; }

private:
    void adopt(const Task& task, const Params<float>& p);  // the model in use becomes (task, p)
    void request(json::Writer& w);  // Worker: queues w (an open object) with its sequence number
    void sync_race();               // progress_ follows race_ (Here)
    int stop_step() const { return until_ > 0 ? until_ : kMaxTrainingSteps; }  // a run pauses itself there

    bool active_ = false;
    Task task_;              // the model in use: its words, shape and test sentences
    Params<float> params_;
    std::unique_ptr<Trainer> trainer_;  // the run behind it (null for a preset)
    TrainingState state_;
    mutable AppleCloud cloud_;
    mutable bool cloud_stale_ = true;  // params_ changed since cloud_ was made
    std::unique_ptr<ScalingRace> race_;
    std::optional<RaceProgress> progress_;
    int until_ = 0;
    int run_id_ = 0, race_id_ = 0;
    Pace pace_ = Pace::Steady;
    Pacer pacer_;

    TrainingPlace place_ = TrainingPlace::Here;
    std::vector<std::string> requests_;
    int sent_ = 0;                    // sequence number of the last request
    int run_from_ = 0, race_from_ = 0;  // …of the request that made the current run, the current race
};

}  // namespace capiton
