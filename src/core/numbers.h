// capiton core: numbers as text, the same whatever the C locale.
//
// printf and strtod follow the C locale's LC_NUMERIC: once a program that embeds the core (or a
// library it loads) calls setlocale(LC_ALL, "de_DE.UTF-8"), "%g" writes "0,5" and strtod stops at the
// "." of "0.5". JSON, links, CSV and messages need the one decimal point, so every decimal number the
// core writes or reads goes through these two, which run in the "C" locale whatever the program's
// (POSIX uselocale, per thread; std::to_chars / from_chars for floats are missing from Emscripten
// 3.1.6's libc++). tests/core/test_locale.cpp runs the core under a decimal-comma locale.
#pragma once

#include <cstddef>
#include <string>

namespace capiton {

// snprintf in the "C" locale, into a string (format checked like printf's).
std::string printf_c(const char* format, ...) __attribute__((format(printf, 1, 2)));

// strtod in the "C" locale: the number at the start of `text`; *used (when given) is how many bytes
// it took, 0 when there is none.
double strtod_c(const std::string& text, std::size_t* used = nullptr);

}  // namespace capiton
