// The small world (src/core/world.h) and its shipped model (presets.inc): the lesson's default.
#include <doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/catalog.h"
#include "core/presets.h"
#include "core/session.h"
#include "core/tokenizer.h"
#include "core/world.h"
#include "ui/lang/lang.h"

using namespace capiton;

namespace {

const Task& world() {
    static const Task t = make_task(TaskId::World, preset_run(TaskId::World).seed);
    return t;
}

const Params<float>& shipped() {
    static const Params<float> p = [] {
        Params<float> q;
        REQUIRE(load_preset_params(TaskId::World, &q));
        return q;
    }();
    return p;
}

// The attention row of one token of a sentence typed as a student would type it, under the shipped
// model, at the first or the second layer; returns the token it weights most.
std::string looks_at(const char* sentence, const char* query, int layer = 1) {
    const TokenizeResult r = tokenize(sentence);
    REQUIRE(r.ok());
    Example ex;
    for (const std::string& w : r.tokens) {
        const int id = vocab_index(world(), w);
        REQUIRE_MESSAGE(id >= 0, "unknown to the world: ", w);
        ex.ids.push_back(id);
    }
    const auto q = std::find(r.tokens.begin(), r.tokens.end(), query);
    REQUIRE(q != r.tokens.end());
    ex.position = static_cast<int>(q - r.tokens.begin());
    ex.layer = layer;
    const Forward<float> f = forward(shipped(), world().shape, ex);
    Eigen::Index top = 0;
    (layer == 2 ? f.second.A : f.A).row(ex.position).maxCoeff(&top);
    return r.tokens[static_cast<std::size_t>(top)];
}

}  // namespace

TEST_CASE("the small world: sizes of the lesson, a few hundred words in two languages") {
    CHECK(world().shape.d_model == 8);
    CHECK(world().shape.d_k == 4);
    CHECK(world().vocab.size() >= 200);
    CHECK(world().vocab.size() <= 400);
    const auto& zh = world_chinese_words();
    CHECK(zh.size() >= 80);
    CHECK(std::find(zh.begin(), zh.end(), "天空") != zh.end());
}

TEST_CASE("every sentence of the world is one the tokenizer cuts the same way") {
    for (bool held_out : {false, true})
        for (const WorldSentence& s : world_sentences(5, held_out, 600)) {
            std::string typed;
            for (const std::string& w : s.tokens) typed += (typed.empty() || s.language == Language::Zh ? "" : " ") + w;
            CAPTURE(typed);
            CHECK(tokenize(typed).tokens == s.tokens);
            REQUIRE(s.query >= 0);
            REQUIRE_FALSE(s.answers.empty());
        }
}

TEST_CASE("held-out sentences use only words the training sentences use, in new templates and pairs") {
    std::set<std::string> trained, train_text, held_text;
    for (const WorldSentence& s : world_sentences(1, false, 4096)) {
        trained.insert(s.tokens.begin(), s.tokens.end());
        std::string t;
        for (const std::string& w : s.tokens) t += w + " ";
        train_text.insert(t);
    }
    int fresh = 0;
    for (const WorldSentence& s : world_sentences(7, true, 500)) {
        std::string t;
        for (const std::string& w : s.tokens) {
            CAPTURE(w);
            CHECK(trained.count(w) == 1);
            t += w + " ";
        }
        fresh += train_text.count(t) == 0 ? 1 : 0;
    }
    CHECK(fresh >= 490);  // nearly none was trained on (a short one can match by chance: "apple pie was sweet")
}

TEST_CASE("the shipped model: the lesson's sentences attend where the lesson says") {
    // bird / place, both languages: the default sentences
    CHECK(looks_at("I saw a bird in the sky", "bird") == "sky");
    CHECK(looks_at("我在天空中看到一只鸟", "鸟") == "天空");
    CHECK(looks_at("a fish rests in the river", "fish") == "river");
    CHECK(looks_at("一条鱼在河里休息", "鱼") == "河");
    // apple: the word that decides its sense
    CHECK(looks_at("I ate an apple", "apple") == "ate");
    CHECK(looks_at("apple juice was sweet", "apple") == "juice");
    CHECK(looks_at("the apple pie was good", "apple") == "pie");
    const std::string launch = looks_at("apple launched a new phone", "apple");
    CHECK((launch == "launched" || launch == "phone"));
    CHECK(looks_at("apple stock fell today", "apple") == "stock");
    CHECK(looks_at("我吃了一个苹果", "苹果") == "吃");
    const std::string fabu = looks_at("苹果发布了新手机", "苹果");
    CHECK((fabu == "发布" || fabu == "手机"));
    CHECK(looks_at("苹果的股票涨了", "苹果") == "股票");
    CHECK(looks_at("我喜欢苹果手机", "苹果") == "手机");
    CHECK(looks_at("the eagle sat on the mountain", "eagle") == "mountain");
    CHECK(looks_at("the monkey played in the tree", "monkey") == "tree");
    // (the zh twin, 一只猴子在树上玩, is the signifier layer's example: the test below reads it from the catalog)
}

// The signifier layer's example (its button loads the sentence and follows the animal): the relation
// it promises is one the small model learned, in both languages.
TEST_CASE("the shipped model: the signifier layer's example sentence pins its animal to its place") {
    for (const auto& [language, place] : {std::pair{Language::En, "tree"}, std::pair{Language::Zh, "\xe6\xa0\x91"}}) {  // 树
        Catalog c;
        std::string err;
        REQUIRE(c.parse(lang::catalog(language), &err));
        const std::string sentence = c.get("layer.signifier.tree_sentence"), animal = c.get("layer.signifier.tree_follow");
        CHECK_MESSAGE(looks_at(sentence.c_str(), animal.c_str()) == place, sentence);
    }
}

TEST_CASE("the shipped model: \"it\" takes in its adjective at the first layer and finds what it stands for at the second") {
    const char* tired = "The animal didn't cross the street because it was too tired";
    const char* wide = "The animal didn't cross the street because it was too wide";
    const char* lei = "动物没有过马路，因为它太累了";   // …because it was too tired
    const char* kuan = "动物没有过马路，因为它太宽了";  // …because it was too wide
    CHECK(looks_at(tired, "it", 1) == "tired");
    CHECK(looks_at(tired, "it", 2) == "animal");
    CHECK(looks_at(wide, "it", 1) == "wide");
    CHECK(looks_at(wide, "it", 2) == "street");
    CHECK(looks_at(lei, "它", 1) == "累");
    CHECK(looks_at(lei, "它", 2) == "动物");
    CHECK(looks_at(kuan, "它", 1) == "宽");
    CHECK(looks_at(kuan, "它", 2) == "马路");
    // other animals, obstacles and adjectives, as a student might vary it
    CHECK(looks_at("the wolf didn't cross the road because it was too scared", "it", 2) == "wolf");
    CHECK(looks_at("the horse did not jump over the fence because it was too high", "it", 2) == "fence");
    CHECK(looks_at("马没有过桥，因为它太老了", "它", 2) == "马");
    CHECK(looks_at("狐狸没有过沟，因为它太深了", "它", 2) == "沟");
}

TEST_CASE("the shipped model generalises: held-out sentences, per family and language") {
    // Another draw than the one the preset's seed was chosen on (777, docs/small-world.md).
    const std::vector<WorldSentence> held = world_sentences(4242, true, 1500);
    for (const WorldShare& s : world_generalisation(shipped(), world(), held)) {
        const std::string which = std::string(kWorldFamilyIds[static_cast<int>(s.family)]) + "/" + id_of(s.language);
        CAPTURE(which);
        MESSAGE("held-out ", which, ": ", s.hits, " of ", s.sentences, " rows put their largest weight on the answering word");
        CHECK(s.sentences >= 150);
        CHECK(s.share() >= 0.85f);  // reached: 0.88–1.00 (docs/small-world.md)
    }
}

TEST_CASE("the lesson shows the trained model's second layer as the training code computes it") {
    Session s;  // the small world's model by default
    REQUIRE(s.set_sentence("The animal didn't cross the street because it was too tired").ok());
    const Trace* second = s.lesson().second_layer();
    REQUIRE(second != nullptr);
    Example ex;
    for (const std::string& w : s.lesson().tokens()) ex.ids.push_back(vocab_index(world(), w));
    ex.position = 7;  // "it"
    ex.layer = 2;
    const Forward<float> f = forward(shipped(), world().shape, ex);
    // Tolerance 1e-5: the same products through two code paths (train.cpp, attention.cpp).
    CHECK((second->weights - f.second.A).cwiseAbs().maxCoeff() <= 1e-5f);
    CHECK((s.lesson().trace().weights - f.A).cwiseAbs().maxCoeff() <= 1e-5f);
    CHECK(s.lesson().annotated_query() == 7);  // the notes talk about "it"
    s.set_model(ModelKind::Untrained);
    CHECK(s.lesson().second_layer() == nullptr);  // seeded parameters: one layer
}

TEST_CASE("the second layer under a causal mask: still computed, and \"it\" can no longer see its adjective") {
    Session s;
    REQUIRE(s.set_sentence("The animal didn't cross the street because it was too tired").ok());
    REQUIRE(s.set_mask(MaskKind::Causal).ok());
    const Trace* second = s.lesson().second_layer();
    REQUIRE(second != nullptr);
    for (Eigen::Index i = 0; i < second->weights.rows(); ++i) {
        CHECK(second->weights.row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
        for (Eigen::Index j = i + 1; j < second->weights.cols(); ++j) CHECK(second->weights(i, j) == 0.0f);
    }
    CHECK(s.lesson().trace().weights(7, 10) == 0.0f);  // "it" (7) cannot look at "tired" (10)
}

TEST_CASE("setting the sizes the trained model already has keeps it whole") {
    Session s;
    REQUIRE(s.set_dims(8, 4).ok());
    CHECK(s.lesson().model_kind() == ModelKind::Trained);
    CHECK(s.lesson().second_layer() != nullptr);
    CHECK(s.lesson().weights().W_Q == s.lesson().model()->params.W_Q);
}
