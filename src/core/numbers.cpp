#include "numbers.h"

#include <locale.h>

#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace capiton {

namespace {

// The "C" locale, made once (null if it could not be: then the program's locale is used).
locale_t c_locale() {
    static const locale_t c = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
    return c;
}

// The calling thread in the "C" locale for the life of the object, then back to what it was.
struct InCLocale {
    locale_t before = c_locale() ? uselocale(c_locale()) : static_cast<locale_t>(0);
    ~InCLocale() {
        if (before) uselocale(before);
    }
};

}  // namespace

std::string printf_c(const char* format, ...) {
    const InCLocale c;
    char buf[64];
    va_list args;
    va_start(args, format);
    va_list again;
    va_copy(again, args);
    const int n = std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    std::string out;
    if (n >= static_cast<int>(sizeof buf)) {  // longer than a number: written again at its size
        out.resize(static_cast<std::size_t>(n) + 1);
        std::vsnprintf(out.data(), out.size(), format, again);
        out.pop_back();
    } else if (n > 0) {
        out.assign(buf, static_cast<std::size_t>(n));
    }
    va_end(again);
    return out;
}

double json_number_c(std::string_view t) {
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    std::size_t i = 0;
    const bool negative = i < t.size() && t[i] == '-';
    if (negative) ++i;
    std::uint64_t m = 0;
    int digits = 0, exp10 = 0;  // significant digits in m (leading zeros not counted); m · 10^exp10
    bool point = false;
    for (; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '.') { point = true; continue; }
        if (c < '0' || c > '9') break;
        if (m == 0 && c == '0') {  // a leading zero: after the point it still shifts the exponent
            if (point) --exp10;
            continue;
        }
        if (++digits > 15) return strtod_c(std::string(t));  // m could pass 2^53: no shortcut
        m = m * 10 + static_cast<std::uint64_t>(c - '0');
        if (point) --exp10;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        const bool minus = i < t.size() && t[i] == '-';
        if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
        int e = 0;
        for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
            if (e > 10000) return strtod_c(std::string(t));
            e = e * 10 + (t[i] - '0');
        }
        exp10 += minus ? -e : e;
    }
    if (i != t.size()) return strtod_c(std::string(t));  // not the grammar above: strtod decides
    double x = static_cast<double>(m);  // exact: m < 10^15 < 2^53
    if (m == 0) x = 0.0;
    else if (exp10 >= 0 && exp10 <= 22) x *= kPow10[exp10];
    else if (exp10 < 0 && exp10 >= -22) x /= kPow10[-exp10];
    else return strtod_c(std::string(t));
    return negative ? -x : x;
}

double strtod_c(const std::string& text, std::size_t* used) {
    const InCLocale c;
    char* end = nullptr;
    const double x = std::strtod(text.c_str(), &end);
    if (used) *used = static_cast<std::size_t>(end - text.c_str());
    return x;
}

namespace {
// The shortest "%.Nf" (N ≤ places) that reads back as x in F's precision, without trailing zeros; for
// a number no such decimal reads back as, or one of 1e15 and more, the shortest "%.Ng" that does
// (1e-20, 1e+300).
template <class F>
std::string shortest_plain(F x, int places) {
    const auto reads_back = [x](const std::string& text) { return static_cast<F>(strtod_c(text)) == x; };
    for (int digits = 0; std::fabs(static_cast<double>(x)) < 1e15 && digits <= places; ++digits) {
        std::string text = printf_c("%.*f", digits, static_cast<double>(x));
        if (!reads_back(text)) continue;
        if (text.find('.') != std::string::npos) {
            while (text.back() == '0') text.pop_back();
            if (text.back() == '.') text.pop_back();
        }
        return text;
    }
    for (int digits = 1; digits < 17; ++digits)
        if (std::string text = printf_c("%.*g", digits, static_cast<double>(x)); reads_back(text)) return text;
    return printf_c("%.17g", static_cast<double>(x));
}
}  // namespace

std::string shortest_decimal(float x) { return shortest_plain(x, 9); }
std::string shortest_decimal(double x) { return shortest_plain(x, 17); }

}  // namespace capiton
