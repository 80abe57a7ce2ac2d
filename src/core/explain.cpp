#include "explain.h"

#include <algorithm>
#include <cmath>

#include "json.h"

namespace capiton {

namespace {
std::vector<float> row_of(const Matrix& m, int i) {
    return std::vector<float>(m.row(i).data(), m.row(i).data() + m.cols());
}

std::vector<float> col_of(const Matrix& m, int j) {
    std::vector<float> v(static_cast<std::size_t>(m.rows()));
    for (Eigen::Index i = 0; i < m.rows(); ++i) v[static_cast<std::size_t>(i)] = m(i, j);
    return v;
}
}  // namespace

namespace {
// The matrices of the multi-head block (MatrixId::BlockX onwards).
const Matrix* block_matrix(const MultiHead& mh, MatrixId m) {
    const BlockPass<float>& f = mh.pass();
    const BlockParams<float>& p = mh.params();
    const AttentionPass<float>& head = f.heads[static_cast<std::size_t>(mh.selected())];
    switch (m) {
        case MatrixId::BlockX: return &f.X;
        case MatrixId::HeadV: return &head.V;
        case MatrixId::HeadWeights: return &head.A;
        case MatrixId::HeadOutput: return &head.O;
        case MatrixId::Concat: return &f.C;
        case MatrixId::W_O: return &p.W_O;
        case MatrixId::Mixed: return &f.M;
        case MatrixId::Residual1: return &f.R1;
        case MatrixId::Norm1: return &f.N1;
        case MatrixId::W_1: return &p.W_1;
        case MatrixId::Hidden: return &f.U;
        case MatrixId::W_2: return &p.W_2;
        case MatrixId::FFN: return &f.F;
        case MatrixId::Residual2: return &f.R2;
        case MatrixId::Norm2: return &f.N2;
        default: return nullptr;
    }
}

// The block's cells (MatrixId::BlockX onwards), each from the pass's own inputs.
void explain_block(const MultiHead& mh, MatrixId m, int i, int j, Explanation& e) {
    const BlockPass<float>& f = mh.pass();
    const BlockParams<float>& p = mh.params();
    const AttentionPass<float>& head = f.heads[static_cast<std::size_t>(mh.selected())];
    const auto layer_norm = [&](const Matrix& R, const Matrix& mean, const Matrix& rstd, const Matrix& g, const Matrix& b, MatrixId from) {
        e.kind = ExplanationKind::LayerNorm;  // N[i][j] = g[j] · (R[i][j] − μ_i) · rstd_i + b[j]
        e.a = row_of(R, i);
        e.mean = mean(i, 0);
        e.rstd = rstd(i, 0);
        e.gain = g(0, j);
        e.bias = b(0, j);
        e.operands = {{from, i, -1}};
    };
    switch (m) {
        case MatrixId::BlockX:  // E[token] + PE, as on the embedding stage but from this model's table
            e.kind = ExplanationKind::Sum;
            e.a = {mh.token_embedding()(i, j)};
            e.b = {mh.position()(i, j)};
            break;
        case MatrixId::HeadV:  // V_h[i][j] = Σ_k X[i][k] · W_V[k][h·d_k + j]
            e.kind = ExplanationKind::DotProduct;
            e.a = row_of(f.X, i);
            e.b = col_of(p.W_V, mh.selected() * mh.shape().d_k() + j);
            e.operands = {{MatrixId::BlockX, i, -1}};
            break;
        case MatrixId::HeadWeights: {  // softmax of the row of Q_h·K_hᵀ/√d_k
            e.kind = ExplanationKind::Softmax;
            e.logits = row_of(head.Z, i);
            e.row_max = head.Z.row(i).maxCoeff();
            e.exps.resize(e.logits.size());
            e.exp_sum = 0.0f;
            for (std::size_t k = 0; k < e.logits.size(); ++k) {
                e.exps[k] = std::exp(e.logits[k] - e.row_max);
                e.exp_sum += e.exps[k];
            }
            break;
        }
        case MatrixId::HeadOutput:  // O_h[i][j] = Σ_k A_h[i][k] · V_h[k][j]
            e.kind = ExplanationKind::DotProduct;
            e.a = row_of(head.A, i);
            e.b = col_of(head.V, j);
            e.operands = {{MatrixId::HeadWeights, i, -1}, {MatrixId::HeadV, -1, j}};
            break;
        case MatrixId::Concat: {  // C[i][j] = O_h[i][j − h·d_k], h = j / d_k
            const int dk = mh.shape().d_k();
            e.kind = ExplanationKind::Concat;
            e.head = j / dk;
            e.head_col = j % dk;
            e.a = {f.heads[static_cast<std::size_t>(e.head)].O(i, e.head_col)};
            if (e.head == mh.selected()) e.operands = {{MatrixId::HeadOutput, i, e.head_col}};
            break;
        }
        case MatrixId::W_O:
        case MatrixId::W_1:
        case MatrixId::W_2:
            e.kind = ExplanationKind::Parameter;
            break;
        case MatrixId::Mixed:  // M[i][j] = Σ_k C[i][k] · W_O[k][j]
            e.kind = ExplanationKind::DotProduct;
            e.a = row_of(f.C, i);
            e.b = col_of(p.W_O, j);
            e.operands = {{MatrixId::Concat, i, -1}, {MatrixId::W_O, -1, j}};
            break;
        case MatrixId::Residual1:  // R1 = X + M
            e.kind = ExplanationKind::Sum;
            e.a = {f.X(i, j)};
            e.b = {f.M(i, j)};
            e.operands = {{MatrixId::BlockX, i, j}, {MatrixId::Mixed, i, j}};
            break;
        case MatrixId::Norm1: layer_norm(f.R1, f.mean1, f.rstd1, p.g1, p.b1, MatrixId::Residual1); break;
        case MatrixId::Hidden:  // U[i][j] = max(0, Σ_k N1[i][k] · W_1[k][j] + c_1[j])
            e.kind = ExplanationKind::Affine;
            e.a = row_of(f.N1, i);
            e.b = col_of(p.W_1, j);
            e.bias = p.c_1(0, j);
            e.relu = true;
            e.operands = {{MatrixId::Norm1, i, -1}, {MatrixId::W_1, -1, j}};
            break;
        case MatrixId::FFN:  // F[i][j] = Σ_k U[i][k] · W_2[k][j] + c_2[j]
            e.kind = ExplanationKind::Affine;
            e.a = row_of(f.U, i);
            e.b = col_of(p.W_2, j);
            e.bias = p.c_2(0, j);
            e.operands = {{MatrixId::Hidden, i, -1}, {MatrixId::W_2, -1, j}};
            break;
        case MatrixId::Residual2:  // R2 = N1 + F
            e.kind = ExplanationKind::Sum;
            e.a = {f.N1(i, j)};
            e.b = {f.F(i, j)};
            e.operands = {{MatrixId::Norm1, i, j}, {MatrixId::FFN, i, j}};
            break;
        case MatrixId::Norm2: layer_norm(f.R2, f.mean2, f.rstd2, p.g2, p.b2, MatrixId::Residual2); break;
        default: break;
    }
}
}  // namespace

namespace {
// The matrices of the encoder–decoder (MatrixId::SourceWeights onwards).
const Matrix* translation_matrix(const EncoderDecoder& ed, MatrixId m) {
    const TranslateForward<float>& f = ed.pass();
    switch (m) {
        case MatrixId::SourceWeights: return &f.Ae;
        case MatrixId::CrossQ: return &f.Qc;
        case MatrixId::CrossK: return &f.Kc;
        case MatrixId::CrossV: return &f.Vc;
        case MatrixId::Alignment: return &f.Ac;
        case MatrixId::DecodeQ: return &ed.step_query();
        case MatrixId::KCache: return &ed.K_cache();
        case MatrixId::VCache: return &ed.V_cache();
        case MatrixId::DecodeWeights: return &ed.step_weights();
        case MatrixId::DecodeCross: return &ed.step_cross();
        default: return nullptr;
    }
}

// softmax(s · q·Kᵀ) over the rows of K, s = 1/√d (translate.h): the logits and their exponentials.
void scaled_softmax(const Eigen::Ref<const Eigen::RowVectorXf>& q, const Matrix& K, float s, Explanation& e) {
    e.kind = ExplanationKind::Softmax;
    e.logits.resize(static_cast<std::size_t>(K.rows()));
    for (Eigen::Index k = 0; k < K.rows(); ++k) e.logits[static_cast<std::size_t>(k)] = s * q.dot(K.row(k));
    e.row_max = *std::max_element(e.logits.begin(), e.logits.end());
    e.exps.resize(e.logits.size());
    e.exp_sum = 0.0f;
    for (std::size_t k = 0; k < e.logits.size(); ++k) {
        e.exps[k] = std::exp(e.logits[k] - e.row_max);
        e.exp_sum += e.exps[k];
    }
}

// The encoder–decoder's cells, each from the pass's own inputs (translate.h gives the formulas).
void explain_translation(const EncoderDecoder& ed, MatrixId m, int i, int j, Explanation& e) {
    const TranslateForward<float>& f = ed.pass();
    const TranslateParams<float>& p = ed.model().params;
    const float s = 1.0f / std::sqrt(static_cast<float>(ed.model().shape.d));
    const int t = ed.step();
    const auto product = [&](const Matrix& X, int row, const Matrix& W) {
        e.kind = ExplanationKind::DotProduct;
        e.a = row_of(X, row);
        e.b = col_of(W, j);
    };
    switch (m) {
        case MatrixId::SourceWeights: scaled_softmax(f.Qe.row(i), f.Ke, s, e); break;      // softmax(s · Qe·Keᵀ)
        case MatrixId::CrossQ: product(f.D1, i, p.Wc_Q); break;                            // Qc = D1 · Wc_Q
        case MatrixId::CrossK: product(f.H, i, p.Wc_K); break;                             // Kc = H · Wc_K
        case MatrixId::CrossV: product(f.W, i, p.Wc_V); break;                             // Vc = E[src] · Wc_V
        case MatrixId::Alignment:                                                          // softmax(s · Qc·Kcᵀ)
            scaled_softmax(f.Qc.row(i), f.Kc, s, e);
            e.operands = {{MatrixId::CrossQ, i, -1}};  // against every row of Kc
            break;
        case MatrixId::DecodeQ: product(f.Y, t, p.Ws_Q); break;                            // q = Y[t] · Ws_Q
        case MatrixId::KCache: product(f.Y, i, p.Ws_K); break;                             // K[i] = Y[i] · Ws_K
        case MatrixId::VCache: product(f.Y, i, p.Ws_V); break;
        case MatrixId::DecodeWeights:                                                      // softmax(s · q·Kᵀ), rows 0 … t
            scaled_softmax(ed.step_query().row(0), ed.K_cache(), s, e);
            e.operands = {{MatrixId::DecodeQ, 0, -1}};  // against every row of the cache
            break;
        case MatrixId::DecodeCross: scaled_softmax(f.Qc.row(t), f.Kc, s, e); break;        // row t of the alignment
        default: break;
    }
}
const Matrix* poem_matrix_of(const PoemStep& st, MatrixId m) {
    switch (m) {
        case MatrixId::PoemQ: return &st.q;
        case MatrixId::PoemK: return &st.K;
        case MatrixId::PoemV: return &st.V;
        case MatrixId::PoemScores: return &st.scores;
        case MatrixId::PoemScaled: return &st.scaled;
        case MatrixId::PoemWeights: return &st.weights;
        case MatrixId::PoemOutput: return &st.output;
        default: return nullptr;
    }
}

// The poems stage's step (poem_stage.h): one head h of layer l at query row r, every cell from the
// pass's own rows: q = N1[r]·W_Q[:, h's columns], K[i] = N1[i]·W_K[…], V[i] = N1[i]·W_V[…],
// scores = q·Kᵀ, scaled = scores / √d_k, weights = softmax(scaled), output = weights·V.
void explain_poem(const PoemStage& p, MatrixId m, int i, int j, Explanation& e) {
    const PoemStep& st = p.step();
    const GptLayerPass<float>& L = p.pass().layers[static_cast<std::size_t>(st.layer)];
    const GptLayer<float>& w = p.params().layers[static_cast<std::size_t>(st.layer)];
    const int dk = p.shape().d_k(), c = st.head * dk + j;  // the head's column c of W_Q, W_K, W_V
    const auto product = [&](int row, const Matrix& W) {
        e.kind = ExplanationKind::DotProduct;
        e.a = row_of(L.N1, row);
        e.b = col_of(W, c);
    };
    switch (m) {
        case MatrixId::PoemQ: product(st.row, w.W_Q); break;
        case MatrixId::PoemK: product(i, w.W_K); break;
        case MatrixId::PoemV: product(i, w.W_V); break;
        case MatrixId::PoemScores:  // q · K[j]
            e.kind = ExplanationKind::DotProduct;
            e.a = row_of(st.q, 0);
            e.b = row_of(st.K, j);
            e.operands = {{MatrixId::PoemQ, 0, -1}, {MatrixId::PoemK, j, -1}};
            break;
        case MatrixId::PoemScaled:
            e.kind = ExplanationKind::Scale;
            e.a = {st.scores(0, j)};
            e.divisor = std::sqrt(static_cast<float>(dk));
            e.operands = {{MatrixId::PoemScores, 0, j}};
            break;
        case MatrixId::PoemWeights:  // softmax over the cache's rows 0 … r
            scaled_softmax(st.q.row(0), st.K, 1.0f / std::sqrt(static_cast<float>(dk)), e);
            e.operands = {{MatrixId::PoemScaled, 0, -1}};
            break;
        case MatrixId::PoemOutput:  // Σ_k weights[k] · V[k][j]
            e.kind = ExplanationKind::DotProduct;
            e.a = row_of(st.weights, 0);
            e.b = col_of(st.V, j);
            e.operands = {{MatrixId::PoemWeights, 0, -1}, {MatrixId::PoemV, -1, j}};
            break;
        default: break;
    }
}
}  // namespace

const Matrix* matrix_of(const Session& s, MatrixId m) {
    const Trace& t = s.lesson().trace();
    const Weights& w = s.lesson().weights();
    switch (m) {
        case MatrixId::Embedding: return &t.token_embedding;
        case MatrixId::Position: return &t.position;
        case MatrixId::X: return &t.X;
        case MatrixId::W_Q: return &w.W_Q;
        case MatrixId::W_K: return &w.W_K;
        case MatrixId::W_V: return &w.W_V;
        case MatrixId::Q: return &t.Q;
        case MatrixId::K: return &t.K;
        case MatrixId::V: return &t.V;
        case MatrixId::Scores: return &t.scores;
        case MatrixId::Scaled: return &t.scaled;
        case MatrixId::Masked: return &t.masked;
        case MatrixId::Weights: return &t.weights;
        case MatrixId::Output: return &t.output;
        case MatrixId::Context: return &s.demos().seq2seq().decoder_inputs;
        case MatrixId::Q_rot: return &t.Q_rot;
        case MatrixId::K_rot: return &t.K_rot;
        default:
            if (encoder_decoder_matrix(m)) return translation_matrix(s.lesson().encoder_decoder(), m);
            if (poem_matrix(m)) return poem_matrix_of(s.poems().step(), m);
            return block_matrix(s.lesson().multi_head(), m);
    }
}

bool explain(const Session& s, MatrixId m, int i, int j, Explanation* out) {
    const Matrix* mat = matrix_of(s, m);
    if (!mat || i < 0 || j < 0 || i >= mat->rows() || j >= mat->cols()) return false;
    const Trace& t = s.lesson().trace();
    const Weights& w = s.lesson().weights();
    Explanation e;
    e.matrix = m;
    e.row = i;
    e.col = j;
    e.value = (*mat)(i, j);
    switch (m) {
        case MatrixId::Embedding:
            e.kind = ExplanationKind::Table;
            break;
        case MatrixId::Position: {
            const PositionKind kind = s.lesson().config().position;
            e.position = i;
            if (kind == PositionKind::Learned) {
                e.kind = ExplanationKind::Table;
            } else if (kind == PositionKind::Sinusoidal) {
                e.kind = ExplanationKind::Sinusoid;
                e.cosine = j % 2 == 1;
                e.rate = position_rate(j, s.lesson().config().d_model);
            } else {
                e.kind = ExplanationKind::NoPosition;
            }
            break;
        }
        case MatrixId::X:
            e.kind = ExplanationKind::Sum;
            e.a = {t.token_embedding(i, j)};
            e.b = {t.position(i, j)};
            e.operands = {{MatrixId::Embedding, i, j}, {MatrixId::Position, i, j}};
            break;
        case MatrixId::W_Q:
        case MatrixId::W_K:
        case MatrixId::W_V:
            e.kind = ExplanationKind::Parameter;
            break;
        case MatrixId::Q:
        case MatrixId::K:
        case MatrixId::V: {  // Q[i][j] = Σ_k X[i][k] · W_Q[k][j]
            const MatrixId wid = m == MatrixId::Q ? MatrixId::W_Q : m == MatrixId::K ? MatrixId::W_K : MatrixId::W_V;
            const Matrix& W = m == MatrixId::Q ? w.W_Q : m == MatrixId::K ? w.W_K : w.W_V;
            e.kind = ExplanationKind::DotProduct;
            e.a = row_of(t.X, i);
            e.b = col_of(W, j);
            e.operands = {{MatrixId::X, i, -1}, {wid, -1, j}};
            break;
        }
        case MatrixId::Scores: {  // scores[i][j] = Σ_k Q[i][k] · K[j][k] (rotary: of Q_rot and K_rot)
            const bool rot = s.lesson().config().position == PositionKind::Rotary;
            e.kind = ExplanationKind::DotProduct;
            e.a = row_of(rot ? t.Q_rot : t.Q, i);
            e.b = row_of(rot ? t.K_rot : t.K, j);
            e.operands = {{rot ? MatrixId::Q_rot : MatrixId::Q, i, -1}, {rot ? MatrixId::K_rot : MatrixId::K, j, -1}};
            break;
        }
        case MatrixId::Q_rot:
        case MatrixId::K_rot: {  // the pair (2p, 2p+1) of row i of Q (or K), turned by i · θ_p
            const Matrix& from = m == MatrixId::Q_rot ? t.Q : t.K;
            const MatrixId from_id = m == MatrixId::Q_rot ? MatrixId::Q : MatrixId::K;
            const int first = j - j % 2;
            e.kind = ExplanationKind::Rotation;
            e.position = i;
            if (first + 1 < from.cols()) {
                e.a = {from(i, first), from(i, first + 1)};
                e.rate = position_rate(first, static_cast<int>(from.cols()));
                e.cosine = j % 2 == 0;  // the even column starts with x·cos
                e.operands = {{from_id, i, first}, {from_id, i, first + 1}};
            } else {  // the last column of an odd width: not turned
                e.a = {from(i, j)};
                e.operands = {{from_id, i, j}};
            }
            break;
        }
        case MatrixId::Scaled:
            e.kind = ExplanationKind::Scale;
            e.a = {t.scores(i, j)};
            e.divisor = std::sqrt(static_cast<float>(s.lesson().config().d_k));
            e.operands = {{MatrixId::Scores, i, j}};
            break;
        case MatrixId::Masked:
            e.kind = ExplanationKind::Mask;
            e.a = {t.scaled(i, j)};
            e.allowed = mask_allows(s.lesson().config().mask, i, j);
            e.operands = {{MatrixId::Scaled, i, j}};
            break;
        case MatrixId::Weights: {
            e.kind = ExplanationKind::Softmax;
            e.logits = row_of(t.masked, i);  // divided by the temperature (1 unless changed)
            for (float& x : e.logits) x /= s.lesson().config().temperature;
            e.divisor = s.lesson().config().temperature;
            e.row_max = t.masked.row(i).maxCoeff() / s.lesson().config().temperature;
            e.exps.resize(e.logits.size());
            e.exp_sum = 0.0f;
            for (std::size_t k = 0; k < e.logits.size(); ++k) {
                e.exps[k] = std::isinf(e.logits[k]) ? 0.0f : std::exp(e.logits[k] - e.row_max);
                e.exp_sum += e.exps[k];
            }
            e.operands = {{MatrixId::Masked, i, -1}};
            break;
        }
        case MatrixId::Output:  // output[i][j] = Σ_k weights[i][k] · V[k][j]
            e.kind = ExplanationKind::DotProduct;
            e.a = row_of(t.weights, i);
            e.b = col_of(t.V, j);
            e.operands = {{MatrixId::Weights, i, -1}, {MatrixId::V, -1, j}};
            break;
        case MatrixId::Context:
            e.kind = ExplanationKind::Context;
            break;
        default:
            if (encoder_decoder_matrix(m)) explain_translation(s.lesson().encoder_decoder(), m, i, j, e);
            else if (poem_matrix(m)) explain_poem(s.poems(), m, i, j, e);
            else explain_block(s.lesson().multi_head(), m, i, j, e);
            break;
    }
    *out = std::move(e);
    return true;
}

void write_explanation(json::Writer& w, const Explanation& e) {
    w.key("kind").string(id_of(e.kind));
    w.key("matrix").string(id_of(e.matrix));
    w.key("row").integer(e.row);
    w.key("col").integer(e.col);
    w.key("value").number(e.value);
    w.key("operands").begin_array();
    for (const Operand& op : e.operands)
        w.begin_object().key("matrix").string(id_of(op.matrix)).key("row").integer(op.row).key("col").integer(op.col).end_object();
    w.end_array();
    w.key("a").floats(e.a);
    w.key("b").floats(e.b);
    w.key("divisor").number(e.divisor);
    w.key("allowed").boolean(e.allowed);
    w.key("position").integer(e.position);
    w.key("rate").number(e.rate);
    w.key("cosine").boolean(e.cosine);
    w.key("logits").floats(e.logits);
    w.key("exps").floats(e.exps);
    w.key("rowMax").number(e.row_max);
    w.key("expSum").number(e.exp_sum);
    w.key("head").integer(e.head);
    w.key("headCol").integer(e.head_col);
    w.key("bias").number(e.bias);
    w.key("gain").number(e.gain);
    w.key("mean").number(e.mean);
    w.key("rstd").number(e.rstd);
    w.key("relu").boolean(e.relu);
}

std::string explanation_json(const Explanation& e) {
    json::Writer w;
    w.begin_object();
    write_explanation(w, e);
    w.end_object();
    return w.take();
}

}  // namespace capiton
