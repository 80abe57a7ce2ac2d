// capiton ui: Dear ImGui panels drawn from core data. No math here: every number shown comes
// from capiton::Session's trace; the UI only lays it out, colours it and forwards clicks.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/session.h"
#include "core/tokenizer.h"

struct ImDrawList;

namespace capiton::ui {

// The sentence box holds four times what a sentence may be: a longer paste reaches the core, which
// refuses it with a message, instead of being cut to a sentence silently.
constexpr std::size_t kMaxSentenceBuffer = 4 * kMaxInputBytes + 1;

// What the UI remembers between frames that is not lesson state.
struct View {
    char input[kMaxSentenceBuffer] = {};  // the sentence box
    bool sentence_cleared = false;        // its × was pressed: the caret goes back into it next frame
    std::string synced_sentence;          // session sentence the box last showed
    std::string shown_input;              // the box's text when its sentence was last shown (or set from outside)
    Status input_status;                  // error shown next to the box; the session keeps its last valid state
    int scale_index = 8;                  // √d_k experiment: index into kScaleSweep (512)
    float boost = 1.0f;                   // overflow experiment: logits multiplied by this
    bool subtract_max = true;             // overflow experiment: show the stable way
    bool embedded = false;                // embed.html: less chrome (no title line)
    bool show_options = false;            // embed.html and compact windows (layout.h): settings and analogy toggles shown
    bool touch = false;                   // the pointer is a finger (set by the app from SDL's events)
    int fingers = 0;                      // fingers on the screen now
    // Training stage: the chosen task, learning rate, d_k, example sentence.
    TaskId train_task = TaskId::Apple;
    float train_lr = 0.02f;
    int train_dk = 8;
    int train_example = -1;  // -1: the task's first sentence in the page's language (Training::first_example_in)
    int train_run_seen = -1;  // the run (Training::run_id) and language the menus and example were set for
    Language train_lang_seen = Language::En;
    // Poems stage: the prompt box (what the core has is prompt()), its last refusal, the temperature
    // the sampled mode comes back to.
    char poem_input[257] = {};
    std::string poem_synced;
    Status poem_status;
    float poem_temperature = 0.8f;
    // Share / embed: the page's address (without fragment) and embed.html's, set by the app.
    std::string page_url = "index.html", embed_url = "embed.html";
    bool share_open = false;              // the button was pressed: open the popup
    bool glossary_open = false;           // the glossary button was pressed: open its popup
    const char* share_status = nullptr;   // catalog key of the last copy's message
    std::string copy_request;             // text the app should put on the clipboard (then clears)
    bool has_guide = false;               // the page serves the guide for course pages (web): the popup offers it
    bool guide_request = false;           // open it in a new tab (the app asks the page, then clears)
    bool copy_failed = false;             // the app could not write the clipboard
    // Export: "csv", "json" or "png" requested this frame (the app saves it, then clears export_kind).
    std::string export_kind, export_name, export_text;
};

// Cell backgrounds of one matrix grid, for a painter that draws them on the GPU (src/app installs
// one that uses shaders/heatmap.frag). Coordinates are ImGui screen pixels. The colours and the
// mapping's numbers come from the UI's theme (src/ui/theme.h), the only place they are defined; the
// shader receives them as uniforms.
struct HeatmapCells {
    const float* values;   // rows × cols, row-major (the trace's storage; copy it if kept)
    int rows, cols;
    float max_abs;         // largest finite |value|: the signed palette's full colour
    int palette;           // 0 = signed (negative-base-positive), 1 = weights in [0, 1] (base-weight)
    int dim_except_row;    // -1, or the selected token's row: other rows are faded
    float x0, y0;          // top-left corner of the first cell
    float cell_w, cell_h;  // one cell, gap included
    float gap, radius;
    float base[3], dim[3], masked[3];  // theme colours: value 0, faded rows, −∞ cells
    float positive[3], negative[3], weight[3];  // the palette: orange, blue, violet
    float signed_gamma;    // signed: colour strength = |value / max_abs| ^ signed_gamma
    float weight_gamma;    // weights: colour strength = weight ^ weight_gamma
    float dim_amount;      // a faded row's colour moves this far towards `dim`
};
// Adds the drawing of `cells` to the draw list; returns false if it cannot (the UI then draws the
// cells itself with the same colours).
using HeatmapPainter = bool (*)(ImDrawList* draw_list, const HeatmapCells& cells);
void set_heatmap_painter(HeatmapPainter painter);

// Loads the texts (src/ui/lang, one catalog per language of core/ids.h). The language on screen is
// the session's (Session::set_language). False (with *error) if a text file is malformed, which the
// unit tests rule out.
bool init(const Session& session, std::string* error);
// True when text on screen needs glyphs the font atlas lacks: call load_fonts() before the next frame.
bool fonts_outdated();
// True when the frame just built moved a scroll position that ImGui applies only in the next one (a
// stage opened scrolled back to its title): the next frame shows it, this one is not worth showing.
bool scrolls_next_frame();
// Whether a mouse wheel turned now (down: towards the end) has nothing to scroll here: the pointer is on
// the lesson and the lesson is at that end already. The page then lets the wheel scroll the page around
// the app (a course page's frame), as a browser does when an inner part cannot scroll further.
bool wheel_passes(bool down);
// The web build carries only the Chinese glyphs of the English screen; the whole Chinese font is a
// file the page fetches when first needed. True while text on screen needs that file and it has
// neither arrived nor failed: draw no frame until then (so Chinese is never shown without its glyphs).
bool chinese_font_missing();
// The file's bytes (owned by the caller and kept for the session), or nullptr if it could not be had.
// False, and nothing changed, for bytes that are not a usable font (font_file.h).
bool set_chinese_font(const unsigned char* data, std::size_t size);

void setup_style();
void apply_theme(bool dark, bool touch = false);  // touch: no hover colours (the last pointer was a finger)
void clear_colour(float rgb[3]);  // the window background of the current theme
// (Re)builds the font atlas for a display with this many physical pixels per CSS/logical pixel, in
// a texture no wider or taller than max_texture_size (the GPU's limit). The caller must recreate the
// renderer's font texture afterwards.
void load_fonts(float pixel_ratio, int max_texture_size);
// The atlas last built: its texture's size, the raster scale used, how many Chinese glyphs it has,
// and how many glyphs the body text's face has (Latin and Chinese); and how many glyphs the last
// frame built drew as the fallback (characters the atlas lacked).
struct FontAtlasSize {
    int width, height;
    float raster_scale;
    int chinese_glyphs;
    int glyphs;
    int fallbacks;
};
FontAtlasSize font_atlas_size();
// The most vertices one draw list of the last frame built holds (16-bit indices allow 65,536; the
// test-only drawList command reads it).
int largest_draw_list();
// Draws the whole app into the current ImGui frame, filling the display.
void draw(Session& session, View& view);

// Where a widget was drawn in the last complete frame (the one before the frame drawn last), in
// CSS/window pixels: "sentence", "sentence:clear" (its ×), "token:<i>", "mask:none", "mask:causal", "grid:<matrix>" (the cells
// only, without labels; "grid:<matrix>:columns" its column labels while they stay at the top of the
// view, the page scrolled past them), "layer:<id>" (toggle), "note:<id>" (a layer's note box), "tree-example",
// "seq2seq:length", "similarity:plane", "question:<i>", "question:reset" and "question:verdict" (the quiz), "stage:<id>" …
// Every keyboard stop (keyboard_focus) is recorded under its own id. For tests and tools.
struct WidgetRect {
    float x, y, w, h;
};
bool widget_rect(const std::string& id, WidgetRect* out);

// The editable text fields' visible parts (the sentence box and its ×, the poem prompt) in the frame just drawn,
// read between frames, in UI units. The web page focuses its textarea as soon as a finger taps one of
// them: a phone shows its keyboard only for an element focused while the tap is handled.
const std::vector<WidgetRect>& text_field_rects();
const std::string& active_text_field_label();  // the active one's label, in the UI's language ("" if none)

// The matrix cell under the pointer in the last frame: false if none. matrix is a page-hook name.
bool hovered_cell(const char** matrix, int* row, int* col);

// What the last frame showed, for screen readers (the page mirrors it in a hidden DOM region):
// {"page","title","formula","body","texts":[…],"tables":[{"name","caption","rows":[…],"cols":[…],"cells":[[…]]}]},
// the texts in the current language (texts: the stage's other paragraphs, in drawing order), cells as
// printed on screen.
std::string accessible_json();
// A hash of the last frame's paragraphs for the mirror: when it changes, what the stage says changed.
std::size_t mirror_texts_hash();

// The stop of the keyboard ring with the focus ("stage:softmax", "grid:scores", "layer:apple" …), or "".
const std::string& keyboard_focus();
// Whether a Tab now (Shift+Tab: backward) leaves the app for the page around it, so that the app never
// traps the keyboard: from the ring's last stop forward, or its first backward (or an empty ring).
// Then the ring's focus is cleared, as the page lets the browser move the focus on. Not while a popup
// is open: as in a web page's dialog, Tab goes round its controls and Esc closes it.
bool leave_ring(bool backward);

}  // namespace capiton::ui
