#include <doctest.h>

#include <string>

#include "core/ids.h"

using namespace capiton;

TEST_CASE("stage ids are in lesson order and round-trip") {
    const char* expected[] = {"seq2seq", "similarity", "tokens", "embedding", "projection", "scores",
                              "scale",   "mask",       "softmax", "weighting", "output",    "heads",
                              "block",   "cross",      "decode",  "training", "poems"};
    REQUIRE(count_of<Stage>() == 17);
    for (std::size_t i = 0; i < count_of<Stage>(); ++i) {
        CHECK(std::string(id_of(all_of<Stage>()[i])) == expected[i]);
        Stage st;
        REQUIRE(from_id(expected[i], &st));
        CHECK(st == all_of<Stage>()[i]);
    }
    Stage st = Stage::Mask;
    CHECK_FALSE(from_id("Softmax", &st));  // ids are matched exactly
    CHECK_FALSE(from_id("", &st));
    CHECK(st == Stage::Mask);  // untouched
}

TEST_CASE("every table: ids unique, non-empty, plain ASCII; the error text lists them") {
    const auto check = [](auto e) {
        using E = decltype(e);
        for (std::size_t i = 0; i < count_of<E>(); ++i) {
            const std::string id = Ids<E>::names[i];
            CHECK_FALSE(id.empty());
            for (char c : id) CHECK(((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'));
            for (std::size_t j = i + 1; j < count_of<E>(); ++j) CHECK(id != Ids<E>::names[j]);
            E back{};
            REQUIRE(from_id(id, &back));
            CHECK(static_cast<std::size_t>(back) == i);
        }
    };
    check(Stage{});
    check(Language{});
    check(DecodeMode{});
    check(Theme{});
    check(Layer{});
    check(TaskId{});
    check(MaskKind{});
    check(HeadKind{});
    check(PoemAction{});
    check(PoemModelStatus{});
    check(PoemSource{});
    check(MatrixId{});
    CHECK(known_ids<Language>() == "en, zh");
    CHECK(unknown_id_error<Theme>() == "Unknown theme. Known themes: light, dark.");
    CHECK(unknown_id_error<Layer>() == "Unknown layer. Known layers: search, signifier, apple, qkv.");
    CHECK(unknown_id_error<TaskId>() == "Unknown task. Known tasks: apple, lookback, birdsky, world.");
}

TEST_CASE("each language names itself and has a default sentence") {
    CHECK(std::string(kLanguageInfo[0].native_name) == "English");
    CHECK(std::string(kLanguageInfo[1].native_name) == "中文");
    CHECK(std::string(kLanguageInfo[0].default_sentence) == "I saw a bird in the sky");
    CHECK(std::string(kLanguageInfo[1].default_sentence) == "我在天空中看到一只鸟");
}
