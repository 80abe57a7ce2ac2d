#include "segmenter.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "tokenizer.h"
#include "world.h"

namespace capiton {

// Written at build time by cmake/zh_dictionary.py, front-coded and sorted by the words' bytes: per word
// one byte '0' + k (k leading bytes shared with the word before), the rest of its bytes (all >= 0x80),
// one byte '0' + bucket, where bucket = round(2·log2(frequency)). The total is the whole dictionary's
// (before trimming).
extern const char kZhDictionary[];
extern const std::size_t kZhDictionaryWords;
extern const double kZhDictionaryTotal;

namespace {

struct Entry {
    std::string_view word;
    double log_p;
};

// The dictionary's words written out one after another, and the table of entries pointing into them.
struct Dictionary {
    std::string text;
    std::vector<Entry> table;
};

const std::vector<Entry>& entries() {
    static const Dictionary dictionary = [] {
        const auto is_word_byte = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
        // First pass: how long the words are, so the text never moves once views point into it.
        std::size_t length = 0;
        for (const char* p = kZhDictionary; *p;) {
            const std::size_t shared = static_cast<std::size_t>(*p++ - '0');
            std::size_t own = 0;
            while (is_word_byte(p[own])) ++own;
            length += shared + own;
            p += own + 1;  // past the bucket
        }
        Dictionary d;
        d.text.reserve(length);
        d.table.reserve(kZhDictionaryWords);
        const double log_total = std::log(kZhDictionaryTotal);
        std::size_t last = 0;  // where the word before starts in d.text
        for (const char* p = kZhDictionary; *p;) {
            const std::size_t shared = static_cast<std::size_t>(*p++ - '0');
            const std::size_t start = d.text.size();
            d.text.append(d.text, last, shared);
            while (is_word_byte(*p)) d.text.push_back(*p++);
            const int bucket = *p++ - '0';
            d.table.push_back({std::string_view(d.text.data() + start, d.text.size() - start),
                               0.5 * bucket * std::log(2.0) - log_total});
            last = start;
        }
        return d;
    }();
    return dictionary.table;
}

const Entry* find_in(const std::vector<Entry>& t, std::string_view word) {
    const auto it = std::lower_bound(t.begin(), t.end(), word, [](const Entry& e, std::string_view w) { return e.word < w; });
    return it != t.end() && it->word == word ? &*it : nullptr;
}

// The small world's Chinese words, at least as likely as a common word (1 in 200): a cut into them beats
// any dictionary word that spans them (苹果公司 → 苹果 公司, 河里 → 河 里, 新手机 → 新 手机).
constexpr double kPreferredLogP = -5.298;  // ln(1/200)

const std::vector<Entry>& preferred() {
    static const std::vector<Entry> table = [] {
        std::vector<Entry> t;
        for (const std::string& w : world_chinese_words()) {
            const Entry* e = find_in(entries(), w);
            t.push_back({w, std::max(kPreferredLogP, e ? e->log_p : -HUGE_VAL)});
        }
        std::sort(t.begin(), t.end(), [](const Entry& a, const Entry& b) { return a.word < b.word; });
        return t;
    }();
    return table;
}

const Entry* find(std::string_view word) {
    if (const Entry* e = find_in(preferred(), word)) return e;
    return find_in(entries(), word);
}

}  // namespace

static double unknown_log_p() { return -std::log(kZhDictionaryTotal); }  // a frequency of 1: below every shipped word

double word_log_probability(std::string_view word) {
    const Entry* e = find(word);
    return e ? e->log_p : unknown_log_p();
}

bool in_dictionary(std::string_view word) { return find_in(entries(), word) != nullptr; }

std::size_t dictionary_words() { return entries().size(); }

std::vector<std::string> segment_chinese(std::string_view run) {
    // The characters' byte offsets: char k spans [at[k], at[k+1]).
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < run.size();) {
        char32_t c;
        const int len = decode_utf8(run, i, &c);
        at.push_back(i);
        i += len > 0 ? static_cast<std::size_t>(len) : 1;
    }
    const int m = static_cast<int>(at.size());
    at.push_back(run.size());
    // best[k]: the largest log-probability of a cut of chars k..m-1; next[k]: where its first word ends.
    std::vector<double> best(static_cast<std::size_t>(m) + 1, 0.0);
    std::vector<int> next(static_cast<std::size_t>(m) + 1, m);
    for (int k = m - 1; k >= 0; --k) {
        best[k] = -HUGE_VAL;
        for (int len = 1; len <= kMaxWordChars && k + len <= m; ++len) {
            const Entry* e = find(run.substr(at[k], at[k + len] - at[k]));
            if (len > 1 && !e) continue;  // a single character is always a possible word
            const double score = (e ? e->log_p : unknown_log_p()) + best[k + len];
            if (score >= best[k]) {  // on a tie the longer word wins
                best[k] = score;
                next[k] = k + len;
            }
        }
    }
    std::vector<std::string> words;
    for (int k = 0; k < m; k = next[k]) words.emplace_back(run.substr(at[k], at[next[k]] - at[k]));
    return words;
}

}  // namespace capiton
