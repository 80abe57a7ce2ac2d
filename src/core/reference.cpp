#include "reference.h"

#include <cmath>
#include <limits>

namespace capiton::ref {

Mat from(const Matrix& m) {
    Mat r(static_cast<int>(m.rows()), static_cast<int>(m.cols()));
    for (int i = 0; i < r.rows; ++i)
        for (int j = 0; j < r.cols; ++j) r(i, j) = m(i, j);
    return r;
}

Mat matmul(const Mat& a, const Mat& b) {
    Mat c(a.rows, b.cols);
    for (int i = 0; i < a.rows; ++i)
        for (int j = 0; j < b.cols; ++j) {
            double sum = 0.0;
            for (int k = 0; k < a.cols; ++k) sum += a(i, k) * b(k, j);
            c(i, j) = sum;
        }
    return c;
}

Mat transpose(const Mat& a) {
    Mat t(a.cols, a.rows);
    for (int i = 0; i < a.rows; ++i)
        for (int j = 0; j < a.cols; ++j) t(j, i) = a(i, j);
    return t;
}

Mat softmax_rows(const Mat& logits) {
    const double neg_inf = -std::numeric_limits<double>::infinity();
    Mat out(logits.rows, logits.cols);
    for (int i = 0; i < logits.rows; ++i) {
        double row_max = neg_inf;
        for (int j = 0; j < logits.cols; ++j) row_max = std::fmax(row_max, logits(i, j));
        if (row_max == neg_inf) continue;  // fully masked row: all zeros
        double sum = 0.0;
        for (int j = 0; j < logits.cols; ++j) sum += std::exp(logits(i, j) - row_max);
        for (int j = 0; j < logits.cols; ++j) out(i, j) = std::exp(logits(i, j) - row_max) / sum;
    }
    return out;
}

double max_abs_diff(const Matrix& fast, const Mat& slow) {
    if (fast.rows() != slow.rows || fast.cols() != slow.cols) return std::numeric_limits<double>::infinity();
    double d = 0.0;
    for (int i = 0; i < slow.rows; ++i)
        for (int j = 0; j < slow.cols; ++j) d = std::fmax(d, std::fabs(static_cast<double>(fast(i, j)) - slow(i, j)));
    return d;
}

Mat rotate_by_position(const Mat& m) {
    Mat r = m;
    for (int i = 0; i < m.rows; ++i)
        for (int p = 0; 2 * p + 1 < m.cols; ++p) {
            const double angle = i * std::pow(10000.0, -2.0 * p / m.cols);
            r(i, 2 * p) = m(i, 2 * p) * std::cos(angle) - m(i, 2 * p + 1) * std::sin(angle);
            r(i, 2 * p + 1) = m(i, 2 * p) * std::sin(angle) + m(i, 2 * p + 1) * std::cos(angle);
        }
    return r;
}

Trace attend(const Matrix& X, const Weights& w, const Config& c) { return attend(X, X, w, c); }

Trace attend(const Matrix& Xq, const Matrix& Xkv, const Weights& w, const Config& c) {
    Trace t;
    t.X = from(Xq);
    const Mat kv = from(Xkv);
    t.Q = matmul(t.X, from(w.W_Q));
    t.K = matmul(kv, from(w.W_K));
    t.V = matmul(kv, from(w.W_V));
    if (c.position == PositionKind::Rotary) {
        t.Q_rot = rotate_by_position(t.Q);
        t.K_rot = rotate_by_position(t.K);
        t.scores = matmul(t.Q_rot, transpose(t.K_rot));
    } else {
        t.scores = matmul(t.Q, transpose(t.K));
    }
    const double scale = 1.0 / std::sqrt(static_cast<double>(c.d_k));
    t.scaled = t.scores;
    for (double& x : t.scaled.v) x *= scale;
    t.masked = t.scaled;
    for (int i = 0; i < t.masked.rows; ++i)
        for (int j = 0; j < t.masked.cols; ++j)
            if (!mask_allows(c.mask, i, j)) t.masked(i, j) = -std::numeric_limits<double>::infinity();
    Mat tempered = t.masked;
    for (double& x : tempered.v) x /= c.temperature;
    t.weights = softmax_rows(tempered);
    t.output = matmul(t.weights, t.V);
    return t;
}

namespace {
Mat columns(const Mat& m, int first, int count) {
    Mat r(m.rows, count);
    for (int i = 0; i < m.rows; ++i)
        for (int j = 0; j < count; ++j) r(i, j) = m(i, first + j);
    return r;
}
Mat add_row(Mat m, const Mat& row) {  // m + row, the row added to every row of m
    for (int i = 0; i < m.rows; ++i)
        for (int j = 0; j < m.cols; ++j) m(i, j) += row(0, j);
    return m;
}
Mat plus(Mat a, const Mat& b) {
    for (std::size_t k = 0; k < a.v.size(); ++k) a.v[k] += b.v[k];
    return a;
}
Mat layer_norm(const Mat& r, const Mat& g, const Mat& b) {
    Mat out(r.rows, r.cols);
    for (int i = 0; i < r.rows; ++i) {
        double mean = 0.0, var = 0.0;
        for (int j = 0; j < r.cols; ++j) mean += r(i, j) / r.cols;
        for (int j = 0; j < r.cols; ++j) var += (r(i, j) - mean) * (r(i, j) - mean) / r.cols;
        for (int j = 0; j < r.cols; ++j) out(i, j) = g(0, j) * (r(i, j) - mean) / std::sqrt(var + kLayerNormEps) + b(0, j);
    }
    return out;
}
}  // namespace

Block block(const BlockParams<float>& p, const BlockShape& sh, const Matrix& X) {
    Block b;
    const Mat x = from(X), wq = from(p.W_Q), wk = from(p.W_K), wv = from(p.W_V);
    const int dk = sh.d_model / sh.heads;
    b.C = Mat(x.rows, sh.d_model);
    for (int h = 0; h < sh.heads; ++h) {
        const Mat q = matmul(x, columns(wq, h * dk, dk)), k = matmul(x, columns(wk, h * dk, dk)),
                  v = matmul(x, columns(wv, h * dk, dk));
        Mat z = matmul(q, transpose(k));
        for (double& e : z.v) e /= std::sqrt(static_cast<double>(dk));
        b.weights.push_back(softmax_rows(z));
        b.outputs.push_back(matmul(b.weights.back(), v));
        for (int i = 0; i < x.rows; ++i)
            for (int j = 0; j < dk; ++j) b.C(i, h * dk + j) = b.outputs.back()(i, j);
    }
    b.M = matmul(b.C, from(p.W_O));
    b.R1 = plus(x, b.M);
    b.N1 = layer_norm(b.R1, from(p.g1), from(p.b1));
    b.U = add_row(matmul(b.N1, from(p.W_1)), from(p.c_1));
    for (double& e : b.U.v) e = e > 0.0 ? e : 0.0;
    b.F = add_row(matmul(b.U, from(p.W_2)), from(p.c_2));
    b.R2 = plus(b.N1, b.F);
    b.N2 = layer_norm(b.R2, from(p.g2), from(p.b2));
    return b;
}

namespace {
// E[id] + PE(position) for each id (n, d), or E[id] alone (the cross-attention's values).
Mat embed_ids(const Mat& E, const std::vector<int>& ids, bool positions) {
    const int d = E.cols;
    Mat x(static_cast<int>(ids.size()), d);
    for (int i = 0; i < x.rows; ++i)
        for (int j = 0; j < d; ++j) {
            const double rate = std::pow(10000.0, -static_cast<double>(j - j % 2) / d);
            const double pe = j % 2 == 0 ? std::sin(i * rate) : std::cos(i * rate);
            x(i, j) = E(ids[static_cast<std::size_t>(i)], j) + (positions ? pe : 0.0);
        }
    return x;
}
// softmax(q·kᵀ / √d) row by row, the future hidden when causal; returns the weights.
Mat attention_weights(const Mat& q, const Mat& k, bool causal) {
    Mat z = matmul(q, transpose(k));
    const double s = 1.0 / std::sqrt(static_cast<double>(q.cols));
    for (int i = 0; i < z.rows; ++i)
        for (int j = 0; j < z.cols; ++j) z(i, j) = causal && j > i ? -std::numeric_limits<double>::infinity() : z(i, j) * s;
    return softmax_rows(z);
}
}  // namespace

Translate translate(const TranslateParams<float>& p, const TranslateShape& sh, const TranslateExample& ex) {
    (void)sh;
    Translate t;
    const Mat E = from(p.E);
    t.X = embed_ids(E, ex.src, true);
    t.Qe = matmul(t.X, from(p.We_Q));
    t.Ke = matmul(t.X, from(p.We_K));
    t.Ve = matmul(t.X, from(p.We_V));
    t.Ae = attention_weights(t.Qe, t.Ke, false);
    t.H = plus(t.X, matmul(t.Ae, t.Ve));
    std::vector<int> in = {ex.to};
    in.insert(in.end(), ex.tgt.begin(), ex.tgt.end());
    t.Y = embed_ids(E, in, true);
    t.Qs = matmul(t.Y, from(p.Ws_Q));
    t.Ks = matmul(t.Y, from(p.Ws_K));
    t.Vs = matmul(t.Y, from(p.Ws_V));
    t.As = attention_weights(t.Qs, t.Ks, true);
    t.D1 = plus(t.Y, matmul(t.As, t.Vs));
    t.Qc = matmul(t.D1, from(p.Wc_Q));
    t.Kc = matmul(t.H, from(p.Wc_K));
    t.Vc = matmul(embed_ids(E, ex.src, false), from(p.Wc_V));
    t.Ac = attention_weights(t.Qc, t.Kc, false);
    t.D2 = plus(t.D1, matmul(t.Ac, t.Vc));
    Mat r = add_row(matmul(t.D2, from(p.W_1)), from(p.b_1));
    for (double& e : r.v) e = e > 0.0 ? e : 0.0;
    t.D3 = plus(t.D2, add_row(matmul(r, from(p.W_2)), from(p.b_2)));
    t.probs = softmax_rows(add_row(matmul(t.D3, from(p.W_out)), from(p.b_out)));
    return t;
}

Gpt gpt(const GptParams<float>& p, const GptShape& sh, const std::vector<int>& ids) {
    Gpt g;
    const int n = static_cast<int>(ids.size()), d = sh.d_model, dk = sh.d_k();
    const Mat wte = from(p.wte), wpe = from(p.wpe);
    Mat x(n, d);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j) x(i, j) = wte(ids[static_cast<std::size_t>(i)], j) + wpe(i, j);
    for (const GptLayer<float>& w : p.layers) {
        g.X.push_back(x);
        const Mat n1 = layer_norm(x, from(w.g1), from(w.b1));
        const Mat q = matmul(n1, from(w.W_Q)), k = matmul(n1, from(w.W_K)), v = matmul(n1, from(w.W_V));
        Mat c(n, d);
        for (int h = 0; h < sh.heads; ++h) {
            g.weights.push_back(attention_weights(columns(q, h * dk, dk), columns(k, h * dk, dk), true));
            const Mat o = matmul(g.weights.back(), columns(v, h * dk, dk));
            for (int i = 0; i < n; ++i)
                for (int j = 0; j < dk; ++j) c(i, h * dk + j) = o(i, j);
        }
        const Mat r = plus(x, matmul(c, from(w.W_O)));
        Mat u = add_row(matmul(layer_norm(r, from(w.g2), from(w.b2)), from(w.W_1)), from(w.c_1));
        for (double& e : u.v) e = 0.5 * e * (1.0 + std::tanh(std::sqrt(2.0 / std::acos(-1.0)) * (e + 0.044715 * e * e * e)));
        x = plus(r, add_row(matmul(u, from(w.W_2)), from(w.c_2)));
    }
    g.logits = add_row(matmul(layer_norm(x, from(p.gf), from(p.bf)), transpose(wte)), from(p.b_out));
    g.probs = softmax_rows(g.logits);
    return g;
}

}  // namespace capiton::ref
