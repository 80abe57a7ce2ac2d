#include "block_train.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "embedding.h"
#include "tokenizer.h"

namespace capiton {

template <typename S>
BlockParams<S> cast_block_params(const BlockParams<float>& p) {
    return cast_tensors<BlockParams<S>>(p);
}
template BlockParams<float> cast_block_params<float>(const BlockParams<float>&);
template BlockParams<double> cast_block_params<double>(const BlockParams<float>&);

namespace {

// The two ranges of the classes, each with the answer asked there (−1: not asked). The family range
// is [0, F) and the previous word's [F, classes) with F = classes − (classes − kBlockPlaces) / 2.
struct QuestionRange {
    Eigen::Index begin, end;
    int answer;
};
std::array<QuestionRange, 2> question_ranges(Eigen::Index classes, const BlockExample& ex) {
    const Eigen::Index f = classes - (classes - kBlockPlaces) / 2;
    return {{{0, f, ex.family}, {f, classes, ex.previous}}};
}

}  // namespace

template <typename S>
BlockForward<S> block_forward(const BlockParams<S>& p, const BlockShape& sh, const BlockExample& ex) {
    const int n = static_cast<int>(ex.ids.size());
    // X = E[ids] + PE                                   (n, d_model)
    const Mat<S> pe = positional_encoding(n, sh.d_model).template cast<S>();
    Mat<S> X(n, sh.d_model);
    for (int i = 0; i < n; ++i) X.row(i) = p.E.row(ex.ids[static_cast<std::size_t>(i)]) + pe.row(i);
    // the block: heads, C·W_O, residual, LN, feed-forward, residual, LN (block.h)
    BlockForward<S> f;
    static_cast<BlockPass<S>&>(f) = block_pass(p, sh, X);
    // logits = N2[p]·W_C + b_C                                                       (1, classes)
    f.logits = f.N2.row(ex.position) * p.W_C + p.b_C;
    // probs = softmax of each range on its own; loss = −log probs[answer] summed over the questions asked
    f.probs.resize(1, f.logits.cols());
    f.loss = 0;
    for (const auto& [begin, end, answer] : question_ranges(f.logits.cols(), ex)) {
        const auto z = f.logits.row(0).segment(begin, end - begin);
        const S mx = z.maxCoeff();
        auto q = f.probs.row(0).segment(begin, end - begin);
        q = (z.array() - mx).exp().matrix();
        const S sum = q.sum();
        q /= sum;
        if (answer >= 0) f.loss -= f.logits(0, answer) - mx - std::log(sum);
    }
    return f;
}
template BlockForward<float> block_forward<float>(const BlockParams<float>&, const BlockShape&, const BlockExample&);
template BlockForward<double> block_forward<double>(const BlockParams<double>&, const BlockShape&, const BlockExample&);

template <typename S>
void block_backward(const BlockParams<S>& p, const BlockShape& sh, const BlockExample& ex, const BlockForward<S>& f,
                    BlockParams<S>& g) {
    const int n = static_cast<int>(ex.ids.size());
    const int dk = sh.d_k();
    const S s = S(1) / std::sqrt(static_cast<S>(dk));
    // loss = Σ over the questions asked of −log softmax(their range)[answer]  ⇒
    // dlogits = probs − onehot(answer) in each range asked, 0 in a range not asked      (1, classes)
    Mat<S> dlogits = Mat<S>::Zero(1, f.logits.cols());
    for (const auto& [begin, end, answer] : question_ranges(f.logits.cols(), ex)) {
        if (answer < 0) continue;
        dlogits.row(0).segment(begin, end - begin) = f.probs.row(0).segment(begin, end - begin);
        dlogits(0, answer) -= S(1);
    }
    // logits = N2[p]·W_C + b_C  ⇒  dW_C = N2[p]ᵀ·dlogits, db_C = dlogits, dN2[p] = dlogits·W_Cᵀ
    g.W_C.noalias() += f.N2.row(ex.position).transpose() * dlogits;
    g.b_C += dlogits;
    Mat<S> dN2 = Mat<S>::Zero(n, sh.d_model);  // (n, d_model): only row p is read
    dN2.row(ex.position) = dlogits * p.W_C.transpose();
    // N2 = LN(R2; g2, b2)                                                            (n, d_model)
    const Mat<S> dR2 = layer_norm_backward(f.R2, f.mean2, f.rstd2, p.g2, dN2, g.g2, g.b2);
    // R2 = N1 + F  ⇒  dN1 = dR2, dF = dR2
    Mat<S> dN1 = dR2;
    const Mat<S>& dF = dR2;
    // F = U·W_2 + c_2  ⇒  dW_2 = Uᵀ·dF (d_ff, d_model), dc_2 = Σ_rows dF, dU = dF·W_2ᵀ (n, d_ff)
    g.W_2.noalias() += f.U.transpose() * dF;
    g.c_2 += dF.colwise().sum();
    const Mat<S> dU = dF * p.W_2.transpose();
    // U = ReLU(pre)  ⇒  dpre = dU where pre > 0, else 0                             (n, d_ff)
    const Mat<S> dpre = (f.pre.array() > S(0)).select(dU, Mat<S>::Zero(n, sh.d_ff));
    // pre = N1·W_1 + c_1  ⇒  dW_1 = N1ᵀ·dpre, dc_1 = Σ_rows dpre, dN1 += dpre·W_1ᵀ
    g.W_1.noalias() += f.N1.transpose() * dpre;
    g.c_1 += dpre.colwise().sum();
    dN1.noalias() += dpre * p.W_1.transpose();
    // N1 = LN(R1; g1, b1)                                                            (n, d_model)
    const Mat<S> dR1 = layer_norm_backward(f.R1, f.mean1, f.rstd1, p.g1, dN1, g.g1, g.b1);
    // R1 = X + M  ⇒  dX = dR1, dM = dR1
    Mat<S> dX = dR1;
    const Mat<S>& dM = dR1;
    // M = C·W_O  ⇒  dW_O = Cᵀ·dM, dC = dM·W_Oᵀ                                       (n, d_model)
    g.W_O.noalias() += f.C.transpose() * dM;
    const Mat<S> dC = dM * p.W_O.transpose();
    for (int h = 0; h < sh.heads; ++h) {
        const AttentionPass<S>& L = f.heads[static_cast<std::size_t>(h)];
        // C = [O_0 | … | O_{H−1}]  ⇒  dO_h = dC's columns [h·d_k, (h+1)·d_k)          (n, d_k)
        const Mat<S> dO = dC.middleCols(h * dk, dk);
        // O_h = A_h·V_h  ⇒  dA = dO·V_hᵀ (n, n), dV = A_hᵀ·dO (n, d_k)
        const Mat<S> dA = dO * L.V.transpose();
        const Mat<S> dV = L.A.transpose() * dO;
        // A_h = softmax(Z_h) row by row  ⇒  dZ[i][j] = A[i][j] · (dA[i][j] − Σ_k dA[i][k]·A[i][k])
        Mat<S> dZ(n, n);
        for (int i = 0; i < n; ++i) {
            const S dot = dA.row(i).dot(L.A.row(i));
            dZ.row(i) = L.A.row(i).array() * (dA.row(i).array() - dot);
        }
        // Z_h = s·Q_h·K_hᵀ  ⇒  dQ = s·dZ·K_h, dK = s·dZᵀ·Q_h                              (n, d_k)
        const Mat<S> dQ = s * (dZ * L.K);
        const Mat<S> dK = s * (dZ.transpose() * L.Q);
        // Q_h = X·W_Q[:, h] (K, V likewise)  ⇒  dW_Q[:, h] = Xᵀ·dQ, …,
        // dX += dQ·W_Q[:, h]ᵀ + dK·W_K[:, h]ᵀ + dV·W_V[:, h]ᵀ                          (n, d_model)
        g.W_Q.middleCols(h * dk, dk).noalias() += f.X.transpose() * dQ;
        g.W_K.middleCols(h * dk, dk).noalias() += f.X.transpose() * dK;
        g.W_V.middleCols(h * dk, dk).noalias() += f.X.transpose() * dV;
        dX.noalias() += dQ * p.W_Q.middleCols(h * dk, dk).transpose();
        dX.noalias() += dK * p.W_K.middleCols(h * dk, dk).transpose();
        dX.noalias() += dV * p.W_V.middleCols(h * dk, dk).transpose();
    }
    // X = E[ids] + PE  ⇒  dE[ids[i]] += dX[i] (a word used twice gets both rows)
    for (int i = 0; i < n; ++i) g.E.row(ex.ids[static_cast<std::size_t>(i)]) += dX.row(i);
}
template void block_backward<float>(const BlockParams<float>&, const BlockShape&, const BlockExample&,
                                    const BlockForward<float>&, BlockParams<float>&);
template void block_backward<double>(const BlockParams<double>&, const BlockShape&, const BlockExample&,
                                     const BlockForward<double>&, BlockParams<double>&);

template <typename S>
S block_loss_and_grad(const BlockParams<S>& p, const BlockShape& sh, const std::vector<BlockExample>& batch, BlockParams<S>& g) {
    for (int i = 0; i < BlockParams<S>::kTensors; ++i) g.tensor(i) = Mat<S>::Zero(p.tensor(i).rows(), p.tensor(i).cols());
    S total = 0;
    for (const BlockExample& ex : batch) {
        const BlockForward<S> f = block_forward(p, sh, ex);
        total += f.loss;
        block_backward(p, sh, ex, f, g);
    }
    const S inv = S(1) / static_cast<S>(std::max<std::size_t>(batch.size(), 1));
    for (int i = 0; i < BlockParams<S>::kTensors; ++i) g.tensor(i) *= inv;
    return total * inv;
}
template float block_loss_and_grad<float>(const BlockParams<float>&, const BlockShape&, const std::vector<BlockExample>&,
                                          BlockParams<float>&);
template double block_loss_and_grad<double>(const BlockParams<double>&, const BlockShape&, const std::vector<BlockExample>&,
                                            BlockParams<double>&);

template struct AdamOver<BlockParams<float>>;

// ---- the multi-head small world ---------------------------------------------------------------
namespace {

int pick(SplitMix64& rng, std::size_t n) { return static_cast<int>(rng.next() % static_cast<std::uint64_t>(n)); }

// The place and apple sentences of a draw (the pronoun family needs two layers: block_train.h).
std::vector<WorldSentence> one_block_sentences(std::uint64_t seed, bool held_out, int count) {
    std::vector<WorldSentence> all = world_sentences(seed, held_out, count), out;
    for (WorldSentence& s : all)
        if (s.family != WorldFamily::Pronoun) out.push_back(std::move(s));
    return out;
}

}  // namespace

BlockExample block_example(const BlockTask& t, const WorldSentence& s, int at) {
    BlockExample ex;
    const auto id = [&](int i) {
        const std::string& w = s.tokens[static_cast<std::size_t>(i)];
        return static_cast<int>(std::find(t.vocab.begin(), t.vocab.end(), w) - t.vocab.begin());
    };
    for (int i = 0; i < static_cast<int>(s.tokens.size()); ++i) {
        const int k = id(i);
        ex.ids.push_back(k < static_cast<int>(t.vocab.size()) ? k : -1);
    }
    ex.position = at;
    if (at == s.query && s.family != WorldFamily::Pronoun)  // the place, or the apple's deciding word
        ex.family = s.family == WorldFamily::Place ? s.answer_class : t.family_class_of_word(ex.ids[static_cast<std::size_t>(s.answers[0])]);
    if (at >= 1) ex.previous = t.previous_class_of_word(ex.ids[static_cast<std::size_t>(at - 1)]);
    return ex;
}

Matrix block_input(const BlockTask& t, const BlockParams<float>& p, const std::vector<std::string>& tokens) {
    const int n = static_cast<int>(tokens.size());
    Matrix X = positional_encoding(n, static_cast<int>(p.E.cols()));
    for (int i = 0; i < n; ++i) {
        const std::string key = token_key(tokens[static_cast<std::size_t>(i)]);
        for (std::size_t k = 0; k < t.vocab.size(); ++k)
            if (token_key(t.vocab[k]) == key) {
                X.row(i) += p.E.row(static_cast<Eigen::Index>(k));
                break;
            }
    }
    return X;
}

BlockTask block_world_task(std::uint64_t seed) {
    BlockTask t;
    t.vocab = world_vocabulary();
    const Task world = world_task(seed);  // its first 16 classes are the places
    t.answers.assign(world.answers.begin(), world.answers.begin() + kBlockPlaces);
    for (const std::string& w : t.vocab) t.answers.push_back(w);
    t.family_classes = static_cast<int>(t.answers.size());
    for (const std::string& w : t.vocab) t.answers.push_back("<- " + w);
    SplitMix64 rng{seed + 7};
    for (const WorldSentence& s : one_block_sentences(seed, false, 4096)) {
        t.train.push_back(block_example(t, s, s.query));
        // the previous word at kBlockPreviousAsked other words at position ≥ 1 (fewer in a short sentence)
        std::vector<int> others;
        for (int i = 1; i < static_cast<int>(s.tokens.size()); ++i)
            if (i != s.query) others.push_back(i);
        for (int k = 0; k < kBlockPreviousAsked && !others.empty(); ++k) {
            const int at = pick(rng, others.size());
            t.train.push_back(block_example(t, s, others[static_cast<std::size_t>(at)]));
            others.erase(others.begin() + at);
        }
    }
    for (const WorldSentence& s : one_block_sentences(seed + 100, true, 512))
        for (int i = 0; i < static_cast<int>(s.tokens.size()); ++i)
            if (i == s.query || i >= 1) t.test.push_back(block_example(t, s, i));
    return t;
}

BlockShape block_world_shape(const BlockTask& task, int heads) {
    return {static_cast<int>(task.vocab.size()), kBlockDModel, heads, kBlockDff, static_cast<int>(task.answers.size())};
}

BlockAccuracy block_accuracy(const BlockParams<float>& p, const BlockShape& sh, const std::vector<BlockExample>& set) {
    BlockAccuracy a;
    int family = 0, previous = 0;
    for (const BlockExample& ex : set) {
        const BlockForward<float> f = block_forward(p, sh, ex);
        for (const auto& [begin, end, answer] : question_ranges(f.logits.cols(), ex)) {
            if (answer < 0) continue;
            Eigen::Index best = 0;
            f.logits.row(0).segment(begin, end - begin).maxCoeff(&best);
            const bool right = begin + best == answer;
            if (begin == 0) {
                ++a.family_asked;
                family += right ? 1 : 0;
            } else {
                ++a.previous_asked;
                previous += right ? 1 : 0;
            }
        }
    }
    a.family = a.family_asked ? static_cast<float>(family) / static_cast<float>(a.family_asked) : 0.0f;
    a.previous = a.previous_asked ? static_cast<float>(previous) / static_cast<float>(a.previous_asked) : 0.0f;
    return a;
}

BlockTrainer::BlockTrainer(int heads, float lr, std::uint64_t seed, int schedule) {
    task = block_world_task(seed);
    shape = block_world_shape(task, heads);
    params = init_block_params(shape, seed + 1);
    start = params;
    adam.lr = lr_start = lr;
    schedule_steps = schedule;
    rng_state = seed + 2;
}

void BlockTrainer::run(int steps, int batch) {
    SplitMix64 rng{rng_state};
    std::vector<BlockExample> b(static_cast<std::size_t>(batch));
    BlockParams<float> g;
    for (int k = 0; k < steps && !task.train.empty(); ++k) {
        // with a schedule, the rate falls in a straight line from lr to a tenth of it at its last step
        if (schedule_steps > 0)
            adam.lr = lr_start * (1.0f - 0.9f * static_cast<float>(std::min(step, schedule_steps)) / static_cast<float>(schedule_steps));
        for (auto& ex : b) ex = task.train[static_cast<std::size_t>(pick(rng, task.train.size()))];
        last_loss = block_loss_and_grad(params, shape, b, g);
        adam.step(params, g);
        losses.push_back(last_loss);
        ++step;
    }
    rng_state = rng.state;
}

// ---- what each head learned -------------------------------------------------------------------
const char* head_job_id(HeadJobKind k) {
    switch (k) {
        case HeadJobKind::Family: return "family";
        case HeadJobKind::Previous: return "previous";
        case HeadJobKind::Self: return "self";
        case HeadJobKind::Mixed: return "mixed";
    }
    return "mixed";
}

std::vector<HeadJob> head_jobs(const BlockParams<float>& p, const BlockShape& sh, const BlockTask& task,
                               const std::vector<WorldSentence>& sentences) {
    std::vector<HeadJob> jobs(static_cast<std::size_t>(sh.heads));
    std::vector<int> family_hits(jobs.size()), previous_hits(jobs.size()), self_hits(jobs.size());
    for (const WorldSentence& s : sentences) {
        if (s.family == WorldFamily::Pronoun) continue;
        const BlockExample ex = block_example(task, s, s.query);
        if (std::find(ex.ids.begin(), ex.ids.end(), -1) != ex.ids.end()) continue;
        const BlockPass<float> f = block_pass(p, sh, block_input(task, p, s.tokens));  // the weights only: no output head needed
        const int n = static_cast<int>(ex.ids.size());
        for (std::size_t h = 0; h < jobs.size(); ++h) {
            const Matrix& A = f.heads[h].A;
            for (int i = 0; i < n; ++i) {
                Eigen::Index top = 0;
                A.row(i).maxCoeff(&top);
                ++jobs[h].rows;
                self_hits[h] += top == i ? 1 : 0;
                if (i == s.query) {
                    ++jobs[h].family_rows;
                    family_hits[h] += std::find(s.answers.begin(), s.answers.end(), static_cast<int>(top)) != s.answers.end() ? 1 : 0;
                }
                if (i >= 1) {
                    ++jobs[h].previous_rows;
                    previous_hits[h] += top == i - 1 ? 1 : 0;
                }
            }
        }
    }
    const auto share = [](int hits, int rows) { return rows ? static_cast<float>(hits) / static_cast<float>(rows) : 0.0f; };
    for (std::size_t h = 0; h < jobs.size(); ++h) {
        HeadJob& j = jobs[h];
        j.head = static_cast<int>(h);
        j.family = share(family_hits[h], j.family_rows);
        j.previous = share(previous_hits[h], j.previous_rows);
        j.self = share(self_hits[h], j.rows);
        const float best = std::max({j.family, j.previous, j.self});
        j.job = best < kHeadJobShare ? HeadJobKind::Mixed
                : best == j.family   ? HeadJobKind::Family
                : best == j.previous ? HeadJobKind::Previous
                                     : HeadJobKind::Self;
    }
    return jobs;
}

}  // namespace capiton
