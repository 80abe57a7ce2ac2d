// Prints src/core/presets.inc (see scripts/make-presets).
#include <cstdio>

#include "core/presets.h"

int main() {
    std::fputs(capiton::presets_source().c_str(), stdout);
    return 0;
}
