// The poems stage (core/poem_stage.h): the preset file arriving (or not), generation and its refusals,
// the heads' gallery and labels, one generation step against plain loops, training here and through
// the worker's wire, and the page's commands for it.
#include <doctest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "core/commands.h"
#include "core/poem_stage.h"
#include "core/questions.h"
#include "core/session.h"
#include "core/training_wire.h"

using namespace capiton;

namespace {

// A small model of the preset's format: 16 characters of context, d_model 16, 4 heads.
std::string small_model_bytes() {
    GptPresetFile f;
    f.vocab = make_char_vocab(parse_poem_texts(
        "zh\t\t\t\xe7\x99\xbd\xe6\x97\xa5\xe4\xbe\x9d\xe5\xb1\xb1\xe5\xb0\xbd\xef\xbc\x8c"
        "\xe9\xbb\x84\xe6\xb2\xb3\xe5\x85\xa5\xe6\xb5\xb7\xe6\xb5\x81\xe3\x80\x82\n"  // 白日依山尽，黄河入海流。
        "en\t\t\tthe sea is wide, the sky is high.\n"));
    f.shape = {f.vocab.size(), 16, 16, 4, 24};
    f.params = init_gpt_params(f.shape, 11);
    return gpt_preset_bytes(f);
}

struct NoHost : PageHost {};

std::string reply(Page& p, const std::string& json) {
    return run_command(p, json);
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("base64: the RFC 4648 test vectors, and anything else refused") {
    const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char* coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (int i = 0; i < 7; ++i) {
        CHECK(base64_encode(plain[i]) == coded[i]);
        std::string back = "x";
        REQUIRE(base64_decode(coded[i], &back));
        CHECK(back == plain[i]);
    }
    std::string out = "kept";
    CHECK_FALSE(base64_decode("Zm9", &out));   // not a multiple of 4
    CHECK_FALSE(base64_decode("Zm=v", &out));  // padding inside
    CHECK_FALSE(base64_decode("Zm9v\n", &out));
    CHECK_FALSE(base64_decode("Zm9!", &out));
    CHECK_FALSE(base64_decode("====", &out));
    CHECK(out == "kept");
}

TEST_CASE("a head's label: induction first, then previous token, then punctuation, each from its threshold") {
    CHECK(head_kind(0.5f, 0.9f, 0.9f) == HeadKind::Induction);
    CHECK(head_kind(0.49f, 0.5f, 0.9f) == HeadKind::Previous);
    CHECK(head_kind(0.1f, 0.49f, 0.5f) == HeadKind::Punctuation);
    CHECK(head_kind(0.49f, 0.49f, 0.49f) == HeadKind::Mixed);
}

TEST_CASE("poems stage: nothing before its file; a bad file says why and a good one then loads") {
    PoemStage p;
    CHECK(p.status() == PoemModelStatus::Absent);
    CHECK(p.wants_preset());
    CHECK_FALSE(p.asked());
    CHECK(has(p.generate("abc", 0.0f, 1).error, "not loaded yet"));  // before the stage was shown
    CHECK(p.asked());  // the app fetches the file now
    CHECK(p.status() == PoemModelStatus::Absent);
    p.begin_loading();
    CHECK(p.status() == PoemModelStatus::Loading);
    CHECK(p.generate("abc", 0.0f, 1).error == "The poem model is still loading.");
    CHECK(p.select_step(0).error == "The poem model is still loading.");
    CHECK_FALSE(p.wants_preset());
    CHECK_FALSE(p.load_preset("not a model").ok());
    CHECK(p.status() == PoemModelStatus::Failed);
    CHECK(has(p.error(), "could not be loaded"));
    CHECK(has(p.generate("abc", 0.0f, 1).error, "could not be loaded"));
    p.preset_failed("HTTP 404");
    CHECK(has(p.error(), "HTTP 404"));
    p.begin_loading();  // tried again
    REQUIRE(p.load_preset(small_model_bytes()).ok());
    CHECK(p.ready());
    CHECK(p.error().empty());
    CHECK(p.shape().context == 16);  // read from the file
    CHECK(p.max_prompt() == 16 - 1 - kPoemMinContinuation);
}

TEST_CASE("poems stage: the text is the text start, the prompt and what the model wrote, within the context") {
    PoemStage p;
    REQUIRE(p.load_preset(small_model_bytes()).ok());
    REQUIRE(p.generate("the sea", 0.0f, 1).ok());
    const std::vector<int>& ids = p.text_ids();
    CHECK(ids.front() == kTextStartId);
    CHECK(p.prompt_length() == 7);
    CHECK(static_cast<int>(ids.size()) <= p.shape().context);
    CHECK(p.steps() == p.shape().context - 1 - 7);  // as many characters as the context leaves
    CHECK(p.vocab().decode(std::vector<int>(ids.begin() + 1, ids.begin() + 8)) == "the sea");
    CHECK(p.vocab().decode(std::vector<int>(ids.begin() + 8, ids.end())) == p.continuation());
    CHECK(p.unknown_chars() == 0);
    CHECK(p.unknown_list().empty());
    REQUIRE(p.generate("\xe5\xba\x8a", 0.0f, 1).ok());  // 床: not in this model's characters
    CHECK(p.unknown_chars() == 1);
    CHECK(p.unknown_list() == std::vector<std::string>{"\xe5\xba\x8a"});
    REQUIRE(p.generate("\xe5\xba\x8a\xe5\x89\x8d\xe5\xba\x8a", 0.0f, 1).ok());  // 床前床: two unknown, 床 twice
    CHECK(p.unknown_chars() == 3);
    CHECK(p.unknown_list() == std::vector<std::string>{"\xe5\xba\x8a", "\xe5\x89\x8d"});
}

TEST_CASE("poems stage: greedy writes each step's most probable character; a seed gives the same sample again") {
    PoemStage p;
    REQUIRE(p.load_preset(small_model_bytes()).ok());
    REQUIRE(p.generate("the", 0.0f, 1).ok());
    for (int k = 0; k < p.steps(); ++k) {
        REQUIRE(p.select_step(k).ok());
        CHECK(p.step().next.front().first == p.step().chosen);
        float sum = 0.0f;
        for (const auto& c : p.step().next) sum += c.second;
        CHECK(sum <= 1.0001f);
    }
    REQUIRE(p.generate("the", 1.5f, 42).ok());
    const std::string first = p.continuation();
    REQUIRE(p.generate("the", 1.5f, 7).ok());
    REQUIRE(p.generate("the", 1.5f, 42).ok());
    CHECK(p.continuation() == first);
    CHECK(p.temperature() == 1.5f);
    CHECK(p.seed() == 42);
}

TEST_CASE("poems stage: the next-character list leaves out the unknown character, as writing does") {
    GptPresetFile f;
    REQUIRE(load_gpt_preset(small_model_bytes(), &f));
    f.params.b_out(0, kUnknownId) = 50.0f;  // U+FFFD now the most probable after anything
    PoemStage p;
    REQUIRE(p.load_preset(gpt_preset_bytes(f)).ok());
    for (const float temperature : {0.0f, 1.0f}) {
        REQUIRE(p.generate("the", temperature, 3).ok());
        for (int k = 0; k < p.steps(); ++k) {
            REQUIRE(p.select_step(k).ok());
            CHECK(p.step().chosen != kUnknownId);
            for (const auto& c : p.step().next) CHECK(c.first != kUnknownId);
            if (temperature == 0.0f) CHECK(p.step().next.front().first == p.step().chosen);
        }
    }
}

TEST_CASE("poems stage: odd input is refused with a reason and nothing changes") {
    PoemStage p;
    REQUIRE(p.load_preset(small_model_bytes()).ok());
    REQUIRE(p.generate("the", 0.0f, 1).ok());
    const std::string before = p.continuation();
    CHECK(has(p.generate("the", 5.0f, 1).error, "temperature"));
    CHECK(has(p.generate("the", -0.5f, 1).error, "temperature"));
    CHECK(has(p.generate("the", 0.05f, 1).error, "temperature"));
    CHECK(has(p.generate("the", NAN, 1).error, "temperature"));
    CHECK(has(p.generate("the", 1.0f, 0).error, "seed"));
    CHECK(has(p.generate("the", 1.0f, kPoemMaxSeed + 1).error, "seed"));
    CHECK_FALSE(p.generate("a\x01z", 0.0f, 1).ok());  // a control character
    CHECK_FALSE(p.generate("a\nb", 0.0f, 1).ok());    // a line break would start a new text
    CHECK_FALSE(p.generate("\xe2\x80\x8b"
                           "a",
                           0.0f, 1)
                    .ok());                             // a zero-width space
    CHECK_FALSE(p.generate("\xff\xfe", 0.0f, 1).ok());  // not UTF-8
    CHECK(has(p.generate("abcdefghijk", 0.0f, 1).error, "at most 7 characters"));
    // each with its key in the UI's catalogs (the Chinese UI shows its own text), and its number
    const auto key_of = [&](const char* prompt) {
        const Status st = p.generate(prompt, 0.0f, 1);
        REQUIRE(st.error_key);
        return std::string(st.error_key);
    };
    CHECK(key_of("abcdefghijk") == "poems.error_too_long");
    CHECK(p.generate("abcdefghijk", 0.0f, 1).error_args[0] == 7);
    CHECK(key_of(std::string(70, '.').c_str()) == "poems.error_too_long");  // past the tokenizer's 64 tokens
    CHECK(key_of("   ") == "poems.error_spaces");
    CHECK(key_of("a\nb") == "poems.error_break");
    CHECK(key_of("a\x01z") == "error.control");
    CHECK(has(p.select_head(2, 0).error, "No such head"));
    CHECK(has(p.select_head(0, 4).error, "No such head"));
    CHECK(has(p.select_head(-1, 0).error, "No such head"));
    CHECK(has(p.select_step(p.steps()).error, "No such step"));
    CHECK(has(p.select_step(-1).error, "No such step"));
    CHECK(p.prompt() == "the");
    CHECK(p.continuation() == before);
    CHECK(p.selected_layer() == 0);
    CHECK(p.selected_head() == 0);
}

// Tolerance: float sums of 16 terms in another order, 1e-5 relative.
TEST_CASE("poems stage: one generation step is the lesson's formula on the KV cache, checked with plain loops") {
    PoemStage p;
    REQUIRE(p.load_preset(small_model_bytes()).ok());
    REQUIRE(p.generate("the sea", 0.0f, 1).ok());
    REQUIRE(p.select_head(1, 2).ok());
    REQUIRE(p.select_step(3).ok());
    const PoemStep& s = p.step();
    const int dk = p.shape().d_k(), r = s.row;
    CHECK(r == 7 + 3);
    {  // the stage's question asks about this very row: its answer is the width of the weights' row
        REQUIRE(r == kPoemQuestionRow);
        Question question;
        REQUIRE(question_for(Lesson{}, Stage::Poems, &question));
        CHECK(std::stol(question.options[static_cast<std::size_t>(question.correct)]) == s.weights.cols());
    }
    REQUIRE(s.q.rows() == 1);
    REQUIRE(s.q.cols() == dk);
    REQUIRE(s.K.rows() == r + 1);
    REQUIRE(s.V.rows() == r + 1);
    double worst = 0.0;
    std::vector<double> w(static_cast<std::size_t>(r + 1));
    double mx = -1e30, sum = 0.0;
    for (int j = 0; j <= r; ++j) {
        double dot = 0.0;
        for (int k = 0; k < dk; ++k) dot += static_cast<double>(s.q(0, k)) * s.K(j, k);
        worst = std::max(worst, std::fabs(dot - s.scores(0, j)) / (1.0 + std::fabs(dot)));
        const double scaled = dot / std::sqrt(static_cast<double>(dk));
        worst = std::max(worst, std::fabs(scaled - s.scaled(0, j)) / (1.0 + std::fabs(scaled)));
        w[static_cast<std::size_t>(j)] = scaled;
        mx = std::max(mx, scaled);
    }
    for (double& x : w) sum += (x = std::exp(x - mx));
    for (int j = 0; j <= r; ++j)
        worst = std::max(worst, std::fabs(w[static_cast<std::size_t>(j)] / sum - s.weights(0, j)));
    for (int k = 0; k < dk; ++k) {
        double o = 0.0;
        for (int j = 0; j <= r; ++j) o += w[static_cast<std::size_t>(j)] / sum * s.V(j, k);
        worst = std::max(worst, std::fabs(o - s.output(0, k)) / (1.0 + std::fabs(o)));
    }
    std::printf("  poem step: largest difference from plain loops %.3g\n", worst);
    CHECK(worst < 1e-5);
    // the step's weights are the selected head's row r of the gallery
    const PoemHead& h = p.heads()[static_cast<std::size_t>(1 * p.shape().heads + 2)];
    for (int j = 0; j <= r; ++j) CHECK(h.weights(r, j) == s.weights(0, j));
}

TEST_CASE("poems stage: the gallery has every head's causal weights and its punctuation share") {
    PoemStage p;
    REQUIRE(p.load_preset(small_model_bytes()).ok());
    REQUIRE(p.generate("sea, ", 0.0f, 1).ok());
    REQUIRE(p.heads().size() == static_cast<std::size_t>(kGptLayers * 4));
    const std::vector<int>& ids = p.text_ids();
    const int n = static_cast<int>(ids.size());
    const int comma = p.vocab().id(U','), space = p.vocab().id(U' ');
    for (const PoemHead& h : p.heads()) {
        REQUIRE(h.weights.rows() == n);
        double share = 0.0;
        for (int i = 0; i < n; ++i) {
            double row = 0.0;
            for (int j = 0; j < n; ++j) {
                row += h.weights(i, j);
                if (j > i) CHECK(h.weights(i, j) == 0.0f);
                // the text start and the comma count; the space does not
                if (i >= 1 && j <= i &&
                    (ids[static_cast<std::size_t>(j)] == kTextStartId || ids[static_cast<std::size_t>(j)] == comma))
                    share += h.weights(i, j);
            }
            CHECK(row == doctest::Approx(1.0).epsilon(1e-5));
        }
        CHECK(h.punctuation == doctest::Approx(share / (n - 1)).epsilon(1e-5));
        CHECK(h.kind == head_kind(h.induction, h.previous, h.punctuation));
    }
    CHECK(space != comma);
}

namespace {
std::shared_ptr<const PoemCorpus> build_corpus() {
    static std::shared_ptr<const PoemCorpus> c = [] {
        auto k = std::make_shared<PoemCorpus>();
        REQUIRE(load_poem_corpus(CAPITON_POEMS_DIR, k.get(), kGptPreset.min_count));  // as the app reads them
        return k;
    }();
    return c;
}
std::string read_tsv(const char* name) {
    std::string s;
    REQUIRE(read_file_bytes(std::string(CAPITON_POEMS_DIR) + "/" + name, &s));
    return s;
}
}  // namespace

TEST_CASE("poems stage: training here steps the poem model from scratch; the gallery follows it") {
    PoemStage p;
    REQUIRE(p.load_preset(small_model_bytes()).ok());
    CHECK(has(p.train(PoemAction::Step).error, "training worker"));  // no texts here
    CHECK(p.progress() == nullptr);
    p.set_corpus(build_corpus(), make_poem_job);
    REQUIRE(p.train(PoemAction::Step).ok());
    REQUIRE(p.progress() != nullptr);
    CHECK(p.progress()->step == 1);
    CHECK(p.progress()->losses.size() == 1);
    CHECK_FALSE(p.progress()->running);
    CHECK(p.source() == PoemSource::Training);
    CHECK(p.shape().context == kGptPresetRun.shape.context);  // the run's model, not the small one
    CHECK(p.shape().vocab == build_corpus()->vocab.size());
    REQUIRE(p.train(PoemAction::Start).ok());
    p.slice(2);
    CHECK(p.progress()->step == 3);
    CHECK(p.progress()->running);
    CHECK_FALSE(p.use_preset().ok());  // not while it runs
    REQUIRE(p.train(PoemAction::Pause).ok());
    CHECK_FALSE(p.progress()->running);
    REQUIRE(p.use_preset().ok());
    CHECK(p.source() == PoemSource::Preset);
    CHECK(p.shape().context == 16);
    REQUIRE(p.train(PoemAction::Restart).ok());
    CHECK(p.progress()->step == 0);
    CHECK(p.progress()->losses.empty());
}

TEST_CASE("poems training through the worker's wire: requests, progress, the weights within half precision") {
    Session s;
    REQUIRE(s.load_poem_preset(small_model_bytes()).ok());
    s.set_training_place(TrainingPlace::Worker);
    TrainingWorker worker;
    // the wire carries any run alike: one of 16 rows a step keeps this test cheap (the page's run
    // starts with 64)
    GptRun cheap = kGptPageRun;
    cheap.early_steps = 0;
    worker.poems().set_run(cheap);
    const auto deliver = [&] {
        for (const std::string& r : s.take_training_requests()) REQUIRE(worker.handle(r).ok());
        REQUIRE(s.training_snapshot(worker.snapshot()).ok());
    };
    // no texts in the worker: the page hears why
    REQUIRE(s.train_poems(PoemAction::Step).ok());
    for (const std::string& r : s.take_training_requests()) CHECK_FALSE(worker.handle(r).ok());
    REQUIRE(s.training_snapshot(worker.snapshot()).ok());
    CHECK(has(s.poems().training_error(), "not loaded"));

    worker.poems().set_corpus(read_tsv("poems-train.tsv"), read_tsv("poems-held.tsv"));
    REQUIRE(s.train_poems(PoemAction::Restart).ok());
    REQUIRE(s.train_poems(PoemAction::Step).ok());
    deliver();
    REQUIRE(s.poems().progress() != nullptr);
    CHECK(s.poems().training_error().empty());
    CHECK(s.poems().progress()->step == 1);
    CHECK(s.poems().progress()->losses.size() == 1);
    CHECK(s.poems().source() == PoemSource::Training);
    CHECK(s.poems().shape().context == kGptPresetRun.shape.context);
    {  // the texts the page posts are read with the preset's vocabulary: the two held-out losses compare
        std::string bytes;
        GptPresetFile preset;
        REQUIRE(read_file_bytes(CAPITON_GPT_PRESET, &bytes));
        REQUIRE(load_gpt_preset(bytes, &preset));
        CHECK(s.poems().shape().vocab == preset.shape.vocab);
    }
    REQUIRE(s.train_poems(PoemAction::Start).ok());
    for (const std::string& r : s.take_training_requests()) REQUIRE(worker.handle(r).ok());
    CHECK(worker.busy());
    worker.poems().slice(kPoemHeldEvery - 1);  // to step kPoemHeldEvery: a held-out loss
    REQUIRE(s.training_snapshot(worker.snapshot()).ok());
    const PoemProgress& pr = *s.poems().progress();
    CHECK(pr.step == kPoemHeldEvery);
    CHECK(pr.losses.size() == static_cast<std::size_t>(kPoemHeldEvery));
    REQUIRE(pr.measures.size() == 1);
    CHECK(pr.measures[0].step == kPoemHeldEvery);
    CHECK(pr.running);
    CHECK(pr.seconds > 0.0);  // the worker's time in its steps came with them
    CHECK(pr.characters == doctest::Approx(kPoemHeldEvery * 16.0 * 32));  // the worker's count of what it read
    CHECK(pr.characters_per_second() > 0.0);
    REQUIRE(s.train_poems(PoemAction::Pause).ok());
    deliver();
    CHECK_FALSE(s.poems().progress()->running);
    // the page's gallery shows the worker's weights, rounded to half precision: the same run here
    PoemJob here(build_corpus(), cheap);
    here.act(PoemAction::Step);
    here.act(PoemAction::Start);
    here.slice(kPoemHeldEvery - 1);
    REQUIRE(here.progress().step == s.poems().progress()->step);
    // its held-out figure is over all the held-out poems, as the preset's (make_presets) is
    REQUIRE(here.progress().measures.size() == 1);
    CHECK(here.progress().measures[0].held ==
          stream_loss(here.trainer().params, here.trainer().shape(), build_corpus()->held_zh));
    // …and the induction score beside it is the best head's on the page's sequences, as the gallery's
    const InductionReport hr = induction_report(here.trainer().params, here.trainer().shape(), kInductionPeriod,
                                                kInductionSequences, kInductionSeed);
    CHECK(here.progress().measures[0].induction == hr.best_induction().induction);
    CHECK(s.poems().progress()->measures[0].induction == doctest::Approx(hr.best_induction().induction).epsilon(1e-6));
    double worst = 0.0;
    for (int i = 0; i < GptParams<float>::kTensors; ++i) {
        const Matrix& a = here.trainer().params.tensor(i);
        const Matrix& b = s.poems().params().tensor(i);
        REQUIRE(a.size() == b.size());
        for (Eigen::Index k = 0; k < a.size(); ++k) {
            const double x = a.data()[k], y = b.data()[k];
            const double bound =
                std::fabs(x) >= std::ldexp(1.0, -14) ? std::ldexp(std::fabs(x), -11) : std::ldexp(1.0, -25);
            worst = std::max(worst, std::fabs(x - y) - bound);
        }
    }
    CHECK(worst <= 0.0);  // every weight within its half-precision rounding
    CHECK(s.poems().vocab().chars == build_corpus()->vocab.chars);
    // the heads' measures came with the weights, for the period the page says (context 32: all 16)
    CHECK(s.poems().report().period == kInductionPeriod);
    CHECK(s.poems().report().heads.size() == static_cast<std::size_t>(kGptLayers * s.poems().shape().heads));
    // the period travels with the report: one the model cannot hold is refused whole; the same
    // snapshot with the worker's own period is taken
    worker.poems().resync();  // the next snapshot carries the weights and the report again
    const std::string snap = worker.snapshot();
    const std::size_t at = snap.find("\"period\":16");
    REQUIRE(at != std::string::npos);
    std::string bad = snap;
    bad.replace(at, 11, "\"period\":99");
    CHECK(has(s.training_snapshot(bad).error, "unreadable weights"));
    CHECK(s.training_snapshot(snap).ok());
    CHECK(s.poems().report().period == 16);
    // a snapshot of another build is refused and changes nothing
    const int step = s.poems().progress()->step;
    CHECK_FALSE(s.training_snapshot("{\"v\":99,\"seq\":1,\"poems\":{\"step\":500}}").ok());
    CHECK(s.poems().progress()->step == step);
    // unreadable weights are refused whole
    CHECK_FALSE(s.training_snapshot(
                     "{\"v\":1,\"seq\":" + std::to_string(s.training().requests_sent()) +
                     ",\"run\":null,\"race\":null,\"poems\":{\"step\":9,\"running\":false,\"from\":0,\"losses\":[],"
                     "\"measuresFrom\":0,\"measures\":[],\"weights\":\"!!\",\"report\":[]}}")
                    .ok());
    CHECK(s.poems().progress()->step == step);
    // measures in anything but (step, held-out loss, induction score) triples, or impossible ones, are
    // refused whole: nothing of the snapshot is taken (the worker's own snapshot, its measures replaced)
    worker.poems().resync();
    const std::string whole = worker.snapshot();
    const std::size_t m0 = whole.find("\"measures\":[");
    REQUIRE(m0 != std::string::npos);
    const std::size_t m1 = whole.find(']', m0);
    const auto with_measures = [&](const std::string& m) {
        return whole.substr(0, m0) + "\"measures\":" + m + whole.substr(m1 + 1);
    };
    REQUIRE(s.training_snapshot(whole).ok());
    const PoemProgress before = *s.poems().progress();
    REQUIRE(before.measures.size() == 1);
    for (const char* m : {"[25,6.1]", "[25,6.1,1.5]", "[25,6.1,-0.1]", "[0,6.1,0.2]", "[2.5,6.1,0.2]", "[25,6.1,0.2,50]",
                          "[25,\"x\",0.2]"}) {
        CAPTURE(m);
        CHECK_FALSE(s.training_snapshot(with_measures(m)).ok());
        CHECK(s.poems().progress()->measures.size() == 1);
        CHECK(s.poems().progress()->measures[0].induction == before.measures[0].induction);
        CHECK(s.poems().progress()->losses.size() == before.losses.size());
    }
    REQUIRE(s.training_snapshot(with_measures("[25,6.1,0.25]")).ok());  // a possible triple is taken
    REQUIRE(s.poems().progress()->measures.size() == 1);
    CHECK(s.poems().progress()->measures[0].induction == 0.25f);
}

TEST_CASE("page commands of the poems stage: refusals leave the state as it was") {
    Session s;
    NoHost host;
    Page page{s, host, {}, {}, {}};
    CHECK(has(reply(page, R"({"type":"generate","text":"the","temperature":0,"seed":1})"), "not loaded yet"));
    REQUIRE(s.load_poem_preset(small_model_bytes()).ok());
    const std::string ok = reply(page, R"({"type":"generate","text":"the","temperature":0,"seed":1})");
    CHECK(has(ok, "\"ok\":true"));
    CHECK(has(ok, "\"continuation\""));
    const std::string before = state_json(s);
    CHECK(has(reply(page, R"({"type":"generate","text":"the","temperature":"hot","seed":1})"), "\"malformed\":true"));
    CHECK(has(reply(page, R"({"type":"generate","text":"the","temperature":1,"seed":1.5})"), "\"malformed\":true"));
    CHECK(has(reply(page, R"({"type":"generate","text":"the","temperature":1,"seed":-3})"), "seed"));
    CHECK(has(reply(page, R"({"type":"generate","text":"the","temperature":1e300,"seed":1})"), "temperature"));
    CHECK(has(reply(page, R"({"type":"generate","text":"a\u0000b","temperature":1,"seed":1})"), "\"ok\":false"));
    CHECK(has(
        reply(page, "{\"type\":\"generate\",\"text\":\"" + std::string(300, 'a') + "\",\"temperature\":1,\"seed\":1}"),
        "too long"));
    CHECK(has(reply(page, R"({"type":"trainPoems","action":"fly"})"),
              "Unknown action. Known actions: start, pause, step, restart."));
    CHECK(has(reply(page, R"({"type":"selectPoemHead","layer":3,"head":1})"), "No such head"));
    CHECK(has(reply(page, R"({"type":"selectPoemHead","layer":1,"head":0})"), "No such head"));
    CHECK(has(reply(page, R"({"type":"poemStep","step":0})"), "No such step"));
    CHECK(has(reply(page, R"({"type":"poemStep","step":1000000})"), "No such step"));
    CHECK(state_json(s) == before);
    CHECK(has(reply(page, R"({"type":"selectPoemHead","layer":2,"head":3})"), "\"ok\":true"));
    CHECK(s.poems().selected_layer() == 1);
    CHECK(s.poems().selected_head() == 2);
    CHECK(has(reply(page, R"({"type":"poemStep","step":2})"), "\"ok\":true"));
    CHECK(s.poems().step().step == 1);
    CHECK(has(state_json(s), "\"poems\":{\"status\":\"ready\""));
}

TEST_CASE("poems stage: the default prompt follows the language until the student gives one") {
    Session s;
    REQUIRE(s.load_poem_preset(small_model_bytes()).ok());
    s.set_language(Language::Zh);
    CHECK(s.poems().prompt() == default_poem_prompt(Language::Zh));
    s.set_language(Language::En);
    REQUIRE(s.generate_poem("sea", 0.0f, 1).ok());
    s.set_language(Language::Zh);
    CHECK(s.poems().prompt() == "sea");
}

TEST_CASE("poems training speed: characters predicted per second of steps, each step with its own rows") {
    PoemProgress p;
    CHECK(p.characters_per_second() == 0.0);
    p.step = 10;
    p.seconds = 2.0;
    p.characters = 5120.0;
    CHECK(p.characters_per_second() == doctest::Approx(2560.0));
    // the curriculum's first part has rows of its own: a step counts the rows it took
    GptRun run = kGptPageRun;
    run.early_steps = 1;
    run.early_batch = 3;
    run.batch = 2;
    PoemJob job(build_corpus(), run);
    job.act(PoemAction::Step);
    CHECK(job.progress().characters == 3.0 * 32);
    job.act(PoemAction::Step);
    CHECK(job.progress().characters == 5.0 * 32);
    CHECK(job.progress().characters_per_second() > 0.0);
    // the page's run: 64 rows of 32 predicted characters a step in its first part
    CHECK(kGptPageRun.early_batch == 64);
    CHECK(kGptPageRun.shape.context == 32);
}

TEST_CASE("poem job: its heads' report is of the weights it has now, after a step and after a restart") {
    GptRun run = kGptPageRun;
    run.early_steps = 1;
    run.early_batch = 2;
    run.batch = 2;
    PoemJob job(build_corpus(), run);
    const auto direct = [&] {
        return induction_report(job.trainer().params, job.trainer().shape(), kInductionPeriod, kInductionSequences,
                                kInductionSeed);
    };
    const auto same = [](const InductionReport& a, const InductionReport& b) {
        if (a.heads.size() != b.heads.size() || a.first_copy_loss != b.first_copy_loss ||
            a.second_copy_loss != b.second_copy_loss)
            return false;
        for (std::size_t k = 0; k < a.heads.size(); ++k)
            if (a.heads[k].induction != b.heads[k].induction || a.heads[k].previous != b.heads[k].previous) return false;
        return true;
    };
    const InductionReport at0 = job.report();
    CHECK(same(at0, direct()));
    job.act(PoemAction::Step);
    job.act(PoemAction::Step);
    CHECK(job.progress().step == 2);
    CHECK(same(job.report(), direct()));
    CHECK_FALSE(same(job.report(), at0));  // two steps moved the weights, and the report with them
    job.act(PoemAction::Restart);
    CHECK(job.progress().step == 0);
    CHECK(same(job.report(), direct()));
    CHECK(same(job.report(), at0));  // the same seed: the same start
}
