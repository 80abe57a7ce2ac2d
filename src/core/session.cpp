#include "session.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "json.h"
#include "presets.h"
#include "questions.h"
#include "tokenizer.h"

namespace capiton {

namespace {
constexpr const char* kStageIds[kStageCount] = {"seq2seq", "similarity", "tokens",  "embedding", "projection", "scores",
                                                "scale",   "mask",       "softmax", "weighting", "output", "training"};
constexpr int kEncoderDim = 8;
}

const char* stage_id(Stage s) { return kStageIds[static_cast<int>(s)]; }

bool stage_from_id(std::string_view id, Stage* out) {
    for (int i = 0; i < kStageCount; ++i)
        if (id == kStageIds[i]) {
            *out = static_cast<Stage>(i);
            return true;
        }
    return false;
}

Session::Session() {
    weights_ = init_weights(config_.d_model, config_.d_k, config_.weight_seed);
    encoder_ = make_encoder(kEncoderDim, config_.d_model, config_.weight_seed + 1);
    sweep_ = capiton::scale_sweep(64, 2026);
    const Status s = set_sentence(kDefaultSentence);
    (void)s;  // the default sentence is valid (tested)
}

Status Session::recompute(const std::vector<std::string>& tokens, const Config& c, const Weights& w) {
    if (std::string e = validate(c); !e.empty()) return {e};
    if (learned_) {  // the trained model's own embedding table; unknown words get a zero row
        const int n = static_cast<int>(tokens.size());
        Matrix E = embed_known(tokens, learned_task_, learned_params_);
        Matrix P = positional_encoding(n, c.d_model);
        Trace t = attend(E + P, w, c);  // not into trace_ yet: `tokens` may be trace_.tokens
        t.tokens = tokens;
        t.token_embedding = std::move(E);
        t.position = std::move(P);
        trace_ = std::move(t);
    } else {
        trace_ = forward(tokens, w, c);
    }
    if (c.d_model != config_.d_model || encoder_.W_x.cols() != c.d_model)
        encoder_ = make_encoder(kEncoderDim, c.d_model, c.weight_seed + 1);
    config_ = c;
    weights_ = w;
    if (selected_ >= static_cast<int>(tokens.size())) selected_ = -1;
    recompute_seq2seq();
    return {};
}

void Session::recompute_seq2seq() {
    seq2seq_ = encode(lengthen(trace_.tokens, seq2seq_length_), encoder_, config_.d_model, config_.table_seed);
}

Status Session::set_seq2seq_length(int n) {
    if (n < kSeq2SeqMinLength || n > kSeq2SeqMaxLength) return {"The input length must be between 2 and 48 words."};
    seq2seq_length_ = n;
    recompute_seq2seq();
    return {};
}

void Session::set_similarity_vectors(float ax, float ay, float bx, float by) {
    const float v[4] = {ax, ay, bx, by};
    for (int i = 0; i < 4; ++i)
        sim_[i] = std::isfinite(v[i]) ? std::clamp(v[i], -kSimilarityRange, kSimilarityRange) : sim_[i];
}

Status Session::set_sentence(std::string_view text) {
    TokenizeResult r = tokenize(text);
    if (!r.ok()) return {r.error, r.error_key, {r.error_args[0], r.error_args[1]}};
    // The seq2seq demo starts from the new sentence's own length.
    seq2seq_length_ = std::clamp(static_cast<int>(r.tokens.size()), kSeq2SeqMinLength, kSeq2SeqMaxLength);
    Status s = recompute(r.tokens, config_, weights_);
    if (s.ok()) sentence_ = std::string(text);
    return s;
}

Status Session::go_to(std::string_view id) {
    Stage s;
    if (!stage_from_id(id, &s))
        return {"Unknown stage id. Known ids: seq2seq, similarity, tokens, embedding, projection, scores, scale, "
                "mask, softmax, weighting, output, training."};
    stage_ = s;
    return {};
}

void Session::next() {
    if (stage_index() + 1 < kStageCount) stage_ = static_cast<Stage>(stage_index() + 1);
}

void Session::prev() {
    if (stage_index() > 0) stage_ = static_cast<Stage>(stage_index() - 1);
}

Status Session::set_mask(MaskKind m) {
    Config c = config_;
    c.mask = m;
    return recompute(trace_.tokens, c, weights_);
}

Status Session::set_dims(int d_model, int d_k) {
    if (learned_ && (d_model != config_.d_model || d_k != config_.d_k)) unload_model();  // other sizes: untrained
    Config c = config_;
    c.d_model = d_model;
    c.d_k = d_k;
    if (std::string e = validate(c); !e.empty()) return {e};
    return recompute(trace_.tokens, c, init_weights(d_model, d_k, c.weight_seed));
}

Status Session::set_temperature(float t) {
    Config c = config_;
    c.temperature = t;
    return recompute(trace_.tokens, c, weights_);
}

// ---- trained models ------------------------------------------------------------------------------

void Session::use_learned(const Task& task, const Params<float>& p) {
    learned_ = true;
    learned_task_.id = task.id;
    learned_task_.vocab = task.vocab;
    learned_task_.answers = task.answers;
    learned_task_.shape = task.shape;
    learned_task_.test = task.test;  // its sentences, for the training view's example
    learned_params_ = p;
    if (task.id == "apple") apple_cloud_ = capiton::apple_cloud(learned_task_, p);
    Config c = config_;
    c.d_model = task.shape.d_model;
    c.d_k = task.shape.d_k;
    c.positional = true;
    (void)recompute(trace_.tokens, c, Weights{p.W_Q, p.W_K, p.W_V});
}

Status Session::train(std::string_view task, float lr, int d_k) {
    if (make_task(std::string(task), 1).id.empty()) return {"Unknown task. Known tasks: apple, lookback, birdsky."};
    if (!(lr > 0.0f && lr <= 1.0f)) return {"The learning rate must be between 0 and 1."};
    if (d_k < 1 || d_k > 64) return {"d_k must be between 1 and 64 for training."};
    if (!trainer_ || trainer_->task.id != task || trainer_->task.shape.d_k != d_k) {
        trainer_ = std::make_unique<Trainer>(std::string(task), lr, d_k, true, 1);
        training_ = TrainingState{};
        training_.task = std::string(task);
        training_.accuracy = accuracy(trainer_->params, trainer_->task.shape, trainer_->task.test);
        training_.accuracies.push_back(training_.accuracy);
    }
    trainer_->adam.lr = lr;
    training_.running = true;
    training_.preset = false;
    use_learned(trainer_->task, trainer_->params);
    return {};
}

void Session::pause() { training_.running = false; }

void Session::train_slice(int steps) {
    if (!trainer_ || !learned_ || steps <= 0) return;
    for (int k = 0; k < steps; ++k) {
        trainer_->run(1);
        training_.losses.push_back(trainer_->last_loss);
        if (trainer_->step % kAccuracyEvery == 0)
            training_.accuracies.push_back(accuracy(trainer_->params, trainer_->task.shape, trainer_->task.test));
    }
    training_.step = trainer_->step;
    training_.loss = trainer_->last_loss;
    for (int k = 0; k < 3; ++k)  // W_Q, W_K, W_V are tensors 1, 2, 3
        training_.moved[k] = relative_change(trainer_->params.tensor(k + 1), trainer_->start.tensor(k + 1));
    training_.accuracy = training_.accuracies.back();
    use_learned(trainer_->task, trainer_->params);
}

Status Session::load_preset(std::string_view task) {
    const PresetRun* run = preset_run(std::string(task));
    Params<float> p;
    if (!run || !load_preset_params(std::string(task), &p)) return {"Unknown task. Known tasks: apple, lookback, birdsky."};
    Task t = make_task(run->task, run->seed);
    t.shape.d_k = run->d_k;
    trainer_.reset();
    training_ = TrainingState{};
    training_.task = std::string(task);
    training_.step = run->steps;
    training_.preset = true;
    std::vector<Example> all = t.test;
    Params<float> g;
    training_.loss = loss_and_grad(p, t.shape, all, g);
    training_.accuracy = accuracy(p, t.shape, t.test);
    use_learned(t, p);
    return {};
}

void Session::unload_model() {
    if (!learned_) return;
    learned_ = false;
    trainer_.reset();
    training_ = TrainingState{};
    Config c = config_;
    c.d_model = Config{}.d_model;
    c.d_k = Config{}.d_k;
    (void)recompute(trace_.tokens, c, init_weights(c.d_model, c.d_k, c.weight_seed));
}

bool Session::training_example(int index, Forward<float>* f, std::vector<std::string>* words) const {
    if (!learned_ || learned_task_.test.empty()) return false;
    index = std::clamp(index, 0, static_cast<int>(learned_task_.test.size()) - 1);
    const Example& ex = learned_task_.test[static_cast<std::size_t>(index)];
    *f = forward(learned_params_, learned_task_.shape, ex);
    words->clear();
    for (int id : ex.ids) words->push_back(learned_task_.vocab[static_cast<std::size_t>(id)]);
    return true;
}

void Session::start_race() {
    race_ = std::make_unique<ScalingRace>();
    race_running_ = true;
}

void Session::resume_race() {
    if (!race_) race_ = std::make_unique<ScalingRace>();
    race_running_ = !race_->done();
}

void Session::race_slice(int steps) {
    if (!race_ || !race_running_) return;
    race_->run(steps);
    if (race_->done()) race_running_ = false;
}

SoftmaxDemo Session::softmax_demo(int row, float boost) const {
    std::vector<float> logits;
    if (row >= 0 && row < trace_.masked.rows())
        for (Eigen::Index j = 0; j < trace_.masked.cols(); ++j)
            logits.push_back(trace_.masked(row, j) / config_.temperature * boost);
    return capiton::softmax_demo(logits);
}

Status Session::select_token(int index) {
    if (index < -1 || index >= static_cast<int>(trace_.tokens.size())) return {"No token has that index."};
    selected_ = index;
    return {};
}

Status Session::set_language(std::string_view lang) {
    if (lang != "en" && lang != "zh") return {"Unknown language: use \"en\" or \"zh\"."};
    language_ = std::string(lang);
    return {};
}

Status Session::set_layer(std::string_view layer, bool on) {
    for (const char* id : kLayerIds)
        if (layer == id) {
            if (on) layers_.insert(id);
            else layers_.erase(id);
            return {};
        }
    return {"Unknown layer. Known layers: search, signifier, apple, qkv."};
}

Status Session::set_theme(std::string_view theme) {
    if (theme != "light" && theme != "dark") return {"Unknown theme: use \"light\" or \"dark\"."};
    theme_ = std::string(theme);
    return {};
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

SharedComparison Session::shared_comparison() const {
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

Status Session::answer(std::string_view id, int choice) {
    Stage st;
    Question q;
    if (!stage_from_id(id, &st) || !question_for(*this, st, &q)) return {"That stage has no question."};
    if (choice < 0 || choice >= static_cast<int>(q.options.size())) return {"No such option."};
    answers_[st] = choice;
    return {};
}

int Session::answer_of(Stage st) const {
    const auto it = answers_.find(st);
    return it == answers_.end() ? -1 : it->second;
}

std::string Session::answers_text() const {
    std::string o;
    for (const auto& [st, choice] : answers_) {
        if (!o.empty()) o += ',';
        o += std::string(stage_id(st)) + ":" + std::to_string(choice);
    }
    return o;
}

void Session::restore_answers(std::string_view text) {
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view part = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        const std::size_t colon = part.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string_view num = part.substr(colon + 1);
        if (num.empty() || num.size() > 2 || num.find_first_not_of("0123456789") != std::string_view::npos) continue;
        (void)answer(part.substr(0, colon), std::stoi(std::string(num)));
    }
}

int Session::annotated_query() const {
    const int n = static_cast<int>(trace_.tokens.size());
    if (selected_ >= 0 && selected_ < n) return selected_;
    return std::min(3, n - 1);
}

Focus Session::focus_of(int query) const {
    Focus f;
    if (query < 0 || query >= trace_.weights.rows()) return f;
    for (Eigen::Index j = 0; j < trace_.weights.cols(); ++j)
        if (trace_.weights(query, j) > f.weight) {
            f.weight = trace_.weights(query, j);
            f.key = static_cast<int>(j);
        }
    return f;
}

std::string Session::state_json() const {
    using json::append_matrix;
    using json::append_string;
    std::string o;
    o.reserve(4096 + 64 * static_cast<std::size_t>(trace_.weights.size()));
    o += "{\"stage\":";
    append_string(o, stage_id(stage_));
    o += ",\"stageIndex\":" + std::to_string(stage_index());
    o += ",\"stages\":[";
    for (int i = 0; i < kStageCount; ++i) {
        if (i) o += ',';
        append_string(o, kStageIds[i]);
    }
    o += "],\"sentence\":";
    append_string(o, sentence_);
    o += ",\"tokens\":";
    json::append_strings(o, trace_.tokens);
    o += ",\"lang\":";
    append_string(o, language_);
    o += ",\"d_model\":" + std::to_string(config_.d_model);
    o += ",\"d_k\":" + std::to_string(config_.d_k);
    o += ",\"t\":";
    json::append_number(o, config_.temperature);
    o += ",\"mask\":";
    append_string(o, mask_id(config_.mask));
    o += ",\"selectedToken\":" + std::to_string(selected_);
    o += ",\"theme\":";
    append_string(o, theme_);
    o += ",\"layers\":[";
    bool first_layer = true;
    for (const char* id : kLayerIds)  // in the fixed order of kLayerIds
        if (layers_.count(id)) {
            if (!first_layer) o += ',';
            first_layer = false;
            append_string(o, id);
        }
    o += "]";
    o += ",\"answers\":{";
    bool first_answer = true;
    for (const auto& [st, choice] : answers_) {
        Question q;
        if (!question_for(*this, st, &q)) continue;
        if (!first_answer) o += ',';
        first_answer = false;
        append_string(o, stage_id(st));
        o += ":{\"choice\":" + std::to_string(choice) + ",\"correct\":" + (choice == q.correct ? "true" : "false") + "}";
    }
    o += "}";
    o += ",\"seq2seq\":{\"length\":" + std::to_string(seq2seq_length_) + ",\"tokens\":";
    json::append_strings(o, seq2seq_.tokens);
    o += ",\"influence\":";
    json::append_floats(o, seq2seq_.influence);
    const Similarity sim = similarity();
    o += "},\"similarity\":{\"a\":[";
    json::append_number(o, sim_[0]);
    o += ',';
    json::append_number(o, sim_[1]);
    o += "],\"b\":[";
    json::append_number(o, sim_[2]);
    o += ',';
    json::append_number(o, sim_[3]);
    o += "],\"dot\":";
    json::append_number(o, sim.dot);
    o += ",\"cosine\":";
    json::append_number(o, sim.cosine);
    o += '}';
    o += ",\"training\":";
    if (const TrainingState* t = training()) {
        o += "{\"task\":";
        append_string(o, t->task);
        o += ",\"step\":" + std::to_string(t->step) + ",\"loss\":";
        json::append_number(o, t->loss);
        o += ",\"accuracy\":";
        json::append_number(o, t->accuracy);
        o += std::string(",\"running\":") + (t->running ? "true" : "false");
        o += std::string(",\"preset\":") + (t->preset ? "true" : "false");
        o += ",\"moved\":{";
        for (int k = 0; k < 3; ++k) {
            o += k ? ",\"" : "\"";
            o += Params<float>::name(k + 1);
            o += "\":";
            json::append_number(o, t->moved[k]);
        }
        o += '}';
        if (const AppleCloud* c = apple_cloud()) {
            o += ",\"appleCloud\":{\"separated\":";
            json::append_number(o, c->separated);
            o += ",\"explained\":";
            json::append_number(o, c->plane.explained);
            o += '}';
        }
        o += '}';
    } else {
        o += "null";
    }
    o += ",\"scalingRace\":";
    if (const ScalingRace* r = race()) {
        o += "{\"step\":" + std::to_string(r->step()) + ",\"steps\":" + std::to_string(ScalingRace::kSteps) +
             ",\"d_k\":" + std::to_string(ScalingRace::kDk) + ",\"running\":" + (race_running_ ? "true" : "false");
        const Trainer* runs[2] = {&r->scaled, &r->raw};
        for (int k = 0; k < 2; ++k) {
            o += k ? ",\"raw\":{\"loss\":" : ",\"scaled\":{\"loss\":";
            if (runs[k]->step) json::append_number(o, runs[k]->last_loss);
            else o += "null";
            o += ",\"accuracy\":";
            if (r->accuracy[k] >= 0.0f) json::append_number(o, r->accuracy[k]);
            else o += "null";
            o += '}';
        }
        o += '}';
    } else {
        o += "null";
    }
    o += ",\"matrices\":{";
    const std::pair<const char*, const Matrix*> mats[] = {
        {"X", &trace_.X},           {"W_Q", &weights_.W_Q},       {"W_K", &weights_.W_K},
        {"W_V", &weights_.W_V},     {"Q", &trace_.Q},             {"K", &trace_.K},
        {"V", &trace_.V},           {"scores", &trace_.scores},   {"scaled", &trace_.scaled},
        {"masked", &trace_.masked}, {"weights", &trace_.weights}, {"output", &trace_.output},
        {"embedding", &trace_.token_embedding}, {"position", &trace_.position},
        {"context", &seq2seq_.decoder_inputs}};
    bool first = true;
    for (const auto& [name, m] : mats) {
        if (!first) o += ',';
        first = false;
        append_string(o, name);
        o += ':';
        append_matrix(o, *m);
    }
    o += "}}";
    return o;
}

}  // namespace capiton
