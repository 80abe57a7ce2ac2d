// The Session keeps its parts in step; state_json() has the shape docs/page-hook.md promises.
#include <doctest.h>

#include <cmath>
#include <string>

#include "core/presets.h"
#include "core/session.h"

using namespace capiton;

TEST_CASE("a refused sentence leaves the whole state as it was") {
    Session s;
    REQUIRE(s.set_sentence("the fish in the sea").ok());
    s.go_to(Stage::Softmax);
    REQUIRE(s.select_token(1).ok());
    const std::string before = state_json(s);
    for (const char* bad : {"", "   ", "bad \xff utf8", "evil \xe2\x80\xae"}) {
        CAPTURE(bad);
        CHECK_FALSE(s.set_sentence(bad).ok());
        CHECK(state_json(s) == before);
    }
}

TEST_CASE("state_json has the shape the page hook promises") {
    Session s;
    const std::string j = state_json(s);
    CHECK(j.rfind("{\"stage\":\"seq2seq\",\"stageIndex\":0,\"stages\":[\"seq2seq\",\"similarity\",\"tokens\",", 0) == 0);
    CHECK(j.find("\"sentence\":\"I saw a bird in the sky\"") != std::string::npos);
    CHECK(j.find("\"tokens\":[\"I\",\"saw\",\"a\",\"bird\",\"in\",\"the\",\"sky\"]") != std::string::npos);
    CHECK(j.find("\"d_model\":8,\"d_k\":4,\"t\":1,\"mask\":\"none\",\"position\":\"sinusoidal\",\"selectedToken\":-1,\"model\":\"trained\","
                 "\"modelTask\":\"world\",\"unknownTokens\":[],\"secondLayer\":{\"weights\":[[") != std::string::npos);
    CHECK(j.find("\"lang\":\"en\",\"theme\":\"light\",\"layers\":[\"search\",\"signifier\"],\"answers\":{}") !=
          std::string::npos);
    CHECK(j.find("\"training\":null,\"scalingRace\":null") != std::string::npos);
    for (const char* m : {"embedding", "position", "X", "W_Q", "W_K", "W_V", "Q", "K", "V", "scores", "scaled",
                          "masked", "weights", "output", "context"})
        CHECK(j.find("\"" + std::string(m) + "\":[[") != std::string::npos);
    CHECK(j.back() == '}');
    REQUIRE(s.set_mask(MaskKind::Causal).ok());
    CHECK(state_json(s).find("\"-Infinity\"") != std::string::npos);
}

TEST_CASE("language: in the state; the default sentence follows it, a typed one stays") {
    Session s;
    CHECK(s.prefs().language == Language::En);
    s.set_language(Language::Zh);
    CHECK(state_json(s).find("\"lang\":\"zh\"") != std::string::npos);
    CHECK(s.lesson().sentence() == kLanguageInfo[1].default_sentence);
    s.set_language(Language::En);
    CHECK(s.lesson().sentence() == "I saw a bird in the sky");
    REQUIRE(s.set_sentence("the fish in the sea").ok());
    s.set_language(Language::Zh);
    CHECK(s.lesson().sentence() == "the fish in the sea");
    CHECK(s.prefs().language == Language::Zh);
}

TEST_CASE("language: the default sentence swapped keeps the word followed (bird ↔ 鸟); a word without a counterpart lets go") {
    Session s;
    const std::vector<std::string> zh = {"我", "在", "天空", "中", "看到", "一只", "鸟"};  // the dictionary's words
    REQUIRE(s.lesson().tokens() == std::vector<std::string>{"I", "saw", "a", "bird", "in", "the", "sky"});
    REQUIRE(s.select_token(3).ok());  // bird
    s.set_language(Language::Zh);
    REQUIRE(s.lesson().tokens() == zh);
    CHECK(s.lesson().selected_token() == 6);  // 鸟
    REQUIRE(s.select_token(2).ok());  // 天空
    s.set_language(Language::En);
    CHECK(s.lesson().selected_token() == 6);  // sky
    REQUIRE(s.select_token(5).ok());  // the
    s.set_language(Language::Zh);
    CHECK(s.lesson().selected_token() == -1);
    REQUIRE(s.select_token(3).ok());  // 中
    s.set_language(Language::En);
    CHECK(s.lesson().selected_token() == -1);
    // each link goes there and back (a word the other side links to links back to it)
    for (std::size_t l = 0; l < kLanguageInfo.size(); ++l)
        for (int i = 0; i < kDefaultSentenceWords; ++i)
            if (const int j = kLanguageInfo[l].default_links[static_cast<std::size_t>(i)]; j >= 0)
                CHECK(kLanguageInfo[1 - l].default_links[static_cast<std::size_t>(j)] == i);
    // a typed sentence stays, and so does its selection
    REQUIRE(s.set_sentence("the fish in the sea").ok());
    REQUIRE(s.select_token(1).ok());
    s.set_language(Language::Zh);
    CHECK(s.lesson().selected_token() == 1);
}

TEST_CASE("the browser's language tag picks the first language") {
    CHECK(language_for_tag("zh-CN") == Language::Zh);
    CHECK(language_for_tag("zh") == Language::Zh);
    CHECK(language_for_tag("zh_CN.UTF-8") == Language::Zh);  // a POSIX LANG value (the desktop build)
    CHECK(language_for_tag("zhx") == Language::En);
    CHECK(language_for_tag("en-GB") == Language::En);
    CHECK(language_for_tag("fr") == Language::En);
    CHECK(language_for_tag("") == Language::En);
}

TEST_CASE("seq2seq demo: its length follows the sentence and can be changed within limits") {
    Session s;
    const Demos& d = s.demos();
    CHECK(d.seq2seq_length() == 7);
    CHECK(d.seq2seq().tokens.size() == 7);
    REQUIRE(s.set_seq2seq_length(30).ok());
    CHECK(d.seq2seq().influence.size() == 30);
    CHECK(d.seq2seq().tokens[0] == "I");
    CHECK_FALSE(s.set_seq2seq_length(1).ok());
    CHECK_FALSE(s.set_seq2seq_length(49).ok());
    CHECK(d.seq2seq_length() == 30);
    REQUIRE(s.set_sentence("two words").ok());
    CHECK(d.seq2seq_length() == 2);
    CHECK(state_json(s).find("\"seq2seq\":{\"length\":2,\"tokens\":[\"two\",\"words\"]") != std::string::npos);
    REQUIRE(s.set_dims(16, 8).ok());  // the encoder reads d_model-wide rows
    // a decoder step per word of the sentence, as many as the rows of the lesson's weights beside them
    CHECK(d.seq2seq().decoder_inputs.rows() == 2);
    CHECK(d.seq2seq().decoder_inputs.rows() == s.lesson().trace().weights.rows());
}

TEST_CASE("similarity vectors are clamped and non-finite input is ignored") {
    Session s;
    s.set_similarity_vectors(10.0f, -10.0f, 1.0f, NAN);
    const float* v = s.demos().similarity_vectors();
    CHECK(v[0] == kSimilarityRange);
    CHECK(v[1] == -kSimilarityRange);
    CHECK(v[2] == 1.0f);
    CHECK(v[3] == 2.5f);  // unchanged default
    CHECK(s.demos().similarity().dot == doctest::Approx(4.0 * 1.0 + -4.0 * 2.5));
    CHECK(s.demos().scale_sweep().size() == 9);
}

TEST_CASE("annotation layers and theme: listed in the state in table order") {
    Session s;
    s.set_layer(Layer::Signifier, true);
    s.set_layer(Layer::Search, true);
    CHECK(state_json(s).find("\"layers\":[\"search\",\"signifier\"]") != std::string::npos);
    s.set_layer(Layer::Search, false);
    CHECK(s.prefs().layer_on(Layer::Signifier));
    CHECK_FALSE(s.prefs().layer_on(Layer::Search));
    s.set_theme(Theme::Dark);
    CHECK(state_json(s).find("\"theme\":\"dark\"") != std::string::npos);
}

TEST_CASE("temperature in the state") {
    Session s;
    CHECK(state_json(s).find("\"t\":1,") != std::string::npos);
    REQUIRE(s.set_temperature(2.5f).ok());
    CHECK(state_json(s).find("\"t\":2.5,") != std::string::npos);
}

TEST_CASE("a trained model: other sizes go back to the seeded weights") {
    Session s;
    REQUIRE(s.load_preset(TaskId::Apple).ok());
    REQUIRE(s.lesson().model() != nullptr);
    CHECK(s.lesson().config().d_model == 16);
    REQUIRE(s.set_dims(16, 8).ok());  // the model's own sizes: it stays
    CHECK(s.lesson().model() != nullptr);
    REQUIRE(s.set_dims(8, 4).ok());
    CHECK(s.lesson().model() == nullptr);
    CHECK(s.training().state() != nullptr);  // kept in the training stage
    s.set_model(ModelKind::Trained);  // brings it back, at its own sizes
    REQUIRE(s.lesson().model() != nullptr);
    CHECK(s.lesson().model()->task.id == "apple");
    CHECK(s.lesson().config().d_model == 16);
}

TEST_CASE("other sizes and back: the trained model returns, unless untrained was asked for; refused sizes change nothing") {
    Session s;  // the small world's model, d_model 8, d_k 4
    REQUIRE(s.lesson().model() != nullptr);
    const Matrix trained_weights = s.lesson().trace().weights;
    REQUIRE(s.set_dims(8, 8).ok());
    CHECK(s.lesson().model() == nullptr);
    REQUIRE(s.set_dims(16, 8).ok());  // another size again: still seeded
    CHECK(s.lesson().model() == nullptr);
    REQUIRE(s.set_dims(8, 4).ok());  // where it was left
    REQUIRE(s.lesson().model() != nullptr);
    CHECK(s.lesson().trace().weights == trained_weights);
    // a refused size keeps the trained model (before, the switch to seeded came first)
    CHECK_FALSE(s.set_dims(8, 0).ok());
    CHECK(s.lesson().model() != nullptr);
    CHECK(s.lesson().config().d_k == 4);
    // untrained asked for: the sizes alone do not bring the model back
    REQUIRE(s.set_dims(8, 8).ok());
    s.set_model(ModelKind::Untrained);
    REQUIRE(s.set_dims(8, 4).ok());
    CHECK(s.lesson().model() == nullptr);
}

TEST_CASE("sizes back after another model came: the sizes asked for, never a stale way back") {
    const auto sizes = [](const Session& s) { return std::make_pair(s.lesson().config().d_model, s.lesson().config().d_k); };
    {  // left at (8, 4); a new run at d_k 8 drives the lesson; then d_k 4: seeded at (8, 4)
        Session s;
        REQUIRE(s.set_dims(8, 8).ok());
        REQUIRE(s.train(TaskId::World, 0.02f, 8).ok());
        REQUIRE(s.lesson().model() != nullptr);
        REQUIRE(sizes(s) == std::make_pair(8, 8));
        REQUIRE(s.set_dims(8, 4).ok());
        CHECK(sizes(s) == std::make_pair(8, 4));
        CHECK(s.lesson().model() == nullptr);
    }
    {  // apple at (16, 8), left for (16, 4); the preset again; then (8, 4): seeded at (8, 4)
        Session s;
        REQUIRE(s.load_preset(TaskId::Apple).ok());
        REQUIRE(s.set_dims(16, 4).ok());
        REQUIRE(s.load_preset(TaskId::Apple).ok());
        REQUIRE(s.lesson().model() != nullptr);
        REQUIRE(s.set_dims(8, 4).ok());
        CHECK(sizes(s) == std::make_pair(8, 4));
        CHECK(s.lesson().model() == nullptr);
    }
    {  // apple left for (16, 4), then unloaded: (16, 8) is seeded at (16, 8), not the small world's (8, 4)
        Session s;
        REQUIRE(s.load_preset(TaskId::Apple).ok());
        REQUIRE(s.set_dims(16, 4).ok());
        s.unload_model();
        REQUIRE(s.set_dims(16, 8).ok());
        CHECK(sizes(s) == std::make_pair(16, 8));
        CHECK(s.lesson().model() == nullptr);
    }
}

TEST_CASE("the untrained switch keeps a training run: it goes on, and trained brings its model back") {
    Session s;
    REQUIRE(s.train(TaskId::World).ok());
    s.train_slice(20);
    REQUIRE(s.training().state() != nullptr);
    REQUIRE(s.lesson().model() != nullptr);
    s.set_model(ModelKind::Untrained);
    CHECK(s.lesson().model() == nullptr);
    const Matrix seeded = s.lesson().trace().weights;
    s.train_slice(20);  // the run goes on without touching the lesson's seeded weights
    CHECK(s.training().state()->step == 40);
    CHECK(s.lesson().model() == nullptr);
    CHECK(s.lesson().trace().weights == seeded);
    s.pause();
    REQUIRE(s.train(TaskId::World).ok());  // resumed, not new: the switch stays on untrained
    CHECK(s.training().state()->running);
    CHECK(s.lesson().model() == nullptr);
    s.set_model(ModelKind::Trained);
    REQUIRE(s.lesson().model() != nullptr);
    const std::optional<LessonModel> run = s.training().lesson_model();
    REQUIRE(run.has_value());
    CHECK(s.lesson().model()->params.W_Q == run->params.W_Q);  // the run's 40 steps, not the stored preset
    CHECK(s.lesson().config().d_k == 8);  // the run's (the stored small world's is 4)
}

TEST_CASE("the small world's trained model drives the lesson from the start; the switch shows seeded weights") {
    Session s;
    const Lesson& l = s.lesson();
    REQUIRE(l.model() != nullptr);
    CHECK(l.model_kind() == ModelKind::Trained);
    CHECK(l.model()->task.id == "world");
    CHECK(l.config().d_model == 8);
    CHECK(l.config().d_k == 4);
    CHECK(l.annotated_query() == 3);  // "bird"
    CHECK(l.tokens()[static_cast<std::size_t>(l.focus_of(3).key)] == "sky");
    const Matrix trained = l.trace().weights;

    s.set_model(ModelKind::Untrained);
    CHECK(l.model() == nullptr);
    CHECK(l.model_kind() == ModelKind::Untrained);
    CHECK(l.config().d_model == 8);  // the same sizes, the same sentence
    CHECK(l.tokens().size() == 7);
    CHECK_FALSE(l.trace().weights.isApprox(trained));
    CHECK(l.tokens()[static_cast<std::size_t>(l.focus_of(3).key)] != "sky");  // seeded: "bird" looks elsewhere

    s.set_model(ModelKind::Trained);
    CHECK(l.trace().weights.isApprox(trained));

    // Chinese: 鸟 asks, and it finds 天空
    s.set_language(Language::Zh);
    REQUIRE(l.tokens().size() == 7);
    CHECK(l.tokens()[6] == "鸟");
    CHECK(l.annotated_query() == 6);
    CHECK(l.tokens()[static_cast<std::size_t>(l.focus_of(6).key)] == "天空");
}

TEST_CASE("best_match_of reads the scores before the mask; focus_of the weights after it") {
    Session s;  // the small world's trained model
    REQUIRE(s.set_mask(MaskKind::Causal).ok());
    const Lesson& l = s.lesson();
    const Focus best = l.best_match_of(3);  // "bird"
    REQUIRE(best.key >= 0);
    for (int j = 0; j < l.trace().scores.cols(); ++j) CHECK(l.trace().scores(3, j) <= best.weight);
    CHECK(l.trace().tokens[static_cast<std::size_t>(best.key)] == "sky");  // later than bird: the mask hides it
    CHECK(l.focus_of(3).key <= 3);
    CHECK(l.best_match_of(99).key == -1);
}

TEST_CASE("the header's settings: which stages read them (the greying is checked in tests/e2e/model.test.mjs)") {
    for (Stage st : {Stage::Tokens, Stage::Scores, Stage::Softmax, Stage::Output}) {
        const StageSettings u = settings_used_by(st);
        CHECK((u.d_model && u.d_k && u.mask));
    }
    for (Stage st : {Stage::Similarity, Stage::Heads, Stage::Block, Stage::Cross, Stage::Decode, Stage::Training, Stage::Poems}) {
        const StageSettings u = settings_used_by(st);
        CHECK_FALSE((u.d_model || u.d_k || u.mask));
    }
    const StageSettings why = settings_used_by(Stage::Seq2Seq);
    CHECK((why.d_model && why.d_k && why.mask));

    Session s;
    const Matrix states = s.demos().seq2seq().states;
    REQUIRE(s.set_dims(16, 4).ok());  // the why stage's encoder reads d_model
    CHECK(s.demos().seq2seq().states != states);
    // and its "with attention" grid, the lesson's weights, reads d_k and the mask
    Matrix shown = s.lesson().trace().weights;
    REQUIRE(s.set_dims(16, 8).ok());
    CHECK(s.lesson().trace().weights != shown);
    shown = s.lesson().trace().weights;
    REQUIRE(s.set_mask(MaskKind::Causal).ok());
    CHECK(s.lesson().trace().weights != shown);
}

TEST_CASE("words the model never saw are marked, and still work") {
    Session s;
    REQUIRE(s.set_sentence("I saw a zebra in the sky").ok());
    const Lesson& l = s.lesson();
    CHECK(l.unknown_to_model(3));
    CHECK_FALSE(l.unknown_to_model(2));
    CHECK(l.trace().token_embedding.row(3).isZero());  // a zero row: only its position enters
    CHECK(state_json(s).find("\"unknownTokens\":[3]") != std::string::npos);
    // the notes follow the known word nearest to the fourth, before it first ("a"), not "zebra", whose
    // row is zeros; a sentence of words the model never saw: the fourth all the same
    CHECK(l.annotated_query() == 2);
    REQUIRE(s.set_sentence("zorblax quibbled flurbish zebra grommets").ok());
    for (int i = 0; i < 5; ++i) REQUIRE(l.unknown_to_model(i));
    CHECK(l.annotated_query() == 3);
    REQUIRE(s.set_sentence("I saw a zebra in the sky").ok());
    s.set_model(ModelKind::Untrained);  // seeded weights know every word
    CHECK(l.annotated_query() == 3);
    CHECK_FALSE(l.unknown_to_model(3));
    CHECK(state_json(s).find("\"unknownTokens\":[]") != std::string::npos);
}

// The block (heads and block stages) is a model of its own, with the small world's words: after the
// lesson takes the apple task's model (a few dozen words), the block still knows "bird" and "sky".
TEST_CASE("the heads and block stages mark the words their own model never saw, the others the lesson's") {
    Session s;
    REQUIRE(s.load_preset(TaskId::Apple).ok());
    REQUIRE(s.set_sentence("I saw a bird in the sky").ok());
    const Lesson& l = s.lesson();
    REQUIRE(l.unknown_to_model(3));  // "bird": not the apple task's
    REQUIRE_FALSE(l.multi_head().unknown(3));
    for (Stage stage : {Stage::Heads, Stage::Block, Stage::Scores, Stage::Embedding}) {
        s.go_to(stage);
        const bool block = stage == Stage::Heads || stage == Stage::Block;
        CAPTURE(id_of(stage));
        CHECK(l.unknown_on_stage(3) == !block);
        for (int i = 0; i < 7; ++i) CHECK(l.unknown_on_stage(i) == (block ? l.multi_head().unknown(i) : l.unknown_to_model(i)));
    }
}

TEST_CASE("other sizes than the trained model's mean seeded weights; the switch brings the model back") {
    Session s;
    REQUIRE(s.set_dims(16, 8).ok());
    CHECK(s.lesson().model_kind() == ModelKind::Untrained);
    CHECK(s.lesson().config().d_model == 16);
    s.set_model(ModelKind::Trained);
    CHECK(s.lesson().config().d_model == 8);
    CHECK(s.lesson().config().d_k == 4);
}

TEST_CASE("untrained twice keeps the sizes chosen in between") {
    Session s;
    REQUIRE(s.set_dims(8, 8).ok());
    s.set_model(ModelKind::Untrained);
    CHECK(s.lesson().config().d_k == 8);
}

TEST_CASE("session: the heads stage's block follows the model switch; trained, its heads do their jobs on the lesson's sentence") {
    Session s;
    const MultiHead& mh = s.lesson().multi_head();
    CHECK(mh.trained());
    CHECK(mh.heads() == kDefaultHeads);
    REQUIRE(s.set_heads(2).ok());
    CHECK(mh.trained());
    // "I saw a bird in the sky": some head's row of "bird" (3) peaks on "sky" (6), and some head looks
    // one word back on every row after the first (docs/small-world.md: the 2-head preset's jobs)
    bool finds_sky = false, looks_back = false;
    for (const AttentionPass<float>& h : mh.pass().heads) {
        Eigen::Index top = 0;
        h.A.row(3).maxCoeff(&top);
        finds_sky = finds_sky || top == 6;
        int back = 0;
        for (Eigen::Index i = 1; i < h.A.rows(); ++i) {
            h.A.row(i).maxCoeff(&top);
            back += top == i - 1 ? 1 : 0;
        }
        looks_back = looks_back || back == h.A.rows() - 1;
    }
    CHECK(finds_sky);
    CHECK(looks_back);
    const std::vector<HeadJob>& jobs = mh.jobs(Language::En);
    REQUIRE(jobs.size() == 2);
    CHECK(((jobs[0].job == HeadJobKind::Previous && jobs[1].job == HeadJobKind::Family) ||
           (jobs[0].job == HeadJobKind::Family && jobs[1].job == HeadJobKind::Previous)));
    s.set_model(ModelKind::Untrained);
    CHECK_FALSE(mh.trained());
    CHECK(mh.heads() == 2);  // the choice of heads stays
    CHECK(mh.shape().d_model == 16);  // the same sizes, seeded
    s.set_model(ModelKind::Trained);
    CHECK(mh.trained());
    CHECK_FALSE(s.set_heads(3).ok());
    CHECK(mh.heads() == 2);  // refused: unchanged
    CHECK_FALSE(s.select_head(2).ok());
}

TEST_CASE("session: the heads and the translation, first asked for after changes, are those of a lesson that kept them current") {
    Session late, early;
    (void)early.lesson().multi_head();  // asked for at once: kept current from here on
    (void)early.lesson().encoder_decoder();
    for (Session* s : {&late, &early}) {
        s->set_model(ModelKind::Untrained);
        REQUIRE(s->set_sentence("he saw a fish in the river").ok());
        s->set_model(ModelKind::Trained);
    }
    // until they are asked for, the link's choices are the defaults, read without running either model
    CHECK(late.lesson().heads() == kDefaultHeads);
    CHECK(late.lesson().selected_head() == 0);
    CHECK(late.lesson().decode_step() == 0);
    const MultiHead& a = late.lesson().multi_head();
    const MultiHead& b = early.lesson().multi_head();
    CHECK(a.tokens() == late.lesson().tokens());
    CHECK(a.trained() == b.trained());
    CHECK(a.pass().N2 == b.pass().N2);
    const EncoderDecoder& x = late.lesson().encoder_decoder();
    const EncoderDecoder& y = early.lesson().encoder_decoder();
    CHECK(x.source() == late.lesson().tokens());
    CHECK(x.trained());
    CHECK(x.translation().tokens == std::vector<std::string>{"他", "在", "河", "中", "看到", "一条", "鱼"});
    CHECK(x.translation().tokens == y.translation().tokens);
    // once asked for, they follow every change at once, and the choices read without them agree
    REQUIRE(late.set_heads(2).ok());
    REQUIRE(late.set_decode_step(1).ok());
    REQUIRE(late.set_sentence("I saw a bird in the sky").ok());
    CHECK(a.tokens() == late.lesson().tokens());
    CHECK(x.translation().tokens == std::vector<std::string>{"我", "在", "天空", "中", "看到", "一只", "鸟"});
    CHECK(late.lesson().heads() == 2);
    CHECK(a.heads() == 2);
    CHECK(late.lesson().decode_step() == x.step());
    CHECK(x.step() == 0);  // a new sentence starts the decoding again
    CHECK(late.lesson().decoding() == x.mode());
    CHECK(late.lesson().draw() == x.draw());
    CHECK(late.lesson().decode_temperature() == x.temperature());
}

TEST_CASE("a run started as the Train button starts one pauses where the task's stored run ended; past it, it goes on") {
    Session s;
    const PresetRun& run = preset_run(TaskId::Apple);
    CHECK(s.stop_at(TaskId::Apple, run.d_k) == run.steps);  // no run yet
    REQUIRE(s.train(TaskId::Apple, run.lr, run.d_k, s.stop_at(TaskId::Apple, run.d_k)).ok());
    s.train_slice(run.steps + 50);
    CHECK(s.training().state()->step == run.steps);  // paused by itself there
    CHECK_FALSE(s.training().state()->running);
    CHECK(s.stop_at(TaskId::Apple, run.d_k) == 0);        // resumed past it: no stop
    CHECK(s.stop_at(TaskId::Apple, run.d_k * 2) == run.steps);  // another d_k is another run
}

TEST_CASE("Reset: the example sentence and the formula stages' first settings; the rest stays") {
    Session s;
    const Session first;
    REQUIRE(s.set_sentence("the monkey climbed the tree").ok());
    REQUIRE(s.select_token(2).ok());
    REQUIRE(s.set_mask(MaskKind::Causal).ok());
    REQUIRE(s.set_temperature(5.0f).ok());
    REQUIRE(s.set_position(PositionKind::Rotary).ok());
    REQUIRE(s.set_dims(16, 8).ok());
    REQUIRE(s.answer(Stage::Scale, 1).ok());
    s.set_layer(Layer::Apple, true);
    s.reset_lesson();
    const Lesson& l = s.lesson();
    CHECK(l.sentence() == info_of(Language::En).default_sentence);
    CHECK(l.selected_token() == -1);
    CHECK(l.config().mask == MaskKind::None);
    CHECK(l.config().temperature == 1.0f);
    CHECK(l.config().position == PositionKind::Sinusoidal);
    CHECK(l.model_kind() == ModelKind::Trained);
    CHECK(l.config().d_model == 8);
    CHECK(l.config().d_k == 4);
    CHECK(l.trace().weights == first.lesson().trace().weights);  // the first visit's numbers again
    CHECK(s.answer_of(Stage::Scale) == 1);  // kept
    CHECK(s.prefs().layer_on(Layer::Apple));
}
