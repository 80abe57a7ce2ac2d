// The whole block (block.h) against the reference's plain loops in double, and what its parts must
// do whatever the numbers: heads side by side, layer norm rows of mean 0 and variance 1.
#include <doctest.h>

#include <cmath>

#include "core/block.h"
#include "core/multihead.h"
#include "core/embedding.h"
#include "core/reference.h"

using namespace capiton;

namespace {

using ref::max_abs_diff;

Matrix seeded_input(int n, int d_model) { return SplitMix64{99}.uniform_matrix(n, d_model, 1.0f); }

}  // namespace

TEST_CASE("block: every stage of 1, 2 and 4 heads matches the double reference within 1e-5") {
    // Float against double on inputs of size ~1 through two layer norms: 1e-5 leaves room for the
    // ~1e-7 relative rounding of a few dozen sums; a wrong column or transpose is off by ~0.1.
    for (int heads : {1, 2, 4}) {
        const BlockShape sh{10, 16, heads, 32, 5};
        BlockParams<float> p = init_block_params(sh, 7);
        p.g1.setConstant(1.3f);  // gains and biases not at their neutral start, so using them counts
        p.b2.setConstant(-0.2f);
        p.c_1.setConstant(0.05f);
        const Matrix X = seeded_input(6, sh.d_model);
        const BlockPass<float> f = block_pass(p, sh, X);
        const ref::Block r = ref::block(p, sh, X);
        REQUIRE(f.heads.size() == static_cast<std::size_t>(heads));
        for (int h = 0; h < heads; ++h) {
            CHECK(f.heads[static_cast<std::size_t>(h)].Q.cols() == 16 / heads);
            CHECK(max_abs_diff(f.heads[static_cast<std::size_t>(h)].A, r.weights[static_cast<std::size_t>(h)]) < 1e-5);
            CHECK(max_abs_diff(f.heads[static_cast<std::size_t>(h)].O, r.outputs[static_cast<std::size_t>(h)]) < 1e-5);
        }
        CHECK(max_abs_diff(f.C, r.C) < 1e-5);
        CHECK(max_abs_diff(f.M, r.M) < 1e-5);
        CHECK(max_abs_diff(f.R1, r.R1) < 1e-5);
        CHECK(max_abs_diff(f.N1, r.N1) < 1e-5);
        CHECK(max_abs_diff(f.U, r.U) < 1e-5);
        CHECK(max_abs_diff(f.F, r.F) < 1e-5);
        CHECK(max_abs_diff(f.R2, r.R2) < 1e-5);
        CHECK(max_abs_diff(f.N2, r.N2) < 1e-5);
    }
}

TEST_CASE("block: the heads' outputs sit side by side in C, and layer norm centres and scales each row") {
    const BlockShape sh{10, 16, 4, 32, 5};
    const BlockParams<float> p = init_block_params(sh, 3);  // gains 1, biases 0: N rows are pure z-scores
    const BlockPass<float> f = block_pass(p, sh, seeded_input(5, 16));
    CHECK(f.C(2, 4) == f.heads[1].O(2, 0));   // head 1's first column is C's fifth
    CHECK(f.C(4, 15) == f.heads[3].O(4, 3));  // head 3's last column is C's last
    for (Eigen::Index i = 0; i < f.N1.rows(); ++i) {
        CHECK(std::fabs(f.N1.row(i).mean()) < 1e-5);
        CHECK(std::fabs(f.N2.row(i).squaredNorm() / 16.0f - 1.0f) < 1e-3);  // variance 1 (ε = 1e-5 aside)
    }
    CHECK(f.U.minCoeff() >= 0.0f);   // ReLU
    CHECK(f.pre.minCoeff() < 0.0f);  // … and it did cut something
}

TEST_CASE("block: no tokens gives empty rows, with no arithmetic on an empty matrix's missing data") {
    // The heads stage's block runs on zero tokens before a sentence is set (MultiHead's constructor).
    // Placing each head's columns into an empty C offset Eigen's null data pointer: undefined
    // behaviour that the native-asan preset's UBSan stopped on.
    for (int heads : {1, 2, 4}) {
        const BlockShape sh{10, 16, heads, 32, 5};
        const BlockPass<float> f = block_pass(init_block_params(sh, 7), sh, Matrix(0, sh.d_model));
        CHECK(f.C.rows() == 0);
        CHECK(f.C.cols() == 16);
        CHECK(f.N2.rows() == 0);
        REQUIRE(f.heads.size() == static_cast<std::size_t>(heads));
        CHECK(f.heads.back().O.rows() == 0);
    }
}

TEST_CASE("block: the feed-forward part's activity counts U's numbers above 0, the units that fire and the silent words") {
    // 3 words × 4 hidden units: word 0 fires units 1 and 3, word 1 nothing (a row of zeros and a
    // negative zero), word 2 unit 1 only.
    Matrix U(3, 4);
    U << 0.0f, 0.5f, 0.0f, 2.0f,
         0.0f, 0.0f, -0.0f, 0.0f,
         0.0f, 1e-6f, 0.0f, 0.0f;
    const capiton::FfnActivity a = capiton::ffn_activity(U);
    CHECK(a.positive == 3);
    CHECK(a.numbers == 12);
    CHECK(a.units_firing == 2);
    CHECK(a.units == 4);
    CHECK(a.silent_words == 1);
    CHECK(a.words == 3);
    CHECK_FALSE(a.quiet());  // 3 of 12 above 0
    Matrix wide = Matrix::Zero(2, 10);
    wide(0, 0) = 1.0f;  // 1 of 20: under one in ten
    CHECK(capiton::ffn_activity(wide).quiet());
    CHECK(capiton::ffn_activity(Matrix(0, 32)).numbers == 0);  // no words: nothing counted, not quiet
    CHECK_FALSE(capiton::ffn_activity(Matrix(0, 32)).quiet());
}

TEST_CASE("block: the 4-head preset leaves its feed-forward part nearly silent on the lesson's sentence (the block stage says so)") {
    capiton::MultiHead mh;
    mh.set_trained(true);
    mh.run({"I", "saw", "a", "bird", "in", "the", "sky"});
    REQUIRE(mh.trained());
    const capiton::FfnActivity& a = mh.ffn_activity();
    CHECK(a.numbers == 7 * 32);
    CHECK(a.quiet());
    CHECK(a.silent_words >= 5);
}
