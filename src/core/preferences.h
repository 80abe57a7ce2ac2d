// capiton core: what the student chose for themselves, and how far they got.
//
// Preferences: the language of the texts, the theme, the annotation layers switched on. Progress:
// the predict-then-check answers (kept across visits by the page, as text). Neither changes a number
// of the lesson.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ids.h"

namespace capiton {

constexpr std::array<bool, count_of<Layer>()> first_visit_layers() {
    std::array<bool, count_of<Layer>()> on = {};
    on[static_cast<std::size_t>(Layer::Search)] = on[static_cast<std::size_t>(Layer::Signifier)] = true;
    return on;
}

struct Preferences {
    Language language = Language::En;
    Theme theme = Theme::Light;
    // Indexed by Layer. A first visit shows the two analogies (each formula stage's search-engine and
    // signifier notes); the other layers wait to be switched on.
    std::array<bool, count_of<Layer>()> layers = first_visit_layers();

    bool layer_on(Layer l) const { return layers[static_cast<std::size_t>(l)]; }
    void set_layer(Layer l, bool on) { layers[static_cast<std::size_t>(l)] = on; }
    std::vector<Layer> layers_on() const;  // in table order
};

// The predict-then-check answers: per stage, the choice and the question it answered (its signature,
// questions.h: another sentence asks another question, which this choice does not answer).
class Progress {
public:
    struct Answer {
        int choice = -1;
        std::string question;  // question_signature() of the question answered
    };
    void answer(Stage st, int choice, std::string question) { answers_[st] = {choice, std::move(question)}; }
    // The choice made for that question, -1 when it was not answered (or another question was)
    int answer_of(Stage st, std::string_view question) const;
    void reset() { answers_.clear(); }
    const std::map<Stage, Answer>& answers() const { return answers_; }
    // One answer of a stored text: its stage, its choice and the tag of the question it answered
    // (questions.h: question_tag; empty in a text stored before tags were).
    struct Stored {
        Stage stage;
        int choice;
        std::string tag;
        bool operator==(const Stored& o) const { return stage == o.stage && choice == o.choice && tag == o.tag; }
    };
    // The answers of a stored text ("stage:choice@tag,stage:choice@tag", localStorage on the web; the
    // "@tag" may be missing); malformed parts are skipped (storage is not trusted).
    static std::vector<Stored> parse(std::string_view text);

private:
    std::map<Stage, Answer> answers_;
};

}  // namespace capiton
