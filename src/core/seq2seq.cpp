#include "seq2seq.h"

#include <algorithm>
#include <cmath>

#include "embedding.h"
#include "tokenizer.h"

namespace capiton {

namespace {
Eigen::VectorXf run(const Encoder& enc, const Matrix& X, Matrix* states) {
    Eigen::VectorXf h = Eigen::VectorXf::Zero(enc.W_h.rows());  // (d)
    for (Eigen::Index t = 0; t < X.rows(); ++t) {
        h = (enc.W_h * h + enc.W_x * X.row(t).transpose()).array().tanh().matrix();  // (d)
        if (states) states->row(t) = h.transpose();
    }
    return h;
}

// A random orthogonal (d, d) matrix: random columns made orthonormal one after another (modified
// Gram–Schmidt, in double precision; d is small).
Eigen::MatrixXf random_orthogonal(int d, SplitMix64& rng) {
    Eigen::MatrixXd q(d, d);
    for (Eigen::Index i = 0; i < q.size(); ++i) q.data()[i] = rng.uniform();
    for (int j = 0; j < d; ++j) {
        for (int k = 0; k < j; ++k) {
            double dot = 0.0;
            for (int i = 0; i < d; ++i) dot += q(i, j) * q(i, k);
            for (int i = 0; i < d; ++i) q(i, j) -= dot * q(i, k);
        }
        double norm = 0.0;
        for (int i = 0; i < d; ++i) norm += q(i, j) * q(i, j);
        norm = std::sqrt(norm);
        for (int i = 0; i < d; ++i) q(i, j) /= norm;
    }
    return q.cast<float>();
}
}  // namespace

Encoder make_encoder(int d, int d_model, std::uint64_t seed) {
    SplitMix64 rng{seed};
    Encoder e;
    e.W_h.resize(d, d);
    e.W_x.resize(d, d_model);
    e.W_h = kRecurrentGain * random_orthogonal(d, rng);
    for (Eigen::Index i = 0; i < e.W_x.size(); ++i) e.W_x.data()[i] = rng.uniform() / std::sqrt(static_cast<float>(d_model));
    return e;
}

Seq2Seq encode(const std::vector<std::string>& tokens, const Encoder& enc, int d_model, std::uint64_t table_seed, int steps) {
    Seq2Seq r;
    r.tokens = tokens;
    const int n = static_cast<int>(tokens.size());
    const Matrix X = embed_tokens(tokens, d_model, table_seed);  // (n, d_model)
    r.states.resize(n, enc.W_h.rows());
    r.context = run(enc, X, &r.states);
    const Matrix blank = embed_tokens({kNeutralToken}, d_model, table_seed);  // (1, d_model)
    r.influence.resize(static_cast<std::size_t>(n));
    for (int t = 0; t < n; ++t) {
        Matrix Xt = X;
        Xt.row(t) = blank.row(0);
        r.influence[static_cast<std::size_t>(t)] = (run(enc, Xt, nullptr) - r.context).norm();
    }
    if (n > 0 && r.influence.front() > 0.0f) r.fade = r.influence.back() / r.influence.front();
    r.decoder_inputs = r.context.transpose().replicate(std::max(steps, 1), 1);  // (steps, d)
    return r;
}

std::vector<std::string> lengthen(const std::vector<std::string>& tokens, int n) {
    // a fixed paragraph in each language, cut into words by the tokenizer, as a typed sentence is
    static const std::vector<std::string> more_en =
        tokenize("and then it flew over the quiet river while the wind moved the tall grass near an old stone bridge "
                 "where children played until the evening light faded into a deep blue night full of stars and distant "
                 "sounds from the small town beyond the hills that slept under the moon as the bird finally rested in "
                 "its nest high above the ground").tokens;
    static const std::vector<std::string> more_zh =
        tokenize("然后它飞过安静的小河风吹动古老石桥边的高草孩子们在桥下玩到傍晚"
                 "天色慢慢暗成满是星星的深蓝远处小镇的声音越过山丘鸟终于回到高高的树上休息").tokens;
    const std::vector<std::string>& more = language_of(tokens) == Language::Zh ? more_zh : more_en;
    std::vector<std::string> out(tokens.begin(), tokens.begin() + std::min<std::size_t>(tokens.size(), static_cast<std::size_t>(n)));
    for (std::size_t k = 0; static_cast<int>(out.size()) < n && !more.empty(); ++k) out.push_back(more[k % more.size()]);
    return out;
}

}  // namespace capiton
