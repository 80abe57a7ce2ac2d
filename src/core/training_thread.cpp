#include "training_thread.h"

#include <chrono>
#include <utility>

#include "json.h"
#include "poems.h"
#include "training_wire.h"

namespace capiton {

namespace {
bool asks_for_poems(const std::string& request) {
    json::Value v;
    std::string error;
    if (!json::parse(request, &v, &error) || !v.is_object()) return false;
    const json::Value* op = v.find("op");
    return op && op->is_string() && op->string == "poems";
}
}  // namespace

TrainingThread::TrainingThread(std::string poems_train, std::string poems_held)
    : poems_train_(std::move(poems_train)), poems_held_(std::move(poems_held)), thread_([this] { loop(); }) {}

TrainingThread::~TrainingThread() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        quit_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void TrainingThread::send(std::vector<std::string> requests) {
    if (requests.empty()) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        inbox_.push_back(std::move(requests));
    }
    wake_.notify_one();
}

std::vector<std::string> TrainingThread::take_snapshots() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(outbox_, {});
}

std::vector<std::string> TrainingThread::take_refusals() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(refusals_, {});
}

void TrainingThread::loop() {
    TrainingWorker worker;
    bool poem_texts_read = false;
    auto last_snapshot = std::chrono::steady_clock::now();
    const auto post = [&] {
        std::string s = worker.snapshot();
        last_snapshot = std::chrono::steady_clock::now();
        std::lock_guard<std::mutex> lock(mutex_);
        outbox_.push_back(std::move(s));
    };
    for (;;) {
        std::vector<std::vector<std::string>> batches;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            const auto woken = [&] { return quit_ || !inbox_.empty(); };
            if (!worker.busy()) wake_.wait(lock, woken);
            else if (const double ms = worker.wait_ms(); ms > 0.0)  // a paced run owes no step yet
                wake_.wait_for(lock, std::chrono::duration<double, std::milli>(ms), woken);
            if (quit_) return;
            batches.swap(inbox_);
        }
        for (const std::vector<std::string>& batch : batches) {
            for (const std::string& r : batch) {
                if (!poem_texts_read && asks_for_poems(r)) {
                    poem_texts_read = true;
                    std::string train, held;
                    if (read_file_bytes(poems_train_, &train) && read_file_bytes(poems_held_, &held))
                        worker.poems().set_corpus(train, held);
                    else
                        worker.poems().corpus_failed("cannot read " + poems_train_ + " or " + poems_held_);
                }
                if (const Status st = worker.handle(r); !st.ok()) {  // it changed nothing (training_wire.h)
                    std::lock_guard<std::mutex> lock(mutex_);
                    refusals_.push_back(st.error);
                }
            }
            post();
        }
        if (!worker.busy()) continue;
        worker.run_for(TrainingWorker::kSliceMs);
        const std::chrono::duration<double, std::milli> since = std::chrono::steady_clock::now() - last_snapshot;
        if (worker.snapshot_due(since.count())) post();
    }
}

}  // namespace capiton
