// Fuzz target: the JSON writer's strings and numbers, and the reader (json.h), on any bytes.
//   append_string(x) parses back as a JSON string: x itself when x is valid UTF-8 (otherwise x with
//   each bad byte as U+FFFD); it never holds a raw control character, < > & or U+2028/9;
//   append_number(f) of a float parses back to f exactly (non-finite: the strings of json.h);
//   the reader never crashes, and a string it reads is written and read back the same.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/json.h"
#include "fuzz.h"

using capiton::json::Value;

namespace {

std::string written(std::string_view s) {
    std::string out;
    capiton::json::append_string(out, s);
    return out;
}

bool reads_as_string(const std::string& text, std::string* out) {
    Value v;
    std::string error;
    if (!capiton::json::parse(text, &v, &error) || !v.is_string()) return false;
    *out = v.string;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);

    const std::string text = written(in);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        FUZZ_CHECK(c >= 0x20 && c != 0x7F && c != '<' && c != '>' && c != '&');
        FUZZ_CHECK(!(c == 0xE2 && text.compare(i, 2, "\xE2\x80") == 0 && i + 2 < text.size() &&
                     (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')));
    }
    std::string back;
    FUZZ_CHECK(reads_as_string(text, &back));
    FUZZ_CHECK(capiton_fuzz::valid_utf8(back));
    if (capiton_fuzz::valid_utf8(in)) FUZZ_CHECK(back == in);

    if (size >= sizeof(float)) {
        float x;
        std::memcpy(&x, data, sizeof x);
        std::string number;
        capiton::json::append_number(number, x);
        Value v;
        std::string error;
        FUZZ_CHECK(capiton::json::parse(number, &v, &error));
        if (std::isfinite(x))
            FUZZ_CHECK(v.is_number() && static_cast<float>(v.number) == x);
        else
            FUZZ_CHECK(v.is_string() && (v.string == "NaN" || v.string == "Infinity" || v.string == "-Infinity"));
    }

    Value v;
    std::string error;
    if (capiton::json::parse(in, &v, &error)) {
        if (v.is_string()) {
            FUZZ_CHECK(reads_as_string(written(v.string), &back));
            FUZZ_CHECK(back == v.string);
        }
    } else {
        FUZZ_CHECK(!error.empty());
    }
    return 0;
}
