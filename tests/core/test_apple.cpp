// The "two meanings of apple" layer, with the parameters learned on the apple task (the stored preset).
#include <doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/apple.h"
#include "core/catalog.h"
#include "core/presets.h"
#include "core/train.h"
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
    for (const char* text : {lang::catalog(Language::En), lang::catalog(Language::Zh)}) {
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

// The outputs of "apple" over every test sentence of the task: the learned model puts the two senses
// in two separate clouds; random weights do not (about as good as a coin: 0.5–0.63 seen).
TEST_CASE("apple cloud: trained, the two senses separate on the plane; untrained, they mix") {
    const Task t = make_task(TaskId::Apple, preset_run(TaskId::Apple).seed);
    Params<float> trained;
    REQUIRE(load_preset_params(TaskId::Apple, &trained));
    const AppleCloud c = apple_cloud(t, trained);
    REQUIRE(c.plane.points.rows() == static_cast<Eigen::Index>(t.test.size()));
    REQUIRE(c.sense.size() == t.test.size());
    CHECK(c.separated == 1.0f);
    CHECK(c.plane.explained > 0.8f);  // seen 0.94: the plane shows almost everything
    // turned so that company sits right of fruit
    float fruit_x = 0, company_x = 0;
    int fruits = 0, companies = 0;
    for (std::size_t i = 0; i < c.sense.size(); ++i) {
        CHECK(c.sense[i] == t.test[static_cast<std::size_t>(c.sentence[i])].answer);
        (c.sense[i] == 0 ? fruit_x : company_x) += c.plane.points(static_cast<Eigen::Index>(i), 0);
        (c.sense[i] == 0 ? fruits : companies) += 1;
    }
    REQUIRE(fruits > 0);
    REQUIRE(companies > 0);
    CHECK(company_x / static_cast<float>(companies) > fruit_x / static_cast<float>(fruits));
    const AppleCloud untrained = apple_cloud(t, init_params(t.shape, 2));
    CHECK(untrained.separated < 0.8f);
}
