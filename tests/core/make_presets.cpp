// Prints src/core/presets.inc, or with the argument "translate" src/core/translate_presets.inc (see
// scripts/make-presets).
#include <cstdio>
#include <cstring>

#include "core/presets.h"
#include "core/translate.h"

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "translate") == 0) {
        std::fputs(capiton::translate_presets_source().c_str(), stdout);
        return 0;
    }
    std::fputs(capiton::presets_source().c_str(), stdout);
    return 0;
}
