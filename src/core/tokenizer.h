// capiton core: the tokenizer.
//
// Cuts a UTF-8 sentence into the tokens the lesson shows:
//   - English (and other space-separated scripts): words and single punctuation marks.
//     An apostrophe, hyphen or dot between two word characters stays inside the word
//     ("don't", "well-known", "3.14"), and so does the last dot of an initialism ("A.I.", "e.g.").
//   - Chinese, Japanese kana: one token per character.
//   - Emoji and other symbols: one token each.
// Bad input never throws: tokenize() returns an error message and no tokens.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ids.h"  // Language

namespace capiton {

constexpr int kMaxTokens = 64;            // more would not fit on a screen as an n×n grid
constexpr std::size_t kMaxInputBytes = 1024;

struct TokenizeResult {
    std::vector<std::string> tokens;  // as typed (original case)
    std::string error;                // empty when ok; English (the page hook returns it)
    const char* error_key = nullptr;  // the same message's key in the UI's catalogs ("error.empty", …)
    unsigned long error_args[2] = {0, 0};  // its printf arguments
    bool ok() const { return error.empty(); }
};

TokenizeResult tokenize(std::string_view text);

// The key a token is looked up by in the embedding table: ASCII letters lower-cased,
// everything else unchanged ("The" and "the" share a vector).
std::string token_key(std::string_view token);

// " (3)": word i's place, from 1, when the same word occurs more than once among `words` (a note, a
// question's options: which "the"); "" when it occurs once. The space before it is a no-break space
// (U+00A0), so that a line never ends between the word and its place.
std::string place_if_repeated(const std::vector<std::string>& words, int i);

// Decodes one UTF-8 code point at text[i]; returns its length in bytes (1..4), or 0 when the
// bytes there are not valid UTF-8 (overlong forms, surrogates and values above U+10FFFF included).
int decode_utf8(std::string_view text, std::size_t i, char32_t* out);

// A Chinese character (the CJK Unified Ideographs, their extensions and compatibility forms).
bool is_han(char32_t c);

// The language of a sentence's tokens, by its words: Chinese when at least as many tokens hold a
// Chinese character as hold a Latin letter (and one does), else English. An emoji or another symbol
// says nothing of the language ("I love pizza 😀" is English); "I saw 一只鸟 in the sky" is English
// with two Chinese words. The translator reads a sentence in it; the heads stage describes its heads
// as measured on sentences in it.
Language language_of(const std::vector<std::string>& tokens);
// Whether a sentence has words of both: a token with a Chinese character and one with a Latin letter.
bool mixes_languages(const std::vector<std::string>& tokens);
// How many tokens hold a Chinese character, and how many a Latin letter (a token may count in both;
// digits, punctuation and emoji in neither): what the two above decide by.
struct WordScripts {
    int chinese = 0, latin = 0;
    Language language() const { return chinese > 0 && chinese >= latin ? Language::Zh : Language::En; }
    bool mixed() const { return chinese > 0 && latin > 0; }
    bool tie() const { return mixed() && chinese == latin; }  // read as Chinese, but not by "most words"
};
WordScripts word_scripts(const std::vector<std::string>& tokens);

}  // namespace capiton
