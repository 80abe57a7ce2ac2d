// The desktop's training thread (core/training_thread.h): a page-side Training in place Worker fed by
// the thread's snapshots ends where a Training stepped here ends, bit for bit; the poem model's texts
// are read by the thread, and their absence is reported, not fatal; the thread stops while training.
#include <doctest.h>

#include <chrono>
#include <thread>

#include "core/json.h"
#include "core/training_thread.h"
#include "core/training_wire.h"

using namespace capiton;

namespace {

// Applies the thread's snapshots to `page` until `done` holds (at most ~30 s, then the test fails).
template <class Done>
bool follow(TrainingThread& worker, Training& page, Done done) {
    for (int i = 0; i < 3000; ++i) {
        for (const std::string& s : worker.take_snapshots()) {
            json::Value v;
            std::string error;
            REQUIRE_MESSAGE(json::parse(s, &v, &error), error);
            bool changed = false;
            const Status st = page.receive(v, &changed);
            CHECK_MESSAGE(st.ok(), st.error);
        }
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_CASE("training thread: a run stepped in the thread reaches the app bit for bit and stops at its step") {
    Training here, page;
    page.set_place(TrainingPlace::Worker);
    TrainingThread worker("", "");
    page.set_pace(Pace::Full);
    REQUIRE(here.train(TaskId::Apple, 0.02f, 8, 300).ok());
    REQUIRE(page.train(TaskId::Apple, 0.02f, 8, 300).ok());
    worker.send(page.take_requests());
    REQUIRE(follow(worker, page, [&] { return page.state()->step == 300 && !page.state()->running; }));
    while (here.state()->running) here.slice(50);
    const TrainingState& a = *page.state();
    const TrainingState& b = *here.state();
    CHECK(a.step == 300);
    CHECK(b.step == 300);
    CHECK(a.loss == b.loss);
    CHECK(a.losses == b.losses);
    CHECK(a.accuracies == b.accuracies);
    for (int t = 0; t < Params<float>::kTensors; ++t) CHECK(page.params().tensor(t) == here.params().tensor(t));
}

TEST_CASE("training thread: missing poem texts are reported in a snapshot, as the page's worker reports them") {
    TrainingThread worker("/nonexistent/poems-train.tsv", "/nonexistent/poems-held.tsv");
    // A poem request, as the poems stage makes it: the thread reads the texts first and says why not.
    TrainingWorker reference;
    reference.poems().corpus_failed("cannot read /nonexistent/poems-train.tsv or /nonexistent/poems-held.tsv");
    const std::string request = R"({"op":"poems","do":"start","v":)" + std::to_string(kWireVersion) + R"(,"seq":1})";
    CHECK_FALSE(reference.handle(request).ok());  // no texts: refused there too
    worker.send({request});
    std::string last;
    for (int i = 0; i < 3000 && last.empty(); ++i) {
        for (std::string& s : worker.take_snapshots()) last = std::move(s);
        if (last.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE_FALSE(last.empty());
    CHECK(last.find("cannot read /nonexistent/poems-train.tsv") != std::string::npos);
    CHECK(last == reference.snapshot());
    const std::vector<std::string> refused = worker.take_refusals();
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].find("poem texts could not be loaded") != std::string::npos);
}

TEST_CASE("training thread: stopped in the middle of a long run, it ends at once") {
    Training page;
    page.set_place(TrainingPlace::Worker);
    {
        TrainingThread worker("", "");
        page.set_pace(Pace::Full);
        REQUIRE(page.train(TaskId::World, 0.02f, 4).ok());
        worker.send(page.take_requests());
        REQUIRE(follow(worker, page, [&] { return page.state()->step > 0; }));
    }  // the destructor stops the thread between two slices (the test would hang otherwise)
    CHECK(page.state()->step > 0);
    CHECK(page.state()->running);  // the app's side is as the last snapshot left it
}

TEST_CASE("training thread: a paced run sleeps between its steps and still reaches its last step") {
    Training page;
    page.set_place(TrainingPlace::Worker);
    TrainingThread worker("", "");
    REQUIRE(page.train(TaskId::Apple, 0.02f, 8, 4).ok());  // 10 steps a second: 4 steps in ~0.3 s
    const auto start = std::chrono::steady_clock::now();
    worker.send(page.take_requests());
    REQUIRE(follow(worker, page, [&] { return page.state()->step == 4 && !page.state()->running; }));
    // the first step at once, the three others 100 ms apart: never sooner (a slow machine only adds)
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    CHECK(took.count() >= 290.0);
    CHECK(page.state()->losses.count() == 4);
}
