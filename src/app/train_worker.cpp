// capiton's training worker: the core alone (no ImGui, SDL or GL), built as its own WebAssembly
// module (capiton-train.js / .wasm) and run in a Web Worker by web/capiton-train-worker.js, so that
// training never waits for a frame. The page fetches it when training first starts.
//
// The worker script calls, in a loop: worker_request(json) for each request from the page,
// worker_run(ms) while worker_busy(), and worker_snapshot() to post what changed (core/training_wire.h).
// Before the first request for the poem model it fetches the poem texts and hands them over with
// worker_poems_corpus(train, held), or says why it could not (worker_poems_failed).
#include <emscripten.h>

#include <algorithm>
#include <string>

#include "core/training_wire.h"

namespace {

capiton::TrainingWorker g_worker;
std::string g_text;                    // the last reply, valid until the next call
int g_run_steps = 1, g_race_steps = 1, g_poem_steps = 1;  // steps per call, adapted to the time asked for

// Runs `steps` steps through `run`, then adapts `steps` towards `budget_ms` a call.
template <class Run>
void timed(int& steps, double budget_ms, Run run) {
    const double start = emscripten_get_now();
    run(steps);
    const double ms = emscripten_get_now() - start;
    if (ms < 0.5 * budget_ms) steps = std::min(steps * 2, 4096);
    else if (ms > 1.5 * budget_ms) steps = std::max(steps / 2, 1);
}

}  // namespace

extern "C" {

// One request's JSON text: "" when applied, else why it was refused.
EMSCRIPTEN_KEEPALIVE const char* worker_request(const char* json) {
    const capiton::Status s = g_worker.handle(json);
    g_text = s.error;
    return g_text.c_str();
}

EMSCRIPTEN_KEEPALIVE int worker_busy() { return g_worker.busy() ? 1 : 0; }

// Steps the run and the race (whichever is running) for about `ms` milliseconds in all.
EMSCRIPTEN_KEEPALIVE void worker_run(double ms) {
    capiton::Training& t = g_worker.training();
    const double start = emscripten_get_now();
    while (emscripten_get_now() - start < ms && g_worker.busy()) {
        const bool racing = t.race_running();
        if (t.state() && t.state()->running) timed(g_run_steps, racing ? 2.0 : 4.0, [&](int n) { t.slice(n); });
        if (racing) timed(g_race_steps, 4.0, [&](int n) { t.race_slice(n); });
        // the poem model: one step takes longer than the slice (tens of milliseconds), so one at a time
        if (g_worker.poems().busy()) timed(g_poem_steps, 4.0, [&](int n) { g_worker.poems().slice(n); });
    }
}

EMSCRIPTEN_KEEPALIVE void worker_poems_corpus(const char* train_tsv, const char* held_tsv) {
    g_worker.poems().set_corpus(train_tsv, held_tsv);
}

EMSCRIPTEN_KEEPALIVE void worker_poems_failed(const char* reason) { g_worker.poems().corpus_failed(reason); }

EMSCRIPTEN_KEEPALIVE const char* worker_snapshot() {
    g_text = g_worker.snapshot();
    return g_text.c_str();
}

}  // extern "C"
