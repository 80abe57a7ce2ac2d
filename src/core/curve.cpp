#include "curve.h"

namespace capiton {

void Curve::add(float value) {
    const int open = count_ % stride_;  // values in the open point before this one
    if (open == 0) points_.push_back(0.0f), open_sum_ = 0;
    open_sum_ += value;
    points_.back() = static_cast<float>(open_sum_ / (open + 1));
    ++count_;
    last_ = value;
    if (count_ % stride_ == 0 && points_.size() == static_cast<std::size_t>(kMaxPoints)) {
        // the curve is full and its last point complete: pairs of points become one
        for (std::size_t i = 0; i < points_.size() / 2; ++i) points_[i] = 0.5f * (points_[2 * i] + points_[2 * i + 1]);
        points_.resize(points_.size() / 2);
        stride_ *= 2;
    }
}

bool Curve::replace_from(std::size_t from, const std::vector<float>& tail, int count, int stride, float last) {
    if (stride < 1 || (stride & (stride - 1)) != 0 || count < 0) return false;
    const std::size_t size = static_cast<std::size_t>(count / stride + (count % stride ? 1 : 0));
    const bool same_stride = stride == stride_;
    if (size > static_cast<std::size_t>(kMaxPoints) || from + tail.size() != size) return false;
    if (from > (same_stride ? static_cast<std::size_t>(completed()) : 0)) return false;
    points_.resize(from);
    points_.insert(points_.end(), tail.begin(), tail.end());
    count_ = count;
    stride_ = stride;
    last_ = last;
    const int open = count % stride;
    open_sum_ = open ? static_cast<double>(points_.back()) * open : 0.0;
    return true;
}

}  // namespace capiton
