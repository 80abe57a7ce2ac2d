// The lesson's texts, one catalog file per language (src/ui/lang/en.txt, zh.txt), embedded.
#pragma once

#include "core/ids.h"

namespace capiton::lang {
extern const char kEnglish[];  // contents of en.txt
extern const char kChinese[];  // contents of zh.txt
extern const char kConcepts[];  // contents of concepts.txt: the article's ideas -> stage ids
// The catalog of each language, in the order of the language table (core/ids.h): adding a language
// adds its <id>.txt here and in lang/CMakeLists.txt (tests/core/test_catalog.cpp checks each one).
extern const char* const kCatalogs[count_of<Language>()];
}  // namespace capiton::lang
