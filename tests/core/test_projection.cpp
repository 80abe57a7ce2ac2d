// principal_plane (PCA) against clouds whose principal axes are known by construction.
#include <doctest.h>

#include "core/projection.h"

using namespace capiton;

namespace {
Matrix rows(std::initializer_list<std::initializer_list<float>> r) {
    Matrix m(static_cast<Eigen::Index>(r.size()), static_cast<Eigen::Index>(r.begin()->size()));
    Eigen::Index i = 0;
    for (const auto& row : r) {
        Eigen::Index j = 0;
        for (float v : row) m(i, j++) = v;
        ++i;
    }
    return m;
}
}  // namespace

// Tolerance: 1e-5 absolute on coordinates and shares (float output of a double computation).
TEST_CASE("principal_plane: a cross in 3-D lies on its two arms") {
    // x spreads ±2 (variance 2), y ±1 (variance 0.5), z not at all: the plane is x, y and shows all.
    const Plane2D p = principal_plane(rows({{2, 0, 0}, {-2, 0, 0}, {0, 1, 0}, {0, -1, 0}}));
    const float want[4][2] = {{2, 0}, {-2, 0}, {0, 1}, {0, -1}};
    for (int i = 0; i < 4; ++i)
        for (int k = 0; k < 2; ++k) CHECK(p.points(i, k) == doctest::Approx(want[i][k]).epsilon(1e-5));
    CHECK(p.axes(0, 0) == doctest::Approx(1.0f));
    CHECK(p.axes(1, 1) == doctest::Approx(1.0f));
    CHECK(p.explained == doctest::Approx(1.0f).epsilon(1e-5));
}

TEST_CASE("principal_plane: points on a line: one axis along it, positions centred, second axis empty") {
    // t·(3, 4) for t = −1, 0, 1, 2: centre t = 0.5; along the unit axis (0.6, 0.8) the positions are 5·(t − 0.5)
    const Plane2D p = principal_plane(rows({{-3, -4}, {0, 0}, {3, 4}, {6, 8}}));
    CHECK(p.axes(0, 0) == doctest::Approx(0.6f));
    CHECK(p.axes(0, 1) == doctest::Approx(0.8f));
    const float along[4] = {-7.5f, -2.5f, 2.5f, 7.5f};
    for (int i = 0; i < 4; ++i) {
        CHECK(p.points(i, 0) == doctest::Approx(along[i]).epsilon(1e-5));
        CHECK(std::abs(p.points(i, 1)) < 1e-5f);
    }
    CHECK(p.explained == doctest::Approx(1.0f).epsilon(1e-5));
}

TEST_CASE("principal_plane: an even spread in 3-D: the plane shows two thirds, its axes orthonormal") {
    const Plane2D p = principal_plane(rows({{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}));
    CHECK(p.explained == doctest::Approx(2.0f / 3.0f).epsilon(1e-5));
    CHECK(p.axes.row(0).norm() == doctest::Approx(1.0f));
    CHECK(p.axes.row(1).norm() == doctest::Approx(1.0f));
    CHECK(std::abs(p.axes.row(0).dot(p.axes.row(1))) < 1e-5f);
}

TEST_CASE("principal_plane: one point, one dimension, no points") {
    const Plane2D one = principal_plane(rows({{1, 2, 3}}));
    CHECK(one.points.rows() == 1);
    CHECK(one.points.norm() == 0.0f);
    CHECK(one.explained == 0.0f);
    const Plane2D line = principal_plane(rows({{1}, {3}}));
    CHECK(line.points(0, 0) == doctest::Approx(-1.0f));
    CHECK(line.points(1, 0) == doctest::Approx(1.0f));
    CHECK(line.axes(1, 0) == 0.0f);
    CHECK(principal_plane(Matrix(0, 3)).points.rows() == 0);
}
