#include "training_wire.h"

#include <chrono>
#include <cmath>

namespace capiton {

namespace {

double number_or(const json::Value& v, std::string_view key, double fallback) {
    const json::Value* x = v.find(key);
    return x && x->is_number() ? x->number : fallback;
}

int whole_or(const json::Value& v, std::string_view key, int fallback) {
    const double x = number_or(v, key, fallback);
    return std::isfinite(x) && std::abs(x) <= 1e9 ? static_cast<int>(x) : fallback;
}

bool flag(const json::Value& v, std::string_view key) {
    const json::Value* x = v.find(key);
    return x && x->is_bool() && x->boolean;
}

const std::string& text(const json::Value& v, std::string_view key) {
    static const std::string none;
    const json::Value* x = v.find(key);
    return x && x->is_string() ? x->string : none;
}

// A list of numbers (non-finite ones arrive as the strings "NaN", "Infinity", "-Infinity").
bool read_floats(const json::Value* v, std::vector<float>* out) {
    if (!v || v->type != json::Value::Type::Array) return false;
    out->clear();
    out->reserve(v->array.size());
    for (const json::Value& x : v->array) {
        if (x.is_number()) out->push_back(static_cast<float>(x.number));
        else if (x.is_string() && x.string == "NaN") out->push_back(NAN);
        else if (x.is_string() && (x.string == "Infinity" || x.string == "-Infinity"))
            out->push_back(x.string[0] == '-' ? -INFINITY : INFINITY);
        else return false;
    }
    return true;
}

void write_tail(json::Writer& w, const std::vector<float>& list, std::size_t from) {
    w.begin_array();
    for (std::size_t i = from; i < list.size(); ++i) w.number(list[i]);
    w.end_array();
}

// A curve's points from the first the page does not have (all of them when the pairs merged since).
void write_curve(json::Writer& w, const Curve& c, TrainingWorker::Sent* sent) {
    const std::size_t from = c.stride() == sent->stride ? sent->points : 0;
    w.begin_object().key("count").integer(c.count()).key("stride").integer(c.stride()).key("last").number(c.last());
    w.key("from").integer(static_cast<long long>(from)).key("points");
    write_tail(w, c.points(), from);
    w.end_object();
    *sent = {static_cast<std::size_t>(c.completed()), c.stride()};
}

// ---- the page's side ------------------------------------------------------------------------------

// Reads the items of a list after its first `from` (checked against `have`, the items held now).
bool read_tail(const json::Value& part, std::string_view from_key, std::string_view list_key, std::size_t have,
               std::size_t* from, std::vector<float>* items) {
    const int f = whole_or(part, from_key, -1);
    if (f < 0 || static_cast<std::size_t>(f) > have || !read_floats(part.find(list_key), items)) return false;
    *from = static_cast<std::size_t>(f);
    return true;
}

// A curve as write_curve() sent it, applied to a copy of *c (*c is left alone when it does not fit).
bool read_curve(const json::Value& part, std::string_view key, const Curve& c, Curve* out) {
    const json::Value* v = part.find(key);
    std::vector<float> points;
    if (!v || !v->is_object() || !read_floats(v->find("points"), &points)) return false;
    const int from = whole_or(*v, "from", -1), count = whole_or(*v, "count", -1), stride = whole_or(*v, "stride", 0);
    const json::Value* last = v->find("last");
    if (from < 0 || !last || !last->is_number()) return false;
    *out = c;
    return out->replace_from(static_cast<std::size_t>(from), points, count, stride, static_cast<float>(last->number));
}

void replace_tail(std::vector<float>& list, std::size_t from, const std::vector<float>& items) {
    list.resize(from);
    list.insert(list.end(), items.begin(), items.end());
}

}  // namespace

Status Training::receive(const json::Value& s, bool* weights_changed) {
    *weights_changed = false;
    if (place_ != TrainingPlace::Worker) return {};
    if (whole_or(s, "v", 0) != kWireVersion) return {"The training worker belongs to another build."};
    const int seq = whole_or(s, "seq", -1);
    if (seq < 0 || seq > sent_) return {"A training snapshot out of order was ignored."};
    Status result;
    // The run and the race are read apart: a bad part of one leaves the other applied. Everything of a
    // part is checked before any of it is applied; the lists grow in place (a run can be long).
    const json::Value* run = s.find("run");
    if (run && run->is_object() && seq >= run_from_ && trainer_ && active_ && text(*run, "task") == id_of(state_.task)) {
        Curve losses, accuracies;
        std::vector<float> moved;
        Params<float> q;
        const json::Value* p = run->find("params");
        bool ok = read_curve(*run, "losses", state_.losses, &losses) &&
                  read_curve(*run, "accuracies", state_.accuracies, &accuracies) &&
                  read_floats(run->find("moved"), &moved) && moved.size() == kProjections.size();
        if (ok && p && p->type == json::Value::Type::Array) {
            ok = p->array.size() == static_cast<std::size_t>(Params<float>::kTensors);
            if (ok) q = params_;
            for (int t = 0; ok && t < Params<float>::kTensors; ++t) {
                std::vector<float> x;
                Mat<float>& m = q.tensor(t);
                ok = read_floats(&p->array[static_cast<std::size_t>(t)], &x) && x.size() == 2 + static_cast<std::size_t>(m.size()) &&
                     x[0] == static_cast<float>(m.rows()) && x[1] == static_cast<float>(m.cols());
                for (Eigen::Index i = 0; ok && i < m.rows(); ++i)
                    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = x[2 + static_cast<std::size_t>(i * m.cols() + j)];
            }
        }
        if (ok) {
            state_.step = whole_or(*run, "step", state_.step);
            state_.loss = static_cast<float>(number_or(*run, "loss", state_.loss));
            state_.accuracy = static_cast<float>(number_or(*run, "accuracy", state_.accuracy));
            for (std::size_t k = 0; k < moved.size(); ++k) state_.moved[k] = moved[k];
            state_.losses = std::move(losses);
            state_.accuracies = std::move(accuracies);
            if (p && p->type == json::Value::Type::Array) {
                params_ = std::move(q);
                cloud_stale_ = true;
                *weights_changed = true;
            }
            if (seq == sent_) state_.running = flag(*run, "running");
        } else {
            result = {"A training snapshot that does not follow the last one was ignored; the worker sends the whole run again."};
        }
    }
    const json::Value* race = s.find("race");
    if (race && race->is_object() && progress_ && seq >= race_from_) {
        std::size_t from = 0, from_raw = 0;
        std::vector<float> scaled, raw, top, acc;
        if (read_tail(*race, "from", "scaled", progress_->scaled.losses.size(), &from, &scaled) &&
            read_tail(*race, "from", "raw", progress_->raw.losses.size(), &from_raw, &raw) && scaled.size() == raw.size() &&
            read_floats(race->find("top"), &top) && read_floats(race->find("accuracy"), &acc) && top.size() == 2 && acc.size() == 2) {
            RaceProgress& r = *progress_;
            replace_tail(r.scaled.losses, from, scaled);
            replace_tail(r.raw.losses, from, raw);
            r.scaled.top_weight_start = top[0];
            r.raw.top_weight_start = top[1];
            r.scaled.accuracy = acc[0];
            r.raw.accuracy = acc[1];
            if (seq == sent_) r.running = flag(*race, "running");
        } else if (result.ok()) {
            result = {"A training snapshot that does not follow the last one was ignored; the worker sends the whole run again."};
        }
    }
    if (!result.ok()) {  // the worker forgets what it sent: its next snapshot carries everything
        json::Writer w;
        request(w.begin_object().key("op").string("resync"));
    }
    return result;
}

// ---- the worker's side ----------------------------------------------------------------------------

Status TrainingWorker::handle(std::string_view request) {
    json::Value r;
    std::string error;
    if (!json::parse(request, &r, &error)) return {error};
    if (!r.is_object() || whole_or(r, "v", 0) != kWireVersion) return {"A request from another build was refused."};
    const int seq = whole_or(r, "seq", -1);
    if (seq <= seq_) return {"A training request out of order was refused."};
    const std::string& op = text(r, "op");
    Status st;
    if (op == "train") {
        TaskId task;
        if (!from_id(text(r, "task"), &task)) return {"No such training task."};
        Pace pace;
        if (!from_id(text(r, "pace"), &pace)) return {unknown_id_error<Pace>()};
        training_.set_pace(pace);  // the page's pace, which it sends with each run
        st = training_.train(task, static_cast<float>(number_or(r, "lr", 0.0)), whole_or(r, "dk", 0), whole_or(r, "until", -1));
    } else if (op == "pause") {
        training_.pause();
    } else if (op == "slice") {
        const int steps = whole_or(r, "steps", 0);
        if (steps < 1 || steps > kMaxTrainingSteps) return {"The steps to take must be between 1 and 100000."};
        training_.slice(steps, true);  // the page asks for steps only at a student's click (Step)
    } else if (op == "pace") {
        Pace pace;
        if (!from_id(text(r, "pace"), &pace)) return {unknown_id_error<Pace>()};
        training_.set_pace(pace);
    } else if (op == "unload") {
        training_.unload();
    } else if (op == "resync") {  // the page refused a snapshot: send everything again
        run_id_ = race_id_ = -1;
        poems_.resync();
    } else if (op == "poems") {
        PoemAction a;
        if (!from_id(text(r, "do"), &a)) return {"No such thing to do with the poem model."};
        st = poems_.act(a);
    } else if (op == "race") {
        const std::string& what = text(r, "do");
        if (what == "start") training_.start_race();
        else if (what == "pause") training_.pause_race();
        else if (what == "resume") training_.resume_race();
        else return {"No such thing to do with the race."};
    } else {
        return {"No such training request."};
    }
    seq_ = seq;  // applied (a refused train request changed nothing, as on the page)
    return st;
}

bool TrainingWorker::busy() const {
    const TrainingState* s = training_.state();
    return (s && s->running && training_.trainer()) || training_.race_running() || poems_.busy();
}

namespace {
double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
constexpr int kMaxSliceSteps = 4096;  // steps of one slice, at most
}  // namespace

void TrainingWorker::run_for(double ms) {
    const double start = now_ms();
    while (now_ms() - start < ms && busy()) {
        const bool racing = training_.race_running(), poems = poems_.busy();
        const bool paced = training_.pace() != Pace::Full;
        training_.step_for(now_ms(), &run_steps_, racing ? 2.0 : 4.0, kMaxSliceSteps);
        if (racing) timed_slice(race_steps_, 4.0, kMaxSliceSteps, [&](int n) { training_.race_slice(n); });
        if (poems) timed_slice(poem_steps_, 4.0, kMaxSliceSteps, [&](int n) { poems_.slice(n); });
        if (paced && !racing && !poems) return;  // a paced run alone (or none): wait_ms() until its next step
    }
}

double TrainingWorker::wait_ms() const {
    if (training_.race_running() || poems_.busy()) return 0.0;
    return training_.ms_until_due(now_ms());
}

bool TrainingWorker::snapshot_due(double since_ms) const {
    if (!busy() || since_ms >= kSnapshotMs) return true;
    const TrainingState* s = training_.state();
    return s && s->running && training_.pace() != Pace::Full && training_.trainer() && s->step != params_step_;
}

std::string TrainingWorker::snapshot() {
    json::Writer w;
    w.begin_object().key("v").integer(kWireVersion).key("seq").integer(seq_);
    w.key("run");
    const TrainingState* s = training_.state();
    if (s && training_.trainer()) {
        if (training_.run_id() != run_id_) {
            run_id_ = training_.run_id();
            params_step_ = -1;
            losses_sent_ = accuracies_sent_ = {};
        }
        w.begin_object().key("task").string(id_of(s->task)).key("step").integer(s->step);
        w.key("loss").number(s->loss).key("accuracy").number(s->accuracy).key("running").boolean(s->running);
        w.key("moved").begin_array();
        for (float m : s->moved) w.number(m);
        w.end_array();
        w.key("losses");
        write_curve(w, s->losses, &losses_sent_);
        w.key("accuracies");
        write_curve(w, s->accuracies, &accuracies_sent_);
        if (s->step != params_step_) {
            params_step_ = s->step;
            w.key("params").begin_array();
            const Params<float>& p = training_.params();
            for (int t = 0; t < Params<float>::kTensors; ++t) {
                const Mat<float>& m = p.tensor(t);
                w.begin_array().integer(m.rows()).integer(m.cols());
                for (Eigen::Index i = 0; i < m.rows(); ++i)
                    for (Eigen::Index j = 0; j < m.cols(); ++j) w.number(m(i, j));
                w.end_array();
            }
            w.end_array();
        }
        w.end_object();
    } else {
        w.null();
    }
    w.key("race");
    if (const RaceProgress* r = training_.race_progress()) {
        if (training_.race_id() != race_id_) {
            race_id_ = training_.race_id();
            race_sent_ = 0;
        }
        w.begin_object().key("running").boolean(r->running).key("from").integer(static_cast<long long>(race_sent_));
        w.key("scaled");
        write_tail(w, r->scaled.losses, race_sent_);
        w.key("raw");
        write_tail(w, r->raw.losses, race_sent_);
        w.key("top").begin_array().number(r->scaled.top_weight_start).number(r->raw.top_weight_start).end_array();
        w.key("accuracy").begin_array().number(r->scaled.accuracy).number(r->raw.accuracy).end_array();
        w.end_object();
        race_sent_ = r->scaled.losses.size();
    } else {
        w.null();
    }
    w.key("poems");
    poems_.write_snapshot(w);
    return w.end_object().take();
}

}  // namespace capiton
