#include "tokenizer.h"

#include <cstdio>

#include "segmenter.h"

namespace capiton {

int decode_utf8(std::string_view s, std::size_t i, char32_t* out) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    int len;
    char32_t cp;
    if (b0 < 0x80) { *out = b0; return 1; }
    if (b0 >= 0xC2 && b0 <= 0xDF) { len = 2; cp = b0 & 0x1F; }
    else if (b0 >= 0xE0 && b0 <= 0xEF) { len = 3; cp = b0 & 0x0F; }
    else if (b0 >= 0xF0 && b0 <= 0xF4) { len = 4; cp = b0 & 0x07; }
    else return 0;  // continuation byte, 0xC0/0xC1 (always overlong) or 0xF5..0xFF
    if (i + len > s.size()) return 0;
    for (int k = 1; k < len; ++k) {
        const unsigned char b = byte(i + k);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;  // overlong
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;                            // UTF-16 surrogate
    if (cp > 0x10FFFF) return 0;
    *out = cp;
    return len;
}

namespace {

enum class Kind { Space, Word, Han, Single, Joiner, Mark, Forbidden };

bool is_space(char32_t c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Control and invisible formatting characters (bidi overrides, zero-width characters, BOM):
// they would make the token labels lie about what was typed, so they are refused.
bool is_forbidden(char32_t c) {
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x200B && c <= 0x200F) ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF ||
           (c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF);
}

bool is_han(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

bool is_kana(char32_t c) { return c >= 0x3040 && c <= 0x30FF; }

bool is_punct(char32_t c) {
    if (c < 0x80) return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
                         (c >= 0x7B && c <= 0x7E);
    return (c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2010 && c <= 0x2027) ||
           (c >= 0x2030 && c <= 0x205E) || (c >= 0x2100 && c <= 0x2BFF) || (c >= 0x3001 && c <= 0x303F) ||
           (c >= 0xFE30 && c <= 0xFE6F) || (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
           (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x1F000 && c <= 0x1FAFF);
}

bool is_mark(char32_t c) {  // combining marks and emoji modifiers stay with the character before them
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF);
}

Kind classify(char32_t c) {
    if (is_space(c)) return Kind::Space;
    if (is_forbidden(c)) return Kind::Forbidden;
    if (is_mark(c)) return Kind::Mark;
    if (c == '\'' || c == '-' || c == '.' || c == 0x2019) return Kind::Joiner;
    if (is_han(c)) return Kind::Han;
    if (is_kana(c) || is_punct(c)) return Kind::Single;
    return Kind::Word;
}

// Sets the error (English text, catalog key, arguments). The English formats here are the same as
// in src/ui/lang/en.txt (tests/core/test_catalog.cpp checks it).
void fail(TokenizeResult& r, const char* key, const char* fmt, unsigned long a = 0, unsigned long b = 0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, fmt, a, b);
    r.error = buf;
    r.error_key = key;
    r.error_args[0] = a;
    r.error_args[1] = b;
    r.tokens.clear();
}

}  // namespace

TokenizeResult tokenize(std::string_view text) {
    TokenizeResult r;
    if (text.empty()) {
        fail(r, "error.empty", "The sentence is empty: type a few words.");
        return r;
    }
    if (text.size() > kMaxInputBytes) {
        fail(r, "error.too_long", "The sentence is too long: %lu bytes (the limit is %lu).", text.size(), kMaxInputBytes);
        return r;
    }
    // Pass 1: decode and classify every code point, so that errors are found before any token is made.
    struct Cp { std::size_t begin, len; Kind kind; };
    std::vector<Cp> cps;
    for (std::size_t i = 0; i < text.size();) {
        char32_t c;
        const int len = decode_utf8(text, i, &c);
        if (len == 0) {
            fail(r, "error.utf8", "The text is not valid UTF-8 (bad byte at position %lu).", i);
            return r;
        }
        const Kind k = classify(c);
        if (k == Kind::Forbidden) {
            fail(r, "error.control", "The sentence contains an invisible control character (U+%04lX); remove it.", c);
            return r;
        }
        cps.push_back({i, static_cast<std::size_t>(len), k});
        i += len;
    }
    // Pass 2: group code points into tokens.
    const auto is_word = [&](std::size_t j) { return j < cps.size() && cps[j].kind == Kind::Word; };
    std::size_t start = 0, end = 0;  // current token's (or Chinese run's) byte range; empty when start == end
    bool in_word = false, in_han = false;
    const auto flush = [&] {
        if (end > start && in_han) {
            for (std::string& w : segment_chinese(text.substr(start, end - start))) r.tokens.push_back(std::move(w));
        } else if (end > start) {
            r.tokens.emplace_back(text.substr(start, end - start));
        }
        start = end;
        in_word = in_han = false;
    };
    for (std::size_t j = 0; j < cps.size(); ++j) {
        const Cp& cp = cps[j];
        Kind k = cp.kind;
        if (k == Kind::Joiner) k = (in_word && is_word(j + 1)) ? Kind::Word : Kind::Single;
        switch (k) {
            case Kind::Space: flush(); start = end = cp.begin + cp.len; break;
            case Kind::Mark:  // attach to whatever came before (or stand alone at the start)
                if (in_han) {  // to the run's last word
                    flush();
                    r.tokens.back() += text.substr(cp.begin, cp.len);
                    start = end = cp.begin + cp.len;
                    break;
                }
                if (end == start) start = cp.begin;
                end = cp.begin + cp.len;
                break;
            case Kind::Han:  // a run of Chinese characters, cut into words when it ends
                if (!in_han) { flush(); start = cp.begin; }
                end = cp.begin + cp.len;
                in_han = true;
                break;
            case Kind::Word:
                if (!in_word) { flush(); start = cp.begin; }
                end = cp.begin + cp.len;
                in_word = true;
                break;
            default:  // Single
                flush();
                start = cp.begin;
                end = cp.begin + cp.len;
                break;
        }
        if (r.tokens.size() > static_cast<std::size_t>(kMaxTokens)) break;
    }
    flush();
    if (r.tokens.empty()) {
        fail(r, "error.spaces", "The sentence has only spaces: type a few words.");
    } else if (r.tokens.size() > static_cast<std::size_t>(kMaxTokens)) {
        fail(r, "error.too_many", "Too many tokens: more than %lu (the limit keeps the grids readable).",
             static_cast<unsigned long>(kMaxTokens));
    }
    return r;
}

std::string token_key(std::string_view token) {
    std::string key(token);
    for (char& ch : key)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return key;
}

}  // namespace capiton
