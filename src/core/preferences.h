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

class Progress {
public:
    void answer(Stage st, int choice) { answers_[st] = choice; }
    int answer_of(Stage st) const;  // -1 when not answered
    void reset() { answers_.clear(); }
    const std::map<Stage, int>& answers() const { return answers_; }
    // "stage:choice,stage:choice" for storage (localStorage on the web).
    std::string text() const;
    // The (stage, choice) pairs of a stored text; malformed parts are skipped (storage is not trusted).
    static std::vector<std::pair<Stage, int>> parse(std::string_view text);

private:
    std::map<Stage, int> answers_;
};

}  // namespace capiton
