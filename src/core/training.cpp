#include "training.h"

#include <algorithm>

#include "presets.h"
#include "tokenizer.h"
#include "training_wire.h"
#include "world.h"

namespace capiton {

void Training::adopt(const Task& task, const Params<float>& p) {
    active_ = true;
    task_.id = task.id;
    task_.vocab = task.vocab;
    task_.answers = task.answers;
    task_.shape = task.shape;
    task_.test = task.test;  // its sentences, for the training view's example
    params_ = p;
    cloud_stale_ = true;
}

const AppleCloud* Training::apple_cloud() const {
    if (!active_ || state_.task != TaskId::Apple) return nullptr;
    if (cloud_stale_) cloud_ = capiton::apple_cloud(task_, params_);
    cloud_stale_ = false;
    return &cloud_;
}

const LessonModel& world_model() {
    static const LessonModel m = [] {
        LessonModel w;
        (void)load_preset_params(TaskId::World, &w.params);  // shipped (tests/core/test_world.cpp)
        w.task.id = id_of(TaskId::World);
        w.task.vocab = world_vocabulary();
        w.task.shape = {static_cast<int>(w.task.vocab.size()), static_cast<int>(w.params.E.cols()),
                        static_cast<int>(w.params.W_Q.cols()), static_cast<int>(w.params.b_O.cols()), true,
                        w.params.W_P.size() > 0 ? 2 : 1};
        return w;
    }();
    return m;
}

std::optional<LessonModel> Training::lesson_model() const {
    if (!active_) return std::nullopt;
    LessonModel m;
    m.task.id = task_.id;
    m.task.vocab = task_.vocab;
    m.task.shape = task_.shape;
    m.params = params_;
    return m;
}

void Training::request(json::Writer& w) {
    w.key("v").integer(kWireVersion).key("seq").integer(++sent_).end_object();
    requests_.push_back(w.take());
}

Status Training::train(TaskId task, float lr, int d_k, int until) {
    if (!(lr > 0.0f && lr <= 1.0f)) return {"The learning rate must be between 0 and 1."};
    if (d_k < 1 || d_k > 64) return {"d_k must be between 1 and 64 for training."};
    if (until < 0 || until > kMaxTrainingSteps) return {"The step to stop at must be between 0 and 100000."};
    const bool new_run = !resumes(task, d_k);
    if (new_run) {
        // the stored run's seed (its sentences, its start, its batches): at the stored run's rate and
        // d_k, a run trained here retraces the preset step for step (the small world's, the lesson's model)
        trainer_ = std::make_unique<Trainer>(task, lr, d_k, true, preset_run(task).seed);
        trainer_->keep_losses = false;  // state_.losses keeps the curve, bounded
        state_ = TrainingState{};
        state_.task = task;
        state_.accuracy = accuracy(trainer_->params, trainer_->task.shape, trainer_->task.test);
        state_.accuracies.add(state_.accuracy);
        ++run_id_;
    }
    trainer_->adam.lr = trainer_->lr_start = lr;  // a schedule (the small world's) falls from this rate
    until_ = until;
    state_.running = state_.step < stop_step();
    pacer_.restart();  // a paced run (re)starts with a step at once
    state_.preset = false;
    if (new_run) adopt(trainer_->task, trainer_->params);
    if (place_ == TrainingPlace::Worker) {
        json::Writer w;
        w.begin_object().key("op").string("train").key("task").string(id_of(task)).key("lr").number(lr);
        w.key("dk").integer(d_k).key("until").integer(until).key("pace").string(id_of(pace_));
        request(w);
        if (new_run) run_from_ = sent_;
    }
    return {};
}

int Pacer::due(double now_ms, int per_second) {
    if (!started_) {
        started_ = true;
        last_ms_ = now_ms;
        owed_ = 0.0;
        return 1;
    }
    const double most = std::max(1.0, kMaxBurstMs * per_second / 1000.0);
    owed_ = std::min(owed_ + std::max(0.0, now_ms - last_ms_) * per_second / 1000.0, most);
    last_ms_ = now_ms;
    const int steps = static_cast<int>(owed_);
    owed_ -= steps;
    return steps;
}

double Pacer::wait_ms(double now_ms, int per_second) const {
    if (!started_ || per_second <= 0) return 0.0;
    return std::max(0.0, (1.0 - owed_) * 1000.0 / per_second - (now_ms - last_ms_));
}

void Training::set_pace(Pace p) {
    if (p == pace_) return;  // a click on the pace already chosen takes no step
    pace_ = p;
    pacer_.restart();
    // The worker hears the pace with each train request; on its own only while it has a run (a page
    // that only sets the pace does not start the worker: docs/embed.md, "never trains, never downloads").
    if (place_ != TrainingPlace::Worker || !trainer_ || !active_) return;
    json::Writer w;
    request(w.begin_object().key("op").string("pace").key("pace").string(id_of(p)));
}

int Training::due(double now_ms) {
    if (!trainer_ || !active_ || !state_.running) return 0;
    if (pace_ == Pace::Full) return kUnpaced;
    return pacer_.due(now_ms, steps_per_second(pace_));
}

double Training::ms_until_due(double now_ms) const {
    if (!trainer_ || !active_ || !state_.running || pace_ == Pace::Full) return 0.0;
    return pacer_.wait_ms(now_ms, steps_per_second(pace_));
}

void Training::step_for(double now_ms, int* slice_steps, double budget_ms, int max_steps) {
    const int owed = due(now_ms);
    if (owed == kUnpaced) timed_slice(*slice_steps, budget_ms, max_steps, [&](int n) { slice(n); });
    else if (owed > 0) slice(owed);
}

void Training::pause() {
    state_.running = false;
    if (place_ != TrainingPlace::Worker) return;
    json::Writer w;
    request(w.begin_object().key("op").string("pause"));
}

void Training::slice(int steps, bool measure_now) {
    if (!trainer_ || !active_ || steps <= 0) return;
    if (place_ == TrainingPlace::Worker) {
        json::Writer w;
        request(w.begin_object().key("op").string("slice").key("steps").integer(steps));
        return;
    }
    for (int k = 0; k < steps && trainer_->step < stop_step(); ++k) {
        trainer_->run(1);
        state_.losses.add(trainer_->last_loss);
        if (trainer_->step % accuracy_every(trainer_->task.test.size()) == 0)
            state_.accuracies.add(accuracy(trainer_->params, trainer_->task.shape, trainer_->task.test));
    }
    if (trainer_->step >= stop_step()) state_.running = false;
    state_.step = trainer_->step;
    state_.loss = trainer_->last_loss;
    const Params<float>& now = trainer_->params;
    const Params<float>& start = trainer_->start;
    for (std::size_t k = 0; k < kProjections.size(); ++k)
        state_.moved[k] = relative_change(projection(now, kProjections[k]), projection(start, kProjections[k]));
    // The status's accuracy: at full pace the curve's last point (at most accuracy_every steps old: a
    // fraction of a second); a paced run, or a step a student asked for, measures the weights it has
    // now, lest the status show a figure 10 or 40 steps old for seconds while the loss beside it moves.
    const bool measured = trainer_->step % accuracy_every(trainer_->task.test.size()) == 0;
    state_.accuracy = measured || (pace_ == Pace::Full && !measure_now) ? state_.accuracies.last()
                                                                        : accuracy(trainer_->params, trainer_->task.shape, trainer_->task.test);
    params_ = trainer_->params;
    cloud_stale_ = true;
}

Status Training::load_preset(TaskId task) {
    const PresetRun& run = preset_run(task);
    Params<float> p;
    if (!load_preset_params(task, &p)) return {"The trained parameters of that task are missing from this build."};
    Task t = make_task(run.task, run.seed);
    t.shape.d_k = run.d_k;
    unload();  // the run behind the model in use, if any, is put away (in the worker too)
    state_ = TrainingState{};
    state_.task = task;
    state_.step = run.steps;
    state_.preset = true;
    // One pass over the test sentences: the mean loss (as loss_and_grad sums it), the median, the
    // accuracy (as accuracy() counts it).
    std::vector<float> losses;
    float total = 0.0f;
    int right = 0;
    for (const Example& ex : t.test) {
        const Forward<float> f = forward(p, t.shape, ex);
        total += f.loss;
        losses.push_back(f.loss);
        Eigen::Index best = 0;
        f.logits.row(0).maxCoeff(&best);
        right += best == ex.answer ? 1 : 0;
    }
    if (!losses.empty()) {
        state_.loss = total * (1.0f / static_cast<float>(losses.size()));
        std::nth_element(losses.begin(), losses.begin() + static_cast<std::ptrdiff_t>(losses.size() / 2), losses.end());
        state_.median_loss = losses[losses.size() / 2];
        state_.accuracy = static_cast<float>(right) / static_cast<float>(losses.size());
    }
    adopt(t, p);
    return {};
}

void Training::unload() {
    active_ = false;
    trainer_.reset();
    state_ = TrainingState{};
    until_ = 0;
    ++run_id_;
    if (place_ != TrainingPlace::Worker) return;
    json::Writer w;
    request(w.begin_object().key("op").string("unload"));
    run_from_ = sent_;
}

bool Training::example(int index, Forward<float>* f, std::vector<std::string>* words) const {
    if (!active_ || task_.test.empty()) return false;
    index = std::clamp(index, 0, static_cast<int>(task_.test.size()) - 1);
    const Example& ex = task_.test[static_cast<std::size_t>(index)];
    *f = forward(params_, task_.shape, ex);
    words->clear();
    for (int id : ex.ids) words->push_back(task_.vocab[static_cast<std::size_t>(id)]);
    return true;
}

int Training::first_example_in(Language lang) const {
    if (!active_) return 0;
    for (std::size_t k = 0; k < task_.test.size(); ++k) {
        const Example& ex = task_.test[k];
        if (ex.ids.empty()) continue;
        char32_t c = 0;
        decode_utf8(task_.vocab[static_cast<std::size_t>(ex.ids[0])], 0, &c);
        if (is_han(c) == (lang == Language::Zh)) return static_cast<int>(k);
    }
    return 0;
}

void Training::sync_race() {
    if (!race_) return;
    RaceProgress& p = *progress_;
    for (auto [side, run] : {std::pair{&p.scaled, &race_->scaled}, std::pair{&p.raw, &race_->raw}}) {
        const std::vector<float>& l = run->trainer.losses;
        side->losses.insert(side->losses.end(), l.begin() + static_cast<std::ptrdiff_t>(side->losses.size()), l.end());
        side->top_weight_start = run->top_weight_start;
        side->accuracy = run->accuracy;
    }
    if (race_->done()) p.running = false;
}

void Training::start_race() {
    progress_ = RaceProgress{};
    progress_->running = true;
    ++race_id_;
    if (place_ == TrainingPlace::Worker) {
        json::Writer w;
        request(w.begin_object().key("op").string("race").key("do").string("start"));
        race_from_ = sent_;
        return;
    }
    race_ = std::make_unique<ScalingRace>();
    sync_race();
}

void Training::pause_race() {
    if (!progress_) return;
    progress_->running = false;
    if (place_ != TrainingPlace::Worker) return;
    json::Writer w;
    request(w.begin_object().key("op").string("race").key("do").string("pause"));
}

void Training::resume_race() {
    if (!progress_) return start_race();
    if (progress_->done()) return;
    progress_->running = true;
    if (place_ != TrainingPlace::Worker) return;
    json::Writer w;
    request(w.begin_object().key("op").string("race").key("do").string("resume"));
}

void Training::race_slice(int steps) {
    if (!race_ || !race_running()) return;
    race_->run(steps);
    sync_race();
}

void Training::set_place(TrainingPlace p) {
    if (p == place_) return;
    const bool back_here = place_ == TrainingPlace::Worker;
    place_ = p;
    requests_.clear();
    if (!back_here) return;
    // The worker's steps are lost with it: the run and the race start again here.
    if (trainer_ && active_) {
        const TaskId task = state_.task;
        const float lr = trainer_->lr_start;
        const int d_k = trainer_->task.shape.d_k, until = until_;
        const bool running = state_.running;
        unload();
        (void)train(task, lr, d_k, until);
        state_.running = running;
    }
    if (progress_) {
        const bool running = progress_->running;
        start_race();
        progress_->running = running;
    }
}

}  // namespace capiton
