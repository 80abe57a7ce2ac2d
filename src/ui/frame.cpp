// capiton ui: the frame machinery (see frame.h): widget rectangles, the keyboard ring, the explained
// cell, screen-reader tables, touch scrolling; and the public functions that read them.
#include "ui/frame.h"

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <functional>

#include <algorithm>

#include <imgui_internal.h>  // ScrollToRect, SetScrollX/Y of a window, the hovered / active window

#include "core/json.h"
#include "ui/format.h"
#include "ui/layout.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace capiton::ui {

void begin_frame() {
    state.last = std::move(state.now);
    state.now = FrameRecord{};
}

void touch_scroll(const View& v) {
    ImGuiIO& io = ImGui::GetIO();
    ImGuiContext& g = *GImGui;
    TouchScroll& touch = state.touch;
    const bool passive_held = touch.passive_held;
    touch.passive_held = false;
    // A finger scrolling, or lifted after a scroll (until it presses again), leaves no pointer: nothing
    // under it is hovered this frame (no cell explained, no tip where a swipe ended; a tap still
    // explains). The backend sets the position anew each frame.
    const auto no_pointer = [&] {
        if (touch.scrolling || touch.swiped) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    };
    if (!v.touch) touch.swiped = false;  // the mouse hovers again
    if (!io.MouseDown[0]) {
        touch.scrolled = touch.scrolling && ImGui::IsMouseReleased(0);  // swallow this release
        touch.swiped = touch.swiped || touch.scrolled;
        touch.scrolling = false;
        no_pointer();
        return;
    }
    if (ImGui::IsMouseClicked(0)) touch.swiped = false;
    touch.scrolled = false;
    if (!v.touch || v.fingers > 1) return;  // the mouse, or a pinch (the app zooms)
    if (!touch.scrolling) {
        // Free: nothing held, a grid held, or only a window's background (ImGui holds its "move" id).
        const bool on_background = g.ActiveIdWindow && g.ActiveId == g.ActiveIdWindow->MoveId;
        const bool free = !ImGui::IsAnyItemActive() || passive_held || on_background;
        if (!free || !ImGui::IsMouseDragging(0, 10.0f)) return;
        touch.scrolling = true;
        touch.window = g.HoveredWindow;  // keeps scrolling this window even if the finger leaves it
    }
    no_pointer();
    float dx = io.MouseDelta.x, dy = io.MouseDelta.y;
    for (ImGuiWindow* w = touch.window; w && (dx != 0.0f || dy != 0.0f); w = w->ParentWindow) {
        if (dy != 0.0f && w->ScrollMax.y > 0.0f) {
            ImGui::SetScrollY(w, std::clamp(w->Scroll.y - dy, 0.0f, w->ScrollMax.y));
            dy = 0.0f;
        }
        if (dx != 0.0f && w->ScrollMax.x > 0.0f) {
            ImGui::SetScrollX(w, std::clamp(w->Scroll.x - dx, 0.0f, w->ScrollMax.x));
            dx = 0.0f;
        }
        if (w->Flags & ImGuiWindowFlags_Popup) break;  // not the lesson behind an open menu or popup
    }
}

void drag_scrolls_here() {
    if (ImGui::IsItemActive()) state.touch.passive_held = true;
}

void begin_sideways_child(const char* id, ImVec2 content) {
    const float sb = ImGui::GetStyle().ScrollbarSize;
    ImGui::BeginChild(id, ImVec2(ImGui::GetContentRegionAvail().x, content.y + sb + 4.0f), false,
                      ImGuiWindowFlags_HorizontalScrollbar | (state.touch_style ? ImGuiWindowFlags_NoScrollbar : 0));
}

void end_sideways_child() {
    const float at = ImGui::GetScrollX(), most = ImGui::GetScrollMaxX();
    ImGui::EndChild();
    if (!state.touch_style || most <= 0.0f) return;
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    const float track = hi.x - lo.x, bar = track * track / (track + most), x = lo.x + (track - bar) * at / most;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, hi.y - 7.0f), ImVec2(x + bar, hi.y - 3.0f),
                                              ImGui::GetColorU32(ImGuiCol_ScrollbarGrab), 2.0f);
}

float button_width(const char* label) { return ImGui::CalcTextSize(label).x + 2.0f * ImGui::GetStyle().FramePadding.x; }
float radio_width(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}

void same_line_or_wrap(float w, float spacing) {
    ImGui::SameLine(0.0f, spacing);
    if (!fits(ImGui::GetCursorPosX(), w, ImGui::GetWindowContentRegionMax().x)) ImGui::NewLine();
}

bool key_pressed(ImGuiKey k, bool repeat) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), repeat); }

bool activation_key_pressed() {
    return key_pressed(ImGuiKey_Enter) || key_pressed(ImGuiKey_KeyPadEnter) || key_pressed(ImGuiKey_Space);
}

bool update_key_focus() {
    // While a popup is open, its stops are the ring: the keys no longer reach what it covers, and the
    // stop that had the focus gets it back when the popup closes.
    const bool popup = !state.last.popup_ring.empty();
    const std::vector<std::string>& ring = popup ? state.last.popup_ring : state.last.ring;
    KeyFocus& focus = state.focus;
    if (popup && !state.in_popup) state.before_popup = focus;
    if (!popup && state.in_popup) {
        focus = state.before_popup;
        focus.moved = true;
    }
    state.in_popup = popup;
    const ImGuiIO& io = ImGui::GetIO();
    const auto found = std::find(ring.begin(), ring.end(), focus.id);
    if (found == ring.end()) focus.id.clear();  // its widget is gone (another stage, a layer off)
    const bool tab = key_pressed(ImGuiKey_Tab);
    if (focus.left) {  // Tab left the app from a text field: it is no longer typed in
        focus.left = false;
        if (io.WantTextInput) ImGui::ClearActiveID();
    }
    if (io.WantTextInput) {
        if (!tab) return false;
        ImGui::ClearActiveID();  // Tab leaves the sentence box for the next stop
    }
    // Esc closes a menu's open list (the focus stays on the menu), else leaves the ring; Tab closes it too
    const bool menu_list = !popup && ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId);
    const bool escape = key_pressed(ImGuiKey_Escape);
    if (menu_list && (escape || tab)) ImGui::ClosePopupToLevel(0, true);
    if (escape && !menu_list) focus.id.clear();
    if (tab && !ring.empty()) {
        const int n = static_cast<int>(ring.size());
        const int at = focus.id.empty() ? -1 : static_cast<int>(found - ring.begin());
        int next = io.KeyShift ? (at < 0 ? n - 1 : at - 1) : at + 1;
        if (popup) next = (next + n) % n;  // round the popup's stops, as in a dialog (Esc closes it)
        focus = KeyFocus{};
        if (next >= 0 && next < n) focus.id = ring[static_cast<std::size_t>(next)];
    }
    const std::vector<std::string>& sliders = state.last.sliders;
    return popup || focus.id.rfind("grid:", 0) == 0 || focus.id.rfind("vector:", 0) == 0 ||  // these take the arrows
           std::find(sliders.begin(), sliders.end(), focus.id) != sliders.end();
}

void record_rect(const std::string& id, ImVec2 min, ImVec2 max) {
    state.now.rects[id] = WidgetRect{min.x, min.y, max.x - min.x, max.y - min.y};
}

void record_item(const std::string& id) { record_rect(id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

int widget(const std::string& id) {
    state.now.ring.push_back(id);
    if (ImGui::GetCurrentWindow()->RootWindow->Flags & ImGuiWindowFlags_Popup) state.now.popup_ring.push_back(id);
    record_item(id);
    KeyFocus& focus = state.focus;
    if (focus.id != id) return 0;
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    // over its neighbours, but only where its window shows it (scrolled out of view, it drew over the title)
    ImRect shown = ImGui::GetCurrentWindow()->ClipRect;
    shown.Expand(4.0f);
    ImDrawList* over = ImGui::GetForegroundDrawList();
    over->PushClipRect(shown.Min, shown.Max);
    over->AddRect(ImVec2(a.x - 3.0f, a.y - 3.0f), ImVec2(b.x + 3.0f, b.y + 3.0f), ImGui::GetColorU32(theme().accent), 5.0f, 0, 2.5f);
    over->PopClipRect();
    if (focus.moved) {
        ImGui::ScrollToRect(ImGui::GetCurrentWindow(), ImRect(ImVec2(a.x, a.y - kScrollMargin), ImVec2(b.x, b.y + kScrollMargin)),
                            ImGuiScrollFlags_KeepVisibleEdgeX | ImGuiScrollFlags_KeepVisibleEdgeY);
        focus.moved = false;
    }
    if (ImGui::GetIO().WantTextInput) return 0;
    if (activation_key_pressed()) return 1;
    if (key_pressed(ImGuiKey_DownArrow)) return 2;  // one step per press, as everywhere
    if (key_pressed(ImGuiKey_UpArrow)) return -2;
    return 0;
}

void text_field_rect() {
    ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    r.ClipWith(ImGui::GetCurrentWindow()->ClipRect);
    const bool covered = ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
    if (!covered && r.GetWidth() > 0.0f && r.GetHeight() > 0.0f)
        state.now.text_fields.push_back(WidgetRect{r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight()});
}

bool text_field(const std::string& id, const char* label, const char* field, char* buf, std::size_t size, bool replaced,
                bool caret) {
    ImGuiContext& g = *GImGui;
    const ImGuiID field_id = ImGui::GetID(field);
    const bool arrived = state.focus.id == id && state.focus.moved;
    // ImGui keeps a field's caret and scroll for its next edit, and selects its text on arrival only
    // when it kept none: dropped when the ring arrives (so the text is selected: typing replaces it, as
    // in a browser's field; kept, the caret sat after the old text) and when the text is set from outside
    // (not while it is being typed in: ImGui edits its own copy then, and the page's textarea hands the
    // keys to it; a text set meanwhile shows once the field lets go)
    if ((replaced || arrived) && g.InputTextState.ID == field_id && g.ActiveId != field_id) g.InputTextState.ID = 0;
    if (arrived || caret) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputText(field, buf, size, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemActive()) state.now.text_label = label;
    text_field_rect();
    if (widget(id) == 1) ImGui::SetKeyboardFocusHere(-1);  // Enter or Space on the stop, the caret elsewhere
    return enter;
}

int slider_widget(const std::string& id) {
    state.now.sliders.push_back(id);
    const int k = widget(id);
    if (k != 0 || state.focus.id != id || ImGui::GetIO().WantTextInput) return k;
    if (key_pressed(ImGuiKey_RightArrow)) return -2;  // as ↑: more
    if (key_pressed(ImGuiKey_LeftArrow)) return 2;    // as ↓: less
    return 0;
}

namespace {

// After a slider whose texts were drawn see-through: its value and label drawn again, the value beside
// the grab (at fraction t of the range, as wide as ImGui makes it for a float, or for an int of `steps`
// values). ImGui's geometry: a 2-pixel padding each side of the grab's run, the label after the
// frame at ItemInnerSpacing.
void slider_texts(const char* label, const std::string& value, float t, int steps) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const char* label_end = ImGui::FindRenderedTextEnd(label);
    const float label_w = ImGui::CalcTextSize(label, label_end).x;
    const float right = label_w > 0.0f ? max.x - label_w - st.ItemInnerSpacing.x : max.x;  // the frame's
    constexpr float kGrabPadding = 2.0f;
    const float run = right - min.x - 2.0f * kGrabPadding;
    float grab_w = steps > 0 ? std::max(run / static_cast<float>(steps), st.GrabMinSize) : st.GrabMinSize;
    grab_w = std::min(grab_w, run);
    const float grab_l = min.x + kGrabPadding + std::clamp(t, 0.0f, 1.0f) * (run - grab_w);
    const float left_w = grab_l - min.x - st.FramePadding.x, right_w = right - st.FramePadding.x - (grab_l + grab_w);
    const float text_w = ImGui::CalcTextSize(value.c_str()).x;
    float x = 0.5f * (min.x + right - text_w);  // ImGui's place: centred in the frame
    if (text_w <= std::max(left_w, right_w))
        x = left_w >= right_w ? min.x + st.FramePadding.x + 0.5f * (left_w - text_w) : grab_l + grab_w + 0.5f * (right_w - text_w);
    const float y = min.y + st.FramePadding.y;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
    const ImVec4 frame(min.x, min.y, right, max.y);  // as ImGui clips it: never over the label
    draw->AddText(nullptr, 0.0f, ImVec2(std::floor(x), y), ink, value.c_str(), nullptr, 0.0f, &frame);
    if (label_w > 0.0f) draw->AddText(ImVec2(right + st.ItemInnerSpacing.x, y), ink, label, label_end);
}

// ImGui's slider, drawn by `draw` with its texts see-through, then `texts` (slider_texts, from the value
// as it is now); ImGui's own drawing while the value is typed in (Ctrl+click).
template <class Draw, class Texts>
bool see_through_slider(const char* label, Draw draw, Texts texts) {
    if (ImGui::TempInputIsActive(ImGui::GetID(label))) return draw();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0, 0, 0, 0));
    const bool changed = draw();
    ImGui::PopStyleColor();
    texts();
    return changed;
}

}  // namespace

bool slider_float(const char* label, float* v, float lo, float hi, const char* format, ImGuiSliderFlags flags) {
    return see_through_slider(label, [&] { return ImGui::SliderFloat(label, v, lo, hi, format, flags); }, [&] {
        const bool log = (flags & ImGuiSliderFlags_Logarithmic) != 0 && lo > 0.0f;
        const float t = log ? std::log(*v / lo) / std::log(hi / lo) : (*v - lo) / (hi - lo);
        slider_texts(label, formatted(format, static_cast<double>(*v)), t, 0);
    });
}

bool slider_int(const char* label, int* v, int lo, int hi, const char* format) {
    return see_through_slider(label, [&] { return ImGui::SliderInt(label, v, lo, hi, format); }, [&] {
        const float t = hi > lo ? static_cast<float>(*v - lo) / static_cast<float>(hi - lo) : 0.0f;
        slider_texts(label, formatted(format, *v), t, hi - lo + 1);
    });
}

bool activated(bool clicked, const std::string& id) {
    const bool key = widget(id) == 1;
    return clicked || key;
}

bool choice_button(const char* label, bool chosen, const std::string& id) {
    if (chosen) {  // hovered and pressed too: the hover colour under white text was unreadable
        for (ImGuiCol c : {ImGuiCol_Button, ImGuiCol_ButtonHovered, ImGuiCol_ButtonActive}) ImGui::PushStyleColor(c, theme().accent);
        ImGui::PushStyleColor(ImGuiCol_Text, rgba(kOnColour));
    }
    const bool clicked = ImGui::Button(label);
    if (chosen) ImGui::PopStyleColor(4);
    return activated(clicked, id);
}

int step_buttons(const std::string& prefix, int t, int last) {
    // First and Previous greyed at the first step, Next and Last at the last, out of the keyboard's ring
    // (a focus on one goes to the button the other way)
    const auto button = [&](const char* key, const char* what, bool end, const char* other) {
        const std::string id = prefix + ":" + what;
        ImGui::BeginDisabled(end);
        const bool clicked = ImGui::Button(T(key));
        if (end) record_item(id);
        const bool go = !end && activated(clicked, id);
        ImGui::EndDisabled();
        if (end && state.focus.id == id) {
            state.focus.id = prefix + ":" + other;
            state.focus.moved = true;
        }
        return go;
    };
    int asked = -1;
    if (button("decode.first", "first", t <= 0, "next")) asked = 0;
    same_line_or_wrap(button_width(T("decode.prev")));
    if (button("decode.prev", "prev", t <= 0, "next")) asked = t - 1;
    const std::string step = TF("decode.step_of", t + 1, last + 1);
    same_line_or_wrap(ImGui::CalcTextSize(step.c_str()).x);
    ImGui::AlignTextToFramePadding();
    mirror_text(step);
    ImGui::TextUnformatted(step.c_str());
    record_item(prefix + ":step");
    same_line_or_wrap(button_width(T("decode.next")));  // a phone's line ends where the next button would not fit
    if (button("decode.next", "next", t >= last, "prev")) asked = t + 1;
    same_line_or_wrap(button_width(T("decode.last")));
    if (button("decode.last", "last", t >= last, "prev")) asked = last;
    return asked;
}

int menu_widget(bool open, const std::string& id) {
    const ImGuiID list = ImHashStr("##ComboPopup", 0, ImGui::GetItemID());  // as BeginCombo names its list
    const int k = widget(id);
    if (k == 1) {  // Enter or Space: open the list, or close it
        ImGuiContext& g = *GImGui;
        if (!open) ImGui::OpenPopupEx(list);
        for (int i = 0; open && i < g.OpenPopupStack.Size; ++i)
            if (g.OpenPopupStack[i].PopupId == list) ImGui::ClosePopupToLevel(i, true);
        return 0;
    }
    return k == 2 ? 1 : k == -2 ? -1 : 0;
}

bool grid_stop(const std::string& id, ImVec2 min, ImVec2 max, int rows, int cols) {
    record_rect(id, min, max);
    state.now.ring.push_back(id);
    KeyFocus& focus = state.focus;
    if (focus.id != id) return false;
    const int row = focus.row, col = focus.col;
    if (!ImGui::GetIO().WantTextInput) {
        // One move per press (no auto-repeat: a slow frame must not turn one press into several).
        focus.row += (key_pressed(ImGuiKey_DownArrow) ? 1 : 0) - (key_pressed(ImGuiKey_UpArrow) ? 1 : 0);
        focus.col += (key_pressed(ImGuiKey_RightArrow) ? 1 : 0) - (key_pressed(ImGuiKey_LeftArrow) ? 1 : 0);
    }
    focus.row = std::clamp(focus.row, 0, std::max(rows - 1, 0));
    focus.col = std::clamp(focus.col, 0, std::max(cols - 1, 0));
    focus.moved = focus.moved || row != focus.row || col != focus.col;
    return true;
}

void copy_table(const char* name, const char* caption, const Matrix& m, std::vector<std::string> rows,
                std::vector<std::string> cols) {
    TableCopy table{{name, caption, std::move(rows), std::move(cols), m}, {}};
    char buf[32];
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        table.cells.emplace_back();
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            format_value(buf, sizeof buf, m(i, j));
            table.cells.back().emplace_back(buf);
        }
    }
    state.now.tables.push_back(std::move(table));
}

// ---- public: read between frames -----------------------------------------------------------------
// widget_rect answers from the frame before the last one drawn (its records are complete while a
// frame is being drawn); hovered_cell and accessible_json from the last one drawn.

bool widget_rect(const std::string& id, WidgetRect* out) {
    const auto it = state.last.rects.find(id);
    if (it == state.last.rects.end()) return false;
    *out = it->second;
    return true;
}

const std::string& keyboard_focus() { return state.focus.id; }

bool leave_ring(bool backward) {
    const std::vector<std::string>& ring = state.now.ring;  // the frame just drawn (the next one's last)
    if (!state.now.popup_ring.empty()) return false;  // a popup keeps Tab (update_key_focus)
    if (!ring.empty() && state.focus.id != (backward ? ring.front() : ring.back())) return false;
    state.focus = KeyFocus{};
    state.focus.left = true;
    return true;
}

bool scrolls_next_frame() { return state.now.scrolls_next; }
bool wheel_passes(bool down) { return down ? state.now.wheel_passes_down : state.now.wheel_passes_up; }
const std::vector<WidgetRect>& text_field_rects() { return state.now.text_fields; }
const std::string& active_text_field_label() { return state.now.text_label; }

bool hovered_cell(const char** matrix, int* row, int* col) {
    const Hover& hover = state.now.hover;
    if (!hover.valid) return false;
    *matrix = id_of(hover.e.matrix);
    *row = hover.e.row;
    *col = hover.e.col;
    return true;
}

std::size_t mirror_texts_hash() {
    std::size_t h = 0;
    for (const std::string& t : state.now.texts) h = h * 1000003u ^ std::hash<std::string>{}(t);
    return h;
}

std::string accessible_json() {
    const FrameRecord& shown = state.now;  // between frames: the last frame drawn
    std::string o = "{\"page\":";  // the browser tab's title, in the language on screen
    json::append_string(o, std::string("capiton \u2014 ") + T("app.tagline"));
    o += ",\"title\":";
    json::append_string(o, T(stage_key(shown.stage, "title")));
    o += ",\"formula\":";
    json::append_string(o, shown.formula);
    o += ",\"body\":";  // a link's note first: it says why the page may not show what the link asked
    json::append_string(o, (shown.notice.empty() ? "" : shown.notice + " ") + T(stage_key(shown.stage, "body")));
    // then what the stage says besides (live sentences with their numbers, notes), in drawing order
    o += ",\"texts\":[";
    for (std::size_t i = 0; i < shown.texts.size(); ++i) {
        if (i) o += ',';
        json::append_string(o, shown.texts[i]);
    }
    o += "]";
    o += ",\"tables\":[";
    for (std::size_t t = 0; t < shown.tables.size(); ++t) {
        const TableCopy& tc = shown.tables[t];
        if (t) o += ',';
        o += "{\"name\":";
        json::append_string(o, tc.lm.name);
        o += ",\"caption\":";
        json::append_string(o, tc.lm.caption);
        o += ",\"rows\":";
        json::append_strings(o, tc.lm.rows);
        o += ",\"cols\":";
        json::append_strings(o, tc.lm.cols);
        o += ",\"cells\":[";
        for (std::size_t i = 0; i < tc.cells.size(); ++i) {
            if (i) o += ',';
            json::append_strings(o, tc.cells[i]);
        }
        o += "]}";
    }
    o += "]}";
    return o;
}

}  // namespace capiton::ui
