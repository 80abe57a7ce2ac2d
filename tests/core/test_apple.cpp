// The hand-set "two meanings of apple" layer: values worked out by hand from the table in apple.h.
#include <doctest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "core/apple.h"
#include "core/catalog.h"
#include "ui/lang/lang.h"

using namespace capiton;

namespace {
std::vector<std::string> split(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}
}  // namespace

TEST_CASE("apple: words fall into the four hand-made kinds, in both languages") {
    CHECK(apple_kind("apple") == AppleKind::Apple);
    CHECK(apple_kind("Apple") == AppleKind::Apple);
    CHECK(apple_kind("\xe8\x8b\xb9\xe6\x9e\x9c") == AppleKind::Apple);  // 苹果
    CHECK(apple_kind("eat") == AppleKind::Fruit);
    CHECK(apple_kind("\xe5\x90\x83") == AppleKind::Fruit);  // 吃
    CHECK(apple_kind("phone") == AppleKind::Company);
    CHECK(apple_kind("\xe5\x85\xac\xe5\x8f\xb8") == AppleKind::Company);  // 公司
    CHECK(apple_kind("the") == AppleKind::Other);
    CHECK(apple_kind("") == AppleKind::Other);
}

// Fruit sentence: keys of eat and tree are (1, 0), apple's query is (4, 0), so their scaled score is
// 4/√2 = 2.8284 and every other score is 0. exp(2.8284) = 16.9188; Σ = 2 × 16.9188 + 5 = 38.8376.
TEST_CASE("apple among fruit words: weights and output worked out by hand") {
    const AppleSentence r = apple_sentence({"I", "eat", "an", "apple", "from", "the", "tree"});
    REQUIRE(r.apple == 3);
    const Matrix& w = r.trace.weights;
    CHECK(w(3, 1) == doctest::Approx(0.43563).epsilon(1e-4));  // eat
    CHECK(w(3, 6) == doctest::Approx(0.43563).epsilon(1e-4));  // tree
    CHECK(w(3, 0) == doctest::Approx(0.025748).epsilon(1e-4));
    CHECK(w(3, 3) == doctest::Approx(0.025748).epsilon(1e-4));  // apple's own key (0, 1) is orthogonal to its query
    CHECK(r.focus == 1);
    // output = 2 × 0.43563 × (1, 0) + 0.025748 × (0.5, 0.5)
    CHECK(r.trace.output(3, 0) == doctest::Approx(0.88413).epsilon(1e-4));
    CHECK(r.trace.output(3, 1) == doctest::Approx(0.012874).epsilon(1e-3));
}

// Company sentence: three company words, Σ = 3 × 16.9188 + 5 = 55.7564.
TEST_CASE("apple among company words: weights and output worked out by hand") {
    const AppleSentence r = apple_sentence({"the", "company", "apple", "will", "launch", "a", "new", "phone"});
    REQUIRE(r.apple == 2);
    const Matrix& w = r.trace.weights;
    CHECK(w(2, 1) == doctest::Approx(0.30344).epsilon(1e-4));
    CHECK(w(2, 4) == doctest::Approx(0.30344).epsilon(1e-4));
    CHECK(w(2, 7) == doctest::Approx(0.30344).epsilon(1e-4));
    CHECK(w(2, 0) == doctest::Approx(0.017935).epsilon(1e-3));
    CHECK(r.trace.output(2, 0) == doctest::Approx(0.0089675).epsilon(1e-3));
    CHECK(r.trace.output(2, 1) == doctest::Approx(0.91929).epsilon(1e-4));
}

TEST_CASE("apple: a sentence without apple, or with only function words, stays well defined") {
    const AppleSentence none = apple_sentence({"I", "eat", "bread"});
    CHECK(none.apple == -1);
    CHECK(none.focus == -1);
    const AppleSentence alone = apple_sentence({"the", "apple"});
    REQUIRE(alone.apple == 1);
    CHECK(alone.trace.weights(1, 0) == doctest::Approx(0.5));  // nothing to prefer: uniform
    CHECK(alone.trace.output(1, 0) == doctest::Approx(0.25));
}

TEST_CASE("apple: the shipped example sentences split the two senses in both languages") {
    for (const char* text : {lang::kEnglish, lang::kChinese}) {
        Catalog cat;
        std::string err;
        REQUIRE(cat.parse(text, &err));
        const AppleSentence fruit = apple_sentence(split(cat.get("layer.apple.fruit_sentence")));
        const AppleSentence company = apple_sentence(split(cat.get("layer.apple.company_sentence")));
        REQUIRE(fruit.apple >= 0);
        REQUIRE(company.apple >= 0);
        CHECK(apple_kind(fruit.trace.tokens[static_cast<std::size_t>(fruit.focus)]) == AppleKind::Fruit);
        CHECK(apple_kind(company.trace.tokens[static_cast<std::size_t>(company.focus)]) == AppleKind::Company);
        const auto fo = fruit.trace.output.row(fruit.apple), co = company.trace.output.row(company.apple);
        CHECK(fo(0) > 0.8f);  // mostly fruit
        CHECK(fo(1) < 0.1f);
        CHECK(co(1) > 0.8f);  // mostly company
        CHECK(co(0) < 0.1f);
        const float cosine = fo.dot(co) / (fo.norm() * co.norm());
        CHECK(cosine < 0.1f);
        CHECK(apple_cosine(fruit, company) == doctest::Approx(cosine));  // the same word, two nearly orthogonal meanings
    }
}
