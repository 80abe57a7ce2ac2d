// The "two meanings of apple" layer, with the weights learned on the apple task (the stored preset).
#include <doctest.h>

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

TEST_CASE("apple: words fall into the task's kinds, in both languages") {
    CHECK(apple_kind("apple") == AppleKind::Apple);
    CHECK(apple_kind("Apple") == AppleKind::Apple);
    CHECK(apple_kind("\xe8\x8b\xb9\xe6\x9e\x9c") == AppleKind::Apple);  // 苹果
    CHECK(apple_kind("eat") == AppleKind::Fruit);
    CHECK(apple_kind("\xe5\x90\x83") == AppleKind::Fruit);  // 吃
    CHECK(apple_kind("phone") == AppleKind::Company);
    CHECK(apple_kind("\xe5\x85\xac\xe5\x8f\xb8") == AppleKind::Company);  // 公司
    CHECK(apple_kind("the") == AppleKind::Other);
    CHECK(apple_kind("zebra") == AppleKind::Other);
    CHECK(apple_kind("") == AppleKind::Other);
}

TEST_CASE("apple: a sentence without apple, or apple alone, stays well defined") {
    const AppleSentence none = apple_sentence({"I", "eat", "bread"});
    CHECK(none.apple == -1);
    CHECK(none.focus == -1);
    const AppleSentence alone = apple_sentence({"apple"});
    REQUIRE(alone.apple == 0);
    CHECK(alone.focus == -1);
    CHECK(alone.trace.weights(0, 0) == doctest::Approx(1.0));
    CHECK(alone.sense[0] + alone.sense[1] == doctest::Approx(1.0));
}

TEST_CASE("apple: the learned weights split the two senses in the shipped sentences, in both languages") {
    for (const char* text : {lang::kEnglish, lang::kChinese}) {
        Catalog cat;
        std::string err;
        REQUIRE(cat.parse(text, &err));
        const AppleSentence fruit = apple_sentence(split(cat.get("layer.apple.fruit_sentence")));
        const AppleSentence company = apple_sentence(split(cat.get("layer.apple.company_sentence")));
        REQUIRE(fruit.apple >= 0);
        REQUIRE(company.apple >= 0);
        REQUIRE(fruit.focus >= 0);
        REQUIRE(company.focus >= 0);
        CAPTURE(fruit.trace.tokens[static_cast<std::size_t>(fruit.focus)]);
        CAPTURE(company.trace.tokens[static_cast<std::size_t>(company.focus)]);
        CHECK(apple_kind(fruit.trace.tokens[static_cast<std::size_t>(fruit.focus)]) == AppleKind::Fruit);
        CHECK(apple_kind(company.trace.tokens[static_cast<std::size_t>(company.focus)]) == AppleKind::Company);
        CHECK(fruit.sense[0] > 0.9f);    // read as fruit
        CHECK(company.sense[1] > 0.9f);  // read as company
        CHECK(fruit.sense[0] + fruit.sense[1] == doctest::Approx(1.0));
        CHECK(apple_cosine(fruit, company) < 0.0f);  // the same word: two output rows pointing apart (seen: −0.92 en, −0.82 zh)
    }
}
