// capiton core: how alike are two vectors? The dot product and the cosine, for the similarity stage.
//   dot(a, b) = Σ a_k b_k = ‖a‖ ‖b‖ cos θ;   cos θ = dot / (‖a‖ ‖b‖)  (0 when a vector is zero)
#pragma once

namespace capiton {

struct Similarity {
    float dot = 0, norm_a = 0, norm_b = 0, cosine = 0, angle_degrees = 0;
};

Similarity similarity_2d(float ax, float ay, float bx, float by);

}  // namespace capiton
