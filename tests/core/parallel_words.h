// Tests: the words of one language in the translator's data, gathered from the sides of its
// training and held-out sentences: an account of what the decoder may write (may_write) that does not
// go through may_write's own rule.
#pragma once

#include <set>
#include <string>

#include "core/parallel.h"
#include "core/translate.h"

namespace capiton::test {

inline const std::set<std::string>& parallel_words(Language l) {
    static const auto gather = [](Language side) {
        std::set<std::string> words;
        for (const bool held_out : {false, true})
            for (const ParallelPair& p : parallel_sentences(kTranslatePreset.seed, held_out, 2048))
                words.insert(p.side(side).tokens.begin(), p.side(side).tokens.end());
        return words;
    };
    static const std::set<std::string> en = gather(Language::En), zh = gather(Language::Zh);
    return l == Language::En ? en : zh;
}

// What the decoder may write next in `to`, from the full softmax `p` over the vocabulary: renormalised
// over the end mark and `to`'s words, 0 elsewhere (the softmax over the allowed logits).
template <class Row>
std::vector<double> allowed_only(const Row& p, const Translator& m, Language to) {
    std::vector<double> q(static_cast<std::size_t>(p.size()), 0.0);
    double total = 0.0;
    for (std::size_t j = 0; j < q.size(); ++j)
        if (static_cast<int>(j) == kEosId || (static_cast<int>(j) > kToZhId && parallel_words(to).count(m.word(static_cast<int>(j)))))
            total += q[j] = static_cast<double>(p[static_cast<Eigen::Index>(j)]);
    for (double& x : q) x /= total;
    return q;
}

}  // namespace capiton::test
