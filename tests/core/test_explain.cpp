// Every cell of every matrix explains itself, and the explanation's arithmetic gives the value on
// screen. The explanation is recomputed from the trace's inputs; the value is the trace's own.
#include <doctest.h>

#include <cmath>
#include <string>
#include <tuple>

#include "core/explain.h"
#include "core/poems.h"

using namespace capiton;

namespace {

// Checks one explanation against the value it explains. Tolerances:
//  - dot products: float sums of up to 64 products; the trace (Eigen, possibly another summation
//    order) and this double re-sum differ by at most ~n·eps·Σ|a·b|, so 1e-5·(Σ|a·b| + 1) is ample;
//  - single operations (sum, division, softmax fraction, sin/cos): 1e-6 relative or absolute.
void check(const Explanation& e) {
    CAPTURE(id_of(e.matrix));
    CAPTURE(e.row);
    CAPTURE(e.col);
    switch (e.kind) {
        case ExplanationKind::DotProduct: {
            REQUIRE(e.a.size() == e.b.size());
            double sum = 0.0, mag = 0.0;
            for (std::size_t k = 0; k < e.a.size(); ++k) {
                sum += static_cast<double>(e.a[k]) * e.b[k];
                mag += std::fabs(static_cast<double>(e.a[k]) * e.b[k]);
            }
            CHECK(std::fabs(sum - e.value) <= 1e-5 * (mag + 1.0));
            break;
        }
        case ExplanationKind::Sum:
            CHECK(e.a[0] + e.b[0] == doctest::Approx(e.value).epsilon(1e-6));
            break;
        case ExplanationKind::Scale:
            CHECK(e.a[0] / e.divisor == doctest::Approx(e.value).epsilon(1e-6));
            break;
        case ExplanationKind::Mask:
            if (e.allowed) CHECK(e.value == e.a[0]);
            else CHECK(e.value == -INFINITY);
            break;
        case ExplanationKind::Softmax: {
            REQUIRE(e.exps.size() == e.logits.size());
            CHECK(e.exps[static_cast<std::size_t>(e.col)] / e.exp_sum == doctest::Approx(e.value).epsilon(1e-6));
            float largest = 0.0f;
            for (float x : e.exps) largest = std::fmax(largest, x);
            CHECK(largest == 1.0f);  // the max logit's exp(0)
            break;
        }
        case ExplanationKind::Sinusoid: {
            const double angle = e.position * e.rate;
            CHECK((e.cosine ? std::cos(angle) : std::sin(angle)) == doctest::Approx(e.value).epsilon(1e-6));
            break;
        }
        case ExplanationKind::Rotation: {
            const double angle = e.position * e.rate;
            const double v = e.a.size() == 1 ? e.a[0]
                             : e.cosine      ? e.a[0] * std::cos(angle) - e.a[1] * std::sin(angle)
                                             : e.a[0] * std::sin(angle) + e.a[1] * std::cos(angle);
            CHECK(v == doctest::Approx(e.value).epsilon(1e-5));
            break;
        }
        case ExplanationKind::NoPosition:
            CHECK(e.value == 0.0f);
            break;
        case ExplanationKind::Concat:  // a copy: exactly the head's cell
            REQUIRE(e.a.size() == 1);
            CHECK(e.head >= 0);
            CHECK(e.value == e.a[0]);
            break;
        case ExplanationKind::Affine: {  // Σ a·b + bias, through max(0, ·) when relu
            REQUIRE(e.a.size() == e.b.size());
            double sum = e.bias, mag = std::fabs(e.bias);
            for (std::size_t k = 0; k < e.a.size(); ++k) {
                sum += static_cast<double>(e.a[k]) * e.b[k];
                mag += std::fabs(static_cast<double>(e.a[k]) * e.b[k]);
            }
            if (e.relu) sum = std::fmax(sum, 0.0);
            CHECK(std::fabs(sum - e.value) <= 1e-5 * (mag + 1.0));
            break;
        }
        case ExplanationKind::LayerNorm: {  // the mean and rstd recomputed from the row itself
            double mean = 0.0, var = 0.0;
            for (float x : e.a) mean += x / static_cast<double>(e.a.size());
            for (float x : e.a) var += (x - mean) * (x - mean) / static_cast<double>(e.a.size());
            CHECK(e.mean == doctest::Approx(mean).epsilon(1e-5));
            CHECK(e.rstd == doctest::Approx(1.0 / std::sqrt(var + 1e-5)).epsilon(1e-4));
            const double v = e.gain * (e.a[static_cast<std::size_t>(e.col)] - mean) / std::sqrt(var + 1e-5) + e.bias;
            CHECK(std::fabs(v - e.value) <= 1e-4 * (std::fabs(v) + 1.0));  // rstd can be large when a row is nearly flat
            break;
        }
        case ExplanationKind::Table:
        case ExplanationKind::Parameter:
        case ExplanationKind::Context:
            break;  // leaves of the computation: nothing to add up
    }
}

void check_all(const Session& s) {
    int cells = 0;
    for (int m = 0; m < static_cast<int>(count_of<MatrixId>()); ++m) {
        const MatrixId id = static_cast<MatrixId>(m);
        const Matrix& mat = *matrix_of(s, id);
        for (int i = 0; i < mat.rows(); ++i)
            for (int j = 0; j < mat.cols(); ++j) {
                Explanation e;
                REQUIRE(explain(s, id, i, j, &e));
                CHECK(e.value == mat(i, j));
                check(e);
                for (const Operand& op : e.operands) {  // operands name real cells
                    const Matrix& om = *matrix_of(s, op.matrix);
                    CHECK(op.row < om.rows());
                    CHECK(op.col < om.cols());
                    CHECK((op.row >= 0 || op.col >= 0));
                }
                ++cells;
            }
    }
    CHECK(cells > 0);
}

}  // namespace

TEST_CASE("every cell of every matrix explains itself (default sentence)") { check_all(Session()); }

TEST_CASE("explanations for every kind of position") {
    for (PositionKind pos : all_of<PositionKind>()) {
        Session s;
        CAPTURE(id_of(pos));
        REQUIRE(s.set_position(pos).ok());
        check_all(s);
        REQUIRE(s.set_dims(8, 4).ok());
        check_all(s);
        Explanation e;
        REQUIRE(explain(s, MatrixId::Scores, 1, 2, &e));
        CHECK(e.operands[0].matrix == (pos == PositionKind::Rotary ? MatrixId::Q_rot : MatrixId::Q));
        REQUIRE(explain(s, MatrixId::Position, 1, 0, &e));
        CHECK(e.kind == (pos == PositionKind::Sinusoidal ? ExplanationKind::Sinusoid
                         : pos == PositionKind::Learned  ? ExplanationKind::Table
                                                         : ExplanationKind::NoPosition));
    }
}

TEST_CASE("explanations with a causal mask and a Chinese sentence") {
    Session s;
    REQUIRE(s.set_mask(MaskKind::Causal).ok());
    check_all(s);
    REQUIRE(s.set_sentence("我在天空中看到一只鸟").ok());
    REQUIRE(s.set_dims(16, 8).ok());
    check_all(s);
    REQUIRE(s.set_temperature(0.3f).ok());  // softmax explanations divide by the temperature
    check_all(s);
    Explanation e;
    REQUIRE(explain(s, MatrixId::Weights, 2, 1, &e));
    CHECK(e.divisor == 0.3f);
    CHECK(e.logits[1] == doctest::Approx(s.lesson().trace().masked(2, 1) / 0.3f));
}

TEST_CASE("a score is the dot product of the query row and the key row") {
    Session s;  // "I saw a bird in the sky": bird = 3, sky = 6
    Explanation e;
    REQUIRE(explain(s, MatrixId::Scores, 3, 6, &e));
    CHECK(e.kind == ExplanationKind::DotProduct);
    REQUIRE(e.a.size() == 4);
    for (int k = 0; k < 4; ++k) {
        CHECK(e.a[static_cast<std::size_t>(k)] == s.lesson().trace().Q(3, k));
        CHECK(e.b[static_cast<std::size_t>(k)] == s.lesson().trace().K(6, k));
    }
    REQUIRE(e.operands.size() == 2);
    CHECK(e.operands[0].matrix == MatrixId::Q);
    CHECK(e.operands[0].row == 3);
    CHECK(e.operands[1].matrix == MatrixId::K);
    CHECK(e.operands[1].row == 6);
}

TEST_CASE("an output cell is the weighted sum of a column of V") {
    Session s;
    Explanation e;
    REQUIRE(explain(s, MatrixId::Output, 3, 2, &e));
    CHECK(e.operands[0].matrix == MatrixId::Weights);
    CHECK(e.operands[1].matrix == MatrixId::V);
    CHECK(e.operands[1].col == 2);
    CHECK(e.b[5] == s.lesson().trace().V(5, 2));
}

TEST_CASE("scale divides by the square root of d_k; a masked cell is -inf") {
    Session s;
    Explanation e;
    REQUIRE(explain(s, MatrixId::Scaled, 1, 2, &e));
    CHECK(e.divisor == 2.0f);  // √4
    REQUIRE(s.set_mask(MaskKind::Causal).ok());
    REQUIRE(explain(s, MatrixId::Masked, 1, 2, &e));
    CHECK_FALSE(e.allowed);
    REQUIRE(explain(s, MatrixId::Weights, 1, 2, &e));
    CHECK(e.value == 0.0f);
    CHECK(e.exps[2] == 0.0f);
}

TEST_CASE("cells that do not exist are refused") {
    Session s;
    Explanation e;
    e.value = 42.0f;
    CHECK_FALSE(explain(s, MatrixId::Scores, 7, 0, &e));
    CHECK_FALSE(explain(s, MatrixId::Q, 0, 4, &e));
    CHECK_FALSE(explain(s, MatrixId::X, -1, 0, &e));
    CHECK(e.value == 42.0f);
}

TEST_CASE("matrix names are the page hook's names and round-trip") {
    Session rope;
    REQUIRE(rope.set_position(PositionKind::Rotary).ok());
    const std::string j = state_json(Session()), r = state_json(rope);
    CHECK(j.find("\"Q_rot\":[]") != std::string::npos);  // rotary only
    for (int m = 0; m < static_cast<int>(count_of<MatrixId>()); ++m) {
        const char* name = id_of(static_cast<MatrixId>(m));
        // every matrix is in state(), with rows; the poem step's are empty until its model is loaded
        const bool poem = poem_matrix(static_cast<MatrixId>(m));
        CHECK(r.find("\"" + std::string(name) + (poem ? "\":[]" : "\":[[")) != std::string::npos);
        MatrixId id;
        REQUIRE(from_id(name, &id));
        CHECK(static_cast<int>(id) == m);
    }
    MatrixId id;
    CHECK_FALSE(from_id("q", &id));
}

TEST_CASE("explanation_json carries the arithmetic for the page hook") {
    Session s;
    Explanation e;
    REQUIRE(explain(s, MatrixId::Scores, 3, 6, &e));
    const std::string j = explanation_json(e);
    CHECK(j.rfind("{\"kind\":\"dotProduct\",\"matrix\":\"scores\",\"row\":3,\"col\":6,", 0) == 0);
    CHECK(j.find("\"operands\":[{\"matrix\":\"Q\",\"row\":3,\"col\":-1},{\"matrix\":\"K\",\"row\":6,\"col\":-1}]") !=
          std::string::npos);
    REQUIRE(s.set_mask(MaskKind::Causal).ok());
    REQUIRE(explain(s, MatrixId::Weights, 0, 3, &e));
    CHECK(explanation_json(e).find("\"logits\":[") != std::string::npos);
    CHECK(explanation_json(e).find("\"-Infinity\"") != std::string::npos);
}

TEST_CASE("explanation kinds: the ids explain() replies in \"kind\" (docs/page-hook.md)") {
    CHECK(known_ids<ExplanationKind>() ==
          "table, sinusoid, sum, parameter, dotProduct, scale, mask, softmax, context, rotation, noPosition, concat, affine, layerNorm");
    CHECK(std::string(id_of(ExplanationKind::Softmax)) == "softmax");
    ExplanationKind k;
    CHECK(from_id("dotProduct", &k));
    CHECK(k == ExplanationKind::DotProduct);
}

TEST_CASE("explanations of the multi-head block: 1, 2 and 4 heads, each head selected in turn, trained and not") {
    for (ModelKind kind : all_of<ModelKind>())
        for (int heads : kHeadCounts)
            for (int h = 0; h < heads; ++h) {
                Session s;
                CAPTURE(id_of(kind));
                CAPTURE(heads);
                CAPTURE(h);
                s.set_model(kind);
                REQUIRE(s.set_heads(heads).ok());
                REQUIRE(s.select_head(h).ok());
                check_all(s);
                Explanation e;
                REQUIRE(explain(s, MatrixId::Concat, 0, s.lesson().multi_head().shape().d_model - 1, &e));
                CHECK(e.head == heads - 1);  // the last column is the last head's
                REQUIRE(explain(s, MatrixId::Mixed, 1, 0, &e));
                CHECK(e.operands[0].matrix == MatrixId::Concat);
                CHECK(e.operands[1].matrix == MatrixId::W_O);
            }
}

TEST_CASE("explanations of the poems stage's step: every cell of q, the cache, the scores and the output, two heads and steps") {
    Session s;
    std::string bytes;
    REQUIRE(read_file_bytes(CAPITON_GPT_PRESET, &bytes));
    REQUIRE(s.load_poem_preset(bytes).ok());
    REQUIRE(s.poems().steps() > 3);
    for (const std::tuple<int, int, int>& chosen : {std::tuple{0, 0, 0}, std::tuple{1, 2, 3}}) {
        // plain names, not a structured binding: clang (the asan build) cannot capture those in CAPTURE
        const int layer = std::get<0>(chosen), head = std::get<1>(chosen), step = std::get<2>(chosen);
        CAPTURE(layer);
        CAPTURE(head);
        REQUIRE(s.select_poem_head(layer, head).ok());
        REQUIRE(s.select_poem_step(step).ok());
        REQUIRE(matrix_of(s, MatrixId::PoemK)->rows() == s.poems().step().row + 1);
        check_all(s);
        Explanation e;  // a score names its query row and key row as operands
        REQUIRE(explain(s, MatrixId::PoemScores, 0, 1, &e));
        CHECK(e.kind == ExplanationKind::DotProduct);
        REQUIRE(e.operands.size() == 2);
        CHECK(e.operands[1].matrix == MatrixId::PoemK);
        CHECK(e.operands[1].row == 1);
    }
}

TEST_CASE("before the poem model is loaded its step's matrices are empty and explain nothing") {
    const Session s;
    Explanation e;
    CHECK(matrix_of(s, MatrixId::PoemQ)->size() == 0);
    CHECK_FALSE(explain(s, MatrixId::PoemQ, 0, 0, &e));
}
