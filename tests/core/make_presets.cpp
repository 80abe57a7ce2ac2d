// Prints src/core/presets.inc, or with the argument "block" src/core/block_presets.inc (see
// scripts/make-presets).
#include <cstdio>
#include <cstring>

#include "core/block_presets.h"
#include "core/presets.h"

int main(int argc, char** argv) {
    const bool block = argc > 1 && std::strcmp(argv[1], "block") == 0;
    std::fputs((block ? capiton::block_presets_source() : capiton::presets_source()).c_str(), stdout);
    return 0;
}
