#include "similarity.h"

#include <algorithm>
#include <cmath>

namespace capiton {

Similarity similarity_2d(float ax, float ay, float bx, float by) {
    Similarity s;
    s.dot = ax * bx + ay * by;
    s.norm_a = std::hypot(ax, ay);
    s.norm_b = std::hypot(bx, by);
    if (s.norm_a > 0.0f && s.norm_b > 0.0f) {
        s.cosine = std::clamp(s.dot / (s.norm_a * s.norm_b), -1.0f, 1.0f);
        s.angle_degrees = std::acos(s.cosine) * 57.29577951308232f;
    }
    return s;
}

}  // namespace capiton
