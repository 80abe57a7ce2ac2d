#include "training.h"

#include <algorithm>

#include "presets.h"
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
    if (state_.task == TaskId::Apple) cloud_ = capiton::apple_cloud(task_, p);
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

Status Training::train(TaskId task, float lr, int d_k) {
    if (!(lr > 0.0f && lr <= 1.0f)) return {"The learning rate must be between 0 and 1."};
    if (d_k < 1 || d_k > 64) return {"d_k must be between 1 and 64 for training."};
    if (!trainer_ || !active_ || state_.task != task || trainer_->task.shape.d_k != d_k) {
        trainer_ = std::make_unique<Trainer>(task, lr, d_k, true, 1);
        state_ = TrainingState{};
        state_.task = task;
        state_.accuracy = accuracy(trainer_->params, trainer_->task.shape, trainer_->task.test);
        state_.accuracies.push_back(state_.accuracy);
    }
    trainer_->adam.lr = trainer_->lr_start = lr;  // a schedule (the small world's) falls from this rate
    state_.running = true;
    state_.preset = false;
    adopt(trainer_->task, trainer_->params);
    return {};
}

void Training::slice(int steps) {
    if (!trainer_ || !active_ || steps <= 0) return;
    for (int k = 0; k < steps; ++k) {
        trainer_->run(1);
        state_.losses.push_back(trainer_->last_loss);
        if (trainer_->step % kAccuracyEvery == 0)
            state_.accuracies.push_back(accuracy(trainer_->params, trainer_->task.shape, trainer_->task.test));
    }
    state_.step = trainer_->step;
    state_.loss = trainer_->last_loss;
    const Params<float>& now = trainer_->params;
    const Params<float>& start = trainer_->start;
    for (std::size_t k = 0; k < kProjections.size(); ++k)
        state_.moved[k] = relative_change(projection(now, kProjections[k]), projection(start, kProjections[k]));
    state_.accuracy = state_.accuracies.back();
    adopt(trainer_->task, trainer_->params);
}

Status Training::load_preset(TaskId task) {
    const PresetRun& run = preset_run(task);
    Params<float> p;
    if (!load_preset_params(task, &p)) return {"The trained parameters of that task are missing from this build."};
    Task t = make_task(run.task, run.seed);
    t.shape.d_k = run.d_k;
    trainer_.reset();
    state_ = TrainingState{};
    state_.task = task;
    state_.step = run.steps;
    state_.preset = true;
    Params<float> g;
    state_.loss = loss_and_grad(p, t.shape, t.test, g);
    state_.accuracy = accuracy(p, t.shape, t.test);
    adopt(t, p);
    return {};
}

void Training::unload() {
    active_ = false;
    trainer_.reset();
    state_ = TrainingState{};
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

void Training::start_race() {
    race_ = std::make_unique<ScalingRace>();
    race_running_ = true;
}

void Training::resume_race() {
    if (!race_) race_ = std::make_unique<ScalingRace>();
    race_running_ = !race_->done();
}

void Training::race_slice(int steps) {
    if (!race_ || !race_running_) return;
    race_->run(steps);
    if (race_->done()) race_running_ = false;
}

}  // namespace capiton
