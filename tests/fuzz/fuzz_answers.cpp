// Fuzz target: the quiz progress restored from storage (Session::restore_answers, Progress), on any
// bytes as the stored text (localStorage is not trusted).
//   never crashes; every restored answer is an option of its stage's question;
//   the progress written back (Session::answers_text) reads as exactly those answers, and restoring
//   it gives the same text again.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/questions.h"
#include "core/session.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // One session for the whole run: answers change nothing else, and each input starts from none.
    static capiton::Session session;
    session.reset_answers();
    session.restore_answers(std::string_view(reinterpret_cast<const char*>(data), size));

    std::map<capiton::Stage, int> restored;
    for (const auto& [stage, answer] : session.progress().answers()) {
        capiton::Question q;
        FUZZ_CHECK(capiton::question_for(session.lesson(), stage, &q));
        FUZZ_CHECK(answer.choice >= 0 && answer.choice < static_cast<int>(q.options.size()));
        FUZZ_CHECK(session.answer_of(stage) == answer.choice);  // an answer to the question as it is
        restored.emplace(stage, answer.choice);
    }
    const std::string text = session.answers_text();
    std::map<capiton::Stage, int> read;
    for (const auto& a : capiton::Progress::parse(text)) {
        capiton::Question q;
        FUZZ_CHECK(capiton::question_for(session.lesson(), a.stage, &q) && a.tag == capiton::question_tag(q));  // tagged with its question
        FUZZ_CHECK(read.emplace(a.stage, a.choice).second);
    }
    FUZZ_CHECK(read == restored);
    session.reset_answers();
    session.restore_answers(text);
    FUZZ_CHECK(session.answers_text() == text);
    return 0;
}
