#include <doctest.h>

#include <cmath>
#include <string>

#include "core/questions.h"
#include "core/session.h"
#include "core/tokenizer.h"

using namespace capiton;

TEST_CASE("every formula stage has a question with a valid answer; the first two and training have none") {
    Lesson s;
    Question q;
    CHECK_FALSE(question_for(s, Stage::Seq2Seq, &q));
    CHECK_FALSE(question_for(s, Stage::Similarity, &q));
    CHECK_FALSE(question_for(s, Stage::Training, &q));
    int asking = 0;
    for (Stage st : all_of<Stage>()) {
        CHECK(has_question(st) == (st != Stage::Seq2Seq && st != Stage::Similarity && st != Stage::Training));
        if (!has_question(st)) continue;
        ++asking;
        CAPTURE(id_of(st));
        REQUIRE(question_for(s, st, &q));
        CHECK(q.options.size() >= 2);
        CHECK(q.correct >= 0);
        CHECK(q.correct < static_cast<int>(q.options.size()));
        CHECK(q.key == std::string("q.") + id_of(st));
    }
    CHECK(asking == 14);  // the total the questions' progress line counts, whatever the sentence
}

TEST_CASE("the heads question: each head's output row is d_model / H wide, whatever the number of heads") {
    for (int heads : kHeadCounts) {
        Lesson s;
        REQUIRE(s.set_heads(heads).ok());
        Question q;
        REQUIRE(question_for(s, Stage::Heads, &q));
        CAPTURE(heads);
        const long width = s.multi_head().pass().heads[0].O.cols();  // what the pass made
        CHECK(std::stol(q.options[static_cast<std::size_t>(q.correct)]) == width);
        CHECK(width * heads == s.multi_head().pass().C.cols());  // side by side they make C
        for (std::size_t i = 0; i < q.options.size(); ++i)
            for (std::size_t j = i + 1; j < q.options.size(); ++j) CHECK(q.options[i] != q.options[j]);
    }
}

TEST_CASE("computed answers agree with the numbers") {
    Lesson s;
    Question q;
    REQUIRE(question_for(s, Stage::Tokens, &q));  // don't | stop | , | bird | !
    CHECK(q.options[static_cast<std::size_t>(q.correct)] == "5");
    CHECK(tokenize(q.values.at("phrase")).tokens.size() == 5);
    {  // a Chinese sentence asks about a Chinese phrase: 我 | 喜欢 | 苹果 | ， | 你 | 呢 | ？
        Lesson zh;
        REQUIRE(zh.set_sentence("\u6211\u5728\u5929\u7a7a\u4e2d\u770b\u5230\u4e00\u53ea\u9e1f").ok());  // 我在天空中看到一只鸟
        Question qz;
        REQUIRE(question_for(zh, Stage::Tokens, &qz));
        CHECK(qz.values.at("phrase") == "\u6211\u559c\u6b22\u82f9\u679c\uff0c\u4f60\u5462\uff1f");
        CHECK(qz.options[static_cast<std::size_t>(qz.correct)] == "7");
        CHECK(qz.why_suffix == ".why_zh");
    }
    REQUIRE(question_for(s, Stage::Embedding, &q));
    CHECK(q.correct == 1);  // positions differ, so X differs
    CHECK(q.why_suffix == ".why");
    for (PositionKind pos : all_of<PositionKind>()) {  // nothing added with none and rotary: the same X
        Lesson l;
        REQUIRE(l.set_position(pos).ok());
        REQUIRE(question_for(l, Stage::Embedding, &q));
        const bool same = pos == PositionKind::None || pos == PositionKind::Rotary;
        CHECK(q.correct == (same ? 0 : 1));
        CHECK(q.why_suffix == (same ? ".why_same" : ".why"));
    }
    REQUIRE(question_for(s, Stage::Scores, &q));
    CHECK(q.correct == 1);  // Q ≠ K: scores are not symmetric
    Lesson one;  // one word: its 1 × 1 grid is symmetric, the answer about every sentence is still no
    REQUIRE(one.set_sentence("apple").ok());
    REQUIRE(one.trace().scores.size() == 1);
    REQUIRE(question_for(one, Stage::Scores, &q));
    CHECK(q.correct == 1);
    CHECK(q.mirror_i == -1);  // no pair of mirror cells to show
    CHECK_FALSE(question_for(one, Stage::Output, &q));  // one option would be no question
    REQUIRE(question_for(s, Stage::Softmax, &q));
    CHECK(q.correct == 1);  // shifting a row changes nothing
    REQUIRE(question_for(s, Stage::Output, &q));
    CHECK(q.values.at("query") == "bird");
    CHECK(q.correct == s.focus_of(3).key);
    CHECK(q.options == s.tokens());
}

TEST_CASE("answers: recorded per stage, in the state, stored and restored as text; bad input refused") {
    Session s;
    CHECK(state_json(s).find("\"answers\":{}") != std::string::npos);
    REQUIRE(s.answer(Stage::Scale, 1).ok());
    REQUIRE(s.answer(Stage::Mask, 0).ok());
    CHECK(s.answer_of(Stage::Scale) == 1);
    CHECK(state_json(s).find("\"answers\":{\"scale\":{\"choice\":1,\"correct\":true},"
                             "\"mask\":{\"choice\":0,\"correct\":false}}") != std::string::npos);
    CHECK_FALSE(s.answer(Stage::Scale, 3).ok());
    CHECK_FALSE(s.answer(Stage::Scale, -1).ok());
    CHECK_FALSE(s.answer(Stage::Seq2Seq, 0).ok());
    Question scale, mask;
    REQUIRE(question_for(s.lesson(), Stage::Scale, &scale));
    REQUIRE(question_for(s.lesson(), Stage::Mask, &mask));
    const std::string stored = "scale:1@" + question_tag(scale) + ",mask:0@" + question_tag(mask);
    CHECK(s.answers_text() == stored);
    // Written down: the text browsers keep. A change to what a question's signature holds changes
    // these tags, and every answer stored before it is then dropped on the next visit.
    CHECK(stored == "scale:1@23e34e40,mask:0@880fea98");
    Session t;  // a text stored before tags were: each answer to its stage's question as it is
    t.restore_answers("scale:1,mask:0,bogus:1,softmax:9,weighting:x,:,,output:,tokens:123");
    CHECK(t.answers_text() == stored);
    Session u;  // with tags: only to the question it answered
    u.restore_answers("scale:1@" + question_tag(scale) + ",mask:0@00000000,tokens:2@" + question_tag(scale));
    CHECK(u.answer_of(Stage::Scale) == 1);
    CHECK(u.answer_of(Stage::Mask) == -1);
    CHECK(u.answer_of(Stage::Tokens) == -1);
    s.reset_answers();
    CHECK(s.answers_text().empty());
}

TEST_CASE("answers: an answer holds for its question; another sentence's question is not answered by it") {
    Session s;
    Question bird;
    REQUIRE(question_for(s.lesson(), Stage::Output, &bird));  // which word does "bird" take the most from?
    REQUIRE(bird.values.at("query") == "bird");
    REQUIRE(s.answer(Stage::Output, bird.correct).ok());
    REQUIRE(s.answer(Stage::Scale, 1).ok());  // about d_k: the same for every sentence
    CHECK(s.answer_of(Stage::Output) == bird.correct);
    REQUIRE(s.set_sentence("the monkey climbed the tree").ok());
    Question monkey;
    REQUIRE(question_for(s.lesson(), Stage::Output, &monkey));
    CHECK(monkey.values.at("query") != "bird");
    CHECK(s.answer_of(Stage::Output) == -1);  // not answered: it was asked about "bird"
    CHECK(s.answer_of(Stage::Scale) == 1);
    Question scale;
    REQUIRE(question_for(s.lesson(), Stage::Scale, &scale));
    CHECK(s.answers_text() == "scale:1@" + question_tag(scale));  // stored: the answers to the questions as they are
    CHECK(state_json(s).find("\"answers\":{\"scale\":{\"choice\":1,\"correct\":true}}") != std::string::npos);
    REQUIRE(s.set_sentence(info_of(Language::En).default_sentence).ok());
    CHECK(s.answer_of(Stage::Output) == bird.correct);  // back to the sentence it answered
}

TEST_CASE("answers: a visit restores each stored answer to the question it answered, once the link has set the sentence") {
    Session s;  // the monkey's output question answered, as a page stores it
    REQUIRE(s.set_sentence("the monkey climbed the tree").ok());
    Question monkey;
    REQUIRE(question_for(s.lesson(), Stage::Output, &monkey));
    REQUIRE(s.answer(Stage::Output, monkey.correct).ok());
    const std::string stored = s.answers_text();
    Session early;  // restored before the link: the default sentence asks about "bird", not the monkey
    early.restore_answers(stored);
    CHECK(early.answer_of(Stage::Output) == -1);  // not passed off as an answer about "bird"
    REQUIRE(early.set_sentence("the monkey climbed the tree").ok());
    CHECK(early.answer_of(Stage::Output) == -1);  // (dropped: it was never restored)
    Session later;  // as main() does: the link's sentence first, then the answers
    REQUIRE(later.set_sentence("the monkey climbed the tree").ok());
    later.restore_answers(stored);
    CHECK(later.answer_of(Stage::Output) == monkey.correct);
    CHECK(later.answers_text() == stored);
}

TEST_CASE("stored progress is read part by part: what does not parse is skipped") {
    using P = std::vector<Progress::Stored>;
    CHECK(Progress::parse("") == P{});
    CHECK(Progress::parse("scale:1") == P{{Stage::Scale, 1, ""}});
    CHECK(Progress::parse("mask:0,scale:12") == P{{Stage::Mask, 0, ""}, {Stage::Scale, 12, ""}});
    CHECK(Progress::parse("mask:0@0123abcd") == P{{Stage::Mask, 0, "0123abcd"}});
    CHECK(Progress::parse("Scale:1,scale:,scale:-1,scale:1x,scale,:3,scale:100") == P{});
    CHECK(Progress::parse("mask:0@,mask:0@0123ABCD,mask:0@0123abc,mask:0@0123abcde,mask:@0123abcd") == P{});
}

// The cross question asks about the written word whose source word moved farthest (the language's
// default sentence: "in the sky" comes before the verb in Chinese, after it in English).
TEST_CASE("the cross question: where does a reordered word's row of the alignment look? both languages") {
    Session s;
    Question q;
    REQUIRE(question_for(s.lesson(), Stage::Cross, &q));
    CHECK(q.values["word"] == "天空");
    CHECK(q.options == std::vector<std::string>{"I", "saw", "a", "bird", "in", "the", "sky"});
    CHECK(q.correct == 6);  // sky
    s.set_language(Language::Zh);
    REQUIRE(question_for(s.lesson(), Stage::Cross, &q));
    CHECK(q.values["word"] == "sky");
    CHECK(q.options[static_cast<std::size_t>(q.correct)] == "天空");
    REQUIRE(question_for(s.lesson(), Stage::Decode, &q));
    CHECK(q.options[static_cast<std::size_t>(q.correct)] == "1");  // one new row of K and V per step
}

TEST_CASE("a word that occurs twice is told apart by its place in the question and its options, as in the grids") {
    Lesson s;
    REQUIRE(s.set_sentence("the bird saw the sky").ok());
    REQUIRE(s.select_token(3).ok());  // the second "the"
    Question q;
    REQUIRE(question_for(s, Stage::Output, &q));
    CHECK(q.values.at("query") == "the\u00a0(4)");
    REQUIRE(q.options.size() == 5);
    CHECK(q.options[0] == "the\u00a0(1)");
    CHECK(q.options[1] == "bird");
    CHECK(q.options[3] == "the\u00a0(4)");
    Lesson once;  // no word twice: no places
    REQUIRE(question_for(once, Stage::Output, &q));
    for (const std::string& o : q.options) CHECK(o.find('(') == std::string::npos);
}

TEST_CASE("the scores question shows the pair of mirror cells that differ most, and the pair is not part of the question") {
    Lesson s;
    Question q;
    REQUIRE(question_for(s, Stage::Scores, &q));
    const Matrix& S = s.trace().scores;
    REQUIRE(q.mirror_i >= 0);
    REQUIRE(q.mirror_i < q.mirror_j);
    REQUIRE(q.mirror_j < S.rows());
    const float shown = std::abs(S(q.mirror_i, q.mirror_j) - S(q.mirror_j, q.mirror_i));
    CHECK(shown > 0.1f);  // the trained model's grid is far from symmetric somewhere
    for (int i = 0; i < S.rows(); ++i)
        for (int j = 0; j < S.cols(); ++j) CHECK(std::abs(S(i, j) - S(j, i)) <= shown);
    // another sentence shows another pair but asks the same question: an answer stays with it
    Lesson other;
    REQUIRE(other.set_sentence("The animal didn't cross the street because it was too tired").ok());
    Question o;
    REQUIRE(question_for(other, Stage::Scores, &o));
    CHECK((o.mirror_i != q.mirror_i || o.mirror_j != q.mirror_j));
    CHECK(question_signature(o) == question_signature(q));
}
