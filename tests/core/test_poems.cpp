// The poem model's real text (cmake/poems.py from Debian's fortunes-zh and fortunes, in the build
// tree): cleaned as docs/data.md says, split by text, and the characters that cover it.
#include <doctest.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/poems.h"

using namespace capiton;

namespace {
const PoemCorpus& corpus() {
    static const PoemCorpus c = [] {
        PoemCorpus p;
        REQUIRE(load_poem_corpus(CAPITON_POEMS_DIR, &p));
        return p;
    }();
    return c;
}
}  // namespace

TEST_CASE("poems: titles, authors, colour codes and control characters stay out of the texts") {
    const PoemCorpus& c = corpus();
    int zh = 0, en = 0;
    for (const auto* texts : {&c.train, &c.held})
        for (const PoemText& t : *texts) {
            CAPTURE(t.text);
            CHECK((t.lang == "zh" || t.lang == "en"));
            (t.lang == "zh" ? zh : en) += 1;
            CHECK(std::none_of(t.text.begin(), t.text.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; }));
            CHECK(t.text.find("作者") == std::string::npos);
            CHECK(t.text.rfind("--", 0) != 0);  // no English attribution line left
            if (t.lang == "zh") {
                CHECK(t.title.rfind("《", 0) == 0);  // every poem has its title, as a field
                CHECK(!t.author.empty());
                CHECK(t.text.rfind("《", 0) != 0);
                CHECK(t.text.find("其一") == std::string::npos);  // the numbered parts' headings are dropped
            }
        }
    std::printf("  poems: %d Chinese poems and %d English texts (%zu train, %zu held out)\n", zh, en, c.train.size(), c.held.size());
    CHECK(zh > 350);  // tang300 has 313 poems, song100 94
    CHECK(en > 1000);
}

TEST_CASE("poems: split by text, about a tenth held out, no held-out text among the training texts") {
    const PoemCorpus& c = corpus();
    std::set<std::string> train;
    for (const PoemText& t : c.train) train.insert(t.text);
    for (const PoemText& t : c.held) CHECK(train.count(t.text) == 0);
    const double share = static_cast<double>(c.held.size()) / static_cast<double>(c.train.size() + c.held.size());
    CHECK(share == doctest::Approx(0.1).epsilon(0.05));
}

TEST_CASE("poems: the vocabulary is every training character; a few thousand cover the poems") {
    const PoemCorpus& c = corpus();
    std::set<char32_t> seen;
    for (const PoemText& t : c.train)
        for (int id : c.vocab.encode(t.text)) {
            CHECK(id != kUnknownId);
            seen.insert(c.vocab.chars[static_cast<std::size_t>(id)]);
        }
    CHECK(static_cast<int>(seen.size()) + 2 == c.vocab.size());  // and the unknown and text-start characters
    const long unknown = std::count(c.held_zh.begin(), c.held_zh.end(), kUnknownId);
    const double share = static_cast<double>(unknown) / static_cast<double>(c.held_zh.size());
    std::printf("  poems: vocabulary %d characters; %.1f %% of the held-out poems' characters unknown\n", c.vocab.size(), 100 * share);
    CHECK(c.vocab.size() > 2000);
    CHECK(c.vocab.size() < 4000);
    CHECK(share < 0.05);
}
