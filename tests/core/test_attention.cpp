// The fast path (Eigen, float) against the reference (plain loops, double), stage by stage, and
// the properties attention must have whatever the numbers.
#include <doctest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "core/attention.h"
#include "core/embedding.h"
#include "core/reference.h"
#include "compare.h"

using namespace capiton;
using capiton::test::compare;
using capiton::test::Diff;

namespace {

std::vector<std::string> words(int n) {
    const char* pool[] = {"I", "saw", "a", "bird", "in", "the", "sky", "fish", "sea", "tree", "apple", "phone"};
    std::vector<std::string> t;
    for (int i = 0; i < n; ++i) t.push_back(pool[(i * 7 + 3) % 12] + std::to_string(i / 12));
    return t;
}

}  // namespace

TEST_CASE("every stage of the fast path matches the double-precision reference") {
    struct Case { int n, d_model, d_k; MaskKind mask; float temperature; };
    const Case cases[] = {{7, 8, 4, MaskKind::None, 1.0f},    {7, 8, 4, MaskKind::Causal, 1.0f},
                          {1, 8, 4, MaskKind::None, 1.0f},    {33, 16, 8, MaskKind::Causal, 1.0f},
                          {64, 64, 64, MaskKind::None, 1.0f}, {64, 64, 16, MaskKind::Causal, 1.0f},
                          {7, 8, 4, MaskKind::None, 0.25f},   {7, 8, 4, MaskKind::Causal, 5.0f}};
    // Tolerance: NMSE ≤ 1e-7 per stage. Float carries ~24 bits (relative rounding 6e-8 per operation);
    // a dot product of length d accumulates at most about d·6e-8 relative error, i.e. NMSE around
    // (64·6e-8)² ≈ 1.5e-11 in the worst case here, so 1e-7 leaves room without hiding a real bug
    // (a wrong index or a missing scale gives NMSE of order 1).
    constexpr double kMaxNmse = 1e-7;
    std::printf("%-26s %-8s %12s %12s\n", "case (n,d_model,d_k,mask)", "stage", "max|err|", "NMSE");
    for (const Case& k : cases)
      for (PositionKind pos : all_of<PositionKind>()) {
        Config c;
        c.d_model = k.d_model;
        c.d_k = k.d_k;
        c.mask = k.mask;
        c.temperature = k.temperature;
        c.position = pos;
        const Weights w = init_weights(c.d_model, c.d_k, 7);
        const Trace fast = forward(words(k.n), w, c);
        const ref::Trace slow = ref::attend(fast.X, w, c);
        std::vector<std::pair<const char*, std::pair<const Matrix*, const ref::Mat*>>> stages = {
            {"Q", {&fast.Q, &slow.Q}},           {"K", {&fast.K, &slow.K}},
            {"V", {&fast.V, &slow.V}},           {"scores", {&fast.scores, &slow.scores}},
            {"scaled", {&fast.scaled, &slow.scaled}}, {"masked", {&fast.masked, &slow.masked}},
            {"weights", {&fast.weights, &slow.weights}}, {"output", {&fast.output, &slow.output}}};
        if (pos == PositionKind::Rotary) {
            stages.push_back({"Q_rot", {&fast.Q_rot, &slow.Q_rot}});
            stages.push_back({"K_rot", {&fast.K_rot, &slow.K_rot}});
        }
        CHECK(fast.Q_rot.size() == (pos == PositionKind::Rotary ? fast.Q.size() : 0));
        char name[64];
        std::snprintf(name, sizeof name, "(%d,%d,%d,%s,T=%g,%s)", k.n, k.d_model, k.d_k, id_of(k.mask),
                      static_cast<double>(k.temperature), id_of(pos));
        for (const auto& entry : stages) {
            const char* stage = entry.first;
            const Diff d = compare(*entry.second.first, *entry.second.second);
            std::printf("%-26s %-8s %12.3g %12.3g\n", name, stage, d.max_abs, d.nmse);
            CAPTURE(name);
            CAPTURE(stage);
            CHECK(d.same_infinities);
            CHECK(d.nmse <= kMaxNmse);
        }
      }
}

TEST_CASE("queries from one input, keys and values from another: fast path against the reference") {
    // Tolerance as above (NMSE ≤ 1e-7 per stage).
    Config c;
    const Weights w = init_weights(c.d_model, c.d_k, 21);
    const Trace a = forward(words(9), w, c), b = forward(words(9), init_weights(c.d_model, c.d_k, 22), c);
    Trace t;
    attend(a.X, b.X, w, c, t);
    const ref::Trace r = ref::attend(a.X, b.X, w, c);
    CHECK(compare(t.Q, r.Q).nmse <= 1e-7);
    CHECK(compare(t.K, r.K).nmse <= 1e-7);
    CHECK(compare(t.weights, r.weights).nmse <= 1e-7);
    CHECK(compare(t.output, r.output).nmse <= 1e-7);
    CHECK((t.K - b.X * w.W_K).cwiseAbs().maxCoeff() <= 1e-5f);  // the keys are the other input's
    CHECK((t.Q - a.X * w.W_Q).cwiseAbs().maxCoeff() <= 1e-5f);
}

TEST_CASE("a small example worked out by hand") {
    // Two tokens, d_model = 2, d_k = 4 (so the scale is 1/√4 = 1/2).
    //   X   = [1 0; 0 1]
    //   W_Q = [2 0 0 0; 0 0 0 0]  -> Q = [2 0 0 0; 0 0 0 0]
    //   W_K = [1 0 0 0; 0 1 0 0]  -> K = [1 0 0 0; 0 1 0 0]
    //   W_V = [1 0 0 0; 0 0 0 3]  -> V = [1 0 0 0; 0 0 0 3]
    //   scores = Q·Kᵀ = [2 0; 0 0];  scaled = scores/2 = [1 0; 0 0]
    //   weights row 0 = [e/(e+1), 1/(e+1)] = [0.7310586, 0.2689414];  row 1 = [0.5, 0.5]
    //   output row 0 = 0.7310586·[1 0 0 0] + 0.2689414·[0 0 0 3] = [0.7310586, 0, 0, 0.8068243]
    //   output row 1 = 0.5·[1 0 0 0] + 0.5·[0 0 0 3]             = [0.5, 0, 0, 1.5]
    Config c;
    c.d_model = 2;
    c.d_k = 4;
    Weights w;
    w.W_Q = Matrix::Zero(2, 4);
    w.W_Q(0, 0) = 2;
    w.W_K = Matrix::Zero(2, 4);
    w.W_K(0, 0) = 1;
    w.W_K(1, 1) = 1;
    w.W_V = Matrix::Zero(2, 4);
    w.W_V(0, 0) = 1;
    w.W_V(1, 3) = 3;
    const Trace t = attend(Matrix::Identity(2, 2), w, c);
    CHECK(t.scores(0, 0) == 2.0f);
    CHECK(t.scaled(0, 0) == 1.0f);
    CHECK(t.scale == 0.5f);
    CHECK(t.weights(0, 0) == doctest::Approx(0.7310586).epsilon(1e-6));
    CHECK(t.weights(0, 1) == doctest::Approx(0.2689414).epsilon(1e-6));
    CHECK(t.weights(1, 0) == doctest::Approx(0.5).epsilon(1e-6));
    CHECK(t.output(0, 0) == doctest::Approx(0.7310586).epsilon(1e-6));
    CHECK(t.output(0, 3) == doctest::Approx(0.8068243).epsilon(1e-6));
    CHECK(t.output(1, 3) == doctest::Approx(1.5).epsilon(1e-6));
    CHECK(t.output(0, 1) == 0.0f);
}

TEST_CASE("each softmax row sums to 1") {
    Config c;
    for (MaskKind m : {MaskKind::None, MaskKind::Causal}) {
        c.mask = m;
        const Trace t = forward({"I", "saw", "a", "bird", "in", "the", "sky"}, init_weights(8, 4, 1), c);
        for (Eigen::Index i = 0; i < t.weights.rows(); ++i) {
            CHECK(t.weights.row(i).sum() == doctest::Approx(1.0).epsilon(1e-6));  // 7 floats in [0,1]
            CHECK(t.weights.row(i).minCoeff() >= 0.0f);
        }
    }
}

TEST_CASE("adding a constant to a row of logits changes no weight") {
    Matrix L(2, 4);
    L << 0.5f, -1.0f, 2.0f, 0.0f, 3.0f, 3.0f, -2.0f, 1.0f;
    Matrix shifted = L;
    shifted.row(0).array() += 5.0f;
    shifted.row(1).array() -= 40.0f;
    // Tolerance 1e-6: x + c is rounded to float with error ≤ |x + c|·2⁻²⁴ ≤ 43·6e-8 ≈ 2.6e-6 in the
    // exponent, i.e. a relative change of the same size in a weight ≤ 1: so ≤ 2.6e-6 absolute, and
    // these particular values are exact in float, giving much less.
    CHECK((softmax_rows(L) - softmax_rows(shifted)).cwiseAbs().maxCoeff() <= 3e-6f);
}

TEST_CASE("huge logits give finite weights (the row max is subtracted first)") {
    Matrix L(2, 3);
    L << 1e4f, -1e4f, 0.0f, 1e4f, 1e4f, 1e4f;
    const Matrix W = softmax_rows(L);
    CHECK(W.allFinite());
    CHECK(W(0, 0) == 1.0f);  // exp(0) / (1 + exp(-2e4) + exp(-1e4)) = 1 exactly in float
    CHECK(W(0, 1) == 0.0f);
    CHECK(W(1, 0) == doctest::Approx(1.0 / 3.0).epsilon(1e-6));
    // Without subtracting the max, exp(1e4) would overflow float (max ≈ 3.4e38 ≈ e^88.7).
    CHECK(std::isinf(std::exp(1e4f)));
}

TEST_CASE("a fully masked row attends to nothing: zero weights, zero output, no NaN") {
    const float inf = std::numeric_limits<float>::infinity();
    Matrix L(2, 3);
    L << -inf, -inf, -inf, 0.0f, -inf, 1.0f;
    const Matrix W = softmax_rows(L);
    CHECK(W.allFinite());
    CHECK(W.row(0).isZero());
    CHECK(W(1, 1) == 0.0f);
    CHECK(W.row(1).sum() == doctest::Approx(1.0));
    const ref::Mat R = ref::softmax_rows(ref::from(L));  // the reference follows the same convention
    CHECK(R(0, 0) == 0.0);
    CHECK(R(1, 2) == doctest::Approx(W(1, 2)));
}

TEST_CASE("causal mask: query i never looks at a later key") {
    Config c;
    c.mask = MaskKind::Causal;
    const Trace t = forward({"I", "saw", "a", "bird"}, init_weights(8, 4, 1), c);
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
            CHECK(std::isinf(t.masked(i, j)) == (j > i));
            if (j > i) CHECK(t.weights(i, j) == 0.0f);
        }
    CHECK(t.weights(0, 0) == 1.0f);  // the first token can only look at itself
}

TEST_CASE("without positional encoding, permuting the tokens permutes the output") {
    Config c;
    c.position = PositionKind::None;
    const Weights w = init_weights(c.d_model, c.d_k, 3);
    const std::vector<std::string> a = {"I", "saw", "a", "bird", "in", "the", "sky"};
    const int perm[] = {6, 3, 0, 5, 1, 4, 2};  // b[i] = a[perm[i]]
    std::vector<std::string> b;
    for (int p : perm) b.push_back(a[p]);
    const Trace ta = forward(a, w, c), tb = forward(b, w, c);
    // Tolerance 1e-5: the same sums in another order; float addition is not associative, so rows
    // may differ by a few ulps of values of order 1.
    for (int i = 0; i < 7; ++i)
        CHECK((tb.output.row(i) - ta.output.row(perm[i])).cwiseAbs().maxCoeff() <= 1e-5f);
    // With any kind of position the same permutation does change the outputs.
    for (PositionKind pos : {PositionKind::Sinusoidal, PositionKind::Learned, PositionKind::Rotary}) {
        c.position = pos;
        const Trace pa = forward(a, w, c), pb = forward(b, w, c);
        CAPTURE(id_of(pos));
        CHECK((pb.output.row(0) - pa.output.row(perm[0])).cwiseAbs().maxCoeff() > 1e-3f);
    }
}

TEST_CASE("no position: \"dog bites man\" and \"man bites dog\" give the same vectors, in another order") {
    Config c;
    c.position = PositionKind::None;
    const Weights w = init_weights(c.d_model, c.d_k, 5);
    const Trace a = forward({"dog", "bites", "man"}, w, c), b = forward({"man", "bites", "dog"}, w, c);
    // Tolerance 1e-5, as above. Row 0 of one is row 2 of the other; "bites" keeps its vector.
    CHECK((a.output.row(0) - b.output.row(2)).cwiseAbs().maxCoeff() <= 1e-5f);
    CHECK((a.output.row(1) - b.output.row(1)).cwiseAbs().maxCoeff() <= 1e-5f);
    CHECK((a.output.row(2) - b.output.row(0)).cwiseAbs().maxCoeff() <= 1e-5f);
    CHECK((a.output.row(0) - a.output.row(2)).cwiseAbs().maxCoeff() > 1e-3f);  // the two words do differ
}

TEST_CASE("rotary: the score of two tokens depends on their distance, not on where they stand") {
    Config c;
    c.position = PositionKind::Rotary;
    const Weights w = init_weights(c.d_model, c.d_k, 9);
    // "bird" and "sky" two apart at positions 1, 3 and, shifted by four words, at 5, 7.
    const Trace near = forward({"a", "bird", "in", "sky"}, w, c);
    const Trace far = forward({"so", "then", "we", "saw", "a", "bird", "in", "sky"}, w, c);
    // Tolerance 1e-4: the same products after turning by other angles (float sin/cos, values of order 1-10).
    CHECK(std::fabs(near.scores(1, 3) - far.scores(5, 7)) <= 1e-4f);
    CHECK(std::fabs(near.scores(3, 1) - far.scores(7, 5)) <= 1e-4f);
    CHECK(std::fabs(near.scores(1, 1) - far.scores(5, 5)) <= 1e-4f);
    // Turning keeps each vector's length.
    CHECK(std::fabs(near.Q_rot.row(3).norm() - near.Q.row(3).norm()) <= 1e-5f);
    // The sinusoidal encoding, added to the embedding, does not have this property.
    c.position = PositionKind::Sinusoidal;
    const Trace sn = forward({"a", "bird", "in", "sky"}, w, c);
    const Trace sf = forward({"so", "then", "we", "saw", "a", "bird", "in", "sky"}, w, c);
    CHECK(std::fabs(sn.scores(1, 3) - sf.scores(5, 7)) > 1e-3f);
}

TEST_CASE("rotary by hand: position 1 of a d = 2 vector turns it by 1 radian") {
    Matrix M(2, 3);
    M << 1, 0, 5,
         1, 0, 5;  // the odd last coordinate stays as it is
    const Matrix R = rotate_by_position(M);
    CHECK(R(0, 0) == 1.0f);  // position 0: not turned
    CHECK(R(0, 1) == 0.0f);
    CHECK(R(1, 0) == doctest::Approx(std::cos(1.0)).epsilon(1e-6));
    CHECK(R(1, 1) == doctest::Approx(std::sin(1.0)).epsilon(1e-6));
    CHECK(R(1, 2) == 5.0f);
}

TEST_CASE("config validation") {
    Config c;
    CHECK(validate(c).empty());
    c.d_k = 0;
    CHECK_FALSE(validate(c).empty());
    c.d_k = 4;
    c.d_model = 5000;
    CHECK_FALSE(validate(c).empty());
}

TEST_CASE("Eigen is vectorised in this build") {
    // In the wasm build this proves -msimd128 -msse2 and the patched headers took effect.
    const std::string simd = Eigen::SimdInstructionSetsInUse();
    MESSAGE("Eigen SIMD: " << simd);
    CHECK(simd != "None");
}

TEST_CASE("temperature: high flattens the weights towards uniform, low sharpens them towards one-hot") {
    Config c;
    const Weights w = init_weights(8, 4, 1);
    const std::vector<std::string> toks = {"I", "saw", "a", "bird", "in", "the", "sky"};
    c.temperature = 20.0f;
    const Trace hot = forward(toks, w, c);
    c.temperature = 0.05f;
    const Trace cold = forward(toks, w, c);
    c.temperature = 1.0f;
    const Trace plain = forward(toks, w, c);
    for (int i = 0; i < 7; ++i) {
        CHECK(hot.weights.row(i).maxCoeff() < plain.weights.row(i).maxCoeff());
        CHECK(hot.weights.row(i).maxCoeff() - hot.weights.row(i).minCoeff() < 0.05f);  // near 1/7 each
        CHECK(cold.weights.row(i).maxCoeff() > plain.weights.row(i).maxCoeff());
        CHECK(cold.weights.row(i).sum() == doctest::Approx(1.0).epsilon(1e-6));
    }
    // the scores themselves do not depend on the temperature
    CHECK(hot.scaled == plain.scaled);
    c.temperature = 0.0f;
    CHECK_FALSE(validate(c).empty());
    c.temperature = NAN;
    CHECK_FALSE(validate(c).empty());
}
