// capiton ui: Dear ImGui panels drawn from core data. No math here: every number shown comes
// from capiton::Session's trace; the UI only lays it out, colours it and forwards clicks.
#pragma once

#include <string>

#include "core/session.h"
#include "core/tokenizer.h"

namespace capiton::ui {

constexpr std::size_t kMaxSentenceBuffer = kMaxInputBytes + 1;

// What the UI remembers between frames that is not lesson state.
struct View {
    char input[kMaxSentenceBuffer] = {};  // the sentence box
    std::string synced_sentence;          // session sentence the box last showed
    std::string input_error;              // shown next to the box; the session keeps its last valid state
};

void setup_style();
// (Re)builds the font atlas for a display with this many physical pixels per CSS/logical pixel.
// The caller must recreate the renderer's font texture afterwards.
void load_fonts(float pixel_ratio);
// Draws the whole app into the current ImGui frame, filling the display.
void draw(Session& session, View& view);

}  // namespace capiton::ui
