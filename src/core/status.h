// capiton core: the outcome of a change that can be refused.
//
// Every change to the lesson either succeeds completely or leaves everything exactly as it was and
// says why in a Status. It is [[nodiscard]]: ignoring a refusal must be written down, as (void).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace capiton {

struct [[nodiscard]] Status {
    std::string error;                     // empty when ok; English (the page hook returns it)
    const char* error_key = nullptr;       // catalog key of the same message, when it has one
    unsigned long error_args[2] = {0, 0};  // its printf arguments
    bool ok() const { return error.empty(); }
};

// A message that is no refusal (a part of a link that was ignored): English for the console, and the
// same as a catalog key with its arguments (each a %s, in order) for the screen, in the UI's language
// (the screen's English is the catalog's, which may word the same limits otherwise: "not between 1
// and 4" for the console's "not a head's number (1 to 4)"). When a refusal caused it, that refusal is
// kept too: its message is the key's last argument.
struct Note {
    Note() = default;
    Note(std::string t, const char* k = nullptr, std::vector<std::string> a = {}, Status c = {})
        : text(std::move(t)), key(k), args(std::move(a)), cause(std::move(c)) {}
    std::string text;
    const char* key = nullptr;
    std::vector<std::string> args;
    Status cause;
};
// Notes are the same when they say the same (the key and arguments follow from the text).
inline bool operator==(const Note& a, const Note& b) { return a.text == b.text; }
inline bool operator!=(const Note& a, const Note& b) { return !(a == b); }

}  // namespace capiton
