// capiton ui: line breaking that understands Chinese. Window-free (no ImGui): the caller says how
// wide a piece of text is, so tests/ui/test_wrap.cpp runs it without a font or a window.
//
// ImGui 1.86 breaks lines only at spaces, so a Chinese sentence after a space would move to the next
// line whole. wrap_text breaks at spaces and between CJK characters, never before closing punctuation
// (，。）」 …) or after opening punctuation (（「 …), and keeps the text's own line breaks.
#pragma once

#include <string>
#include <string_view>

namespace capiton::ui {

// The width of `text` when drawn (on screen: ImGui::CalcTextSize in the current font).
using MeasureText = float (*)(std::string_view text);

bool is_cjk(char32_t c);         // CJK ideographs, radicals, punctuation and full-width forms
bool no_line_start(char32_t c);  // closing punctuation: stays at the end of the previous line
bool no_line_end(char32_t c);    // opening punctuation: stays with what follows

// `text` with '\n' inserted where a line would grow wider than `width`, at the last allowed break
// (the spaces there are dropped). A line with no allowed break stays too wide rather than being cut
// inside a word.
// A paragraph's last line is never one Chinese character alone (with its closing punctuation): the
// line above gives it its last character, where a break may go there.
std::string wrap_text(std::string_view text, float width, MeasureText measure);
// The same for a formula: not inside brackets (( ), [ ], （ ）) unless a bracket is wider than the
// line, so that "softmax(Q · Kᵀ / √d_k)" stays on one line; between its parts (after two or more
// spaces) rather than inside one; before a binary operator (· × + −) rather than after it, and after
// one rather than inside a bracket.
std::string wrap_formula(std::string_view text, float width, MeasureText measure);

// Where byte `at` of `text` is in `wrapped` (what wrap_text made of it: line breaks put in, the spaces
// at a break dropped), so that a text in two parts (two colours) can be wrapped as one. Where a break
// was put in just before that byte, the offset of the break; text.size() gives wrapped.size().
std::size_t wrapped_offset(std::string_view text, std::string_view wrapped, std::size_t at);

}  // namespace capiton::ui
