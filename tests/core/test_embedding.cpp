#include <doctest.h>

#include <cmath>

#include "core/embedding.h"

using namespace capiton;

TEST_CASE("splitmix64 matches the published reference sequence") {
    // Reference values of splitmix64 seeded with 0 (Vigna's splitmix64.c): the first two outputs.
    SplitMix64 r{0};
    CHECK(r.next() == 0xE220A8397B1DCDAFULL);
    CHECK(r.next() == 0x6E789E6AA1B965F4ULL);
}

TEST_CASE("FNV-1a 64 matches its published test vectors") {
    CHECK(fnv1a64("") == 0xCBF29CE484222325ULL);
    CHECK(fnv1a64("a") == 0xAF63DC4C8601EC8CULL);
    CHECK(fnv1a64("foobar") == 0x85944171F73967E8ULL);
}

TEST_CASE("the same token gets the same row in any sentence, case-insensitively") {
    const Matrix a = embed_tokens({"I", "saw", "a", "bird"}, 8, kDefaultTableSeed);
    const Matrix b = embed_tokens({"bird", "the", "Bird"}, 8, kDefaultTableSeed);
    CHECK(a.row(3) == b.row(0));
    CHECK(b.row(0) == b.row(2));
    CHECK(a.row(0) != a.row(1));
    CHECK(a.cwiseAbs().maxCoeff() <= 1.0f);
    const Matrix c = embed_tokens({"bird"}, 8, kDefaultTableSeed + 1);  // another table
    CHECK(c.row(0) != b.row(0));
}

TEST_CASE("positional encoding follows the sin/cos formula") {
    const Matrix P = positional_encoding(4, 8);
    // p = 0: sin(0) = 0 on even features, cos(0) = 1 on odd ones
    for (int i = 0; i < 8; ++i) CHECK(P(0, i) == doctest::Approx(i % 2 ? 1.0 : 0.0));
    // p = 1, feature 0: sin(1) = 0.8414710; feature 1: cos(1) = 0.5403023
    CHECK(P(1, 0) == doctest::Approx(0.8414710).epsilon(1e-6));
    CHECK(P(1, 1) == doctest::Approx(0.5403023).epsilon(1e-6));
    // p = 3, features 2,3: rate 10000^(-2/8) = 0.1 -> sin(0.3) = 0.2955202, cos(0.3) = 0.9553365
    CHECK(P(3, 2) == doctest::Approx(0.2955202).epsilon(1e-6));
    CHECK(P(3, 3) == doctest::Approx(0.9553365).epsilon(1e-6));
}

TEST_CASE("learned positions: a position keeps its row whatever the length; none and rotary add nothing") {
    const Matrix a = learned_positions(3, 8, 11), b = learned_positions(9, 8, 11);
    CHECK(a == b.topRows(3));
    CHECK(a.cwiseAbs().maxCoeff() < 1.0f);
    CHECK((a.row(0) - a.row(1)).norm() > 0.1f);
    CHECK(learned_positions(3, 8, 12) != a);  // another seed, other rows
    CHECK(position_rows(PositionKind::Learned, 3, 8, 11) == a);
    CHECK(position_rows(PositionKind::Sinusoidal, 3, 8, 11) == positional_encoding(3, 8));
    CHECK(position_rows(PositionKind::None, 3, 8, 11).isZero());
    CHECK(position_rows(PositionKind::Rotary, 3, 8, 11).isZero());
}
