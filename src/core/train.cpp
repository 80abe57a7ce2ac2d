#include "train.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "embedding.h"
#include "tokenizer.h"
#include "world.h"

namespace capiton {

template <typename S>
const char* Params<S>::name(int i) {
    static const char* const kNames[kTensors] = {"E", "W_Q", "W_K", "W_V", "W_O", "b_O", "W_P", "W_Q2", "W_K2", "W_V2", "W_O2", "b_O2"};
    return kNames[i];
}
template struct Params<float>;
template struct Params<double>;

Params<float> init_params(const ModelShape& sh, std::uint64_t seed) {
    SplitMix64 rng{seed};
    const auto draw = [&](int r, int c, float a) { return rng.uniform_matrix(r, c, a); };
    Params<float> p;
    const float a_in = std::sqrt(3.0f / static_cast<float>(sh.d_model));
    p.E = draw(sh.vocab, sh.d_model, 1.0f);
    p.W_Q = draw(sh.d_model, sh.d_k, a_in);
    p.W_K = draw(sh.d_model, sh.d_k, a_in);
    p.W_V = draw(sh.d_model, sh.d_k, a_in);
    p.W_O = draw(sh.d_k, sh.classes, std::sqrt(3.0f / static_cast<float>(sh.d_k)));
    p.b_O = Matrix::Zero(1, sh.classes);
    if (sh.depth > 1) {  // drawn after the first layer's, so a model of depth 1 is the same as ever
        p.W_P = draw(sh.d_k, sh.d_model, std::sqrt(3.0f / static_cast<float>(sh.d_k)));
        p.W_Q2 = draw(sh.d_model, sh.d_k, a_in);
        p.W_K2 = draw(sh.d_model, sh.d_k, a_in);
        p.W_V2 = draw(sh.d_model, sh.d_k, a_in);
        p.W_O2 = draw(sh.d_k, sh.classes, std::sqrt(3.0f / static_cast<float>(sh.d_k)));
        p.b_O2 = Matrix::Zero(1, sh.classes);
    }
    return p;
}

template <typename S>
Params<S> cast_params(const Params<float>& p) {
    return cast_tensors<Params<S>>(p);
}
template Params<float> cast_params<float>(const Params<float>&);
template Params<double> cast_params<double>(const Params<float>&);

namespace {

// One attention layer: the queries from L.X, the keys and values from Xkv (the same matrix at the
// first layer; the words as they came in at the second, train.h): Z = s·Q·Kᵀ, A = row softmax of Z,
// O = A·V.
template <typename S>
void attend_layer(const Mat<S>& W_Q, const Mat<S>& W_K, const Mat<S>& W_V, S s, const Mat<S>& Xkv, AttentionPass<S>& L) {
    const Eigen::Index n = L.X.rows();
    // Q = X·W_Q, K = Xkv·W_K, V = Xkv·W_V                (n, d_k)
    L.Q = L.X * W_Q;
    L.K = Xkv * W_K;
    L.V = Xkv * W_V;
    // Z = s·Q·Kᵀ                                          (n, n)
    L.Z = s * (L.Q * L.K.transpose());
    // A = softmax of each row of Z (stable: minus the row's max)      (n, n)
    // A weight below the smallest normal number (its logit ~87 under the row's max) is set to 0. It adds
    // nothing a float can hold to any sum it enters, but as a denormal number it made every product it
    // entered ~100× slower on Intel processors, natively and in WebAssembly alike: the √d_k race, whose
    // unscaled model saturates its softmax, took 6.1 s instead of 0.8.
    L.A.resize(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const S mx = L.Z.row(i).maxCoeff();
        L.A.row(i) = (L.Z.row(i).array() - mx).exp();
        L.A.row(i) /= L.A.row(i).sum();
        for (Eigen::Index j = 0; j < n; ++j)
            if (L.A(i, j) < std::numeric_limits<S>::min()) L.A(i, j) = S(0);
    }
    // O = A·V                                             (n, d_k)
    L.O = L.A * L.V;
}

// The same layer backwards, from dO (n, d_k): adds into the gradients of its projections, returns
// dX (through the queries) and adds the gradient through the keys and values into dXkv.
template <typename S>
Mat<S> attend_layer_backward(const Mat<S>& W_Q, const Mat<S>& W_K, const Mat<S>& W_V, S s, const Mat<S>& Xkv,
                             const AttentionPass<S>& L, const Mat<S>& dO, Mat<S>& gW_Q, Mat<S>& gW_K, Mat<S>& gW_V,
                             Mat<S>& dXkv) {
    const Eigen::Index n = L.X.rows();
    // O = A·V  ⇒  dA = dO·Vᵀ (n, n), dV = Aᵀ·dO (n, d_k)
    const Mat<S> dA = dO * L.V.transpose();
    const Mat<S> dV = L.A.transpose() * dO;
    // A = softmax(Z) row by row  ⇒  dZ[i][j] = A[i][j] · (dA[i][j] − Σ_k dA[i][k]·A[i][k])    (n, n)
    Mat<S> dZ(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const S dot = dA.row(i).dot(L.A.row(i));
        dZ.row(i) = L.A.row(i).array() * (dA.row(i).array() - dot);
    }
    // Z = s·Q·Kᵀ  ⇒  dQ = s·dZ·K, dK = s·dZᵀ·Q          (n, d_k)
    const Mat<S> dQ = s * (dZ * L.K);
    const Mat<S> dK = s * (dZ.transpose() * L.Q);
    // Q = X·W_Q, K = Xkv·W_K, V = Xkv·W_V  ⇒  dW_Q = Xᵀ·dQ, dW_K = Xkvᵀ·dK, dW_V = Xkvᵀ·dV,
    // dX = dQ·W_Qᵀ, dXkv = dK·W_Kᵀ + dV·W_Vᵀ                                  (n, d_model)
    gW_Q.noalias() += L.X.transpose() * dQ;
    gW_K.noalias() += Xkv.transpose() * dK;
    gW_V.noalias() += Xkv.transpose() * dV;
    dXkv.noalias() += dK * W_K.transpose() + dV * W_V.transpose();
    return dQ * W_Q.transpose();
}

template <typename S>
S score_scale(const ModelShape& sh) {
    return sh.scaled ? S(1) / std::sqrt(static_cast<S>(sh.d_k)) : S(1);
}

}  // namespace

template <typename S>
Forward<S> forward(const Params<S>& p, const ModelShape& sh, const Example& ex) {
    Forward<S> f;
    const int n = static_cast<int>(ex.ids.size());
    const S s = score_scale<S>(sh);
    // X = E[ids] + PE                                   (n, d_model)
    const Mat<S> pe = positional_encoding(n, sh.d_model).template cast<S>();
    f.X.resize(n, sh.d_model);
    for (int i = 0; i < n; ++i) f.X.row(i) = p.E.row(ex.ids[static_cast<std::size_t>(i)]) + pe.row(i);
    attend_layer(p.W_Q, p.W_K, p.W_V, s, f.X, f);
    const bool second = ex.layer == 2 && sh.depth > 1;
    if (second) {
        // X₂ = X + O·W_P (each word plus what it gathered); the second layer asks with X₂ and is
        // answered by the words as they came in (keys and values from X)
        f.second.X = f.X + f.O * p.W_P;
        attend_layer(p.W_Q2, p.W_K2, p.W_V2, s, f.X, f.second);
    }
    // logits = O[p]·W_O + b_O (or the second layer's); probs = softmax(logits); loss = −log probs[answer]
    f.logits = second ? Mat<S>(f.second.O.row(ex.position) * p.W_O2 + p.b_O2) : Mat<S>(f.O.row(ex.position) * p.W_O + p.b_O);
    const S mx = f.logits.maxCoeff();
    f.probs = (f.logits.array() - mx).exp();
    const S sum = f.probs.sum();
    f.probs /= sum;
    f.loss = -(f.logits(0, ex.answer) - mx - std::log(sum));
    return f;
}
template Forward<float> forward<float>(const Params<float>&, const ModelShape&, const Example&);
template Forward<double> forward<double>(const Params<double>&, const ModelShape&, const Example&);

template <typename S>
void backward(const Params<S>& p, const ModelShape& sh, const Example& ex, const Forward<S>& f, Params<S>& g) {
    const int n = static_cast<int>(ex.ids.size());
    const S s = score_scale<S>(sh);
    const bool second = ex.layer == 2 && sh.depth > 1;
    const AttentionPass<S>& top = second ? f.second : f;
    // loss = −log softmax(logits)[answer]  ⇒  dlogits = probs − onehot(answer)      (1, classes)
    Mat<S> dlogits = f.probs;
    dlogits(0, ex.answer) -= S(1);
    // logits = O[p]·W_O + b_O  ⇒  dW_O = O[p]ᵀ·dlogits, db_O = dlogits, dO[p] = dlogits·W_Oᵀ
    Mat<S>& gW_O = second ? g.W_O2 : g.W_O;
    gW_O.noalias() += top.O.row(ex.position).transpose() * dlogits;
    (second ? g.b_O2 : g.b_O) += dlogits;
    Mat<S> dO = Mat<S>::Zero(n, sh.d_k);  // (n, d_k): only row p is read
    dO.row(ex.position) = dlogits * (second ? p.W_O2 : p.W_O).transpose();
    Mat<S> dX = Mat<S>::Zero(n, sh.d_model);  // (n, d_model): every path back to X adds into it
    if (second) {
        // the second layer (its keys and values add into dX), then X₂ = X + O·W_P  ⇒
        // dX += dX₂, dW_P = Oᵀ·dX₂, dO = dX₂·W_Pᵀ
        const Mat<S> dX2 = attend_layer_backward(p.W_Q2, p.W_K2, p.W_V2, s, f.X, f.second, dO, g.W_Q2, g.W_K2, g.W_V2, dX);
        dX += dX2;
        g.W_P.noalias() += f.O.transpose() * dX2;
        dO = dX2 * p.W_P.transpose();
    }
    const Mat<S> dXq = attend_layer_backward(p.W_Q, p.W_K, p.W_V, s, f.X, f, dO, g.W_Q, g.W_K, g.W_V, dX);
    dX += dXq;
    // X = E[ids] + PE  ⇒  dE[ids[i]] += dX[i] (a word used twice gets both rows)
    for (int i = 0; i < n; ++i) g.E.row(ex.ids[static_cast<std::size_t>(i)]) += dX.row(i);
}
template void backward<float>(const Params<float>&, const ModelShape&, const Example&, const Forward<float>&, Params<float>&);
template void backward<double>(const Params<double>&, const ModelShape&, const Example&, const Forward<double>&, Params<double>&);

template <typename S>
S loss_and_grad(const Params<S>& p, const ModelShape& sh, const std::vector<Example>& batch, Params<S>& g) {
    for (int i = 0; i < Params<S>::kTensors; ++i) g.tensor(i) = Mat<S>::Zero(p.tensor(i).rows(), p.tensor(i).cols());
    S total = 0;
    for (const Example& ex : batch) {
        const Forward<S> f = forward(p, sh, ex);
        total += f.loss;
        backward(p, sh, ex, f, g);
    }
    const S inv = S(1) / static_cast<S>(std::max<std::size_t>(batch.size(), 1));
    for (int i = 0; i < Params<S>::kTensors; ++i) g.tensor(i) *= inv;
    return total * inv;
}
template float loss_and_grad<float>(const Params<float>&, const ModelShape&, const std::vector<Example>&, Params<float>&);
template double loss_and_grad<double>(const Params<double>&, const ModelShape&, const std::vector<Example>&, Params<double>&);

void Adam::step(Params<float>& p, const Params<float>& g) {
    constexpr float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    if (t == 0)
        for (int i = 0; i < Params<float>::kTensors; ++i) {
            m.tensor(i) = Matrix::Zero(p.tensor(i).rows(), p.tensor(i).cols());
            v.tensor(i) = m.tensor(i);
        }
    ++t;
    const float c1 = 1.0f - std::pow(b1, static_cast<float>(t)), c2 = 1.0f - std::pow(b2, static_cast<float>(t));
    for (int i = 0; i < Params<float>::kTensors; ++i) {
        m.tensor(i) = b1 * m.tensor(i) + (1.0f - b1) * g.tensor(i);
        v.tensor(i) = b2 * v.tensor(i) + (1.0f - b2) * g.tensor(i).cwiseProduct(g.tensor(i));
        p.tensor(i).array() -= lr * (m.tensor(i).array() / c1) / ((v.tensor(i).array() / c2).sqrt() + eps);
    }
}

// ---- tasks ------------------------------------------------------------------------------------
namespace {

int pick(SplitMix64& rng, int n) { return static_cast<int>(rng.next() % static_cast<std::uint64_t>(n)); }

int index_of(const std::vector<std::string>& v, const std::string& w) {
    return static_cast<int>(std::find(v.begin(), v.end(), w) - v.begin());
}

// apple: "apple" among filler words and one word that decides its sense, in English or in Chinese
// (words, not characters: 苹果, 手机 …), so that both languages of the lesson have learned parameters.
struct AppleLanguage {
    std::string apple;
    std::vector<std::string> fruit, company, filler;
};

const std::vector<AppleLanguage>& apple_languages() {
    static const std::vector<AppleLanguage> langs = {
        {"apple",
         {"eat", "tree", "juice", "fruit", "pie", "sweet", "orchard"},
         {"phone", "stock", "launch", "company", "shares", "ceo", "market"},
         {"the", "a", "an", "I", "we", "they", "new", "big", "was", "is", "from", "today", "will", "really"}},
        {"\xe8\x8b\xb9\xe6\x9e\x9c" /*苹果*/,
         {"\xe5\x90\x83" /*吃*/, "\xe6\xa0\x91" /*树*/, "\xe6\x9e\x9c\xe6\xb1\x81" /*果汁*/,
          "\xe6\xb0\xb4\xe6\x9e\x9c" /*水果*/, "\xe7\x94\x9c" /*甜*/},
         {"\xe6\x89\x8b\xe6\x9c\xba" /*手机*/, "\xe8\x82\xa1\xe7\xa5\xa8" /*股票*/,
          "\xe5\x8f\x91\xe5\xb8\x83" /*发布*/, "\xe5\x85\xac\xe5\x8f\xb8" /*公司*/,
          "\xe5\xb8\x82\xe5\x9c\xba" /*市场*/},
         {"\xe6\x88\x91" /*我*/, "\xe4\xba\x86" /*了*/, "\xe7\x9a\x84" /*的*/, "\xe6\x96\xb0" /*新*/,
          "\xe4\xb8\x8a" /*上*/, "\xe5\xbe\x88" /*很*/, "\xe4\xbb\x8a\xe5\xa4\xa9" /*今天*/,
          "\xe6\x88\x91\xe4\xbb\xac" /*我们*/}}};
    return langs;
}

Task apple_task(std::uint64_t seed) {
    Task t;
    t.id = id_of(TaskId::Apple);
    const auto& langs = apple_languages();
    for (const AppleLanguage& l : langs) {
        t.vocab.push_back(l.apple);
        for (const auto* list : {&l.filler, &l.fruit, &l.company}) t.vocab.insert(t.vocab.end(), list->begin(), list->end());
    }
    t.answers = {"fruit", "company"};
    t.shape = {static_cast<int>(t.vocab.size()), 16, 8, 2, true};
    SplitMix64 rng{seed};
    const auto word = [&](const std::vector<std::string>& list) {
        return index_of(t.vocab, list[static_cast<std::size_t>(pick(rng, static_cast<int>(list.size())))]);
    };
    const auto make = [&](int count, std::vector<Example>& out) {
        for (int e = 0; e < count; ++e) {
            const AppleLanguage& l = langs[static_cast<std::size_t>(pick(rng, 2))];
            const int n = 5 + pick(rng, 4);  // 5 to 8 words
            Example ex;
            for (int i = 0; i < n; ++i) ex.ids.push_back(word(l.filler));
            ex.answer = pick(rng, 2);
            ex.position = pick(rng, n);
            int ctx = pick(rng, n - 1);
            if (ctx >= ex.position) ++ctx;
            ex.ids[static_cast<std::size_t>(ex.position)] = index_of(t.vocab, l.apple);
            ex.ids[static_cast<std::size_t>(ctx)] = word(ex.answer == 0 ? l.fruit : l.company);
            out.push_back(ex);
        }
    };
    make(768, t.train);
    make(192, t.test);
    return t;
}

// lookback: six words; at the last one, name the word three places back.
Task lookback_task(std::uint64_t seed) {
    Task t;
    t.id = id_of(TaskId::Lookback);
    t.vocab = {"red", "blue", "green", "cat", "dog", "sun", "moon", "tea", "map", "key", "box", "pen"};
    t.answers = t.vocab;
    t.shape = {static_cast<int>(t.vocab.size()), 16, 8, static_cast<int>(t.vocab.size()), true};
    SplitMix64 rng{seed};
    const auto make = [&](int count, std::vector<Example>& out) {
        for (int e = 0; e < count; ++e) {
            constexpr int n = 6;
            Example ex;
            for (int i = 0; i < n; ++i) ex.ids.push_back(pick(rng, static_cast<int>(t.vocab.size())));
            ex.position = n - 1;
            ex.answer = ex.ids[static_cast<std::size_t>(n - 1 - 3)];
            out.push_back(ex);
        }
    };
    make(1024, t.train);
    make(256, t.test);
    return t;
}

// birdsky: one animal and one place among filler words; at the animal, name the place.
Task birdsky_task(std::uint64_t seed) {
    Task t;
    t.id = id_of(TaskId::Birdsky);
    // Three places each: with two, "look at one of them, else at yourself" would already tell them apart.
    const std::vector<std::string> places = {"sky", "tree", "nest", "sea", "river", "reef"};
    const std::vector<std::string> filler = {"the", "a", "is", "in", "over", "near", "flies", "swims", "sees", "big", "small"};
    t.vocab = {"bird", "fish"};
    for (const auto* list : {&places, &filler}) t.vocab.insert(t.vocab.end(), list->begin(), list->end());
    t.answers = places;
    t.shape = {static_cast<int>(t.vocab.size()), 16, 8, static_cast<int>(places.size()), true};
    SplitMix64 rng{seed};
    const auto make = [&](int count, std::vector<Example>& out) {
        for (int e = 0; e < count; ++e) {
            constexpr int n = 6;
            Example ex;
            for (int i = 0; i < n; ++i) ex.ids.push_back(index_of(t.vocab, filler[static_cast<std::size_t>(pick(rng, static_cast<int>(filler.size())))]));
            const int animal = pick(rng, 2);        // a bird by the sky, a tree or its nest,
            ex.answer = 3 * animal + pick(rng, 3);  // a fish by the sea, a river or a reef
            ex.position = pick(rng, n);
            int place = pick(rng, n - 1);
            if (place >= ex.position) ++place;
            ex.ids[static_cast<std::size_t>(ex.position)] = animal;
            ex.ids[static_cast<std::size_t>(place)] = 2 + ex.answer;
            out.push_back(ex);
        }
    };
    make(512, t.train);
    make(128, t.test);
    return t;
}

}  // namespace

int apple_sense_of(const std::string& word) {
    for (const AppleLanguage& l : apple_languages()) {
        if (word == l.apple) return 2;
        for (const auto& w : l.fruit)
            if (word == w) return 0;
        for (const auto& w : l.company)
            if (word == w) return 1;
    }
    return -1;
}

Task make_task(TaskId id, std::uint64_t seed) {
    switch (id) {
        case TaskId::Apple: return apple_task(seed);
        case TaskId::Lookback: return lookback_task(seed);
        case TaskId::Birdsky: return birdsky_task(seed);
        case TaskId::World: return world_task(seed);
    }
    return {};
}

const char* task_sentence(TaskId id, Language lang) {
    switch (id) {
        case TaskId::Apple: return lang == Language::Zh ? "\xe4\xbb\x8a\xe5\xa4\xa9\xe6\x88\x91\xe5\x90\x83\xe4\xba\x86\xe8\x8b\xb9\xe6\x9e\x9c" /*今天我吃了苹果*/
                                                        : "we eat the apple from the tree";
        case TaskId::Lookback: return "red cat blue dog green sun";  // at "sun", three back: "blue"
        case TaskId::Birdsky: return "the bird flies over the sky";
        case TaskId::World: return "";
    }
    return "";
}

int vocab_index(const Task& task, const std::string& token) {
    const std::string key = token_key(token);
    for (std::size_t i = 0; i < task.vocab.size(); ++i)
        if (token_key(task.vocab[i]) == key) return static_cast<int>(i);
    return -1;
}

Matrix embed_known(const std::vector<std::string>& tokens, const Task& task, const Params<float>& p) {
    const int n = static_cast<int>(tokens.size());
    Matrix E = Matrix::Zero(n, p.E.cols());
    for (int i = 0; i < n; ++i)
        if (const int id = vocab_index(task, tokens[static_cast<std::size_t>(i)]); id >= 0) E.row(i) = p.E.row(id);
    return E;
}

float accuracy(const Params<float>& p, const ModelShape& sh, const std::vector<Example>& set) {
    if (set.empty()) return 0.0f;
    int right = 0;
    for (const Example& ex : set) {
        const Forward<float> f = forward(p, sh, ex);
        Eigen::Index best = 0;
        f.logits.row(0).maxCoeff(&best);
        right += best == ex.answer ? 1 : 0;
    }
    return static_cast<float>(right) / static_cast<float>(set.size());
}

float mean_top_weight(const Params<float>& p, const ModelShape& sh, const std::vector<Example>& set) {
    double sum = 0.0;
    long rows = 0;
    for (const Example& ex : set) {
        const Forward<float> f = forward(p, sh, ex);
        for (Eigen::Index i = 0; i < f.A.rows(); ++i) sum += static_cast<double>(f.A.row(i).maxCoeff());
        rows += static_cast<long>(f.A.rows());
    }
    return rows ? static_cast<float>(sum / static_cast<double>(rows)) : 0.0f;
}

float relative_change(const Matrix& now, const Matrix& start) {
    const float base = start.norm();
    return base > 0.0f ? (now - start).norm() / base : 0.0f;
}

Trainer::Trainer(TaskId id, float lr, int d_k, bool scaled, std::uint64_t seed) {
    task = make_task(id, seed);
    task.shape.d_k = d_k;
    task.shape.scaled = scaled;
    params = init_params(task.shape, seed + 1);
    start = params;
    adam.lr = lr_start = lr;
    if (id == TaskId::World) schedule_steps = kWorldSteps;
    rng_state = seed + 2;
}

void Trainer::run(int steps, int batch) {
    SplitMix64 rng{rng_state};
    std::vector<Example> b(static_cast<std::size_t>(batch));
    Params<float> g;
    for (int k = 0; k < steps && !task.train.empty(); ++k) {
        // with a schedule, the rate falls in a straight line from lr to a tenth of it at its last step
        if (schedule_steps > 0) adam.lr = lr_start * (1.0f - 0.9f * static_cast<float>(std::min(step, schedule_steps)) / static_cast<float>(schedule_steps));
        for (auto& ex : b) ex = task.train[static_cast<std::size_t>(pick(rng, static_cast<int>(task.train.size())))];
        last_loss = loss_and_grad(params, task.shape, b, g);
        adam.step(params, g);
        if (keep_losses) losses.push_back(last_loss);
        ++step;
    }
    rng_state = rng.state;
}

ScalingRace::Run::Run(bool scaled) : trainer(kTask, kLr, kDk, scaled, kSeed) {
    top_weight_start = mean_top_weight(trainer.params, trainer.task.shape, trainer.task.test);
}

void ScalingRace::run(int steps) {
    steps = std::min(steps, kSteps - step());
    if (steps <= 0) return;
    for (Run* r : {&scaled, &raw}) r->trainer.run(steps);
    if (done())
        for (Run* r : {&scaled, &raw})
            r->accuracy = capiton::accuracy(r->trainer.params, r->trainer.task.shape, r->trainer.task.test);
}

}  // namespace capiton
