// Tests: a fast float result against the double-precision reference (core/reference.h), as ggml's
// test-backend-ops compares tensors: NMSE = Σ(fast − ref)² / Σ ref² over the finite cells. Infinite
// cells (masked −∞) must be the same in both and are left out of the error.
#pragma once

#include <doctest.h>

#include <cmath>

#include "core/matrix.h"
#include "core/reference.h"

namespace capiton::test {

struct Diff {
    double nmse = 0.0, max_abs = 0.0;
    bool same_infinities = true;
};

// rows × cols floats at `fast`, row i starting at fast + i·ld.
inline Diff compare(const float* fast, int rows, int cols, int ld, const ref::Mat& slow) {
    Diff d;
    double err = 0.0, norm = 0.0;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            const double a = fast[i * ld + j], b = slow(i, j);
            if (std::isinf(a) || std::isinf(b)) {
                d.same_infinities = d.same_infinities && a == b;
                continue;
            }
            err += (a - b) * (a - b);
            norm += b * b;
            d.max_abs = std::fmax(d.max_abs, std::fabs(a - b));
        }
    d.nmse = norm > 0.0 ? err / norm : err;
    return d;
}

inline Diff compare(const Matrix& fast, const ref::Mat& slow) {
    REQUIRE(fast.rows() == slow.rows);
    REQUIRE(fast.cols() == slow.cols);
    return compare(fast.data(), slow.rows, slow.cols, slow.cols, slow);  // Matrix is row-major
}

}  // namespace capiton::test
