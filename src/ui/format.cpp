// capiton ui: how numbers and labels are written on screen (see format.h). Window-free.
#include "ui/format.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/tokenizer.h"  // place_if_repeated, decode_utf8
#include "ui/wrap.h"

namespace capiton::ui {

std::string formatted(const char* format, ...) {
    va_list args, again;
    va_start(args, format);
    va_copy(again, args);
    const int n = std::vsnprintf(nullptr, 0, format, args);
    va_end(args);
    std::string out;
    if (n > 0) {
        out.resize(static_cast<std::size_t>(n) + 1);  // and the terminator vsnprintf writes
        std::vsnprintf(out.data(), out.size(), format, again);
        out.resize(static_cast<std::size_t>(n));
    }
    va_end(again);
    return out;
}

namespace {
// Two decimals up to a million; beyond, three significant digits (FLT_MAX with two decimals is 42
// characters: it would be cut, and a cut number reads as a different number).
const char* value_format(float v) { return std::fabs(v) < 1e6f ? "%.2f" : "%.3g"; }
}  // namespace

void format_value(char* buf, std::size_t n, float v) {
    if (std::isinf(v)) {
        std::snprintf(buf, n, v < 0 ? "\xe2\x88\x92\xe2\x88\x9e" : "+\xe2\x88\x9e");
        return;
    }
    if (std::isnan(v)) {
        std::snprintf(buf, n, "NaN");
        return;
    }
    std::snprintf(buf, n, value_format(v), static_cast<double>(v));
    if (buf[0] == '-') std::snprintf(buf, n, "%s", real_minus(buf).c_str());  // a real minus sign reads better than a hyphen
}

std::string num(float v) {
    char buf[32];
    format_value(buf, sizeof buf, v);
    return buf;
}

bool rounded_sum_differs(const std::vector<float>& a, const std::vector<float>& b) {
    const auto shown = [](float x) {  // the number as format_value writes it, read back
        char buf[32];
        std::snprintf(buf, sizeof buf, value_format(x), static_cast<double>(x));
        return std::strtod(buf, nullptr);
    };
    double exact = 0.0, rounded = 0.0;
    for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
        exact += static_cast<double>(a[k]) * static_cast<double>(b[k]);
        rounded += shown(a[k]) * shown(b[k]);
    }
    return num(static_cast<float>(exact)) != num(static_cast<float>(rounded));
}

std::string format_short(float x) {
    char buf[32];
    if (std::isnan(x)) std::snprintf(buf, sizeof buf, "NaN");
    else if (std::isinf(x)) std::snprintf(buf, sizeof buf, x > 0 ? "+\xe2\x88\x9e" : "\xe2\x88\x92\xe2\x88\x9e");
    else return real_minus(formatted("%.3g", static_cast<double>(x)));
    return buf;
}

std::string grouped(long long n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string format_ratio(double r) {
    char buf[40];
    if (!std::isfinite(r) || r < 1000.0 || r >= 1e15) {
        std::snprintf(buf, sizeof buf, "%.3g", r);
        return buf;
    }
    const double step = std::pow(10.0, std::floor(std::log10(r)) - 2.0);  // keeps three digits
    return grouped(std::llround(std::round(r / step) * step));
}

std::string percent(float fraction, const char* above_99, const char* below_1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", static_cast<double>(fraction) * 100.0);
    // a softmax weight is never exactly 0 or 1 unless masked or alone: "100%" would say more than it is
    if (std::strcmp(buf, "100%") == 0 && fraction < 1.0f) return above_99;
    if ((std::strcmp(buf, "0%") == 0 || std::strcmp(buf, "-0%") == 0) && fraction > 0.0f) return below_1;
    if (std::strcmp(buf, "-0%") == 0) return "0%";
    return buf;
}

std::string token_in_text(const std::vector<std::string>& tokens, int i, int max_code_points) {
    return short_label(tokens[static_cast<std::size_t>(i)], max_code_points) + place_if_repeated(tokens, i);
}

namespace {
// Digits 0 … 9 written small, as literals: the font atlas's first glyph set is read from the characters
// written in src/ (cmake/first_chars.py), and a digit computed from bytes would be drawn as "�".
constexpr const char* kSubscriptDigits[10] = {"\u2080", "\u2081", "\u2082", "\u2083", "\u2084",
                                              "\u2085", "\u2086", "\u2087", "\u2088", "\u2089"};
constexpr const char* kSuperscriptDigits[10] = {"\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074",
                                                "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
constexpr const char* kSuperscriptMinus = "\u207B";

std::string small_digits(int n, const char* const (&digits)[10], const char* minus) {
    std::string out;
    for (const char c : std::to_string(n)) out += c == '-' ? minus : digits[c - '0'];
    return out;
}
}  // namespace

std::string subscript(int n) { return small_digits(n, kSubscriptDigits, "-"); }

std::string superscript(int n) { return small_digits(n, kSuperscriptDigits, kSuperscriptMinus); }

std::string percent_fine(float fraction) {
    const double pct = 100.0 * static_cast<double>(fraction);
    if (std::isnan(pct)) return "NaN";
    if (!(pct >= 0.001)) return "<0.001%";
    return formatted(pct >= 0.995 ? "%.1f%%" : "%.2g%%", pct);  // 0.995: what "%.2g" would write as "1"
}

std::vector<float> axis_ticks(float lo, float hi, bool log) {
    std::vector<float> ticks;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || (log && !(lo > 0.0f))) return ticks;
    if (log) {
        const int bottom = static_cast<int>(std::ceil(std::log10(lo) - 1e-4)), top = static_cast<int>(std::floor(std::log10(hi) + 1e-4));
        if (top < bottom) return ticks;
        const int middle = static_cast<int>(std::lround(0.5 * (bottom + top)));
        for (int e : {bottom, middle, top})
            if (ticks.empty() || std::pow(10.0f, static_cast<float>(e)) > ticks.back()) ticks.push_back(std::pow(10.0f, static_cast<float>(e)));
        return ticks;
    }
    const double half = 0.5 * (static_cast<double>(hi) - lo), power = std::pow(10.0, std::floor(std::log10(half)));
    double step = power;  // the largest of 1, 2, 2.5, 5 (× power) not above half the range
    for (double m : {2.0, 2.5, 5.0})
        if (m * power <= half * (1.0 + 1e-6)) step = m * power;
    if (static_cast<float>(lo + step) == lo) return ticks;  // a range too narrow for a float to tell apart
    // multiples of the step within [lo, hi] (0 written as 0, not as a rounding's −2.98e-09)
    for (double k = std::ceil(lo / step - 1e-6); k * step <= hi + 1e-6 * step; ++k)
        ticks.push_back(std::fabs(k) < 0.5 ? 0.0f : static_cast<float>(k * step));
    return ticks;
}

std::string axis_label(float v, bool log) {
    if (!log) return format_prose(v);
    const int e = static_cast<int>(std::lround(std::log10(v)));
    return e == 0 ? "1" : e == 1 ? "10" : "10" + superscript(e);
}

std::string format_prose(float v) {
    const double a = std::fabs(static_cast<double>(v));
    if (v == 0.0f) return "0";  // −0 too
    if (!std::isfinite(v) || (a >= 0.001 && a < 999.5)) return format_short(v);  // 999.5 would be "1e+03"
    int e = static_cast<int>(std::floor(std::log10(a)));
    double m = static_cast<double>(v) / std::pow(10.0, e);
    if (std::fabs(m) >= 9.995) { m /= 10.0; ++e; }  // 9.999e-5 is written 1.00 × 10⁻⁴
    return real_minus(formatted("%.2f", m)) + " \u00D7 10" + superscript(e);
}

std::string real_minus(std::string s) {
    if (s.empty() || s[0] != '-') return s;
    if (s.size() > 1 && s.find_first_not_of("0.", 1) == std::string::npos) return s.substr(1);  // "-0.00": a negative rounded to zero
    return "\u2212" + s.substr(1);
}

bool ends_sentence(std::string_view s) {
    for (std::string_view end : {".", "?", "!", "\u2026", "\u3002", "\uFF1F", "\uFF01"})  // … 。？！
        if (s.size() >= end.size() && s.substr(s.size() - end.size()) == end) return true;
    return false;
}

std::string short_label(const std::string& s, int max_code_points) {
    int cps = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++cps > max_code_points)
            return s.substr(0, i) + "\xe2\x80\xa6";
    }
    return s;
}

std::vector<std::string> split_words(const char* text) {
    std::vector<std::string> out;
    std::string cur;
    for (const char* p = text; *p; ++p) {
        if (*p == ' ') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += *p;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

std::string joined_words(const std::vector<std::string>& words, const std::vector<bool>& unknown) {
    const auto latin = [](unsigned char c) { return c < 0x80; };
    const auto first = [](const std::string& w) {
        char32_t c = 0;
        return w.empty() || decode_utf8(w, 0, &c) <= 0 ? U'\0' : c;
    };
    const auto last = [](const std::string& w) {
        char32_t c = 0;
        for (std::size_t i = 0; i < w.size();) {
            const int len = decode_utf8(w, i, &c);
            i += static_cast<std::size_t>(len > 0 ? len : 1);
        }
        return c;
    };
    bool marked = false;
    for (std::size_t i = 0; i < words.size() && i < unknown.size(); ++i) marked = marked || unknown[i];
    // Punctuation as the line breaks treat it (wrap.h): a closing mark follows its word with no space
    // ("bird.", "睡觉。", "sky)"), an opening one goes with the word after it ("(in"); a straight quote
    // opens and closes in turn.
    bool quote_open = false;
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        const bool quote = w == "\"";
        const bool closes = quote ? quote_open : no_line_start(first(w));
        const bool after_opening = i > 0 && (words[i - 1] == "\"" ? quote_open : no_line_end(last(words[i - 1])));
        if (i && !out.empty() && !w.empty() && !closes && !after_opening &&
            (marked || latin(static_cast<unsigned char>(out.back())) || latin(static_cast<unsigned char>(w.front()))))
            out += ' ';
        if (quote) quote_open = !quote_open;
        out += w;
        if (i < unknown.size() && unknown[i]) out += "(?)";
    }
    return out;
}

std::string shape_text(long rows, long cols) { return "(" + std::to_string(rows) + " \xc3\x97 " + std::to_string(cols) + ")"; }

}  // namespace capiton::ui
