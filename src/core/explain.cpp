#include "explain.h"

#include <cmath>

#include "json.h"

namespace capiton {

namespace {
constexpr const char* kNames[kMatrixCount] = {"embedding", "position", "X",      "W_Q",    "W_K",     "W_V",    "Q",      "K",
                                              "V",         "scores",   "scaled", "masked", "weights", "output", "context"};

std::vector<float> row_of(const Matrix& m, int i) {
    return std::vector<float>(m.row(i).data(), m.row(i).data() + m.cols());
}

std::vector<float> col_of(const Matrix& m, int j) {
    std::vector<float> v(static_cast<std::size_t>(m.rows()));
    for (Eigen::Index i = 0; i < m.rows(); ++i) v[static_cast<std::size_t>(i)] = m(i, j);
    return v;
}
}  // namespace

const char* matrix_name(MatrixId m) { return kNames[static_cast<int>(m)]; }

bool matrix_from_name(std::string_view name, MatrixId* out) {
    for (int i = 0; i < kMatrixCount; ++i)
        if (name == kNames[i]) {
            *out = static_cast<MatrixId>(i);
            return true;
        }
    return false;
}

const Matrix* matrix_of(const Session& s, MatrixId m) {
    const Trace& t = s.trace();
    const Weights& w = s.weights();
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
        case MatrixId::Context: return &s.seq2seq().decoder_inputs;
    }
    return nullptr;
}

bool explain(const Session& s, MatrixId m, int i, int j, Explanation* out) {
    const Matrix* mat = matrix_of(s, m);
    if (!mat || i < 0 || j < 0 || i >= mat->rows() || j >= mat->cols()) return false;
    const Trace& t = s.trace();
    const Weights& w = s.weights();
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
            e.kind = ExplanationKind::Sinusoid;
            e.position = i;
            e.cosine = j % 2 == 1;
            e.rate = std::pow(10000.0, -static_cast<double>(j - j % 2) / s.config().d_model);
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
        case MatrixId::Scores:  // scores[i][j] = Σ_k Q[i][k] · K[j][k]
            e.kind = ExplanationKind::DotProduct;
            e.a = row_of(t.Q, i);
            e.b = row_of(t.K, j);
            e.operands = {{MatrixId::Q, i, -1}, {MatrixId::K, j, -1}};
            break;
        case MatrixId::Scaled:
            e.kind = ExplanationKind::Scale;
            e.a = {t.scores(i, j)};
            e.divisor = std::sqrt(static_cast<float>(s.config().d_k));
            e.operands = {{MatrixId::Scores, i, j}};
            break;
        case MatrixId::Masked:
            e.kind = ExplanationKind::Mask;
            e.a = {t.scaled(i, j)};
            e.allowed = mask_allows(s.config().mask, i, j);
            e.operands = {{MatrixId::Scaled, i, j}};
            break;
        case MatrixId::Weights: {
            e.kind = ExplanationKind::Softmax;
            e.logits = row_of(t.masked, i);  // divided by the temperature (1 unless changed)
            for (float& x : e.logits) x /= s.config().temperature;
            e.divisor = s.config().temperature;
            e.row_max = t.masked.row(i).maxCoeff() / s.config().temperature;
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
    }
    *out = std::move(e);
    return true;
}

const char* kind_id(ExplanationKind k) {
    switch (k) {
        case ExplanationKind::Table: return "table";
        case ExplanationKind::Sinusoid: return "sinusoid";
        case ExplanationKind::Sum: return "sum";
        case ExplanationKind::Parameter: return "parameter";
        case ExplanationKind::DotProduct: return "dotProduct";
        case ExplanationKind::Scale: return "scale";
        case ExplanationKind::Mask: return "mask";
        case ExplanationKind::Softmax: return "softmax";
        case ExplanationKind::Context: return "context";
    }
    return "";
}

std::string explanation_json(const Explanation& e) {
    using json::append_number;
    using json::append_string;
    const auto array = json::append_floats;
    std::string o = "{\"kind\":";
    append_string(o, kind_id(e.kind));
    o += ",\"matrix\":";
    append_string(o, matrix_name(e.matrix));
    o += ",\"row\":" + std::to_string(e.row) + ",\"col\":" + std::to_string(e.col) + ",\"value\":";
    append_number(o, e.value);
    o += ",\"operands\":[";
    for (std::size_t k = 0; k < e.operands.size(); ++k) {
        if (k) o += ',';
        o += "{\"matrix\":";
        append_string(o, matrix_name(e.operands[k].matrix));
        o += ",\"row\":" + std::to_string(e.operands[k].row) + ",\"col\":" + std::to_string(e.operands[k].col) + "}";
    }
    o += "],\"a\":";
    array(o, e.a);
    o += ",\"b\":";
    array(o, e.b);
    o += ",\"divisor\":";
    append_number(o, e.divisor);
    o += std::string(",\"allowed\":") + (e.allowed ? "true" : "false");
    o += ",\"position\":" + std::to_string(e.position) + ",\"rate\":";
    append_number(o, e.rate);
    o += std::string(",\"cosine\":") + (e.cosine ? "true" : "false") + ",\"logits\":";
    array(o, e.logits);
    o += ",\"exps\":";
    array(o, e.exps);
    o += ",\"rowMax\":";
    append_number(o, e.row_max);
    o += ",\"expSum\":";
    append_number(o, e.exp_sum);
    o += '}';
    return o;
}

}  // namespace capiton
