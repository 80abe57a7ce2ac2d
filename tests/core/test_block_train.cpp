// The multi-head block's training (block_train.h): the backward pass against central finite
// differences (double precision), the optimiser's determinism, the stored presets (block_presets.h)
// and what their heads learned, measured against the sentences' own answer positions.
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/block_presets.h"
#include "core/block_train.h"
#include "core/embedding.h"

using namespace capiton;

namespace {

// NMSE(a, b) = Σ(a − b)² / Σ b², as test_train.cpp compares the other model's gradients.
double nmse(const Mat<double>& a, const Mat<double>& b) {
    const double den = b.squaredNorm();
    return den == 0.0 ? (a - b).squaredNorm() : (a - b).squaredNorm() / den;
}

// The loss alone (the finite differences need no gradient).
double mean_loss(const BlockParams<double>& p, const BlockShape& sh, const std::vector<BlockExample>& batch) {
    double total = 0.0;
    for (const BlockExample& ex : batch) total += block_forward(p, sh, ex).loss;
    return total / static_cast<double>(batch.size());
}

}  // namespace

// Tolerance: NMSE ≤ 1e-10 per tensor between the analytic gradient and central differences with
// h = 1e-6 in double precision (truncation error ~h² ≈ 1e-12 relative; seen: ≤ 4e-16). The gains and
// biases start away from 1 and 0 so that every path counts; a word appears twice in each sentence.
TEST_CASE("block backward: every parameter's gradient matches central differences, for 1, 2 and 4 heads") {
    SplitMix64 rng{41};
    double worst = 0.0;
    for (int heads : {1, 2, 4}) {
        // classes: the places, then the two ranges of the vocabulary's size (block_train.h)
        const int vocab = 4, classes = kBlockPlaces + 2 * vocab, family_classes = kBlockPlaces + vocab;
        const BlockShape sh{vocab, 8, heads, 4, classes};
        BlockParams<double> p = cast_block_params<double>(init_block_params(sh, 11 + static_cast<std::uint64_t>(heads)));
        for (Mat<double>* m : {&p.g1, &p.b1, &p.c_1, &p.c_2, &p.g2, &p.b2, &p.b_C})
            for (Eigen::Index k = 0; k < m->size(); ++k) m->data()[k] += 0.3 * rng.uniform();
        std::vector<BlockExample> batch;
        for (int b = 0; b < 3; ++b) {  // both questions asked, the family one only, the previous word only
            BlockExample ex;
            const int n = 3 + b;
            for (int i = 0; i < n; ++i) ex.ids.push_back(static_cast<int>(rng.next() % vocab));
            ex.ids[0] = ex.ids[static_cast<std::size_t>(n - 1)];
            ex.position = 1 + static_cast<int>(rng.next() % static_cast<std::uint64_t>(n - 1));
            if (b != 2) ex.family = static_cast<int>(rng.next() % static_cast<std::uint64_t>(family_classes));
            if (b != 1) ex.previous = family_classes + ex.ids[static_cast<std::size_t>(ex.position - 1)];
            batch.push_back(ex);
        }
        BlockParams<double> g;
        block_loss_and_grad(p, sh, batch, g);
        for (int t = 0; t < BlockParams<double>::kTensors; ++t) {
            Mat<double> numeric(p.tensor(t).rows(), p.tensor(t).cols());
            const double h = 1e-6;
            BlockParams<double> q = p;
            for (Eigen::Index k = 0; k < numeric.size(); ++k) {
                double& x = q.tensor(t).data()[k];
                x = p.tensor(t).data()[k] + h;
                const double up = mean_loss(q, sh, batch);
                x = p.tensor(t).data()[k] - h;
                const double down = mean_loss(q, sh, batch);
                x = p.tensor(t).data()[k];
                numeric.data()[k] = (up - down) / (2 * h);
            }
            const double e = nmse(g.tensor(t), numeric);
            CAPTURE(BlockParams<double>::name(t));
            CAPTURE(heads);
            CAPTURE(e);
            CHECK(e <= 1e-10);
            worst = std::max(worst, e);
            CHECK(g.tensor(t).squaredNorm() > 0.0);  // the check compares something
        }
    }
    std::printf("  block backward: largest NMSE against central differences %.2g\n", worst);
}

TEST_CASE("block trainer: Adam with a fixed seed repeats itself exactly, in one run or in slices") {
    BlockTrainer a(2, 0.02f, 5, 20);
    BlockTrainer b = a;
    a.run(12);
    b.run(6);
    b.run(6);  // in two slices, as the page trains between frames
    REQUIRE(a.losses.size() == 12);
    REQUIRE(b.losses.size() == 12);
    for (std::size_t i = 0; i < 12; ++i) CHECK(a.losses[i] == b.losses[i]);
    CHECK(a.params.W_Q == b.params.W_Q);
    CHECK(a.adam.lr < 0.02f);  // the schedule has lowered the rate
    CHECK(a.losses.back() < a.losses.front());
}

TEST_CASE("block_input: the lesson's sentence as the block reads it, an unknown word with a zero row of E") {
    const BlockTask task = block_world_task(3);
    const BlockShape sh = block_world_shape(task, 2);
    CHECK(sh.classes == kBlockPlaces + 2 * static_cast<int>(task.vocab.size()));
    CHECK(task.family_classes == kBlockPlaces + static_cast<int>(task.vocab.size()));
    const BlockParams<float> p = init_block_params(sh, 4);
    const std::vector<std::string> words = {"i", "saw", "a", "bird", "in", "the", "sky", "zzz"};  // "i": case ignored
    const Matrix X = block_input(task, p, words);
    const Matrix pe = positional_encoding(8, sh.d_model);
    const auto id = [&](const char* w) { return std::find(task.vocab.begin(), task.vocab.end(), w) - task.vocab.begin(); };
    CHECK(X.row(0).isApprox(p.E.row(id("I")) + pe.row(0)));
    CHECK(X.row(3).isApprox(p.E.row(id("bird")) + pe.row(3)));
    CHECK(X.row(7) == pe.row(7));  // not a word of the world
    // a training example of the task: its question at the asking word, its previous word everywhere else
    const BlockExample& ex = task.train.front();
    CHECK(ex.family >= 0);
    CHECK(ex.family < task.family_classes);
    if (ex.position >= 1) CHECK(ex.previous == task.family_classes + ex.ids[static_cast<std::size_t>(ex.position - 1)]);
    const BlockExample& other = task.train[1];
    CHECK(other.family == -1);
    CHECK(other.previous == task.family_classes + other.ids[static_cast<std::size_t>(other.position - 1)]);
}

namespace {

// Rerunning a whole preset takes ~2 s per preset natively with optimisation, but ~2 min in the
// unoptimised native-debug build (Eigen at -O0): there, as in WebAssembly (where long runs drift,
// test_train.cpp), the test reruns the first steps and compares the losses recorded with the preset.
constexpr bool kFullRerun =
#if defined(NDEBUG) && !defined(__EMSCRIPTEN__)
    true;
#else
    false;
#endif
// How many first steps to rerun when not the whole run: native-debug the steps up to 100 (~4 s a
// preset); WebAssembly all recorded steps (200), but only up to 100 for the 4-head preset: its run
// (seed 11) has a loss spike at step 149 (4.47, against ~3.4 around it) that turns the rounding
// differences of WebAssembly's sums (≤ 3e-7 relative until then) into 1e-4 at once and 2 % by step
// 200. (The 1- and 2-head runs agree to 2e-6 at step 200.)
int early_rerun(int heads) {
#ifdef NDEBUG
    return heads == 4 ? 100 : kEarlySteps[kEarlyCount - 1];
#else
    (void)heads;
    return 100;
#endif
}

// The largest weight of row i of a head's weights, apart from nothing: its column.
int top_of(const Matrix& A, int i) {
    Eigen::Index j = 0;
    A.row(i).maxCoeff(&j);
    return static_cast<int>(j);
}

BlockExample lesson_example(const BlockTask& task, const std::vector<std::string>& words) {
    BlockExample ex;
    for (const std::string& w : words) {
        const auto it = std::find(task.vocab.begin(), task.vocab.end(), w);
        REQUIRE(it != task.vocab.end());
        ex.ids.push_back(static_cast<int>(it - task.vocab.begin()));
    }
    return ex;
}

// The held-out sentences the tests measure on: another draw than the one the seeds were chosen on
// (kHeadJobDraw), without the pronoun family, of one language.
std::vector<WorldSentence> test_sentences(Language l) {
    std::vector<WorldSentence> out;
    for (WorldSentence& s : world_sentences(4242, true, 600))
        if (s.family != WorldFamily::Pronoun && s.language == l) out.push_back(std::move(s));
    return out;
}

}  // namespace

// Tolerances as test_train.cpp's presets test: max |Δ| ≤ 1e-4 per parameter after a full rerun, the
// recorded losses within 1e-3 relative.
TEST_CASE("block presets: the training code reproduces the stored weights (natively, optimised) or their first losses") {
    for (const BlockPresetRun& r : kBlockPresetRuns) {
        CAPTURE(r.heads);
        BlockParams<float> stored;
        BlockTask task;
        BlockShape shape;
        REQUIRE(load_block_preset(r.heads, &stored, &task, &shape));
        REQUIRE(block_preset_run(r.heads) == &r);
        CHECK(shape.heads == r.heads);
        CHECK(shape.d_model == kBlockDModel);
        float early[kEarlyCount];
        REQUIRE(block_preset_early_losses(r.heads, early));
        BlockTrainer t(r.heads, r.lr, r.seed, r.steps);
        t.run(kFullRerun ? r.steps : early_rerun(r.heads), r.batch);
        for (int k = 0; k < kEarlyCount; ++k)
            if (kEarlySteps[k] <= static_cast<int>(t.losses.size())) {
                CAPTURE(kEarlySteps[k]);
                CHECK(t.losses[static_cast<std::size_t>(kEarlySteps[k] - 1)] == doctest::Approx(early[k]).epsilon(1e-3));
            }
        if (!kFullRerun) continue;
        // the lesson's tensors are stored at half precision: the rerun, rounded the same way, within
        // 1e-4 (natively: the same bits); the output head at full precision, within 1e-4
        REQUIRE(load_block_classifier(r.heads, &stored));
        for (int i = 0; i < BlockParams<float>::kTensors; ++i) {
            CAPTURE(BlockParams<float>::name(i));
            REQUIRE(stored.tensor(i).rows() == t.params.tensor(i).rows());
            REQUIRE(stored.tensor(i).cols() == t.params.tensor(i).cols());
            Matrix rerun = t.params.tensor(i);
            if (i < BlockParams<float>::kTensors - 2) rerun = rerun.unaryExpr([](float x) { return from_half(half_bits(x)); });
            CHECK((stored.tensor(i) - rerun).cwiseAbs().maxCoeff() <= 1e-4f);
        }
    }
    BlockParams<float> none;
    CHECK_FALSE(load_block_preset(3, &none));
    CHECK_FALSE(load_block_classifier(3, &none));
    CHECK(block_preset_run(3) == nullptr);
}

namespace {

// Each head's share of rows whose largest weight is where the sentence says: the asking word's row on
// one of its answers (s.answers), and every row i ≥ 1 on i − 1. Counted here from the weights and the
// sentences alone, to check head_jobs() against.
struct Shares {
    std::vector<float> family, previous;
};
Shares measure(const BlockParams<float>& p, const BlockShape& sh, const BlockTask& task, const std::vector<WorldSentence>& ss) {
    std::vector<int> fam(static_cast<std::size_t>(sh.heads)), prev(fam.size());
    int fam_rows = 0, prev_rows = 0;
    for (const WorldSentence& s : ss) {
        const BlockPass<float> f = block_pass(p, sh, block_input(task, p, s.tokens));
        const int n = static_cast<int>(s.tokens.size());
        ++fam_rows;
        prev_rows += n - 1;
        for (std::size_t h = 0; h < fam.size(); ++h) {
            const int top = top_of(f.heads[h].A, s.query);
            fam[h] += std::find(s.answers.begin(), s.answers.end(), top) != s.answers.end() ? 1 : 0;
            for (int i = 1; i < n; ++i) prev[h] += top_of(f.heads[h].A, i) == i - 1 ? 1 : 0;
        }
    }
    Shares out;
    for (std::size_t h = 0; h < fam.size(); ++h) {
        out.family.push_back(static_cast<float>(fam[h]) / static_cast<float>(fam_rows));
        out.previous.push_back(static_cast<float>(prev[h]) / static_cast<float>(prev_rows));
    }
    return out;
}

// The lesson's sentences (world.h), each with its asking word's position and its answers' positions.
struct LessonSentence {
    Language language;
    std::vector<std::string> words;
    int asks;
    std::vector<int> answers;
};
const LessonSentence kLessonSentences[] = {
    {Language::En, {"I", "saw", "a", "bird", "in", "the", "sky"}, 3, {6}},       // bird → sky
    {Language::Zh, {"我", "在", "天空", "中", "看到", "一只", "鸟"}, 6, {2}},  // 鸟 → 天空
    {Language::En, {"I", "ate", "an", "apple"}, 3, {1}},                         // apple → ate
    {Language::Zh, {"苹果", "发布", "了", "新", "手机"}, 0, {1, 4}},           // 苹果 → 发布 or 手机
};

}  // namespace

TEST_CASE("block presets: the heads do different jobs, on the lesson's sentences and on held-out ones") {
    // The heads' jobs in the stored presets (block_presets.h), per language: which head looks for the
    // answer and which one word back (the 4-head preset finds the answer with a different head in each
    // language). Thresholds on the held-out draw 4242 (not the draw the seeds were chosen on), seen:
    //   2 heads: family head 1.000 en, 0.922 zh; previous-word head 0.929 en, 0.904 zh;
    //   4 heads: family head 0.908 en, 0.883 zh; previous-word head 0.793 en, 0.771 zh.
    // The lesson's sentences: the family head's row peaks on the answer in all four; the previous-word
    // head looks one back on every row i ≥ 1 of three of them, and on all but one of the fourth (2 heads:
    // 3 of 4 in 苹果发布了新手机; 4 heads: 5 of 6 in I saw a bird in the sky).
    const struct { int heads; int family[2]; int previous; float min_family, min_previous; } cases[] = {
        {2, {1, 1}, 0, 0.80f, 0.80f},
        {4, {1, 2}, 0, 0.80f, 0.70f},
    };
    for (const auto& c : cases) {
        CAPTURE(c.heads);
        BlockParams<float> p;
        BlockTask task;
        BlockShape sh;
        REQUIRE(load_block_preset(c.heads, &p, &task, &sh));
        REQUIRE(load_block_classifier(c.heads, &p));
        for (const LessonSentence& ls : kLessonSentences) {
            const std::size_t fh = static_cast<std::size_t>(c.family[static_cast<int>(ls.language)]);
            CAPTURE(ls.words[static_cast<std::size_t>(ls.asks)]);
            const BlockForward<float> f = block_forward(p, sh, lesson_example(task, ls.words));
            const int top = top_of(f.heads[fh].A, ls.asks);
            CHECK(std::find(ls.answers.begin(), ls.answers.end(), top) != ls.answers.end());
            int back = 0;
            for (int i = 1; i < static_cast<int>(ls.words.size()); ++i)
                back += top_of(f.heads[static_cast<std::size_t>(c.previous)].A, i) == i - 1 ? 1 : 0;
            std::printf("  %d heads, %s: the family head's row of %s peaks on %s; the previous-word head looks one back on %d of %zu rows\n",
                        c.heads, ls.words[0].c_str(), ls.words[static_cast<std::size_t>(ls.asks)].c_str(),
                        ls.words[static_cast<std::size_t>(top)].c_str(), back, ls.words.size() - 1);
            CHECK(back >= static_cast<int>(ls.words.size()) - 2);  // every row i ≥ 1 but at most one
        }
        for (Language l : {Language::En, Language::Zh}) {
            const std::vector<WorldSentence> ss = test_sentences(l);
            const Shares m = measure(p, sh, task, ss);
            const int fh = c.family[static_cast<int>(l)];
            std::printf("  %d heads, %s held-out (%zu sentences): family head %d %.3f, previous-word head %d %.3f\n", c.heads,
                        l == Language::En ? "en" : "zh", ss.size(), fh, static_cast<double>(m.family[static_cast<std::size_t>(fh)]),
                        c.previous, static_cast<double>(m.previous[static_cast<std::size_t>(c.previous)]));
            CHECK(m.family[static_cast<std::size_t>(fh)] >= c.min_family);
            CHECK(m.previous[static_cast<std::size_t>(c.previous)] >= c.min_previous);
            // head_jobs() counts the same, and names the jobs
            const std::vector<HeadJob> jobs = head_jobs(p, sh, task, ss);
            REQUIRE(jobs.size() == static_cast<std::size_t>(c.heads));
            for (std::size_t h = 0; h < jobs.size(); ++h) {
                CHECK(jobs[h].family == doctest::Approx(m.family[h]));
                CHECK(jobs[h].previous == doctest::Approx(m.previous[h]));
            }
            CHECK(jobs[static_cast<std::size_t>(fh)].job == HeadJobKind::Family);
            CHECK(jobs[static_cast<std::size_t>(c.previous)].job == HeadJobKind::Previous);
        }
        const BlockAccuracy a = block_accuracy(p, sh, task.test);
        std::printf("  %d heads: held-out accuracy: family %.3f (%d asked), previous word %.3f (%d asked)\n", c.heads,
                    static_cast<double>(a.family), a.family_asked, static_cast<double>(a.previous), a.previous_asked);
        CHECK(a.family >= 0.85f);    // seen: 0.912 (2 heads), 0.902 (4 heads)
        CHECK(a.previous >= 0.75f);  // seen: 0.902, 0.819
    }
}

// One head asked both questions at the asking word: seen on draw 4242, its top weight on the answer in
// 0.535 (en) and 0.630 (zh) of the asking rows, one word back on 0.818 and 0.765 of rows i ≥ 1; held-out
// accuracy 0.878 (family), 0.829 (previous word): it answers from a row split between the two.
TEST_CASE("block presets: one head has to split its row between the answer and the word before") {
    BlockParams<float> p;
    BlockTask task;
    BlockShape sh;
    REQUIRE(load_block_preset(1, &p, &task, &sh));
    REQUIRE(load_block_classifier(1, &p));
    for (Language l : {Language::En, Language::Zh}) {
        const Shares m = measure(p, sh, task, test_sentences(l));
        std::printf("  1 head, %s held-out: family %.3f, previous word %.3f\n", l == Language::En ? "en" : "zh",
                    static_cast<double>(m.family[0]), static_cast<double>(m.previous[0]));
        CHECK(m.family[0] < 0.8f);  // the 2-head preset's family head: ≥ 0.85
        CHECK(m.previous[0] >= 0.6f);
    }
    const BlockAccuracy a = block_accuracy(p, sh, task.test);
    std::printf("  1 head: held-out accuracy: family %.3f, previous word %.3f\n", static_cast<double>(a.family),
                static_cast<double>(a.previous));
    CHECK(a.family >= 0.8f);
    // the UI's call: the preset's jobs measured on held-out sentences (kHeadJobDraw)
    const std::vector<HeadJob> jobs = block_preset_head_jobs(2, Language::Zh);
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[0].job == HeadJobKind::Previous);
    CHECK(jobs[1].job == HeadJobKind::Family);
    CHECK(block_preset_head_jobs(3, Language::En).empty());
    CHECK(std::string(head_job_id(HeadJobKind::Family)) == "family");
}

// Half precision as IEEE 754 binary16 defines it; the expected bit patterns are written out by hand.
TEST_CASE("block presets: half precision rounds to nearest, ties to even, and reads back") {
    CHECK(half_bits(1.0f) == 0x3c00);
    CHECK(half_bits(-2.0f) == 0xc000);
    CHECK(half_bits(0.0f) == 0x0000);
    CHECK(half_bits(65504.0f) == 0x7bff);                 // the largest half
    CHECK(half_bits(1e6f) == 0x7c00);                     // beyond it: infinity
    CHECK(half_bits(0.333333343f) == 0x3555);             // 1/3 → 0.33325195…
    CHECK(half_bits(1.0f + 1.0f / 2048.0f) == 0x3c00);    // exactly half-way: to the even 1.0
    CHECK(half_bits(1.0f + 3.0f / 2048.0f) == 0x3c02);    // half-way again: to the even neighbour above
    CHECK(half_bits(5.9604645e-8f) == 0x0001);            // 2⁻²⁴, the smallest subnormal
    CHECK(half_bits(6.103515625e-5f) == 0x0400);          // 2⁻¹⁴, the smallest normal
    CHECK(from_half(0x3555) == doctest::Approx(0.33325195).epsilon(1e-7));
    CHECK(from_half(0x0001) == 5.9604645e-8f);
    CHECK(from_half(0xfbff) == -65504.0f);
    for (float x : {0.1f, -0.73f, 1.9f, -3.3e-3f, 7.5e-5f})  // within 2⁻¹¹ relative of the float
        CHECK(std::fabs(from_half(half_bits(x)) - x) <= std::fabs(x) / 2048.0f);
}
