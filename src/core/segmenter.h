// capiton core: cutting Chinese text into words.
//
// Chinese is written without spaces, so the tokenizer hands every run of Chinese characters to
// segment_chinese(). It picks, among all the ways to cut the run into dictionary words and single
// characters, the one whose words are most probable together (the largest sum of log-frequencies:
// a dynamic program over the run, right to left, as in jieba's dictionary mode). Frequencies come
// from the dictionary of Debian's python3-jieba (Expat licence), trimmed at build time by
// cmake/zh_dictionary.py; the words of capiton's own small world (world.h) are preferred over any
// dictionary word, so that the trained model's words always come out whole.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace capiton {

constexpr int kMaxWordChars = 8;  // longer dictionary words are not looked for

// run: Chinese characters only (no spaces, no punctuation), valid UTF-8. Returns its words in order;
// concatenated, they give the run back.
std::vector<std::string> segment_chinese(std::string_view run);

// The dictionary's log-probability of a word (natural log, relative to the whole dictionary), or a
// value below every word's when the dictionary does not have it.
double word_log_probability(std::string_view word);
bool in_dictionary(std::string_view word);
std::size_t dictionary_words();  // how many entries were shipped

}  // namespace capiton
