#include "tokenizer.h"

#include <algorithm>
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

enum class Kind { Space, Word, Han, Single, Joiner, Mark, Glue, Refused };

bool is_space(char32_t c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Characters the tokenizer refuses, each with the message that names it (the English is en.txt's,
// tests/core/test_catalog.cpp). Every one is invisible, or moves text without being seen, and carries
// nothing a student means to type: a token with one inside would look like "bird" and not be the
// table's "bird". They are refused rather than dropped, as every other bad input is: the sentence
// analysed stays exactly what was typed or sent, a page that sends one gets the reason back, and the
// student learns what a pasted text was hiding. (The tag characters also spell the subdivision flags,
// England's, Scotland's and Wales's: those flags are refused with them; every other flag is made of
// regional indicators and passes.)
struct Refusal {
    const char* key;
    const char* english;  // printf format; its one argument is the code point
};
constexpr Refusal kSoftHyphen = {"error.soft_hyphen",
                                 "The text contains a soft hyphen (U+%04lX), an invisible mark where a word may be broken; remove it."};
constexpr Refusal kDirection = {
    "error.direction", "The text contains an invisible direction mark (U+%04lX), which changes the order text is shown in; remove it."};
constexpr Refusal kVowelSeparator = {
    "error.vowel_separator", "The text contains a Mongolian vowel separator (U+%04lX), invisible outside Mongolian script; remove it."};
constexpr Refusal kZeroWidth = {"error.zero_width", "The text contains an invisible zero-width character (U+%04lX); remove it."};
constexpr Refusal kAnnotation = {
    "error.annotation", "The text contains an interlinear annotation mark (U+%04lX), an invisible marker for ruby text; remove it."};
constexpr Refusal kTag = {"error.tag",
                          "The text contains an invisible tag character (U+%04lX), like the letters hidden in some flag emoji; remove it."};
// The rest: C0 and C1 controls, the invisible operators and deprecated format characters of
// U+2061–U+206F, noncharacters.
constexpr Refusal kControl = {"error.control", "The text contains an invisible control character (U+%04lX); remove it."};
// A zero-width joiner (U+200D) or non-joiner (U+200C) with nothing on one side.
constexpr Refusal kLoneJoiner = {"error.joiner",
                                 "The text contains a zero-width joiner or non-joiner (U+%04lX) that joins nothing: it belongs "
                                 "between two letters or emoji; remove it."};

struct Refused {
    char32_t first, last;
    const Refusal* why;
};
constexpr Refused kRefused[] = {
    {0x00AD, 0x00AD, &kSoftHyphen}, {0x061C, 0x061C, &kDirection}, {0x180E, 0x180E, &kVowelSeparator},
    {0x200B, 0x200B, &kZeroWidth},  {0x200E, 0x200F, &kDirection}, {0x202A, 0x202E, &kDirection},
    {0x2060, 0x2060, &kZeroWidth},  {0x2066, 0x2069, &kDirection}, {0xFEFF, 0xFEFF, &kZeroWidth},
    {0xFFF9, 0xFFFB, &kAnnotation}, {0xE0000, 0xE007F, &kTag},
};

const Refusal* refusal(char32_t c) {
    for (const Refused& r : kRefused)
        if (c >= r.first && c <= r.last) return r.why;
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x2061 && c <= 0x206F) || (c & 0xFFFE) == 0xFFFE ||
        (c >= 0xFDD0 && c <= 0xFDEF))
        return &kControl;
    return nullptr;
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

// Combining marks, emoji modifiers and variation selectors (the standard ones, the Mongolian free
// ones and the ideographic supplement) stay with the character before them.
bool is_mark(char32_t c) {
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF) ||
           (c >= 0x180B && c <= 0x180D) || c == 0x180F || (c >= 0xE0100 && c <= 0xE01EF);
}

Kind classify(char32_t c) {
    if (is_space(c)) return Kind::Space;
    if (c == 0x200C || c == 0x200D) return Kind::Glue;
    if (refusal(c)) return Kind::Refused;
    if (is_mark(c)) return Kind::Mark;
    if (c == '\'' || c == '-' || c == '.' || c == 0x2019) return Kind::Joiner;
    if (is_han(c)) return Kind::Han;
    if (is_kana(c) || is_punct(c)) return Kind::Single;
    return Kind::Word;
}

// Sets the error (English text, catalog key, arguments). The English formats here are the same as
// in src/ui/lang/en.txt (tests/core/test_catalog.cpp checks it).
void fail(TokenizeResult& r, const char* key, const char* fmt, unsigned long a = 0, unsigned long b = 0) {
    char buf[200];
    std::snprintf(buf, sizeof buf, fmt, a, b);
    r.error = buf;
    r.error_key = key;
    r.error_args[0] = a;
    r.error_args[1] = b;
    r.tokens.clear();
}

void fail(TokenizeResult& r, const Refusal& why, char32_t c) { fail(r, why.key, why.english, c); }

// "A.I", "U.S", "e.g": single ASCII letters between dots, which keep the dot after them ("A.I.").
bool initialism(std::string_view word) {
    if (word.size() < 3 || word.size() % 2 == 0) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if (i % 2 == 1 ? c != '.' : !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return true;
}

}  // namespace

bool is_han(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

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
    // A zero-width joiner or non-joiner glues the code points on either side into one unit, of the
    // kind of the first (a Chinese one becomes Single, so that the segmenter never cuts at the glue):
    // an emoji ZWJ sequence, or a Persian word with its ZWNJ, stays whole.
    struct Cp { std::size_t begin, len; Kind kind; };
    std::vector<Cp> cps;
    char32_t glue = 0;  // the joiner waiting for the code point after it, if any
    for (std::size_t i = 0; i < text.size();) {
        char32_t c;
        const int len = decode_utf8(text, i, &c);
        if (len == 0) {
            fail(r, "error.utf8", "The text is not valid UTF-8 (bad byte at position %lu).", i);
            return r;
        }
        const Kind k = classify(c);
        if (k == Kind::Refused) {
            fail(r, *refusal(c), c);
            return r;
        }
        const std::size_t end = i + static_cast<std::size_t>(len);
        if (k == Kind::Glue || glue) {  // this code point joins the unit before it
            if (k == Kind::Space || cps.empty() || cps.back().kind == Kind::Space) {
                fail(r, kLoneJoiner, glue ? glue : c);
                return r;
            }
            cps.back().len = end - cps.back().begin;
            if (cps.back().kind == Kind::Han) cps.back().kind = Kind::Single;
            glue = k == Kind::Glue ? c : 0;
        } else {
            cps.push_back({i, static_cast<std::size_t>(len), k});
        }
        i = end;
    }
    if (glue) {
        fail(r, kLoneJoiner, glue);
        return r;
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
        if (k == Kind::Joiner)
            k = (in_word && (is_word(j + 1) || (text[cp.begin] == '.' && initialism(text.substr(start, end - start)))))
                    ? Kind::Word : Kind::Single;
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

WordScripts word_scripts(const std::vector<std::string>& tokens) {
    int han = 0, latin = 0;
    for (const std::string& t : tokens) {
        bool has_han = false, has_latin = false;
        for (std::size_t i = 0; i < t.size();) {
            char32_t c = 0;
            const int n = decode_utf8(t, i, &c);
            if (n <= 0) break;
            has_han = has_han || is_han(c);
            has_latin = has_latin || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            i += static_cast<std::size_t>(n);
        }
        han += has_han;
        latin += has_latin;
    }
    return {han, latin};
}

Language language_of(const std::vector<std::string>& tokens) { return word_scripts(tokens).language(); }
bool mixes_languages(const std::vector<std::string>& tokens) { return word_scripts(tokens).mixed(); }

std::string token_key(std::string_view token) {
    std::string key(token);
    for (char& ch : key)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return key;
}

std::string place_if_repeated(const std::vector<std::string>& words, int i) {
    const std::string& word = words[static_cast<std::size_t>(i)];
    return std::count(words.begin(), words.end(), word) > 1 ? "\u00a0(" + std::to_string(i + 1) + ")" : "";
}

}  // namespace capiton
