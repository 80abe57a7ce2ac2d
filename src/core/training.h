// capiton core: the models that learn in the page.
//
// Training holds the trained model in use (a stored preset, or the one training now) and the run
// behind it, stepped in slices between frames; and the √d_k comparison (ScalingRace), trained beside
// it. The lesson shows whatever model is in use (Session passes lesson_model() to the Lesson).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apple.h"
#include "ids.h"
#include "lesson.h"
#include "status.h"
#include "train.h"

namespace capiton {

constexpr int kAccuracyEvery = 10;  // training steps between two accuracy points

// The model in use, as the page and the training view report it.
struct TrainingState {
    TaskId task = TaskId::Apple;
    int step = 0;
    float loss = 0.0f;      // mean loss of the last training step (presets: over the test sentences)
    float accuracy = 0.0f;  // on the task's test sentences
    bool running = false;
    bool preset = false;    // loaded ready-made, not trained here
    std::vector<float> losses, accuracies;  // per step, and every kAccuracyEvery steps
    // How far W_Q, W_K, W_V have moved from where training started: ‖W − W₀‖ / ‖W₀‖ (presets: 0).
    float moved[kProjections.size()] = {0, 0, 0};  // in the order of kProjections
};

// The small world's trained model (world.h, its preset), as the lesson uses it: the default model.
const LessonModel& world_model();

class Training {
public:
    // Starts training a task (or resumes the run of the same task and d_k) with this learning rate.
    Status train(TaskId task, float lr, int d_k);
    void pause() { state_.running = false; }
    void slice(int steps);        // some steps of the run, when there is one
    Status load_preset(TaskId task);  // the task's stored weights, at once
    void unload();                // no model in use

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
    // With the apple task's model in use: the output of "apple" in every test sentence on a plane
    // (kept up to date while training). Null for other tasks.
    const AppleCloud* apple_cloud() const { return active_ && state_.task == TaskId::Apple ? &cloud_ : nullptr; }

    // The √d_k comparison: start_race() starts it again from step 0; race_slice() steps both runs while
    // running and stops by itself at the end; resume_race() goes on after pause_race() (or starts).
    void start_race();
    void pause_race() { race_running_ = false; }
    void resume_race();
    void race_slice(int steps);
    const ScalingRace* race() const { return race_.get(); }
    bool race_running() const { return race_running_; }

private:
    void adopt(const Task& task, const Params<float>& p);  // the model in use becomes (task, p)

    bool active_ = false;
    Task task_;              // the model in use: its words, shape and test sentences
    Params<float> params_;
    std::unique_ptr<Trainer> trainer_;  // the run behind it (null for a preset)
    TrainingState state_;
    AppleCloud cloud_;
    std::unique_ptr<ScalingRace> race_;
    bool race_running_ = false;
};

}  // namespace capiton
