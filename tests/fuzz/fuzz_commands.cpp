// Fuzz target: the page's command table (commands.h) fed arbitrary text, one command per line (up to
// eight), on a fresh session: what a page's hook calls and postMessage commands reach the core with.
//   run_command never crashes and gives exactly one reply per command: one JSON object with "ok"
//   true or false, and when false a non-empty "error";
//   text that is not JSON is refused, but not as malformed (that is for arguments).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/commands.h"
#include "core/json.h"
#include "fuzz.h"

using capiton::json::Value;

namespace {
constexpr int kMaxCommands = 8;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    capiton::Session session;
    capiton::PageHost host;
    capiton::Page page{session, host, {}, {}, {}};
    for (int k = 0; k < kMaxCommands && !input.empty(); ++k) {
        const std::size_t eol = input.find('\n');
        const std::string_view command = input.substr(0, eol);
        input = eol == std::string_view::npos ? std::string_view() : input.substr(eol + 1);

        const std::string reply = capiton::run_command(page, command);
        Value r;
        std::string error;
        FUZZ_CHECK(capiton::json::parse(reply, &r, &error));
        FUZZ_CHECK(r.is_object());
        const Value* ok = r.find("ok");
        FUZZ_CHECK(ok && ok->is_bool());
        if (!ok->boolean) {
            const Value* why = r.find("error");
            FUZZ_CHECK(why && why->is_string() && !why->string.empty());
        }
        Value parsed;
        if (!capiton::json::parse(command, &parsed, &error)) FUZZ_CHECK(!ok->boolean && !r.find("malformed"));
    }
    return 0;
}
