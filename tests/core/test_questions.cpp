#include <doctest.h>

#include <string>

#include "core/questions.h"
#include "core/tokenizer.h"

using namespace capiton;

TEST_CASE("every formula stage has a question with a valid answer; the first two and training have none") {
    Session s;
    Question q;
    CHECK_FALSE(question_for(s, Stage::Seq2Seq, &q));
    CHECK_FALSE(question_for(s, Stage::Similarity, &q));
    CHECK_FALSE(question_for(s, Stage::Training, &q));
    for (Stage st : kAllStages) {
        if (st == Stage::Seq2Seq || st == Stage::Similarity || st == Stage::Training) continue;
        CAPTURE(stage_id(st));
        REQUIRE(question_for(s, st, &q));
        CHECK(q.options.size() >= 2);
        CHECK(q.correct >= 0);
        CHECK(q.correct < static_cast<int>(q.options.size()));
        CHECK(q.key == std::string("q.") + stage_id(st));
    }
}

TEST_CASE("computed answers agree with the numbers") {
    Session s;
    Question q;
    REQUIRE(question_for(s, Stage::Tokens, &q));  // don't | stop | , | bird | !
    CHECK(q.options[static_cast<std::size_t>(q.correct)] == "5");
    CHECK(tokenize(q.values.at("phrase")).tokens.size() == 5);
    REQUIRE(question_for(s, Stage::Embedding, &q));
    CHECK(q.correct == 1);  // positions differ, so X differs
    REQUIRE(question_for(s, Stage::Scores, &q));
    CHECK(q.correct == 1);  // Q ≠ K: scores are not symmetric
    REQUIRE(question_for(s, Stage::Softmax, &q));
    CHECK(q.correct == 1);  // shifting a row changes nothing
    REQUIRE(question_for(s, Stage::Output, &q));
    CHECK(q.values.at("query") == "bird");
    CHECK(q.correct == s.focus_of(3).key);
    CHECK(q.options == s.trace().tokens);
}

TEST_CASE("answers: recorded per stage, in the state, stored and restored as text; bad input refused") {
    Session s;
    CHECK(s.state_json().find("\"answers\":{}") != std::string::npos);
    REQUIRE(s.answer("scale", 1).ok());
    REQUIRE(s.answer("mask", 0).ok());
    CHECK(s.answer_of(Stage::Scale) == 1);
    CHECK(s.state_json().find("\"answers\":{\"scale\":{\"choice\":1,\"correct\":true},"
                              "\"mask\":{\"choice\":0,\"correct\":false}}") != std::string::npos);
    CHECK_FALSE(s.answer("scale", 3).ok());
    CHECK_FALSE(s.answer("seq2seq", 0).ok());
    CHECK_FALSE(s.answer("nope", 0).ok());
    CHECK(s.answers_text() == "scale:1,mask:0");
    Session t;
    t.restore_answers("scale:1,mask:0,bogus:1,softmax:9,weighting:x,:,,output:");
    CHECK(t.answers_text() == "scale:1,mask:0");
    s.reset_answers();
    CHECK(s.answers_text().empty());
}
