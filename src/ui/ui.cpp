// capiton ui: draw() — the frame, top to bottom — and the public functions that set the UI up.
//
// Where the rest is (each file starts with what it owns):
//   machinery   state.h (all UI state), frame.{h,cpp} (rectangles, keyboard ring, hover, touch,
//               screen-reader tables), text.{h,cpp} (catalogs, paragraphs, fonts, glyphs),
//               theme.{h,cpp} (themes, palette, style), grid.{h,cpp} (colour grids, tooltips, mini
//               heatmaps), charts.{h,cpp} (line and bar charts, planes), (ids come from src/core/ids.h)
//   window-free wrap.{h,cpp} (CJK line breaking), format.{h,cpp} (numbers, labels), layout.h (layout
//               numbers and arithmetic), font_file.{h,cpp} (a font file's check) — unit-tested in
//               tests/ui
//   content     panels.h: header.cpp, panels_prelude.cpp, panels_formula.cpp, panels_layers.cpp,
//               panels_block.cpp, panels_experiments.cpp, panels_questions.cpp, panels_training.cpp,
//               panels_poems.cpp
#include "ui/ui.h"

#include <algorithm>

#include <imgui.h>
#include <imgui_internal.h>  // the frame's tooltip windows (widgetRect "tooltip")

#include "core/numbers.h"
#include "ui/frame.h"
#include "ui/layout.h"
#include "ui/panels.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace capiton::ui {

State state;

namespace {

// One function per stage, in lesson order.
void stage_body(Session& s, View& v) {
    switch (s.lesson().stage()) {
        case Stage::Seq2Seq: seq2seq_panel(s); break;
        case Stage::Similarity: similarity_panel(s); break;
        case Stage::Tokens: tokens_panel(s); break;
        case Stage::Embedding: embedding_panel(s, v); break;
        case Stage::Projection: projection_panel(s); break;
        case Stage::Scores: scores_panel(s); break;
        case Stage::Scale: scale_panel(s, v); break;
        case Stage::Mask: mask_panel(s); break;
        case Stage::Softmax: softmax_panel(s, v); break;
        case Stage::Weighting: weighting_panel(s); break;
        case Stage::Output: output_panel(s); break;
        case Stage::Heads: heads_panel(s); break;
        case Stage::Block: block_panel(s); break;
        case Stage::Cross: cross_panel(s); break;
        case Stage::Decode: decode_panel(s); break;
        case Stage::Training: training_panel(s, v); break;
        case Stage::Poems: poems_panel(s, v); break;
    }
}

}  // namespace

void draw(Session& s, View& v) {
    ImGuiIO& io = ImGui::GetIO();
    state.lang = s.prefs().language;
    const bool dark = s.prefs().theme == Theme::Dark;
    if (!theme_applied(dark, v.touch)) apply_theme(dark, v.touch);
    begin_frame();
    touch_scroll(v);
    // ← / → move one stage per press (no auto-repeat: a slow frame must not skip stages), unless
    // the student is typing or a grid, a vector or a slider has the arrow keys.
    const bool focus_has_arrows = update_key_focus();
    if (!io.WantTextInput && !focus_has_arrows) {
        if (key_pressed(ImGuiKey_LeftArrow)) s.prev();
        if (key_pressed(ImGuiKey_RightArrow)) s.next();
    }

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    // A page that scrolls as a whole (below) shows its scrollbar, except on narrow screens (phones),
    // where it would take room from the text and a finger scrolls anyway.
    // (nor for a finger, which scrolls by dragging the lesson: a swipe starting on the bar grabbed it)
    const bool narrow = narrow_window(io.DisplaySize.x);
    const ImGuiWindowFlags scrollbar = narrow || v.touch ? ImGuiWindowFlags_NoScrollbar : 0;
    ImGui::Begin("capiton", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | scrollbar |
                     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PushAllowKeyboardFocus(false);  // Tab belongs to capiton's own ring (update_key_focus)

    // embed.html and compact windows (phones, either way up): the settings and the analogies behind an
    // "options" button; embed.html without the title line; compact windows with the stages in a menu.
    const bool compact = compact_controls(io.DisplaySize.x, io.DisplaySize.y);
    const bool options_button = v.embedded || compact;
    if (!v.embedded) {
        ImGui::PushFont(state.fonts.title);
        ImGui::TextUnformatted("capiton");
        ImGui::PopFont();
        ImGui::SameLine();
        if (ImGui::CalcTextSize(T("app.tagline")).x <= ImGui::GetContentRegionAvail().x) {
            ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 6.0f);
            ImGui::TextColored(theme().muted, "%s", T("app.tagline"));
        } else {
            ImGui::NewLine();  // a window too narrow for it (a phone, a zoomed page): the name alone
        }
        if (!options_button) settings(s);
    }
    sentence_box(s, v);
    if (options_button) {
        const char* options = T(v.show_options ? "app.options_hide" : "app.options");
        same_line_or_wrap(button_width(options));  // its label as drawn ("Hide options" ran past a narrow view)
        if (activated(ImGui::Button(options), "options"))
            v.show_options = !v.show_options;
        if (v.show_options) {
            if (!narrow) ImGui::NewLine();  // a line of their own, right-aligned (settings() wraps them when narrow)
            settings(s);
        }
    }
    share_popup(s, v);
    glossary_popup(v);
    ImGui::Spacing();
    stepper(s, compact);
    if (!options_button || v.show_options) layer_toggles(s);
    ImGui::Separator();

    state.now.stage = s.lesson().stage();
    // Another stage: a keyboard focus in the last stage's body (not among the controls above, drawn by
    // now) goes to the new stage's own button or menu. Left alone, it was lost with its widget, or it
    // stayed on the new stage's widget of the same id, off screen, where Enter acted unseen.
    const std::vector<std::string>& above = state.now.ring;
    if (state.last.stage != state.now.stage && !state.focus.id.empty() &&
        std::find(above.begin(), above.end(), state.focus.id) == above.end()) {
        state.focus.id = compact ? std::string("stage") : std::string("stage:") + id_of(state.now.stage);
        state.focus.moved = true;
    }
    // Narrow windows (phones, small iframes) and short ones scroll as a whole, so the controls above
    // do not take half the screen; others keep them in place and scroll the stage alone.
    const bool whole_page_scrolls = page_scrolls_whole(io.DisplaySize.x, io.DisplaySize.y, ImGui::GetCursorPosY());
    if (!whole_page_scrolls) ImGui::BeginChild("stage", ImVec2(0, 0), false);
    // Another stage opens with its title in view: scrolled past it (into the last stage), back to it;
    // a page scrolled above it (a phone's, with the controls in view) stays as it is. The scroll shows
    // in the next frame: this one, the new stage at the last one's scroll, is not shown.
    if (state.last.stage != state.now.stage && ImGui::GetScrollY() > ImGui::GetCursorPosY()) {
        ImGui::SetScrollY(ImGui::GetCursorPosY());
        state.now.scrolls_next = true;
    }
    const float text_w = text_width(ImGui::GetContentRegionAvail().x);
    ImGui::PushFont(state.fonts.title);
    unmirrored_paragraph(T(stage_key(s.lesson().stage(), "title")), text_w);
    ImGui::PopFont();
    ImGui::PushFont(state.fonts.big);
    // the embedding stage's with nothing added for position (none, rotary) says so
    const PositionKind pos = s.lesson().config().position;
    const bool nothing_added = s.lesson().stage() == Stage::Embedding && (pos == PositionKind::None || pos == PositionKind::Rotary);
    // softmax's and the output's with a temperature other than 1 divide by it, as the numbers below do
    const float temp = s.lesson().config().temperature;
    const bool divided = temp != 1.0f && (s.lesson().stage() == Stage::Softmax || s.lesson().stage() == Stage::Output);
    if (divided)
        state.now.formula = TF(stage_key(s.lesson().stage(), "formula_temperature"), shortest_decimal(temp).c_str());
    else
        state.now.formula = T(stage_key(s.lesson().stage(), nothing_added ? "formula_nothing_added" : "formula"));
    formula_paragraph(state.now.formula.c_str(), text_w);
    ImGui::PopFont();
    export_buttons(s, v);
    // the formula, the block's and the translation's stages: each follows the trained / untrained switch
    const bool formula = s.lesson().stage() >= Stage::Tokens && s.lesson().stage() <= Stage::Decode;
    if (formula) model_switch(s);
    unmirrored_paragraph(T(stage_key(s.lesson().stage(), "body")), text_width(ImGui::GetContentRegionAvail().x));
    if (const std::string buys = stage_key(s.lesson().stage(), "buys"); catalog().has(buys))  // what attention buys
        paragraph(T(buys), text_width(ImGui::GetContentRegionAvail().x), &theme().operand);
    if (s.lesson().stage() > Stage::Tokens && s.lesson().stage() <= Stage::Output) focus_line(s);
    layer_notes(s);
    ImGui::Spacing();
    stage_body(s, v);
    if (const std::string next = stage_key(s.lesson().stage(), "next"); catalog().has(next))  // the bridge onwards
        paragraph(T(next), text_width(ImGui::GetContentRegionAvail().x));
    question_panel(s);
    ImGui::Dummy(ImVec2(0, 12));
    // How to use it, for the pointer in use: a finger's gestures, or the mouse's and the keyboard's.
    unmirrored_paragraph(T(v.touch ? "app.footer_touch" : "app.footer"), text_width(ImGui::GetContentRegionAvail().x), &theme().muted);
    // the wheel over the lesson scrolled to an end goes on to the page around the app (wheel_passes)
    // (not a popup over it: the glossary, the share popup or a menu's list scroll themselves)
    const bool over = ImGui::IsWindowHovered(ImGuiHoveredFlags_RootAndChildWindows | ImGuiHoveredFlags_NoPopupHierarchy) &&
                      !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopup);
    state.now.wheel_passes_up = over && ImGui::GetScrollY() <= 0.5f;
    state.now.wheel_passes_down = over && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 0.5f;
    if (!whole_page_scrolls) ImGui::EndChild();
    ImGui::PopAllowKeyboardFocus();
    ImGui::End();
    // where a tip (a tooltip window) is shown this frame, for the browser tests (widgetRect "tooltip")
    for (const ImGuiWindow* w : GImGui->Windows)
        if ((w->Flags & ImGuiWindowFlags_Tooltip) && w->Active) record_rect("tooltip", w->Pos, ImVec2(w->Pos.x + w->Size.x, w->Pos.y + w->Size.y));
    want_screen(s, v);
}

// ---- public: setting up ------------------------------------------------------------------------------

void set_heatmap_painter(HeatmapPainter painter) { state.painter = painter; }

bool init(const Session& s, std::string* error) {
    state.lang = s.prefs().language;
    if (!parse_catalog(state.lang, error)) return false;
    forget_wanted();
    want_screen(s, View{});
    return true;
}

int largest_draw_list() {
    const ImDrawData* d = ImGui::GetDrawData();
    int most = 0;
    for (int i = 0; d && i < d->CmdListsCount; ++i) most = std::max(most, d->CmdLists[i]->VtxBuffer.Size);
    return most;
}

}  // namespace capiton::ui
