// capiton ui: text. Owns the catalogs (every word the UI shows comes from src/ui/lang/<lang>.txt),
// the language on screen (the session's, taken at the start of each frame), paragraphs wrapped the Chinese-aware way (wrap.h) in the current font, the
// fonts, and the tracking of which Chinese glyphs the font atlas needs.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include <imgui.h>

#include "core/catalog.h"
#include "core/session.h"
#include "ui/format.h"  // formatted
#include "ui/ui.h"

namespace capiton::ui {

// ---- catalogs ------------------------------------------------------------------------------------
const Catalog& catalog();  // the current language's
bool parse_catalog(Language l, std::string* error);  // if not parsed yet (ui::init: the starting one)
// The current language's text for `key` (the key itself when missing).
const char* T(const std::string& key);
// T(key) formatted printf-style (placeholders are checked to match across languages by a unit test).
template <class... A>
std::string TF(const std::string& key, A... args) {
    return formatted(T(key), args...);
}
// A refusal in the current language: its catalog text when it has a key, else its English.
inline std::string message_of(const Status& st) {
    return st.error_key ? TF(st.error_key, st.error_args[0], st.error_args[1]) : st.error;
}
// A note in the current language: its catalog text with its arguments (then its cause's message, when
// a refusal caused it), else its English.
std::string message_of(const Note& n);
// A stage's catalog keys: "stage.<id>.<part>" (title, formula, body, short, …).
std::string stage_key(Stage st, const char* part);

// ---- paragraphs ----------------------------------------------------------------------------------
// `text` broken into lines no wider than `width` in the current font (wrap_text, measured by ImGui).
std::string wrap(std::string_view text, float width);
// Draws `text` wrapped to `width`, in `colour` if given, with ImGui's normal line height, and keeps
// it for the screen-reader mirror's paragraphs (mirror_text).
void paragraph(const char* text, float width, const ImVec4* colour = nullptr);
// The same, not kept: for what the mirror says in a field of its own (the stage's title and body,
// the link's note) or not at all (the keyboard help under every stage).
void unmirrored_paragraph(const char* text, float width, const ImVec4* colour = nullptr);
// `first`, then `second` in `colour`, wrapped to `width` as one paragraph (a prompt and what the model
// wrote after it); one ImGui group, so that the last item is all of it.
void two_colour_paragraph(const std::string& first, const std::string& second, float width, const ImVec4& colour);
// paragraph() in the bold face: a heading, wrapped like any text (a phone's screen is narrow).
void bold_paragraph(const char* text, float width);
// A space, the catalog text `title_key` in bold, then `note` (if any) in the muted colour.
void heading(const char* title_key, const std::string& note, float width);
// A formula wrapped to `width`, never inside its brackets (wrap_formula).
void formula_paragraph(const char* text, float width);
// The width of a tooltip's text, `ems` font sizes in the current font, within the screen (tooltip_width).
float tooltip_text_width(float ems);
// Where a tooltip that starts at x goes so that one of that text width fits on the screen: x, or left of it.
float tooltip_left(float x, float ems);
// Text that changes with the word chosen, kept at one height so that what is below never moves under
// the pointer: the tallest of `count` versions (already wrapped), and one version drawn in a box of
// that height.
float tallest(int count, const std::function<std::string(int)>& version);
void steady_text(const std::string& wrapped, float width, float height, const ImVec4& colour);
// Keeps a text of the page (not of a tooltip or a popup) for the screen-reader mirror, unwrapped:
// paragraph() and two_colour_paragraph() do it themselves; a text drawn already wrapped (steady_text,
// a note's box) is given here as it reads.
void mirror_text(std::string text);

// ---- glyphs beyond the first ones --------------------------------------------------------------------
// The atlas starts with ASCII and the characters capiton's sources write (cmake/first_chars.py). Any
// other (Chinese: the CJK font holds ~3,800; a typed accented letter) is rasterised only once it is
// on screen: whenever a text, a token or the sentence box holds one that is not in the atlas yet,
// the atlas is rebuilt before the next frame (ui::fonts_outdated / ui::load_fonts). In the web build
// the Chinese font is a file the page fetches when a character beyond the English screen's first
// appears (ui::chinese_font_missing).
void want_text(std::string_view t);
void want_screen(const Session& s, const View& v);  // this frame's texts, tokens and sentence box
void forget_wanted();                               // start the glyph set afresh (ui::init)
// Whether a text holds a character the fonts lack, drawn as the fallback "�": an emoji, a letter of a
// script capiton has no font for (Cyrillic, Arabic, …). Known once an atlas was built with it wanted.
bool fonts_lack(std::string_view t);

}  // namespace capiton::ui
