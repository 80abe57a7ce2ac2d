// capiton ui: the two stages before the formula — seq2seq (a recurrent encoder squeezes the sentence
// into one vector; early words fade) and similarity (two draggable 2-D vectors, their dot product
// and cosine).
#include <algorithm>
#include <cmath>
#include <string>

#include <imgui.h>

#include "ui/charts.h"
#include "ui/frame.h"
#include "ui/format.h"
#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/panels.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace capiton::ui {

void seq2seq_panel(Session& s) {
    const Seq2Seq& r = s.demos().seq2seq();
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    const ImVec4* muted = &theme().muted;
    int n = s.demos().seq2seq_length();
    ImGui::SetNextItemWidth(slider_width(width));
    bool moved = slider_int(T("stage.seq2seq.length"), &n, kSeq2SeqMinLength, kSeq2SeqMaxLength);
    if (const int k = slider_widget("seq2seq:length"); k == 2 || k == -2) {  // ↑ / ↓: one word more / less
        n = std::clamp(n - k / 2, kSeq2SeqMinLength, kSeq2SeqMaxLength);
        moved = true;
    }
    if (moved) (void)s.set_seq2seq_length(n);
    std::string words;
    for (const std::string& t : r.tokens) words += t + " ";
    paragraph(words.c_str(), width, muted);
    // the slider's length against the sentence's: words made up after it, or the sentence cut
    const std::vector<std::string>& typed = s.lesson().tokens();
    if (r.tokens.size() > typed.size() && typed.size() == 1)
        paragraph(TF("stage.seq2seq.lengthened_one", typed.back().c_str()).c_str(), width, muted);
    else if (r.tokens.size() > typed.size() && !typed.empty())
        paragraph(TF("stage.seq2seq.lengthened", static_cast<int>(typed.size()), typed.back().c_str()).c_str(), width, muted);
    else if (r.tokens.size() < typed.size())
        paragraph(TF("stage.seq2seq.shortened", static_cast<int>(typed.size()), static_cast<int>(r.tokens.size())).c_str(), width, muted);
    ImGui::Spacing();
    bold_paragraph(T("stage.seq2seq.influence"), text_width(ImGui::GetContentRegionAvail().x));
    paragraph(T("stage.seq2seq.influence_help"), width, muted);
    float top = 0.0f;
    for (float x : r.influence) top = std::max(top, x);
    bar_chart("##influence", r.influence, top * 1.05f, ImVec2(width, 120.0f), theme().accent, r.tokens);
    // "n× weaker" only when the first word is weaker (and not "1× weaker" once rounded); otherwise
    // (one word, a first word that counts as much or more, a ratio that is not a number) the two
    // numbers alone
    if (!r.influence.empty()) {
        const double first = r.influence.front(), last = r.influence.back();
        const std::string fade = format_ratio(static_cast<double>(r.fade));
        if (std::isfinite(r.fade) && r.fade > 1.0f && fade != "1")
            paragraph(TF("stage.seq2seq.first_last", first, last, fade.c_str()).c_str(), width);
        else
            paragraph(TF("stage.seq2seq.first_last_only", first, last).c_str(), width);
    }
    ImGui::Spacing();
    const Trace& t = s.lesson().trace();
    constexpr float min_col = 260.0f;  // the narrowest a column of this pair gets
    // (one above the other on a phone: each heading as wide as the text, not wrapped at min_col)
    const float avail = ImGui::GetContentRegionAvail().x;
    const float col_w = half_width(avail) >= min_col ? half_width(avail) : text_width(avail);
    ImGui::BeginGroup();
    bold_paragraph(T("stage.seq2seq.same_c"), col_w);
    draw_grid(s, {MatrixId::Context, "c", "stage.seq2seq.same_c_help", &r.decoder_inputs, Axis::Steps, Axis::Features,
                  Palette::Signed});
    ImGui::EndGroup();
    // Beside it when a column still fits (the left one can be wider than col_w: its grid), below if
    // not; its heading wrapped to what is left of the line.
    ImGui::SameLine(0.0f, kGroupGap);
    if (ImGui::GetContentRegionAvail().x < min_col) ImGui::NewLine();
    const float right_w = std::min(col_w, ImGui::GetContentRegionAvail().x);
    ImGui::BeginGroup();
    bold_paragraph(T("stage.seq2seq.own_weights"), right_w);
    draw_grid(s, {MatrixId::Weights, "weights", "stage.seq2seq.own_weights_help", &t.weights, Axis::Tokens, Axis::Tokens,
                  Palette::Weights});
    if (r.tokens.size() != t.tokens.size())  // the slider made the encoder's input longer or shorter than the sentence
        paragraph(T("stage.seq2seq.weights_typed"), std::max(std::min(right_w, ImGui::GetItemRectSize().x), min_col), muted);
    ImGui::EndGroup();
    ImGui::Spacing();  // the real thing: a decoder looking back at an encoder's words, one look per step
    if (activated(ImGui::Button(T("stage.seq2seq.to_cross")), "seq2seq:cross")) s.go_to(Stage::Cross);
}

void similarity_panel(Session& s) {
    constexpr float size = 300.0f, grab = 24.0f, key_step = 0.25f;  // plane, grab radius, one arrow press
    const float range = kSimilarityRange, scale = size / (2.0f * range);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const ImVec2 centre(o.x + size * 0.5f, o.y + size * 0.5f);
    ImGui::InvisibleButton("##plane", ImVec2(size, size));
    record_item("similarity:plane");
    const float* v = s.demos().similarity_vectors();
    const auto to_screen = [&](float x, float y) { return ImVec2(centre.x + x * scale, centre.y - y * scale); };
    const ImVec2 tips[2] = {to_screen(v[0], v[1]), to_screen(v[2], v[3])};
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    int& dragging = state.dragging;
    if (ImGui::IsItemActivated()) {  // grab the nearer tip, if the press is close to one
        dragging = -1;
        float best = grab * grab;
        for (int k = 0; k < 2; ++k) {
            const float dx = mouse.x - tips[k].x, dy = mouse.y - tips[k].y;
            if (dx * dx + dy * dy < best) { best = dx * dx + dy * dy; dragging = k; }
        }
    }
    if (ImGui::IsItemActive() && dragging >= 0) {
        const float x = (mouse.x - centre.x) / scale, y = (centre.y - mouse.y) / scale;
        if (dragging == 0) s.set_similarity_vectors(x, y, v[2], v[3]);
        else s.set_similarity_vectors(v[0], v[1], x, y);
    }
    if (dragging < 0) drag_scrolls_here();  // pressed away from the tips
    if (!ImGui::IsItemActive()) dragging = -1;
    // Keyboard: each tip is a stop of the ring (the plane's rectangle); while it has the focus the
    // arrow keys move it.
    int key_tip = -1;
    for (int k = 0; k < 2; ++k) {
        const std::string id = k == 0 ? "vector:a" : "vector:b";
        (void)widget(id);
        if (state.focus.id != id) continue;
        key_tip = k;
        if (ImGui::GetIO().WantTextInput) continue;
        const auto pressed = [](ImGuiKey key) { return key_pressed(key) ? 1.0f : 0.0f; };
        const float dx = key_step * (pressed(ImGuiKey_RightArrow) - pressed(ImGuiKey_LeftArrow));
        const float dy = key_step * (pressed(ImGuiKey_UpArrow) - pressed(ImGuiKey_DownArrow));
        if (dx != 0.0f || dy != 0.0f) {
            if (k == 0) s.set_similarity_vectors(v[0] + dx, v[1] + dy, v[2], v[3]);
            else s.set_similarity_vectors(v[0], v[1], v[2] + dx, v[3] + dy);
        }
    }
    vector_plane(o, size, range, tips, key_tip);
    if (ImGui::IsItemHovered() && dragging < 0) ImGui::SetTooltip("%s", T("stage.similarity.drag"));
    // the numbers beside the plane where they have room, under it on a phone; wrapped between their parts
    constexpr float readout_min = 280.0f;
    ImGui::SameLine(0.0f, kGroupGap);
    if (ImGui::GetContentRegionAvail().x < readout_min) ImGui::NewLine();
    ImGui::BeginGroup();
    const float readout_w = ImGui::GetContentRegionAvail().x;
    const Similarity sim = s.demos().similarity();
    const float ax = v[0], ay = v[1], bx = v[2], by = v[3];
    // written as the grids write numbers (a real minus, two decimals), a negative factor after an
    // operator in brackets, and "≈" where the terms as shown would add up to another last digit
    const auto factor = [](float x) {  // bracketed as written: −0.001 is written 0.00
        const std::string t = num(x);
        return t.rfind("\u2212", 0) == 0 ? "(" + t + ")" : t;
    };
    const auto three = [](float x) { return real_minus(formatted("%.3f", static_cast<double>(x))); };
    const bool rounded = rounded_sum_differs({ax, ay}, {bx, by});
    const std::string lines[] = {
        TF("stage.similarity.readout", num(ax).c_str(), num(ay).c_str(), num(bx).c_str(), num(by).c_str()),
        TF("stage.similarity.dot", num(ax).c_str(), factor(bx).c_str(), factor(ay).c_str(), factor(by).c_str(),
           rounded ? "\u2248" : "=", num(sim.dot).c_str()),
        TF("stage.similarity.cosine", three(sim.norm_a).c_str(), three(sim.norm_b).c_str(), three(sim.cosine).c_str(),
           static_cast<double>(sim.angle_degrees))};
    ImGui::PushFont(state.fonts.big);
    for (const std::string& line : lines) {
        formula_paragraph(line.c_str(), readout_w);
        mirror_text(line);  // the stage's numbers, in the screen-reader mirror as they change
    }
    ImGui::PopFont();
    ImGui::Spacing();
    paragraph(T("stage.similarity.length_note"), std::clamp(ImGui::GetContentRegionAvail().x - 20.0f, 240.0f, 560.0f),
              &theme().muted);
    ImGui::EndGroup();
}

}  // namespace capiton::ui
