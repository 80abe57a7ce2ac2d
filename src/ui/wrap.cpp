// capiton ui: line breaking that understands Chinese (see wrap.h). Window-free.
#include "ui/wrap.h"

#include <algorithm>

#include "core/tokenizer.h"  // decode_utf8

namespace capiton::ui {

bool is_cjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}
bool no_line_start(char32_t c) {
    return std::u32string_view(U"，。、：；！？）」』】〉》”’］｝〕,.:;!?)]}%").find(c) != std::u32string_view::npos;
}
bool no_line_end(char32_t c) {
    return std::u32string_view(U"（「『【〈《“‘［｛〔([{$").find(c) != std::u32string_view::npos;
}

namespace {

bool is_binary_operator(char32_t c) { return std::u32string_view(U"·×+−").find(c) != std::u32string_view::npos; }

// Where the part of a formula that starts at `from` ends: at its first space outside brackets.
std::size_t unit_end(std::string_view para, std::size_t from) {
    int depth = 0;
    for (std::size_t j = from; j < para.size();) {
        char32_t c = 0;
        int len = decode_utf8(para, j, &c);
        if (len <= 0) len = 1;
        if (c == '(' || c == '[' || c == U'（') ++depth;
        if ((c == ')' || c == ']' || c == U'）') && depth > 0) --depth;
        if (c == ' ' && depth == 0) return j;
        j += static_cast<std::size_t>(len);
    }
    return para.size();
}

// The start of the UTF-8 character that ends at byte `end` of `s` (end > 0).
std::size_t char_start(const std::string& s, std::size_t end) {
    std::size_t i = end - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    return i;
}

// A paragraph's last line `rest` of one Chinese character (and its closing punctuation: "重。") takes
// the character before it from the line above, `out`'s last (ending in the break put in), where a break
// may go there and that line keeps at least two characters: a heading wrapped on a phone ended
// "…自己的一组权" / "重".
void widow_takes_one(std::string& out, std::string_view rest, float width, MeasureText measure) {
    char32_t c = 0;
    std::size_t at = 0;
    int len = decode_utf8(rest, 0, &c);
    if (len <= 0 || !is_cjk(c) || no_line_start(c) || no_line_end(c)) return;
    for (at = static_cast<std::size_t>(len); at < rest.size(); at += static_cast<std::size_t>(len))
        if ((len = decode_utf8(rest, at, &c)) <= 0 || !no_line_start(c)) return;  // more than one character
    if (out.size() < 2 || out.back() != '\n') return;
    const std::size_t line_end = out.size() - 1, line_start = out.rfind('\n', line_end - 1) + 1;  // npos + 1 = 0
    const std::size_t last = char_start(out, line_end);
    if (last <= line_start) return;
    const std::size_t before = char_start(out, last);
    if (before <= line_start) return;  // the line above would keep fewer than two characters
    char32_t moved = 0, stays = 0;
    decode_utf8(out, last, &moved);
    decode_utf8(out, before, &stays);
    if (!is_cjk(moved) || no_line_start(moved) || no_line_end(stays) || stays == ' ') return;
    const std::string taken = out.substr(last, line_end - last);
    if (measure(taken + std::string(rest)) > width) return;
    out.erase(last);
    out += '\n';
    out += taken;
}

// wrap_text and wrap_formula. A formula (keep_brackets) breaks inside ( ), [ ] or （ ） only when a
// bracket is wider than the line (or never closes), after a run of two or more spaces (between its
// parts) rather than at a single one, and after a binary operator rather than inside a bracket; a break
// after an operator goes before it instead when the operator and its operand then fit on the next line
// ("[a | b]" then "· W_O,", not "W_O," alone). No line breaks before its first character that is not a
// space ("  + a" keeps its indent).
std::string wrap_lines(std::string_view text, float width, MeasureText measure, bool keep_brackets) {
    std::string out;
    while (true) {  // one paragraph (up to a '\n') at a time
        const std::size_t nl = text.find('\n');
        const std::string_view para = text.substr(0, nl);
        constexpr std::size_t kNone = std::string_view::npos;
        std::size_t line = 0;
        std::size_t brk = kNone;     // the last break allowed (outside brackets, for a formula)
        std::size_t strong = kNone;  // …of those, the last after two or more spaces (formula)
        std::size_t after_op = kNone;  // the last outside brackets just after an operator (formula)…
        std::size_t before_op = kNone;  // …and the break before that operator, if there is one
        std::size_t loose = kNone;   // the last break wrap_text would allow (inside brackets too)
        bool text_on_line = false;   // a character other than a space since `line`
        char32_t prev = 0;
        int spaces = 0;  // the run of spaces that ends at prev
        int depth = 0;  // brackets open between prev and c (counted with keep_brackets only)
        char32_t token_first = 0;  // the first character of the run of non-spaces that ends at prev…
        int token_length = 0;      // …and its length in characters
        for (std::size_t i = 0; i < para.size();) {
            char32_t c = 0;
            int len = decode_utf8(para, i, &c);
            if (len <= 0) len = 1;
            if (keep_brackets && (prev == '(' || prev == '[' || prev == U'（')) ++depth;
            if (keep_brackets && (prev == ')' || prev == ']' || prev == U'）') && depth > 0) --depth;
            if (i > line && text_on_line && c != ' ' &&
                (prev == ' ' || ((is_cjk(c) || is_cjk(prev)) && !no_line_start(c) && !no_line_end(prev)))) {
                loose = i;
                const bool after_operator = keep_brackets && spaces == 1 && token_length == 1 && is_binary_operator(token_first);
                if (depth == 0 && !after_operator) brk = i;
                if (depth == 0 && after_operator) {
                    after_op = i;
                    before_op = brk;
                }
                if (depth == 0 && keep_brackets && spaces >= 2) strong = i;
            }
            const std::size_t end = i + static_cast<std::size_t>(len);
            const auto usable = [&](std::size_t b) { return b != kNone && b > line; };
            // a space past the edge is dropped with the break, so it never makes one
            if (c != ' ' && measure(para.substr(line, end - line)) > width && usable(loose)) {
                // outside brackets, the last break; one after an operator goes before it instead when the
                // operator and what it applies to then fit on the next line ("· W_O," not "W_O," alone)
                const std::size_t outside = std::max(usable(brk) ? brk : 0, usable(after_op) ? after_op : 0);
                std::size_t at = usable(strong) ? strong : outside > 0 ? outside : loose;
                if (!usable(strong) && outside == after_op && usable(before_op) &&
                    measure(para.substr(before_op, unit_end(para, after_op) - before_op)) <= width)
                    at = before_op;
                std::size_t cut = at;
                while (cut > line && para[cut - 1] == ' ') --cut;  // no trailing spaces
                out.append(para.substr(line, cut - line));
                out += '\n';
                line = at;  // a character other than a space
                text_on_line = true;
                if (!usable(brk)) brk = kNone;  // a later single space stays usable
                if (!usable(loose)) loose = kNone;
                if (!usable(after_op)) after_op = kNone;
                if (!usable(before_op)) before_op = kNone;
                strong = kNone;
            }
            if (c != ' ') text_on_line = true;
            if (c != ' ' && prev == ' ') token_length = 0;
            if (c != ' ' && token_length++ == 0) token_first = c;
            spaces = c == ' ' ? spaces + 1 : 0;
            prev = c;
            i = end;
        }
        const std::string_view rest = para.substr(line);
        // (not after a break at a space, which the break dropped: "六 七" would come out "六七")
        if (line > 0 && !keep_brackets && para[line - 1] != ' ') widow_takes_one(out, rest, width, measure);
        out.append(rest);
        if (nl == std::string_view::npos) break;
        out += '\n';
        text.remove_prefix(nl + 1);
    }
    return out;
}

}  // namespace

std::string wrap_text(std::string_view text, float width, MeasureText measure) {
    return wrap_lines(text, width, measure, false);
}

std::string wrap_formula(std::string_view text, float width, MeasureText measure) {
    return wrap_lines(text, width, measure, true);
}

std::size_t wrapped_offset(std::string_view text, std::string_view wrapped, std::size_t at) {
    std::size_t i = 0, j = 0;
    while (i < at && i < text.size()) {
        if (j < wrapped.size() && text[i] == wrapped[j]) {
            ++i;
            ++j;
        } else if (j < wrapped.size() && wrapped[j] == '\n') {
            ++j;  // a break put in
        } else {
            ++i;  // a space dropped at a break
        }
    }
    return j;
}

}  // namespace capiton::ui
