// capiton ui: the words of the lesson, one entry per stage, in lesson order.
// Kept apart from the drawing code so that the lesson can be read (and translated) in one place.
#pragma once

#include "core/session.h"

namespace capiton::ui {

struct StageText {
    const char* title;    // heading
    const char* short_name;  // on the stepper button
    const char* formula;  // shown large
    const char* body;     // what happens and why, a few sentences
};

const StageText& stage_text(Stage s);

}  // namespace capiton::ui
