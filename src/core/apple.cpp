#include "apple.h"

#include <cmath>

#include "presets.h"
#include "train.h"

namespace capiton {

namespace {
const Task& apple_task() {
    static const Task t = make_task(TaskId::Apple, preset_run(TaskId::Apple).seed);
    return t;
}
const Params<float>& apple_params() {
    static const Params<float> p = [] {
        Params<float> q;
        (void)load_preset_params(TaskId::Apple, &q);
        return q;
    }();
    return p;
}
int vocab_id(const std::string& token) { return vocab_index(apple_task(), token); }
}  // namespace

AppleKind apple_kind(const std::string& token) {
    const int id = vocab_id(token);
    if (id < 0) return AppleKind::Other;
    switch (apple_sense_of(apple_task().vocab[static_cast<std::size_t>(id)])) {
        case 0: return AppleKind::Fruit;
        case 1: return AppleKind::Company;
        case 2: return AppleKind::Apple;
        default: return AppleKind::Other;
    }
}

AppleSentence apple_sentence(const std::vector<std::string>& tokens) {
    AppleSentence r;
    const Params<float>& p = apple_params();
    const ModelShape& sh = apple_task().shape;
    const int n = static_cast<int>(tokens.size());
    Matrix E = embed_known(tokens, apple_task(), p);
    for (int i = 0; i < n && r.apple < 0; ++i)
        if (apple_kind(tokens[static_cast<std::size_t>(i)]) == AppleKind::Apple) r.apple = i;
    Matrix P = positional_encoding(n, sh.d_model);
    Config c;
    c.d_model = sh.d_model;
    c.d_k = sh.d_k;
    r.trace = attend_tokens(tokens, std::move(E), std::move(P), Weights{p.W_Q, p.W_K, p.W_V}, c);
    if (r.apple >= 0) {
        Eigen::RowVectorXf row = r.trace.weights.row(r.apple);
        row(r.apple) = -1.0f;  // apart from itself
        Eigen::Index j = 0;
        row.maxCoeff(&j);
        r.focus = n > 1 ? static_cast<int>(j) : -1;
        // the output head: logits = output[apple]·W_O + b_O, then softmax
        const Eigen::RowVectorXf logits = r.trace.output.row(r.apple) * p.W_O + p.b_O;
        const float mx = logits.maxCoeff();
        const float e0 = std::exp(logits(0) - mx), e1 = std::exp(logits(1) - mx);
        r.sense[0] = e0 / (e0 + e1);
        r.sense[1] = e1 / (e0 + e1);
    }
    return r;
}

float apple_cosine(const AppleSentence& a, const AppleSentence& b) {
    if (a.apple < 0 || b.apple < 0) return 0.0f;
    const auto x = a.trace.output.row(a.apple);
    const auto y = b.trace.output.row(b.apple);
    const float n = x.norm() * y.norm();
    return n > 0.0f ? x.dot(y) / n : 0.0f;
}

AppleCloud apple_cloud(const Task& task, const Params<float>& p) {
    AppleCloud c;
    const int n = static_cast<int>(task.test.size());
    Matrix rows(n, task.shape.d_k);
    for (int i = 0; i < n; ++i) {
        const Example& ex = task.test[static_cast<std::size_t>(i)];
        rows.row(i) = forward(p, task.shape, ex).O.row(ex.position);
        c.sense.push_back(ex.answer);
        c.sentence.push_back(i);
    }
    c.plane = principal_plane(rows);
    Matrix& pts = c.plane.points;
    const auto centre = [&](int sense) {
        Eigen::RowVector2f m = Eigen::RowVector2f::Zero();
        int k = 0;
        for (int i = 0; i < n; ++i)
            if (c.sense[static_cast<std::size_t>(i)] == sense) m += pts.row(i), ++k;
        return k ? Eigen::RowVector2f(m / static_cast<float>(k)) : m;
    };
    Eigen::RowVector2f fruit = centre(0), company = centre(1);
    for (int axis = 0; axis < 2; ++axis)
        if (company(axis) < fruit(axis)) {
            pts.col(axis) = -pts.col(axis);
            c.plane.axes.row(axis) = -c.plane.axes.row(axis);
            fruit(axis) = -fruit(axis);
            company(axis) = -company(axis);
        }
    int right = 0;
    for (int i = 0; i < n; ++i) {
        const float to_fruit = (pts.row(i) - fruit).squaredNorm(), to_company = (pts.row(i) - company).squaredNorm();
        right += (c.sense[static_cast<std::size_t>(i)] == 0 ? to_fruit < to_company : to_company < to_fruit) ? 1 : 0;
    }
    c.separated = n ? static_cast<float>(right) / static_cast<float>(n) : 0.0f;
    return c;
}

}  // namespace capiton
