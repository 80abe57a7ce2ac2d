// The backward pass against central finite differences (double precision), the optimiser's
// determinism, and the tasks: loss falls below a written threshold within a written number of steps.
#include <doctest.h>

#include <cmath>
#include <cstdio>

#include "core/embedding.h"
#include "core/presets.h"
#include "core/session.h"
#include "core/train.h"
#include "core/world.h"

using namespace capiton;

namespace {

// NMSE(a, b) = Σ(a − b)² / Σ b², as ggml's backend tests compare tensors.
double nmse(const Mat<double>& a, const Mat<double>& b) {
    const double den = b.squaredNorm();
    return den == 0.0 ? (a - b).squaredNorm() : (a - b).squaredNorm() / den;
}

Example random_example(SplitMix64& rng, int vocab, int n, int classes) {
    Example ex;
    for (int i = 0; i < n; ++i) ex.ids.push_back(static_cast<int>(rng.next() % static_cast<std::uint64_t>(vocab)));
    ex.ids[0] = ex.ids[static_cast<std::size_t>(n - 1)];  // a repeated word: its row gets two gradients
    ex.position = static_cast<int>(rng.next() % static_cast<std::uint64_t>(n));
    ex.answer = static_cast<int>(rng.next() % static_cast<std::uint64_t>(classes));
    return ex;
}

}  // namespace

// Tolerance: NMSE ≤ 1e-10 per tensor between the analytic gradient and central differences with
// h = 1e-6 in double precision (truncation error ~h² ≈ 1e-12 relative; seen: ≤ 1e-14).
// Depth 2: a batch asks at both layers, so every tensor of both gets a gradient.
TEST_CASE("backward: every parameter's gradient matches central differences, on random shapes") {
    SplitMix64 rng{77};
    const struct { int vocab, d_model, d_k, classes, n; bool scaled; int depth; } shapes[] = {
        {5, 4, 2, 2, 3, true, 1},  {9, 8, 3, 4, 6, true, 1},  {7, 6, 5, 3, 5, false, 1}, {12, 16, 8, 12, 7, true, 1},
        {6, 4, 2, 3, 4, true, 2},  {9, 8, 4, 5, 6, true, 2},  {7, 6, 3, 4, 5, false, 2}};
    for (const auto& sh : shapes) {
        const ModelShape shape{sh.vocab, sh.d_model, sh.d_k, sh.classes, sh.scaled, sh.depth};
        const Params<double> p = cast_params<double>(init_params(shape, rng.next()));
        std::vector<Example> batch;
        for (int b = 0; b < 4; ++b) {
            batch.push_back(random_example(rng, sh.vocab, sh.n, sh.classes));
            batch.back().layer = 1 + b % sh.depth;
        }
        Params<double> g;
        loss_and_grad(p, shape, batch, g);
        for (int t = 0; t < Params<double>::kTensors; ++t) {
            Mat<double> numeric(p.tensor(t).rows(), p.tensor(t).cols());
            const double h = 1e-6;
            for (Eigen::Index k = 0; k < numeric.size(); ++k) {
                Params<double> q = p, scratch;
                q.tensor(t).data()[k] += h;
                const double up = loss_and_grad(q, shape, batch, scratch);
                q.tensor(t).data()[k] -= 2 * h;
                const double down = loss_and_grad(q, shape, batch, scratch);
                numeric.data()[k] = (up - down) / (2 * h);
            }
            const double e = nmse(g.tensor(t), numeric);
            CAPTURE(Params<double>::name(t));
            CAPTURE(sh.d_model);
            CAPTURE(sh.d_k);
            CAPTURE(sh.depth);
            CHECK((p.tensor(t).size() == 0) == (t >= 6 && sh.depth == 1));  // layer 2's tensors only at depth 2
            if (p.tensor(t).size() == 0) continue;  // the second layer's tensors at depth 1: none
            CHECK(e <= 1e-10);
            CHECK(g.tensor(t).squaredNorm() > 0.0);  // the check compares something
        }
    }
}

TEST_CASE("Adam with a fixed seed repeats itself exactly") {
    Trainer a(TaskId::Apple, 0.02f, 8, true, 5), b(TaskId::Apple, 0.02f, 8, true, 5);
    a.run(20);
    b.run(10);
    b.run(10);  // in two slices, as the page trains between frames
    REQUIRE(a.losses.size() == 20);
    REQUIRE(b.losses.size() == 20);
    for (std::size_t i = 0; i < 20; ++i) CHECK(a.losses[i] == b.losses[i]);
    CHECK(a.params.W_Q == b.params.W_Q);
}

TEST_CASE("the four tasks exist, and the model learns each (loss and accuracy thresholds)") {
    // Written thresholds: mean loss over the last 20 steps below `loss`, test accuracy at least
    // `acc`, after `steps` steps of batch 32 with learning rate 0.02, seed 1, and d_k as given. The
    // world's test sentences are held-out templates: naming the answering word there is harder.
    const struct { TaskId id; int d_k, steps; float loss, acc; } goals[] = {
        {TaskId::Apple, 8, 300, 0.10f, 0.95f}, {TaskId::Lookback, 8, 600, 0.30f, 0.90f},
        {TaskId::Birdsky, 8, 400, 0.10f, 0.95f}, {TaskId::World, 4, 1500, 1.0f, 0.70f}};  // its loss also counts the parts-of-sentence questions;
    // the world's accuracy: seen 0.76 (exact square roots, the same on every processor);
    // 1500 of its kWorldSteps: it has learned most of it by then (the presets test runs all of them)
    REQUIRE(count_of<TaskId>() == 4);
    for (const auto& goal : goals) {
        Trainer t(goal.id, 0.02f, goal.d_k, true, 1);
        REQUIRE_FALSE(t.task.train.empty());
        const float before = accuracy(t.params, t.task.shape, t.task.test);
        t.run(goal.steps);
        float tail = 0;
        for (int i = goal.steps - 20; i < goal.steps; ++i) tail += t.losses[static_cast<std::size_t>(i)] / 20.0f;
        const float after = accuracy(t.params, t.task.shape, t.task.test);
        std::printf("  task %-8s: loss %.3f -> %.4f (last 20 steps), test accuracy %.2f -> %.2f after %d steps\n", id_of(goal.id),
                    static_cast<double>(t.losses.front()), static_cast<double>(tail), static_cast<double>(before),
                    static_cast<double>(after), goal.steps);
        CAPTURE(id_of(goal.id));
        CHECK(t.task.id == id_of(goal.id));
        CHECK(tail < goal.loss);
        CHECK(after >= goal.acc);
    }
}

namespace {
// 0 for apple or a filler word, 1 for a fruit or company word (by the task's own lists in train.cpp).
int apple_word_kind(const Task& t, int id) {
    static const char* const kDeciding[] = {"eat", "tree", "juice", "fruit", "pie", "sweet", "orchard", "phone", "stock",
                                            "launch", "company", "shares", "ceo", "market",
                                            "\xe5\x90\x83", "\xe6\xa0\x91", "\xe6\x9e\x9c\xe6\xb1\x81",
                                            "\xe6\xb0\xb4\xe6\x9e\x9c", "\xe7\x94\x9c", "\xe6\x89\x8b\xe6\x9c\xba",
                                            "\xe8\x82\xa1\xe7\xa5\xa8", "\xe5\x8f\x91\xe5\xb8\x83",
                                            "\xe5\x85\xac\xe5\x8f\xb8", "\xe5\xb8\x82\xe5\x9c\xba"};
    for (const char* w : kDeciding)
        if (t.vocab[static_cast<std::size_t>(id)] == w) return 1;
    return 0;
}

// The other word the asked position weights most, in each test example (a word also keeps some
// attention on itself, its own meaning; the question is where the rest goes).
std::vector<int> focus_keys(const Trainer& t) {
    std::vector<int> keys;
    for (const Example& ex : t.task.test) {
        const Forward<float> f = forward(t.params, t.task.shape, ex);
        Eigen::RowVectorXf row = f.A.row(ex.position);
        row(ex.position) = -1.0f;
        Eigen::Index j = 0;
        row.maxCoeff(&j);
        keys.push_back(static_cast<int>(j));
    }
    return keys;
}
}  // namespace

// What each task is for: after training, the asked word looks at the word that decides the answer.
TEST_CASE("after training, attention goes where the lesson says it should") {
    SUBCASE("apple looks at its deciding word (fruit or company)") {
        Trainer t(TaskId::Apple, 0.02f, 8, true, 1);
        t.run(300);
        const std::vector<int> keys = focus_keys(t);
        int right = 0;
        for (std::size_t e = 0; e < keys.size(); ++e) {
            const Example& ex = t.task.test[e];
            // the one word that is neither apple nor a filler: the deciding word
            int deciding = -1;
            for (std::size_t i = 0; i < ex.ids.size(); ++i)
                if (static_cast<int>(i) != ex.position && apple_word_kind(t.task, ex.ids[i]) != 0) deciding = static_cast<int>(i);
            right += keys[e] == deciding ? 1 : 0;
        }
        CHECK(right >= static_cast<int>(keys.size()) * 9 / 10);
    }
    SUBCASE("lookback: the last word looks exactly three places back, sharply") {
        Trainer t(TaskId::Lookback, 0.02f, 8, true, 1);
        const Example& ex = t.task.test.front();
        const float before = forward(t.params, t.task.shape, ex).A(5, 2);
        t.run(600);
        for (int k : focus_keys(t)) CHECK(k == 2);
        const float after = forward(t.params, t.task.shape, ex).A(5, 2);
        CHECK(before < 0.4f);  // about uniform (1/6) before
        CHECK(after > 0.9f);   // one position after
    }
    SUBCASE("birdsky: bird and fish look at their place word") {
        Trainer t(TaskId::Birdsky, 0.02f, 8, true, 1);
        t.run(400);
        const std::vector<int> keys = focus_keys(t);
        int right = 0;
        for (std::size_t e = 0; e < keys.size(); ++e) {
            const Example& ex = t.task.test[e];
            right += ex.ids[static_cast<std::size_t>(keys[e])] == 2 + ex.answer ? 1 : 0;  // the place word's id
        }
        CHECK(right >= static_cast<int>(keys.size()) * 9 / 10);
    }
}

// Tolerance: max |Δ| ≤ 1e-4 per parameter between the stored preset (made natively by
// scripts/make-presets) and a new run of the same training (seen: 0 natively, ~3e-7 in WebAssembly,
// where Eigen sums in another order; the losses agree to 9 digits).
// The small world's run is long (kWorldSteps) and ends with a loss near 0, where Adam turns gradients
// of rounding size into full steps: in WebAssembly it follows the native run for a few hundred steps,
// then drifts apart and ends in another model (as another seed would: docs/small-world.md). There the
// test checks the part that must agree: the loss after each of kEarlySteps, recorded natively with the
// preset, within 1e-3 relative (seen: ~1e-6).
bool drifts_in_wasm(TaskId t) {
#ifdef __EMSCRIPTEN__
    return t == TaskId::World;
#else
    (void)t;
    return false;
#endif
}

TEST_CASE("presets: the training code reproduces the stored weights") {
    for (const PresetRun& r : kPresetRuns) {
        CAPTURE(id_of(r.task));
        Params<float> stored;
        REQUIRE(load_preset_params(r.task, &stored));
        REQUIRE(&preset_run(r.task) == &r);
        Trainer t(r.task, r.lr, r.d_k, true, r.seed);
        float early[kEarlyCount];
        REQUIRE(preset_early_losses(r.task, early));
        if (drifts_in_wasm(r.task)) {
            t.run(kEarlySteps[kEarlyCount - 1], r.batch);
            for (int k = 0; k < kEarlyCount; ++k) {
                CAPTURE(kEarlySteps[k]);
                CHECK(t.losses[static_cast<std::size_t>(kEarlySteps[k] - 1)] == doctest::Approx(early[k]).epsilon(1e-3));
            }
            continue;
        }
        t.run(r.steps, r.batch);
        for (int k = 0; k < kEarlyCount; ++k)  // the recorded losses (to 1e-3 relative, as above)
            if (kEarlySteps[k] <= r.steps)
                CHECK(t.losses[static_cast<std::size_t>(kEarlySteps[k] - 1)] == doctest::Approx(early[k]).epsilon(1e-3));
        for (int i = 0; i < Params<float>::kTensors; ++i) {
            CAPTURE(Params<float>::name(i));
            REQUIRE(stored.tensor(i).rows() == t.params.tensor(i).rows());
            REQUIRE(stored.tensor(i).cols() == t.params.tensor(i).cols());
            if (stored.tensor(i).size() == 0) continue;  // a second layer's tensor of a one-layer model
            CHECK((stored.tensor(i) - t.params.tensor(i)).cwiseAbs().maxCoeff() <= 1e-4f);
        }
        CHECK(accuracy(stored, t.task.shape, t.task.test) >= (r.task == TaskId::World ? 0.85f : 1.0f));
    }
    for (TaskId t : all_of<TaskId>()) CHECK(preset_run(t).task == t);  // every task has its run
}

TEST_CASE("session: the apple preset makes the lesson's own sentences show the learned behaviour") {
    Session s;
    CHECK(s.training().state() == nullptr);
    REQUIRE(s.load_preset(TaskId::Apple).ok());
    REQUIRE(s.training().state() != nullptr);
    CHECK(s.training().state()->preset);
    CHECK(s.training().state()->accuracy == 1.0f);
    CHECK(s.lesson().config().d_model == 16);
    CHECK(s.lesson().config().d_k == 8);
    const struct { const char* sentence; int apple; const char* sense[3]; } cases[] = {
        {"I eat the apple from the tree", 3, {"eat", "tree", nullptr}},
        {"the company apple will launch a new phone", 2, {"company", "launch", "phone"}},
        {"a sweet apple pie", 2, {"sweet", "pie", nullptr}},
        {"apple stock was big today", 0, {"stock", nullptr, nullptr}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sentence);
        REQUIRE(s.set_sentence(c.sentence).ok());
        Eigen::RowVectorXf row = s.lesson().trace().weights.row(c.apple);
        row(c.apple) = -1.0f;  // apart from itself
        Eigen::Index j = 0;
        row.maxCoeff(&j);
        const std::string& looked_at = s.lesson().trace().tokens[static_cast<std::size_t>(j)];
        CAPTURE(looked_at);
        CHECK((looked_at == c.sense[0] || (c.sense[1] && looked_at == c.sense[1]) || (c.sense[2] && looked_at == c.sense[2])));
    }
    CHECK(state_json(s).find("\"training\":{\"task\":\"apple\"") != std::string::npos);
    s.unload_model();
    CHECK(s.training().state() == nullptr);
    CHECK(s.lesson().config().d_model == 8);
    CHECK(state_json(s).find("\"training\":null") != std::string::npos);
}

TEST_CASE("session: training in slices lowers the loss and changes the weights on screen") {
    Session s;
    REQUIRE(s.set_sentence("the bird flies over the sky").ok());
    CHECK_FALSE(s.train(TaskId::Birdsky, 0.0f).ok());  // a learning rate of 0 learns nothing: refused
    CHECK_FALSE(s.train(TaskId::Birdsky, 0.02f, 0).ok());
    CHECK(s.training().state() == nullptr);
    REQUIRE(s.train(TaskId::Birdsky).ok());
    const Matrix before = s.lesson().trace().weights;
    for (int i = 0; i < 30; ++i) s.train_slice(10);
    REQUIRE(s.training().state() != nullptr);
    CHECK(s.training().state()->step == 300);
    CHECK(s.training().state()->running);
    CHECK(s.training().state()->losses.count() == 300);
    CHECK(s.training().state()->loss < s.training().state()->losses.points().front() / 10.0f);
    CHECK(s.training().state()->accuracy > 0.9f);
    CHECK_FALSE(s.lesson().trace().weights.isApprox(before));
    s.pause();
    CHECK_FALSE(s.training().state()->running);
    const int step = s.training().state()->step;
    REQUIRE(s.train(TaskId::Birdsky).ok());  // resumes the same run
    CHECK(s.training().state()->step == step);
    // bird looks at sky, apart from itself
    Eigen::RowVectorXf row = s.lesson().trace().weights.row(1);
    row(1) = -1.0f;
    Eigen::Index j = 0;
    row.maxCoeff(&j);
    CHECK(s.lesson().trace().tokens[static_cast<std::size_t>(j)] == "sky");
}

// The √d_k experiment, trained (ScalingRace: lookback, d_k = 256, 300 steps, lr 0.02, seed 1).
// Seen: before training the largest weight of a row averages 0.28 scaled and 0.87 unscaled; after
// 300 steps the mean loss of the last 50 steps is 8e-5 scaled and 1.0 unscaled (test accuracy 100 %
// and 78 %). Seeds 2–5 give the same picture (unscaled 1.07–2.0). Thresholds below leave room.
TEST_CASE("scaling race: at d_k = 256 the scaled model learns look-back, the unscaled one stalls (in slices, through the session)") {
    Session s;
    CHECK(s.training().race() == nullptr);
    CHECK(state_json(s).find("\"scalingRace\":null") != std::string::npos);
    s.start_race();
    REQUIRE(s.training().race() != nullptr);
    CHECK(s.training().race_running());
    const ScalingRace& r = *s.training().race();
    const Trainer& scaled = r.scaled.trainer;
    const Trainer& raw = r.raw.trainer;
    CHECK(scaled.task.shape.scaled);
    CHECK_FALSE(raw.task.shape.scaled);
    CHECK(raw.task.shape.d_k == 256);
    // the same start: same words, same weights; only the division differs
    CHECK(scaled.params.W_Q == raw.params.W_Q);
    CHECK(scaled.params.E == raw.params.E);
    CHECK(r.raw.top_weight_start > 0.8f);  // unscaled: rows (nearly) one-hot before any learning
    CHECK(r.scaled.top_weight_start < 0.5f);
    CHECK(r.scaled.accuracy < 0.0f);
    CHECK(state_json(s).find("\"scalingRace\":{\"step\":0,\"steps\":300,\"d_k\":256,\"running\":true,"
                              "\"scaled\":{\"loss\":null,\"accuracy\":null}") != std::string::npos);
    s.race_slice(50);
    CHECK(s.training().race()->step() == 50);
    s.pause_race();
    s.race_slice(50);
    CHECK(s.training().race()->step() == 50);  // paused: nothing
    s.resume_race();
    s.race_slice(10);
    CHECK(s.training().race()->step() == 60);
    CHECK_FALSE(s.training().race()->done());
    s.start_race();  // starts again from 0
    CHECK(s.training().race()->step() == 0);
    for (int i = 0; i < 40 && s.training().race_running(); ++i) s.race_slice(16);  // 19 × 16 = 304: the last slice is cut
    const ScalingRace& done = *s.training().race();
    CHECK(done.step() == ScalingRace::kSteps);
    CHECK(done.raw.trainer.step == ScalingRace::kSteps);
    CHECK(done.done());
    CHECK_FALSE(s.training().race_running());
    s.resume_race();  // done: stays stopped
    CHECK_FALSE(s.training().race_running());
    CHECK(state_json(s).find("\"running\":false,\"scaled\":{\"loss\":") != std::string::npos);
    const auto tail = [](const std::vector<float>& l) {
        float sum = 0.0f;
        for (std::size_t i = l.size() - 50; i < l.size(); ++i) sum += l[i];
        return sum / 50.0f;
    };
    CHECK(tail(done.scaled.trainer.losses) < 0.01f);
    CHECK(tail(done.raw.trainer.losses) > 0.5f);
    CHECK(done.scaled.accuracy > 0.99f);
    CHECK(done.raw.accuracy < 0.9f);
    // the lesson's own model is untouched
    CHECK(s.training().state() == nullptr);
}

TEST_CASE("mean_top_weight and relative_change on hand-made cases") {
    Matrix a(2, 2), b(2, 2);
    a << 3, 4, 0, 0;  // ‖a‖ = 5
    b << 3, 4, 3, 4;  // a − b = (0, 0, −3, −4): norm 5
    CHECK(relative_change(b, a) == doctest::Approx(1.0f));
    CHECK(relative_change(a, a) == 0.0f);
    CHECK(relative_change(a, Matrix::Zero(2, 2)) == 0.0f);
    // all-zero weights: every score is 0, every row uniform over n words: the top weight is 1/n
    Task t = make_task(TaskId::Lookback, 1);
    Params<float> p = init_params(t.shape, 1);
    p.W_Q.setZero();
    const std::vector<Example> one(t.test.begin(), t.test.begin() + 1);
    CHECK(mean_top_weight(p, t.shape, one) == doctest::Approx(1.0f / static_cast<float>(one[0].ids.size())));
}

TEST_CASE("training: the view starts from the first test sentence in the page's language") {
    Session s;
    CHECK(s.training().first_example_in(Language::En) == 0);  // no model in use
    REQUIRE(s.load_preset(TaskId::Apple).ok());
    const Task t = make_task(TaskId::Apple, preset_run(TaskId::Apple).seed);  // the sentences the preset was made with
    // Chinese here: a first word whose first byte starts a 3-byte UTF-8 sequence at U+4E00 or above
    const auto chinese = [&](int k) {
        const std::string& w = t.vocab[static_cast<std::size_t>(t.test[static_cast<std::size_t>(k)].ids[0])];
        return static_cast<unsigned char>(w[0]) >= 0xE4 && static_cast<unsigned char>(w[0]) <= 0xE9;
    };
    int en = -1, zh = -1;  // found by hand, in order
    for (int k = 0; k < static_cast<int>(t.test.size()); ++k) {
        if (en < 0 && !chinese(k)) en = k;
        if (zh < 0 && chinese(k)) zh = k;
    }
    REQUIRE(en >= 0);
    REQUIRE(zh >= 0);
    CHECK(s.training().first_example_in(Language::En) == en);
    CHECK(s.training().first_example_in(Language::Zh) == zh);
}

TEST_CASE("session: the training view's example, how far the weights moved, the apple cloud") {
    Session s;
    Forward<float> f;
    std::vector<std::string> words;
    CHECK_FALSE(s.training().example(0, &f, &words));
    CHECK(s.training().examples() == 0);
    CHECK(s.training().apple_cloud() == nullptr);
    REQUIRE(s.train(TaskId::Lookback).ok());
    CHECK(s.training().state()->moved[0] == 0.0f);
    s.train_slice(20);
    for (int k = 0; k < kEarlyCount; ++k) CHECK(s.training().state()->moved[k] > 0.0f);
    CHECK(s.training().apple_cloud() == nullptr);  // lookback: no apple
    const Task t = make_task(TaskId::Lookback, 1);
    REQUIRE(s.training().examples() == static_cast<int>(t.test.size()));
    REQUIRE(s.training().example(3, &f, &words));
    REQUIRE(words.size() == t.test[3].ids.size());
    for (std::size_t i = 0; i < words.size(); ++i) CHECK(words[i] == t.vocab[static_cast<std::size_t>(t.test[3].ids[i])]);
    CHECK(f.A.rows() == static_cast<Eigen::Index>(words.size()));
    CHECK(s.training().example(100000, &f, &words));  // clamped to the last sentence
    CHECK(words.size() == t.test.back().ids.size());
    REQUIRE(s.load_preset(TaskId::Apple).ok());
    REQUIRE(s.training().apple_cloud() != nullptr);
    CHECK(s.training().apple_cloud()->separated == 1.0f);
    CHECK(s.training().state()->moved[0] == 0.0f);  // a preset: no start to compare with
    CHECK(state_json(s).find("\"appleCloud\":{\"separated\":1,") != std::string::npos);
}

TEST_CASE("task_sentence: a sentence of each task's own words, so the formula stages read it whole") {
    Session s;
    for (TaskId id : {TaskId::Apple, TaskId::Lookback, TaskId::Birdsky}) {
        REQUIRE(s.load_preset(id).ok());
        for (Language lang : {Language::En, Language::Zh}) {
            CAPTURE(task_sentence(id, lang));
            REQUIRE(s.set_sentence(task_sentence(id, lang)).ok());
            CHECK(s.lesson().tokens().size() >= 5);
            for (int i = 0; i < static_cast<int>(s.lesson().tokens().size()); ++i) CHECK_FALSE(s.lesson().unknown_to_model(i));
        }
    }
    // the apple task's: "apple" and one word that tells which (a fruit word here), in both languages
    REQUIRE(s.load_preset(TaskId::Apple).ok());
    for (Language lang : {Language::En, Language::Zh}) {
        REQUIRE(s.set_sentence(task_sentence(TaskId::Apple, lang)).ok());
        int apple = 0, fruit = 0;
        for (const std::string& w : s.lesson().tokens()) {
            apple += apple_sense_of(w) == 2;
            fruit += apple_sense_of(w) == 0;
        }
        CHECK(apple == 1);
        CHECK(fruit >= 1);
    }
    CHECK(std::string(task_sentence(TaskId::Apple, Language::Zh)) != task_sentence(TaskId::Apple, Language::En));
    CHECK(std::string(task_sentence(TaskId::World, Language::En)).empty());
}
