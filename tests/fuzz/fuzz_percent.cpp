// Fuzz target: percent coding and origin validation (fragment.h), on any bytes.
//   percent_decode(percent_encode(x)) == x, and the encoding holds only A–Z a–z 0–9 - _ . ~ and %XX;
//   a text that decodes decodes again to the same after encoding; without '%' its decoding is the text
//   with each '+' a space (as forms write one);
//   valid_origin(x) ⇒ x is short, of the characters an origin may hold, and a link's "allow" carrying it
//   (percent-encoded, as fragment_of writes it) gives it back alone, as a browser writes it
//   (normalized_origin: lower case, no default port), which is valid and normalises to itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/fragment.h"
#include "fuzz.h"

namespace {
bool unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}
bool hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);

    const std::string encoded = capiton::percent_encode(in);
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '%') {
            FUZZ_CHECK(i + 2 < encoded.size() && hex_digit(encoded[i + 1]) && hex_digit(encoded[i + 2]));
            i += 2;
        } else {
            FUZZ_CHECK(unreserved(encoded[i]));
        }
    }
    std::string decoded;
    FUZZ_CHECK(capiton::percent_decode(encoded, &decoded));
    FUZZ_CHECK(decoded == in);

    std::string once;
    if (capiton::percent_decode(in, &once)) {
        std::string twice;
        FUZZ_CHECK(capiton::percent_decode(capiton::percent_encode(once), &twice));
        FUZZ_CHECK(twice == once);
        if (in.find('%') == std::string_view::npos) {
            std::string spaced(in);
            for (char& c : spaced)
                if (c == '+') c = ' ';
            FUZZ_CHECK(once == spaced);
        }
    }

    if (capiton::valid_origin(in)) {
        FUZZ_CHECK(in.size() <= 256);
        FUZZ_CHECK(in.find("://") != std::string_view::npos);
        for (char c : in) FUZZ_CHECK(unreserved(c) || c == ':' || c == '/' || c == '+');
        const capiton::Fragment f = capiton::parse_fragment("allow=" + encoded);
        FUZZ_CHECK(f.warnings.empty());
        // kept as a browser writes it: valid still, and normalising it again changes nothing
        const std::string norm = capiton::normalized_origin(in);
        FUZZ_CHECK(capiton::valid_origin(norm) && capiton::normalized_origin(norm) == norm);
        FUZZ_CHECK(f.allow && f.allow->size() == 1 && f.allow->front() == norm);
    }
    return 0;
}
