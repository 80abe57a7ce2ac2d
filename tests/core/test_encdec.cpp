// The cross and decode stages' model in the lesson (encdec.h): which way it translates, the alignment
// of the lesson's sentences, the decode stage's step and KV cache, sampling, the model switch, and the
// link keys that reach them. Expected sentences and alignments are written out here by hand.
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/fragment.h"
#include "core/reference.h"
#include "core/translate.h"
#include "core/session.h"
#include "parallel_words.h"

using namespace capiton;
using capiton::test::allowed_only;

namespace {
using Words = std::vector<std::string>;

double max_abs_diff(const Eigen::RowVectorXf& a, const std::vector<double>& b) {
    double worst = 0.0;
    for (Eigen::Index j = 0; j < a.size(); ++j) worst = std::max(worst, std::abs(static_cast<double>(a(j)) - b[static_cast<std::size_t>(j)]));
    return worst;
}

int top_of_row(const Matrix& A, int row) {
    Eigen::Index top = 0;
    A.row(row).maxCoeff(&top);
    return static_cast<int>(top);
}
}  // namespace

TEST_CASE("encoder-decoder: the lesson's English sentence is written in Chinese, each word aligned to its source word") {
    Session s;  // the trained model drives the lesson from the start
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    REQUIRE(ed.trained());
    CHECK(ed.from() == Language::En);
    CHECK(ed.to() == Language::Zh);
    CHECK(ed.source() == Words{"I", "saw", "a", "bird", "in", "the", "sky"});
    REQUIRE(ed.translation().tokens == Words{"我", "在", "天空", "中", "看到", "一只", "鸟"});
    const Matrix& A = ed.pass().Ac;
    REQUIRE(A.rows() == 8);  // seven words and the step that writes <eos>
    REQUIRE(A.cols() == 7);
    CHECK(top_of_row(A, 0) == 0);  // 我 ← I
    CHECK(top_of_row(A, 2) == 6);  // 天空 ← sky: "in the sky" moves before the verb
    CHECK(top_of_row(A, 4) == 1);  // 看到 ← saw
    CHECK(top_of_row(A, 6) == 3);  // 鸟 ← bird
    CHECK(ed.target_labels().back() == "<eos>");
    CHECK(ed.input_labels().front() == "<zh>");
    // the encoder's self-attention of the same sentence is square over the source words
    CHECK(ed.pass().Ae.rows() == 7);
    CHECK(ed.pass().Ae.cols() == 7);
}

TEST_CASE("encoder-decoder: the Chinese sentence is written in English") {
    Session s;
    s.set_language(Language::Zh);  // the default sentence becomes 我在天空中看到一只鸟
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    CHECK(ed.from() == Language::Zh);
    CHECK(ed.source() == Words{"我", "在", "天空", "中", "看到", "一只", "鸟"});
    REQUIRE(ed.translation().tokens == Words{"I", "saw", "a", "bird", "in", "the", "sky"});
    CHECK(top_of_row(ed.pass().Ac, 3) == 6);  // bird ← 鸟
    CHECK(top_of_row(ed.pass().Ac, 6) == 2);  // sky ← 天空
    CHECK(ed.input_labels().front() == "<en>");
}

TEST_CASE("encoder-decoder: an emoji says nothing of the language; most words decide, and a mixed sentence is flagged") {
    Session s;
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    REQUIRE(s.set_sentence("I love pizza \xf0\x9f\x98\x80").ok());  // 😀
    CHECK(ed.from() == Language::En);
    CHECK_FALSE(ed.scripts().mixed());
    REQUIRE(s.set_sentence("\xf0\x9f\x98\x80 \xe2\x9c\x93").ok());  // 😀 ✓: no letters at all
    CHECK(ed.from() == Language::En);
    REQUIRE(s.set_sentence("I saw a \xe9\xb8\x9f").ok());  // 鸟: three English words to one Chinese
    CHECK(ed.from() == Language::En);
    CHECK(ed.to() == Language::Zh);
    CHECK(ed.scripts().mixed());
    CHECK_FALSE(ed.scripts().tie());
    REQUIRE(s.set_sentence("\xe6\x88\x91\xe7\x9c\x8b\xe5\x88\xb0\xe4\xb8\x80\xe5\x8f\xaa bird").ok());  // 我看到一只 bird
    CHECK(ed.from() == Language::Zh);
    CHECK(ed.scripts().mixed());
    REQUIRE(s.set_sentence("the \xe7\x8c\xab").ok());  // the 猫: one word each, a tie, read as Chinese
    CHECK(ed.from() == Language::Zh);
    CHECK(ed.scripts().tie());
    REQUIRE(s.set_sentence("\xe6\x88\x91\xe7\x9c\x8b\xe5\x88\xb0\xe4\xb8\x80\xe5\x8f\xaa\xe9\xb8\x9f").ok());  // 我看到一只鸟
    CHECK(ed.from() == Language::Zh);
    CHECK_FALSE(ed.scripts().mixed());
}

TEST_CASE("encoder-decoder: a word the model does not know is marked") {
    Session s;
    REQUIRE(s.set_sentence("I saw a unicorn in the sky").ok());
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    for (int i = 0; i < 7; ++i) CHECK(ed.unknown(i) == (i == 3));
    CHECK_FALSE(ed.unknown(7));
    CHECK_FALSE(ed.unknown(-1));
}

TEST_CASE("encoder-decoder: says when what it wrote cannot be a translation of the sentence") {
    Session s;
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    CHECK(ed.reading() == EncoderDecoder::Reading::Translated);  // 7 words known, 7 written
    REQUIRE(s.set_sentence("I saw a unicorn in the sky").ok());
    CHECK(ed.reading() == EncoderDecoder::Reading::Translated);  // 6 known
    REQUIRE(s.set_sentence("Hi").ok());
    CHECK(ed.unknown(0));
    CHECK(ed.reading() == EncoderDecoder::Reading::NothingKnown);  // it still writes a sentence
    CHECK(ed.translation().tokens.size() > 1);
    REQUIRE(s.set_sentence("a").ok());  // one known word, and a whole sentence written
    CHECK_FALSE(ed.unknown(0));
    CHECK(ed.translation().tokens.size() > 2);
    CHECK(ed.reading() == EncoderDecoder::Reading::MoreWritten);
    REQUIRE(s.set_sentence("a a a a a a a a").ok());  // one word known, read once
    CHECK(ed.reading() == EncoderDecoder::Reading::MoreWritten);
    REQUIRE(s.set_sentence("A a A a A a A a").ok());  // the same word, whatever its case
    CHECK(ed.reading() == EncoderDecoder::Reading::MoreWritten);
    REQUIRE(s.set_sentence("我在天空中看到一只鸟").ok());  // written in English: 7 known, 7 written
    CHECK(ed.reading() == EncoderDecoder::Reading::Translated);
}

// Multiply-adds per step, from the shapes (as in test_translate.cpp): with the cache, row t alone; without,
// every row again and the output layer once.
TEST_CASE("encoder-decoder: the decode stage's step, its growing cache and what the cache saves") {
    Session s;
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    CHECK(ed.step() == 0);
    REQUIRE(ed.steps() == 8);
    const long d = ed.model().shape.d, ff = ed.model().shape.ff, V = ed.model().shape.vocab, n = 7;
    long cached = 0, uncached = 0;
    for (int t = 0; t < ed.steps(); ++t) {
        CAPTURE(t);
        REQUIRE(s.set_decode_step(t).ok());
        CHECK(ed.K_cache().rows() == t + 1);  // one row appended per step
        CHECK(ed.V_cache().rows() == t + 1);
        CHECK(ed.K_cache().cols() == d);
        CHECK(ed.step_query().rows() == 1);
        CHECK(ed.step_weights().cols() == t + 1);  // the causal row: only the rows read so far
        CHECK(ed.step_weights().sum() == doctest::Approx(1.0f).epsilon(1e-5));
        CHECK(ed.step_cross().cols() == n);
        CHECK((ed.step_cross() - ed.pass().Ac.row(t)).cwiseAbs().maxCoeff() == 0.0f);
        // the cached decoder's step equals the teacher-forced row (the stage draws the latter)
        CHECK((ed.current().self_weights - ed.step_weights()).cwiseAbs().maxCoeff() <= 1e-5f);
        cached += 4 * d * d + 2 * (t + 1) * d + 2 * n * d + 2 * d * ff + d * V;
        uncached += (t + 1) * (4 * d * d + 2 * n * d + 2 * d * ff) + d * V + d * (t + 1) * (t + 2);
        CHECK(ed.cached_so_far() == cached);
        CHECK(ed.uncached_so_far() == uncached);
        const auto top = ed.top_next();
        REQUIRE(top.size() == kTopNext);
        for (std::size_t k = 1; k < top.size(); ++k) CHECK(top[k - 1].second >= top[k].second);
        CHECK(top.front().first == ed.current().chosen);  // greedy: the most probable is written
    }
    CHECK(ed.current().chosen == kEosId);
    CHECK(uncached > 2 * cached);
    // a step beyond the translation is refused and changes nothing
    CHECK_FALSE(s.set_decode_step(8).ok());
    CHECK_FALSE(s.set_decode_step(-1).ok());
    CHECK(ed.step() == 7);
    // a new sentence starts at the first step again
    REQUIRE(s.set_sentence("he saw a fish in the river").ok());
    CHECK(ed.step() == 0);
    CHECK(ed.translation().tokens == Words{"他", "在", "河", "中", "看到", "一条", "鱼"});
}

TEST_CASE("encoder-decoder: sampling is seeded by its draw; a hot decoder wanders, a new mode starts again") {
    Session s;
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    const Words greedy = ed.translation().tokens;
    REQUIRE(s.set_decode_step(3).ok());
    REQUIRE(s.set_decoding(DecodeMode::Sampled).ok());
    CHECK(ed.step() == 0);
    REQUIRE(s.set_decode_temperature(kMaxDecodeTemperature).ok());
    int differ = 0;
    for (int draw = 1; draw <= 20; ++draw) {
        REQUIRE(s.set_draw(draw).ok());
        const Words a = ed.translation().tokens;
        REQUIRE(s.set_draw(draw).ok());
        CHECK(ed.translation().tokens == a);  // the same draw, the same words
        differ += a != greedy ? 1 : 0;
        CHECK(static_cast<int>(a.size()) <= kMaxTranslationLength);
    }
    CHECK(differ > 0);
    // the candidates listed are those the draw used: p^(1/T) over Σ p^(1/T), recomputed here in double
    REQUIRE(s.set_decode_step(1).ok());
    // (p: the model's probabilities over what it may write)
    const std::vector<double> p = allowed_only(ed.pass().probs.row(1), ed.model(), ed.to());
    double total = 0.0;
    for (double x : p) total += std::pow(x, 1.0 / kMaxDecodeTemperature);
    for (const auto& [id, q] : ed.top_next())
        CHECK(q == doctest::Approx(std::pow(p[static_cast<std::size_t>(id)], 1.0 / kMaxDecodeTemperature) / total).epsilon(1e-4));
    CHECK_FALSE(s.set_draw(0).ok());
    CHECK_FALSE(s.set_decode_temperature(0.0f).ok());
    CHECK_FALSE(s.set_decode_temperature(kMaxDecodeTemperature * 2).ok());
    CHECK(ed.temperature() == kMaxDecodeTemperature);
    CHECK(ed.draw() == 20);
    REQUIRE(s.set_decoding(DecodeMode::Greedy).ok());
    CHECK(ed.translation().tokens == greedy);
}

// Whatever the decoder writes (an untrained one, sampled hot, rambles), the stage's pass reads the
// same tokens: its rows are the decoder's steps, and a translation cut at 16 words has a 17th step,
// reachable by link.
TEST_CASE("encoder-decoder: the pass follows the decoder step by step, also untrained, sampled hot, or cut at 16 words") {
    Session s;
    s.set_model(ModelKind::Untrained);
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    REQUIRE(s.set_decoding(DecodeMode::Sampled).ok());
    REQUIRE(s.set_decode_temperature(kMaxDecodeTemperature).ok());
    int cut = 0;
    for (int draw = 1; draw <= 30; ++draw) {
        CAPTURE(draw);
        REQUIRE(s.set_draw(draw).ok());
        REQUIRE(ed.pass().Ac.rows() == ed.steps());
        CHECK(static_cast<int>(ed.target_labels().size()) == ed.steps());
        for (int t = 0; t < ed.steps(); ++t) {
            CHECK(max_abs_diff(ed.translation().steps[static_cast<std::size_t>(t)].probs,
                               allowed_only(ed.pass().probs.row(t), ed.model(), ed.to())) <= 1e-5);
            CHECK(ed.pass().in[static_cast<std::size_t>(t)] == ed.translation().steps[static_cast<std::size_t>(t)].input);
        }
        // the header's "…" (panels_translate): only when the limit stopped it, else the last step wrote <eos>
        if (ed.cut()) CHECK(ed.steps() == kMaxTranslationLength + 1);
        else CHECK(ed.target_labels().back() == "<eos>");
        if (ed.cut()) {  // (17 steps may also be 16 words and the end: not cut)
            ++cut;
            CHECK(ed.translation().tokens.size() == static_cast<std::size_t>(kMaxTranslationLength));
            CHECK(ed.target_labels().back() == "\xe2\x80\xa6");  // the cut step's word was not written
            REQUIRE(s.set_decode_step(kMaxTranslationLength).ok());
            const std::string link = fragment_of(s, {});
            CHECK(link.find("&step=17") != std::string::npos);
            std::vector<Note> warnings;
            Session back;
            apply_fragment(back, parse_fragment(link), &warnings);
            CHECK(warnings.empty());
            CHECK(back.lesson().encoder_decoder().step() == kMaxTranslationLength);
        }
    }
    CHECK(cut > 0);  // a hot untrained decoder rambles on
}

TEST_CASE("encoder-decoder: the step is kept when nothing it depends on changes") {
    Session s;
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    REQUIRE(s.set_decode_step(3).ok());
    REQUIRE(s.set_decoding(DecodeMode::Greedy).ok());  // the radio button already chosen, clicked again
    REQUIRE(s.set_decode_temperature(kDefaultDecodeTemperature).ok());
    REQUIRE(s.set_draw(1).ok());
    REQUIRE(s.set_mask(MaskKind::Causal).ok());
    CHECK(ed.step() == 3);
    REQUIRE(s.train(TaskId::Apple).ok());  // training hands the lesson its model every slice
    s.train_slice(5);
    s.train_slice(5);
    CHECK(ed.step() == 3);
    CHECK(ed.trained());
}

TEST_CASE("encoder-decoder: follows the lesson's model switch") {
    Session s;
    s.set_model(ModelKind::Untrained);
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    CHECK_FALSE(ed.trained());
    CHECK(ed.model().shape.d == kTranslatePreset.d);  // the same sizes, seeded
    CHECK(ed.source() == Words{"I", "saw", "a", "bird", "in", "the", "sky"});
    CHECK(ed.steps() >= 1);
    s.set_model(ModelKind::Trained);
    CHECK(ed.trained());
    CHECK(ed.translation().tokens == Words{"我", "在", "天空", "中", "看到", "一只", "鸟"});
}

TEST_CASE("encoder-decoder: link keys decoding, dt, draw and step, read, applied, written and refused") {
    Session s;
    std::vector<Note> warnings;
    apply_fragment(s, parse_fragment("stage=decode&decoding=sampled&dt=2.5&draw=7&step=2"), &warnings);
    CHECK(warnings.empty());
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    CHECK(s.lesson().stage() == Stage::Decode);
    CHECK(ed.mode() == DecodeMode::Sampled);
    CHECK(ed.temperature() == 2.5f);
    CHECK(ed.draw() == 7);
    CHECK(ed.step() == 1);
    const std::string link = fragment_of(s, {});
    CHECK(link.find("&decoding=sampled&dt=2.5&draw=7&step=2") != std::string::npos);
    Session back;
    apply_fragment(back, parse_fragment(link), &warnings);
    CHECK(warnings.empty());
    CHECK(back.lesson().encoder_decoder().translation().tokens == ed.translation().tokens);
    CHECK(fragment_of(Session{}, {}).find("decoding") == std::string::npos);  // defaults are not written
    for (const char* bad : {"decoding=beam", "dt=0.1", "dt=9", "dt=x", "draw=0", "draw=-2", "step=0", "step=18", "step=two"}) {
        CAPTURE(bad);
        CHECK(parse_fragment(bad).warnings.size() == 1);
    }
    // step 16 reads, but this translation has 8 steps: refused when applied, nothing changes
    warnings.clear();
    Session t;
    apply_fragment(t, parse_fragment("step=16"), &warnings);
    CHECK(warnings.size() == 1);
    CHECK(t.lesson().encoder_decoder().step() == 0);
}

// Tolerance 1e-4 absolute on every intermediate (values up to ~10, float against double through about
// ten stages; seen ≤ 1.7e-5, trained): the fast pass the stages show, and the KV-cached decoder's steps, against
// the plain-loop double reference (reference.h), trained and untrained, both directions.
TEST_CASE("encoder-decoder: the pass and the cached decoder agree with the double-precision reference") {
    for (const ModelKind kind : {ModelKind::Trained, ModelKind::Untrained})
        for (const char* sentence : {"I saw a bird in the sky", "我在天空中看到一只鸟", "she found a small fox in the forest today"}) {
            CAPTURE(sentence);
            CAPTURE(id_of(kind));
            Session s;
            s.set_model(kind);
            REQUIRE(s.set_sentence(sentence).ok());
            const EncoderDecoder& ed = s.lesson().encoder_decoder();
            const TranslateForward<float>& f = ed.pass();
            TranslateExample ex{ed.model().ids(ed.source()), to_language_id(ed.to()), {}};
            for (int t = 0; t + 1 < ed.steps(); ++t) ex.tgt.push_back(ed.translation().steps[static_cast<std::size_t>(t)].chosen);
            const ref::Translate r = ref::translate(ed.model().params, ed.model().shape, ex);
            double worst = 0.0;
            for (const auto& [fast, slow] : {std::pair{&f.X, &r.X}, {&f.Ae, &r.Ae}, {&f.H, &r.H}, {&f.Y, &r.Y}, {&f.Ks, &r.Ks},
                                             {&f.Vs, &r.Vs}, {&f.As, &r.As}, {&f.Qc, &r.Qc}, {&f.Kc, &r.Kc}, {&f.Vc, &r.Vc},
                                             {&f.Ac, &r.Ac}, {&f.D3, &r.D3}, {&f.probs, &r.probs}})
                worst = std::max(worst, ref::max_abs_diff(*fast, *slow));
            for (int t = 0; t < ed.steps(); ++t) {  // the decoder, one row at a time with its cache, over what it may write
                const Eigen::Map<const Eigen::RowVectorXd> full(r.probs.v.data() + t * r.probs.cols, r.probs.cols);
                worst = std::max(worst, max_abs_diff(ed.translation().steps[static_cast<std::size_t>(t)].probs,
                                                     allowed_only(full, ed.model(), ed.to())));
            }
            MESSAGE("largest |fast − reference|: " << worst);
            CHECK(worst <= 1e-4);
        }
}
