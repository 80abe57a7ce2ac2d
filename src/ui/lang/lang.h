// The lesson's texts, one catalog file per language (src/ui/lang/en.txt, zh.txt), embedded.
#pragma once

namespace capiton::lang {
extern const char kEnglish[];  // contents of en.txt
extern const char kChinese[];  // contents of zh.txt
extern const char kConcepts[];  // contents of concepts.txt: the article's ideas -> stage ids
}  // namespace capiton::lang
