// capiton core: the matrix type shared by every module.
#pragma once

#include <type_traits>

#include <Eigen/Core>

namespace capiton {

// Row-major so that "row i" is token i, as the lesson and the JavaScript hook show them. The scalar
// is a parameter only where the same code runs in double too (the training code's gradient check);
// everywhere else it is float, and then its name is Matrix.
template <typename S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Matrix = Mat<float>;

// A parameter set (anything with kTensors and tensor(i): train.h, block.h, translate.h) converted
// tensor by tensor into another of the same kind and another scalar type.
template <class Out, class In>
Out cast_tensors(const In& p) {
    Out q;
    using S = typename std::decay_t<decltype(q.tensor(0))>::Scalar;
    for (int i = 0; i < In::kTensors; ++i) q.tensor(i) = p.tensor(i).template cast<S>();
    return q;
}

}  // namespace capiton
