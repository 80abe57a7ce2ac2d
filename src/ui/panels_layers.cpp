// capiton ui: the analogy layers' notes. A note box on each stage a switched-on layer has a text for
// (layer.<id>.<stage> in the catalogs), about the actual tokens: the annotated query, the key it
// weights most, and that weight. Under the notes: the "qkv" layer's two sets of weights side by side,
// the "apple" layer's two sentences through the trained model of core/apple.h, and the "signifier"
// layer's tree example.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/apple.h"
#include "ui/charts.h"
#include "ui/format.h"
#include "ui/frame.h"
#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/panels.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace capiton::ui {

namespace {

constexpr float kNotePadX = 12.0f, kNotePadY = 8.0f;  // text inside a note box

// The two meanings of "apple": the layer's two sentences (from the catalog, split at spaces).
struct ApplePair {
    AppleSentence fruit, company;
    float cosine = 0.0f;  // between the two outputs of "apple"
};

ApplePair apple_pair() {
    ApplePair p;
    p.fruit = apple_sentence(split_words(T("layer.apple.fruit_sentence")));
    p.company = apple_sentence(split_words(T("layer.apple.company_sentence")));
    p.cosine = apple_cosine(p.fruit, p.company);
    return p;
}

// One sentence of the pair: its "apple" row of weights and the output of "apple".
void apple_side(Session& s, const AppleSentence& a, const char* title, const char* rect, Matrix* row, Matrix* out) {
    const std::vector<std::string> out_cols = {T("layer.apple.axis_fruit"), T("layer.apple.axis_company")};
    const std::vector<std::string> apple_row = {a.trace.tokens[static_cast<std::size_t>(a.apple)]};
    *row = a.trace.weights.row(a.apple);
    *out = Matrix(1, 2);
    (*out) << a.sense[0], a.sense[1];
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    Grid w{MatrixId::Weights, "weights", "layer.apple.row_caption", row, Axis::Features, Axis::Features,
           Palette::Weights, false, rect};
    w.row_labels = &apple_row;
    w.col_labels = &a.trace.tokens;
    draw_grid(s, w);
    const std::string out_rect = std::string(rect) + "_output";
    Grid o{MatrixId::Output, "sense", "layer.apple.output_caption", out, Axis::Features, Axis::Features,
           Palette::Weights, false, out_rect.c_str()};
    o.shown_name = T("layer.apple.sense_name");  // not a formula's name: said in the page's language
    o.row_labels = &apple_row;
    o.col_labels = &out_cols;
    draw_grid(s, o);
    ImGui::EndGroup();
}

void apple_panel(Session& s, const ApplePair& p, float width) {
    Matrix rows[2], outs[2];
    apple_side(s, p.fruit, T("layer.apple.fruit_title"), "apple_fruit", &rows[0], &outs[0]);
    ImGui::SameLine(0.0f, kGroupGap);
    apple_side(s, p.company, T("layer.apple.company_title"), "apple_company", &rows[1], &outs[1]);
    if (s.lesson().stage() == Stage::Output) {
        ImGui::SameLine(0.0f, kGroupGap);
        const float plane_w = ImGui::GetFontSize() * 10.4f;
        if (!fits(ImGui::GetCursorPosX(), plane_w, ImGui::GetWindowContentRegionMax().x)) ImGui::NewLine();
        ImGui::BeginGroup();
        apple_plane(p.fruit, p.company);
        ImGui::EndGroup();
    }
    paragraph(T("layer.apple.learned"), width, &theme().muted);
    ImGui::Spacing();
}

// The "qkv" layer: the weights of one vector doing every job beside the separate Q, K, V ones.
void shared_comparison(Session& s, const SharedComparison& cmp) {
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(T("layer.qkv.shared"));
    ImGui::PopFont();
    draw_grid(s, {MatrixId::Weights, "weights", "layer.qkv.shared_help", &cmp.shared.weights, Axis::Tokens,
                  Axis::Tokens, Palette::Weights, false, "shared_weights"});
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, kGroupGap);
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(T("layer.qkv.separate"));
    ImGui::PopFont();
    draw_grid(s, {MatrixId::Weights, "weights", "layer.qkv.separate_help", &s.lesson().trace().weights, Axis::Tokens,
                  Axis::Tokens, Palette::Weights, true, "separate_weights"});
    ImGui::EndGroup();
    ImGui::Spacing();
}

// The "signifier" layer on the output stage: the tree example (a word's relations; the small model's
// own kind, an animal and its place), one click away.
void tree_example(Session& s) {
    // the button beside the sentence when both fit on a paragraph's line; else the sentence wrapped, the button under it
    const char* text = T("layer.signifier.tree");
    const float avail = ImGui::GetContentRegionAvail().x;  // within the paragraphs' column, as they are
    if (fits(ImGui::CalcTextSize(text).x + ImGui::GetStyle().ItemSpacing.x, button_width(T("layer.signifier.tree_button")),
             text_width(avail))) {
        ImGui::AlignTextToFramePadding();
        mirror_text(text);
        ImGui::TextUnformatted(text);
        ImGui::SameLine();
    } else {
        paragraph(text, text_width(avail));
    }
    if (activated(ImGui::Button(T("layer.signifier.tree_button")), "tree-example")) {
        if (s.set_sentence(T("layer.signifier.tree_sentence")).ok()) {  // and its animal followed
            const auto& t = s.lesson().trace().tokens;
            for (std::size_t i = 0; i < t.size(); ++i)
                if (t[i] == T("layer.signifier.tree_follow")) (void)s.select_token(static_cast<int>(i));
        }
    }
}

// The placeholders a note fills in about one query: its word, where it looks hardest and how much.
// On the scores stage {key} is the best-matching key from the scores beside the note (before the
// mask), not the weights' (after it).
void fill_query(const Lesson& l, int q, std::map<std::string, std::string>& all) {
    const Focus f = l.focus_of(q);
    const Focus best = l.stage() == Stage::Scores ? l.best_match_of(q) : f;
    const auto& tok = l.trace().tokens;
    char weight[32];
    std::snprintf(weight, sizeof weight, "%.2f", static_cast<double>(f.weight));
    all["query"] = token_in_text(tok, q);  // a repeated word with its place: which "the" looks
    all["key"] = best.key >= 0 ? token_in_text(tok, best.key) : std::string("?");
    all["weight"] = weight;
    all["percent"] = percent(f.weight, T("fmt.above_99"), T("fmt.below_1"));
}

}  // namespace

void layer_notes(Session& s) {
    const int q = s.lesson().annotated_query();
    if (q < 0) return;
    const auto& tok = s.lesson().trace().tokens;
    std::map<std::string, std::string> all;
    fill_query(s.lesson(), q, all);
    SharedComparison cmp;
    const Stage stage = s.lesson().stage();
    const bool comparing = s.prefs().layer_on(Layer::Qkv) && (stage == Stage::Scores || stage == Stage::Weighting);
    if (comparing) {
        cmp = s.lesson().shared_comparison();
        all["n"] = std::to_string(tok.size());
        all["self_shared"] = std::to_string(cmp.shared_self_rows);
        all["self_separate"] = std::to_string(cmp.separate_self_rows);
        // "fewer with separate projections", or, when not, that separate Q and K may still choose to
        all["self_count"] = fill_placeholders(
            T(cmp.separate_self_rows < cmp.shared_self_rows ? "layer.qkv.self_fewer" : "layer.qkv.self_as_many"), all);
    }
    bool apple = s.prefs().layer_on(Layer::Apple) &&
                 (stage == Stage::Softmax || stage == Stage::Weighting || stage == Stage::Output);
    ApplePair pair;
    if (apple) pair = apple_pair();
    apple = apple && pair.fruit.focus >= 0 && pair.company.focus >= 0;  // both texts hold "apple" (unit-tested)
    if (apple) {
        const AppleSentence& fr = pair.fruit;
        const AppleSentence& co = pair.company;
        all["fruit_key"] = short_label(fr.trace.tokens[static_cast<std::size_t>(fr.focus)], kLabelInText);
        all["company_key"] = short_label(co.trace.tokens[static_cast<std::size_t>(co.focus)], kLabelInText);
        all["fruit_percent"] = percent(fr.trace.weights(fr.apple, fr.focus), T("fmt.above_99"), T("fmt.below_1"));
        all["company_percent"] = percent(co.trace.weights(co.apple, co.focus), T("fmt.above_99"), T("fmt.below_1"));
        all["fruit_x"] = num(fr.sense[0]);
        all["fruit_y"] = num(fr.sense[1]);
        all["company_x"] = num(co.sense[0]);
        all["company_y"] = num(co.sense[1]);
        all["cosine"] = num(pair.cosine);
    }
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    const ImVec4* tints = theme().notes;
    for (Layer layer : all_of<Layer>()) {
        const std::string id = id_of(layer);
        const std::string key = "layer." + id + "." + id_of(stage);
        if (!s.prefs().layer_on(layer) || !catalog().has(key)) continue;
        // a note of its own for a word the model never saw, where the note would speak of what it learned,
        // and for a row whose weights are spread, where it would speak of a word pinned to a meaning
        const auto key_of = [&](int i) {
            const std::string unknown = key + "_unknown", spread = key + "_spread";
            if (s.lesson().unknown_on_stage(i) && catalog().has(unknown)) return unknown;
            return catalog().has(spread) && s.lesson().focus_of(i).spread ? spread : key;
        };
        const std::string said = fill_placeholders(T(key_of(q)), all);
        mirror_text(said);
        const std::string text = wrap(said, width - 2.0f * kNotePadX);
        // The box is as tall as the note for any query of the sentence, so that clicking a word (which
        // changes the words in the note) never moves the grids below under the pointer.
        std::map<std::string, std::string> other = all;
        const float height = std::max(ImGui::CalcTextSize(text.c_str()).y, tallest(static_cast<int>(tok.size()), [&](int i) {
            fill_query(s.lesson(), i, other);
            return wrap(fill_placeholders(T(key_of(i)), other), width - 2.0f * kNotePadX);
        }));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const ImVec2 box_end(p.x + width, p.y + height + 2.0f * kNotePadY);
        ImGui::GetWindowDrawList()->AddRectFilled(p, box_end, ImGui::GetColorU32(tints[static_cast<std::size_t>(layer)]), 6.0f);
        ImGui::SetCursorScreenPos(ImVec2(p.x + kNotePadX, p.y + kNotePadY));
        ImGui::TextUnformatted(text.c_str());
        record_rect("note:" + id, p, box_end);
        ImGui::SetCursorScreenPos(ImVec2(p.x, box_end.y));
        ImGui::Dummy(ImVec2(width, 4.0f));
        if (layer == Layer::Qkv && comparing) shared_comparison(s, cmp);
        if (layer == Layer::Apple && apple) apple_panel(s, pair, width);
        if (layer == Layer::Signifier && stage == Stage::Output) tree_example(s);
    }
}

}  // namespace capiton::ui
