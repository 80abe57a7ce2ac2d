// capiton core: the slow, obvious reference implementation.
//
// Plain loops, double precision, no Eigen. It computes the same stages as attention.h and exists
// only so that tests can compare the fast path against it (see tests/core/test_attention.cpp).
#pragma once

#include <vector>

#include "attention.h"
#include "block.h"
#include "gpt.h"
#include "translate.h"

namespace capiton::ref {

struct Mat {  // row-major, double
    int rows = 0, cols = 0;
    std::vector<double> v;
    Mat() = default;
    Mat(int r, int c) : rows(r), cols(c), v(static_cast<std::size_t>(r) * c, 0.0) {}
    double& operator()(int i, int j) { return v[static_cast<std::size_t>(i) * cols + j]; }
    double operator()(int i, int j) const { return v[static_cast<std::size_t>(i) * cols + j]; }
};

Mat from(const Matrix& m);
Mat matmul(const Mat& a, const Mat& b);     // (r, k) · (k, c) -> (r, c)
Mat transpose(const Mat& a);
Mat softmax_rows(const Mat& logits);        // same conventions as capiton::softmax_rows

Mat rotate_by_position(const Mat& m);  // RoPE, as capiton::rotate_by_position

// The largest |fast − slow| over the cells, for the tests' tolerances; infinity when the shapes differ.
double max_abs_diff(const Matrix& fast, const Mat& slow);

struct Trace {
    Mat X, Q, K, V, Q_rot, K_rot, scores, scaled, masked, weights, output;  // Q_rot, K_rot: rotary only
};

// The whole pass from X, with the weights converted to double; and with the keys and values from Xkv.
Trace attend(const Matrix& X, const Weights& w, const Config& c);
Trace attend(const Matrix& Xq, const Matrix& Xkv, const Weights& w, const Config& c);

// One whole block (block.h) from X: each head's weights and output, C, M, R1, N1, U, F, R2, N2.
struct Block {
    std::vector<Mat> weights, outputs;  // per head: A_h (n, n), O_h (n, d_k)
    Mat C, M, R1, N1, U, F, R2, N2;
};
Block block(const BlockParams<float>& p, const BlockShape& shape, const Matrix& X);

// The encoder–decoder (translate.h) on one example, teacher forced: every intermediate the cross and
// decode stages show, and the next token's probabilities. Its own sinusoidal positions (sin for even
// features, cos for odd, at 10000^(−2⌊j/2⌋/d)).
struct Translate {
    Mat X, Qe, Ke, Ve, Ae, H;  // encoder
    Mat Y, Qs, Ks, Vs, As, D1;  // decoder self-attention (causal)
    Mat Qc, Kc, Vc, Ac, D2;     // cross-attention
    Mat D3, probs;              // feed-forward, output
};
Translate translate(const TranslateParams<float>& p, const TranslateShape& shape, const TranslateExample& ex);

// The poem model (gpt.h) on one sequence of ids: each layer's input X, every head's weights
// (layer l, head h at l·heads + h), and the next character's logits and probabilities (n, V).
struct Gpt {
    std::vector<Mat> X, weights;
    Mat logits, probs;
};
Gpt gpt(const GptParams<float>& p, const GptShape& shape, const std::vector<int>& ids);

}  // namespace capiton::ref
