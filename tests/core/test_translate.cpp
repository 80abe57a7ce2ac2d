// The translation model (translate.h) and its data (parallel.h): the sentence pairs, the gradient, the
// preset, what cross-attention learned, held-out translations, and the KV-cached decoder.
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/presets.h"
#include "core/tokenizer.h"
#include "core/translate.h"
#include "core/world.h"
#include "parallel_words.h"

using namespace capiton;

namespace {

const Translator& preset() {
    static const Translator m = [] {
        Translator t;
        REQUIRE(load_translate_preset(&t));
        return t;
    }();
    return m;
}

const TranslateTask& task() {
    static const TranslateTask t = translate_task(kTranslatePreset.seed, kTranslatePreset.d, kTranslatePreset.ff);
    return t;
}

std::string typed(const std::vector<std::string>& tokens, Language l) {
    std::string s;
    for (const std::string& w : tokens) s += (s.empty() || l == Language::Zh ? "" : " ") + w;
    return s;
}

}  // namespace

TEST_CASE("parallel sentences: the world's words, cut as the tokenizer cuts them, linked both ways") {
    const auto& world = world_vocabulary();
    for (const std::string& w : parallel_vocabulary()) {
        CAPTURE(w);
        CHECK(std::find(world.begin(), world.end(), w) != world.end());
    }
    std::set<int> forms;
    for (bool held_out : {false, true})
        for (const ParallelPair& p : parallel_sentences(5, held_out, 400)) {
            forms.insert(p.form);
            for (Language l : {Language::En, Language::Zh}) {
                const ParallelSide& s = p.side(l);
                const ParallelSide& o = p.side(l == Language::En ? Language::Zh : Language::En);
                CAPTURE(typed(s.tokens, l));
                CHECK(tokenize(typed(s.tokens, l)).tokens == s.tokens);
                REQUIRE(s.link.size() == s.tokens.size());
                REQUIRE(s.roles.size() == s.tokens.size());
                for (std::size_t i = 0; i < s.tokens.size(); ++i) {
                    if (parallel_content(s.roles[i])) CHECK(s.link[i] >= 0);  // every content word has its translation
                    if (s.link[i] < 0) continue;
                    CHECK(o.link[static_cast<std::size_t>(s.link[i])] == static_cast<int>(i));  // and back
                    CHECK(o.roles[static_cast<std::size_t>(s.link[i])] == s.roles[i]);
                }
            }
        }
    CHECK(forms.size() == static_cast<std::size_t>(kParallelForms));
}

TEST_CASE("parallel sentences: held-out pairs are new animal–place pairs made of trained words") {
    std::set<std::string> words;
    std::set<std::pair<std::string, std::string>> trained_pairs;  // (animal, place) in English
    const auto animal_place = [](const ParallelPair& p) {
        std::string animal, place;
        for (std::size_t i = 0; i < p.en.tokens.size(); ++i) {
            if (p.en.roles[i] == ParallelRole::Animal) animal = p.en.tokens[i];
            if (p.en.roles[i] == ParallelRole::Place) place = p.en.tokens[i];
        }
        return std::make_pair(animal, place);
    };
    for (const ParallelPair& p : task().train_pairs) {
        words.insert(p.en.tokens.begin(), p.en.tokens.end());
        words.insert(p.zh.tokens.begin(), p.zh.tokens.end());
        if (!animal_place(p).second.empty()) trained_pairs.insert(animal_place(p));
    }
    REQUIRE_FALSE(task().test_pairs.empty());
    for (const ParallelPair& p : task().test_pairs) {
        CAPTURE(typed(p.en.tokens, Language::En));
        CHECK(trained_pairs.count(animal_place(p)) == 0);
        for (const auto* s : {&p.en, &p.zh})
            for (const std::string& w : s->tokens) CHECK(words.count(w) == 1);
    }
}

// Central differences in double, h = 1e-5, on every parameter at a small size (d 6, ff 5): the
// truncation error is O(h²) ≈ 1e-10 and rounding ≈ 1e-16 / h ≈ 1e-11, so |numeric − analytic| ≤
// 1e-7 + 1e-5·|analytic| leaves a wide margin (seen: ~1e-10).
TEST_CASE("translate: backward matches central differences in double, every parameter") {
    const TranslateShape sh{static_cast<int>(translate_vocabulary().size()), 6, 5};
    const TranslateParams<double> p = cast_translate_params<double>(init_translate_params(sh, 11));
    const Translator words;
    const std::vector<TranslateExample> batch = {
        words.example({"I", "saw", "a", "bird", "in", "the", "sky"}, Language::Zh, {"我", "在", "天空", "中", "看到", "一只", "鸟"}),
        words.example({"树", "上", "有", "一只", "猫头鹰"}, Language::En, {"there", "was", "an", "owl", "in", "the", "tree"})};
    TranslateParams<double> g;
    translate_loss_and_grad(p, sh, batch, g);
    TranslateParams<double> q = p, unused;
    constexpr double h = 1e-5;
    double worst = 0.0;
    for (int t = 0; t < TranslateParams<double>::kTensors; ++t) {
        CAPTURE(TranslateParams<double>::name(t));
        for (Eigen::Index k = 0; k < q.tensor(t).size(); ++k) {
            const double keep = q.tensor(t).data()[k];
            q.tensor(t).data()[k] = keep + h;
            const double up = translate_loss_and_grad(q, sh, batch, unused);
            q.tensor(t).data()[k] = keep - h;
            const double down = translate_loss_and_grad(q, sh, batch, unused);
            q.tensor(t).data()[k] = keep;
            const double numeric = (up - down) / (2 * h), analytic = g.tensor(t).data()[k];
            worst = std::max(worst, std::abs(numeric - analytic));
            REQUIRE(std::abs(numeric - analytic) <= 1e-7 + 1e-5 * std::abs(analytic));
        }
    }
    MESSAGE("largest |numeric − analytic|: " << worst);
}

// Tolerance: max |Δ| ≤ 1e-4 per parameter between the stored preset (made natively by
// scripts/make-presets in the release build, stored at half precision) and a new run of the same
// training rounded to half precision, natively and in WebAssembly alike (since the square roots are
// exact in every build, the whole run lands on the preset in both; the small world's does not:
// test_train.cpp). The losses at kTranslateEarlySteps are compared too, within 1e-3 relative.
TEST_CASE("translate: the preset is what its training run gives") {
    const TranslatePresetRun& r = kTranslatePreset;
    TranslateTrainer t(r.lr, r.d, r.ff, r.steps, r.seed);
    float early[kTranslateEarlyCount];
    REQUIRE(translate_preset_early_losses(early));
    t.run(r.steps, r.batch);
    for (int k = 0; k < kTranslateEarlyCount; ++k) {
        CAPTURE(kTranslateEarlySteps[k]);
        CHECK(t.losses[static_cast<std::size_t>(kTranslateEarlySteps[k] - 1)] == doctest::Approx(early[k]).epsilon(1e-3));
    }
    const Translator& m = preset();
    for (int i = 0; i < TranslateParams<float>::kTensors; ++i) {
        CAPTURE(TranslateParams<float>::name(i));
        REQUIRE(m.params.tensor(i).rows() == t.params.tensor(i).rows());
        REQUIRE(m.params.tensor(i).cols() == t.params.tensor(i).cols());
        // stored at half precision: the rerun, rounded the same way, within the same 1e-4
        const Matrix rerun = t.params.tensor(i).unaryExpr([](float x) { return from_half(half_bits(x)); });
        CHECK((m.params.tensor(i) - rerun).cwiseAbs().maxCoeff() <= 1e-4f);
    }
    CHECK(t.losses.back() < 0.1f);
    CHECK(preset().shape.d == kTranslatePreset.d);
}

namespace {

// A sentence pair written out, with its content words' positions (English, Chinese): the expected
// alignment comes from the sentences, never from running the model.
struct WrittenPair {
    std::vector<std::string> en, zh;
    std::vector<std::pair<int, int>> links;
};
const std::vector<WrittenPair>& written_pairs() {
    static const std::vector<WrittenPair> pairs = {
        {{"I", "saw", "a", "bird", "in", "the", "sky"}, {"我", "在", "天空", "中", "看到", "一只", "鸟"},
         {{0, 0}, {1, 4}, {3, 6}, {6, 2}}},
        {{"she", "found", "a", "small", "fox", "in", "the", "forest", "today"},
         {"她", "今天", "在", "森林", "中", "发现", "一只", "小", "狐狸"},
         {{0, 0}, {1, 5}, {3, 7}, {4, 8}, {7, 3}, {8, 1}}},
        {{"a", "white", "duck", "slept", "in", "the", "pond", "yesterday"},
         {"一只", "白色", "鸭子", "昨天", "在", "池塘", "中", "睡觉"},
         {{1, 1}, {2, 2}, {3, 7}, {6, 5}, {7, 3}}},
        {{"there", "was", "an", "owl", "in", "the", "tree"}, {"树", "上", "有", "一只", "猫头鹰"}, {{3, 4}, {6, 0}}},
        {{"we", "noticed", "a", "black", "horse"}, {"我们", "看见", "了", "一匹", "黑色", "马"},
         {{0, 0}, {1, 1}, {3, 4}, {4, 5}}},
        {{"he", "saw", "a", "fish", "in", "the", "river"}, {"他", "在", "河", "中", "看到", "一条", "鱼"},
         {{0, 0}, {1, 4}, {3, 6}, {6, 2}}},
    };
    return pairs;
}

}  // namespace

// Which row: the decoder step whose output is the word (teacher forced: its input is the word before
// it, the language token for the first word). Measured on the preset (seed 23): 25 of 25 words each
// way, and every word of I saw a bird in the sky ↔ 我在天空中看到一只鸟. The test allows one miss each
// way, as the preset made before (seed 15, fast square roots, before 2026-12-03) had: such a miss
// parks its weight on a function word and reads the answer from what is left ("tree" 0.90 on 上 in
// 树上有一只猫头鹰; docs/translation.md). No seed of 1–16 met this with exact roots (21–23 zh→en).
TEST_CASE("translate: each content word's largest cross-attention weight is on the word it translates, both ways") {
    const Translator& m = preset();
    int words[2] = {}, hits[2] = {};
    for (std::size_t k = 0; k < written_pairs().size(); ++k)
        for (Language to : {Language::Zh, Language::En}) {
            const WrittenPair& p = written_pairs()[k];
            const bool zh = to == Language::Zh;
            const auto& src = zh ? p.en : p.zh;
            const auto& tgt = zh ? p.zh : p.en;
            CAPTURE(typed(src, zh ? Language::En : Language::Zh));
            CHECK(unknown_words(m, src).empty());
            CHECK(translate_greedy(m, src, to).tokens == tgt);  // and it translates them right
            const Matrix A = alignment(m, src, to, tgt);
            REQUIRE(A.rows() == static_cast<Eigen::Index>(tgt.size() + 1));
            REQUIRE(A.cols() == static_cast<Eigen::Index>(src.size()));
            for (const auto& [e, c] : p.links) {
                const int t = zh ? c : e, s = zh ? e : c;
                CAPTURE(tgt[static_cast<std::size_t>(t)]);
                Eigen::Index top = 0;
                A.row(t).maxCoeff(&top);
                const bool hit = top == s;
                if (!hit) MESSAGE(tgt[static_cast<std::size_t>(t)] << " looks at " << src[static_cast<std::size_t>(top)]);
                if (k == 0) CHECK(hit);  // I saw a bird in the sky ↔ 我在天空中看到一只鸟: every word, both ways
                ++words[zh ? 0 : 1];
                hits[zh ? 0 : 1] += hit ? 1 : 0;
            }
        }
    CHECK(words[0] == 25);
    CHECK(words[1] == 25);
    CHECK(hits[0] >= 24);
    CHECK(hits[1] >= 24);
}

// Measured on the preset (seed 23), the 256 held-out pairs of task(): every sentence exactly right in
// both directions; alignment shares 0.998 (en→zh) and 0.987 (zh→en). Thresholds leave room.
TEST_CASE("translate: held-out sentences, greedy, both directions; alignment shares") {
    const Translator& m = preset();
    const TranslateScore to_zh = translate_score(m, task().test_pairs, Language::Zh);
    const TranslateScore to_en = translate_score(m, task().test_pairs, Language::En);
    MESSAGE("en→zh exact " << to_zh.exact_share() << " words " << to_zh.token_share() << "; zh→en exact " << to_en.exact_share()
                           << " words " << to_en.token_share());
    CHECK(to_zh.sentences == 256);
    CHECK(to_zh.exact_share() >= 0.95f);
    CHECK(to_zh.token_share() >= 0.98f);
    CHECK(to_en.exact_share() >= 0.95f);
    CHECK(to_en.token_share() >= 0.98f);
    const AlignmentShare al_zh = alignment_share(m, task().test_pairs, Language::Zh);
    const AlignmentShare al_en = alignment_share(m, task().test_pairs, Language::En);
    MESSAGE("alignment en→zh " << al_zh.share() << ", zh→en " << al_en.share());
    CHECK(al_zh.share() >= 0.95f);
    CHECK(al_en.share() >= 0.92f);
}

TEST_CASE("translate: the words the model does not know") {
    const Translator& m = preset();
    CHECK(unknown_words(m, {"I", "saw", "a", "unicorn", "in", "the", "sky"}) == std::vector<int>{3});
    CHECK(unknown_words(m, {"我", "在", "天空", "中", "看到", "一只", "独角兽"}) == std::vector<int>{6});
    CHECK(unknown_words(m, {"Bird"}).empty());       // ASCII case ignored, as everywhere
    CHECK(unknown_words(m, {"<eos>", "<en>"}).size() == 2);  // the model's own tokens are not words
    CHECK(m.ids({"unicorn"}) == std::vector<int>{kUnkId});
    const Translation t = translate_greedy(m, {"I", "saw", "a", "unicorn"}, Language::Zh);
    CHECK(t.tokens.size() <= 16);
}

TEST_CASE("translate: a sentence the model half knows still comes out in the language asked for") {
    // Unknown and out-of-place words (the model was trained on the small world's sentences only)
    // once made it write English words into a Chinese sentence: "了 一条 在 树 上 the desert yesterday".
    const Translator& m = preset();
    const auto chinese = [](const std::string& w) { return test::parallel_words(Language::Zh).count(w) > 0; };
    const auto english = [](const std::string& w) { return test::parallel_words(Language::En).count(w) > 0; };
    for (const std::vector<std::string>& src : {std::vector<std::string>{"the", "apple", "fell", "from", "the", "tree"},
                                                 std::vector<std::string>{"the", "bird", "is", "in", "the", "tree"},
                                                 std::vector<std::string>{"I", "eat", "an", "apple"}}) {
        const Translation t = translate_greedy(m, src, Language::Zh);
        CHECK_FALSE(t.tokens.empty());
        for (const std::string& w : t.tokens) CHECK_MESSAGE(chinese(w), w);
        for (std::uint64_t seed = 1; seed <= 5; ++seed)  // sampled at a high temperature, too
            for (const std::string& w : translate_sampled(m, src, Language::Zh, 4.0f, seed).tokens) CHECK_MESSAGE(chinese(w), w);
    }
    const Translation back = translate_greedy(m, {"苹果", "从", "树", "上", "掉", "下来"}, Language::En);
    CHECK_FALSE(back.tokens.empty());
    for (const std::string& w : back.tokens) CHECK_MESSAGE(english(w), w);
    // may_write: the end mark, and each word of the data in its own language only
    CHECK(may_write(kEosId, Language::Zh));
    CHECK(may_write(kEosId, Language::En));
    for (const int id : {kUnkId, kToEnId, kToZhId}) {
        CHECK_FALSE(may_write(id, Language::En));
        CHECK_FALSE(may_write(id, Language::Zh));
    }
    for (int id = kToZhId + 1; id < m.shape.vocab; ++id) {
        const std::string& w = m.word(id);
        CAPTURE(w);
        CHECK(chinese(w) != english(w));  // every word of the vocabulary is in the data, on one side
        CHECK(may_write(id, Language::Zh) == chinese(w));
        CHECK(may_write(id, Language::En) == english(w));
    }
}

// Without a cache, step t reruns the decoder on all t + 1 rows (row i sees i + 1 rows); with it, only
// the new row. Derived here from the shapes, independently of decoder_step_ops:
//   row i's multiply-adds = 3d² (q k v) + 2(i+1)d (scores, weighted sum) + d² (cross q) + 2nd (cross)
//                           + 2d·ff (feed-forward) + d·vocab (output)
//   cached(t) = row t;  uncached(t) = Σ_{i ≤ t} row i, less the output layer of the t earlier rows
//             (only the last row's next token is wanted) = (t+1)(4d² + 2nd + 2d·ff) + d·vocab + d(t+1)(t+2)
TEST_CASE("translate: the KV-cached decoder gives the teacher-forced probabilities, and counts what it saves") {
    const Translator& m = preset();
    const std::vector<std::string> src = {"she", "found", "a", "small", "fox", "in", "the", "forest", "today"};
    const std::vector<std::string> tgt = {"她", "今天", "在", "森林", "中", "发现", "一只", "小", "狐狸"};
    const TranslateForward<float> f = translate_pass(m, src, Language::Zh, tgt);
    Decoder dec(m, m.ids(src), Language::Zh);
    const long d = m.shape.d, ff = m.shape.ff, V = m.shape.vocab, n = static_cast<long>(src.size());
    CHECK(dec.setup_ops == 3 * n * d * d + 2 * n * n * d + 2 * n * d * d);
    long cached = 0, uncached = 0;
    // Tolerance 1e-5 absolute: the same products, but a row at a time (Eigen may sum in another order).
    for (std::size_t t = 0; t <= tgt.size(); ++t) {
        const int input = t == 0 ? kToZhId : m.id(tgt[t - 1]);
        const DecoderStep& st = dec.step(input);
        CAPTURE(t);
        CHECK(st.t == static_cast<int>(t));
        CHECK(dec.K.rows() == static_cast<Eigen::Index>(t + 1));  // the cache grew by one row
        CHECK(dec.V.rows() == static_cast<Eigen::Index>(t + 1));
        // the teacher-forced probabilities over what may be written: the end mark and Chinese words
        const std::vector<double> allowed = test::allowed_only(f.probs.row(static_cast<Eigen::Index>(t)), m, Language::Zh);
        double worst = 0.0;
        for (Eigen::Index j = 0; j < st.probs.size(); ++j)
            worst = std::max(worst, std::abs(static_cast<double>(st.probs(j)) - allowed[static_cast<std::size_t>(j)]));
        CHECK(worst <= 1e-5);
        CHECK((st.cross_weights - f.Ac.row(static_cast<Eigen::Index>(t))).cwiseAbs().maxCoeff() <= 1e-5f);
        CHECK((st.self_weights - f.As.row(static_cast<Eigen::Index>(t)).head(static_cast<Eigen::Index>(t + 1))).cwiseAbs().maxCoeff() <= 1e-5f);
        CHECK((dec.K - f.Ks.topRows(static_cast<Eigen::Index>(t + 1))).cwiseAbs().maxCoeff() <= 1e-5f);
        CHECK(st.probs.sum() == doctest::Approx(1.0f).epsilon(1e-5));
        const long tt = static_cast<long>(t);
        CHECK(st.ops_cached == 4 * d * d + 2 * (tt + 1) * d + 2 * n * d + 2 * d * ff + d * V);
        CHECK(st.ops_uncached == (tt + 1) * (4 * d * d + 2 * n * d + 2 * d * ff) + d * V + d * (tt + 1) * (tt + 2));
        cached += st.ops_cached;
        uncached += st.ops_uncached;
    }
    CHECK(dec.total_cached == cached);
    CHECK(dec.total_uncached == uncached);
    CHECK(uncached > 2 * cached);  // ten steps: the cache saves more than half of the work
    // greedy decoding writes the same sentence and reports the same totals
    const Translation g = translate_greedy(m, src, Language::Zh);
    CHECK(g.tokens == tgt);
    CHECK(g.steps.size() == tgt.size() + 1);
    CHECK(g.steps.back().chosen == kEosId);
    CHECK(g.ops_cached == cached);
    CHECK(g.ops_uncached == uncached);
}

TEST_CASE("translate: sampled decoding is seeded; a low temperature is greedy, a high one wanders") {
    const Translator& m = preset();
    const std::vector<std::string> src = {"我", "在", "天空", "中", "看到", "一只", "鸟"};
    const Translation greedy = translate_greedy(m, src, Language::En);
    CHECK(greedy.tokens == std::vector<std::string>{"I", "saw", "a", "bird", "in", "the", "sky"});
    CHECK(translate_sampled(m, src, Language::En, 0.05f, 1).tokens == greedy.tokens);
    CHECK(translate_sampled(m, src, Language::En, 0.0f, 1).tokens == greedy.tokens);  // 0 reads as 0.001: no underflow
    int differ = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const Translation a = translate_sampled(m, src, Language::En, 3.0f, seed);
        CHECK(translate_sampled(m, src, Language::En, 3.0f, seed).tokens == a.tokens);  // the same seed, the same words
        differ += a.tokens != greedy.tokens ? 1 : 0;
        for (const DecoderStep& st : a.steps) CHECK(st.chosen >= 0);
    }
    CHECK(differ > 0);
}
