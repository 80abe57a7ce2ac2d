#include "numbers.h"

#include <locale.h>

#include <cstdarg>
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

double strtod_c(const std::string& text, std::size_t* used) {
    const InCLocale c;
    char* end = nullptr;
    const double x = std::strtod(text.c_str(), &end);
    if (used) *used = static_cast<std::size_t>(end - text.c_str());
    return x;
}

}  // namespace capiton
