#include "embedding.h"

#include <cmath>

#include "tokenizer.h"

namespace capiton {

std::uint64_t SplitMix64::next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

Matrix SplitMix64::uniform_matrix(int rows, int cols, float a) {
    Matrix m(rows, cols);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) m(i, j) = a * uniform();
    return m;
}

float SplitMix64::uniform() {
    // top 24 bits -> [0, 1) exactly representable in float, then to [-1, 1)
    const float u = static_cast<float>(next() >> 40) * (1.0f / 16777216.0f);
    return 2.0f * u - 1.0f;
}

std::uint64_t fnv1a64(const std::string& s) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001B3ULL;
    }
    return h;
}

Matrix embed_tokens(const std::vector<std::string>& tokens, int d_model, std::uint64_t table_seed) {
    Matrix E(static_cast<Eigen::Index>(tokens.size()), d_model);  // (n, d_model)
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        SplitMix64 rng{fnv1a64(token_key(tokens[i])) ^ table_seed};
        rng.next();  // decorrelate seeds of similar strings
        for (int j = 0; j < d_model; ++j) E(static_cast<Eigen::Index>(i), j) = rng.uniform();
    }
    return E;
}

double position_rate(int feature, int width) {
    return std::pow(10000.0, -static_cast<double>(feature - feature % 2) / static_cast<double>(width));
}

Matrix positional_encoding(int n, int d_model) {
    Matrix P(n, d_model);  // (n, d_model)
    for (int p = 0; p < n; ++p)
        for (int i = 0; i < d_model; ++i) {
            const double rate = position_rate(i, d_model);
            P(p, i) = static_cast<float>(i % 2 == 0 ? std::sin(p * rate) : std::cos(p * rate));
        }
    return P;
}

Matrix learned_positions(int n, int d_model, std::uint64_t seed) {
    Matrix P(n, d_model);  // (n, d_model)
    for (int p = 0; p < n; ++p) {
        SplitMix64 rng{seed ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(p + 1))};
        for (int i = 0; i < d_model; ++i) P(p, i) = rng.uniform();
    }
    return P;
}

Matrix position_rows(PositionKind kind, int n, int d_model, std::uint64_t seed) {
    switch (kind) {
        case PositionKind::Sinusoidal: return positional_encoding(n, d_model);
        case PositionKind::Learned: return learned_positions(n, d_model, seed);
        case PositionKind::None:
        case PositionKind::Rotary: break;
    }
    return Matrix::Zero(n, d_model);
}

Matrix rotate_by_position(const Matrix& M) {
    Matrix R;
    rotate_by_position(M, R);
    return R;
}

void rotate_by_position(const Matrix& M, Matrix& R) {
    R = M;  // (n, d)
    const auto d = M.cols();
    for (Eigen::Index i = 0; i < M.rows(); ++i)
        for (Eigen::Index p = 0; 2 * p + 1 < d; ++p) {
            const double angle = static_cast<double>(i) * position_rate(static_cast<int>(2 * p), static_cast<int>(d));
            const float c = static_cast<float>(std::cos(angle)), s = static_cast<float>(std::sin(angle));
            const float x = M(i, 2 * p), y = M(i, 2 * p + 1);
            R(i, 2 * p) = x * c - y * s;
            R(i, 2 * p + 1) = x * s + y * c;
        }
}

}  // namespace capiton
