// capiton core, desktop builds only: the page's training worker as a thread, so that the window never
// waits for a training step (the poem model's first part takes ~160 ms a step natively).
//
// The same TrainingWorker (training_wire.h) steps the runs, the √d_k race and the poem model; the
// app's Session trains in place Worker, as in the page: its requests go in through send(), in the order
// they were made, and the snapshots come out through take_snapshots(), oldest first — one after each
// batch of requests, a few a second while training, one when a run stops. The poem texts are read
// from their files by the thread before its first request, as the page's worker fetches them.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace capiton {

class TrainingThread {
public:
    // The poem texts' files (poems-train.tsv, poems-held.tsv). Starts the thread; throws
    // std::system_error when it cannot (the app then trains between frames, in place Here).
    TrainingThread(std::string poems_train, std::string poems_held);
    ~TrainingThread();  // stops the thread, whatever it was doing, and waits for it
    TrainingThread(const TrainingThread&) = delete;
    TrainingThread& operator=(const TrainingThread&) = delete;

    void send(std::vector<std::string> requests);  // one batch: applied whole before it trains again
    std::vector<std::string> take_snapshots();      // every snapshot since the last call, oldest first
    std::vector<std::string> take_refusals();       // why requests were refused (the page's worker warns)

private:
    void loop();

    std::string poems_train_, poems_held_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::vector<std::string>> inbox_;  // guarded by mutex_
    std::vector<std::string> outbox_;              // guarded by mutex_
    std::vector<std::string> refusals_;            // guarded by mutex_
    bool quit_ = false;                            // guarded by mutex_
    std::thread thread_;                           // last: started once the members above exist
};

}  // namespace capiton
