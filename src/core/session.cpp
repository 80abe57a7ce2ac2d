#include "session.h"

#include <cstdio>

#include "json.h"
#include "tokenizer.h"

namespace capiton {

namespace {
constexpr const char* kStageIds[kStageCount] = {"tokens", "embedding", "projection", "scores", "scale",
                                                "mask",   "softmax",   "weighting",  "output"};
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
    const Status s = set_sentence(kDefaultSentence);
    (void)s;  // the default sentence is valid (tested)
}

Status Session::recompute(const std::vector<std::string>& tokens, const Config& c, const Weights& w) {
    if (std::string e = validate(c); !e.empty()) return {e};
    trace_ = forward(tokens, w, c);
    config_ = c;
    weights_ = w;
    if (selected_ >= static_cast<int>(tokens.size())) selected_ = -1;
    return {};
}

Status Session::set_sentence(std::string_view text) {
    TokenizeResult r = tokenize(text);
    if (!r.ok()) return {r.error, r.error_key, {r.error_args[0], r.error_args[1]}};
    Status s = recompute(r.tokens, config_, weights_);
    if (s.ok()) sentence_ = std::string(text);
    return s;
}

Status Session::go_to(std::string_view id) {
    Stage s;
    if (!stage_from_id(id, &s)) return {"Unknown stage id. Known ids: tokens, embedding, projection, scores, "
                                        "scale, mask, softmax, weighting, output."};
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
    Config c = config_;
    c.d_model = d_model;
    c.d_k = d_k;
    if (std::string e = validate(c); !e.empty()) return {e};
    return recompute(trace_.tokens, c, init_weights(d_model, d_k, c.weight_seed));
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
    o += ",\"tokens\":[";
    for (std::size_t i = 0; i < trace_.tokens.size(); ++i) {
        if (i) o += ',';
        append_string(o, trace_.tokens[i]);
    }
    o += "],\"lang\":";
    append_string(o, language_);
    o += ",\"d_model\":" + std::to_string(config_.d_model);
    o += ",\"d_k\":" + std::to_string(config_.d_k);
    o += ",\"mask\":";
    append_string(o, mask_id(config_.mask));
    o += ",\"selectedToken\":" + std::to_string(selected_);
    o += ",\"matrices\":{";
    const std::pair<const char*, const Matrix*> mats[] = {
        {"X", &trace_.X},           {"W_Q", &weights_.W_Q},       {"W_K", &weights_.W_K},
        {"W_V", &weights_.W_V},     {"Q", &trace_.Q},             {"K", &trace_.K},
        {"V", &trace_.V},           {"scores", &trace_.scores},   {"scaled", &trace_.scaled},
        {"masked", &trace_.masked}, {"weights", &trace_.weights}, {"output", &trace_.output},
        {"embedding", &trace_.token_embedding}, {"position", &trace_.position}};
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
