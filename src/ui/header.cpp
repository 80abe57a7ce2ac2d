// capiton ui: the header above the stage — settings (language, theme, d_model, d_k, mask), the
// sentence box, the share / embed popup, the stepper, the analogy layers' toggles — and the export
// buttons beside the stage's formula.
#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/export.h"
#include "core/fragment.h"
#include "ui/format.h"  // short_label
#include "ui/frame.h"
#include "ui/glossary.h"
#include "ui/layout.h"
#include "ui/panels.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace capiton::ui {

namespace {

constexpr float kSentenceWidth = 460.0f;  // the sentence box: at most this, at most half the line
constexpr float kShareWidth = 720.0f;     // the share popup: at most this, 20 px from each side
constexpr float kShareTop = 80.0f;

// What a greyed setting shows: not the lesson's value, which the stage does not run with (the heads,
// block, cross, decode, training and poems stages have models of their own sizes, shown on the stage)
constexpr const char* kUnusedSetting = "\u2013";

constexpr float kSideNoteMinWidth = 260.0f;  // a note beside the sentence's buttons, else under them

// A note after the sentence's buttons: beside them where the line has room, else on a line of its own
// (a phone: a narrow column of it ran off the screen's edge).
void side_note(const std::string& text, const ImVec4& colour) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < kSideNoteMinWidth) ImGui::NewLine();
    paragraph(text.c_str(), ImGui::GetContentRegionAvail().x, &colour);
}

// A refused sentence: why, and which sentence the grids still show (the box keeps what was typed).
void show_error(const Status& st, const Session& s) {
    if (st.ok()) return;
    const std::string& sentence = s.lesson().sentence();
    const std::string shown = short_label(sentence, kLabelInText);
    // A quote that ends a sentence of its own closes ours; one cut short ("…") does not.
    const bool closed = shown == sentence && ends_sentence(shown);
    const std::string said = TF(closed ? "error.still_shown_closed" : "error.still_shown", message_of(st).c_str(), shown.c_str());
    side_note(said, theme().error);
}

// ---- share / embed -------------------------------------------------------------------------------
// The link to this exact view and a ready <iframe> snippet, each with a copy button. Copying is done
// by the page (View::copy_request); if the browser refuses, the text is there to select by hand. The
// snippet lets the frame write the clipboard (allow="clipboard-write": a frame from another site may
// not otherwise), for its Copy buttons and Ctrl+C in its text fields.
std::string share_link(const Session& s, const View& v) { return v.page_url + "#" + fragment_of(s); }

std::string iframe_snippet(const Session& s, const View& v) {
    return "<iframe src=\"" + v.embed_url + "#" + fragment_of(s) +
           "\"\n        width=\"100%\" height=\"720\" style=\"border:0;max-width:1100px\" loading=\"lazy\" allow=\"clipboard-write\"\n"
           "        title=\"" +
           T("share.iframe_title") + "\"></iframe>";
}

// The parts of the link this page was opened with (or a changed fragment) that could not be used:
// the first (in the UI's language; the console has the English), how many more, and a button to close.
void link_notice(Session& s) {
    const std::vector<Note>& notes = s.link_notes();
    if (notes.empty()) return;
    std::string text = TF("link.notice", message_of(notes.front()).c_str());
    if (notes.size() > 1) text += " " + TF("link.more", static_cast<int>(notes.size() - 1));
    unmirrored_paragraph(text.c_str(), text_width(ImGui::GetContentRegionAvail().x), &theme().unknown);
    record_item("link:notice");
    state.now.notice = text;  // screen readers hear it too (accessible_json)
    if (activated(ImGui::SmallButton(T("link.dismiss")), "link:dismiss")) s.dismiss_link_notes();
}

}  // namespace

// Settings on the title line, right-aligned: language, theme, d_model, d_k, mask.
// Index `at` moved by `by` steps (±1) through n values, wrapping round.
int cycle_index(int at, int by, int n) { return ((at + by) % n + n) % n; }

// A menu of every value of table E, each labelled by the catalog key "<key_prefix>.<id>"; the focused
// menu steps through them from the keyboard (unless `in_use` is false: then it is not in the ring, and
// it shows kUnusedSetting rather than a value the stage does not run with).
// Returns the value picked (`now` when none was).
template <class E>
E id_menu(const char* widget_id, const char* key_prefix, E now, bool in_use = true) {
    const auto label = [&](E e) { return T(std::string(key_prefix) + "." + id_of(e)); };
    E picked = now;
    const bool open = ImGui::BeginCombo((std::string("##") + widget_id).c_str(), in_use ? label(now) : kUnusedSetting);
    if (open) {
        for (E e : all_of<E>())
            if (ImGui::Selectable(label(e), e == now)) picked = e;
        ImGui::EndCombo();
    }
    if (const int by = in_use ? menu_widget(open, widget_id) : 0)
        picked = static_cast<E>(cycle_index(static_cast<int>(now), by, static_cast<int>(count_of<E>())));
    return picked;
}

void settings(Session& s) {
    const auto& kDims = kDimChoices;
    const ImGuiStyle& st = ImGui::GetStyle();
    constexpr float combo_w = 70.0f, mask_w = 100.0f, lang_w = 110.0f, theme_w = 90.0f;
    constexpr float group_gap = 12.0f;  // extra space before the d_model group (and in the total)
    const float width = ImGui::CalcTextSize(T("app.language")).x + ImGui::CalcTextSize(T("app.d_model")).x +
                        ImGui::CalcTextSize(T("app.d_k")).x + ImGui::CalcTextSize(T("app.mask")).x + 2 * combo_w +
                        mask_w + lang_w + theme_w + 9 * st.ItemSpacing.x + group_gap;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x > width) ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - width);
    else ImGui::NewLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme().muted, "%s", T("app.language"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(lang_w);
    // Keyboard: a focused menu opens its list with Enter / Space and steps with ↓ (next) and ↑ (back).
    const Language lang = s.prefs().language;
    const bool lang_open = ImGui::BeginCombo("##lang", info_of(lang).native_name);
    if (lang_open) {
        for (Language l : all_of<Language>())
            if (ImGui::Selectable(info_of(l).native_name, l == lang) && l != lang)
                s.set_language(l);
        ImGui::EndCombo();
    }
    if (const int by = menu_widget(lang_open, "language"))
        s.set_language(static_cast<Language>(cycle_index(static_cast<int>(lang), by, static_cast<int>(count_of<Language>()))));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(theme_w);
    if (const Theme t = id_menu("theme", "app.theme", s.prefs().theme); t != s.prefs().theme) s.set_theme(t);
    const auto group_w = [&](const char* key, float combo) {
        return ImGui::CalcTextSize(T(key)).x + st.ItemSpacing.x + combo;
    };
    // One labelled menu: greyed when this stage does not read it (out of the keyboard's ring, with a
    // tooltip saying where it applies; asked for after EndDisabled, or it would be drawn faded too:
    // the last item's hover state survives EndDisabled). menu() draws the combo and applies a pick.
    const StageSettings used = settings_used_by(s.lesson().stage());
    const auto labelled = [&](const char* key, float combo, bool in_use, float spacing, const auto& menu) {
        same_line_or_wrap(group_w(key, combo), spacing);
        ImGui::AlignTextToFramePadding();
        ImGui::BeginDisabled(!in_use);
        ImGui::TextColored(theme().muted, "%s", T(key));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(combo);
        menu();
        ImGui::EndDisabled();
        if (!in_use && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            ImGui::BeginTooltip();  // wrapped like a cell's explanation: one line ran past a phone's screen
            paragraph(T("app.settings_unused"), tooltip_text_width(kTooltipEms));
            ImGui::EndTooltip();
        }
    };
    // d_model or d_k: the size picked from kDims with the mouse, or stepped from the keyboard (`now` if none)
    const auto dim_menu = [&](const char* combo_id, const char* widget_id, int now, bool in_use) {
        int picked = now;
        const bool open = ImGui::BeginCombo(combo_id, in_use ? std::to_string(now).c_str() : kUnusedSetting);
        if (open) {
            for (int d : kDims)
                if (ImGui::Selectable(std::to_string(d).c_str(), d == now)) picked = d;
            ImGui::EndCombo();
        }
        const int n = static_cast<int>(kDims.size());
        const int at = static_cast<int>(std::find(kDims.begin(), kDims.end(), now) - kDims.begin()) % n;
        if (const int by = in_use ? menu_widget(open, widget_id) : 0) picked = kDims[static_cast<std::size_t>(cycle_index(at, by, n))];
        return picked;
    };
    const Config& c = s.lesson().config();
    labelled("app.d_model", combo_w, used.d_model, st.ItemSpacing.x + group_gap, [&] {
        if (const int d = dim_menu("##dmodel", "d_model", c.d_model, used.d_model); d != c.d_model) (void)s.set_dims(d, c.d_k);
    });
    labelled("app.d_k", combo_w, used.d_k, -1.0f, [&] {
        if (const int d = dim_menu("##dk", "d_k", c.d_k, used.d_k); d != c.d_k) (void)s.set_dims(c.d_model, d);
    });
    labelled("app.mask", mask_w, used.mask, -1.0f, [&] {
        if (const MaskKind m = id_menu("mask", "app.mask", c.mask, used.mask); m != c.mask) (void)s.set_mask(m);  // valid
    });
}

void sentence_box(Session& s, View& v) {
    const bool replaced = v.synced_sentence != s.lesson().sentence() || v.sentence_cleared;
    if (v.synced_sentence != s.lesson().sentence()) {  // changed from outside (Reset, page hook): show it
        std::snprintf(v.input, sizeof v.input, "%s", s.lesson().sentence().c_str());
        v.shown_input = v.input;
        v.synced_sentence = s.lesson().sentence();
        v.input_status = {};
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("app.sentence"));
    ImGui::SameLine();
    // Half the line, at most kSentenceWidth; on a phone all of the line but the clear and Show buttons
    // (Reset and the rest wrap under them): half a phone's line showed three words of a sentence.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x, clear_w = ImGui::GetFrameHeight();
    const float rest = avail - clear_w - button_width(T("app.show")) - 2.0f * spacing;
    ImGui::SetNextItemWidth(narrow_window(ImGui::GetIO().DisplaySize.x) ? std::max(rest, 4.0f * ImGui::GetFontSize())
                                                                        : std::min(kSentenceWidth, avail * 0.5f));
    const bool enter = text_field("sentence", T("app.sentence"), "##sentence", v.input, sizeof v.input, replaced, v.sentence_cleared);
    v.sentence_cleared = false;
    // × empties the box and puts the caret in it: on a phone, where Backspace takes one character at a
    // time and there is no select-all, a new sentence no longer begins with thirty presses. Its
    // rectangle is a text field's for the page (report_text_field), so a tap on it raises the keyboard.
    ImGui::SameLine(0.0f, spacing);
    // (Greyed, and out of the keyboard's ring, while the box is empty; a field for the page only for a
    // finger: a mouse's press on a field focuses the page's textarea at once.)
    const bool empty = v.input[0] == '\0';
    ImGui::BeginDisabled(empty);
    const bool clicked = ImGui::Button("\xc3\x97##clear", ImVec2(clear_w, 0.0f));
    if (empty) record_item("sentence:clear");
    if (!empty && activated(clicked, "sentence:clear")) {
        v.input[0] = '\0';
        v.input_status = {};  // an error about the sentence that was there
        v.sentence_cleared = true;
        if (state.focus.id == "sentence:clear") {  // the ring follows the caret
            state.focus.id = "sentence";
            state.focus.moved = true;
        }
    }
    ImGui::EndDisabled();
    if (!empty && state.touch_style) text_field_rect();
    if (!state.touch_style && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", T("app.clear"));
    same_line_or_wrap(button_width(T("app.show")));
    // in the accent colour while the box holds text the stages do not show yet (typed, not yet shown:
    // a student took the grids for the new sentence's)
    const bool pending = v.input[0] != '\0' && v.shown_input != v.input;
    if (choice_button(T("app.show"), pending, "show") || enter) {
        v.input_status = s.set_sentence(v.input);
        if (v.input_status.ok()) {
            v.synced_sentence = s.lesson().sentence();
            v.shown_input = v.input;
        }
    }
    same_line_or_wrap(button_width(T("app.reset")));
    const bool reset = activated(ImGui::Button(T("app.reset")), "reset");
    if (!state.touch_style && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        paragraph(T("app.reset_help"), tooltip_text_width(kHelpEms));
        ImGui::EndTooltip();
    }
    if (reset) {
        s.reset_lesson();
        v.input_status = {};
        v.synced_sentence.clear();  // the box shows it, even when the lesson already did (Show no longer lit)
    }
    same_line_or_wrap(button_width(T("share.button")));
    if (activated(ImGui::Button(T("share.button")), "share")) {
        v.share_open = true;
        v.share_status = nullptr;
    }
    same_line_or_wrap(button_width(T("glossary.button")));
    if (activated(ImGui::Button(T("glossary.button")), "glossary")) v.glossary_open = true;
    show_error(v.input_status, s);
    if (v.input_status.ok() && fonts_lack(s.lesson().sentence())) side_note(T("app.fonts_lack"), theme().muted);  // "�": why
    link_notice(s);
}

void share_popup(Session& s, View& v) {
    if (v.share_open) {
        ImGui::OpenPopup("share");
        v.share_open = false;
    }
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float top = popup_top(display.y, kShareTop);
    ImGui::SetNextWindowSize(ImVec2(std::min(display.x - 40.0f, kShareWidth), 0.0f));
    // no taller than the window leaves (a phone held sideways): it scrolls inside
    ImGui::SetNextWindowSizeConstraints(ImVec2(0.0f, 0.0f), ImVec2(FLT_MAX, popup_height(display.y, kShareTop)));
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, top), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
    if (!ImGui::BeginPopup("share")) return;
    const float w = ImGui::GetContentRegionAvail().x;
    bold_paragraph(T("share.title"), w);  // wrapped: a phone's popup is narrower than the title
    paragraph(T("share.help"), w, &theme().muted);
    // weights trained in the page cannot travel in a link: it brings the task's stored ones (fragment.cpp)
    const TrainingState* training = s.training().state();
    if (training && !training->preset && s.lesson().model_kind() == ModelKind::Trained) {
        paragraph(TF("share.trained_here", T("train.task." + std::string(id_of(training->task)))).c_str(), w, &theme().unknown);
        record_item("share:trained-here");
    }
    std::string link = share_link(s, v), snippet = iframe_snippet(s, v);
    ImGui::TextUnformatted(T("share.link"));
    ImGui::SetNextItemWidth(w);
    ImGui::InputText("##link", link.data(), link.size() + 1, ImGuiInputTextFlags_ReadOnly);
    record_item("share:link");
    if (activated(ImGui::Button(T("share.copy_link")), "share:copy-link")) {
        v.copy_request = link;
        v.share_status = "share.copied_link";
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(T("share.snippet"));
    ImGui::InputTextMultiline("##snippet", snippet.data(), snippet.size() + 1,
                              ImVec2(w, ImGui::GetTextLineHeight() * 4.0f),
                              ImGuiInputTextFlags_ReadOnly);
    record_item("share:snippet");
    if (activated(ImGui::Button(T("share.copy_snippet")), "share:copy-snippet")) {
        v.copy_request = snippet;
        v.share_status = "share.copied_snippet";
    }
    if (v.has_guide) {  // docs/embed.md (or embed.zh.md) as a page beside the app (cmake/guide_page.py)
        same_line_or_wrap(button_width(T("share.guide")));
        if (activated(ImGui::Button(T("share.guide")), "share:guide")) v.guide_request = true;
    }
    same_line_or_wrap(button_width(T("share.close")));
    if (activated(ImGui::Button(T("share.close")), "share:close") || key_pressed(ImGuiKey_Escape))
        ImGui::CloseCurrentPopup();
    if (v.share_status) {  // beside the buttons where it fits, else under them, wrapped
        const char* said = T(v.copy_failed ? "share.copy_failed" : v.share_status);
        same_line_or_wrap(ImGui::CalcTextSize(said).x);
        ImGui::AlignTextToFramePadding();
        paragraph(said, ImGui::GetContentRegionAvail().x, v.copy_failed ? &theme().error : &theme().accent);
    }
    ImGui::EndPopup();
}

// The glossary: every term the lesson uses, in both languages, one popup away from any stage.
void glossary_popup(View& v) {
    if (v.glossary_open) {
        ImGui::OpenPopup("glossary");
        v.glossary_open = false;
    }
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float top = popup_top(display.y, kShareTop);
    ImGui::SetNextWindowSize(ImVec2(std::min(display.x - 40.0f, kShareWidth), popup_height(display.y, kShareTop)));
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, top), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
    if (!ImGui::BeginPopup("glossary")) return;
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(T("glossary.title"));
    ImGui::PopFont();
    ImGui::SameLine(ImGui::GetContentRegionAvail().x - button_width(T("glossary.close")));
    if (activated(ImGui::Button(T("glossary.close")), "glossary:close") || key_pressed(ImGuiKey_Escape))
        ImGui::CloseCurrentPopup();
    ImGui::BeginChild("glossary-list");
    // the keyboard reads it as a page: ↑ / ↓ a few lines, Page Up / Page Down a screen, Home / End
    const float line = ImGui::GetTextLineHeightWithSpacing(), page = ImGui::GetWindowHeight() - 2.0f * line;
    float by = 0.0f;
    if (key_pressed(ImGuiKey_DownArrow, true)) by = 3.0f * line;
    if (key_pressed(ImGuiKey_UpArrow, true)) by = -3.0f * line;
    if (key_pressed(ImGuiKey_PageDown, true)) by = page;
    if (key_pressed(ImGuiKey_PageUp, true)) by = -page;
    if (key_pressed(ImGuiKey_Home)) by = -ImGui::GetScrollMaxY();
    if (key_pressed(ImGuiKey_End)) by = ImGui::GetScrollMaxY();
    if (by != 0.0f) ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() + by, 0.0f, ImGui::GetScrollMaxY()));
    const float w = text_width(ImGui::GetContentRegionAvail().x);
    for (const char* id : kGlossary) {
        const std::string key = std::string("glossary.") + id;
        bold_paragraph(T(key + ".term"), w);
        paragraph(T(key + ".text"), w, &theme().muted);
        ImGui::Spacing();
    }
    ImGui::EndChild();
    ImGui::EndPopup();
}

namespace {
// A stage as the stepper names it: "6 scores".
std::string stage_title(Stage st) { return std::to_string(static_cast<int>(st) + 1) + " " + T(stage_key(st, "short")); }

// Its button's or menu entry's label: the title, with the stage's id after ## (one widget per stage).
std::string stage_label(Stage st) { return stage_title(st) + "##" + id_of(st); }

// One button per stage, the current one in the accent colour, wrapping onto more lines as needed.
void stage_buttons(Session& s) {
    for (Stage st : all_of<Stage>()) {
        ImGui::SameLine();
        const bool current = st == s.lesson().stage();
        const std::string label = stage_label(st);
        const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
        // 40: room for the ▶ button after the last stage
        if (!fits(ImGui::GetCursorPosX() + w, 40.0f, ImGui::GetWindowContentRegionMax().x)) ImGui::NewLine();
        if (choice_button(label.c_str(), current, std::string("stage:") + id_of(st))) s.go_to(st);
    }
}

// Narrow windows: ◀ [6 scores ▾] ▶, the stages in a menu, on one line.
void stage_menu(Session& s) {
    ImGui::SameLine();
    const Stage now = s.lesson().stage();
    const float arrow = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 8.0f, ImGui::GetContentRegionAvail().x - arrow));
    // As tall as the screen below it allows: on a phone held upright all seventeen stages show; held
    // sideways the list scrolls (it ran off the screen, the last stages out of reach), under a finger
    // too: a drag that starts on an entry scrolls, and picks nothing.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float below = ImGui::GetIO().DisplaySize.y - ImGui::GetCursorScreenPos().y - ImGui::GetFrameHeight() - style.WindowPadding.y;
    // at least four entries (with less room below, ImGui opens the list above the menu instead)
    const float rows = 4.0f * (ImGui::GetFontSize() + style.ItemSpacing.y) + 2.0f * style.WindowPadding.y;
    ImGui::SetNextWindowSizeConstraints(ImVec2(0.0f, 0.0f), ImVec2(FLT_MAX, std::max(below, rows)));
    const bool open = ImGui::BeginCombo("##stage", stage_title(now).c_str());
    if (open) {
        for (Stage st : all_of<Stage>()) {
            if (ImGui::Selectable(stage_label(st).c_str(), st == now) && st != now) s.go_to(st);
            if (st == now && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY(0.5f);  // the current stage in view
            drag_scrolls_here();
            record_item(std::string("stage:") + id_of(st));  // as the wide layout's buttons are named
        }
        ImGui::EndCombo();
    }
    if (const int by = menu_widget(open, "stage")) by > 0 ? s.next() : s.prev();
}
}  // namespace

void stepper(Session& s, bool compact) {
    // Their tips name the arrow keys, for the mouse: a finger that tapped the button leaves the pointer
    // on it, and the tip would cover the new stage's title.
    const bool tips = !state.touch_style;
    // ◀ on the first stage and ▶ on the last are greyed and out of the keyboard's ring (the ring's focus,
    // when it was on one, goes to the stage's own button or menu)
    const auto arrow = [&](const char* label, ImGuiDir dir, const char* id, bool end, const char* tip) {
        ImGui::BeginDisabled(end);
        const bool clicked = ImGui::ArrowButton(label, dir);
        if (end) record_item(id);
        const bool go = !end && activated(clicked, id);
        ImGui::EndDisabled();
        if (tips && !end && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(tip));
        if (end && state.focus.id == id) {
            state.focus.id = compact ? std::string("stage") : std::string("stage:") + id_of(s.lesson().stage());
            state.focus.moved = true;
        }
        return go;
    };
    constexpr auto stages = all_of<Stage>();
    if (arrow("##prev", ImGuiDir_Left, "stage:prev", s.lesson().stage() == stages.front(), "app.prev")) s.prev();
    compact ? stage_menu(s) : stage_buttons(s);
    ImGui::SameLine();
    if (arrow("##next", ImGuiDir_Right, "stage:next", s.lesson().stage() == stages.back(), "app.next")) s.next();
}

// A note box on each stage a switched-on layer has a text for (panels_layers.cpp); these switch them.
void layer_toggles(Session& s) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme().muted, "%s", T("layer.title"));
    for (Layer layer : all_of<Layer>()) {
        const std::string id = id_of(layer);
        same_line_or_wrap(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                          ImGui::CalcTextSize(T("layer." + id)).x);
        bool on = s.prefs().layer_on(layer);
        const bool clicked = ImGui::Checkbox(T("layer." + id), &on);
        if (widget("layer:" + id) == 1) on = !on;
        if (clicked || on != s.prefs().layer_on(layer)) s.set_layer(layer, on);
        if (ImGui::IsItemHovered()) {
            // below the box and its label, not at the pointer, where it covered the label it explains
            ImGui::SetNextWindowPos(ImVec2(tooltip_left(ImGui::GetItemRectMin().x, kHelpEms), ImGui::GetItemRectMax().y + 4.0f));
            ImGui::BeginTooltip();
            paragraph(T("layer." + id + ".help"), tooltip_text_width(kHelpEms));
            ImGui::EndTooltip();
        }
    }
}

// This stage's grids as CSV or JSON, the view as PNG (the app writes the file).
void export_buttons(const Session& s, View& v) {
    const char* labels[3] = {"CSV", "JSON", "PNG"};
    float w = ImGui::CalcTextSize(T("export.title")).x + ImGui::GetStyle().ItemSpacing.x;
    for (const char* l : labels) w += ImGui::CalcTextSize(l).x + 2.0f * ImGui::GetStyle().FramePadding.x + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SameLine();
    const float right = text_width(ImGui::GetWindowContentRegionMax().x);
    if (ImGui::GetCursorPosX() + w + 20.0f < right) ImGui::SetCursorPosX(right - w);  // right-aligned, 20 px to spare
    else ImGui::NewLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme().muted, "%s", T("export.title"));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("export.help"));
    // the grids of the last frame, when it showed this stage (the first frame of a stage cannot know
    // yet: its buttons stay as they were, and a press then writes nothing)
    std::vector<LabelledMatrix> ms;
    const bool known = state.last.stage == s.lesson().stage();
    if (known)
        for (const TableCopy& t : state.last.tables) ms.push_back(t.lm);
    const std::string base = std::string("capiton-") + id_of(s.lesson().stage());
    for (int k = 0; k < 3; ++k) {
        ImGui::SameLine();
        ImGui::PushID(k);
        // CSV and JSON greyed on a stage that shows no grid (tokens, similarity, a chart): the file would be empty
        const bool none = k < 2 && known && ms.empty();
        ImGui::BeginDisabled(none);
        // small for the mouse; a finger's at the full height of the other buttons
        const bool clicked = state.touch_style ? ImGui::Button(labels[k]) : ImGui::SmallButton(labels[k]);
        const std::string id = std::string("export:") + labels[k];
        if (none) record_item(id);  // greyed: out of the keyboard's ring (the focus, if there, to PNG)
        if (none && state.focus.id == id) {
            state.focus.id = "export:PNG";
            state.focus.moved = true;
        }
        const bool pressed = !none && activated(clicked, id) && (k == 2 || !ms.empty());
        ImGui::EndDisabled();
        if (none && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", T("export.no_grid"));
        ImGui::PopID();
        if (!pressed) continue;
        v.export_kind = k == 0 ? "csv" : k == 1 ? "json" : "png";
        v.export_name = base + "." + v.export_kind;
        v.export_text = k == 0 ? to_csv(ms) : k == 1 ? to_json(id_of(s.lesson().stage()), s.lesson().sentence(), ms) : std::string();
    }
}

}  // namespace capiton::ui
