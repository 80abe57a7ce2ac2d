// The lesson's texts, one catalog file per language (src/ui/lang/<id>.txt, the ids of the language
// table in core/ids.h), embedded at configure time; and the article's ideas (concepts.txt).
#pragma once

#include <cstddef>

#include "core/ids.h"

namespace capiton::lang {
extern const char kConcepts[];  // contents of concepts.txt: the article's ideas -> stage ids
// The catalog of each language, in the order of the language table: adding a language to the table
// needs only its <id>.txt here (tests/core/test_catalog.cpp checks each one).
extern const char* const kCatalogs[count_of<Language>()];
inline const char* catalog(Language l) { return kCatalogs[static_cast<std::size_t>(l)]; }
}  // namespace capiton::lang
