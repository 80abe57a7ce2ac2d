// capiton core: turning tokens into numbers.
//
// The embedding table. A real model learns one row per vocabulary entry; capiton has an open
// vocabulary (any word a student types), so a token's row is generated on demand, deterministically:
//
//   seed(token) = splitmix64(FNV-1a-64(token_key(token)) XOR table_seed)
//   row(token)  = d_model draws, uniform in [-1, 1), from the splitmix64 sequence started at seed(token)
//
// The same token gives the same row in every sentence, every run and every platform.
//
// Positional encoding (Vaswani et al. 2017), for position p and feature index i:
//   PE(p, 2j)   = sin(p / 10000^(2j / d_model))
//   PE(p, 2j+1) = cos(p / 10000^(2j / d_model))
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ids.h"
#include "matrix.h"

namespace capiton {

constexpr std::uint64_t kDefaultTableSeed = 0x5EED'CA91'70A0'0001ULL;

// splitmix64: small, fast, good enough for teaching numbers, identical on every platform.
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next();
    float uniform();  // in [-1, 1)
    // A (rows, cols) matrix of a · uniform(), row by row: how every seeded parameter starts.
    Matrix uniform_matrix(int rows, int cols, float a);
};

std::uint64_t fnv1a64(const std::string& s);

// token_embedding is (n, d_model): row i is the table row of tokens[i].
Matrix embed_tokens(const std::vector<std::string>& tokens, int d_model, std::uint64_t table_seed);

// The rate of feature i of a width-d position code, shared by its pair (2p, 2p+1): 10000^(−2p/d). The
// sinusoidal encoding takes sin / cos of position × rate; rotary turns the pair by that angle.
double position_rate(int feature, int width);

// position is (n, d_model): row p is PE(p, ·).
Matrix positional_encoding(int n, int d_model);

// A learned table of position vectors (n, d_model), before any learning: row p is drawn uniform in
// [-1, 1) from the seed and p alone, so a position keeps its row whatever the sentence's length.
Matrix learned_positions(int n, int d_model, std::uint64_t seed);

// What a position scheme adds to the embedding rows (n, d_model): the sinusoidal or the learned rows;
// zeros for none and for rotary (which turns Q and K instead: rotate_by_position).
Matrix position_rows(PositionKind kind, int n, int d_model, std::uint64_t seed);

// Rotary position (RoPE) on rows of Q or K (n, d): coordinates (2p, 2p+1) of row i are turned by the
// angle i · θ_p, θ_p = 10000^(−2p/d) (a last odd coordinate stays). Turning q by i·θ and k by j·θ
// changes q·k only through i − j, the tokens' distance.
Matrix rotate_by_position(const Matrix& M);
void rotate_by_position(const Matrix& M, Matrix& out);  // the same into out (no allocation when it fits)

}  // namespace capiton
