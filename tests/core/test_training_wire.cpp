// Training in the page's worker (core/training_wire.h): a page-side Training in place Worker and a
// TrainingWorker connected by hand, as web/capiton-page.js and web/capiton-train-worker.js connect
// them, against a Training that steps here. The worker's steps reach the page bit for bit; stale,
// out-of-order and malformed messages are refused and change nothing.
#include <doctest.h>

#include <algorithm>

#include "core/commands.h"
#include "core/json.h"
#include "core/presets.h"
#include "core/training_wire.h"

using namespace capiton;

namespace {

// The page's queued requests, to the worker (each must be accepted).
void deliver(Training& page, TrainingWorker& worker) {
    for (const std::string& r : page.take_requests()) {
        const Status s = worker.handle(r);
        CHECK_MESSAGE(s.ok(), s.error);
    }
}

Status receive(Training& page, const std::string& snapshot, bool* changed = nullptr) {
    json::Value v;
    std::string error;
    REQUIRE_MESSAGE(json::parse(snapshot, &v, &error), error);
    bool c = false;
    Status s = page.receive(v, &c);
    if (changed) *changed = c;
    return s;
}

bool same_params(const Params<float>& a, const Params<float>& b) {
    for (int t = 0; t < Params<float>::kTensors; ++t)
        if (a.tensor(t).rows() != b.tensor(t).rows() || a.tensor(t).cols() != b.tensor(t).cols() || a.tensor(t) != b.tensor(t))
            return false;
    return true;
}

}  // namespace

TEST_CASE("training worker: the page's model follows the worker's steps bit for bit, the losses step by step") {
    Training here, page;
    page.set_place(TrainingPlace::Worker);
    TrainingWorker worker;
    REQUIRE(here.train(TaskId::Apple, 0.02f, 8).ok());
    REQUIRE(page.train(TaskId::Apple, 0.02f, 8).ok());
    // step 0 is on the page at once, before the worker has done anything
    REQUIRE(page.state() != nullptr);
    CHECK(page.state()->step == 0);
    CHECK(page.state()->running);
    CHECK(same_params(page.params(), here.params()));
    deliver(page, worker);
    CHECK(worker.busy());
    // the worker steps in uneven slices; the page hears twice
    worker.training().slice(7);
    CHECK(receive(page, worker.snapshot()).ok());
    CHECK(page.state()->step == 7);
    worker.training().slice(30);
    bool changed = false;
    CHECK(receive(page, worker.snapshot(), &changed).ok());
    CHECK(changed);
    here.slice(37);
    const TrainingState& a = *page.state();
    const TrainingState& b = *here.state();
    CHECK(a.step == 37);
    CHECK(a.losses == b.losses);
    CHECK(a.accuracies == b.accuracies);
    CHECK(a.loss == b.loss);
    CHECK(a.accuracy == b.accuracy);
    for (int k = 0; k < 3; ++k) CHECK(a.moved[k] == b.moved[k]);
    CHECK(same_params(page.params(), here.params()));
    REQUIRE(page.apple_cloud() != nullptr);
    CHECK(page.apple_cloud()->separated == here.apple_cloud()->separated);
    // a snapshot with nothing new changes nothing
    CHECK(receive(page, worker.snapshot(), &changed).ok());
    CHECK_FALSE(changed);
    CHECK(page.state()->losses.count() == 37);
}

TEST_CASE("training worker: pause, step and a run that stops itself behave as when training here") {
    Training page;
    page.set_place(TrainingPlace::Worker);
    TrainingWorker worker;
    REQUIRE(page.train(TaskId::Lookback, 0.02f, 8).ok());
    deliver(page, worker);
    worker.training().slice(5);
    const std::string under_way = worker.snapshot();  // says running: true
    page.pause();                                      // clicked before it arrived
    CHECK(receive(page, under_way).ok());
    CHECK(page.state()->step == 5);
    CHECK_FALSE(page.state()->running);  // the click is not undone
    deliver(page, worker);
    CHECK_FALSE(worker.busy());
    // the step button: one step, paused
    page.slice(1);
    deliver(page, worker);
    CHECK(receive(page, worker.snapshot()).ok());
    CHECK(page.state()->step == 6);
    CHECK_FALSE(page.state()->running);
    // until: the run pauses by itself at step 20, and the page hears it
    REQUIRE(page.train(TaskId::Lookback, 0.02f, 8, 20).ok());
    deliver(page, worker);
    CHECK(worker.busy());
    for (int k = 0; k < 10 && worker.busy(); ++k) worker.training().slice(4);
    CHECK_FALSE(worker.busy());
    CHECK(worker.training().state()->step == 20);
    CHECK(receive(page, worker.snapshot()).ok());
    CHECK(page.state()->step == 20);
    CHECK_FALSE(page.state()->running);
    CHECK_FALSE(page.train(TaskId::Lookback, 0.02f, 8, -1).ok());
}

TEST_CASE("training worker: a snapshot of a run the page has replaced is dropped") {
    Training page;
    page.set_place(TrainingPlace::Worker);
    TrainingWorker worker;
    REQUIRE(page.train(TaskId::Apple, 0.02f, 8).ok());
    deliver(page, worker);
    worker.training().slice(12);
    const std::string old_run = worker.snapshot();
    page.unload();
    REQUIRE(page.train(TaskId::Birdsky, 0.02f, 8).ok());  // a new run on the page, not yet in the worker
    CHECK(receive(page, old_run).ok());
    CHECK(page.state()->task == TaskId::Birdsky);
    CHECK(page.state()->step == 0);
    CHECK(page.state()->losses.empty());
    deliver(page, worker);
    worker.training().slice(3);
    CHECK(receive(page, worker.snapshot()).ok());
    CHECK(page.state()->task == TaskId::Birdsky);
    CHECK(page.state()->step == 3);
    CHECK(page.state()->losses.count() == 3);
    // a preset loaded on the page puts the worker's run away too: training again starts from 0
    REQUIRE(page.load_preset(TaskId::Birdsky).ok());
    deliver(page, worker);
    CHECK(worker.training().state() == nullptr);
    REQUIRE(page.train(TaskId::Birdsky, 0.02f, 8).ok());
    deliver(page, worker);
    CHECK(worker.training().state()->step == 0);
    CHECK(page.state()->step == 0);
}

TEST_CASE("training worker: the √d_k race steps in the worker and reaches the page") {
    Training here, page;
    page.set_place(TrainingPlace::Worker);
    TrainingWorker worker;
    here.start_race();
    page.start_race();
    REQUIRE(page.race_progress() != nullptr);
    CHECK(page.race() == nullptr);  // not made on the page
    CHECK(page.race_running());
    CHECK(page.race_progress()->scaled.top_weight_start < 0.0f);  // not known yet
    deliver(page, worker);
    worker.training().race_slice(4);
    CHECK(receive(page, worker.snapshot()).ok());
    worker.training().race_slice(6);
    CHECK(receive(page, worker.snapshot()).ok());
    here.race_slice(10);
    const RaceProgress& a = *page.race_progress();
    const RaceProgress& b = *here.race_progress();
    CHECK(a.step() == 10);
    CHECK(a.scaled.losses == b.scaled.losses);
    CHECK(a.raw.losses == b.raw.losses);
    CHECK(a.raw.top_weight_start == b.raw.top_weight_start);
    CHECK(a.raw.top_weight_start > 0.8f);
    page.pause_race();
    deliver(page, worker);
    CHECK_FALSE(worker.busy());
    page.start_race();  // again from 0: the old race's snapshots no longer count
    const std::string old_race = worker.snapshot();
    CHECK(receive(page, old_race).ok());
    CHECK(page.race_progress()->step() == 0);
}

TEST_CASE("training worker: malformed, out-of-order and foreign messages are refused and change nothing") {
    Training page;
    page.set_place(TrainingPlace::Worker);
    TrainingWorker worker;
    REQUIRE(page.train(TaskId::Apple, 0.02f, 8).ok());
    const std::vector<std::string> requests = page.take_requests();
    REQUIRE(requests.size() == 1);
    for (const char* bad : {"", "[]", "{\"op\":\"train\"}", "{\"v\":1,\"seq\":1,\"op\":\"pause\"}" /* an older build */,
                            "{\"v\":3,\"seq\":1,\"op\":\"fly\"}", "{\"v\":3,\"seq\":1,\"op\":\"slice\",\"steps\":0}",
                            "{\"v\":3,\"seq\":1,\"op\":\"train\",\"task\":\"nope\",\"lr\":0.02,\"dk\":8,\"until\":0,\"pace\":\"full\"}",
                            "{\"v\":3,\"seq\":1,\"op\":\"train\",\"task\":\"apple\",\"lr\":0.02,\"dk\":8,\"until\":0}",  // no pace
                            "{\"v\":3,\"seq\":1,\"op\":\"race\",\"do\":\"win\"}"})
        CHECK_FALSE(worker.handle(bad).ok());
    CHECK(worker.training().state() == nullptr);
    CHECK(worker.handle(requests[0]).ok());
    CHECK_FALSE(worker.handle(requests[0]).ok());  // the same sequence number again
    worker.training().slice(2);
    const std::string good = worker.snapshot();
    const Params<float> before = page.params();
    const auto refused = [&](const std::string& snapshot) {
        bool changed = true;
        CHECK_FALSE(receive(page, snapshot, &changed).ok());
        CHECK_FALSE(changed);
        CHECK(page.state()->step == 0);
        CHECK(same_params(page.params(), before));
    };
    const auto edited = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const std::size_t at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    refused(edited("\"v\":3", "\"v\":9"));                         // another build
    refused(edited("\"seq\":1", "\"seq\":5"));                     // a request never sent
    refused(edited("\"from\":0", "\"from\":3"));                   // does not continue the losses
    refused(edited("\"params\":[[", "\"params\":[[99,"));          // a tensor of the wrong shape
    refused(edited("\"params\":[", "\"params\":[[1,1,0],"));       // thirteen tensors
    CHECK(receive(page, good).ok());
    CHECK(page.state()->step == 2);
    // each refused part asked the worker to send everything again (another build's or an unsent
    // request's snapshot is refused whole, without asking); after that, snapshots follow again
    const std::vector<std::string> resync = page.take_requests();
    CHECK(resync.size() == 3);
    for (const std::string& r : resync) CHECK(r.find("\"op\":\"resync\"") != std::string::npos);
    for (const std::string& r : resync) CHECK(worker.handle(r).ok());
    worker.training().slice(1);
    const std::string whole = worker.snapshot();
    CHECK(whole.find("\"from\":0") != std::string::npos);
    CHECK(receive(page, whole).ok());
    CHECK(page.state()->step == 3);
    CHECK(page.state()->losses == worker.training().state()->losses);
}

TEST_CASE("training worker: a refused run part leaves the race part of the same snapshot applied") {
    Training page;
    page.set_place(TrainingPlace::Worker);
    TrainingWorker worker;
    REQUIRE(page.train(TaskId::Apple, 0.02f, 8).ok());
    page.start_race();
    deliver(page, worker);
    worker.training().slice(2);
    worker.training().race_slice(3);
    std::string s = worker.snapshot();
    const std::string from = "\"from\":0,\"points\"";
    s.replace(s.find(from), from.size(), "\"from\":7,\"points\"");  // the run's losses do not follow
    CHECK_FALSE(receive(page, s).ok());
    CHECK(page.state()->step == 0);
    CHECK(page.race_progress()->step() == 3);
}

TEST_CASE("training worker: when it cannot start, the run starts again here from step 0 and steps between frames") {
    Training page;
    page.set_place(TrainingPlace::Worker);
    TrainingWorker worker;
    REQUIRE(page.train(TaskId::Apple, 0.02f, 8).ok());
    deliver(page, worker);
    worker.training().slice(9);
    CHECK(receive(page, worker.snapshot()).ok());
    page.set_place(TrainingPlace::Here);
    CHECK(page.take_requests().empty());
    REQUIRE(page.state() != nullptr);
    CHECK(page.state()->step == 0);
    CHECK(page.state()->running);
    page.slice(4);
    CHECK(page.state()->step == 4);
    CHECK(page.take_requests().empty());
}

TEST_CASE("frame times: percentiles by nearest rank over the last 240 frames") {
    FrameTimes f;
    CHECK(f.percentile(95) == 0.0f);
    for (int i = 1; i <= 100; ++i) f.add(static_cast<float>(i));
    CHECK(f.kept() == 100);
    CHECK(f.percentile(50) == 50.0f);
    CHECK(f.percentile(95) == 95.0f);
    CHECK(f.percentile(100) == 100.0f);
    for (int i = 0; i < 240; ++i) f.add(1.0f);  // the first hundred are forgotten
    CHECK(f.kept() == 240);
    CHECK(f.percentile(100) == 1.0f);
}

TEST_CASE("training worker: a run longer than a curve holds keeps bounded curves, the page's equal to the worker's") {
    Training page;
    page.set_place(TrainingPlace::Worker);
    TrainingWorker worker;
    REQUIRE(page.train(TaskId::Apple, 0.02f, 8).ok());
    deliver(page, worker);
    const int steps = Curve::kMaxPoints + 300;  // the loss curve's pairs merge once on the way
    while (worker.training().state()->step < steps) {
        worker.training().slice(std::min(173, steps - worker.training().state()->step));
        REQUIRE(receive(page, worker.snapshot()).ok());
    }
    const TrainingState& a = *page.state();
    const TrainingState& b = *worker.training().state();
    CHECK(a.step == steps);
    CHECK(a.losses.count() == steps);
    CHECK(a.losses.stride() == 2);
    CHECK(a.losses.points().size() == static_cast<std::size_t>(steps / 2));
    CHECK(a.losses == b.losses);
    // apple's 192 test sentences: a point every 20 steps (written out: 10 steps × ⌈192 / 160⌉), and one before the first step
    CHECK(accuracy_every(192) == 20);
    CHECK(a.accuracies.count() == steps / 20 + 1);
    CHECK(a.accuracies == b.accuracies);
    CHECK(a.loss == a.losses.last());
    CHECK(worker.training().trainer()->losses.empty());  // the trainer keeps no list of its own
}

TEST_CASE("pacer: one step at once, then the pace, the fraction carried, no burst after a long gap") {
    Pacer p;
    // 10 steps a second: one at the start, the next 100 ms later
    CHECK(p.due(1000.0, 10) == 1);
    CHECK(p.wait_ms(1000.0, 10) == doctest::Approx(100.0));
    CHECK(p.due(1040.0, 10) == 0);
    CHECK(p.wait_ms(1040.0, 10) == doctest::Approx(60.0));
    CHECK(p.due(1100.0, 10) == 1);
    // called every 25 ms for one second (a quarter step each time): 10 steps in all, the fractions adding up
    int steps = 0;
    for (double t = 1125.0; t <= 2100.0; t += 25.0) steps += p.due(t, 10);
    CHECK(steps == 10);
    // a tab hidden for 5 s: at most a quarter second's steps (2.5 → 2) at once, not 50
    CHECK(p.due(7100.0, 10) == 2);
    // two steps a second: a gap of any length owes one step, never more
    Pacer slow;
    CHECK(slow.due(0.0, 2) == 1);
    CHECK(slow.due(250.0, 2) == 0);
    CHECK(slow.due(500.0, 2) == 1);
    CHECK(slow.due(9000.0, 2) == 1);
    CHECK(slow.wait_ms(9000.0, 2) == doctest::Approx(500.0));
    // restarted (a run started or resumed): a step at once again
    slow.restart();
    CHECK(slow.wait_ms(9001.0, 2) == 0.0);
    CHECK(slow.due(9001.0, 2) == 1);
}

TEST_CASE("training pace: a paced run owes its steps, full pace is unpaced, the worker follows the page's choice") {
    Training here;
    CHECK(here.pace() == Pace::Steady);  // the default: a small task learned in a few seconds, in view
    CHECK(here.due(0.0) == 0);           // no run
    REQUIRE(here.train(TaskId::Apple, 0.02f, 8).ok());
    CHECK(here.due(0.0) == 1);
    CHECK(here.ms_until_due(0.0) == doctest::Approx(100.0));
    CHECK(here.due(250.0) == 2);
    // a paced run's status measures the weights it has now (the curve keeps a point every 10 steps)
    here.slice(9);
    const Trainer& t = *here.trainer();
    CHECK(here.state()->accuracy == accuracy(t.params, t.task.shape, t.task.test));
    CHECK(here.state()->accuracies.count() == 1);  // the point before any step
    CHECK(here.state()->accuracy != here.state()->accuracies.last());  // 9 steps learned something
    here.pause();
    CHECK(here.due(5000.0) == 0);  // paused: owes nothing
    here.set_pace(Pace::Full);
    REQUIRE(here.train(TaskId::Apple, 0.02f, 8).ok());  // resumed
    CHECK(here.due(5000.0) == kUnpaced);
    CHECK(here.ms_until_due(5000.0) == 0.0);
    // at full pace a slice keeps the curve's last point (measuring each one-step slice cost the small
    // world 9× its speed); a step a student asked for is measured
    here.slice(2);  // step 11: the curve's last point is step 10's
    const float at_10 = here.state()->accuracies.last();
    CHECK(here.state()->accuracy == at_10);
    here.slice(1);
    CHECK(here.state()->accuracy == at_10);
    here.slice(1, true);
    CHECK(here.state()->accuracy == accuracy(t.params, t.task.shape, t.task.test));
    CHECK(here.state()->accuracy != at_10);

    // the page's choice reaches the worker with the run (a pace alone starts no worker), which takes
    // only the steps owed and then waits
    Training page;
    page.set_place(TrainingPlace::Worker);
    TrainingWorker worker;
    page.set_pace(Pace::Slow);
    CHECK(page.take_requests().empty());
    REQUIRE(page.train(TaskId::Apple, 0.02f, 8).ok());
    page.set_pace(Pace::Slow);  // the pace already chosen: nothing sent, no step owed at once
    deliver(page, worker);
    CHECK(worker.training().pace() == Pace::Slow);
    REQUIRE(worker.busy());
    worker.run_for(TrainingWorker::kSliceMs);
    CHECK(worker.training().state()->step == 1);  // the first step at once; the next in half a second
    CHECK(worker.wait_ms() > 400.0);
    CHECK(worker.snapshot_due(0.0));  // a paced step is sent at once
    CHECK(receive(page, worker.snapshot()).ok());
    CHECK(page.state()->step == 1);
    CHECK_FALSE(worker.snapshot_due(0.0));  // nothing new
    worker.run_for(TrainingWorker::kSliceMs);
    CHECK(worker.training().state()->step == 1);
    // full pace: the same call runs on for its slice of time
    page.set_pace(Pace::Full);
    deliver(page, worker);
    CHECK(worker.wait_ms() == 0.0);
    worker.run_for(TrainingWorker::kSliceMs);
    CHECK(worker.training().state()->step > 1);
    CHECK_FALSE(worker.snapshot_due(0.0));  // at full pace, a few snapshots a second
    CHECK(worker.snapshot_due(TrainingWorker::kSnapshotMs));
    // an unknown pace is refused and changes nothing
    CHECK_FALSE(worker.handle(R"({"op":"pace","pace":"warp","v":3,"seq":99})").ok());
    CHECK(worker.training().pace() == Pace::Full);
}

TEST_CASE("training: a run at its stored run's rate and d_k retraces that run step for step (the small world's seed too)") {
    for (TaskId task : {TaskId::Apple, TaskId::World}) {
        const PresetRun& run = preset_run(task);
        Training here;
        REQUIRE(here.train(task, run.lr, run.d_k).ok());
        here.slice(4);
        Trainer stored(task, run.lr, run.d_k, true, run.seed);  // how the preset was made (presets.h)
        stored.run(4, run.batch);
        for (int t = 0; t < Params<float>::kTensors; ++t) CHECK(here.params().tensor(t) == stored.params.tensor(t));
    }
}

TEST_CASE("training: a preset reports its median test sentence's loss beside the mean, which a few confident mistakes lead") {
    Training here;
    REQUIRE(here.load_preset(TaskId::World).ok());
    const TrainingState& s = *here.state();
    const PresetRun& run = preset_run(TaskId::World);
    Task t = make_task(run.task, run.seed);
    t.shape.d_k = run.d_k;
    std::vector<float> losses;
    for (const Example& ex : t.test) losses.push_back(forward(here.params(), t.shape, ex).loss);
    std::sort(losses.begin(), losses.end());
    CHECK(s.median_loss == losses[losses.size() / 2]);
    CHECK(s.loss > 10.0f * s.median_loss);  // the small world's held-out sentences: mean 4.2, median 0.003
    REQUIRE(here.train(TaskId::Apple, 0.02f, 8).ok());
    CHECK(here.state()->median_loss == -1.0f);  // a run has none
}
