#include "session.h"

#include <cstring>

#include "presets.h"
#include "questions.h"
#include "training_wire.h"

namespace capiton {

Session::Session() {
    set_model(ModelKind::Trained);  // the small world drives the lesson from the first screen
    demos_.encode(lesson_.tokens(), lesson_.config());
}

void Session::set_model(ModelKind m) {
    left_at_ = {0, 0};
    use_model(m);
}

void Session::use_model(ModelKind m) {
    const int d_model = lesson_.config().d_model;
    seeded_ = m == ModelKind::Untrained;
    if (seeded_) {
        if (lesson_.model()) lesson_.use_model(std::nullopt);  // already untrained: keep its sizes
    } else if (!lesson_.model()) {
        std::optional<LessonModel> run = training_.lesson_model();  // the student's run, if one is loaded
        lesson_.use_model(run ? std::move(run) : std::optional<LessonModel>(world_model()));
    }
    if (lesson_.config().d_model != d_model) demos_.encode(lesson_.tokens(), lesson_.config());
}

Status Session::set_sentence(std::string_view text) {
    Status s = lesson_.set_sentence(text);
    if (!s.ok()) return s;
    demos_.reset_seq2seq_length(static_cast<int>(lesson_.tokens().size()));
    demos_.encode(lesson_.tokens(), lesson_.config());
    return s;
}

void Session::reset_lesson() {
    const Config first;
    (void)set_sentence(info_of(prefs_.language).default_sentence);  // valid
    (void)select_token(-1);
    (void)set_mask(first.mask);
    (void)set_temperature(first.temperature);
    (void)set_position(first.position);
    set_model(ModelKind::Trained);
}

int Session::stop_at(TaskId task, int d_k) const {
    const int stored = preset_run(task).steps;
    return training_.resumes(task, d_k) && training_.state()->step >= stored ? 0 : stored;
}

std::pair<int, int> Session::trained_sizes() const {
    const Task* run = training_.task();  // the shape alone: no copy of the run's parameters (each frame asks)
    const ModelShape& shape = run ? run->shape : world_model().task.shape;
    return {shape.d_model, shape.d_k};
}

Status Session::set_dims(int d_model, int d_k) {
    const Config c = lesson_.config();
    if (d_model == c.d_model && d_k == c.d_k) return {};  // nothing changes (the trained model stays whole)
    Config next = c;
    next.d_model = d_model;
    next.d_k = d_k;
    if (std::string e = validate(next); !e.empty()) return {e};  // refused: the model stays too
    // back where the trained model was left, and it would come back at those sizes
    if (!lesson_.model() && std::make_pair(d_model, d_k) == left_at_ && trained_sizes() == left_at_) {
        use_model(ModelKind::Trained);
        left_at_ = {0, 0};
    } else {
        if (lesson_.model()) {
            left_at_ = {c.d_model, c.d_k};
            use_model(ModelKind::Untrained);
        }
        Status s = lesson_.set_dims(d_model, d_k);
        if (!s.ok()) return s;
    }
    demos_.encode(lesson_.tokens(), lesson_.config());
    return {};
}

void Session::set_language(Language lang) {
    const Language was = prefs_.language;
    const bool had_default = lesson_.sentence() == info_of(was).default_sentence;
    prefs_.language = lang;
    poems_.set_language(lang);
    if (had_default && lang != was) {
        // the other default sentence, and the word followed in it (bird ↔ 鸟; "the" has none: let go)
        const int at = lesson_.selected_token();
        (void)set_sentence(info_of(lang).default_sentence);  // valid
        (void)lesson_.select_token(at >= 0 && at < kDefaultSentenceWords ? info_of(was).default_links[static_cast<std::size_t>(at)] : -1);
    }
}

Status Session::answer(Stage st, int choice) {
    Question q;
    if (!question_for(lesson_, st, &q)) return {"That stage has no question."};
    if (choice < 0 || choice >= static_cast<int>(q.options.size())) return {"No such option."};
    progress_.answer(st, choice, question_signature(q));
    return {};
}

int Session::answer_of(Stage st) const {
    Question q;
    return question_for(lesson_, st, &q) ? progress_.answer_of(st, question_signature(q)) : -1;
}

std::vector<Session::CurrentAnswer> Session::current_answers() const {
    std::vector<CurrentAnswer> out;
    for (const auto& [st, a] : progress_.answers()) {
        Question q;
        if (!question_for(lesson_, st, &q) || progress_.answer_of(st, question_signature(q)) < 0) continue;  // another question now
        out.push_back({st, a.choice, std::move(q)});
    }
    return out;
}

std::string Session::answers_text() const {
    std::string o;
    for (const CurrentAnswer& a : current_answers()) {
        if (!o.empty()) o += ',';
        o += std::string(id_of(a.stage)) + ":" + std::to_string(a.choice) + "@" + question_tag(a.question);
    }
    return o;
}

void Session::restore_answers(std::string_view text) {
    for (const Progress::Stored& a : Progress::parse(text)) {  // bad parts skipped
        Question q;
        if (!a.tag.empty() && (!question_for(lesson_, a.stage, &q) || question_tag(q) != a.tag)) continue;  // another question's
        (void)answer(a.stage, a.choice);
    }
}

Status Session::set_seq2seq_length(int n) { return demos_.set_seq2seq_length(n, lesson_.tokens(), lesson_.config()); }

void Session::model_changed() {
    if (seeded_) return;  // the run goes on in the training stage; the switch brings it back
    const int d_model = lesson_.config().d_model;
    lesson_.use_model(training_.lesson_model());
    if (lesson_.config().d_model != d_model) demos_.encode(lesson_.tokens(), lesson_.config());
}

Status Session::train(TaskId task, float lr, int d_k, int until) {
    const int run = training_.run_id();
    Status s = training_.train(task, lr, d_k, until);
    if (s.ok()) {
        if (training_.run_id() != run) {  // a new run drives the lesson; a resumed one leaves the switch
            seeded_ = false;
            left_at_ = {0, 0};
        }
        model_changed();
    }
    return s;
}

void Session::train_slice(int steps, bool measure_now) {
    if (!training_.trainer() || !training_.state() || steps <= 0) return;
    training_.slice(steps, measure_now);
    if (training_.place() == TrainingPlace::Here) model_changed();  // else: when the worker's snapshot comes
}

void Session::train_for(double now_ms, int* slice_steps, double budget_ms, int max_steps) {
    if (!training_.trainer() || !training_.state()) return;
    training_.step_for(now_ms, slice_steps, budget_ms, max_steps);
    if (training_.place() == TrainingPlace::Here) model_changed();
}

void Session::set_training_place(TrainingPlace p) {
    const bool had = training_.state() != nullptr;
    training_.set_place(p);
    poems_.set_worker(p == TrainingPlace::Worker);
    if (had) model_changed();
}

Status Session::training_snapshot(std::string_view json_text) {
    json::Value v;
    std::string error;
    if (!json::parse(json_text, &v, &error, json::kMaxSnapshotBytes)) return {error};
    bool changed = false;
    Status s = training_.receive(v, &changed);
    if (changed) model_changed();
    // the poems stage's part, by the same rules: the version of this build, a request already sent
    const json::Value* part = v.is_object() ? v.find("poems") : nullptr;
    const json::Value* version = v.is_object() ? v.find("v") : nullptr;
    const json::Value* seq = v.is_object() ? v.find("seq") : nullptr;
    if (part && version && version->is_number() && version->number == kWireVersion && seq && seq->is_number() &&
        seq->number >= 0 && seq->number <= training_.requests_sent()) {
        const int at = static_cast<int>(seq->number);
        Status ps = poems_.receive(*part, at, at == training_.requests_sent());
        if (!ps.ok() && s.ok()) s = ps;
    }
    return s;
}

Status Session::train_poems(PoemAction a) {
    if (a == PoemAction::Pause && !poems_.progress()) return {};  // nothing to pause
    if (!poems_.worker()) return poems_.train(a);
    // checked before anything is queued: a refused action sends the worker nothing
    if (!poems_.ready()) return poems_.train(a);
    json::Writer w;
    w.begin_object().key("op").string("poems").key("do").string(id_of(a));
    return poems_.train(a, training_.queue_request(w));
}

Status Session::load_preset(TaskId task) {
    Status s = training_.load_preset(task);
    if (s.ok()) {
        seeded_ = false;  // as a new run
        left_at_ = {0, 0};
        model_changed();
    }
    return s;
}

void Session::unload_model() {
    if (!training_.state()) return;
    training_.unload();
    left_at_ = {0, 0};
    model_changed();
}

Language language_for_tag(std::string_view tag) {
    const std::string_view primary = tag.substr(0, tag.find_first_of("-_."));  // "zh" of "zh-CN", "zh_CN.UTF-8"
    for (Language l : all_of<Language>())
        if (primary == id_of(l)) return l;
    return all_of<Language>()[0];
}

}  // namespace capiton
