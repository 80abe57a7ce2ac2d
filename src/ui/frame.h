// capiton ui: the frame machinery, apart from the lesson's content. Owns what a frame records —
// widget rectangles (ui::widget_rect), the keyboard ring and its focus, the explained cell (hover),
// the screen-reader tables (ui::accessible_json) — touch scrolling, and two helpers that lay items on a
// line. The last frame and this frame change places in one call, begin_frame().
//
// Every widget a keyboard can reach is declared by ONE call, widget(id) (or activated() for a
// button, grid_stop() for a grid), right after ImGui draws it: that records its rectangle and makes
// it a stop of the ring (a radio button is a button: each one a stop, Enter or Space picks it). Things
// that are not keyboard stops (charts, notes, read-only fields) are recorded with record_item /
// record_rect.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "core/matrix.h"
#include "ui/ui.h"

namespace capiton::ui {

// Starts a frame: this frame's records become the last frame's, and this frame's start empty.
void begin_frame();

// A finger dragged over the lesson scrolls it. SDL turns the first finger into the mouse and ImGui
// has no drag-to-scroll, so capiton adds one: once a finger (not the mouse) has moved 10 pixels with
// the button held, on something that only shows (a grid, a bar chart, the vectors' plane away from
// its tips) or on nothing interactive (sliders keep their drag), the windows under it scroll with
// it, innermost first. While it scrolls, and once lifted from a scroll, it leaves no pointer behind.
void touch_scroll(const View& v);
// Called after an item that only shows (a grid, a bar chart, the vectors' plane pressed away from its
// tips): while it is held, a finger's drag over it scrolls, as over nothing at all.
void drag_scrolls_here();
// A child that scrolls sideways (a grid or a table wider than the window), as wide as the window and
// as tall as `content` and a scrollbar: begun with begin_sideways_child, ended with
// end_sideways_child. A finger scrolls it by dragging it (touch_scroll): a scrollbar would be grabbed
// by a swipe that starts on it, and jump; so for a finger a thin bar drawn under the child shows
// where it is instead.
void begin_sideways_child(const char* id, ImVec2 content);
void end_sideways_child();

// Tab / Shift+Tab walk the ring of the last frame's stops (ImGui 1.86 tabs only between text fields,
// so capiton keeps its own ring); Esc leaves it; Tab leaves the sentence box for the next stop. While
// a popup (share, glossary) is open, its own stops are the ring, round and round, and the stop that had
// the focus gets it back when it closes. Returns true while a popup is open or a grid, a vector of the
// similarity stage or a slider holds the focus (the arrow keys then belong to it, not to the stepper).
bool update_key_focus();

// The one call per keyboard-reachable widget: records the last ImGui item as `id` and makes it a stop
// of the ring, drawing the focus ring around it when it has the focus. Returns the key pressed on it
// this frame: 0 none, 1 Enter or Space (act as a click), +2 / −2 ↓ / ↑ (next / previous value of a
// menu or a slider).
int widget(const std::string& id);
// A one-line text field (ImGui::InputText `field`) as a widget: a stop of the ring that takes the caret
// when the ring arrives, its text selected (Tab in, type: the text is replaced, as in a browser's
// field), or when `caret` is asked; its visible part listed for ui::text_field_rects (not while a popup
// covers the screen); `label` names it for screen readers. `replaced`: buf was set from outside since
// the last frame, so ImGui's memory of the field (its caret and sideways scroll, kept for the next
// edit) is dropped: after a long sentence, a short one set by Reset showed as an empty box scrolled
// past its end, and typed text went after it. True on Enter.
bool text_field(const std::string& id, const char* label, const char* field, char* buf, std::size_t size, bool replaced,
                bool caret = false);
// The last item's visible part listed as a text field's, for an item that puts the caret in one (the
// sentence box's ×): a finger's tap on it raises the phone's keyboard, as a tap on the field does.
void text_field_rect();
// A slider as a widget: widget(id), and → / ← step it as ↑ / ↓ do (−2 / +2: up, down).
int slider_widget(const std::string& id);
// ImGui::SliderFloat / SliderInt, the value written beside the grab rather than across it: in the
// wider part of the frame the grab leaves (centred there), so that a value in the middle of the range
// ("1.00" on the temperature's slider) is not half hidden. ImGui's own drawing while the value is typed
// in (Ctrl+click) or when the value is wider than either part. Same item, rectangle and result.
bool slider_float(const char* label, float* v, float lo, float hi, const char* format, ImGuiSliderFlags flags = 0);
bool slider_int(const char* label, int* v, int lo, int hi, const char* format = "%d");
// A button, checkbox or token as a widget: true when clicked or activated from the keyboard.
bool activated(bool clicked, const std::string& id);
// A button of a choice (a task, a pace, a head): in the accent colour while `chosen`; as activated().
bool choice_button(const char* label, bool chosen, const std::string& id);
// A menu (an ImGui combo) as a widget, called after its BeginCombo … EndCombo: a stop of the ring.
// With the focus, Enter or Space opens its list (or closes it: so do Esc and Tab), and ↓ / ↑ step
// through its values, the list open or not: returns +1 for ↓ (next value), −1 for ↑, else 0.
int menu_widget(bool open, const std::string& id);
// A stepper on one line: first, previous, "step t + 1 of last + 1", next, last, recorded as
// <prefix>:first, :prev, :step, :next, :last; first and previous greyed at the first step, next and
// last at the last. Returns the step asked for, or −1.
int step_buttons(const std::string& prefix, int t, int last);
// A grid: records its cells' rectangle [min, max] as `id` and makes it a stop; true when it has the
// focus, with the cell cursor (state.focus.row / col) moved by the arrow keys and kept in rows × cols.
bool grid_stop(const std::string& id, ImVec2 min, ImVec2 max, int rows, int cols);

// Not keyboard stops: the last ImGui item, or a rectangle, recorded as `id` for ui::widget_rect.
void record_item(const std::string& id);
void record_rect(const std::string& id, ImVec2 min, ImVec2 max);

// ---- laying items on a line ----
// A button's width with the current style.
float button_width(const char* label);
float radio_width(const char* label);  // a radio button with its label, for same_line_or_wrap
// Starts a new line unless an item group `w` wide still fits on this one (narrow windows, phones);
// `spacing` as ImGui::SameLine's (−1: the style's).
void same_line_or_wrap(float w, float spacing = -1.0f);

// Whether key k was pressed this frame (one event per press unless `repeat`).
bool key_pressed(ImGuiKey k, bool repeat = false);
// Whether Enter (either) or Space was pressed this frame: what presses the focused stop.
bool activation_key_pressed();

// Keeps a copy of a grid as printed, for screen readers and the exports.
void copy_table(const char* name, const char* caption, const Matrix& m, std::vector<std::string> rows,
                std::vector<std::string> cols);

}  // namespace capiton::ui
