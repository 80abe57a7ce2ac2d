// capiton core: single-head scaled dot-product self-attention, keeping every intermediate.
//
//   X       = E[tokens] + P                  (n, d_model)   embedding stage (P: the position rows)
//   Q       = X · W_Q                        (n, d_k)       projection stage
//   K       = X · W_K                        (n, d_k)
//   V       = X · W_V                        (n, d_k)       (d_v = d_k in capiton)
//   scores  = Q · Kᵀ                         (n, n)         scores stage
//             (rotary positions: Q_rot · K_rotᵀ, Q and K each turned by position first)
//   scaled  = scores / √d_k                  (n, n)         scale stage
//   masked  = scaled, −∞ where not allowed   (n, n)         mask stage
//   weights = softmax of each row of masked/T (n, n)        softmax stage (temperature T, 1 by default)
//   output  = weights · V                    (n, d_k)       weighting / output stages
//
// This is the fast path (Eigen, float). reference.h has the slow, obvious one it is tested against.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "embedding.h"
#include "ids.h"
#include "matrix.h"

namespace capiton {

struct Config {
    int d_model = 8;  // small enough to read every number on screen
    int d_k = 4;
    MaskKind mask = MaskKind::None;
    PositionKind position = PositionKind::Sinusoidal;  // how position gets in (embedding.h)
    float temperature = 1.0f;  // softmax(masked / T): T > 1 flattens the weights, T < 1 sharpens them
    std::uint64_t table_seed = kDefaultTableSeed;
    std::uint64_t weight_seed = 2025;
};

constexpr int kMaxDim = 1024;
constexpr float kMinTemperature = 0.05f, kMaxTemperature = 20.0f;

// Returns an empty string when the config is usable, else what is wrong with it.
std::string validate(const Config& c);

// The parameter matrices. Untrained here: drawn uniform in [-a, a) with a = √(3 / d_model), so each
// projected coordinate has roughly the variance of one input coordinate.
struct Weights {
    Matrix W_Q, W_K, W_V;  // each (d_model, d_k)
};

Weights init_weights(int d_model, int d_k, std::uint64_t seed);

struct Trace {
    std::vector<std::string> tokens;  // n
    Matrix token_embedding;           // (n, d_model)  rows of the embedding table
    Matrix position;                  // (n, d_model)  the position rows added (zeros: none, rotary)
    Matrix X;                         // (n, d_model)  token_embedding + position
    Matrix Q, K, V;                   // (n, d_k)
    Matrix Q_rot, K_rot;              // (n, d_k)  Q and K turned by position (rotary only; else empty)
    Matrix scores;                    // (n, n)  Q · Kᵀ (rotary: Q_rot · K_rotᵀ)
    Matrix scaled;                    // (n, n)  scores / √d_k
    Matrix masked;                    // (n, n)  scaled with −∞ where the mask forbids looking
    Matrix weights;                   // (n, n)  row-wise softmax of masked / T; each row sums to 1
    Matrix output;                    // (n, d_k) weights · V
    float scale = 1.0f;               // 1 / √d_k
};

// Row-wise softmax, the stable way: exp(x − row max) / Σ exp(x − row max).
// −∞ entries get weight 0. A row that is entirely −∞ (every position masked) has nothing to
// attend to: by capiton's convention its weights are all 0 (so its output is the zero vector),
// never NaN.
Matrix softmax_rows(const Matrix& logits);
void softmax_rows(const Matrix& logits, Matrix& out);  // same, into out's storage

// True where query i may look at key j.
bool mask_allows(MaskKind m, int i, int j);

// Runs every stage on already-made inputs X (n, d_model).
Trace attend(const Matrix& X, const Weights& w, const Config& c);
// Same, reusing t's matrices when their sizes already fit: no allocation on repeated calls
// (a fresh 1024×1024 trace costs more in page faults than in arithmetic).
void attend(const Matrix& X, const Weights& w, const Config& c, Trace& t);
// The queries from Xq, the keys and values from Xkv (both (n, d_model)); t.X is Xq. The small world's
// second layer asks this way (train.h); attend(X, …) is attend(X, X, …).
void attend(const Matrix& Xq, const Matrix& Xkv, const Weights& w, const Config& c, Trace& t);
// The same stages on the hand-written kernels (kernels.h): what attend() runs in the WebAssembly build
// (Eigen elsewhere). Callable in every build, so the native tests run it too (on the kernels'
// portable fallback); the same matrices come out, with the same meaning.
void attend_kernels(const Matrix& Xq, const Matrix& Xkv, const Weights& w, const Config& c, Trace& t);

// A sentence's tokens with their embedding rows E (n, d_model) and positions P (n, d_model): X = E + P
// goes through every stage, and the trace keeps the tokens, E and P too. Whatever table the rows come
// from (the seeded one, a trained model's), this is the one way words become a trace.
Trace attend_tokens(std::vector<std::string> tokens, Matrix E, Matrix P, const Weights& w, const Config& c);

// The position rows c adds to n embedding rows (embedding.h: position_rows, its seed from c's table seed).
Matrix position_rows(const Config& c, int n);

// Tokens -> rows of the seeded table (+ the position rows of c.position) -> attend.
Trace forward(const std::vector<std::string>& tokens, const Weights& w, const Config& c);

// Floating-point operations of the four matrix products of one forward pass (2 per multiply-add).
double forward_flops(int n, int d_model, int d_k);

}  // namespace capiton
