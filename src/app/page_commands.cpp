// What the build writes into the page script (cmake/page_script.cmake), as JSON on standard output:
//   page_commands           the core's command table (capiton::commands_json()), from which the page's
//                           hook methods and postMessage dispatch are made: the same table the core runs
//   page_commands link-keys the keys a link may have (core/fragment.h), for the page's warning about
//                           keys written after "?"
//   page_commands html-langs each language's <html lang> (core/ids.h kLanguageInfo), for the loading
//                           screen shown before the app can say it
//   page_commands programs  the app's shader programs ({name: {vert, frag}}, the sources the app itself
//                           embeds, without comments): the page makes them while the .wasm loads and
//                           hands them over (src/app/gl.h)
// No SDL, GL or ImGui (in the WebAssembly build it runs under node at build time).
#include <cstdio>
#include <cstring>
#include <string>

#include "core/commands.h"
#include "core/fragment.h"
#include "core/ids.h"
#include "core/json.h"

namespace capiton::app {
extern const char kImguiVert[], kImguiFrag[];  // shaders/*.{vert,frag}, embedded at build time (shaders.cpp)
extern const char kHeatmapVert[], kHeatmapFrag[];
}  // namespace capiton::app

namespace {
// GLSL without its comments (// to the end of a line: the shaders have no other kind), for a smaller page.
std::string without_comments(const char* glsl) {
    std::string out;
    for (const char* p = glsl; *p;) {
        const char* end = std::strchr(p, '\n');
        if (!end) end = p + std::strlen(p);
        std::string line(p, end);
        const std::size_t at = line.find("//");
        if (at != std::string::npos) line.erase(at);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        if (!line.empty()) out += line + '\n';
        p = *end ? end + 1 : end;
    }
    return out;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "programs") == 0) {
        capiton::json::Writer w;
        const auto program = [&](const char* name, const char* vert, const char* frag) {
            w.key(name).begin_object();
            w.key("vert").string(without_comments(vert)).key("frag").string(without_comments(frag));
            w.end_object();
        };
        w.begin_object();
        program("imgui", capiton::app::kImguiVert, capiton::app::kImguiFrag);
        program("heatmap", capiton::app::kHeatmapVert, capiton::app::kHeatmapFrag);
        w.end_object();
        std::fputs(w.text().c_str(), stdout);
    } else if (argc > 1 && std::strcmp(argv[1], "link-keys") == 0) {
        capiton::json::Writer w;
        w.begin_array();
        for (const char* key : capiton::kLinkKeys) w.string(key);
        w.end_array();
        std::fputs(w.text().c_str(), stdout);
    } else if (argc > 1 && std::strcmp(argv[1], "html-langs") == 0) {
        capiton::json::Writer w;
        w.begin_object();
        for (std::size_t i = 0; i < capiton::kLanguageInfo.size(); ++i)
            w.key(capiton::Ids<capiton::Language>::names[i]).string(capiton::kLanguageInfo[i].html_lang);
        w.end_object();
        std::fputs(w.text().c_str(), stdout);
    } else {
        std::fputs(capiton::commands_json().c_str(), stdout);
    }
    std::fputc('\n', stdout);
    return 0;
}
