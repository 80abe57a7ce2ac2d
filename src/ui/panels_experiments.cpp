// capiton ui: the experiments beside the formula. On the scale stage: the √d_k sweep (largest weight
// and gradient with and without the division, over d_k) and the √d_k comparison trained in the page.
// On the softmax stage: the temperature, and overflow (exp of large logits, with and without
// subtracting the row's maximum).
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "core/experiments.h"
#include "ui/charts.h"
#include "ui/format.h"
#include "ui/frame.h"
#include "ui/layout.h"
#include "ui/panels.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace capiton::ui {

namespace {

constexpr float kMinBoost = 1.0f, kMaxBoost = 200.0f;  // the overflow experiment's logit multiplier
constexpr float kBoostStep = 1.5f;                      // ↑ / ↓ on its slider
constexpr float kTemperatureStep = 1.25f;               // ↑ / ↓ on the temperature slider

// The √d_k experiment, trained (core: ScalingRace): the same model learns look-back twice at
// d_k = 256, with and without the division; the two loss curves side by side on the same scale.
void scaling_race_panel(Session& s, float width) {
    const ImVec4* muted = &theme().muted;
    ImGui::Spacing();
    bold_paragraph(T("exp.race.title"), text_width(ImGui::GetContentRegionAvail().x));
    paragraph(TF("exp.race.body", ScalingRace::kDk).c_str(), width, muted);
    const RaceProgress* r = s.training().race_progress();
    const bool running = s.training().race_running();
    const char* label = running ? T("exp.race.pause") : (r && !r->done() ? T("exp.race.resume") : T("exp.race.start"));
    if (activated(ImGui::Button(label), "race:start")) {
        if (running) s.pause_race();
        else if (r && !r->done()) s.resume_race();
        else s.start_race();
    }
    if (!r) return;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(*muted, "%s", TF("exp.race.step", r->step(), ScalingRace::kSteps).c_str());
    // Without the division first (orange, as in the sweep's charts), then with it (blue).
    const struct { const RaceProgress::Side* run; const char* title; const char* chart; Rgb colour; } sides[2] = {
        {&r->raw, "exp.race.raw", "race:raw", kPositive}, {&r->scaled, "exp.race.scaled", "race:scaled", kNegative}};
    const ChartPair pair(width, T(sides[0].title), T(sides[1].title));
    for (int c = 0; c < 2; ++c) {
        const RaceProgress::Side& run = *sides[c].run;
        pair.begin(c);
        const ImVec4 colour = rgba(sides[c].colour);
        series_chart(sides[c].chart, T(sides[c].title), run.losses, 1e-4f, 10.0f, true, pair.chart_w, colour,
                     ScalingRace::kSteps);
        if (run.top_weight_start >= 0.0f)  // known once the worker has made the two models
            paragraph(TF("exp.race.top_start", static_cast<double>(run.top_weight_start)).c_str(), pair.chart_w, &colour);
        if (run.accuracy >= 0.0f)
            paragraph(TF("exp.race.accuracy", static_cast<double>(run.accuracy) * 100.0).c_str(), pair.chart_w, &colour);
        pair.end();
    }
    if (r->done()) paragraph(T("exp.race.lesson"), width, muted);
}

}  // namespace

void scale_experiment_panel(Session& s, View& v) {
    const auto& sweep = s.demos().scale_sweep();
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    const int last = static_cast<int>(sweep.size()) - 1;
    ImGui::Spacing();
    bold_paragraph(T("exp.scale.title"), text_width(ImGui::GetContentRegionAvail().x));
    paragraph(T("exp.scale.body"), width, &theme().muted);
    ImGui::SetNextItemWidth(slider_width(width));
    slider_int("##scale_dk", &v.scale_index, 0, last, TF("exp.scale.dk", kScaleSweep[v.scale_index]).c_str());
    if (const int k = slider_widget("experiment:dk"); k == 2 || k == -2) v.scale_index = std::clamp(v.scale_index - k / 2, 0, last);
    // The legend beside the slider, each entry on the next line where the line is full (a phone).
    for (const auto& [colour, key] : {std::pair{kPositive, "exp.scale.raw"}, std::pair{kNegative, "exp.scale.scaled"}}) {
        const std::string entry = std::string("\xe2\x80\x94 ") + T(key);
        same_line_or_wrap(ImGui::CalcTextSize(entry.c_str()).x);
        ImGui::TextColored(rgba(colour), "%s", entry.c_str());
    }
    std::vector<float> mw_raw, mw_sc, g_raw, g_sc;
    float g_top = 0.0f;
    for (const ScaleStats& st : sweep) {
        mw_raw.push_back(st.max_w_raw);
        mw_sc.push_back(st.max_w_scaled);
        g_raw.push_back(st.grad_raw);
        g_sc.push_back(st.grad_scaled);
        g_top = std::max({g_top, st.grad_raw, st.grad_scaled});
    }
    // Side by side where two fit, else one above the other (a phone); as wide as half the panel.
    const ChartPair pair(width, T("exp.scale.max_w"), T("exp.scale.grad"), kGroupGap, width);
    pair.begin(0);
    two_line_chart("##chart_maxw", T("exp.scale.max_w"), mw_raw, mw_sc, 1.0f, v.scale_index, pair.chart_w);
    pair.end();
    pair.begin(1);
    two_line_chart("##chart_grad", T("exp.scale.grad"), g_raw, g_sc, g_top * 1.1f, v.scale_index, pair.chart_w);
    pair.end();
    const ScaleStats& st = sweep[static_cast<std::size_t>(v.scale_index)];
    paragraph(TF("exp.scale.numbers", st.d_k, static_cast<double>(st.std_raw), static_cast<double>(st.std_scaled),
                 static_cast<double>(st.max_w_raw), static_cast<double>(st.max_w_scaled),
                 static_cast<double>(st.grad_raw), static_cast<double>(st.grad_scaled)).c_str(), width);
    scaling_race_panel(s, width);
}

void softmax_experiment_panel(Session& s, View& v) {
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    const ImVec4* muted = &theme().muted;
    const int q = s.lesson().annotated_query();
    const auto& tok = s.lesson().trace().tokens;
    ImGui::Spacing();
    bold_paragraph(T("exp.softmax.title"), text_width(ImGui::GetContentRegionAvail().x));
    paragraph(T("exp.softmax.body"), width, muted);
    float t = s.lesson().config().temperature;
    ImGui::SetNextItemWidth(slider_width(width));
    bool changed = slider_float(T("exp.softmax.temperature"), &t, kMinTemperature, kMaxTemperature, "%.2f",
                                      ImGuiSliderFlags_Logarithmic);
    if (const int k = slider_widget("experiment:temperature"); k == 2 || k == -2) {  // ↑ / ↓: ×1.25 / ÷1.25
        t = std::clamp(k < 0 ? t * kTemperatureStep : t / kTemperatureStep, kMinTemperature, kMaxTemperature);
        changed = true;
    }
    if (changed) (void)s.set_temperature(t);
    if (q >= 0) {
        const std::string row_text = TF("exp.softmax.row", token_in_text(tok, q).c_str(), static_cast<double>(s.lesson().config().temperature));
        mirror_text(row_text);
        ImGui::TextUnformatted(row_text.c_str());
        const Matrix& w = s.lesson().trace().weights;
        std::vector<float> row(w.row(q).data(), w.row(q).data() + w.cols());
        const ImVec2 at = ImGui::GetCursorScreenPos(), size(std::min(width, 60.0f * static_cast<float>(row.size())), 90.0f);
        bar_chart("##temperature_row", row, 1.0f, size, theme().weight, tok);
        record_rect("experiment:temperature-row", at, ImVec2(at.x + size.x, at.y + size.y));
    }

    ImGui::Spacing();
    bold_paragraph(T("exp.overflow.title"), text_width(ImGui::GetContentRegionAvail().x));
    paragraph(T("exp.overflow.body"), width, muted);
    ImGui::SetNextItemWidth(std::min(300.0f, width * 0.4f));
    slider_float(T("exp.overflow.boost"), &v.boost, kMinBoost, kMaxBoost, "%.0f\xc3\x97", ImGuiSliderFlags_Logarithmic);
    if (const int k = slider_widget("experiment:boost"); k == 2 || k == -2)
        v.boost = std::clamp(k < 0 ? v.boost * kBoostStep : v.boost / kBoostStep, kMinBoost, kMaxBoost);
    same_line_or_wrap(radio_width(T("exp.overflow.subtract")), kControlGap);
    ImGui::Checkbox(T("exp.overflow.subtract"), &v.subtract_max);
    if (widget("experiment:subtract") == 1) v.subtract_max = !v.subtract_max;
    if (q < 0) return;
    const SoftmaxDemo d = s.lesson().softmax_demo(q, v.boost);
    const auto& exps = v.subtract_max ? d.stable_exps : d.naive_exps;
    const auto& ws = v.subtract_max ? d.stable_weights : d.naive_weights;
    const int n = static_cast<int>(d.logits.size());
    const char* exp_label = v.subtract_max ? "exp(x \xe2\x88\x92 max)" : "exp(x)";
    // Wider than the screen (a phone's), the table scrolls sideways in a child of its own, dragged by a
    // finger as a grid is, instead of squeezing each column to a character or two.
    const ImGuiStyle& style = ImGui::GetStyle();
    const auto cell_w = [&](const std::string& t) { return ImGui::CalcTextSize(t.c_str()).x + 2.0f * style.CellPadding.x + 1.0f; };
    float table_w = 2.0f + std::max({cell_w(T("exp.overflow.logit")), cell_w(exp_label), cell_w(T("exp.overflow.weight"))});  // + outer borders
    for (std::size_t j = 0; j < static_cast<std::size_t>(n); ++j)
        table_w += std::max({cell_w(short_label(tok[j])), cell_w(format_short(d.logits[j])), cell_w(format_short(exps[j])),
                             cell_w(format_short(ws[j]))});
    const bool scroll = table_w > ImGui::GetContentRegionAvail().x;
    if (scroll) begin_sideways_child("##overflow_scroll", ImVec2(table_w, 4.0f * (ImGui::GetTextLineHeight() + 2.0f * style.CellPadding.y + 1.0f) + 2.0f));
    // (in the child, as wide as its columns: fitted to the child's width, they would be squeezed again)
    if (ImGui::BeginTable("##overflow", n + 1,
                          ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | (scroll ? 0 : ImGuiTableFlags_NoHostExtendX),
                          ImVec2(scroll ? table_w : 0.0f, 0.0f))) {
        // the header as a plain row of text: TableHeadersRow's cells are buttons, and a finger's swipe
        // that starts on one would not scroll
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int j = 0; j < n; ++j) {
            ImGui::TableSetColumnIndex(j + 1);
            ImGui::TextUnformatted(short_label(tok[static_cast<std::size_t>(j)]).c_str());
        }
        const auto row = [&](const char* label, const std::vector<float>& vals) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextColored(*muted, "%s", label);
            for (int j = 0; j < n; ++j) {
                ImGui::TableSetColumnIndex(j + 1);
                const float x = vals[static_cast<std::size_t>(j)];
                const std::string text = format_short(x);
                if (std::isnan(x) || std::isinf(x)) ImGui::TextColored(theme().error, "%s", text.c_str());
                else ImGui::TextUnformatted(text.c_str());
            }
        };
        row(T("exp.overflow.logit"), d.logits);
        row(exp_label, exps);
        row(T("exp.overflow.weight"), ws);
        ImGui::EndTable();
    }
    record_item("experiment:overflow-table");
    if (scroll) {
        end_sideways_child();
        record_item("experiment:overflow-scroll");  // the child it scrolls in
    }
    int overflowed = 0;
    for (float x : d.naive_exps) overflowed += std::isinf(x) ? 1 : 0;
    const float note_w = text_width(ImGui::GetContentRegionAvail().x);
    if (d.naive_overflowed)
        paragraph(TF("exp.overflow.broken", overflowed).c_str(), note_w, v.subtract_max ? muted : &theme().error);
    else
        paragraph(T("exp.overflow.fine"), note_w, muted);
}

// The embedding stage: does order matter? The sentence reversed and shifted, through the same model
// (core: Lesson::position_demo); the two changes, and a button that reverses the sentence on screen.
void position_experiment_panel(Session& s, View&) {
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    const ImVec4* muted = &theme().muted;
    const PositionDemo d = s.lesson().position_demo();
    ImGui::Spacing();
    bold_paragraph(T("exp.position.title"), text_width(ImGui::GetContentRegionAvail().x));
    paragraph(T("exp.position.body"), width, muted);
    paragraph(TF("exp.position.reverse", num(d.reverse_change).c_str()).c_str(), width);
    if (!d.shifted.empty()) paragraph(TF("exp.position.shift", kPositionShift, num(d.shift_change).c_str()).c_str(), width);
    paragraph(T("exp.position.expect"), width, muted);
    if (activated(ImGui::Button(T("exp.position.reverse_button")), "experiment:reverse")) {
        std::string text;
        for (const std::string& w : d.reversed) text += (text.empty() ? "" : " ") + w;
        (void)s.set_sentence(text);  // the tokens of a valid sentence, spaced: valid (kept if not)
    }
}

}  // namespace capiton::ui
