// Fuzz target: a link's fragment (fragment.h), parse → apply → write → parse.
// For any bytes as the fragment of a fresh session:
//   parsing and applying never crash; every warning is printable ASCII (a hostile link's bytes never
//   reach the console);
//   the fragment written from the resulting session (with the origins it allowed) re-parses without a
//   warning and, applied to another fresh session, gives the same state and writes itself again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/fragment.h"
#include "core/session.h"
#include "fuzz.h"

namespace {
bool printable_ascii(const std::string& s) {
    for (char c : s)
        if (c < 0x20 || c > 0x7e) return false;
    return !s.empty();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view link(reinterpret_cast<const char*>(data), size);
    capiton::Session first;
    std::vector<std::string> allowed;
    for (const std::string& w : capiton::apply_link(first, link, &allowed)) FUZZ_CHECK(printable_ascii(w));
    const std::string written = capiton::fragment_of(first, allowed);

    FUZZ_CHECK(capiton::parse_fragment(written).warnings.empty());
    capiton::Session second;
    std::vector<std::string> allowed_again;
    FUZZ_CHECK(capiton::apply_link(second, written, &allowed_again).empty());
    FUZZ_CHECK(allowed_again == allowed);
    FUZZ_CHECK(capiton::fragment_of(second, allowed_again) == written);
    FUZZ_CHECK(capiton::state_json(second) == capiton::state_json(first));
    return 0;
}
