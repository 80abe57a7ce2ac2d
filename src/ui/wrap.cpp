// capiton ui: line breaking that understands Chinese (see wrap.h). Window-free.
#include "ui/wrap.h"

#include "core/tokenizer.h"  // decode_utf8

namespace capiton::ui {

bool is_cjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}
bool no_line_start(char32_t c) {
    return std::u32string_view(U"，。、：；！？）」』】〉》”’,.:;!?)").find(c) != std::u32string_view::npos;
}
bool no_line_end(char32_t c) {
    return std::u32string_view(U"（「『【〈《“‘(").find(c) != std::u32string_view::npos;
}

std::string wrap_text(std::string_view text, float width, MeasureText measure) {
    std::string out;
    while (true) {  // one paragraph (up to a '\n') at a time
        const std::size_t nl = text.find('\n');
        const std::string_view para = text.substr(0, nl);
        std::size_t line = 0, brk = std::string_view::npos;
        char32_t prev = 0;
        for (std::size_t i = 0; i < para.size();) {
            char32_t c = 0;
            int len = decode_utf8(para, i, &c);
            if (len <= 0) len = 1;
            if (i > line && c != ' ' &&
                (prev == ' ' || ((is_cjk(c) || is_cjk(prev)) && !no_line_start(c) && !no_line_end(prev))))
                brk = i;
            const std::size_t end = i + static_cast<std::size_t>(len);
            if (measure(para.substr(line, end - line)) > width && brk != std::string_view::npos && brk > line) {
                std::size_t cut = brk;
                while (cut > line && para[cut - 1] == ' ') --cut;  // no trailing spaces
                out.append(para.substr(line, cut - line));
                out += '\n';
                line = brk;
                brk = std::string_view::npos;
            }
            prev = c;
            i = end;
        }
        out.append(para.substr(line));
        if (nl == std::string_view::npos) break;
        out += '\n';
        text.remove_prefix(nl + 1);
    }
    return out;
}

}  // namespace capiton::ui
