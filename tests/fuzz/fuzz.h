// What the fuzz targets share. FUZZ_CHECK(cond) stops the run when a property does not hold: it
// prints the condition and aborts, and libFuzzer keeps the input that did it (crash-<hash>), to be
// replayed with `build/native-asan/tests/fuzz/fuzz_<name> <file>`.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/tokenizer.h"

#define FUZZ_CHECK(cond) ((cond) ? (void)0 : capiton_fuzz::failed(#cond, __FILE__, __LINE__))

namespace capiton_fuzz {

[[noreturn]] inline void failed(const char* what, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: property failed: %s\n", file, line, what);
    std::abort();
}

inline bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        char32_t c;
        const int n = capiton::decode_utf8(s, i, &c);
        if (n == 0) return false;
        i += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace capiton_fuzz
