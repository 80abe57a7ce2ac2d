// capiton's training worker: the core alone (no ImGui, SDL or GL), built as its own WebAssembly
// module (capiton-train.js / .wasm) and run in a Web Worker by web/capiton-train-worker.js, so that
// training never waits for a frame. The page fetches it when training first starts.
//
// The worker script calls, in a loop: worker_request(json) for each request from the page,
// worker_run(worker_slice_ms()) while worker_busy(), waiting worker_wait_ms() before the next turn,
// and worker_snapshot() to post what changed (core/training_wire.h) when worker_snapshot_due() says so.
// Before the first request for the poem model it fetches the poem texts and hands them over with
// worker_poems_corpus(train, held), or says why it could not (worker_poems_failed).
#include <emscripten.h>

#include <string>

#include "core/training_wire.h"

namespace {

capiton::TrainingWorker g_worker;
std::string g_text;  // the last reply, valid until the next call

}  // namespace

extern "C" {

// One request's JSON text: "" when applied, else why it was refused.
EMSCRIPTEN_KEEPALIVE const char* worker_request(const char* json) {
    const capiton::Status s = g_worker.handle(json);
    g_text = s.error;
    return g_text.c_str();
}

EMSCRIPTEN_KEEPALIVE int worker_busy() { return g_worker.busy() ? 1 : 0; }

// Steps whatever is training for about `ms` milliseconds in all.
EMSCRIPTEN_KEEPALIVE void worker_run(double ms) { g_worker.run_for(ms); }

// The worker's cadence: how long a turn trains (TrainingWorker::kSliceMs, read once), how long to wait
// before the next turn (a paced run owes no step yet), and whether to post a snapshot `since_ms` after
// the last one.
EMSCRIPTEN_KEEPALIVE double worker_slice_ms() { return capiton::TrainingWorker::kSliceMs; }
EMSCRIPTEN_KEEPALIVE double worker_wait_ms() { return g_worker.wait_ms(); }
EMSCRIPTEN_KEEPALIVE int worker_snapshot_due(double since_ms) { return g_worker.snapshot_due(since_ms) ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE void worker_poems_corpus(const char* train_tsv, const char* held_tsv) {
    g_worker.poems().set_corpus(train_tsv, held_tsv);
}

EMSCRIPTEN_KEEPALIVE void worker_poems_failed(const char* reason) { g_worker.poems().corpus_failed(reason); }

EMSCRIPTEN_KEEPALIVE const char* worker_snapshot() {
    g_text = g_worker.snapshot();
    return g_text.c_str();
}

}  // extern "C"
