// capiton core: the outcome of a change that can be refused.
//
// Every change to the lesson either succeeds completely or leaves everything exactly as it was and
// says why in a Status. It is [[nodiscard]]: ignoring a refusal must be written down, as (void).
#pragma once

#include <string>

namespace capiton {

struct [[nodiscard]] Status {
    std::string error;                     // empty when ok; English (the page hook returns it)
    const char* error_key = nullptr;       // catalog key of the same message, when it has one
    unsigned long error_args[2] = {0, 0};  // its printf arguments
    bool ok() const { return error.empty(); }
};

}  // namespace capiton
