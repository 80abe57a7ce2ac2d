// capiton ui: all the UI's state, in one struct with one instance (`state`), as sokol's samples keep
// theirs. Lesson state lives in capiton::Session and the app's in ui::View; this is what the UI itself
// remembers: texts and fonts, the theme, the keyboard focus, touch scrolling, a few panels' scratch,
// and what the last frame and this frame recorded (swapped in one place: begin_frame, frame.cpp).
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/catalog.h"
#include "core/explain.h"
#include "core/export.h"
#include "core/train.h"
#include "ui/ui.h"

struct ImGuiWindow;

namespace capiton::ui {

// The cell a frame explained (hovered, or under the keyboard's cursor). The operands it names light up
// in the next frame: grids drawn earlier in a frame cannot know yet what will be hovered.
struct Hover {
    bool valid = false;
    Explanation e;
};

// A grid as printed, for screen readers (ui::accessible_json) and the exports (Download).
struct TableCopy {
    LabelledMatrix lm;                             // full precision
    std::vector<std::vector<std::string>> cells;  // as printed on screen
};

// What one frame recorded while drawing.
struct FrameRecord {
    std::map<std::string, WidgetRect> rects;  // where each widget was (ui::widget_rect)
    std::vector<std::string> ring;            // the keyboard ring's stops, in drawing order
    std::vector<std::string> popup_ring;      // ... those in an open popup (share, glossary): the ring then
    std::vector<std::string> sliders;         // those of them that are sliders (← / → step them)
    std::vector<WidgetRect> text_fields;      // the editable text fields' visible parts (text_field)
    std::string text_label;                   // the active editable text field's label ("" if none)
    Hover hover;                              // the explained cell
    std::vector<TableCopy> tables;            // every grid drawn
    Stage stage = Stage::Seq2Seq;             // the stage shown (the tables belong to it)
    std::string formula;                      // its formula as shown (some follow the settings)
    std::string notice;                       // the link's note above the stage, if one is shown
    std::vector<std::string> texts;           // the paragraphs drawn in the page (not tooltips, popups, nor
                                              // what unmirrored_paragraph draws), in order
    bool scrolls_next = false;                // a scroll set now shows in the next frame (scrolls_next_frame)
    bool wheel_passes_up = false, wheel_passes_down = false;  // the lesson under the pointer cannot scroll further (wheel_passes)
};

// The keyboard ring's focus (frame.cpp).
struct KeyFocus {
    std::string id;        // the stop with the focus ("grid:scores", "stage:softmax"…), empty for none
    int row = 0, col = 0;  // a grid's cell cursor
    bool moved = true;     // scroll it into view on this frame
    bool left = false;     // a Tab just left the app (leave_ring): an active text field lets go next frame
};

// A finger dragged over the lesson scrolls it (frame.cpp, touch_scroll).
struct TouchScroll {
    bool scrolling = false;         // this press became a scroll
    bool scrolled = false;          // ... and the release that ends it is not a click
    bool passive_held = false;      // the item held only shows (drag_scrolls_here): a drag there scrolls
                                    // (set while drawing; read next frame)
    bool swiped = false;            // the finger was lifted after a scroll, and has not pressed again: what
                                    // lies under where it left is not hovered (touch_scroll)
    ImGuiWindow* window = nullptr;  // the window under the finger when the scroll began
};

struct Fonts {
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    ImFont* big = nullptr;  // formulas
    ImFont* title = nullptr;
    float raster_scale = 1.0f;  // device pixels per UI pixel the glyphs were rasterised at (capped)
};

// The font atlas holds the first characters (ASCII and what capiton writes itself) and, of the rest,
// only those seen on screen: Chinese, and the rarer Latin and Greek of typed text (text.cpp).
struct Glyphs {
    std::set<ImWchar> built;    // code points beyond the first ones in the current atlas
    std::set<ImWchar> wanted;   // those seen on screen (grows; started afresh past kMaxWantedGlyphs)
    std::bitset<0x10000> missing;  // code points the fonts lack: never asked for again (8 KB)
    // As ImGui glyph ranges (the atlas points into both): the first characters with the wanted ones
    // below kChineseFrom (text.cpp), and the wanted Chinese ones.
    ImVector<ImWchar> latin_ranges;
    ImVector<ImWchar> ranges;
    int wanted_lang = -1;       // the catalog whose texts are already in `wanted`
    // The web build embeds only the English screen's Chinese glyphs; the whole Chinese font comes from
    // the page when first needed (set_chinese_font).
    const unsigned char* chinese = nullptr;  // that font, once delivered (kept for the session)
    std::size_t chinese_size = 0;
    bool chinese_failed = false;   // it could not be had: the glyphs it would add are drawn as fallbacks
    bool chinese_arrived = false;  // delivered since the atlas was last built
};

struct State {
    std::array<Catalog, count_of<Language>()> catalogs;  // indexed by Language (src/ui/lang/<id>.txt)
    std::array<bool, count_of<Language>()> parse_tried{};  // each parsed when first shown (text.cpp)
    std::array<bool, count_of<Language>()> parsed{};       // and it parsed
    Language lang = Language::En;                        // the session's, taken at the start of a frame
    Fonts fonts;
    Glyphs glyphs;
    bool dark = false;                 // the theme applied is the dark one (theme.cpp)
    bool touch_style = false;          // ... with no hover colours: the last pointer was a finger
    HeatmapPainter painter = nullptr;  // paints grid cells on the GPU (src/app), or none

    FrameRecord last, now;  // the last complete frame, the one being drawn
    KeyFocus focus;
    KeyFocus before_popup;  // the focus when a popup's stops took the ring (update_key_focus) …
    bool in_popup = false;  // … which they have: it comes back, a grid's cell with it, when the popup closes
    TouchScroll touch;

    int dragging = -1;  // similarity stage: the vector tip being dragged (0 = a, 1 = b), -1 none
    struct {            // training stage: the test sentence shown, under the current weights
        Forward<float> forward;
        std::vector<std::string> words;
        Matrix weights;  // forward.A, (n, n)
    } example;
};

extern State state;  // defined in ui.cpp

}  // namespace capiton::ui
