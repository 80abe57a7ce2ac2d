#include "poem_stage.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "tokenizer.h"

namespace capiton {

const char* default_poem_prompt(Language lang) {
    // 床前明月光，(Li Bai, "Quiet Night Thought": in every Chinese schoolbook) / "The sea is"
    return lang == Language::Zh ? "\xe5\xba\x8a\xe5\x89\x8d\xe6\x98\x8e\xe6\x9c\x88\xe5\x85\x89\xef\xbc\x8c"
                                : "The sea is";
}

HeadKind head_kind(float induction, float previous, float punctuation) {
    if (induction >= kHeadScoreShare) return HeadKind::Induction;
    if (previous >= kHeadScoreShare) return HeadKind::Previous;
    if (punctuation >= kPunctuationShare) return HeadKind::Punctuation;
    return HeadKind::Mixed;
}

// ---- base64 ---------------------------------------------------------------------------------------

namespace {
constexpr const char* kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}
}  // namespace

std::string base64_encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < in.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, in.size() - i);
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 3; ++k) v = (v << 8) | (k < n ? static_cast<unsigned char>(in[i + k]) : 0u);
        for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kBase64[(v >> (18 - 6 * k)) & 63u] : '=';
    }
    return out;
}

bool base64_decode(std::string_view in, std::string* out) {
    if (in.size() % 4 != 0) return false;
    std::string o;
    o.reserve(in.size() / 4 * 3);
    for (std::size_t i = 0; i < in.size(); i += 4) {
        std::uint32_t v = 0;
        int pad = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = in[i + k];
            int x = 0;
            if (c == '=' && i + 4 == in.size() && k >= 2) {
                ++pad;
            } else {
                if (pad > 0 || (x = base64_value(c)) < 0) return false;
            }
            v = (v << 6) | static_cast<std::uint32_t>(x);
        }
        o += static_cast<char>((v >> 16) & 0xFFu);
        if (pad < 2) o += static_cast<char>((v >> 8) & 0xFFu);
        if (pad < 1) o += static_cast<char>(v & 0xFFu);
    }
    *out = std::move(o);
    return true;
}

// ---- training -------------------------------------------------------------------------------------

PoemJob::PoemJob(std::shared_ptr<const PoemCorpus> corpus, const GptRun& run) : corpus_(std::move(corpus)), run_(run) {
    fresh();
}

std::unique_ptr<PoemJob> make_poem_job(std::shared_ptr<const PoemCorpus> corpus) {
    return std::make_unique<PoemJob>(std::move(corpus));
}

void PoemJob::fresh() {
    trainer_ = std::make_unique<GptTrainer>(run_, *corpus_);
    progress_ = PoemProgress{};
    ++run_id_;
}

const InductionReport& PoemJob::report() {
    if (report_run_ != run_id_ || report_step_ != trainer_->step) {
        report_ = induction_report(trainer_->params, trainer_->shape(), kInductionPeriod, kInductionSequences, kInductionSeed);
        report_run_ = run_id_;
        report_step_ = trainer_->step;
    }
    return report_;
}

void PoemJob::one_step() {
    const int rows = trainer_->rows_at(trainer_->step);
    const auto start = std::chrono::steady_clock::now();
    trainer_->run(1);
    PoemProgress& p = progress_;
    p.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    p.characters += static_cast<double>(rows) * run_.shape.context;
    p.step = trainer_->step;
    p.losses.push_back(trainer_->losses.back());
    const GptShape& sh = trainer_->shape();
    if (p.step % kPoemHeldEvery == 0)
        p.measures.push_back({p.step, stream_loss(trainer_->params, sh, corpus_->held_zh), report().best_induction().induction});
    if (p.step % kPoemSampleEvery == 0) {
        // a line from the text start and the first character of a held-out Chinese poem (one each time)
        std::vector<int> firsts;
        for (std::size_t k = 1; k < corpus_->held_zh.size(); ++k)
            if (corpus_->held_zh[k - 1] == kTextStartId) firsts.push_back(corpus_->held_zh[k]);
        const int first =
            firsts.empty() ? kTextStartId : firsts[static_cast<std::size_t>(p.step / kPoemSampleEvery) % firsts.size()];
        std::vector<int> line = {first};
        const std::vector<int> more = gpt_generate(trainer_->params, sh, {kTextStartId, first}, kPoemSampleChars - 1,
                                                   kFormTemperature, static_cast<std::uint64_t>(p.step));
        line.insert(line.end(), more.begin(), more.end());
        if (!line.empty() && line.back() == kTextStartId) line.pop_back();
        p.sample = corpus_->vocab.decode(line);
        p.sample_step = p.step;
    }
    if (p.step >= kPoemMaxSteps) p.running = false;
}

void PoemJob::act(PoemAction a) {
    switch (a) {
        case PoemAction::Start:
            progress_.running = progress_.step < kPoemMaxSteps;
            break;
        case PoemAction::Pause:
            progress_.running = false;
            break;
        case PoemAction::Step:
            progress_.running = false;
            if (progress_.step < kPoemMaxSteps) one_step();
            break;
        case PoemAction::Restart:
            fresh();
            break;
    }
}

void PoemJob::slice(int steps) {
    for (int k = 0; k < steps && progress_.running; ++k) one_step();
}

std::string PoemJob::weights_bytes() const {
    GptPresetFile f;
    f.shape = trainer_->shape();
    f.vocab = corpus_->vocab;
    f.params = trainer_->params;
    return gpt_preset_bytes(f);
}

// ---- the worker's side ----------------------------------------------------------------------------

void PoemWorkerSide::set_corpus(std::string_view train_tsv, std::string_view held_tsv) {
    auto c = std::make_shared<PoemCorpus>(make_poem_corpus(train_tsv, held_tsv, kGptPreset.min_count));
    if (c->train.empty() || c->held_zh.empty()) {
        corpus_failed("no poems in them");
        return;
    }
    corpus_ = std::move(c);
    error_.clear();
}

Status PoemWorkerSide::act(PoemAction a) {
    if (!corpus_) {
        if (error_.empty()) error_ = "The poem texts are not loaded.";
        error_sent_ = false;
        return {error_};
    }
    if (!job_) job_ = std::make_unique<PoemJob>(corpus_, run_);
    job_->act(a);
    return {};
}

void PoemWorkerSide::write_snapshot(json::Writer& w) {
    if (!job_) {
        if (!error_.empty() && !error_sent_) {
            w.begin_object().key("error").string(error_).end_object();
            error_sent_ = true;
        } else {
            w.null();
        }
        return;
    }
    const PoemProgress& p = job_->progress();
    if (job_->run_id() != run_id_) {
        run_id_ = job_->run_id();
        weights_step_ = -1;
        losses_sent_ = measures_sent_ = 0;
        sample_sent_ = -2;
    }
    w.begin_object().key("step").integer(p.step).key("running").boolean(p.running).key("seconds").number(p.seconds);
    w.key("characters").number(p.characters);
    w.key("from").integer(static_cast<long long>(losses_sent_)).key("losses").begin_array();
    for (std::size_t i = losses_sent_; i < p.losses.size(); ++i) w.number(p.losses[i]);
    w.end_array();
    w.key("measuresFrom").integer(static_cast<long long>(measures_sent_)).key("measures").begin_array();
    for (std::size_t i = measures_sent_; i < p.measures.size(); ++i)
        w.integer(p.measures[i].step).number(p.measures[i].held).number(p.measures[i].induction);
    w.end_array();
    losses_sent_ = p.losses.size();
    measures_sent_ = p.measures.size();
    if (p.sample_step != sample_sent_) {
        w.key("sample").string(p.sample).key("sampleStep").integer(p.sample_step);
        sample_sent_ = p.sample_step;
    }
    if (p.step != weights_step_ && (!p.running || weights_step_ < 0 || p.step - weights_step_ >= kPoemWeightsEvery)) {
        weights_step_ = p.step;
        // the heads' measures with them: the page need not run them between frames
        const InductionReport& r = job_->report();
        w.key("report").begin_array();
        for (const HeadScore& h : r.heads) w.number(h.induction).number(h.previous);
        w.number(r.first_copy_loss).number(r.second_copy_loss).end_array();
        w.key("period").integer(r.period);
        w.key("weights").string(base64_encode(job_->weights_bytes()));
    }
    w.end_object();
}

// ---- the stage ------------------------------------------------------------------------------------

void PoemStage::begin_loading() {
    if (status_ == PoemModelStatus::Absent || status_ == PoemModelStatus::Failed) {
        status_ = PoemModelStatus::Loading;
        error_.clear();
    }
}

void PoemStage::preset_failed(const std::string& reason) {
    if (status_ == PoemModelStatus::Ready) return;
    status_ = PoemModelStatus::Failed;
    reason_ = reason;
    error_ = "The poem model could not be loaded (" + reason + ").";
}

Status PoemStage::load_preset(std::string_view bytes) {
    auto f = std::make_shared<GptPresetFile>();
    if (!load_gpt_preset(bytes, f.get())) {
        preset_failed("the file is not a poem model");
        return {error_};
    }
    if (f->shape.context < kPoemMinContinuation + 2) {
        preset_failed("its context is too short");
        return {error_};
    }
    preset_ = std::move(f);
    if (source_ == PoemSource::Preset || !have_training_model_) {
        source_ = PoemSource::Preset;
        adopt(*preset_, true);
    }
    status_ = PoemModelStatus::Ready;  // once the model is in use
    error_.clear();
    return {};
}

int PoemStage::max_prompt() const {
    return shape_ ? shape_->context - 1 - kPoemMinContinuation : 0;
}

std::string PoemStage::label(int id) const {
    if (id == kTextStartId) return "\xc2\xb6";  // ¶: the text start (a line break in the corpus)
    if (!vocab_ || id < 0 || id >= vocab_->size()) return "?";
    const char32_t c = vocab_->chars[static_cast<std::size_t>(id)];
    if (c == U' ') return "\xc2\xb7";  // ·: a space made visible
    return utf8_of(c);
}

std::vector<std::string> PoemStage::text_labels() const {
    std::vector<std::string> out;
    for (int id : text_) out.push_back(label(id));
    return out;
}

Status PoemStage::not_ready() {
    if (status_ == PoemModelStatus::Failed) return {error_};
    if (status_ == PoemModelStatus::Loading) return {"The poem model is still loading."};
    asked_ = true;
    return {"The poem model's file was not loaded yet (the poems stage was never shown): it is being fetched now; "
            "try again when state().poems.status is \"ready\"."};
}

Status PoemStage::generate(std::string_view prompt, float temperature, std::uint64_t seed) {
    if (!ready()) return not_ready();
    if (!(temperature == 0.0f || (temperature >= kPoemMinTemperature && temperature <= kPoemMaxTemperature)))
        return {"The temperature must be 0 (greedy) or between 0.1 and 2."};
    if (seed < 1 || seed > kPoemMaxSeed) return {"The seed must be a whole number from 1 to 1000000."};
    if (!prompt.empty()) {
        // The English texts here are those of src/ui/lang/en.txt (the UI shows the catalog's, by key).
        const auto too_long = [&]() -> Status {
            return {"The start of a line can have at most " + std::to_string(max_prompt()) + " characters for this model.",
                    "poems.error_too_long", {static_cast<unsigned long>(max_prompt()), 0}};
        };
        const TokenizeResult t = tokenize(prompt);  // the sentence box's checks: UTF-8, invisible characters, length
        const std::string_view key = t.error_key ? t.error_key : "";
        if (key == "error.spaces")
            return {"The start of a line has only spaces: type a few characters.", "poems.error_spaces"};
        if (key == "error.too_many" || key == "error.too_long") return too_long();  // the limit below, said once
        if (!t.ok()) return {t.error, t.error_key, {t.error_args[0], t.error_args[1]}};
        // a line break is the model's text start (kTextStart): typed, it would begin another text
        if (prompt.find_first_of("\n\r\t") != std::string_view::npos)
            return {"The start of a line cannot hold a line break or a tab.", "poems.error_break"};
        const int chars = static_cast<int>(vocab_->encode(prompt).size());
        if (chars > max_prompt()) return too_long();
    }
    prompt_ = std::string(prompt);
    prompt_set_ = true;
    temperature_ = temperature;
    seed_ = seed;
    regenerate();
    return {};
}

Status PoemStage::select_head(int layer, int head) {
    if (!ready()) return not_ready();
    if (layer < 0 || layer >= kGptLayers || head < 0 || head >= shape_->heads)
        return {"No such head: the poem model has " + std::to_string(kGptLayers) + " layers of " +
                std::to_string(shape_->heads) + " heads."};
    layer_ = layer;
    head_ = head;
    compute_step();
    return {};
}

Status PoemStage::select_step(int step) {
    if (!ready()) return not_ready();
    if (step < 0 || step >= steps())
        return {"No such step: the model wrote " + std::to_string(steps()) + " characters."};
    step_index_ = step;
    compute_step();
    return {};
}

void PoemStage::set_language(Language l) {
    lang_ = l;
    if (!prompt_set_ && ready()) regenerate();
}

Status PoemStage::use_preset() {
    if (!ready()) return not_ready();
    if (progress_ && progress_->running) return {"Pause the training first."};
    source_ = PoemSource::Preset;
    adopt(*preset_, true);
    return {};
}

void PoemStage::adopt(const GptPresetFile& m, bool recompute_report, const InductionReport* report) {
    shape_ = &m.shape;
    vocab_ = &m.vocab;
    params_ = &m.params;
    if (report)
        report_ = *report;
    else if (recompute_report)
        report_ = induction_report(m.params, m.shape, kInductionPeriod, kInductionSequences, kInductionSeed);
    layer_ = std::min(layer_, kGptLayers - 1);
    head_ = std::min(head_, m.shape.heads - 1);
    prompt_ = fitted(prompt_);  // a prompt longer than this model takes (another context): its end is kept
    regenerate();
}

std::string PoemStage::fitted(const std::string& prompt) const {
    const std::vector<int> ids = vocab_->encode(prompt);
    if (static_cast<int>(ids.size()) <= max_prompt()) return prompt;
    // cut at a character boundary of the text itself (unknown characters decode as U+FFFD)
    std::size_t at = 0;
    for (int skip = static_cast<int>(ids.size()) - max_prompt(); skip > 0 && at < prompt.size(); --skip) {
        char32_t c = 0;
        const int len = decode_utf8(prompt, at, &c);
        at += static_cast<std::size_t>(std::max(len, 1));
    }
    return prompt.substr(at);
}

void PoemStage::regenerate() {
    if (!prompt_set_) prompt_ = fitted(default_poem_prompt(lang_));
    const std::vector<int> prompt_ids = vocab_->encode(prompt_);
    prompt_length_ = static_cast<int>(prompt_ids.size());
    unknown_ = static_cast<int>(std::count(prompt_ids.begin(), prompt_ids.end(), kUnknownId));
    unknown_list_ = vocab_->unknown_in(prompt_);
    std::vector<int> start = {kTextStartId};
    start.insert(start.end(), prompt_ids.begin(), prompt_ids.end());
    const int count = std::min(kPoemContinuation, shape_->context - static_cast<int>(start.size()));
    const std::vector<int> more = gpt_generate(*params_, *shape_, start, count, temperature_, seed_, -1);
    continuation_ = vocab_->decode(more);
    text_ = start;
    text_.insert(text_.end(), more.begin(), more.end());  // n ≤ context: one pass sees what generation saw
    step_index_ = std::clamp(step_index_, 0, std::max(steps() - 1, 0));
    compute_view();
}

namespace {
bool punctuation_id(const CharVocab& v, int id) {
    if (id == kTextStartId) return true;
    if (id < 0 || id >= v.size()) return false;
    static const std::u32string marks = [] {
        std::u32string m;
        const std::string_view p = kPoemPunctuation;
        for (std::size_t i = 0; i < p.size();) {
            char32_t c = 0;
            const int len = decode_utf8(p, i, &c);
            m += c;
            i += static_cast<std::size_t>(std::max(len, 1));
        }
        return m;
    }();
    return marks.find(v.chars[static_cast<std::size_t>(id)]) != std::u32string::npos;
}
}  // namespace

void PoemStage::compute_view() {
    const int n = static_cast<int>(text_.size());
    GptBatch b;
    b.batch = 1;
    b.n = n;
    b.tokens = text_;
    pass_ = gpt_forward(*params_, *shape_, b);  // the step view reads it too (compute_step)
    const GptPass<float>& f = pass_;
    heads_.clear();
    std::vector<bool> marks(static_cast<std::size_t>(n));
    for (int j = 0; j < n; ++j)
        marks[static_cast<std::size_t>(j)] = punctuation_id(*vocab_, text_[static_cast<std::size_t>(j)]);
    for (int l = 0; l < kGptLayers; ++l)
        for (int h = 0; h < shape_->heads; ++h) {
            PoemHead ph;
            ph.layer = l;
            ph.head = h;
            ph.weights = f.weights(l, 0, h, shape_->heads);
            double sum = 0.0;
            for (int i = 1; i < n; ++i)
                for (int j = 0; j <= i; ++j)
                    if (marks[static_cast<std::size_t>(j)]) sum += static_cast<double>(ph.weights(i, j));
            ph.punctuation = n > 1 ? static_cast<float>(sum / (n - 1)) : 0.0f;
            for (const HeadScore& s : report_.heads)
                if (s.layer == l && s.head == h) {
                    ph.induction = s.induction;
                    ph.previous = s.previous;
                }
            ph.kind = head_kind(ph.induction, ph.previous, ph.punctuation);
            heads_.push_back(std::move(ph));
        }
    compute_step();
}

void PoemStage::compute_step() {
    PoemStep& s = step_;
    s = PoemStep{};
    if (steps() <= 0 || pass_.logits.rows() != static_cast<Eigen::Index>(text_.size())) return;  // no pass over text_ yet
    const GptPass<float>& f = pass_;  // compute_view's pass over text_: a new head or step needs no other
    const int dk = shape_->d_k();
    s.step = step_index_;
    s.row = prompt_length_ + step_index_;
    s.layer = layer_;
    s.head = head_;
    const GptLayerPass<float>& L = f.layers[static_cast<std::size_t>(layer_)];
    const int r = s.row, c0 = head_ * dk;
    s.q = L.Q.block(r, c0, 1, dk);      // (1, d_k)
    s.K = L.K.block(0, c0, r + 1, dk);  // (r + 1, d_k)
    s.V = L.V.block(0, c0, r + 1, dk);  // (r + 1, d_k)
    s.scores = s.q * s.K.transpose();   // (1, r + 1) = q·Kᵀ
    s.scaled = s.scores / std::sqrt(static_cast<float>(dk));
    s.weights =
        f.weights(layer_, 0, head_, shape_->heads).block(r, 0, 1, r + 1);  // softmax(scaled), as the pass has it
    s.output = L.C.block(r, c0, 1, dk);  // weights·V, the head's columns of the concat
    // the next character: softmax(logits[r] / T) over the characters writing may choose (as
    // gpt_generate: never the unknown character, which stands for none in particular)
    const float t = temperature_ > 0.0f ? temperature_ : 1.0f;
    Eigen::RowVectorXf logits = f.logits.row(r) / t;
    logits(kUnknownId) = -std::numeric_limits<float>::infinity();
    Eigen::RowVectorXf p = (logits.array() - logits.maxCoeff()).exp().matrix();
    p /= p.sum();
    std::vector<int> order(static_cast<std::size_t>(p.size()));
    for (int i = 0; i < static_cast<int>(order.size()); ++i) order[static_cast<std::size_t>(i)] = i;
    const int top = std::min<int>(kPoemTopNext, static_cast<int>(order.size()));
    std::partial_sort(order.begin(), order.begin() + top, order.end(), [&](int a, int c) { return p(a) > p(c); });
    for (int k = 0; k < top; ++k)
        s.next.emplace_back(order[static_cast<std::size_t>(k)], p(order[static_cast<std::size_t>(k)]));
    const std::vector<int> written = vocab_->encode(continuation_);
    s.chosen =
        step_index_ < static_cast<int>(written.size()) ? written[static_cast<std::size_t>(step_index_)] : kUnknownId;
    s.chosen_p = s.chosen >= 0 && s.chosen < p.size() ? p(s.chosen) : 0.0f;
}

// ---- training, the page's side -------------------------------------------------------------------

void PoemStage::start_run_here() {
    job_ = maker_(corpus_);
    adopted_step_ = -1;
}

Status PoemStage::train(PoemAction a, int request_seq) {
    if (!ready()) return not_ready();
    if (!worker_ && (!corpus_ || !maker_))
        return {
            "Training the poem model needs the poem texts, which only the page's training worker fetches; it could not "
            "start here."};
    training_error_.clear();
    const bool new_run = !progress_ || a == PoemAction::Restart;
    if (a != PoemAction::Pause) source_ = PoemSource::Training;
    if (worker_) {
        if (new_run) {
            progress_ = PoemProgress{};
            run_from_ = request_seq;
            have_training_model_ = false;
        }
        switch (a) {
            case PoemAction::Start:
                progress_->running = true;
                break;
            case PoemAction::Pause:
            case PoemAction::Step:
            case PoemAction::Restart:
                progress_->running = false;
                break;
        }
        return {};
    }
    if (!job_ || a == PoemAction::Restart) start_run_here();
    if (a != PoemAction::Restart) job_->act(a);
    progress_ = job_->progress();
    slice(0);
    return {};
}

void PoemStage::slice(int steps) {
    if (worker_ || !job_) return;
    job_->slice(steps);
    progress_ = job_->progress();
    const int step = job_->progress().step;
    if (step != adopted_step_ && (!job_->running() || adopted_step_ < 0 || step - adopted_step_ >= kPoemWeightsEvery)) {
        adopted_step_ = step;
        training_model_.shape = job_->trainer().shape();
        training_model_.vocab = corpus_->vocab;
        training_model_.params = job_->trainer().params;
        have_training_model_ = true;
        if (source_ == PoemSource::Training) adopt(training_model_, false, &job_->report());
    }
}

namespace {
double num_or(const json::Value& v, std::string_view key, double fallback) {
    const json::Value* x = v.find(key);
    return x && x->is_number() ? x->number : fallback;
}
bool numbers(const json::Value* v, std::vector<double>* out) {
    if (!v || v->type != json::Value::Type::Array) return false;
    out->clear();
    for (const json::Value& x : v->array) {
        if (!x.is_number()) return false;
        out->push_back(x.number);
    }
    return true;
}
}  // namespace

Status PoemStage::receive(const json::Value& part, int seq, bool newest) {
    if (!worker_ || !part.is_object()) return {};
    if (const json::Value* e = part.find("error"); e && e->is_string()) {
        training_error_ = e->string;
        if (progress_) progress_->running = false;
        return {};
    }
    if (!progress_ || seq < run_from_) return {};  // an older run's
    std::vector<double> losses, measures, report;
    const double from = num_or(part, "from", -1), measures_from = num_or(part, "measuresFrom", -1);
    PoemProgress& p = *progress_;
    if (!numbers(part.find("losses"), &losses) || !numbers(part.find("measures"), &measures) || measures.size() % 3 != 0 ||
        from < 0 || from > static_cast<double>(p.losses.size()) || measures_from < 0 ||
        measures_from > static_cast<double>(p.measures.size()))
        return {"A poem training snapshot that does not follow the last one was ignored."};
    for (std::size_t k = 0; k < measures.size(); k += 3)  // (step, held-out loss, induction score)
        if (!(measures[k] >= 1 && measures[k] <= kPoemMaxSteps && measures[k] == std::floor(measures[k])) ||
            !std::isfinite(measures[k + 1]) || !(measures[k + 2] >= 0 && measures[k + 2] <= 1))
            return {"A poem training snapshot with impossible measures was ignored."};
    GptPresetFile model;
    const json::Value* weights = part.find("weights");
    InductionReport r;
    if (weights) {
        std::string bytes;
        if (!weights->is_string() || !base64_decode(weights->string, &bytes) || !load_gpt_preset(bytes, &model) ||
            !numbers(part.find("report"), &report) ||
            report.size() != static_cast<std::size_t>(2 * kGptLayers * model.shape.heads + 2))
            return {"A poem training snapshot with unreadable weights was ignored."};
        for (int l = 0, k = 0; l < kGptLayers; ++l)
            for (int h = 0; h < model.shape.heads; ++h, k += 2)
                r.heads.push_back({l, h, static_cast<float>(report[static_cast<std::size_t>(k)]),
                                   static_cast<float>(report[static_cast<std::size_t>(k + 1)])});
        const double period = num_or(part, "period", 0);  // the period the worker measured
        if (!(period >= 1 && period <= model.shape.context / 2))
            return {"A poem training snapshot with unreadable weights was ignored."};
        r.period = static_cast<int>(period);
        r.first_copy_loss = static_cast<float>(report[report.size() - 2]);
        r.second_copy_loss = static_cast<float>(report.back());
    }
    p.losses.resize(static_cast<std::size_t>(from));
    for (double x : losses) p.losses.push_back(static_cast<float>(x));
    p.measures.resize(static_cast<std::size_t>(measures_from));
    for (std::size_t k = 0; k < measures.size(); k += 3)
        p.measures.push_back({static_cast<int>(measures[k]), static_cast<float>(measures[k + 1]), static_cast<float>(measures[k + 2])});
    // A count the worker sends, as an int: one outside a run's steps leaves the value as it was.
    const auto step_count = [&](const char* key, int was) {
        const double x = num_or(part, key, was);
        return x >= 0 && x <= kPoemMaxSteps ? static_cast<int>(x) : was;
    };
    p.step = step_count("step", p.step);
    p.seconds = std::max(0.0, num_or(part, "seconds", p.seconds));
    p.characters = std::max(0.0, num_or(part, "characters", p.characters));
    if (const json::Value* s = part.find("sample"); s && s->is_string()) {
        p.sample = s->string;
        p.sample_step = step_count("sampleStep", p.sample_step);
    }
    if (newest) {
        const json::Value* running = part.find("running");
        p.running = running && running->is_bool() && running->boolean;
    }
    if (weights) {
        training_model_ = std::move(model);
        have_training_model_ = true;
        if (source_ == PoemSource::Training) adopt(training_model_, false, &r);
    }
    return {};
}

}  // namespace capiton
