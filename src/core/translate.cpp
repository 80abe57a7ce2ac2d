#include "translate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "numbers.h"
#include "presets.h"
#include "tokenizer.h"

namespace capiton {

template <typename S>
const char* TranslateParams<S>::name(int i) {
    static const char* const kNames[kTensors] = {"E",    "We_Q", "We_K", "We_V", "Ws_Q", "Ws_K", "Ws_V", "Wc_Q",
                                                 "Wc_K", "Wc_V", "W_1",  "b_1",  "W_2",  "b_2",  "W_out", "b_out"};
    return kNames[i];
}
template struct TranslateParams<float>;
template struct TranslateParams<double>;

TranslateParams<float> init_translate_params(const TranslateShape& sh, std::uint64_t seed) {
    SplitMix64 rng{seed};
    const auto draw = [&](int r, int c, float a) { return rng.uniform_matrix(r, c, a); };
    const float a_d = std::sqrt(3.0f / static_cast<float>(sh.d)), a_ff = std::sqrt(3.0f / static_cast<float>(sh.ff));
    TranslateParams<float> p;
    p.E = draw(sh.vocab, sh.d, 1.0f);
    for (int i = 1; i <= 9; ++i) p.tensor(i) = draw(sh.d, sh.d, a_d);
    p.W_1 = draw(sh.d, sh.ff, a_d);
    p.b_1 = Matrix::Zero(1, sh.ff);
    p.W_2 = draw(sh.ff, sh.d, a_ff);
    p.b_2 = Matrix::Zero(1, sh.d);
    p.W_out = draw(sh.d, sh.vocab, a_d);
    p.b_out = Matrix::Zero(1, sh.vocab);
    return p;
}

template <typename S>
TranslateParams<S> cast_translate_params(const TranslateParams<float>& p) {
    return cast_tensors<TranslateParams<S>>(p);
}
template TranslateParams<float> cast_translate_params<float>(const TranslateParams<float>&);
template TranslateParams<double> cast_translate_params<double>(const TranslateParams<float>&);

namespace {

// The products of the forward and backward passes are lazyProduct (coefficient by coefficient): at
// these sizes (16 × 16, 9 × 138) nearly as fast as Eigen's blocked kernels in release (1.8 s of
// training against 1.6 s), and inlined here, so this file's -O2 (src/core/CMakeLists.txt) speeds them
// up in debug builds too.
template <typename S>
S scale_of(const TranslateShape& sh) {
    return S(1) / std::sqrt(static_cast<S>(sh.d));
}

// A = softmax of each row of Z (stable: minus the row's max); causal: row i sees columns 0 … i only.
template <typename S>
Mat<S> row_softmax(const Mat<S>& Z, bool causal) {
    Mat<S> A = Mat<S>::Zero(Z.rows(), Z.cols());
    for (Eigen::Index i = 0; i < Z.rows(); ++i) {
        const Eigen::Index w = causal ? i + 1 : Z.cols();
        const S mx = Z.row(i).head(w).maxCoeff();
        A.row(i).head(w) = (Z.row(i).head(w).array() - mx).exp();
        A.row(i).head(w) /= A.row(i).head(w).sum();
    }
    return A;
}

// softmax backwards, row by row: dZ[i][j] = A[i][j] · (dA[i][j] − Σ_k dA[i][k]·A[i][k]) (masked
// entries have A = 0, so get 0)
template <typename S>
Mat<S> softmax_backward(const Mat<S>& A, const Mat<S>& dA) {
    Mat<S> dZ(A.rows(), A.cols());
    for (Eigen::Index i = 0; i < A.rows(); ++i) dZ.row(i) = A.row(i).array() * (dA.row(i).array() - dA.row(i).dot(A.row(i)));
    return dZ;
}

// Attention backwards from dO (rows of Xq, d): Q = Xq·W_Q, K = Xk·W_K, V = Xv·W_V, A = softmax(s·Q·Kᵀ),
// O = A·V. Adds into the projections' gradients and into dXq, dXk and dXv (which may be one matrix).
template <typename S>
void attention_backward(const Mat<S>& Xq, const Mat<S>& Xk, const Mat<S>& Xv, const Mat<S>& W_Q, const Mat<S>& W_K,
                        const Mat<S>& W_V, const Mat<S>& Q, const Mat<S>& K, const Mat<S>& V, const Mat<S>& A, S s,
                        const Mat<S>& dO, Mat<S>& gW_Q, Mat<S>& gW_K, Mat<S>& gW_V, Mat<S>& dXq, Mat<S>& dXk, Mat<S>& dXv) {
    // O = A·V  ⇒  dA = dO·Vᵀ (rows, n), dV = Aᵀ·dO (n, d)
    const Mat<S> dA = dO.lazyProduct(V.transpose());
    const Mat<S> dV = A.transpose().lazyProduct(dO);
    // A = softmax(Z)  ⇒  dZ
    const Mat<S> dZ = softmax_backward(A, dA);
    // Z = s·Q·Kᵀ  ⇒  dQ = s·dZ·K, dK = s·dZᵀ·Q
    const Mat<S> dQ = s * (dZ.lazyProduct(K));
    const Mat<S> dK = s * (dZ.transpose().lazyProduct(Q));
    // projections  ⇒  dW_Q = Xqᵀ·dQ, dW_K = Xkᵀ·dK, dW_V = Xvᵀ·dV; dXq += dQ·W_Qᵀ, dXk += dK·W_Kᵀ, dXv += dV·W_Vᵀ
    gW_Q.noalias() += Xq.transpose().lazyProduct(dQ);
    gW_K.noalias() += Xk.transpose().lazyProduct(dK);
    gW_V.noalias() += Xv.transpose().lazyProduct(dV);
    dXq.noalias() += dQ.lazyProduct(W_Q.transpose());
    dXk.noalias() += dK.lazyProduct(W_K.transpose());
    dXv.noalias() += dV.lazyProduct(W_V.transpose());
}

template <typename S>
Mat<S> embed(const Mat<S>& E, const std::vector<int>& ids, int d) {
    const int n = static_cast<int>(ids.size());
    const Mat<S> pe = positional_encoding(n, d).template cast<S>();
    Mat<S> X(n, d);
    for (int i = 0; i < n; ++i) X.row(i) = E.row(ids[static_cast<std::size_t>(i)]) + pe.row(i);
    return X;
}

}  // namespace

template <typename S>
TranslateForward<S> translate_forward(const TranslateParams<S>& p, const TranslateShape& sh, const TranslateExample& ex) {
    TranslateForward<S> f;
    const S s = scale_of<S>(sh);
    // ---- encoder
    // X = E[src] + PE                                   (n, d)
    f.X = embed(p.E, ex.src, sh.d);
    // Qe, Ke, Ve = X·We_Q, X·We_K, X·We_V               (n, d)
    f.Qe = f.X.lazyProduct(p.We_Q);
    f.Ke = f.X.lazyProduct(p.We_K);
    f.Ve = f.X.lazyProduct(p.We_V);
    // Ae = softmax(s·Qe·Keᵀ)                            (n, n)
    f.Ae = row_softmax<S>(s * (f.Qe.lazyProduct(f.Ke.transpose())), false);
    // H = X + Ae·Ve                                     (n, d)
    f.H = f.X + f.Ae.lazyProduct(f.Ve);
    // ---- decoder
    // in = <to>, tgt[0 … m−2];  out = tgt, <eos>        (m)
    f.in = {ex.to};
    f.in.insert(f.in.end(), ex.tgt.begin(), ex.tgt.end());
    f.out = ex.tgt;
    f.out.push_back(kEosId);
    const Eigen::Index m = static_cast<Eigen::Index>(f.in.size());
    // Y = E[in] + PE                                    (m, d)
    f.Y = embed(p.E, f.in, sh.d);
    // Qs, Ks, Vs = Y·Ws_Q, Y·Ws_K, Y·Ws_V               (m, d)
    f.Qs = f.Y.lazyProduct(p.Ws_Q);
    f.Ks = f.Y.lazyProduct(p.Ws_K);
    f.Vs = f.Y.lazyProduct(p.Ws_V);
    // As = softmax(s·Qs·Ksᵀ), causal                    (m, m)
    f.As = row_softmax<S>(s * (f.Qs.lazyProduct(f.Ks.transpose())), true);
    // D1 = Y + As·Vs                                    (m, d)
    f.D1 = f.Y + f.As.lazyProduct(f.Vs);
    // Qc = D1·Wc_Q (m, d);  Kc = H·Wc_K, Vc = W·Wc_V (n, d): keys from the encoder's output, values from
    // the source words themselves, W = E[src] without positions (translate.h)
    f.Qc = f.D1.lazyProduct(p.Wc_Q);
    f.Kc = f.H.lazyProduct(p.Wc_K);
    f.W.resize(static_cast<Eigen::Index>(ex.src.size()), sh.d);
    for (std::size_t i = 0; i < ex.src.size(); ++i) f.W.row(static_cast<Eigen::Index>(i)) = p.E.row(ex.src[i]);
    f.Vc = f.W.lazyProduct(p.Wc_V);
    // Ac = softmax(s·Qc·Kcᵀ)                            (m, n)
    f.Ac = row_softmax<S>(s * (f.Qc.lazyProduct(f.Kc.transpose())), false);
    // D2 = D1 + Ac·Vc                                   (m, d)
    f.D2 = f.D1 + f.Ac.lazyProduct(f.Vc);
    // U = D2·W_1 + b_1, R = max(U, 0)                   (m, ff)
    f.U = (f.D2.lazyProduct(p.W_1)).rowwise() + p.b_1.row(0);
    f.R = f.U.cwiseMax(S(0));
    // D3 = D2 + R·W_2 + b_2                             (m, d)
    f.D3 = f.D2 + f.R.lazyProduct(p.W_2);
    f.D3.rowwise() += p.b_2.row(0);
    // logits = D3·W_out + b_out                         (m, vocab)
    f.logits = (f.D3.lazyProduct(p.W_out)).rowwise() + p.b_out.row(0);
    // probs = softmax of each row; loss = mean over rows of −log probs[out]
    f.probs = row_softmax<S>(f.logits, false);
    f.loss = 0;
    for (Eigen::Index t = 0; t < m; ++t) f.loss -= std::log(f.probs(t, f.out[static_cast<std::size_t>(t)]));
    f.loss /= static_cast<S>(m);
    return f;
}
template TranslateForward<float> translate_forward<float>(const TranslateParams<float>&, const TranslateShape&, const TranslateExample&);
template TranslateForward<double> translate_forward<double>(const TranslateParams<double>&, const TranslateShape&, const TranslateExample&);

template <typename S>
void translate_backward(const TranslateParams<S>& p, const TranslateShape& sh, const TranslateExample& ex,
                        const TranslateForward<S>& f, TranslateParams<S>& g) {
    const S s = scale_of<S>(sh);
    const Eigen::Index m = f.Y.rows(), n = f.X.rows();
    // loss = mean of −log softmax(logits)[out]  ⇒  dlogits = (probs − onehot(out)) / m      (m, vocab)
    Mat<S> dlogits = f.probs;
    for (Eigen::Index t = 0; t < m; ++t) dlogits(t, f.out[static_cast<std::size_t>(t)]) -= S(1);
    dlogits /= static_cast<S>(m);
    // logits = D3·W_out + b_out  ⇒  dW_out = D3ᵀ·dlogits, db_out = Σ rows, dD3 = dlogits·W_outᵀ   (m, d)
    g.W_out.noalias() += f.D3.transpose().lazyProduct(dlogits);
    g.b_out += dlogits.colwise().sum();
    const Mat<S> dD3 = dlogits.lazyProduct(p.W_out.transpose());
    // D3 = D2 + R·W_2 + b_2  ⇒  dD2 = dD3, dW_2 = Rᵀ·dD3, db_2 = Σ rows, dR = dD3·W_2ᵀ        (m, ff)
    Mat<S> dD2 = dD3;
    g.W_2.noalias() += f.R.transpose().lazyProduct(dD3);
    g.b_2 += dD3.colwise().sum();
    const Mat<S> dR = dD3.lazyProduct(p.W_2.transpose());
    // R = max(U, 0)  ⇒  dU = dR where U > 0
    const Mat<S> dU = (f.U.array() > S(0)).select(dR, Mat<S>::Zero(m, sh.ff));
    // U = D2·W_1 + b_1  ⇒  dW_1 = D2ᵀ·dU, db_1 = Σ rows, dD2 += dU·W_1ᵀ
    g.W_1.noalias() += f.D2.transpose().lazyProduct(dU);
    g.b_1 += dU.colwise().sum();
    dD2.noalias() += dU.lazyProduct(p.W_1.transpose());
    // D2 = D1 + Ac·Vc  ⇒  dD1 = dD2, then the cross-attention: its queries add into dD1, its keys into
    // dH, its values into dW
    Mat<S> dD1 = dD2;
    Mat<S> dH = Mat<S>::Zero(n, sh.d);
    Mat<S> dW = Mat<S>::Zero(n, sh.d);
    attention_backward(f.D1, f.H, f.W, p.Wc_Q, p.Wc_K, p.Wc_V, f.Qc, f.Kc, f.Vc, f.Ac, s, dD2, g.Wc_Q, g.Wc_K, g.Wc_V, dD1, dH, dW);
    // D1 = Y + As·Vs  ⇒  dY = dD1, and the causal self-attention adds into dY (queries, keys and values
    // all from Y)
    Mat<S> dY = dD1;
    Mat<S> dYkv = Mat<S>::Zero(m, sh.d);
    attention_backward(f.Y, f.Y, f.Y, p.Ws_Q, p.Ws_K, p.Ws_V, f.Qs, f.Ks, f.Vs, f.As, s, dD1, g.Ws_Q, g.Ws_K, g.Ws_V, dY, dYkv, dYkv);
    dY += dYkv;
    // H = X + Ae·Ve  ⇒  dX = dH, and the encoder's self-attention adds into dX
    Mat<S> dX = dH;
    Mat<S> dXkv = Mat<S>::Zero(n, sh.d);
    attention_backward(f.X, f.X, f.X, p.We_Q, p.We_K, p.We_V, f.Qe, f.Ke, f.Ve, f.Ae, s, dH, g.We_Q, g.We_K, g.We_V, dX, dXkv, dXkv);
    dX += dXkv;
    // X = E[src] + PE, W = E[src], Y = E[in] + PE  ⇒  dE[src[i]] += dX[i] + dW[i], dE[in[t]] += dY[t]
    for (Eigen::Index i = 0; i < n; ++i) g.E.row(ex.src[static_cast<std::size_t>(i)]) += dX.row(i) + dW.row(i);
    for (Eigen::Index t = 0; t < m; ++t) g.E.row(f.in[static_cast<std::size_t>(t)]) += dY.row(t);
}
template void translate_backward<float>(const TranslateParams<float>&, const TranslateShape&, const TranslateExample&,
                                        const TranslateForward<float>&, TranslateParams<float>&);
template void translate_backward<double>(const TranslateParams<double>&, const TranslateShape&, const TranslateExample&,
                                         const TranslateForward<double>&, TranslateParams<double>&);

template <typename S>
S translate_loss_and_grad(const TranslateParams<S>& p, const TranslateShape& sh, const std::vector<TranslateExample>& batch,
                          TranslateParams<S>& g) {
    for (int i = 0; i < TranslateParams<S>::kTensors; ++i) g.tensor(i) = Mat<S>::Zero(p.tensor(i).rows(), p.tensor(i).cols());
    S total = 0;
    for (const TranslateExample& ex : batch) {
        const TranslateForward<S> f = translate_forward(p, sh, ex);
        total += f.loss;
        translate_backward(p, sh, ex, f, g);
    }
    const S inv = S(1) / static_cast<S>(std::max<std::size_t>(batch.size(), 1));
    for (int i = 0; i < TranslateParams<S>::kTensors; ++i) g.tensor(i) *= inv;
    return total * inv;
}
template float translate_loss_and_grad<float>(const TranslateParams<float>&, const TranslateShape&, const std::vector<TranslateExample>&,
                                              TranslateParams<float>&);
template double translate_loss_and_grad<double>(const TranslateParams<double>&, const TranslateShape&, const std::vector<TranslateExample>&,
                                                TranslateParams<double>&);

// ---- the model with its words ------------------------------------------------------------------

const std::vector<std::string>& translate_vocabulary() {
    static const std::vector<std::string> v = [] {
        std::vector<std::string> w = {"<unk>", "<eos>", "<en>", "<zh>"};
        const auto& p = parallel_vocabulary();
        w.insert(w.end(), p.begin(), p.end());
        return w;
    }();
    return v;
}

int Translator::id(const std::string& token) const {
    const std::string key = token_key(token);
    const auto& v = translate_vocabulary();
    for (std::size_t i = 4; i < v.size(); ++i)
        if (token_key(v[i]) == key) return static_cast<int>(i);
    return -1;
}

std::vector<int> Translator::ids(const std::vector<std::string>& tokens) const {
    std::vector<int> out;
    for (const std::string& t : tokens) out.push_back(std::max(id(t), kUnkId));
    return out;
}

bool may_write(int id, Language to) {
    if (id == kEosId) return true;
    if (id <= kToZhId) return false;  // <unk>, <en>, <zh>
    // each word's language, decided once (the decoder asks for every word at every step, and the
    // decode stage at every frame); language_of: a word with a Han character is Chinese
    static const std::vector<Language> written_in = [] {
        std::vector<Language> out;
        for (const std::string& w : translate_vocabulary()) out.push_back(language_of({w}));
        return out;
    }();
    return written_in[static_cast<std::size_t>(id)] == to;
}

Eigen::RowVectorXf next_token_probs(const Eigen::RowVectorXf& logits, Language to) {
    // only the end mark and the words of the language being written may come next: −∞ for the rest
    Matrix z = logits;
    for (Eigen::Index j = 0; j < z.cols(); ++j)
        if (!may_write(static_cast<int>(j), to)) z(0, j) = -std::numeric_limits<float>::infinity();
    return row_softmax<float>(z, false).row(0);
}

const std::string& Translator::word(int i) const { return translate_vocabulary()[static_cast<std::size_t>(i)]; }

TranslateExample Translator::example(const std::vector<std::string>& source, Language to, const std::vector<std::string>& target) const {
    return {ids(source), to_language_id(to), ids(target)};
}

std::vector<int> unknown_words(const Translator& m, const std::vector<std::string>& tokens) {
    std::vector<int> out;
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (m.id(tokens[i]) < 0) out.push_back(static_cast<int>(i));
    return out;
}

TranslateForward<float> translate_pass(const Translator& m, const std::vector<std::string>& source, Language to,
                                       const std::vector<std::string>& target) {
    return translate_forward(m.params, m.shape, m.example(source, to, target));
}

Matrix alignment(const Translator& m, const std::vector<std::string>& source, Language to, const std::vector<std::string>& target) {
    return translate_pass(m, source, to, target).Ac;
}

// ---- decoding ----------------------------------------------------------------------------------

long decoder_step_ops(const TranslateShape& sh, int n, int t) {
    const long d = sh.d, ff = sh.ff, V = sh.vocab;
    return 3 * d * d + 2 * (t + 1) * d + d * d + 2 * n * d + 2 * d * ff + d * V;
}

// Without a cache every earlier row is recomputed too, but only the last row needs the output layer.
long decoder_step_ops_uncached(const TranslateShape& sh, int n, int t) {
    long sum = 0;
    for (int i = 0; i <= t; ++i) sum += decoder_step_ops(sh, n, i);
    return sum - static_cast<long>(t) * sh.d * sh.vocab;
}

long encoder_ops(const TranslateShape& sh, int n) {
    const long d = sh.d;
    return 3 * n * d * d + 2L * n * n * d + 2 * n * d * d;
}

Decoder::Decoder(const Translator& m, const std::vector<int>& src, Language to_language) : model(m), to(to_language), source(src) {
    const TranslateParams<float>& p = m.params;
    const float s = scale_of<float>(m.shape);
    // the encoder, once: X, H (n, d), then the cross-attention's keys and values Kc, Vc (n, d)
    const Matrix X = embed(p.E, source, m.shape.d);
    const Matrix A = row_softmax<float>(s * ((X * p.We_Q) * (X * p.We_K).transpose()), false);
    H = X + A * (X * p.We_V);
    Kc = H * p.Wc_K;
    Matrix W(static_cast<Eigen::Index>(source.size()), m.shape.d);  // the source words without positions
    for (std::size_t i = 0; i < source.size(); ++i) W.row(static_cast<Eigen::Index>(i)) = p.E.row(source[i]);
    Vc = W * p.Wc_V;
    K.resize(0, m.shape.d);
    V.resize(0, m.shape.d);
    setup_ops = encoder_ops(m.shape, static_cast<int>(source.size()));
}

const DecoderStep& Decoder::step(int token) {
    const TranslateParams<float>& p = model.params;
    const TranslateShape& sh = model.shape;
    const float s = scale_of<float>(sh);
    DecoderStep st;
    st.input = token;
    st.t = static_cast<int>(K.rows());
    // y = E[token] + PE[t]                              (1, d)
    const Eigen::RowVectorXf y = p.E.row(token) + positional_encoding(st.t + 1, sh.d).row(st.t);
    // one new row of Q, K, V; K and V grow by that row  (1, d); the cache (t + 1, d)
    st.q = y * p.Ws_Q;
    st.k = y * p.Ws_K;
    st.v = y * p.Ws_V;
    K.conservativeResize(st.t + 1, Eigen::NoChange);
    V.conservativeResize(st.t + 1, Eigen::NoChange);
    K.row(st.t) = st.k;
    V.row(st.t) = st.v;
    // the new row's weights over every cached row, and what it gathers   (1, t + 1)
    const Matrix z = s * (st.q * K.transpose());
    st.self_weights = row_softmax<float>(z, false).row(0);
    const Eigen::RowVectorXf d1 = y + st.self_weights * V;
    // cross-attention: one query row against the encoder's fixed K, V   (1, n)
    st.q_cross = d1 * p.Wc_Q;
    const Matrix zc = s * (st.q_cross * Kc.transpose());
    st.cross_weights = row_softmax<float>(zc, false).row(0);
    const Eigen::RowVectorXf d2 = d1 + st.cross_weights * Vc;
    // feed-forward, output, probabilities of the next token   (1, vocab)
    const Eigen::RowVectorXf r = (d2 * p.W_1 + p.b_1.row(0)).cwiseMax(0.0f);
    const Eigen::RowVectorXf d3 = d2 + r * p.W_2 + p.b_2.row(0);
    st.probs = next_token_probs(d3 * p.W_out + p.b_out.row(0), to);
    const int n = static_cast<int>(source.size());
    st.ops_cached = decoder_step_ops(sh, n, st.t);
    st.ops_uncached = decoder_step_ops_uncached(sh, n, st.t);
    total_cached += st.ops_cached;
    total_uncached += st.ops_uncached;
    steps.push_back(std::move(st));
    return steps.back();
}

int Decoder::greedy() {
    Eigen::Index best = 0;
    steps.back().probs.maxCoeff(&best);
    steps.back().chosen = static_cast<int>(best);
    return steps.back().chosen;
}

Eigen::RowVectorXd draw_weights(const Eigen::RowVectorXf& probs, float temperature) {
    // (p / p_max)^(1/T): the same proportions as p^(1/T), but the largest is 1, so a low temperature
    // cannot underflow every weight to 0
    return (probs.cast<double>() / static_cast<double>(probs.maxCoeff())).array().pow(1.0 / static_cast<double>(temperature));
}

int Decoder::sample(float temperature, SplitMix64& rng) {
    const Eigen::RowVectorXd w = draw_weights(steps.back().probs, temperature);
    const double u = static_cast<double>(rng.next() >> 11) * (1.0 / 9007199254740992.0) * w.sum();  // [0, Σw)
    double acc = 0.0;
    int chosen = -1;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
        if (w(i) <= 0.0) continue;  // a token it may not write (or rounded away) is never drawn
        chosen = static_cast<int>(i);  // if rounding leaves u ≥ the sum: the last token that has weight
        acc += w(i);
        if (u < acc) break;
    }
    steps.back().chosen = chosen;
    return chosen;
}

namespace {
Translation decode(const Translator& m, const std::vector<std::string>& source, Language to, int max_len, float temperature,
                   std::uint64_t seed) {
    Decoder dec(m, m.ids(source), to);
    SplitMix64 rng{seed};
    Translation out;
    int token = to_language_id(to);
    for (int k = 0; k <= max_len; ++k) {
        dec.step(token);
        token = temperature > 0.0f ? dec.sample(temperature, rng) : dec.greedy();
        if (token == kEosId || k == max_len) break;
        out.tokens.push_back(m.word(token));
    }
    out.steps = dec.steps;
    out.setup_ops = dec.setup_ops;
    out.ops_cached = dec.total_cached;
    out.ops_uncached = dec.total_uncached;
    return out;
}
}  // namespace

Translation translate_greedy(const Translator& m, const std::vector<std::string>& source, Language to, int max_len) {
    return decode(m, source, to, max_len, 0.0f, 0);
}

Translation translate_sampled(const Translator& m, const std::vector<std::string>& source, Language to, float temperature,
                              std::uint64_t seed, int max_len) {
    return decode(m, source, to, max_len, std::max(temperature, 1e-3f), seed);
}

// ---- training ----------------------------------------------------------------------------------

TranslateTask translate_task(std::uint64_t seed, int d, int ff) {
    TranslateTask t;
    t.shape = {static_cast<int>(translate_vocabulary().size()), d, ff};
    t.train_pairs = parallel_sentences(seed, false, 2048);
    t.test_pairs = parallel_sentences(seed + 100, true, 256);
    Translator words;  // only for its ids
    const auto examples = [&](const std::vector<ParallelPair>& pairs, std::vector<TranslateExample>& out) {
        for (const ParallelPair& p : pairs) {
            out.push_back(words.example(p.en.tokens, Language::Zh, p.zh.tokens));
            out.push_back(words.example(p.zh.tokens, Language::En, p.en.tokens));
        }
    };
    examples(t.train_pairs, t.train);
    examples(t.test_pairs, t.test);
    return t;
}

TranslateTrainer::TranslateTrainer(float learning_rate, int d, int ff, int schedule, std::uint64_t seed) {
    task = translate_task(seed, d, ff);
    params = init_translate_params(task.shape, seed + 1);
    lr_start = lr = learning_rate;
    schedule_steps = schedule;
    rng_state = seed + 2;
    for (int i = 0; i < TranslateParams<float>::kTensors; ++i) {
        adam_m.tensor(i) = Matrix::Zero(params.tensor(i).rows(), params.tensor(i).cols());
        adam_v.tensor(i) = adam_m.tensor(i);
    }
}

void TranslateTrainer::run(int steps, int batch) {
    SplitMix64 rng{rng_state};
    std::vector<TranslateExample> b(static_cast<std::size_t>(batch));
    TranslateParams<float> g;
    constexpr float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    for (int k = 0; k < steps && !task.train.empty(); ++k) {
        if (schedule_steps > 0)
            lr = lr_start * (1.0f - 0.9f * static_cast<float>(std::min(step, schedule_steps)) / static_cast<float>(schedule_steps));
        for (auto& ex : b) ex = task.train[static_cast<std::size_t>(rng.next() % task.train.size())];
        const float loss = translate_loss_and_grad(params, task.shape, b, g);
        ++adam_t;
        const float c1 = 1.0f - std::pow(b1, static_cast<float>(adam_t)), c2 = 1.0f - std::pow(b2, static_cast<float>(adam_t));
        for (int i = 0; i < TranslateParams<float>::kTensors; ++i) {
            adam_m.tensor(i) = b1 * adam_m.tensor(i) + (1.0f - b1) * g.tensor(i);
            adam_v.tensor(i) = b2 * adam_v.tensor(i) + (1.0f - b2) * g.tensor(i).cwiseProduct(g.tensor(i));
            params.tensor(i).array() -= lr * (adam_m.tensor(i).array() / c1) / ((adam_v.tensor(i).array() / c2).sqrt() + eps);
        }
        losses.push_back(loss);
        ++step;
    }
    rng_state = rng.state;
}

TranslateScore translate_score(const Translator& m, const std::vector<ParallelPair>& pairs, Language to) {
    TranslateScore sc;
    const Language from = to == Language::En ? Language::Zh : Language::En;
    for (const ParallelPair& p : pairs) {
        const std::vector<std::string>& ref = p.side(to).tokens;
        const Translation tr = translate_greedy(m, p.side(from).tokens, to, static_cast<int>(ref.size()) + 4);
        ++sc.sentences;
        sc.exact += tr.tokens == ref ? 1 : 0;
        for (std::size_t i = 0; i <= ref.size(); ++i) {
            ++sc.tokens;
            if (i < ref.size()) sc.right += i < tr.tokens.size() && tr.tokens[i] == ref[i] ? 1 : 0;
            else sc.right += tr.tokens.size() == ref.size() ? 1 : 0;  // <eos> in its place
        }
    }
    return sc;
}

AlignmentShare alignment_share(const Translator& m, const std::vector<ParallelPair>& pairs, Language to) {
    AlignmentShare sh;
    const Language from = to == Language::En ? Language::Zh : Language::En;
    for (const ParallelPair& p : pairs) {
        const ParallelSide& tgt = p.side(to);
        const Matrix A = alignment(m, p.side(from).tokens, to, tgt.tokens);
        for (std::size_t t = 0; t < tgt.tokens.size(); ++t) {
            if (!parallel_content(tgt.roles[t]) || tgt.link[t] < 0) continue;
            Eigen::Index top = 0;
            A.row(static_cast<Eigen::Index>(t)).maxCoeff(&top);
            const int hit = top == tgt.link[t] ? 1 : 0, r = static_cast<int>(tgt.roles[t]);
            ++sh.words;
            sh.hits += hit;
            ++sh.role_words[r];
            sh.role_hits[r] += hit;
        }
    }
    return sh;
}

// ---- the preset --------------------------------------------------------------------------------
namespace {
#include "translate_presets.inc"
}  // namespace

bool load_translate_preset(Translator* out) {
    const TranslatePresetRun& r = kTranslatePreset;
    if (kStoredRun.seed != r.seed || kStoredRun.steps != r.steps || kStoredRun.batch != r.batch || kStoredRun.d != r.d ||
        kStoredRun.ff != r.ff || kStoredRun.lr != r.lr)
        return false;
    out->shape = {static_cast<int>(translate_vocabulary().size()), r.d, r.ff};
    const std::uint16_t* v = kStoredValues;
    for (int t = 0; t < TranslateParams<float>::kTensors; ++t) {
        Matrix& m = out->params.tensor(t);
        m.resize(kStoredShapes[t][0], kStoredShapes[t][1]);
        for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = from_half(*v++);
    }
    return out->shape.vocab == kStoredShapes[0][0];
}

bool translate_preset_early_losses(float out[kTranslateEarlyCount]) {
    if (kStoredRun.seed != kTranslatePreset.seed || kStoredRun.steps != kTranslatePreset.steps) return false;
    for (int k = 0; k < kTranslateEarlyCount; ++k) out[k] = kStoredEarly[k];
    return true;
}

std::string translate_presets_source() {
    const TranslatePresetRun& r = kTranslatePreset;
    TranslateTrainer t(r.lr, r.d, r.ff, r.steps, r.seed);
    t.run(r.steps, r.batch);
    char buf[64];
    std::string o = "// Written by scripts/make-presets from capiton::kTranslatePreset (src/core/translate.h). Do not edit.\n";
    o += "constexpr TranslatePresetRun kStoredRun = {" +
         printf_c("%.9gf, %d, %d, %d, %d, %lluu", static_cast<double>(r.lr), r.d, r.ff, r.steps, r.batch, static_cast<unsigned long long>(r.seed)) +
         "};\n";
    o += "constexpr int kStoredShapes[TranslateParams<float>::kTensors][2] = {";
    for (int i = 0; i < TranslateParams<float>::kTensors; ++i)
        o += (i ? ", {" : "{") + std::to_string(t.params.tensor(i).rows()) + ", " + std::to_string(t.params.tensor(i).cols()) + "}";
    o += "};\nconstexpr std::uint16_t kStoredValues[] = {";
    int count = 0;
    for (int i = 0; i < TranslateParams<float>::kTensors; ++i) {
        const Matrix& m = t.params.tensor(i);
        for (Eigen::Index k = 0; k < m.size(); ++k) {
            std::snprintf(buf, sizeof buf, "0x%04x,", static_cast<unsigned>(half_bits(m.data()[k])));
            o += (count++ % 12 == 0 ? "\n    " : " ") + std::string(buf);
        }
    }
    o += "\n};\nconstexpr float kStoredEarly[kTranslateEarlyCount] = {";
    for (int k = 0; k < kTranslateEarlyCount; ++k) {
        const int step = kTranslateEarlySteps[k];
        o += (k ? ", " : "") + printf_c("%.9gf", step <= r.steps ? static_cast<double>(t.losses[static_cast<std::size_t>(step - 1)]) : 0.0);
    }
    return o + "};\n";
}

}  // namespace capiton
