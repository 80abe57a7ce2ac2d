// capiton core: a small GPT that learns the characters of Tang poems (issue 10), forward and backward.
//
// It reads B sequences of n ≤ context character ids at once and predicts, at each position, the next
// character. Two layers of pre-layer-norm blocks, as GPT-2 (llm.c's train_gpt2.c):
//
//   X⁰     = wte[tokens] + wpe[0 … n)                          (B·n, d)   token + position embeddings
//   layer l = 0, 1:
//     N1   = LN(Xˡ; g1, b1)                                    (B·n, d)   layer norm (block.h), row by row
//     Q    = N1·W_Q,  K = N1·W_K,  V = N1·W_V                  (B·n, d)   head h: columns [h·d_k, (h+1)·d_k)
//     for each sequence b and head h, on its rows and columns:
//       Z  = Q_bh·K_bhᵀ / √d_k                                 (n, n)
//       A  = softmax of row i over j ≤ i (causal: j > i gets 0) (n, n)     what the lesson calls weights
//       O  = A·V_bh, into C's rows of b and columns of h       (n, d_k)
//     M    = C·W_O                                             (B·n, d)   the heads mixed
//     R    = Xˡ + M                                            (B·n, d)   residual
//     N2   = LN(R; g2, b2)                                     (B·n, d)
//     H    = N2·W_1 + c_1,  U = GELU(H)                        (B·n, d_ff) feed-forward, each position alone
//     F    = U·W_2 + c_2                                       (B·n, d)
//     Xˡ⁺¹ = R + F                                             (B·n, d)   residual
//   Nf     = LN(X²; gf, bf)                                    (B·n, d)
//   logits = Nf·wteᵀ + b_out                                   (B·n, V)   the token table again (tied)
//   probs  = softmax of each row;  loss = mean over the scored positions of −log probs[target]
//
//   GELU(x) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))          (GPT-2's approximation)
//
// gpt_forward() keeps every intermediate in a GptPass (the UI shows them, backward reads them);
// gpt_backward() is written stage by stage in gpt.cpp under the forward it differentiates. Both are
// written for any scalar type: float to train, double for the finite-difference check
// (tests/core/test_gpt.cpp); ref::gpt (reference.h) is the plain-loop double oracle of the forward.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "matrix.h"

namespace capiton {

inline constexpr int kGptLayers = 2;

struct GptShape {
    int vocab = 0, context = 64, d_model = 64, heads = 4, d_ff = 256;
    int d_k() const { return d_model / heads; }
};

// One layer's parameters, in tensor order.
template <typename S>
struct GptLayer {
    Mat<S> g1, b1;         // (1, d)      first layer norm
    Mat<S> W_Q, W_K, W_V;  // (d, d)      head h's are columns [h·d_k, (h+1)·d_k)
    Mat<S> W_O;            // (d, d)
    Mat<S> g2, b2;         // (1, d)      second layer norm
    Mat<S> W_1, c_1;       // (d, d_ff), (1, d_ff)
    Mat<S> W_2, c_2;       // (d_ff, d), (1, d)
    static constexpr int kTensors = 12;
    Mat<S>& tensor(int i) { return this->*kMembers[i]; }
    const Mat<S>& tensor(int i) const { return this->*kMembers[i]; }

private:
    static constexpr Mat<S> GptLayer::*kMembers[kTensors] = {&GptLayer::g1,  &GptLayer::b1,  &GptLayer::W_Q, &GptLayer::W_K,
                                                             &GptLayer::W_V, &GptLayer::W_O, &GptLayer::g2,  &GptLayer::b2,
                                                             &GptLayer::W_1, &GptLayer::c_1, &GptLayer::W_2, &GptLayer::c_2};
};

// Every trainable tensor: wte, wpe, the layers' in order, then gf, bf, b_out (kTensors and tensor(i)
// as every parameter set, so AdamOver and cast_tensors work on it).
template <typename S>
struct GptParams {
    Mat<S> wte;  // (V, d)        token table; also the output head (logits = Nf·wteᵀ)
    Mat<S> wpe;  // (context, d)  position table (the trainer can hold it at the sinusoidal code: poems.h)
    std::array<GptLayer<S>, kGptLayers> layers;
    Mat<S> gf, bf;  // (1, d)   final layer norm
    Mat<S> b_out;   // (1, V)   output bias
    static constexpr int kTensors = 2 + kGptLayers * GptLayer<S>::kTensors + 3;
    static constexpr int kWte = 0, kWpe = 1;  // tensor(i) of the two tables
    Mat<S>& tensor(int i);
    const Mat<S>& tensor(int i) const { return const_cast<GptParams*>(this)->tensor(i); }
    static std::string name(int i);  // "wte", "layer0.W_Q", …, "b_out"
};

template <typename S>
GptParams<S> cast_gpt_params(const GptParams<float>& p);

// Seeded, untrained parameters, as the block's (block.h): every matrix uniform in [−a, a) with
// a = √(3 / fan-in) (standard deviation 1/√fan-in; wte and wpe as if their fan-in were d_model), the
// residual outputs W_O and W_2 scaled down by 1/√(2·layers) as GPT-2 does, gains 1, biases 0.
// Not GPT-2's fixed standard deviation of 0.02: made for d_model = 768, at d_model = 64 it leaves the
// products W_Q·W_Kᵀ and the layers' compositions so small that the heads took thousands of steps
// to leave uniform attention (bench/README.md).
GptParams<float> init_gpt_params(const GptShape& shape, std::uint64_t seed);
// How many values init_gpt_params(shape) holds, counted without allocating them (64-bit: a file's
// header can ask for any shape, and a loader must refuse a huge one before making it).
std::uint64_t gpt_param_count(const GptShape& shape);

// B sequences of n ids each, row-major (tokens[b·n + i]), and the id each position must predict
// (−1: not scored). targets may be empty: a pass without a loss. With last_only, logits and probs
// are computed for each sequence's last position alone (row b): generation, which needs no more.
struct GptBatch {
    int batch = 0, n = 0;
    std::vector<int> tokens, targets;
    bool last_only = false;
};

// One layer's intermediates, named as in the formula above. Z (the scaled scores, −∞ above the
// diagonal) and A (the weights, 0 there) hold every head's: sequence b, head h, query row i is row
// (b·heads + h)·n + i, n columns. mean and rstd are each row's μ and 1/√(σ² + ε) of a layer norm (B·n, 1).
template <typename S>
struct GptLayerPass {
    Mat<S> X, mean1, rstd1, N1, Q, K, V, Z, A, C, M, R, mean2, rstd2, N2, H, U, F;
};

template <typename S>
struct GptPass {
    int batch = 0, n = 0;
    Mat<S> X0;
    std::array<GptLayerPass<S>, kGptLayers> layers;
    Mat<S> X2, meanf, rstdf, Nf, logits, probs;  // X2: the last layer's output (B·n, d); logits, probs (B·n, V)
    S loss = 0;
    int scored = 0;  // positions with a target
    // Head h's weights for sequence b (n, n).
    auto weights(int layer, int b, int h, int heads) const {
        return layers[static_cast<std::size_t>(layer)].A.block(static_cast<Eigen::Index>((b * heads + h) * n), 0, n, n);
    }
};

template <typename S>
GptPass<S> gpt_forward(const GptParams<S>& p, const GptShape& shape, const GptBatch& batch);

// Gradients of the pass's loss, added into g (same shapes as p; zero it first).
template <typename S>
void gpt_backward(const GptParams<S>& p, const GptShape& shape, const GptBatch& batch, const GptPass<S>& f, GptParams<S>& g);

// Loss and gradient of one batch (g is resized and zeroed first).
template <typename S>
S gpt_loss_and_grad(const GptParams<S>& p, const GptShape& shape, const GptBatch& batch, GptParams<S>& g);

// Scales every gradient so that their joint norm is at most max_norm; returns the norm before.
float clip_gradient_norm(GptParams<float>& g, float max_norm);

}  // namespace capiton
