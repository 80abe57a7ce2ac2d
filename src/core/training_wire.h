// capiton core: training in the page's worker — the requests, the snapshots, and the worker's side.
//
// The page (Training in place Worker, training.h) queues one request per call that changes the
// training, as JSON text; the worker (TrainingWorker, driven by src/app/train_worker.cpp) applies
// them to a Training of its own, steps it, and sends snapshots back a few times a second:
//
//   request   {"op": "train", "task": "apple", "lr": 0.02, "dk": 8, "until": 0, "pace": "steady", "v": 1, "seq": 7}
//             {"op": "pause" | "unload", …}   {"op": "slice", "steps": 1, …}
//             {"op": "pace", "pace": "slow" | "steady" | "full", …}   how fast runs go (training.h): sent
//                                                           with each train request, and alone while a run exists
//             {"op": "race", "do": "start" | "pause" | "resume", …}
//             {"op": "resync", …}   the page refused a snapshot: the next one carries the whole run and race
//             {"op": "poems", "do": "start" | "pause" | "step" | "restart", …}   the poem model (poem_stage.h)
//   snapshot  {"v": 1, "seq": 7,                       the last request the worker had applied
//              "run": null | {"task", "step", "loss", "accuracy", "running", "moved": [3],
//                             "losses": curve, "accuracies": curve,
//                             where curve = {"count": n, "stride": s, "last": x, "from": k, "points": […]}:
//                             the curve.h points from index k on (the completed ones not sent yet, and the
//                             open one); k = 0 when the stride changed (pairs merged) or after a resync
//                             "params": [[rows, cols, x…] × 12] (in Params' tensor order; only when the
//                                                               step changed since the last snapshot)},
//              "race": null | {"running", "from": k, "scaled": […], "raw": […] (losses of steps k+1…),
//                              "top": [scaled, raw], "accuracy": [scaled, raw]},
//              "poems": null | {"error"} | {"step", "running", "seconds", "characters", "from": k, "losses": […],
//                               "measuresFrom": k, "measures": [step, held-out loss, induction, …] (triples),
//                               "sample", "sampleStep" (when a new one),
//                               "report": [induction, previous per head…, first copy, second copy] and
//                               "weights": the model as a preset file (gpt_preset.h) in base64, every
//                               kPoemWeightsEvery steps and when the run stops}
//
// The poem model's weights travel rounded to half precision (its preset format, ~0.5 MB, a third more
// as base64): the page's gallery is the worker's model to 2⁻¹¹, not bit for bit.
//
// Numbers are written with 9 significant digits, which read back as the same float: the page's
// weights are the worker's, bit for bit. Both sides make the same decisions from the same calls,
// so a snapshot whose seq is older than the request that replaced the page's run (or race) belongs
// to an older one and is dropped; "running" is taken from a snapshot only once the worker has
// applied every request sent (a click on pause is not undone by a snapshot already under way).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "poem_stage.h"
#include "status.h"
#include "training.h"

namespace capiton {

constexpr int kWireVersion = 3;  // both sides of one build; a page and worker of two builds refuse each other

class TrainingWorker {
public:
    // How a worker runs it (the page's, web/capiton-train-worker.js through train_worker.cpp, and the
    // desktop's thread, training_thread.h): run_for slices of kSliceMs between two looks at its
    // inbox, sleeping wait_ms() between them (a paced run owes no step yet), and a snapshot whenever
    // snapshot_due() says so (the page redraws from each) and at once after requests.
    static constexpr double kSliceMs = 25.0;
    static constexpr double kSnapshotMs = 200.0;
    struct Sent {  // how much of a curve the page has: its completed points at that stride
        std::size_t points = 0;
        int stride = 1;
    };
    Status handle(std::string_view request);  // one request's JSON text; refused whole when malformed
    Training& training() { return training_; }
    PoemWorkerSide& poems() { return poems_; }
    bool busy() const;                        // the run, the race or the poem model is training
    // Steps whatever is training for about `ms` milliseconds in all, in slices whose step counts adapt
    // to a few milliseconds each (the run and the race share them; the poem model, whose one step
    // takes longer than that, steps once a slice). A paced run alone takes the steps it owes and
    // returns early.
    void run_for(double ms);
    // While busy(): how long the worker may sleep before run_for has a step to take (0: at once).
    double wait_ms() const;
    // Whether to send a snapshot, `since_ms` after the last one: when nothing trains any more (the
    // run ended or paused itself), every kSnapshotMs while training, and after each step of a paced
    // run (a student watching two steps a second sees each).
    bool snapshot_due(double since_ms) const;
    std::string snapshot();                   // what changed since the last snapshot

private:
    Training training_;
    PoemWorkerSide poems_;
    int run_steps_ = 1, race_steps_ = 1, poem_steps_ = 1;  // steps per slice (run_for)
    int seq_ = 0;
    int run_id_ = -1, race_id_ = -1;  // the run and race the counts below are about
    int params_step_ = -1;
    Sent losses_sent_, accuracies_sent_;
    std::size_t race_sent_ = 0;
};

}  // namespace capiton
