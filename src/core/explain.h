// capiton core: how each number on screen was computed, with the actual numbers.
//
// explain(session, matrix, i, j) returns the arithmetic behind one cell of one trace matrix, in a
// form the UI only has to print: the operands (which cells of which matrices to light up) and the
// terms that were added or divided. Every explanation is recomputed from the trace's own inputs and
// its result agrees with the trace value (tests/core/test_explain.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ids.h"
#include "json.h"
#include "session.h"

namespace capiton {

// The matrix of the session that MatrixId m (ids.h) names.
const Matrix* matrix_of(const Session& s, MatrixId m);

enum class ExplanationKind {
    Table,       // embedding: a row of the (seeded) embedding table
    Sinusoid,    // position: sin or cos of position × rate
    Sum,         // X = embedding + position
    Parameter,   // W_Q, W_K, W_V: a model parameter (random here, learned in training)
    DotProduct,  // Q, K, V (row of X · column of W), scores (row of Q · row of K), output (row of weights · column of V)
    Scale,       // scaled = score / √d_k
    Mask,        // masked = scaled, or −∞ when the mask forbids
    Softmax,     // weight = exp(x − max) / Σ exp(x_k − max)
    Context,     // context: the encoder's last state h_n, read unchanged by every decoder step
    Rotation,    // Q_rot, K_rot: a pair (x, y) of Q or K turned by position × rate (a[0] = x, a[1] = y)
    NoPosition,  // position with none or rotary: nothing is added to the embedding (0)
    Concat,      // concat: a cell of one head's output, copied to its place (head, a[0])
    Affine,      // hidden, ffn: Σ a[k]·b[k] + bias, then (hidden) ReLU: max(0, ·)
    LayerNorm,   // norm1, norm2: gain · (r − mean) · rstd + bias, r = a[col], mean and rstd of the row a
};
// Its ids, as explain() replies them in "kind" (docs/page-hook.md); id_of / from_id as for ids.h.
template <> struct Ids<ExplanationKind> {
    static constexpr const char* kind = "explanation kind";
    static constexpr const char* kinds = "explanation kinds";
    static constexpr std::array<const char*, 14> names = {"table",  "sinusoid", "sum",     "parameter",
                                                          "dotProduct", "scale", "mask", "softmax",
                                                          "context", "rotation", "noPosition", "concat",
                                                          "affine", "layerNorm"};
};
static_assert(static_cast<std::size_t>(ExplanationKind::LayerNorm) + 1 == Ids<ExplanationKind>::names.size());

// One cell (or a whole row/column with index -1) of a matrix, to light up as an operand.
struct Operand {
    MatrixId matrix;
    int row;  // -1: every row
    int col;  // -1: every column
};

struct Explanation {
    ExplanationKind kind = ExplanationKind::Parameter;
    MatrixId matrix = MatrixId::X;
    int row = 0, col = 0;
    float value = 0.0f;            // the trace's value of this cell
    std::vector<Operand> operands;
    // DotProduct: value = Σ a[k]·b[k];  Sum: value = a[0] + b[0]
    std::vector<float> a, b;
    // Scale: value = a[0] / divisor;  Sinusoid: value = sin/cos(position × rate)
    // Rotation: even column x·cos(position × rate) − y·sin(…), odd column x·sin(…) + y·cos(…) (cosine
    // false); a last odd column of an odd width is not turned (a = {x}, rate 0)
    float divisor = 1.0f;
    bool cosine = false;           // Sinusoid: cos (odd feature) or sin (even)
    int position = 0;
    double rate = 0.0;
    // Mask: whether query row may look at key col
    bool allowed = true;
    // Softmax over the row: logits (masked / temperature; the temperature is in divisor), row max,
    // exp(logit − max) per key, and their sum
    std::vector<float> logits, exps;
    float row_max = 0.0f, exp_sum = 0.0f;
    // Concat: the head the cell comes from (0-based) and its column there
    int head = -1, head_col = -1;
    // Affine: the bias added (and relu: the sum went through max(0, ·)); LayerNorm: bias and gain of the
    // column, the row's mean and 1/√(variance + ε)
    float bias = 0.0f, gain = 1.0f, mean = 0.0f, rstd = 1.0f;
    bool relu = false;
};

// Returns false (and leaves *out alone) when the cell does not exist.
bool explain(const Session& s, MatrixId m, int row, int col, Explanation* out);

// The explanation as a JSON object for the page hook (capiton.explain):
// {kind, matrix, row, col, value, operands: [{matrix, row, col}], a, b, divisor, allowed,
//  position, rate, cosine, logits, exps, rowMax, expSum}; row/col -1 in an operand = all.
std::string explanation_json(const Explanation& e);
void write_explanation(json::Writer& w, const Explanation& e);  // the same fields, into an open object

}  // namespace capiton
