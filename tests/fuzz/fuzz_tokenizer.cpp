// Fuzz target: the tokenizer (tokenizer.h) on any bytes, as a sentence typed, pasted or sent by a page.
//   ok  ⇒ 1 to kMaxTokens tokens, each non-empty valid UTF-8, each a piece of the input in order (the
//         tokens never invent or reorder text), each a sentence the tokenizer accepts alone;
//   not ⇒ no tokens, an English error and its catalog key.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const capiton::TokenizeResult r = capiton::tokenize(text);
    if (!r.ok()) {
        FUZZ_CHECK(r.tokens.empty());
        FUZZ_CHECK(r.error_key != nullptr);
        return 0;
    }
    FUZZ_CHECK(text.size() <= capiton::kMaxInputBytes);
    FUZZ_CHECK(!r.tokens.empty());
    FUZZ_CHECK(r.tokens.size() <= static_cast<std::size_t>(capiton::kMaxTokens));
    std::size_t from = 0;
    for (const std::string& token : r.tokens) {
        FUZZ_CHECK(!token.empty());
        FUZZ_CHECK(capiton_fuzz::valid_utf8(token));
        const std::size_t at = text.find(token, from);
        FUZZ_CHECK(at != std::string_view::npos);
        from = at + token.size();
        FUZZ_CHECK(capiton::tokenize(token).ok());
    }
    return 0;
}
