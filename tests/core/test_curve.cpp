// The bounded training curve (core/curve.h): exact while short, means of 2^k steps once long, never
// more than kMaxPoints points, and the worker's wire copies it bit for bit.
#include <doctest.h>

#include <vector>

#include "core/curve.h"
#include "core/training_wire.h"

using namespace capiton;

namespace {
float value_at(int i) { return static_cast<float>((i * 37) % 101) * 0.25f; }  // an uneven series
}  // namespace

TEST_CASE("curve: the values themselves while it holds fewer than kMaxPoints") {
    Curve c;
    CHECK(c.empty());
    for (int i = 0; i < Curve::kMaxPoints - 1; ++i) c.add(value_at(i));
    CHECK(c.stride() == 1);
    CHECK(c.count() == Curve::kMaxPoints - 1);
    REQUIRE(c.points().size() == static_cast<std::size_t>(Curve::kMaxPoints - 1));
    for (int i = 0; i < c.count(); ++i) CHECK(c.points()[static_cast<std::size_t>(i)] == value_at(i));
    CHECK(c.last() == value_at(Curve::kMaxPoints - 2));
}

// Tolerance: a point is a float mean of at most 8 values up to 25 here; 1e-6 relative covers the
// rounding of the running sums and the pair merges.
TEST_CASE("curve: past kMaxPoints each point is the mean of its stride of consecutive values, plus an open one") {
    Curve c;
    const int n = 3 * Curve::kMaxPoints + 5;  // 2048 → merged at stride 2, 4096 → stride 4
    for (int i = 0; i < n; ++i) c.add(value_at(i));
    CHECK(c.count() == n);
    REQUIRE(c.stride() == 4);
    CHECK(c.completed() == n / 4);
    REQUIRE(c.points().size() == static_cast<std::size_t>(n / 4 + 1));
    for (int k = 0; k < n / 4; ++k) {
        double sum = 0;
        for (int i = 4 * k; i < 4 * k + 4; ++i) sum += value_at(i);
        CHECK(c.points()[static_cast<std::size_t>(k)] == doctest::Approx(sum / 4).epsilon(1e-6));
    }
    CHECK(c.points().back() == value_at(n - 1));  // the open point: one value so far
    CHECK(c.last() == value_at(n - 1));
}

TEST_CASE("curve: a million values keep at most kMaxPoints points and their mean") {
    Curve c;
    double sum = 0;
    const int n = 1000000;
    for (int i = 0; i < n; ++i) {
        c.add(value_at(i));
        sum += value_at(i);
        if (i % 4099 == 0) CHECK(c.points().size() <= static_cast<std::size_t>(Curve::kMaxPoints));
    }
    CHECK(c.points().size() <= static_cast<std::size_t>(Curve::kMaxPoints));
    CHECK(c.points().size() > static_cast<std::size_t>(Curve::kMaxPoints / 2));
    CHECK(c.stride() == 512);  // 1e6 / 512 = 1953 points: the smallest power of two that fits
    double points_sum = 0;
    for (int k = 0; k < c.completed(); ++k) points_sum += static_cast<double>(c.points()[static_cast<std::size_t>(k)]) * c.stride();
    points_sum += static_cast<double>(c.points().back()) * (n % c.stride());
    CHECK(points_sum / n == doctest::Approx(sum / n).epsilon(1e-4));
}

TEST_CASE("curve: replace_from copies another curve's tail and refuses what does not fit") {
    Curve worker, page;
    int sent = 0, stride = 1;
    for (int round = 0; round < 9; ++round) {
        for (int i = 0; i < 700; ++i) worker.add(value_at(worker.count()));
        const std::size_t from = worker.stride() == stride ? static_cast<std::size_t>(sent) : 0;
        const std::vector<float> tail(worker.points().begin() + static_cast<std::ptrdiff_t>(from), worker.points().end());
        REQUIRE(page.replace_from(from, tail, worker.count(), worker.stride(), worker.last()));
        CHECK(page == worker);
        sent = worker.completed();
        stride = worker.stride();
    }
    CHECK(worker.stride() == 4);  // 6,300 values: the copy followed two merges
    const Curve before = page;
    CHECK_FALSE(page.replace_from(static_cast<std::size_t>(page.completed()) + 1, {1.0f}, page.count() + 1, page.stride(), 1));
    CHECK_FALSE(page.replace_from(0, {1.0f, 2.0f}, 2, 3, 2));             // a stride that is not a power of two
    CHECK_FALSE(page.replace_from(0, {1.0f, 2.0f}, 5, 1, 2));             // five values are not two points
    CHECK_FALSE(page.replace_from(0, std::vector<float>(3000, 1.0f), 3000, 1, 1));  // more than kMaxPoints
    CHECK(page == before);
}
