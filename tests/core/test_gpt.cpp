// The poem model (gpt.h): every gradient against central finite differences (double precision), the
// fast forward against the plain-loop double oracle (reference.h), causality, and the training,
// generation and head measures on small hand-made text (the real poems: test_poems.cpp).
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "compare.h"
#include "core/gpt_heads.h"
#include "core/poems.h"
#include "core/reference.h"

using namespace capiton;

namespace {

// The checks scale the untrained matrices up (sharper softmaxes) and move gains and biases off 1
// and 0, so that every path counts.
GptParams<float> lively_params(const GptShape& sh, std::uint64_t seed, float scale) {
    GptParams<float> p = init_gpt_params(sh, seed);
    SplitMix64 rng{seed + 100};
    for (int i = 0; i < GptParams<float>::kTensors; ++i) {
        Matrix& m = p.tensor(i);
        if (m.rows() > 1) m *= scale;
        else m += rng.uniform_matrix(1, static_cast<int>(m.cols()), 0.3f);
    }
    return p;
}

GptBatch random_batch(const GptShape& sh, int batch, int n, std::uint64_t seed) {
    SplitMix64 rng{seed};
    GptBatch b;
    b.batch = batch;
    b.n = n;
    for (int r = 0; r < batch * n; ++r) {
        b.tokens.push_back(static_cast<int>(rng.next() % static_cast<std::uint64_t>(sh.vocab)));
        b.targets.push_back(r % 3 == 2 ? -1 : static_cast<int>(rng.next() % static_cast<std::uint64_t>(sh.vocab)));  // some unscored
    }
    return b;
}

double nmse(const Mat<double>& a, const Mat<double>& b) {
    const double den = b.squaredNorm();
    return den == 0.0 ? (a - b).squaredNorm() : (a - b).squaredNorm() / den;
}

// A tiny two-language text in poems.py's format: enough to train on in a test.
const char* const kTinyTrain =
    "zh\t《一》\t甲\t春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。\n"
    "zh\t《二》\t乙\t白日依山尽，黄河入海流。欲穷千里目，更上一层楼。\n"
    "zh\t《三》\t丙\t床前明月光，疑是地上霜。举头望明月，低头思故乡。\n"
    "en\t\tA. Author\tA bird in the hand is worth two in the bush.\n"
    "broken line without tabs\n";
const char* const kTinyHeld = "zh\t《四》\t丁\t春风又绿江南岸，明月何时照我还。\nen\t\t\tThe sky is blue.\n";

}  // namespace

// Tolerance: NMSE ≤ 1e-10 per tensor between the analytic gradient and central differences with
// h = 1e-6 in double precision (truncation ~h² ≈ 1e-12 relative, rounding ~1e-16/h ≈ 1e-10 absolute
// on a loss of ~2; seen: ≤ 1e-15). Two sequences of five, a third of the positions unscored.
TEST_CASE("gpt backward: every parameter's gradient matches central differences") {
    const GptShape sh{7, 6, 8, 4, 12};
    const GptParams<double> p = cast_gpt_params<double>(lively_params(sh, 3, 2.0f));
    const GptBatch batch = random_batch(sh, 2, 5, 9);
    GptParams<double> g;
    gpt_loss_and_grad(p, sh, batch, g);
    double worst = 0.0;
    for (int t = 0; t < GptParams<double>::kTensors; ++t) {
        Mat<double> numeric(p.tensor(t).rows(), p.tensor(t).cols());
        const double h = 1e-6;
        GptParams<double> q = p;
        for (Eigen::Index k = 0; k < numeric.size(); ++k) {
            double& x = q.tensor(t).data()[k];
            x = p.tensor(t).data()[k] + h;
            const double up = gpt_forward(q, sh, batch).loss;
            x = p.tensor(t).data()[k] - h;
            const double down = gpt_forward(q, sh, batch).loss;
            x = p.tensor(t).data()[k];
            numeric.data()[k] = (up - down) / (2 * h);
        }
        const double e = nmse(g.tensor(t), numeric);
        CAPTURE(GptParams<double>::name(t));
        CAPTURE(e);
        CHECK(e <= 1e-10);
        CHECK(g.tensor(t).squaredNorm() > 0.0);  // the check compares something
        worst = std::max(worst, e);
    }
    std::printf("  gpt backward: largest NMSE against central differences %.2g\n", worst);
}

// Tolerance: NMSE ≤ 1e-9 between the float path and the double oracle for every stage compared
// (float rounding over sums of ≤ 64 products: ~1e-13 seen), the same as test_attention's.
TEST_CASE("gpt forward: each layer's input, every head's weights and the probabilities match the double oracle") {
    const GptShape sh{50, 16, 32, 4, 64};
    const GptParams<float> p = lively_params(sh, 5, 1.5f);
    const GptBatch batch = random_batch(sh, 2, 16, 11);
    const GptPass<float> f = gpt_forward(p, sh, batch);
    double worst = 0.0;
    for (int b = 0; b < batch.batch; ++b) {
        const std::vector<int> ids(batch.tokens.begin() + b * batch.n, batch.tokens.begin() + (b + 1) * batch.n);
        const ref::Gpt r = ref::gpt(p, sh, ids);
        const auto check = [&](const Matrix& fast, const ref::Mat& slow, const char* what) {
            const test::Diff d = test::compare(fast, slow);
            CAPTURE(what);
            CHECK(d.nmse <= 1e-9);
            worst = std::max(worst, d.nmse);
        };
        for (int l = 0; l < kGptLayers; ++l) {
            check(f.layers[static_cast<std::size_t>(l)].X.middleRows(b * batch.n, batch.n), r.X[static_cast<std::size_t>(l)], "X");
            for (int h = 0; h < sh.heads; ++h) check(f.weights(l, b, h, sh.heads), r.weights[static_cast<std::size_t>(l * sh.heads + h)], "weights");
        }
        check(f.logits.middleRows(b * batch.n, batch.n), r.logits, "logits");
        check(f.probs.middleRows(b * batch.n, batch.n), r.probs, "probs");
    }
    std::printf("  gpt forward: largest NMSE against the double oracle %.2g\n", worst);
    // the masked scores are −∞ above the diagonal, as the weights are 0 there
    CHECK(std::isinf(f.layers[0].Z(0, 1)));
    CHECK(f.layers[0].A(0, 1) == 0.0f);
    CHECK(f.layers[0].A(0, 0) == doctest::Approx(1.0f));
}

TEST_CASE("gpt forward is causal: a later character changes nothing before it") {
    const GptShape sh{20, 8, 16, 4, 32};
    const GptParams<float> p = lively_params(sh, 7, 1.5f);
    GptBatch a = random_batch(sh, 1, 8, 13);
    GptBatch b = a;
    b.tokens[5] = (a.tokens[5] + 1) % sh.vocab;
    const GptPass<float> fa = gpt_forward(p, sh, a), fb = gpt_forward(p, sh, b);
    CHECK(fa.probs.topRows(5) == fb.probs.topRows(5));
    CHECK(fa.probs.row(5) != fb.probs.row(5));
    // last_only (generation): each sequence's last row alone, the same numbers
    GptBatch last = a;
    last.last_only = true;
    const GptPass<float> fl = gpt_forward(p, sh, last);
    REQUIRE(fl.probs.rows() == 1);
    CHECK(fl.probs.row(0).isApprox(fa.probs.row(7), 1e-6f));
}

TEST_CASE("poem texts: parsed by field, a vocabulary by count with the unknown and text-start characters first") {
    const std::vector<PoemText> texts = parse_poem_texts(kTinyTrain);
    REQUIRE(texts.size() == 4);  // the line without tabs is skipped
    CHECK(texts[0].lang == "zh");
    CHECK(texts[0].title == "《一》");
    CHECK(texts[0].author == "甲");
    CHECK(texts[3].author == "A. Author");
    const CharVocab v = make_char_vocab(texts);
    CHECK(v.chars[kUnknownId] == kUnknownChar);
    CHECK(v.chars[kTextStartId] == kTextStart);
    CHECK(v.chars[2] == U' ');   // 10 spaces
    CHECK(v.chars[3] == U'。');  // 6, and ， 6: the lower code point first
    CHECK(v.chars[4] == U'，');
    CHECK(v.id(U'《') == kUnknownId);  // titles are not trained on
    const std::vector<int> ids = v.encode("明月光，不还");  // 还 only in the held-out poem
    REQUIRE(ids.size() == 6);
    CHECK(ids[3] == 4);
    CHECK(ids[5] == kUnknownId);
    CHECK(v.decode(ids) == "明月光，不\uFFFD");
    CHECK(v.decode(v.encode("A bird")) == "A bird");
}

// Expected by counting kTinyTrain's texts by hand (and with Python): 73 different characters, 19 of
// them seen at least twice (space 10, ， and 。 6, h 5, i and t 4, n 3, then 处 上 明 月 头 b r d e s w o).
TEST_CASE("poem vocabulary: with a minimum count, the rarer characters read as the unknown one") {
    const std::vector<PoemText> texts = parse_poem_texts(kTinyTrain);
    CHECK(make_char_vocab(texts).size() == 2 + 73);
    const CharVocab v = make_char_vocab(texts, 2);
    CHECK(v.size() == 2 + 19);
    for (char32_t c : std::u32string(U" ，。hitn处上明月头brdeswo")) CHECK(v.id(c) != kUnknownId);
    for (char32_t c : std::u32string(U"春眠晓白日光Aau")) CHECK(v.id(c) == kUnknownId);
    const CharVocab all = make_char_vocab(texts);  // the same order, the rare ones left out
    for (int i = 0; i + 1 < v.size(); ++i) CHECK(all.id(v.chars[static_cast<std::size_t>(i)]) < all.id(v.chars[static_cast<std::size_t>(i + 1)]));
    const PoemCorpus c = make_poem_corpus(kTinyTrain, kTinyHeld, v);
    // 72 poem characters, less six ， six 。 and 处 上 明 月 头 twice each
    CHECK(std::count(c.train_zh.begin(), c.train_zh.end(), kUnknownId) == 72 - 12 - 10);
}

TEST_CASE("poem corpus: each language one stream, every text after a text start") {
    const PoemCorpus c = make_poem_corpus(kTinyTrain, kTinyHeld);
    CHECK(c.train_zh.size() == 3 * (1 + 24));  // three poems of 24 characters
    CHECK(c.train_zh[0] == kTextStartId);
    CHECK(c.train_zh[25] == kTextStartId);
    CHECK(c.train_en.size() == 1 + 44);
    CHECK(c.held_zh.size() == 1 + 16);
    CHECK(std::count(c.held_zh.begin(), c.held_zh.end(), kUnknownId) > 0);
}

TEST_CASE("repeated random sequences repeat with their period; batches shift the targets by one") {
    SplitMix64 rng{3};
    const std::vector<int> s = repeated_random(5, 23, 40, rng);
    for (int i = 5; i < 23; ++i) CHECK(s[static_cast<std::size_t>(i)] == s[static_cast<std::size_t>(i - 5)]);
    for (int id : s) CHECK((id >= 2 && id < 40));
    const PoemCorpus c = make_poem_corpus(kTinyTrain, kTinyHeld);
    GptShape sh{c.vocab.size(), 16, 8, 4, 16};
    const GptBatch b = draw_gpt_batch(c, sh, 8, GptMix{0.5f, 0.25f}, rng);
    CHECK(b.tokens.size() == 8 * 16);
    CHECK(b.targets.size() == 8 * 16);
    for (int r = 0; r < 8; ++r)
        for (int i = 0; i + 1 < 16; ++i) CHECK(b.targets[static_cast<std::size_t>(r * 16 + i)] == b.tokens[static_cast<std::size_t>(r * 16 + i + 1)]);
}

TEST_CASE("repeated sequences as a run asks: periods within their range, characters from the alphabet") {
    const PoemCorpus c = make_poem_corpus(kTinyTrain, kTinyHeld);
    const GptShape sh{c.vocab.size(), 24, 8, 4, 16};
    SplitMix64 rng{11};
    const GptBatch b = draw_gpt_batch(c, sh, 40, GptMix{0.0f, 0.0f}, GptRepeat{5, 3, 6}, rng);
    for (int r = 0; r < 40; ++r) {
        std::vector<int> row(b.tokens.begin() + r * 24, b.tokens.begin() + (r + 1) * 24);
        row.push_back(b.targets[static_cast<std::size_t>(r * 24 + 23)]);
        for (int id : row) CHECK((id >= 2 && id < 5));  // the 3 most frequent characters
        bool has5or6 = false;  // the whole row repeats with a period of 5 or 6
        for (int p : {5, 6}) {
            bool ok = true;
            for (std::size_t i = static_cast<std::size_t>(p); i < row.size(); ++i) ok = ok && row[i] == row[i - static_cast<std::size_t>(p)];
            has5or6 = has5or6 || ok;
        }
        CHECK(has5or6);
    }
}

TEST_CASE("lagged repeated rows: random, then from a start each character repeats the one a period back; only what follows the start is scored") {
    const PoemCorpus c = make_poem_corpus(kTinyTrain, kTinyHeld);
    const GptShape sh{c.vocab.size(), 24, 8, 4, 16};
    SplitMix64 rng{13};
    GptRepeat lagged{3, 6, 7};
    lagged.lagged = true;
    const GptBatch b = draw_gpt_batch(c, sh, 60, GptMix{0.0f, 0.0f}, lagged, rng);
    REQUIRE(b.tokens.size() == 60 * 24);
    REQUIRE(b.targets.size() == 60 * 24);
    std::vector<int> starts;
    int copied_before_start = 0;
    for (int r = 0; r < 60; ++r) {
        CAPTURE(r);
        std::vector<int> row(b.tokens.begin() + r * 24, b.tokens.begin() + (r + 1) * 24);
        const std::vector<int> t(b.targets.begin() + r * 24, b.targets.begin() + (r + 1) * 24);
        // the unscored targets come first, then every one is scored and is the next input
        const auto first = std::find_if(t.begin(), t.end(), [](int id) { return id >= 0; });
        REQUIRE(first != t.end());
        const int s = static_cast<int>(first - t.begin());  // targets[i] is row[i + 1]: scored from row[s + 1] on
        for (int i = s; i < 24; ++i) CHECK(t[static_cast<std::size_t>(i)] >= 0);
        for (int i = s; i + 1 < 24; ++i) CHECK(t[static_cast<std::size_t>(i)] == row[static_cast<std::size_t>(i + 1)]);
        row.push_back(t[23]);
        for (int id : row) CHECK((id >= 2 && id < 8));  // the 6 most frequent characters
        // from s on the row repeats with a period of 3 to 7 that s leaves room for; at least 4 copies scored
        bool periodic = false, earlier = false;  // earlier: the same period already holds at s − 1
        for (int p = 3; p <= 7 && p <= s; ++p) {
            bool ok = true;
            for (int i = s; i < 25; ++i) ok = ok && row[static_cast<std::size_t>(i)] == row[static_cast<std::size_t>(i - p)];
            periodic = periodic || ok;
            earlier = earlier || (ok && s - 1 - p >= 0 && row[static_cast<std::size_t>(s - 1)] == row[static_cast<std::size_t>(s - 1 - p)]);
        }
        CHECK(periodic);
        copied_before_start += earlier ? 1 : 0;
        CHECK(24 - s >= 4);
        starts.push_back(s);
    }
    // the start moves from row to row
    CHECK(*std::min_element(starts.begin(), starts.end()) < *std::max_element(starts.begin(), starts.end()));
    // scoring starts right after the copying does: were it one later, the copy would always reach
    // back one more position (here only by chance, 1 in 6 for each period)
    CHECK(copied_before_start < 30);
}

TEST_CASE("repeated rows' alphabets: each row draws its own size between min_alphabet and alphabet") {
    const PoemCorpus c = make_poem_corpus(kTinyTrain, kTinyHeld);
    const GptShape sh{c.vocab.size(), 24, 8, 4, 16};
    REQUIRE(c.vocab.size() >= 2 + 24);
    SplitMix64 rng{17};
    GptRepeat r{4, 24, 8};
    r.lagged = true;
    r.min_alphabet = 3;
    const GptBatch b = draw_gpt_batch(c, sh, 80, GptMix{0.0f, 0.0f}, r, rng);
    int narrow = 0, wide = 0;  // rows within the 6 most frequent characters; rows reaching past the 18th
    for (int k = 0; k < 80; ++k) {
        const auto from = b.tokens.begin() + k * 24;
        const int top = *std::max_element(from, from + 24);
        CHECK(top < 2 + 24);
        narrow += top < 2 + 6 ? 1 : 0;
        wide += top >= 2 + 18 ? 1 : 0;
    }
    // log-uniform over [3, 24]: about 37 % of the rows draw at most 6 characters, about 11 % more than 18
    CHECK(narrow >= 12);
    CHECK(wide >= 4);
}

TEST_CASE("gpt trainer: fixed positions start as the sinusoidal code and never move; a curriculum's first part draws early_batch rows") {
    const PoemCorpus c = make_poem_corpus(kTinyTrain, kTinyHeld);
    GptRun run;
    run.shape = {0, 12, 8, 4, 32};  // context 12, d_model 8
    run.batch = 4;
    run.warmup = 1;
    run.weight_decay = 0.1f;
    run.fixed_positions = true;
    GptTrainer t(run, c);
    const Matrix code = positional_encoding(12, 8);
    CHECK(t.params.wpe == code);
    const Matrix wte = t.params.wte;
    t.run(3);
    CHECK(t.params.wpe == code);        // not by Adam, not by the decay
    CHECK_FALSE(t.params.wte == wte);   // while the rest learns
    // early_batch: two steps of 7 rows, then 4; the generator moved as by those draws
    run.fixed_positions = false;
    run.weight_decay = 0.0f;
    run.early_steps = 2;
    run.early_batch = 7;
    run.early_mix = {0.5f, 0.0f};
    GptTrainer e(run, c);
    SplitMix64 rng{e.rng_state}, four{e.rng_state};
    e.run(3);
    for (int k = 0; k < 2; ++k) {
        draw_gpt_batch(c, e.shape(), 7, run.early_mix, run.early_repeat, rng);
        draw_gpt_batch(c, e.shape(), 4, run.early_mix, run.early_repeat, four);
    }
    draw_gpt_batch(c, e.shape(), 4, run.mix, run.repeat, rng);
    draw_gpt_batch(c, e.shape(), 4, run.mix, run.repeat, four);
    CHECK(rng.state == e.rng_state);
    CHECK(four.state != e.rng_state);  // 4 rows throughout would have left it elsewhere
}

// Tolerance: the decay is the only difference after one step: |Δ| ≤ 1e-6 + 1e-5·|expected| (float).
TEST_CASE("gpt trainer: weight decay shrinks every matrix by lr·λ of itself, and no gain or bias") {
    const PoemCorpus c = make_poem_corpus(kTinyTrain, kTinyHeld);
    GptRun run;
    run.shape = {0, 16, 16, 4, 32};
    run.batch = 4;
    run.warmup = 1;
    GptTrainer plain(run, c);
    run.weight_decay = 0.5f;
    GptTrainer decayed(run, c);
    const GptParams<float> before = plain.params;
    plain.run(1);
    decayed.run(1);
    const float lr = plain.rate_at(0);
    for (int i = 0; i < GptParams<float>::kTensors; ++i) {
        const bool matrix = before.tensor(i).rows() > 1;
        CAPTURE(GptParams<float>::name(i));
        for (Eigen::Index k = 0; k < before.tensor(i).size(); ++k) {
            const float expected = matrix ? -lr * 0.5f * before.tensor(i).data()[k] : 0.0f;
            const float got = decayed.params.tensor(i).data()[k] - plain.params.tensor(i).data()[k];
            CHECK(std::fabs(got - expected) <= 1e-6f + 1e-5f * std::fabs(expected));
        }
    }
}

TEST_CASE("gpt trainer: a curriculum's first steps draw from its early mix; each part has its own schedule") {
    const PoemCorpus c = make_poem_corpus(kTinyTrain, kTinyHeld);
    GptRun run;
    run.shape = {0, 16, 16, 4, 32};
    run.batch = 4;
    run.mix = {0.0f, 0.0f};  // repeated sequences only …
    run.early_mix = {1.0f, 0.0f};  // … after 3 steps of Chinese poems only
    run.early_steps = 3;
    GptRun poems = run;
    poems.mix = run.early_mix;
    poems.early_steps = 0;
    GptRun repeats = run;
    repeats.early_steps = 0;
    GptTrainer a(run, c), p(poems, c);
    a.run(3);
    p.run(3);
    for (int k = 0; k < 3; ++k) CHECK(a.losses[static_cast<std::size_t>(k)] == p.losses[static_cast<std::size_t>(k)]);
    // step 3: repeated sequences, as a run of them alone draws them (the same parameters and
    // generator state; the steps after differ by their rates: each part has its own schedule)
    GptTrainer from(repeats, c);
    from.params = a.params;
    from.adam = a.adam;
    from.rng_state = a.rng_state;
    from.step = a.step;
    a.run(1);
    from.run(1);
    CHECK(a.losses[3] == from.losses[0]);
    // each part its own schedule: warmup 2, down to lr / 10 at step 10, again from step 10 to 30
    run.lr = 1.0f;
    run.warmup = 2;
    run.early_steps = 10;
    run.schedule_steps = 30;
    const GptTrainer s(run, c);
    CHECK(s.rate_at(0) == doctest::Approx(0.5));
    CHECK(s.rate_at(1) == doctest::Approx(1.0));
    CHECK(s.rate_at(6) == doctest::Approx(1.0 - 0.9 * 4 / 8));
    CHECK(s.rate_at(9) == doctest::Approx(1.0 - 0.9 * 7 / 8));
    CHECK(s.rate_at(10) == doctest::Approx(0.5));
    CHECK(s.rate_at(11) == doctest::Approx(1.0));
    CHECK(s.rate_at(21) == doctest::Approx(1.0 - 0.9 * 9 / 18));
    CHECK(s.rate_at(30) == doctest::Approx(0.1));
    CHECK(s.rate_at(99) == doctest::Approx(0.1));
}

TEST_CASE("gpt trainer: a fixed seed repeats itself exactly, in one run or in slices, and the loss falls") {
    const PoemCorpus c = make_poem_corpus(kTinyTrain, kTinyHeld);
    GptRun run;
    run.shape = {0, 16, 16, 4, 32};
    run.batch = 4;
    run.lr = 1e-2f;
    run.warmup = 5;
    run.schedule_steps = 60;
    GptTrainer a(run, c);
    GptTrainer b = a;
    const float before = stream_loss(a.params, a.shape(), c.train_zh);
    a.run(60);
    b.run(25);
    b.run(35);
    REQUIRE(b.losses.size() == 60);
    for (std::size_t i = 0; i < 60; ++i) CHECK(a.losses[i] == b.losses[i]);
    CHECK(a.params.layers[1].W_Q == b.params.layers[1].W_Q);
    CHECK(a.shape().vocab == c.vocab.size());
    CHECK(a.rate_at(0) == doctest::Approx(run.lr / 5));
    CHECK(a.rate_at(4) == doctest::Approx(run.lr));
    CHECK(a.rate_at(1000) == doctest::Approx(run.lr / 10));
    const float after = stream_loss(a.params, a.shape(), c.train_zh);
    CAPTURE(before);
    CAPTURE(after);
    CHECK(before > std::log(static_cast<float>(c.vocab.size())) - 0.1f);  // about uniform at the start
    CHECK(after < 0.6f * before);  // down by 40 % at least in 60 steps
}

TEST_CASE("gpt generation: greedy and seeded sampling repeat themselves; it stops after the stop character; never the unknown one") {
    const GptShape sh{20, 8, 16, 4, 32};
    const GptParams<float> p = lively_params(sh, 17, 1.5f);
    const std::vector<int> prompt = {1, 5, 6};
    const std::vector<int> g1 = gpt_generate(p, sh, prompt, 12, 0.0f, 1, -1), g2 = gpt_generate(p, sh, prompt, 12, 0.0f, 99, -1);
    CHECK(g1.size() == 12);  // longer than the context: the last 8 ids are read
    CHECK(g1 == g2);         // greedy ignores the seed
    const std::vector<int> s1 = gpt_generate(p, sh, prompt, 12, 1.0f, 3, -1), s2 = gpt_generate(p, sh, prompt, 12, 1.0f, 3, -1);
    CHECK(s1 == s2);
    const std::vector<int> stopped = gpt_generate(p, sh, prompt, 12, 0.0f, 1, g1[3]);
    const std::size_t first = static_cast<std::size_t>(std::find(g1.begin(), g1.end(), g1[3]) - g1.begin());
    CHECK(stopped.size() == first + 1);
    // greedy is the argmax of the last row, the unknown character left out
    GptBatch b;
    b.batch = 1;
    b.n = 3;
    b.tokens = prompt;
    Eigen::Index best = 0;
    gpt_forward(p, sh, b).logits.row(2).tail(sh.vocab - 1).maxCoeff(&best);
    CHECK(g1[0] == best + 1);
    // the unknown character made by far the likeliest: still never written
    GptParams<float> q = p;
    q.b_out(0, kUnknownId) = 100.0f;
    for (float temperature : {0.0f, 1.0f})
        for (int id : gpt_generate(q, sh, prompt, 12, temperature, 3, -1)) CHECK(id != kUnknownId);
}

TEST_CASE("poem form: a line is 5 or 7 Chinese characters and ， or 。") {
    CHECK(poem_form("床前明月光，疑是地上霜。").right == 2);
    const FormCount f = poem_form("春风又绿江南岸，明月何时照我还？白日尽，abcde，黄河入海流。未完");
    CHECK(f.lines == 5);  // the unfinished end is no line
    CHECK(f.right == 2);  // ？ is not the form's end; 3 characters; not Chinese
    CHECK(f.share() == doctest::Approx(0.4f));
    CHECK(poem_form("").share() == 0.0f);
}

TEST_CASE("head measures: with every query zero, each head's weights are uniform, and so are its scores") {
    const GptShape sh{60, 16, 16, 4, 32};
    GptParams<float> p = init_gpt_params(sh, 23);
    for (GptLayer<float>& w : p.layers) w.W_Q.setZero();  // every score 0: each row uniform over its i + 1 keys
    const InductionReport r = induction_report(p, sh, 6, 4, 5);
    REQUIRE(r.heads.size() == static_cast<std::size_t>(kGptLayers * sh.heads));
    double uniform = 0.0;  // weights uniform over the i + 1 keys of rows i = 6 … 11
    for (int i = 6; i < 12; ++i) uniform += 1.0 / (i + 1) / 6;
    double previous = 0.0;  // rows i = 1 … 11, each 1/(i + 1) on i − 1
    for (int i = 1; i < 12; ++i) previous += 1.0 / (i + 1) / 11;
    for (const HeadScore& h : r.heads) {
        CHECK(h.induction == doctest::Approx(uniform).epsilon(1e-5));
        CHECK(h.previous == doctest::Approx(previous).epsilon(1e-5));
    }
    CHECK(r.first_copy_loss > 0.0f);
    CHECK(r.second_copy_loss > 0.0f);
    const std::vector<float> prev = previous_token_scores(p, sh, {1, 2, 3, 4, 5});
    REQUIRE(prev.size() == r.heads.size());
    for (float s : prev) CHECK(s == doctest::Approx((1.0 / 2 + 1.0 / 3 + 1.0 / 4 + 1.0 / 5) / 4).epsilon(1e-5));
}

TEST_CASE("head measures: a period longer than half the context is cut to context / 2, and the report says so") {
    const GptShape sh{60, 16, 16, 4, 32};  // context 16
    const GptParams<float> p = init_gpt_params(sh, 23);
    const InductionReport asked = induction_report(p, sh, 6, 4, 5);
    CHECK(asked.period == 6);
    const InductionReport cut = induction_report(p, sh, 16, 4, 5);  // 2 · 16 > 16
    CHECK(cut.period == 8);
    const InductionReport eight = induction_report(p, sh, 8, 4, 5);  // the same draw, asked for directly
    CHECK(cut.first_copy_loss == eight.first_copy_loss);
    CHECK(cut.second_copy_loss == eight.second_copy_loss);
    CHECK(std::isfinite(cut.second_copy_loss));
}

// Tolerance: float logarithms, 1e-6 relative.
TEST_CASE("head measures: a uniform guess among the repeated characters costs ln of their number") {
    CHECK(repeat_alphabet(1894) == 256);
    CHECK(repeat_alphabet(60) == 58);  // all but the unknown and text-start characters
    CHECK(uniform_repeat_loss(GptShape{1894, 32, 64, 4, 256}) == doctest::Approx(std::log(256.0)).epsilon(1e-6));
    CHECK(uniform_repeat_loss(GptShape{60, 16, 16, 4, 32}) == doctest::Approx(std::log(58.0)).epsilon(1e-6));
}

TEST_CASE("head measures: induction heads are counted from a score of 0.5, the share that names a head") {
    InductionReport r;
    r.heads = {{0, 0, 0.10f, 0.9f}, {0, 1, 0.49f, 0.0f}, {1, 0, 0.50f, 0.0f}, {1, 1, 0.82f, 0.0f}, {1, 2, 0.78f, 0.1f}};
    CHECK(r.induction_heads() == 3);
    CHECK(r.best_induction().layer == 1);
    CHECK(r.best_induction().head == 1);
    CHECK(InductionReport{}.induction_heads() == 0);
}

TEST_CASE("head measures: an empty report's best heads have every score 0 (the page may ask before a model is read)") {
    const InductionReport none;
    CHECK(none.best_induction().induction == 0.0f);
    CHECK(none.best_previous().previous == 0.0f);
}
