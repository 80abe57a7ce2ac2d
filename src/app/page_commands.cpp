// Prints the core's command table as JSON (capiton::commands_json()): the build writes it into the
// page script (cmake/page_script.cmake), so that the page's hook methods and postMessage dispatch
// are made from the same table the core runs. Core only: no SDL, GL or ImGui (in the WebAssembly
// build it runs under node at build time).
#include <cstdio>

#include "core/commands.h"

int main() {
    std::fputs(capiton::commands_json().c_str(), stdout);
    std::fputc('\n', stdout);
    return 0;
}
