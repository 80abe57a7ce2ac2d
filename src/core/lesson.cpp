#include "lesson.h"

#include <algorithm>
#include <cmath>

#include "tokenizer.h"
#include "world.h"

namespace capiton {

Lesson::Lesson() {
    weights_ = init_weights(config_.d_model, config_.d_k, config_.weight_seed);
    (void)set_sentence(kLanguageInfo[0].default_sentence);  // valid (tested)
}

Trace Lesson::trace_of(const std::vector<std::string>& tokens, const Config& c, const Weights& w) const {
    if (!model_) return forward(tokens, w, c);
    // the trained model's own table; a word it does not know gets a zero row
    const int n = static_cast<int>(tokens.size());
    return attend_tokens(tokens, embed_known(tokens, model_->task, model_->params),
                         position_rows(c, n), w, c);
}

Status Lesson::recompute(const std::vector<std::string>& tokens, const Config& c, const Weights& w) {
    if (std::string e = validate(c); !e.empty()) return {e};
    trace_ = trace_of(tokens, c, w);
    second_.reset();
    if (model_ && model_->task.shape.depth > 1) {  // X₂ = X + output · W_P asks; the words as they came in answer
        const Params<float>& p = model_->params;
        second_.emplace();
        attend(trace_.X + trace_.output * p.W_P, trace_.X, Weights{p.W_Q2, p.W_K2, p.W_V2}, c, *second_);
        second_->tokens = trace_.tokens;
    }
    changed();
    config_ = c;
    weights_ = w;
    unknown_.assign(trace_.tokens.size(), false);
    if (model_)
        for (std::size_t i = 0; i < trace_.tokens.size(); ++i) unknown_[i] = vocab_index(model_->task, trace_.tokens[i]) < 0;
    if (selected_ >= static_cast<int>(trace_.tokens.size())) selected_ = -1;
    return {};
}

void Lesson::changed() {
    stale_ = true;
    if (asked_) refresh();
}

void Lesson::refresh() const {
    asked_ = true;
    if (!stale_) return;
    stale_ = false;
    heads_.set_trained(model_.has_value());  // each: nothing when it already is
    translate_.set_trained(model_.has_value());
    if (heads_.tokens() != trace_.tokens) heads_.run(trace_.tokens);
    if (translate_.source() != trace_.tokens) translate_.run(trace_.tokens);  // not on a new mask or temperature
}

Status Lesson::set_sentence(std::string_view text) {
    TokenizeResult r = tokenize(text);
    if (!r.ok()) return {r.error, r.error_key, {r.error_args[0], r.error_args[1]}};
    const int was = selected_;
    const std::string followed = was >= 0 && was < static_cast<int>(trace_.tokens.size()) ? trace_.tokens[static_cast<std::size_t>(was)] : "";
    Status s = recompute(r.tokens, config_, weights_);
    if (!s.ok()) return s;
    sentence_ = std::string(text);
    // the word followed stays followed: at its place if it is still there, else where it first occurs
    // now, else none (the reversed sentence's "bird" is still "bird"; another sentence's third word is not)
    const auto& now = trace_.tokens;
    selected_ = -1;
    if (!followed.empty() && was < static_cast<int>(now.size()) && now[static_cast<std::size_t>(was)] == followed) selected_ = was;
    for (std::size_t i = 0; selected_ < 0 && !followed.empty() && i < now.size(); ++i)
        if (now[i] == followed) selected_ = static_cast<int>(i);
    return s;
}

void Lesson::next() {
    if (stage_index() + 1 < static_cast<int>(count_of<Stage>())) stage_ = static_cast<Stage>(stage_index() + 1);
}

void Lesson::prev() {
    if (stage_index() > 0) stage_ = static_cast<Stage>(stage_index() - 1);
}

Status Lesson::set_mask(MaskKind m) {
    Config c = config_;
    c.mask = m;
    return recompute(trace_.tokens, c, weights_);
}

Status Lesson::set_position(PositionKind p) {
    Config c = config_;
    c.position = p;
    return recompute(trace_.tokens, c, weights_);
}

Status Lesson::set_dims(int d_model, int d_k) {
    Config c = config_;
    c.d_model = d_model;
    c.d_k = d_k;
    if (std::string e = validate(c); !e.empty()) return {e};
    return recompute(trace_.tokens, c, init_weights(d_model, d_k, c.weight_seed));
}

Status Lesson::set_temperature(float t) {
    Config c = config_;
    c.temperature = t;
    return recompute(trace_.tokens, c, weights_);
}

Status Lesson::select_token(int index) {
    if (index < -1 || index >= static_cast<int>(trace_.tokens.size())) return {"No token has that index.", "error.no_token"};
    selected_ = index;
    return {};
}

void Lesson::use_model(std::optional<LessonModel> model) {
    Config c = config_;
    Weights w;
    if (model) {
        c.d_model = model->task.shape.d_model;
        c.d_k = model->task.shape.d_k;
        w = Weights{model->params.W_Q, model->params.W_K, model->params.W_V};
    } else {
        c.d_model = Config{}.d_model;
        c.d_k = Config{}.d_k;
        w = init_weights(c.d_model, c.d_k, c.weight_seed);
    }
    model_ = std::move(model);  // recompute marks the heads and the translation changed
    const std::vector<std::string> tokens = trace_.tokens;  // recompute replaces trace_
    (void)recompute(tokens, c, w);  // the sizes come from a trained model or the defaults: valid
}

Focus Lesson::focus_of(int query) const {
    Focus f;
    if (query < 0 || query >= trace_.weights.rows()) return f;
    int seen = 0;  // the keys the mask lets this row see
    for (Eigen::Index j = 0; j < trace_.weights.cols(); ++j) {
        if (trace_.weights(query, j) > f.weight) {
            f.weight = trace_.weights(query, j);
            f.key = static_cast<int>(j);
        }
        const float m = trace_.masked(query, j);
        seen += std::isinf(m) && m < 0.0f ? 0 : 1;
    }
    f.spread = seen > 1 && f.weight < std::max(kPinnedWeight, std::min(kPinnedShare / static_cast<float>(seen), kPinnedMost));
    return f;
}

StageSettings settings_used_by(Stage s) {
    // the why stage: its encoder reads d_model, and its "with attention" grid is the lesson's weights
    if (s == Stage::Seq2Seq || (s >= Stage::Tokens && s <= Stage::Output)) return {true, true, true};
    return {};
}

Focus Lesson::best_match_of(int query) const {
    Focus f;
    if (query < 0 || query >= trace_.scores.rows() || trace_.scores.cols() == 0) return f;
    Eigen::Index key = 0;
    f.weight = trace_.scores.row(query).maxCoeff(&key);
    f.key = static_cast<int>(key);
    return f;
}

int Lesson::annotated_query() const {
    const int n = static_cast<int>(trace_.tokens.size());
    if (selected_ >= 0 && selected_ < n) return selected_;
    for (int i = 0; i < n; ++i)  // "it" first: in its sentence the animal asks nothing
        if (world_pronoun(trace_.tokens[static_cast<std::size_t>(i)])) return i;
    for (int i = 0; i < n; ++i)
        if (world_asks(trace_.tokens[static_cast<std::size_t>(i)])) return i;
    // index 3, else the word the model knows nearest to it (3, 2, 4, 1, 5, …): an unknown word's row is
    // all zeros, and the notes would speak of a sense learned from its uses
    const int middle = std::min(3, n - 1);
    for (int d = 0; d < n; ++d)
        for (int i : {middle - d, middle + d})
            if (i >= 0 && i < n && !unknown_to_model(i)) return i;
    return middle;
}

bool Lesson::unknown_to_model(int i) const {
    return i >= 0 && i < static_cast<int>(unknown_.size()) && unknown_[static_cast<std::size_t>(i)];
}

bool Lesson::unknown_on_stage(int i) const {
    return stage_ == Stage::Heads || stage_ == Stage::Block ? multi_head().unknown(i) : unknown_to_model(i);
}

namespace {
int rows_looking_at_themselves(const Matrix& w) {
    int n = 0;
    for (Eigen::Index i = 0; i < w.rows(); ++i) {
        Eigen::Index j = 0;
        w.row(i).maxCoeff(&j);
        n += j == i ? 1 : 0;
    }
    return n;
}
}  // namespace

SharedComparison Lesson::shared_comparison() const {
    Config c = config_;
    c.d_k = c.d_model;
    Weights same;  // identity projections: Q = K = V = X
    same.W_Q = same.W_K = same.W_V = Matrix::Identity(c.d_model, c.d_model);
    SharedComparison r{attend(trace_.X, same, c), true, false, 0, 0};
    r.shared.tokens = trace_.tokens;
    r.shared_symmetric = r.shared.scores.isApprox(r.shared.scores.transpose());
    r.separate_symmetric = trace_.scores.isApprox(trace_.scores.transpose());
    r.shared_self_rows = rows_looking_at_themselves(r.shared.weights);
    r.separate_self_rows = rows_looking_at_themselves(trace_.weights);
    return r;
}

PositionDemo Lesson::position_demo() const {
    PositionDemo d;
    const auto& tok = trace_.tokens;
    const int n = static_cast<int>(tok.size());
    Config c = config_;
    c.mask = MaskKind::None;  // a causal mask brings order in by itself: the question is about position
    const Trace base = trace_of(tok, c, weights_);
    d.reversed.assign(tok.rbegin(), tok.rend());
    const Trace r = trace_of(d.reversed, c, weights_);
    for (int i = 0; i < n; ++i)  // word i stands at n − 1 − i in the reversed sentence
        d.reverse_change = std::max(d.reverse_change, (r.output.row(n - 1 - i) - base.output.row(i)).cwiseAbs().maxCoeff());
    // the shift: the sentence's own first words again in front (any words would do), if it fits
    for (int k = 0; k < kPositionShift; ++k) d.shifted.push_back(tok[static_cast<std::size_t>(k % n)]);
    d.shifted.insert(d.shifted.end(), tok.begin(), tok.end());
    if (static_cast<int>(d.shifted.size()) > kMaxTokens) {
        d.shifted.clear();
        return d;
    }
    const Trace s = trace_of(d.shifted, c, weights_);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            d.shift_change = std::max(d.shift_change, std::fabs(s.scores(i + kPositionShift, j + kPositionShift) - base.scores(i, j)));
    return d;
}

SoftmaxDemo Lesson::softmax_demo(int row, float boost) const {
    std::vector<float> logits;
    if (row >= 0 && row < trace_.masked.rows())
        for (Eigen::Index j = 0; j < trace_.masked.cols(); ++j)
            logits.push_back(trace_.masked(row, j) / config_.temperature * boost);
    return capiton::softmax_demo(logits);
}

}  // namespace capiton
