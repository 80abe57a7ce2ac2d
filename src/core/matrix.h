// capiton core: matrix types shared by every module.
#pragma once

#include <Eigen/Core>

namespace capiton {

// Row-major so that "row i" is token i, as the lesson and the JavaScript hook show them.
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace capiton
