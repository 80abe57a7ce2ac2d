#include <doctest.h>

#include <cmath>
#include <string>

#include "core/lesson.h"
#include "core/presets.h"
#include "core/session.h"

using namespace capiton;

TEST_CASE("the lesson starts on the default sentence at the first stage") {
    Lesson l;
    CHECK(l.sentence() == "I saw a bird in the sky");
    CHECK(l.tokens().size() == 7);
    CHECK(l.stage() == Stage::Seq2Seq);  // the lesson starts with why attention exists
    CHECK(l.config().d_model == 8);
    CHECK(l.config().d_k == 4);
    CHECK(l.trace().weights.rows() == 7);
    CHECK(l.model() == nullptr);
}

TEST_CASE("next and prev walk the stages and stop at the ends") {
    Lesson l;
    l.prev();
    CHECK(l.stage() == Stage::Seq2Seq);
    for (int i = 0; i < 20; ++i) l.next();
    CHECK(l.stage() == Stage::Poems);
    l.prev();
    CHECK(l.stage() == Stage::Training);
    l.go_to(Stage::Scale);
    CHECK(l.stage() == Stage::Scale);
}

TEST_CASE("a new sentence recomputes the trace; the word followed stays followed where it still is") {
    Lesson l;
    REQUIRE(l.select_token(3).ok());  // bird
    REQUIRE(l.set_sentence("the sky saw a bird").ok());
    CHECK(l.selected_token() == 4);  // "bird", moved
    REQUIRE(l.set_sentence("a bird saw the bird").ok());
    CHECK(l.selected_token() == 4);  // still at its place
    REQUIRE(l.set_sentence("bird bird").ok());
    CHECK(l.selected_token() == 0);  // its place is gone: where it first occurs
    REQUIRE(l.set_sentence("我在天空中看到一只鸟").ok());  // 我 在 天空 中 看到 一只 鸟: no "bird"
    CHECK(l.tokens().size() == 7);
    CHECK(l.selected_token() == -1);
    REQUIRE(l.select_token(6).ok());
    CHECK_FALSE(l.set_sentence("   ").ok());  // refused: the selection stays
    CHECK(l.selected_token() == 6);
    REQUIRE(l.set_sentence("two words").ok());
    CHECK(l.selected_token() == -1);
    CHECK_FALSE(l.select_token(2).ok());
    CHECK(l.select_token(-1).ok());
}

TEST_CASE("a refused sentence keeps the sentence, the trace and the selection") {
    Lesson l;
    REQUIRE(l.set_sentence("the fish in the sea").ok());
    REQUIRE(l.select_token(1).ok());
    const Matrix weights = l.trace().weights;
    for (const char* bad : {"", "   ", "bad \xff utf8", "evil \xe2\x80\xae"}) {
        CAPTURE(bad);
        const Status st = l.set_sentence(bad);
        CHECK_FALSE(st.ok());
        CHECK_FALSE(st.error.empty());
        CHECK(l.sentence() == "the fish in the sea");
        CHECK(l.trace().weights == weights);
        CHECK(l.selected_token() == 1);
    }
}

TEST_CASE("errors carry a catalog key and arguments for the UI") {
    Lesson l;
    Status st = l.set_sentence("bell\x07");
    CHECK(std::string(st.error_key) == "error.control");
    CHECK(st.error_args[0] == 7);
    st = l.set_sentence("");
    CHECK(std::string(st.error_key) == "error.empty");
}

TEST_CASE("mask and dimensions change the trace, invalid dimensions change nothing") {
    Lesson l;
    REQUIRE(l.set_mask(MaskKind::Causal).ok());
    CHECK(l.config().mask == MaskKind::Causal);
    CHECK(l.trace().weights(0, 1) == 0.0f);
    REQUIRE(l.set_dims(16, 8).ok());
    CHECK(l.trace().Q.cols() == 8);
    CHECK(l.weights().W_Q.rows() == 16);
    CHECK_FALSE(l.set_dims(16, 0).ok());
    CHECK(l.config().d_k == 8);
}

TEST_CASE("temperature is validated; a refused one changes nothing") {
    Lesson l;
    REQUIRE(l.set_temperature(2.5f).ok());
    CHECK(l.config().temperature == 2.5f);
    const Matrix weights = l.trace().weights;
    for (float bad : {0.0f, -1.0f, 1000.0f, NAN, INFINITY}) CHECK_FALSE(l.set_temperature(bad).ok());
    CHECK(l.config().temperature == 2.5f);
    CHECK(l.trace().weights == weights);
}

TEST_CASE("focus_of names the key a query looks at hardest") {
    Lesson l;
    const Focus f = l.focus_of(3);  // "bird"
    REQUIRE(f.key >= 0);
    for (int j = 0; j < 7; ++j) CHECK(l.trace().weights(3, j) <= f.weight);
    CHECK(l.focus_of(99).key == -1);
}

TEST_CASE("the annotations talk about the selected token, else the fourth (bird)") {
    Lesson l;
    CHECK(l.annotated_query() == 3);
    REQUIRE(l.select_token(6).ok());
    CHECK(l.annotated_query() == 6);
    REQUIRE(l.set_sentence("hi there").ok());
    CHECK(l.annotated_query() == 1);
}

TEST_CASE("one vector for every job: symmetric scores, and tokens looking at themselves") {
    Lesson l;
    const SharedComparison c = l.shared_comparison();
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
    CHECK(c.shared.output.cols() == l.config().d_model);
}

TEST_CASE("a trained model drives the lesson: its sizes, its table (unknown words: zero rows), its weights") {
    Lesson l;
    LessonModel m;
    m.task = make_task(TaskId::Apple, 1);
    REQUIRE(load_preset_params(TaskId::Apple, &m.params));
    m.task.shape.d_k = preset_run(TaskId::Apple).d_k;
    REQUIRE(l.set_sentence("I eat an apple zebra").ok());
    l.use_model(m);
    REQUIRE(l.model() != nullptr);
    CHECK(l.config().d_model == m.task.shape.d_model);
    CHECK(l.config().d_k == m.task.shape.d_k);
    CHECK(l.weights().W_Q == m.params.W_Q);
    const int apple = vocab_index(m.task, "apple");
    REQUIRE(apple >= 0);
    CHECK(l.trace().token_embedding.row(3) == m.params.E.row(apple));
    CHECK(l.trace().token_embedding.row(4).isZero());  // "zebra": not in the model's words
    CHECK(l.trace().X.row(4) == l.trace().position.row(4));
    l.use_model(std::nullopt);
    CHECK(l.model() == nullptr);
    CHECK(l.config().d_model == Config{}.d_model);
    CHECK(l.config().d_k == Config{}.d_k);
    CHECK_FALSE(l.trace().token_embedding.row(4).isZero());  // the seeded table has a row for any word
}

TEST_CASE("does order matter? reversing and shifting the sentence, for each kind of position") {
    // Tolerance 1e-4: the same sums in another order, values of order 1–10 (scores).
    Lesson l;
    for (PositionKind pos : all_of<PositionKind>()) {
        CAPTURE(id_of(pos));
        REQUIRE(l.set_position(pos).ok());
        const PositionDemo d = l.position_demo();
        CHECK(d.reversed == std::vector<std::string>{"sky", "the", "in", "bird", "a", "saw", "I"});
        CHECK(d.shifted == std::vector<std::string>{"I", "saw", "a", "I", "saw", "a", "bird", "in", "the", "sky"});
        const bool reverse_same = pos == PositionKind::None;
        const bool shift_same = pos == PositionKind::None || pos == PositionKind::Rotary;
        CHECK((d.reverse_change <= 1e-4f) == reverse_same);
        CHECK((d.shift_change <= 1e-4f) == shift_same);
        if (!reverse_same) CHECK(d.reverse_change > 0.01f);
        if (!shift_same) CHECK(d.shift_change > 0.01f);
    }
}

TEST_CASE("the position kind is kept when the model is switched") {
    Lesson l;
    REQUIRE(l.set_position(PositionKind::Rotary).ok());
    l.use_model(std::nullopt);
    CHECK(l.config().position == PositionKind::Rotary);
    CHECK(l.trace().Q_rot.rows() == 7);
}

TEST_CASE("does order matter? is asked without a mask, whatever mask is on screen") {
    Lesson l;
    REQUIRE(l.set_position(PositionKind::None).ok());
    REQUIRE(l.set_mask(MaskKind::Causal).ok());
    const PositionDemo d = l.position_demo();
    CHECK(d.reverse_change <= 1e-4f);  // a causal mask alone would make the reversed outputs differ
    CHECK(d.shift_change <= 1e-4f);
}

TEST_CASE("a row is spread (nothing pinned) only when its weights are, over the keys the mask lets it see") {
    Session s;  // the trained small world: "bird" puts nearly all its weight on "sky"
    const Lesson& l = s.lesson();
    CHECK(l.focus_of(3).weight > 0.9f);
    CHECK_FALSE(l.focus_of(3).spread);
    REQUIRE(s.set_temperature(kMaxTemperature).ok());  // every row nearly even: 1/7 each, far under 0.4
    for (int i = 0; i < 7; ++i) {
        CAPTURE(i);
        CHECK(l.focus_of(i).weight < 0.3f);
        CHECK(l.focus_of(i).spread);
    }
    REQUIRE(s.set_mask(MaskKind::Causal).ok());  // row 0 sees itself alone: all its weight, pinned
    CHECK(l.focus_of(0).weight == doctest::Approx(1.0f));
    CHECK_FALSE(l.focus_of(0).spread);
    CHECK(l.focus_of(1).spread);  // two keys at about 0.5 each
    Lesson one;  // a one-word sentence: its only word takes all the weight
    REQUIRE(one.set_sentence("hello").ok());
    CHECK_FALSE(one.focus_of(0).spread);
}
