// capiton ui: the formula's stages, one function each in lesson order — tokens → embedding → Q/K/V
// projection → scores Q·Kᵀ → scale by 1/√d_k → mask → softmax → weighting of V → output — and the
// line above them that follows the selected token.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>
#include <utility>

#include <imgui.h>

#include "core/numbers.h"
#include "core/train.h"
#include "core/world.h"
#include "ui/format.h"
#include "ui/frame.h"
#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/panels.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace capiton::ui {

void focus_line(const Session& s) {
    const int sel = s.lesson().selected_token();
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    const auto& t = s.lesson().trace().tokens;
    // Beside the scores K's row of that key is outlined, beside the weights V's: said (a student took
    // the lit key for a row they had picked).
    const Stage st = s.lesson().stage();
    const char* key = st == Stage::Scores ? "app.focus_key" : st == Stage::Weighting ? "app.focus_value" : "app.focus";
    const auto text = [&](int q) {  // the line for query q (the hint without one)
        const Focus f = s.lesson().focus_of(q);
        if (q < 0 || f.key < 0) return std::string(T("app.follow_hint"));
        return TF(key, token_in_text(t, q).c_str(), token_in_text(t, f.key).c_str(), static_cast<double>(f.weight));
    };
    const auto line = [&](int q) { return wrap(text(q), width); };
    // As tall as the line for any choice (the hint is version 0, token i version i + 1).
    const float height = tallest(static_cast<int>(t.size()) + 1, [&](int v) { return line(v - 1); });
    const std::string now = text(sel);
    mirror_text(now);
    steady_text(wrap(now, width), width, height, sel < 0 ? theme().muted : theme().accent);
}

void offer_sentence(Session& s, const char* known, const char* widget_id) {
    if (activated(ImGui::Button(T("app.model.example")), widget_id)) (void)s.set_sentence(known);  // valid: its words
    const std::string quoted = TF("app.model.example_text", known);
    same_line_or_wrap(ImGui::CalcTextSize(quoted.c_str()).x);
    paragraph(quoted.c_str(), text_width(ImGui::GetContentRegionAvail().x), &theme().muted);
}

// Which parameters every formula stage computes with: the trained model in use (the small world's,
// or the training view's) or seeded random numbers at the same sizes. One line, then what it means.
void model_switch(Session& s) {
    const Lesson& l = s.lesson();
    int kind = static_cast<int>(l.model_kind());
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("app.model_label"));
    for (ModelKind m : all_of<ModelKind>()) {
        const std::string id = id_of(m);
        same_line_or_wrap(radio_width(T("app.model." + id)));
        if (activated(ImGui::RadioButton(T("app.model." + id), &kind, static_cast<int>(m)), "model:" + id)) s.set_model(m);
    }
    const LessonModel* model = l.model();
    // the cross and decode stages translate with their own preset, whatever model the lesson uses
    const bool translator = l.stage() == Stage::Cross || l.stage() == Stage::Decode;
    // the heads and block stages run the block's own model (its note is below the switch)
    const bool block = l.stage() == Stage::Heads || l.stage() == Stage::Block;
    // a model from the training stage (a run or its preset, of any task) is named as such
    const bool from_training = !block && model && (model->task.id != id_of(TaskId::World) || s.training().state());
    // sizes other than the trained model's have nothing trained to use: said, lest d_k seem to do it all
    const auto [trained_dm, trained_dk] = s.trained_sizes();
    const bool other_sizes = !block && l.model_kind() == ModelKind::Untrained &&
                             (l.config().d_model != trained_dm || l.config().d_k != trained_dk);
    const std::string note = translator && model ? std::string(T("app.model.note_translator"))
                             : block && model ? std::string(T("app.model.note_block"))
                             : from_training
                                 ? TF("app.model.note_task", T("train.task." + model->task.id))
                             : other_sizes ? TF("app.model.note_other_sizes", trained_dm, trained_dk)
                                           : std::string(T("app.model.note_" + std::string(id_of(l.model_kind()))));
    same_line_or_wrap(ImGui::CalcTextSize(note.c_str()).x);  // beside the switch when it fits, else wrapped below
    paragraph(note.c_str(), text_width(ImGui::GetContentRegionAvail().x), &theme().muted);
    // a model of the training stage other than the lesson's own (another task's, or a run's): the way
    // back to the stored small world every stage was explained with, at a click (not while a run is
    // training: the click would throw the run away while the student watches it learn)
    const TrainingState* run = s.training().state();
    if (!translator && from_training && !(run && run->running) && (model->task.id != id_of(TaskId::World) || (run && !run->preset)) &&
        activated(ImGui::Button(T("app.model.lesson")), "model:lesson"))
        (void)s.load_preset(TaskId::World);  // valid: stored
    if (translator) return;  // its own unknown words are marked under the translation; its positions are fixed
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    bool unknown = false;
    for (int i = 0; i < static_cast<int>(l.tokens().size()); ++i) unknown = unknown || l.unknown_on_stage(i);
    if (unknown) paragraph(T("app.model.unknown"), width, &theme().unknown);
    // the training stage's model knows only its task's words: a sentence in them, at a click
    TaskId task = TaskId::World;
    const char* known = unknown && from_training && from_id(model->task.id, &task) ? task_sentence(task, s.prefs().language) : "";
    if (*known) offer_sentence(s, known, "model:example");
    // a trained model read with another kind of position than it learned with (the embedding stage's
    // choice; the block keeps its own sinusoidal positions)
    if (model && !block && l.config().position != PositionKind::Sinusoidal) paragraph(T("app.position.trained_note"), width, &theme().unknown);
}

// A token's label on a chip: its number, the word, and a mark when the trained model never saw it.
std::string chip_label(const Lesson& l, int i) {
    char label[160];
    std::snprintf(label, sizeof label, "%d  %s%s##tok%d", i + 1, short_label(l.tokens()[static_cast<std::size_t>(i)], kLabelInText).c_str(),
                  l.unknown_to_model(i) ? " (?)" : "", i);
    return label;
}

// The tokens as chips; clicking one selects it (its query is then followed through every stage).
void tokens_panel(Session& s) {
    const auto& tokens = s.lesson().trace().tokens;
    const float right = ImGui::GetWindowContentRegionMax().x;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string chip = chip_label(s.lesson(), static_cast<int>(i));
        const char* label = chip.c_str();
        const float w = ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
        if (i > 0) {
            ImGui::SameLine();
            if (!fits(ImGui::GetCursorPosX(), w, right)) ImGui::NewLine();
        }
        const bool sel = s.lesson().selected_token() == static_cast<int>(i);
        const bool unknown = s.lesson().unknown_to_model(static_cast<int>(i));
        const std::string id = "token:" + std::to_string(i);
        if (unknown && !sel) ImGui::PushStyleColor(ImGuiCol_Text, theme().unknown);
        const bool clicked = sel ? choice_button(label, true, id) : activated(ImGui::Button(label), id);  // lit when chosen
        if (unknown && !sel) ImGui::PopStyleColor();
        if (clicked) (void)s.select_token(sel ? -1 : static_cast<int>(i));
    }
    ImGui::Spacing();
    paragraph(tokens.size() == 1 ? T("app.tokens_count_one") : TF("app.tokens_count", static_cast<int>(tokens.size())).c_str(),
              text_width(ImGui::GetContentRegionAvail().x), &theme().muted);
}

// How position gets in: one radio button per kind, then one line on what the chosen kind does (the
// model switch above says when a trained model reads another kind than it learned with).
void position_choice(Session& s) {
    const Lesson& l = s.lesson();
    int kind = static_cast<int>(l.config().position);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("app.position_label"));
    for (PositionKind p : all_of<PositionKind>()) {
        const std::string id = id_of(p);
        same_line_or_wrap(radio_width(T("app.position." + id)));
        if (activated(ImGui::RadioButton(T("app.position." + id), &kind, static_cast<int>(p)), "position:" + id))
            (void)s.set_position(p);
    }
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    paragraph(T("app.position.note." + std::string(id_of(l.config().position))), width, &theme().muted);
}

void embedding_panel(Session& s, View& v) {
    const Trace& t = s.lesson().trace();
    position_choice(s);
    const PositionKind kind = s.lesson().config().position;
    const char* caption = kind == PositionKind::Sinusoidal ? "grid.position"
                          : kind == PositionKind::Learned  ? "grid.position_learned"
                                                           : "grid.position_none";
    Grid table{MatrixId::Embedding, "E[token]", "grid.embedding", &t.token_embedding, Axis::Tokens, Axis::Features,
               Palette::Signed};
    table.shown_name = T("grid.embedding_name");  // as the formula above writes it in this language
    draw_grids(s, {table,
                   {MatrixId::Position, kind == PositionKind::Learned ? "P" : "PE", caption, &t.position, Axis::Tokens,
                    Axis::Features, Palette::Signed},
                   {MatrixId::X, "X", "grid.x_sum", &t.X, Axis::Tokens, Axis::Features, Palette::Signed}});
    position_experiment_panel(s, v);
}

void projection_panel(Session& s) {
    const Trace& t = s.lesson().trace();
    const Weights& w = s.lesson().weights();
    draw_grids(s, {{MatrixId::X, "X", "grid.x_rows", &t.X, Axis::Tokens, Axis::Features, Palette::Signed},
                   {MatrixId::W_Q, "W_Q", "grid.w_q", &w.W_Q, Axis::Features, Axis::Features, Palette::Signed},
                   {MatrixId::W_K, "W_K", "grid.w_k", &w.W_K, Axis::Features, Axis::Features, Palette::Signed},
                   {MatrixId::W_V, "W_V", "grid.w_v", &w.W_V, Axis::Features, Axis::Features, Palette::Signed},
                   {MatrixId::Q, "Q", "grid.q", &t.Q, Axis::Tokens, Axis::Features, Palette::Signed},
                   {MatrixId::K, "K", "grid.k", &t.K, Axis::Tokens, Axis::Features, Palette::Signed},
                   {MatrixId::V, "V", "grid.v", &t.V, Axis::Tokens, Axis::Features, Palette::Signed}});
}

void scores_panel(Session& s) {
    const Trace& t = s.lesson().trace();
    if (s.lesson().config().position == PositionKind::Rotary) {  // the scores multiply the turned Q and K
        paragraph(T("app.rope_scores_note"), text_width(ImGui::GetContentRegionAvail().x), &theme().muted);
        Grid k{MatrixId::K_rot, "K_rot", "grid.k_rot", &t.K_rot, Axis::Tokens, Axis::Features, Palette::Signed};
        k.key_rows = true;
        draw_grids(s, {{MatrixId::Q_rot, "Q_rot", "grid.q_rot", &t.Q_rot, Axis::Tokens, Axis::Features, Palette::Signed}, k,
                       {MatrixId::Scores, "scores", "grid.scores_rot", &t.scores, Axis::Tokens, Axis::Tokens, Palette::Signed}});
        return;
    }
    Grid k{MatrixId::K, "K", "grid.k_cols", &t.K, Axis::Tokens, Axis::Features, Palette::Signed};
    k.key_rows = true;
    draw_grids(s, {{MatrixId::Q, "Q", "grid.q_rows", &t.Q, Axis::Tokens, Axis::Features, Palette::Signed}, k,
                   {MatrixId::Scores, "scores", "grid.scores", &t.scores, Axis::Tokens, Axis::Tokens, Palette::Signed}});
}

void scale_panel(Session& s, View& v) {
    const Trace& t = s.lesson().trace();
    paragraph(TF("app.scale_note", s.lesson().config().d_k, s.lesson().config().d_k, static_cast<double>(t.scale)).c_str(),
              text_width(ImGui::GetContentRegionAvail().x), &theme().muted);
    draw_grids(s, {{MatrixId::Scores, "scores", "grid.scores_before", &t.scores, Axis::Tokens, Axis::Tokens, Palette::Signed},
                   {MatrixId::Scaled, "scaled", "grid.scaled_after", &t.scaled, Axis::Tokens, Axis::Tokens, Palette::Signed}});
    scale_experiment_panel(s, v);
}

void mask_panel(Session& s) {
    const Trace& t = s.lesson().trace();
    int mask = s.lesson().config().mask == MaskKind::Causal ? 1 : 0;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("app.mask_label"));
    same_line_or_wrap(radio_width(T("app.mask_none_long")));
    if (activated(ImGui::RadioButton(T("app.mask_none_long"), &mask, 0), "mask:none")) (void)s.set_mask(MaskKind::None);
    same_line_or_wrap(radio_width(T("app.mask_causal_long")));
    if (activated(ImGui::RadioButton(T("app.mask_causal_long"), &mask, 1), "mask:causal")) (void)s.set_mask(MaskKind::Causal);
    draw_grids(s, {{MatrixId::Scaled, "scaled", "grid.scaled_prev", &t.scaled, Axis::Tokens, Axis::Tokens, Palette::Signed},
                   {MatrixId::Masked, "masked", "grid.masked", &t.masked, Axis::Tokens, Axis::Tokens, Palette::Signed}});
    if (s.lesson().config().mask == MaskKind::Causal) {  // where the causal mask is used: a decoder, one row per step
        paragraph(T("app.mask_decoder"), text_width(ImGui::GetContentRegionAvail().x), &theme().operand);
        if (activated(ImGui::Button(T("app.mask_to_decode")), "mask:decode")) s.go_to(Stage::Decode);
    }
}

// The trained model's second layer (train.h): why one layer cannot tell what "it" stands for, the
// two example sentences one click away, and the second layer's weights on the sentence on screen.
void second_layer_panel(Session& s) {
    const Trace* second = s.lesson().second_layer();
    if (!second) return;
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    ImGui::Spacing();
    bold_paragraph(T("second.title"), text_width(ImGui::GetContentRegionAvail().x));
    paragraph(T("second.body"), width);
    for (const char* which : {"tired", "wide"}) {
        if (which[0] == 'w') same_line_or_wrap(button_width(T("second.wide")));
        if (activated(ImGui::Button(T("second." + std::string(which))), std::string("second:") + which) &&
            s.set_sentence(T("second." + std::string(which) + "_sentence")).ok()) {
            const auto& tok = s.lesson().tokens();
            for (std::size_t i = 0; i < tok.size(); ++i)
                if (world_pronoun(tok[i])) (void)s.select_token(static_cast<int>(i));
        }
    }
    // Where the query the notes talk about looks at this layer; as tall as that line for any query, so
    // that choosing a word never moves the grid below.
    const auto& tok = second->tokens;
    const auto text = [&](int q) {
        Eigen::Index key = 0;
        const float top = second->weights.row(q).maxCoeff(&key);
        return TF("second.focus", token_in_text(tok, q).c_str(), token_in_text(tok, static_cast<int>(key)).c_str(), static_cast<double>(top));
    };
    const auto line = [&](int q) { return wrap(text(q), width); };
    const std::string now = text(s.lesson().annotated_query());
    mirror_text(now);
    steady_text(wrap(now, width), width, tallest(static_cast<int>(tok.size()), line), theme().accent);
    Grid g{MatrixId::Weights, T("grid.second_name"), "grid.second_weights", &second->weights, Axis::Tokens, Axis::Tokens,
           Palette::Weights, false, "second_weights"};
    g.own_focus = true;
    draw_grids(s, {g});
    paragraph(T("second.note"), width, &theme().muted);
}

void softmax_panel(Session& s, View& v) {
    const Trace& t = s.lesson().trace();
    draw_grids(s, {{MatrixId::Masked, "masked", "grid.logits", &t.masked, Axis::Tokens, Axis::Tokens, Palette::Signed},
                   {MatrixId::Weights, "weights", "grid.weights_rows", &t.weights, Axis::Tokens, Axis::Tokens, Palette::Weights}});
    second_layer_panel(s);
    softmax_experiment_panel(s, v);
}

void weighting_panel(Session& s) {
    const Trace& t = s.lesson().trace();
    Grid v{MatrixId::V, "V", "grid.values", &t.V, Axis::Tokens, Axis::Features, Palette::Signed};
    v.key_rows = true;
    draw_grids(s, {{MatrixId::Weights, "weights", "grid.weights_take", &t.weights, Axis::Tokens, Axis::Tokens, Palette::Weights}, v,
                   {MatrixId::Output, "output", "grid.output_sums", &t.output, Axis::Tokens, Axis::Features, Palette::Signed}});
}

namespace {

// "(7 × 8) · (8 × 4) = (7 × 4)": a product's shapes.
std::string product(long n, long k, long m) { return shape_text(n, k) + " \xc2\xb7 " + shape_text(k, m) + " = " + shape_text(n, m); }

// The whole head in five lines, each with the shapes of this sentence and these sizes (for the student
// who wants it on one screen): the formula at the left, the shapes in a column at its right (under
// it where the line is too narrow).
void head_summary(const Lesson& l) {
    const Trace& t = l.trace();
    const Config& c = l.config();
    const long n = t.X.rows(), d = t.X.cols(), k = t.Q.cols();
    const bool rotary = c.position == PositionKind::Rotary;
    const bool added = c.position != PositionKind::None && !rotary;
    const std::pair<std::string, std::string> lines[] = {
        {T(added ? "stage.embedding.formula" : "stage.embedding.formula_nothing_added"), shape_text(n, d)},
        {T("stage.projection.formula"), product(n, d, k)},
        {T(rotary ? "output.sum_scores_rot" : "output.sum_scores"), product(n, k, n)},
        {c.temperature != 1.0f ? TF("output.sum_weights_t", shortest_decimal(c.temperature).c_str()) : T("output.sum_weights"),
         shape_text(n, n) + T("output.sum_rows")},
        {T("stage.weighting.formula"), product(n, n, k)},
    };
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    ImGui::Spacing();
    bold_paragraph(T("output.sum_title"), width);
    float widths[std::size(lines)], left = 0.0f;  // left: the widest formula that fits the line (a wider one is wrapped, a phone's)
    for (std::size_t i = 0; i < std::size(lines); ++i) {
        widths[i] = ImGui::CalcTextSize(lines[i].first.c_str()).x;
        if (widths[i] <= width) left = std::max(left, widths[i]);
    }
    const float x0 = ImGui::GetCursorPosX(), column = x0 + left + kGroupGap;
    for (std::size_t i = 0; i < std::size(lines); ++i) {
        const auto& [formula, shapes] = lines[i];
        mirror_text(formula + "   " + shapes);
        const bool wide = widths[i] > width;
        formula_paragraph(formula.c_str(), width);
        if (!wide && fits(column, ImGui::CalcTextSize(shapes.c_str()).x, x0 + width)) ImGui::SameLine(column);
        else ImGui::SetCursorPosX(x0 + kGroupGap);
        ImGui::TextColored(theme().muted, "%s", shapes.c_str());
    }
}

}  // namespace

void output_panel(Session& s) {
    const Trace& t = s.lesson().trace();
    draw_grids(s, {{MatrixId::V, "V", "grid.v_own", &t.V, Axis::Tokens, Axis::Features, Palette::Signed},
                   {MatrixId::Output, "output", "grid.output_context", &t.output, Axis::Tokens, Axis::Features, Palette::Signed}});
    head_summary(s.lesson());
}

}  // namespace capiton::ui
