// capiton core: a training curve whose memory stays bounded however long the run.
//
// One value is added per step (or per evaluation). Up to kMaxPoints values are kept as they are;
// when a point is completed with the curve full, neighbouring points are merged in pairs (their
// mean), so each point then stands for `stride` consecutive values (1, 2, 4, …). A run of any length
// keeps at most kMaxPoints points: its whole shape, at a resolution that halves each time it doubles.
// The last point may be open: the mean of the values added since the last completed point.
//
//   values   3 5 1 1 2 6 …      kMaxPoints = 4 (the real one is larger):
//   points   [3 5 1 1]          stride 1
//   add 2    [4 1 2]            full, so pairs merge: (3+5)/2, (1+1)/2; then the open point 2 (stride 2)
//   add 6    [4 1 4]            the open point completes: (2+6)/2
#pragma once

#include <cstddef>
#include <vector>

namespace capiton {

class Curve {
public:
    static constexpr int kMaxPoints = 2048;

    void add(float value);
    void clear() { *this = Curve{}; }

    int count() const { return count_; }    // values added
    int stride() const { return stride_; }  // values per completed point: a power of two
    bool empty() const { return count_ == 0; }
    float last() const { return last_; }    // the last value added (0 when empty)
    // Completed points (each the mean of `stride` values), then the open one when count is not a
    // multiple of stride. At most kMaxPoints.
    const std::vector<float>& points() const { return points_; }
    int completed() const { return count_ / stride_; }  // completed points: the first entries of points()

    // The training worker's wire (training_wire.h): the page's copy takes the points from index `from`
    // on, as the worker's curve of `count` values at `stride` has them. False (and nothing changed)
    // when they do not fit: from beyond the completed points held, a stride that is not a power of
    // two, a size that disagrees with count and stride.
    bool replace_from(std::size_t from, const std::vector<float>& tail, int count, int stride, float last);

    // The same points, stride, count and last value (the tests: the page's copy is the worker's, bit for bit).
    bool operator==(const Curve& o) const {
        return count_ == o.count_ && stride_ == o.stride_ && last_ == o.last_ && points_ == o.points_;
    }

private:
    std::vector<float> points_;
    double open_sum_ = 0;  // the open point's values, summed
    int count_ = 0, stride_ = 1;
    float last_ = 0;
};

}  // namespace capiton
