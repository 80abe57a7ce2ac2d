#include <doctest.h>

#include <string>

#include "core/session.h"

using namespace capiton;

TEST_CASE("the session starts on the default sentence at the first stage") {
    Session s;
    CHECK(s.sentence() == "I saw a bird in the sky");
    CHECK(s.trace().tokens.size() == 7);
    CHECK(s.stage() == Stage::Seq2Seq);  // the lesson starts with why attention exists
    CHECK(std::string(stage_id(s.stage())) == "seq2seq");
    CHECK(s.config().d_model == 8);
    CHECK(s.config().d_k == 4);
    CHECK(s.trace().weights.rows() == 7);
}

TEST_CASE("stage ids are in lesson order and round-trip") {
    const char* expected[] = {"seq2seq", "similarity", "tokens", "embedding", "projection", "scores",
                              "scale",   "mask",       "softmax", "weighting", "output",    "training"};
    for (int i = 0; i < kStageCount; ++i) {
        CHECK(std::string(stage_id(kAllStages[i])) == expected[i]);
        Stage st;
        REQUIRE(stage_from_id(expected[i], &st));
        CHECK(st == kAllStages[i]);
    }
    Stage st;
    CHECK_FALSE(stage_from_id("Softmax", &st));
    CHECK_FALSE(stage_from_id("", &st));
}

TEST_CASE("next and prev walk the stages and stop at the ends") {
    Session s;
    s.prev();
    CHECK(s.stage() == Stage::Seq2Seq);
    for (int i = 0; i < 20; ++i) s.next();
    CHECK(s.stage() == Stage::Training);
    s.prev();
    CHECK(s.stage() == Stage::Output);
    CHECK(s.go_to("scale").ok());
    CHECK(s.stage() == Stage::Scale);
    CHECK_FALSE(s.go_to("nonsense").ok());
    CHECK(s.stage() == Stage::Scale);
}

TEST_CASE("a bad sentence leaves the whole state as it was") {
    Session s;
    REQUIRE(s.set_sentence("the fish in the sea").ok());
    s.go_to(Stage::Softmax);
    REQUIRE(s.select_token(1).ok());
    const std::string before = s.state_json();
    for (const char* bad : {"", "   ", "bad \xff utf8", "evil \xe2\x80\xae"}) {
        CAPTURE(bad);
        const Status st = s.set_sentence(bad);
        CHECK_FALSE(st.ok());
        CHECK_FALSE(st.error.empty());
        CHECK(s.state_json() == before);
    }
}

TEST_CASE("a new sentence recomputes the trace; the selection survives only if still valid") {
    Session s;
    REQUIRE(s.select_token(6).ok());
    REQUIRE(s.set_sentence("我在天空中看到一只鸟").ok());
    CHECK(s.trace().tokens.size() == 10);
    CHECK(s.selected_token() == 6);
    REQUIRE(s.set_sentence("two words").ok());
    CHECK(s.selected_token() == -1);
    CHECK_FALSE(s.select_token(2).ok());
    CHECK(s.select_token(-1).ok());
}

TEST_CASE("mask and dimensions change the trace, invalid dimensions change nothing") {
    Session s;
    REQUIRE(s.set_mask(MaskKind::Causal).ok());
    CHECK(s.config().mask == MaskKind::Causal);
    CHECK(s.trace().weights(0, 1) == 0.0f);
    REQUIRE(s.set_dims(16, 8).ok());
    CHECK(s.trace().Q.cols() == 8);
    CHECK(s.weights().W_Q.rows() == 16);
    CHECK_FALSE(s.set_dims(16, 0).ok());
    CHECK(s.config().d_k == 8);
}

TEST_CASE("focus_of names the key a query looks at hardest") {
    Session s;
    const Focus f = s.focus_of(3);  // "bird"
    REQUIRE(f.key >= 0);
    for (int j = 0; j < 7; ++j) CHECK(s.trace().weights(3, j) <= f.weight);
    CHECK(s.focus_of(99).key == -1);
}

TEST_CASE("state_json has the shape the page hook promises") {
    Session s;
    const std::string j = s.state_json();
    CHECK(j.rfind("{\"stage\":\"seq2seq\",\"stageIndex\":0,\"stages\":[\"seq2seq\",\"similarity\",\"tokens\",", 0) == 0);
    CHECK(j.find("\"sentence\":\"I saw a bird in the sky\"") != std::string::npos);
    CHECK(j.find("\"tokens\":[\"I\",\"saw\",\"a\",\"bird\",\"in\",\"the\",\"sky\"]") != std::string::npos);
    CHECK(j.find("\"d_model\":8,\"d_k\":4,\"t\":1,\"mask\":\"none\"") != std::string::npos);
    for (const char* m : {"X", "W_Q", "W_K", "W_V", "Q", "K", "V", "scores", "scaled", "weights", "output"})
        CHECK(j.find("\"" + std::string(m) + "\":[[") != std::string::npos);
    s.set_mask(MaskKind::Causal);
    CHECK(s.state_json().find("\"-Infinity\"") != std::string::npos);
}

TEST_CASE("language: en or zh, in the state; anything else is refused") {
    Session s;
    CHECK(s.language() == "en");
    CHECK(s.state_json().find("\"lang\":\"en\"") != std::string::npos);
    CHECK(s.set_language("zh").ok());
    CHECK(s.state_json().find("\"lang\":\"zh\"") != std::string::npos);
    for (const char* bad : {"", "fr", "ZH", "zh-CN", "en\"}"}) CHECK_FALSE(s.set_language(bad).ok());
    CHECK(s.language() == "zh");
}

TEST_CASE("errors carry a catalog key and arguments for the UI") {
    Session s;
    Status st = s.set_sentence("bell\x07");
    CHECK(std::string(st.error_key) == "error.control");
    CHECK(st.error_args[0] == 7);
    st = s.set_sentence("");
    CHECK(std::string(st.error_key) == "error.empty");
}

TEST_CASE("seq2seq demo: its length follows the sentence and can be changed within limits") {
    Session s;
    CHECK(s.seq2seq_length() == 7);
    CHECK(s.seq2seq().tokens.size() == 7);
    REQUIRE(s.set_seq2seq_length(30).ok());
    CHECK(s.seq2seq().influence.size() == 30);
    CHECK(s.seq2seq().tokens[0] == "I");
    CHECK_FALSE(s.set_seq2seq_length(1).ok());
    CHECK_FALSE(s.set_seq2seq_length(49).ok());
    CHECK(s.seq2seq_length() == 30);
    REQUIRE(s.set_sentence("two words").ok());
    CHECK(s.seq2seq_length() == 2);
    CHECK(s.state_json().find("\"seq2seq\":{\"length\":2,\"tokens\":[\"two\",\"words\"]") != std::string::npos);
}

TEST_CASE("similarity vectors are clamped and non-finite input is ignored") {
    Session s;
    s.set_similarity_vectors(10.0f, -10.0f, 1.0f, NAN);
    const float* v = s.similarity_vectors();
    CHECK(v[0] == kSimilarityRange);
    CHECK(v[1] == -kSimilarityRange);
    CHECK(v[2] == 1.0f);
    CHECK(v[3] == 2.5f);  // unchanged default
    CHECK(s.similarity().dot == doctest::Approx(4.0 * 1.0 + -4.0 * 2.5));
}

TEST_CASE("annotation layers: known ids only, listed in the state in a fixed order") {
    Session s;
    CHECK(s.state_json().find("\"layers\":[]") != std::string::npos);
    REQUIRE(s.set_layer("signifier", true).ok());
    REQUIRE(s.set_layer("search", true).ok());
    CHECK(s.state_json().find("\"layers\":[\"search\",\"signifier\"]") != std::string::npos);
    CHECK_FALSE(s.set_layer("apple<script>", true).ok());
    CHECK_FALSE(s.set_layer("", true).ok());
    REQUIRE(s.set_layer("search", false).ok());
    CHECK(s.layer_on("signifier"));
    CHECK_FALSE(s.layer_on("search"));
}

TEST_CASE("the annotations talk about the selected token, else the fourth (bird)") {
    Session s;
    CHECK(s.annotated_query() == 3);
    REQUIRE(s.select_token(6).ok());
    CHECK(s.annotated_query() == 6);
    REQUIRE(s.set_sentence("hi there").ok());
    CHECK(s.annotated_query() == 1);
}

TEST_CASE("theme: light or dark, in the state") {
    Session s;
    CHECK(s.theme() == "light");
    CHECK(s.set_theme("dark").ok());
    CHECK(s.state_json().find("\"theme\":\"dark\"") != std::string::npos);
    CHECK_FALSE(s.set_theme("Dark").ok());
    CHECK_FALSE(s.set_theme("").ok());
    CHECK(s.theme() == "dark");
}

TEST_CASE("temperature is part of the state and validated") {
    Session s;
    CHECK(s.state_json().find("\"t\":1,") != std::string::npos);
    REQUIRE(s.set_temperature(2.5f).ok());
    CHECK(s.state_json().find("\"t\":2.5,") != std::string::npos);
    const std::string before = s.state_json();
    for (float bad : {0.0f, -1.0f, 1000.0f, NAN, INFINITY}) CHECK_FALSE(s.set_temperature(bad).ok());
    CHECK(s.state_json() == before);
    CHECK(s.scale_sweep().size() == 9);
}

TEST_CASE("one vector for every job: symmetric scores, and tokens looking at themselves") {
    Session s;
    const SharedComparison c = s.shared_comparison();
    CHECK(c.shared_symmetric);
    CHECK_FALSE(c.separate_symmetric);
    // X·Xᵀ puts |x_i|² on the diagonal; with this sentence every row's largest score is its own
    // (checked here on the numbers, not assumed: Cauchy-Schwarz alone does not guarantee it).
    int expected = 0;
    for (int i = 0; i < 7; ++i) {
        Eigen::Index j;
        (c.shared.X * c.shared.X.transpose()).row(i).maxCoeff(&j);
        expected += j == i;
    }
    CHECK(c.shared_self_rows == expected);
    CHECK(c.shared_self_rows > c.separate_self_rows);
    CHECK(c.shared.Q == c.shared.X);
    CHECK(c.shared.output.cols() == s.config().d_model);
}
