// capiton ui: how numbers and labels are written on screen. Window-free (no ImGui), unit-tested in
// tests/ui/test_format.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace capiton::ui {

// printf into a string as long as it needs (a catalog's paragraph ran past a fixed buffer of 1,024
// bytes and was cut mid-sentence).
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
std::string formatted(const char* format, ...);

// A matrix cell: two decimals, a real minus sign (U+2212) instead of a hyphen, "0.00" for −0.00
// (a value that rounds to zero has no sign), "+∞" / "−∞" for masked entries, "NaN"; from a
// million up three significant digits ("1.23e+06"). Writes into buf[n].
void format_value(char* buf, std::size_t n, float v);
std::string num(float v);  // format_value as a string
// Whether Σ a[k]·b[k] written with num() differs from the same sum of the terms as num() shows them
// (two decimals): then an explanation says that its terms are rounded.
bool rounded_sum_differs(const std::vector<float>& a, const std::vector<float>& b);

// Three significant digits ("%.3g") with a real minus sign; "NaN", "+∞", "−∞" as they are (the
// overflow table shows what exp() does to large numbers).
std::string format_short(float v);

// 1,234,567: a count as a person reads it (n ≥ 0).
std::string grouped(long long n);

// A ratio of at least 1 to a student: three significant digits, written out in full with thousands
// separated from 1,000 on ("2,690,000", not "2.69e+06"); "%.3g" from 10^15, and for what is not finite.
std::string format_ratio(double r);

// "37%": a fraction in [0, 1] as a whole percentage; `above_99` and `below_1` for what would round to
// 100 or 0 without being it (the catalog's, fmt.above_99 and fmt.below_1).
std::string percent(float fraction, const char* above_99 = ">99%", const char* below_1 = "<1%");

// `s` with a leading hyphen written as a real minus sign (U+2212), as every number on screen has it;
// none for a negative number written as zero ("-0.00", "-0": "0.00", "0").
std::string real_minus(std::string s);

// A number in a sentence or on a chart: three significant digits ("0.461", "0.00264", "12.3"), and
// outside [0.001, 1000) a power of ten in superscript ("4.47 × 10⁻⁵", "1.23 × 10³": "4.47e-05" is a
// programmer's notation), with a real minus sign.
std::string format_prose(float v);

// A probability that may be tiny, as a percentage: "12.3%" from 1% up, two significant digits below
// ("0.047%": "0.0%" read as impossible for a character that was drawn), "<0.001%" below that.
std::string percent_fine(float fraction);

// Token labels: longer than max_code_points code points, they are cut there and end in "…"
// (cut between UTF-8 sequences, never inside one).
constexpr int kLabelInGrid = 9;   // a grid's row and column labels
constexpr int kLabelInText = 24;  // a token quoted in a sentence, a button or a note
std::string short_label(const std::string& s, int max_code_points = kLabelInGrid);
// Token i as a note quotes it (and a grid labels it, cut at kLabelInGrid): its short label, and its
// place (from 1, as the token chips number them) when the word occurs more than once: "dog (3)".
std::string token_in_text(const std::vector<std::string>& tokens, int i, int max_code_points = kLabelInText);

// Whether a quoted text already ends a sentence (. ? ! … or 。？！): the sentence quoting it then
// takes no full stop of its own after the closing quote (“Who is it?”, not “Who is it?”.).
bool ends_sentence(std::string_view s);

// A whole number in subscript digits ("head₄"), as the formulas write indices; a minus sign stays.
std::string subscript(int n);

// A chart's y axis: the values it writes at its left, from the bottom up. On a log scale the powers
// of ten at both ends of [lo, hi] (inside it) and the one nearest their middle; on a linear scale the
// multiples of a round step (1, 2, 2.5 or 5 times a power of ten, at most half the range) in [lo, hi].
std::vector<float> axis_ticks(float lo, float hi, bool log);
// How a tick is written: "10⁻⁴", "1", "10" on a log scale; as format_prose on a linear one.
std::string axis_label(float v, bool log);
// A whole number in superscript digits ("⁻¹²"), as a power of ten is written.
std::string superscript(int n);

// The words of a text separated by spaces (runs of spaces give no empty words).
std::vector<std::string> split_words(const char* text);

// Words joined as they are written: a space next to a Latin word, none between two Chinese ones;
// punctuation as the line breaks treat it (wrap.h), a closing mark after its word with no space
// ("bird.", "睡觉。", "sky)"), an opening one with the word after it ("(in"), a straight quote
// opening and closing in turn. Where unknown[i] is true, "(?)" after word i, and then a space between
// every two words ("猫(?) 在 河边(?)": written together, "在河边(?)" read as one unknown word).
std::string joined_words(const std::vector<std::string>& words, const std::vector<bool>& unknown = {});

// A matrix's shape as the grids' titles write it: "(7 × 4)".
std::string shape_text(long rows, long cols);

}  // namespace capiton::ui
