// The multi-head block's training (block_train.h): the backward pass against central finite
// differences (double precision), the optimiser's determinism, the stored presets (block_presets.h)
// and what their heads learned, measured against the sentences' own answer positions.
#include <doctest.h>

#include <algorithm>
#include <cstdio>

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
