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
#include <string_view>

namespace capiton {

// snprintf in the "C" locale, into a string (format checked like printf's).
std::string printf_c(const char* format, ...) __attribute__((format(printf, 1, 2)));

// strtod in the "C" locale: the number at the start of `text`; *used (when given) is how many bytes
// it took, 0 when there is none.
double strtod_c(const std::string& text, std::size_t* used = nullptr);

// The shortest plain decimal that reads back as the same float ("1.5", not "1.50"; 0.3, not
// 0.300000012), as links and the state write the settings a student chose; a float no plain decimal
// of up to nine places reads back as (tiny ones), or one of 1e15 and more, in the shortest printf %g
// that does.
std::string shortest_decimal(float x);
// The same for a double (a number a page sends: setParam('t', 20) is "20", not "2e+01"), with up to
// 17 places; a number of 1e15 and more, or one no such decimal reads back as, as the shortest %g
// that does ("1e+300", "1e-20").
std::string shortest_decimal(double x);

// A number of JSON's grammar (checked by the caller: -?digits[.digits][(e|E)[+-]digits]) as the
// double nearest to it, as strtod_c gives. Most numbers capiton reads (9 significant digits, exponents
// within ±22) take an exact shortcut: the digits as a whole number below 2^53 times or over an
// exact power of ten, one correctly rounded operation (Clinger's fast path). The rest go to
// strtod_c. The shortcut matters in WebAssembly, where musl's strtod works in software long
// doubles: a training snapshot of a few thousand numbers took it milliseconds.
double json_number_c(std::string_view text);

}  // namespace capiton
