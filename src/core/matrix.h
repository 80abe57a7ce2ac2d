// capiton core: the matrix type shared by every module.
#pragma once

#include <Eigen/Core>

namespace capiton {

// Row-major so that "row i" is token i, as the lesson and the JavaScript hook show them. The scalar
// is a parameter only where the same code runs in double too (the training code's gradient check);
// everywhere else it is float, and then its name is Matrix.
template <typename S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Matrix = Mat<float>;

}  // namespace capiton
