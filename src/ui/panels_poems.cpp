// capiton ui: the poems stage — a small GPT that learned Tang poems (core/poem_stage.h). The start of a
// line and what the model writes after it (greedy or sampled); every head's attention on that text
// with its measured job; the in-context effect; one generation step of one head through the lesson's
// formula with its KV cache; the model trained again in the page, its losses and sample lines.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

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

constexpr float kPromptWidth = 360.0f;     // the prompt box
constexpr float kTemperatureStep = 1.25f;  // ↑ / ↓ on the temperature slider
constexpr int kGalleryColumns = 4;         // heads per row of the gallery (one layer a row)
constexpr float kLossChartTop = 10.0f;     // the loss charts' scale, nats per character (a fresh model's held-out loss reaches 9)
constexpr float kCandidateBar = 240.0f;    // a next-character candidate's bar, at most

std::string head_name(int layer, int head) {
    return TF("poems.head_name", layer + 1, head + 1);
}

void loading(Session& s, float width) {
    const PoemStage& p = s.poems();
    if (p.status() == PoemModelStatus::Failed) {
        paragraph(TF("poems.failed", p.failure().c_str()).c_str(), width, &theme().accent);
        record_item("poems:status");
        if (activated(ImGui::Button(T("poems.retry")), "poems:retry")) s.retry_poems();
        return;
    }
    paragraph(T("poems.loading"), width, &theme().muted);
    record_item("poems:status");
}

// The prompt, the mode, and what the model wrote.
void writing(Session& s, View& v, float width) {
    const PoemStage& p = s.poems();
    const bool replaced = v.poem_synced != p.prompt();
    if (replaced) {  // changed from outside (a command, the language): show it
        std::snprintf(v.poem_input, sizeof v.poem_input, "%s", p.prompt().c_str());
        v.poem_synced = p.prompt();
        v.poem_status = {};
    }
    const auto write = [&](const std::string& prompt, float t, std::uint64_t seed) {
        v.poem_status = s.generate_poem(prompt, t, seed);
        if (v.poem_status.ok()) v.poem_synced = s.poems().prompt();
    };
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("poems.prompt"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(kPromptWidth, width * 0.6f));
    const bool enter = text_field("poems:prompt", T("poems.prompt"), "##poem", v.poem_input, sizeof v.poem_input, replaced);
    same_line_or_wrap(button_width(T("poems.write")));
    if (activated(ImGui::Button(T("poems.write")), "poems:write") || enter)
        write(v.poem_input, p.temperature(), p.seed());
    if (!v.poem_status.ok()) paragraph(message_of(v.poem_status).c_str(), width, &theme().accent);
    paragraph(TF("poems.prompt_note", p.max_prompt()).c_str(), width, &theme().muted);

    // greedy or sampled; sampled: its temperature and the draw
    const bool sampled = p.temperature() > 0.0f;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("poems.mode_label"));  // the poem model writes characters, not words
    for (DecodeMode m : all_of<DecodeMode>()) {
        const std::string id = id_of(m);
        same_line_or_wrap(radio_width(T("decode.mode." + id)));
        if (activated(ImGui::RadioButton(T("decode.mode." + id), (m == DecodeMode::Sampled) == sampled), "poems:decoding:" + id) &&
            (m == DecodeMode::Sampled) != sampled)
            write(p.prompt(), m == DecodeMode::Sampled ? v.poem_temperature : 0.0f, p.seed());
    }
    if (sampled) {
        float t = p.temperature();
        ImGui::SetNextItemWidth(slider_width(width));
        bool changed = slider_float(T("decode.temperature"), &t, kPoemMinTemperature, kPoemMaxTemperature, "%.2f",
                                          ImGuiSliderFlags_Logarithmic);
        if (const int k = slider_widget("poems:temperature"); k == 2 || k == -2) {
            t = std::clamp(k < 0 ? t * kTemperatureStep : t / kTemperatureStep, kPoemMinTemperature,
                           kPoemMaxTemperature);
            changed = true;
        }
        if (changed) {
            v.poem_temperature = t;
            write(p.prompt(), t, p.seed());
        }
        const std::string draw = TF("decode.draw", static_cast<int>(p.seed()));
        same_line_or_wrap(button_width(draw.c_str()), kControlGap);  // under the slider on a phone
        if (activated(ImGui::Button(draw.c_str()), "poems:draw"))
            write(p.prompt(), p.temperature(), p.seed() >= kPoemMaxSeed ? 1 : p.seed() + 1);
    }

    ImGui::Spacing();
    ImGui::PushFont(state.fonts.big);
    two_colour_paragraph(p.prompt(), p.continuation(), text_width(ImGui::GetContentRegionAvail().x), theme().accent);
    ImGui::PopFont();
    record_item("poems:text");
    if (const std::vector<std::string>& unknown = p.unknown_list(); !unknown.empty()) {  // which, each once
        std::string which;
        for (const std::string& c : unknown) which += TF(which.empty() ? "poems.unknown_item" : "poems.unknown_item_next", c.c_str());
        const std::string note = unknown.size() == 1 ? TF("poems.unknown_one", which.c_str())
                                                     : TF("poems.unknown_many", which.c_str(), static_cast<int>(unknown.size()));
        paragraph(note.c_str(), width, &theme().unknown);
    }
}

// Every head's weights on the text, each with its measured job; a click picks it for the step below.
void gallery(Session& s, float width) {
    const PoemStage& p = s.poems();
    heading("poems.gallery_title", T("poems.gallery_note"), width);
    const float right = ImGui::GetWindowContentRegionMax().x;
    for (const PoemHead& h : p.heads()) {
        const bool first_of_row = h.head % kGalleryColumns == 0;
        const int n = static_cast<int>(h.weights.cols());
        if (!first_of_row) {
            ImGui::SameLine(0.0f, kGroupGap);
            if (!fits(ImGui::GetCursorPosX(), mini_width(n), right)) ImGui::NewLine();
        }
        const bool chosen = h.layer == p.selected_layer() && h.head == p.selected_head();
        ImGui::PushID(static_cast<int>(&h - p.heads().data()));  // the heads' buttons share their labels
        ImGui::BeginGroup();
        // A group beside another starts on that one's last baseline (its button's, ImGui 1.86's EndGroup):
        // every head's group starts on a button's baseline, the first of a row too, so all are level.
        ImGui::AlignTextToFramePadding();
        const std::string name = head_name(h.layer, h.head);
        const std::string id = "poems_head_" + std::to_string(h.layer + 1) + "_" + std::to_string(h.head + 1);
        mini_heatmap(id.c_str(), name.c_str(), h.weights, 0.0f, false, Palette::Weights, "poems.gallery_caption");
        ImGui::TextColored(h.kind == HeadKind::Mixed ? theme().muted : theme().accent, "%s",
                           T(std::string("poems.kind.") + id_of(h.kind)));
        ImGui::TextColored(theme().muted, "%s",
                           TF("poems.scores", static_cast<double>(h.induction), static_cast<double>(h.previous),
                              static_cast<double>(h.punctuation))
                               .c_str());
        const std::string select_id = "poems:head:" + std::to_string(h.layer + 1) + ":" + std::to_string(h.head + 1);
        if (choice_button(T(chosen ? "poems.head_chosen" : "poems.head_choose"), chosen, select_id))
            (void)s.select_poem_head(h.layer, h.head);
        ImGui::EndGroup();
        ImGui::PopID();
    }
    paragraph(T("poems.kinds_note"), width, &theme().muted);
    // the in-context effect
    heading("poems.icl_title", "", width);
    const InductionReport& r = p.report();
    const double first = r.first_copy_loss, second = r.second_copy_loss;
    paragraph(TF("poems.icl", kInductionSequences, r.period, first, second,
                 first > 0.0 ? 100.0 * second / first : 0.0)
                  .c_str(),
              width);
    record_item("poems:icl");
    // a model with an induction head expects copies, so a first copy of random characters is dear
    // (bench/README.md); a model without one is dear for another reason (its bets spread over the
    // whole vocabulary): no note then
    const HeadScore& best = r.best_induction();
    const int named = r.induction_heads();  // heads past the share that names one: one, several or none
    const float uniform = uniform_repeat_loss(p.shape());
    if (named > 0 && r.first_copy_loss > uniform)
        paragraph(TF("poems.icl_first_high", repeat_alphabet(p.shape().vocab), static_cast<double>(uniform)).c_str(), width,
                  &theme().muted);
    paragraph(named > 1    ? TF("poems.icl_many", named, best.layer + 1, best.head + 1, static_cast<double>(best.induction)).c_str()
              : named == 1 ? TF("poems.icl_one", best.layer + 1, best.head + 1, static_cast<double>(best.induction)).c_str()
                           : TF("poems.icl_spread", static_cast<double>(best.induction), best.layer + 1, best.head + 1).c_str(),
              width);
    // how the model on screen was trained: the preset (its curriculum) or the run here (kGptPageRun)
    const bool here = p.source() == PoemSource::Training;
    const GptMix& mix = (here ? kGptPageRun : kGptPresetRun).mix;
    const double repeated = 100.0 * (1.0 - static_cast<double>(mix.zh) - static_cast<double>(mix.en));
    paragraph((here ? TF("poems.icl_note_training", kGptPageRun.early_steps, kGptPageRun.early_batch, repeated)
                    : TF("poems.icl_note", kGptPresetRun.early_steps, kGptPresetRun.early_batch, repeated))
                  .c_str(),
              width, &theme().muted);
}

// One step of the selected head, on the KV cache.
void generation_step(Session& s, float width) {
    const PoemStage& p = s.poems();
    const PoemStep& st = p.step();
    heading("poems.step_title", TF("poems.step_note", head_name(p.selected_layer(), p.selected_head()).c_str()), width);
    if (p.steps() <= 0) return;
    const int t = st.step, last = p.steps() - 1;
    if (const int k = step_buttons("poems", t, last); k >= 0) (void)s.select_poem_step(k);

    const std::vector<std::string> labels = p.text_labels();
    const std::vector<std::string> seen(labels.begin(), labels.begin() + st.row + 1);
    const std::string reads = labels[static_cast<std::size_t>(st.row)], writes = p.label(st.chosen);
    paragraph(TF("poems.step_line", t + 1, reads.c_str(), st.row, writes.c_str()).c_str(), width, &theme().operand);
    const std::vector<std::string> q_row = {reads};
    Grid q{MatrixId::PoemQ, "q",   "poems.grid.q", &st.q, Axis::Steps, Axis::Features,
           Palette::Signed,   true, "poems_q"};
    q.row_labels = &q_row;
    Grid K{MatrixId::PoemK, "K",   "poems.grid.k", &st.K, Axis::Steps, Axis::Features,
           Palette::Signed,  true, "poems_K"};
    K.row_labels = &seen;
    Grid V{MatrixId::PoemV, "V",   "poems.grid.v", &st.V, Axis::Steps, Axis::Features,
           Palette::Signed,  true, "poems_V"};
    V.row_labels = &seen;
    draw_grids(s, {q, K, V});
    Grid sc{MatrixId::PoemScores,    "q\xc2\xb7K\xe1\xb5\x80",
            "poems.grid.scores", &st.scores,
            Axis::Steps,         Axis::Steps,
            Palette::Signed,     true,
            "poems_scores"};
    sc.row_labels = &q_row;
    sc.col_labels = &seen;
    Grid sd{MatrixId::PoemScaled,
            "/ \xe2\x88\x9a"
            "d_k",
            "poems.grid.scaled",
            &st.scaled,
            Axis::Steps,
            Axis::Steps,
            Palette::Signed,
            true,
            "poems_scaled"};
    sd.row_labels = &q_row;
    sd.col_labels = &seen;
    Grid w{MatrixId::PoemWeights, "softmax", "poems.grid.weights", &st.weights, Axis::Steps, Axis::Steps,
           Palette::Weights,  true,      "poems_weights"};
    w.row_labels = &q_row;
    w.col_labels = &seen;
    draw_grids(s, {sc});
    draw_grids(s, {sd});
    draw_grids(s, {w});
    Grid o{MatrixId::PoemOutput, "weights\xc2\xb7V", "poems.grid.output", &st.output,
           Axis::Steps,      Axis::Features,     Palette::Signed,     true,
           "poems_output"};
    o.row_labels = &q_row;
    draw_grids(s, {o});

    // the next character's candidates, the one written marked
    heading("poems.next_title",
            p.temperature() > 0.0f ? TF("poems.next_sampled", static_cast<double>(p.temperature()))
                                   : T("poems.next_greedy"),
            width);
    for (const auto& [id, prob] : st.next) {
        const bool chosen = id == st.chosen;
        char pct[32];
        std::snprintf(pct, sizeof pct, "%5.1f%%", static_cast<double>(prob) * 100.0);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, theme().weight);
        ImGui::ProgressBar(prob, ImVec2(std::min(kCandidateBar, width * 0.4f), 0.0f), pct);
        ImGui::PopStyleColor();
        ImGui::SameLine();
        const std::string label = p.label(id) + (chosen ? T("decode.chosen_mark") : "");
        ImGui::TextColored(chosen ? theme().accent : theme().ink, "%s", label.c_str());
    }
    record_item("poems:candidates");  // (not "poems:next": the step button's id)
    if (std::none_of(st.next.begin(), st.next.end(), [&](const auto& c) { return c.first == st.chosen; }))
        paragraph(TF("decode.chosen_outside", writes.c_str(), percent_fine(st.chosen_p).c_str()).c_str(), width,
                  &theme().accent);
}

// Training again in the page: buttons, status, the two loss curves, the last sample line.
void training(Session& s, float width) {
    const PoemStage& p = s.poems();
    const GptRun& run = kGptPageRun;
    heading("poems.train_title",
            TF("poems.train_note", run.early_steps, run.early_batch, run.shape.context + 1, run.batch,
               100.0 * static_cast<double>(run.mix.zh), 100.0 * static_cast<double>(run.mix.en), run.early_steps),
            width);
    const PoemProgress* pr = p.progress();
    const bool running = pr && pr->running;
    if (activated(ImGui::Button(T(running ? "train.pause" : "train.start")), "poems:train"))
        (void)s.train_poems(running ? PoemAction::Pause : PoemAction::Start);
    same_line_or_wrap(button_width(T("train.step")));
    if (activated(ImGui::Button(T("train.step")), "poems:train-step")) (void)s.train_poems(PoemAction::Step);
    same_line_or_wrap(button_width(T("train.reset")));
    if (activated(ImGui::Button(T("train.reset")), "poems:train-restart")) (void)s.train_poems(PoemAction::Restart);
    if (p.source() == PoemSource::Training && !running) {
        same_line_or_wrap(button_width(T("poems.use_preset")));
        if (activated(ImGui::Button(T("poems.use_preset")), "poems:preset")) (void)s.use_poem_preset();
    }
    if (!p.training_error().empty()) paragraph(p.training_error().c_str(), width, &theme().accent);
    // the held-out loss's scale: a guess by character counts alone (beside the charts once there are some)
    const std::string scale = TF("poems.unigram", static_cast<double>(kGptPresetUnigramLoss), static_cast<double>(p.preset_held_loss()));
    if (!pr) {
        paragraph(TF("poems.train_none", kGptPreset.steps, kGptPresetRun.early_steps, static_cast<double>(p.preset_held_loss()),
                     run.early_steps)
                      .c_str(),
                  width, &theme().muted);
        paragraph(scale.c_str(), width, &theme().muted);
        return;
    }
    const std::string status =
        pr->measures.empty()
            ? TF("poems.train_status", pr->step, pr->losses.empty() ? 0.0 : static_cast<double>(pr->losses.back()),
                 pr->characters_per_second())
            : TF("poems.train_status_held", pr->step, pr->losses.empty() ? 0.0 : static_cast<double>(pr->losses.back()),
                 static_cast<double>(pr->measures.back().held), static_cast<double>(p.preset_held_loss()),
                 static_cast<double>(pr->measures.back().induction), pr->characters_per_second());
    paragraph(status.c_str(), width, &theme().accent);
    record_item("poems:train-status");
    paragraph(p.source() == PoemSource::Training ? TF("poems.shows_training", kPoemWeightsEvery).c_str()
                                                 : T("poems.shows_preset"),
              width, &theme().muted);
    std::vector<float> held, induction;
    for (const PoemMeasure& m : pr->measures) {
        held.push_back(m.held);
        induction.push_back(m.induction);
    }
    const int measured = static_cast<int>(pr->losses.size()) / kPoemHeldEvery;  // the charts' length
    const std::string held_title = TF("poems.held_loss", kPoemHeldEvery);
    const ChartPair pair(width, T("poems.train_loss"), held_title.c_str(), kControlGap);
    pair.begin(0);
    series_chart("poems:loss", T("poems.train_loss"), pr->losses, 0.0f, kLossChartTop, false, pair.chart_w);
    pair.end();
    pair.begin(1);
    series_chart("poems:held", held_title.c_str(), held, 0.0f, kLossChartTop, false, pair.chart_w, theme().operand, measured);
    pair.end();
    paragraph(scale.c_str(), width, &theme().muted);
    // the look-back forming: the best head's induction score, 0.5 and up names an induction head
    series_chart("poems:induction", TF("poems.induction_curve", kPoemHeldEvery, static_cast<double>(kHeadScoreShare)).c_str(),
                 induction, 0.0f, 1.0f, false, pair.chart_w, theme().accent, measured);
    if (pr->sample_step >= 0) {
        paragraph(TF("poems.sample", pr->sample_step).c_str(), width, &theme().muted);
        ImGui::PushFont(state.fonts.big);
        paragraph(pr->sample.c_str(), width);
        ImGui::PopFont();
        record_item("poems:sample");
    }
}

}  // namespace

void poems_panel(Session& s, View& v) {
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    if (!s.poems().ready()) {
        loading(s, width);
        return;
    }
    const PoemStage& p = s.poems();
    const GptShape& sh = p.shape();
    paragraph(TF("poems.model", kGptLayers, sh.heads, sh.d_model, sh.context, sh.vocab).c_str(), width, &theme().muted);
    writing(s, v, width);
    gallery(s, width);
    generation_step(s, width);
    training(s, width);
}

}  // namespace capiton::ui
