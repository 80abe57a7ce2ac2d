// capiton core: one whole transformer block with several heads — what real models stack.
//
// The lesson's formula stages follow one head. A real layer runs H heads side by side, each with its
// own W_Q, W_K, W_V of width d_k = d_model / H, glues their outputs together, mixes them with W_O and
// then does the rest of the block, as in the original transformer (layer norm after each residual):
//
//   X      = E[ids] + PE                                   (n, d_model)
//   head h = 0 … H−1, its columns [h·d_k, (h+1)·d_k) of W_Q, W_K, W_V (each (d_model, d_model)):
//     Q_h = X·W_Q[:, h], K_h = X·W_K[:, h], V_h = X·W_V[:, h]   (n, d_k)
//     A_h = softmax of each row of Q_h·K_hᵀ / √d_k              (n, n)
//     O_h = A_h·V_h                                             (n, d_k)
//   C      = [O_0 | O_1 | … | O_{H−1}]                     (n, d_model)  the heads' outputs side by side
//   M      = C·W_O                                         (n, d_model)  mixed by W_O (d_model, d_model)
//   R1     = X + M                                         (n, d_model)  residual: the word plus what it gathered
//   N1     = LN(R1; g1, b1)                                (n, d_model)  layer norm, row by row (below)
//   U      = ReLU(N1·W_1 + c_1)                            (n, d_ff)     feed-forward, each word alone
//   F      = U·W_2 + c_2                                   (n, d_model)
//   R2     = N1 + F                                        (n, d_model)  second residual
//   N2     = LN(R2; g2, b2)                                (n, d_model)  what the next layer reads
//   logits = N2[p]·W_C + b_C                               (1, classes)  the question asked at position p
//
//   LN(r; g, b) = g ⊙ (r − μ) / √(σ² + ε) + b, with μ and σ² the mean and variance of the row r
//   (divided by d_model), ε = kLayerNormEps.
//
// block_pass() keeps every intermediate (the heads and block stages show them all; backward reads
// them). Written for any scalar type: float on screen and in training, double for the gradient check.
#pragma once

#include <cstdint>
#include <vector>

#include "matrix.h"
#include "train.h"

namespace capiton {

inline constexpr double kLayerNormEps = 1e-5;

struct BlockShape {
    int vocab = 0, d_model = 16, heads = 4, d_ff = 32, classes = 2;
    int d_k() const { return d_model / heads; }
};

template <typename S>
struct BlockParams {
    Mat<S> E;              // (vocab, d_model)
    Mat<S> W_Q, W_K, W_V;  // (d_model, d_model): head h's are columns [h·d_k, (h+1)·d_k)
    Mat<S> W_O;            // (d_model, d_model)
    Mat<S> g1, b1;         // (1, d_model)  first layer norm's gain and bias
    Mat<S> W_1, c_1;       // (d_model, d_ff), (1, d_ff)
    Mat<S> W_2, c_2;       // (d_ff, d_model), (1, d_model)
    Mat<S> g2, b2;         // (1, d_model)
    Mat<S> W_C, b_C;       // (d_model, classes), (1, classes)  the question's output head
    static constexpr int kTensors = 15;
    Mat<S>& tensor(int i) { return this->*kMembers[i]; }
    const Mat<S>& tensor(int i) const { return this->*kMembers[i]; }
    static const char* name(int i);  // "E", "W_Q", …

private:
    static constexpr Mat<S> BlockParams::*kMembers[kTensors] = {
        &BlockParams::E,   &BlockParams::W_Q, &BlockParams::W_K, &BlockParams::W_V, &BlockParams::W_O,
        &BlockParams::g1,  &BlockParams::b1,  &BlockParams::W_1, &BlockParams::c_1, &BlockParams::W_2,
        &BlockParams::c_2, &BlockParams::g2,  &BlockParams::b2,  &BlockParams::W_C, &BlockParams::b_C};
};

// Seeded, untrained parameters: uniform in [−a, a) with a = √(3 / fan-in) for every matrix and E in
// [−1, 1), the layer norms' gains 1 and every bias 0 (the block before it learned anything).
BlockParams<float> init_block_params(const BlockShape& shape, std::uint64_t seed);

// Every intermediate of one pass. heads[h] holds head h's X (the block's input), Q, K, V, Z (scaled
// scores), A (weights) and O; mean/rstd are each row's μ and 1/√(σ² + ε) of the two layer norms (n, 1).
template <typename S>
struct BlockPass {
    Mat<S> X;
    std::vector<AttentionPass<S>> heads;
    Mat<S> C, M, R1, mean1, rstd1, N1, pre, U, F, R2, mean2, rstd2, N2;  // pre = N1·W_1 + c_1 (before ReLU)
};

// LN(R; g, b) row by row (above), each row's μ and rstd = 1/√(σ² + ε) kept (n, 1) for the screen and
// for backward; also the poem model's (gpt.h).
template <typename S>
void layer_norm(const Mat<S>& R, const Mat<S>& g, const Mat<S>& b, Mat<S>& mean, Mat<S>& rstd, Mat<S>& N);
// Its backward from dN (n, d): adds Σ_rows dN ⊙ x̂ into dg and Σ_rows dN into db (1, d), returns dR.
template <typename S>
Mat<S> layer_norm_backward(const Mat<S>& R, const Mat<S>& mean, const Mat<S>& rstd, const Mat<S>& g, const Mat<S>& dN,
                           Mat<S>& dg, Mat<S>& db);

// The pass from already-made inputs X (n, d_model): the lesson embeds its own sentence (unknown words
// get a zero row) and calls this.
template <typename S>
BlockPass<S> block_pass(const BlockParams<S>& p, const BlockShape& shape, const Mat<S>& X);

// How much of the feed-forward part one pass uses, from U = ReLU(N1·W_1 + c_1) (n, d_ff): its numbers
// above 0, the hidden units (columns) above 0 for at least one word, and the words whose whole row is
// 0 (their row of F = U·W_2 + c_2 is exactly c_2). A trained block can leave many units silent: a
// ReLU below 0 for every input gets no gradient through its own weights, which training then leaves
// as they are (only a change before it can bring it back).
struct FfnActivity {
    int positive = 0, numbers = 0;      // U's entries above 0, of n × d_ff
    int units_firing = 0, units = 0;    // columns with an entry above 0, of d_ff
    int silent_words = 0, words = 0;    // rows that are all 0, of n
    bool quiet() const { return positive * kQuietShare < numbers; }  // under one in kQuietShare above 0
    static constexpr int kQuietShare = 10;
};
FfnActivity ffn_activity(const Matrix& U);

}  // namespace capiton
