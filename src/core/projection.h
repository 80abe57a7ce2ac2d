// capiton core: the plane that shows most of a cloud of vectors (principal component analysis).
//
// Output vectors live in d_k dimensions; a screen has two. principal_plane() centres the rows and
// projects them on the two directions along which they spread most (the top two eigenvectors of
// their covariance), so points that are far apart in d_k dimensions stay as far apart as a plane
// allows.
#pragma once

#include <Eigen/Core>

#include "train.h"

namespace capiton {

struct Plane2D {
    Matrix points;        // (n, 2): each row's coordinates along the two axes, after centring
    Matrix axes;          // (2, d): the two unit axes in the rows' own space
    float explained = 0.0f;   // the share of the total variance the plane shows (0…1)
};

// rows: (n, d) with n ≥ 1 and d ≥ 1. With d = 1 the second axis is zero. Each axis points so that its
// largest coordinate is positive (the same cloud always gives the same picture).
Plane2D principal_plane(const Matrix& rows);

}  // namespace capiton
