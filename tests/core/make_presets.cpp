// Prints src/core/presets.inc, or with the argument "block" src/core/block_presets.inc, "block_classifier"
// src/core/block_classifier.inc or "translate" src/core/translate_presets.inc (see scripts/make-presets).
#include <cstdio>
#include <cstring>
#include <string>

#include "core/block_presets.h"
#include "core/presets.h"
#include "core/translate.h"

int main(int argc, char** argv) {
    const char* kind = argc > 1 ? argv[1] : "";
    const std::string out = std::strcmp(kind, "block") == 0              ? capiton::block_presets_source()
                            : std::strcmp(kind, "block_classifier") == 0 ? capiton::block_presets_source(true)
                            : std::strcmp(kind, "translate") == 0        ? capiton::translate_presets_source()
                                                                          : capiton::presets_source();
    std::fputs(out.c_str(), stdout);
    return 0;
}
