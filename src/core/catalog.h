// capiton core: a message catalog, one per language, read from "key = text" lines.
//
// File format (src/ui/lang/<lang>.txt, UTF-8):
//   # a comment line
//   stage.tokens.title = Tokens: cutting the sentence into pieces
// Text runs to the end of the line; "\n" in it is a line break, "\\" a backslash. Keys are unique.
// printf-style placeholders (%d, %s, %.2f, …) must appear in the same order in every language
// (tests/core/test_catalog.cpp checks this for the shipped files).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace capiton {

class Catalog {
public:
    // Parses `text`; returns false and describes the first problem in *error (line number included).
    bool parse(std::string_view text, std::string* error);
    // The text for `key`, or the key itself when it is missing (visible, never a crash).
    const char* get(const std::string& key) const;
    bool has(const std::string& key) const { return entries_.count(key) != 0; }
    std::vector<std::string> keys() const;

private:
    std::map<std::string, std::string> entries_;
    mutable std::string missing_;
};

// The printf conversions in a format string, in order ("%d", "%s", "%.2f" -> "d", "s", "f").
std::vector<char> format_conversions(std::string_view fmt);

// Named placeholders ("{query}", "{key}", …), sorted and without repeats. Texts that use them are
// filled by fill_placeholders, not printf, so each language may order them freely.
std::vector<std::string> named_placeholders(std::string_view text);
std::string fill_placeholders(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace capiton
