// capiton UI: whether bytes handed over as a font file look like one (no ImGui).
//
// The Chinese font is a file the page fetches (capiton-zh.ttf). A server can answer with something
// else — an HTML page from a captive portal or a single-page site's fallback, an empty or cut body —
// and stb_truetype (inside Dear ImGui) reads a font's tables where the file says they are, without
// checking. So before a file goes to the font atlas, its table directory is checked: an sfnt file
// (TrueType or CFF outlines, not a collection) whose every table lies inside the file, with the tables
// stb_truetype reads. It is a check against wrong files, not hostile ones: the font comes from the
// app's own server.
#pragma once

#include <cstddef>

namespace capiton::ui {

bool usable_font_file(const unsigned char* data, std::size_t size);

}  // namespace capiton::ui
