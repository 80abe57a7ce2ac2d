// capiton ui: the training stage — a small model learns in the page. Task choice, start / pause /
// one step / reset / trained parameters / unload, learning rate and d_k; then the loss and accuracy,
// one test sentence's attention under the current weights, the cloud of "apple" outputs (apple
// task), and W_Q, W_K, W_V as they learn.
#include <algorithm>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/fragment.h"  // kDimChoices
#include "core/presets.h"
#include "ui/charts.h"
#include "ui/frame.h"
#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/panels.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace capiton::ui {

namespace {
constexpr float kMinRate = 0.001f, kMaxRate = 0.1f;  // the learning-rate slider
constexpr float kRateStep = 1.25f;                   // ↑ / ↓ on it
constexpr float kDkMenuWidth = 90.0f;
constexpr float kCloudSize = 240.0f;  // the apple cloud's square
constexpr float kCloudGap = 32.0f;    // between the example's weights and the cloud

}  // namespace

void training_panel(Session& s, View& v) {
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    const ImVec4* muted = &theme().muted;
    if (const TrainingState* now = s.training().state()) v.train_task = now->task;  // the view follows the model in use
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(*muted, "%s", T("train.task"));
    for (TaskId k : all_of<TaskId>()) {
        const std::string id = id_of(k);
        same_line_or_wrap(button_width(T("train.task." + id)));
        const bool chosen = v.train_task == k;
        if (choice_button(T("train.task." + id), chosen, "train:task:" + id) && !chosen) {
            s.unload_model();  // another task: its model starts from scratch,
            v.train_task = k;  // at the rate and d_k of its stored run (Train retraces it)
            v.train_lr = preset_run(k).lr;
            v.train_dk = preset_run(k).d_k;
            s.set_training_pace(k == TaskId::World ? Pace::Full : Pace::Steady);  // 9,000 steps, or a few dozen to watch
            v.train_example = -1;
        }
    }
    const TaskId task = v.train_task;
    paragraph(T(std::string("train.notice.") + id_of(task)), width, muted);

    const TrainingState* tr = s.training().state();
    // Another model in use (a preset loaded here or by the page, a run started): the menus show its
    // settings. That or another language: the example starts again from a sentence in the language.
    if (s.training().run_id() != v.train_run_seen) {
        v.train_run_seen = s.training().run_id();
        v.train_example = -1;
        if (tr && s.training().task()) {
            v.train_dk = s.training().task()->shape.d_k;
            if (tr->preset) v.train_lr = preset_run(tr->task).lr;
        }
    }
    if (s.prefs().language != v.train_lang_seen) {
        v.train_lang_seen = s.prefs().language;
        v.train_example = -1;
    }
    const bool this_task = tr && tr->task == task;
    const bool running = this_task && tr->running;
    // with the stored parameters in use, Train starts a run of its own from step 0: the label says so
    const char* start = running ? "train.pause" : this_task && tr->preset ? "train.start_fresh" : "train.start";
    if (activated(ImGui::Button(T(start)), "train:start")) {
        if (running) s.pause();
        else (void)s.train(task, v.train_lr, v.train_dk, s.stop_at(task, v.train_dk));
    }
    same_line_or_wrap(button_width(T("train.step")));
    if (activated(ImGui::Button(T("train.step")), "train:step")) {
        if (!this_task || !s.training().trainer()) (void)s.train(task, v.train_lr, v.train_dk);
        s.pause();
        s.train_slice(1, true);
    }
    same_line_or_wrap(button_width(T("train.reset")));
    if (activated(ImGui::Button(T("train.reset")), "train:reset")) {
        s.unload_model();
        (void)s.train(task, v.train_lr, v.train_dk);
        s.pause();
    }
    same_line_or_wrap(button_width(T("train.preset")));
    if (activated(ImGui::Button(T("train.preset")), "train:preset")) (void)s.load_preset(task);
    if (tr) {
        same_line_or_wrap(button_width(T("train.unload")));
        if (activated(ImGui::Button(T("train.unload")), "train:unload")) s.unload_model();
    }
    // How fast a run goes: a few steps a second to watch the weights move, or full speed.
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(*muted, "%s", T("train.pace"));
    for (Pace k : all_of<Pace>()) {
        const std::string label = k == Pace::Full ? T("train.pace.full") : TF("train.pace.paced", steps_per_second(k));
        same_line_or_wrap(button_width(label.c_str()));
        if (choice_button(label.c_str(), s.training().pace() == k, std::string("train:pace:") + id_of(k))) s.set_training_pace(k);
    }
    paragraph(TF("train.pace_note", steps_per_second(Pace::Slow), steps_per_second(Pace::Steady)).c_str(), width, muted);
    ImGui::SetNextItemWidth(kSmallSliderWidth);
    slider_float(T("train.lr"), &v.train_lr, kMinRate, kMaxRate, "%.3f", ImGuiSliderFlags_Logarithmic);
    if (const int k = slider_widget("train:lr"); k == 2 || k == -2)
        v.train_lr = std::clamp(k < 0 ? v.train_lr * kRateStep : v.train_lr / kRateStep, kMinRate, kMaxRate);
    // the d_k menu and its label on the same line, or the next one in a narrow window (a phone)
    same_line_or_wrap(kDkMenuWidth + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(T("train.dk")).x, kControlGap);
    ImGui::SetNextItemWidth(kDkMenuWidth);
    const bool dk_open = ImGui::BeginCombo(T("train.dk"), std::to_string(v.train_dk).c_str());
    if (dk_open) {
        for (int d : kDimChoices)
            if (ImGui::Selectable(std::to_string(d).c_str(), d == v.train_dk)) v.train_dk = d;
        ImGui::EndCombo();
    }
    if (const int by = menu_widget(dk_open, "train:dk")) {
        const int at = static_cast<int>(std::find(kDimChoices.begin(), kDimChoices.end(), v.train_dk) - kDimChoices.begin());
        const int n = static_cast<int>(kDimChoices.size());
        v.train_dk = kDimChoices[static_cast<std::size_t>(((at + by) % n + n) % n)];
    }

    tr = s.training().state();
    if (!tr || tr->task != task) {
        paragraph(T("train.none"), width, muted);
        return;
    }
    const double accuracy = static_cast<double>(tr->accuracy) * 100.0;
    // a preset whose mean loss is led by a few confident mistakes (the small world's) says so
    const bool skewed = tr->preset && tr->median_loss >= 0.0f && tr->loss > 10.0f * tr->median_loss + 0.1f;
    const std::string loss = format_prose(tr->loss), median = format_prose(tr->median_loss);  // "4.47 × 10⁻⁵"
    const std::string status = skewed ? TF("train.status_preset_skewed", tr->step, loss.c_str(), median.c_str(), accuracy)
                               : tr->preset ? TF("train.status_preset", tr->step, loss.c_str(), accuracy)
                               : tr->step > 0 && tr->loss == 0.0f ? TF("train.status_zero", tr->step, accuracy)  // underflowed
                               : tr->step > 0 ? TF("train.status", tr->step, loss.c_str(), accuracy)
                                              : TF("train.status_start", accuracy);  // no step taken: no loss yet
    paragraph(status.c_str(), width, &theme().accent);
    record_item("train:status");
    if (!tr->preset && !tr->running && tr->step == preset_run(task).steps)
        paragraph(TF("train.paused_at_stored", tr->step).c_str(), width, muted);
    // the small world's run, at the stored run's rate and d_k, ends elsewhere in a browser (test_train.cpp)
    const Trainer* trainer = s.training().trainer();
    const PresetRun& stored = preset_run(TaskId::World);
    if (!tr->preset && task == TaskId::World && tr->step > 0 && trainer && trainer->lr_start == stored.lr &&
        trainer->task.shape.d_k == stored.d_k)
        paragraph(T("train.world_drift"), width, muted);
    if (!tr->preset) {
        // a long run's curve keeps a point per 2, 4, 8 … steps (core/curve.h): the title says so
        const std::string loss_title = tr->losses.stride() > 1 ? TF("train.loss_mean", tr->losses.stride()) : T("train.loss");
        const ChartPair pair(width, loss_title.c_str(), T("train.accuracy"), kControlGap);
        pair.begin(0);
        series_chart("train:loss", loss_title.c_str(), tr->losses, 1e-6f, 10.0f, true, pair.chart_w);  // a learned task reaches 1e-5
        pair.end();
        pair.begin(1);
        // the curve's points are measured every few steps; its corner shows the status's figure (the
        // weights now), lest the two disagree while a paced run is between two points
        series_chart("train:accuracy", T("train.accuracy"), tr->accuracies.points(), 0.0f, 1.0f, false, pair.chart_w,
                     theme().accent, 0, tr->accuracies.stride(), tr->accuracy);
        pair.end();
    }
    // One test sentence of the task under the current weights (its whole attention matrix), and the
    // three projections being learned.
    const int examples = s.training().examples();
    if (examples == 0) return;
    if (v.train_example < 0) v.train_example = s.training().first_example_in(s.prefs().language);
    v.train_example = std::clamp(v.train_example, 0, examples - 1);
    ImGui::SetNextItemWidth(kSmallSliderWidth);
    int shown = v.train_example + 1;  // counted from 1, as a student counts sentences
    if (slider_int(T("train.example"), &shown, 1, examples)) v.train_example = shown - 1;
    if (const int k = slider_widget("train:example"); k == 2 || k == -2)
        v.train_example = std::clamp(v.train_example - k / 2, 0, examples - 1);
    auto& example = state.example;
    if (!s.training().example(v.train_example, &example.forward, &example.words)) return;
    // the layer the example is asked at: the second for the small world's "it"
    example.weights = example.forward.second.A.size() > 0 ? example.forward.second.A : example.forward.A;
    Grid g{MatrixId::Weights, "weights", "train.example_caption", &example.weights, Axis::Features, Axis::Features,
           Palette::Weights, false, "train_weights"};
    g.row_labels = &example.words;
    g.col_labels = &example.words;
    draw_grid(s, g);
    const float right = ImGui::GetWindowContentRegionMax().x;
    if (const AppleCloud* cloud = s.training().apple_cloud()) {
        ImGui::SameLine(0.0f, kCloudGap);
        if (!fits(ImGui::GetCursorPosX(), kCloudSize, right)) ImGui::NewLine();
        apple_cloud_plot(s, *cloud, kCloudSize);
        paragraph(TF("train.cloud.caption", static_cast<double>(cloud->plane.explained) * 100.0,
                     static_cast<double>(cloud->separated) * 100.0).c_str(), width, muted);
    }
    ImGui::Spacing();
    bold_paragraph(T("train.weights_title"), text_width(ImGui::GetContentRegionAvail().x));
    paragraph(T("train.weights_caption"), width, muted);
    const Params<float>& p = s.training().params();
    for (std::size_t k = 0; k < kProjections.size(); ++k) {
        const Matrix& m = projection(p, kProjections[k]);
        if (k > 0) {
            ImGui::SameLine(0.0f, kGroupGap);
            if (!fits(ImGui::GetCursorPosX(), mini_width(m.cols()), right)) ImGui::NewLine();
        }
        const std::string name = id_of(kProjections[k]);
        mini_heatmap(("train_" + name).c_str(), name.c_str(), m, tr->moved[k], !tr->preset);
    }
    paragraph(T("train.unknown"), width, muted);
}

}  // namespace capiton::ui
