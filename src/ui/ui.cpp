// capiton ui — table of contents
//   [SECTION] Texts (en / zh catalogs)
//   [SECTION] Fonts and style
//   [SECTION] Colour grids (one per matrix)
//   [SECTION] Stage panels, in lesson order
//   [SECTION] Header: sentence box, settings, stepper
//   [SECTION] draw()
#include "ui.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>  // ScrollToRect: keep the keyboard's cell on screen

#include "core/apple.h"
#include "core/catalog.h"
#include "core/explain.h"
#include "core/export.h"
#include "core/fragment.h"
#include "core/json.h"
#include "core/questions.h"
#include "core/tokenizer.h"
#include "ui/lang/lang.h"

namespace capiton::ui {

namespace fonts {
extern const unsigned char kRegular[], kBold[], kChinese[];
extern const unsigned int kRegularSize, kBoldSize, kChineseSize;
extern const unsigned short kRegularRanges[], kBoldRanges[];
}  // namespace fonts

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Texts (en / zh catalogs)
// ---------------------------------------------------------------------------------------------
// Every word the UI shows comes from src/ui/lang/<lang>.txt. T(key) is the current language's text;
// TF(key, …) formats it (placeholders are checked to match across languages by a unit test).

Catalog g_catalog[2];  // 0 = en, 1 = zh
int g_lang = 0;

const char* T(const std::string& key) { return g_catalog[g_lang].get(key); }

template <class... A>
std::string TF(const std::string& key, A... args) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, T(key), args...);
    return buf;
}

int lang_index(const std::string& lang) { return lang == "zh" ? 1 : 0; }

std::string stage_key(Stage st, const char* part) { return std::string("stage.") + stage_id(st) + "." + part; }

// ---------------------------------------------------------------------------------------------
// [SECTION] Fonts and style
// ---------------------------------------------------------------------------------------------

ImFont* g_body = nullptr;
ImFont* g_bold = nullptr;
ImFont* g_big = nullptr;  // formulas
ImFont* g_title = nullptr;
constexpr float kBodySize = 16.0f;

// The two themes. apply_theme() copies one into these colours and into ImGui's style.
struct Theme {
    ImVec4 background, ink, muted, accent, error, operand;
    ImVec4 cell_base, cell_dim, masked;  // grid cells: value 0, faded rows, −∞
    ImVec4 panel, grid_line, axis;       // the similarity plane
    ImVec4 notes[kLayerIds.size()];      // layer note boxes, one tint per layer
    ImVec4 button, button_hover, button_active, frame, frame_hover, border, header;
};
const Theme kLight = {{0.985f, 0.98f, 0.97f, 1}, {0.13f, 0.15f, 0.20f, 1}, {0.38f, 0.41f, 0.48f, 1},
                      {0.87f, 0.33f, 0.10f, 1}, {0.75f, 0.08f, 0.10f, 1}, {0.0f, 0.56f, 0.56f, 1},
                      {0.98f, 0.98f, 0.97f, 1}, {0.96f, 0.96f, 0.96f, 1}, {0.80f, 0.81f, 0.84f, 1},
                      {1.0f, 1.0f, 1.0f, 1},    {0.91f, 0.91f, 0.93f, 1}, {0.59f, 0.61f, 0.65f, 1},
                      {{0.91f, 0.96f, 0.99f, 1}, {0.97f, 0.93f, 0.99f, 1}, {0.99f, 0.93f, 0.91f, 1}, {0.92f, 0.97f, 0.92f, 1}},
                      {0.90f, 0.90f, 0.92f, 1}, {0.98f, 0.80f, 0.68f, 1}, {0.95f, 0.65f, 0.45f, 1},
                      {1.0f, 1.0f, 1.0f, 1},    {1.0f, 0.96f, 0.92f, 1},  {0.78f, 0.78f, 0.82f, 1},
                      {0.98f, 0.85f, 0.75f, 1}};
const Theme kDark = {{0.10f, 0.11f, 0.13f, 1}, {0.90f, 0.91f, 0.93f, 1}, {0.62f, 0.65f, 0.71f, 1},
                     {0.98f, 0.52f, 0.25f, 1}, {1.0f, 0.45f, 0.45f, 1},  {0.25f, 0.85f, 0.85f, 1},
                     {0.17f, 0.18f, 0.21f, 1}, {0.13f, 0.14f, 0.16f, 1}, {0.30f, 0.31f, 0.35f, 1},
                     {0.15f, 0.16f, 0.19f, 1}, {0.22f, 0.23f, 0.27f, 1}, {0.50f, 0.52f, 0.57f, 1},
                     {{0.12f, 0.20f, 0.27f, 1}, {0.21f, 0.15f, 0.27f, 1}, {0.28f, 0.16f, 0.14f, 1}, {0.13f, 0.23f, 0.16f, 1}},
                     {0.22f, 0.23f, 0.27f, 1}, {0.45f, 0.27f, 0.16f, 1}, {0.60f, 0.33f, 0.17f, 1},
                     {0.16f, 0.17f, 0.20f, 1}, {0.22f, 0.20f, 0.19f, 1}, {0.32f, 0.33f, 0.38f, 1},
                     {0.42f, 0.26f, 0.16f, 1}};
const Theme* g_theme = &kLight;
ImVec4 kAccent = kLight.accent;  // selection, current stage
ImVec4 kInk = kLight.ink;
ImVec4 kMuted = kLight.muted;
ImVec4 kError = kLight.error;

// ---------------------------------------------------------------------------------------------
// [SECTION] Colour grids
// ---------------------------------------------------------------------------------------------
// Colour mapping: signed values use a diverging map, blue (negative) - white (0) - orange
// (positive), scaled by the largest magnitude in the matrix; weights in [0, 1] use white - violet.
// The cells are painted on the GPU by shaders/heatmap.frag when the app installed a painter; the
// same mapping here is the fallback and decides whether a cell's number is written in white.

HeatmapPainter g_painter = nullptr;

// ---- where things are on screen (for tests and tools: ui::widget_rect) ---------------------------
std::map<std::string, WidgetRect> g_rects, g_rects_next;

void record_rect(const std::string& id, ImVec2 min, ImVec2 max) {
    g_rects_next[id] = WidgetRect{min.x, min.y, max.x - min.x, max.y - min.y};
}
void record_last_item(const std::string& id) { record_rect(id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

// ---- wrapping that understands Chinese ---------------------------------------------------------
// ImGui 1.86 breaks lines only at spaces, so a Chinese sentence after a space moves to the next line
// whole. paragraph() breaks at spaces and between CJK characters, never before closing punctuation or
// after opening punctuation, and draws the result with ImGui's normal line height.

bool is_cjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}
bool no_line_start(char32_t c) {  // closing punctuation stays at the end of the previous line
    return std::u32string_view(U"，。、：；！？）」』】〉》”’,.:;!?)").find(c) != std::u32string_view::npos;
}
bool no_line_end(char32_t c) {  // opening punctuation stays with what follows
    return std::u32string_view(U"（「『【〈《“‘(").find(c) != std::u32string_view::npos;
}

std::string wrap_text(std::string_view text, float width) {
    std::string out;
    while (true) {  // one paragraph (up to a '\n') at a time
        const std::size_t nl = text.find('\n');
        const std::string_view para = text.substr(0, nl);
        std::size_t line = 0, brk = std::string_view::npos;
        char32_t prev = 0;
        for (std::size_t i = 0; i < para.size();) {
            char32_t c = 0;
            int len = decode_utf8(para, i, &c);
            if (len <= 0) len = 1;
            if (i > line && c != ' ' &&
                (prev == ' ' || ((is_cjk(c) || is_cjk(prev)) && !no_line_start(c) && !no_line_end(prev))))
                brk = i;
            const std::size_t end = i + static_cast<std::size_t>(len);
            if (ImGui::CalcTextSize(para.data() + line, para.data() + end).x > width && brk != std::string_view::npos &&
                brk > line) {
                std::size_t cut = brk;
                while (cut > line && para[cut - 1] == ' ') --cut;  // no trailing spaces
                out.append(para.substr(line, cut - line));
                out += '\n';
                line = brk;
                brk = std::string_view::npos;
            }
            prev = c;
            i = end;
        }
        out.append(para.substr(line));
        if (nl == std::string_view::npos) break;
        out += '\n';
        text.remove_prefix(nl + 1);
    }
    return out;
}

void paragraph(const char* text, float width, const ImVec4* colour = nullptr) {
    const std::string wrapped = wrap_text(text, width);
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
    ImGui::TextUnformatted(wrapped.c_str());
    if (colour) ImGui::PopStyleColor();
}

enum class Axis { Tokens, Features, Steps };
enum class Palette { Signed, Weights };

struct Grid {
    MatrixId id;
    const char* name;     // as in the formula: "Q", "W_Q", "weights"
    const char* caption;  // catalog key of the line under the name
    const Matrix* m;
    Axis rows, cols;
    Palette palette;
    bool explainable = true;         // false: not a trace matrix, no explanation tooltip
    const char* rect_name = nullptr;  // recorded as "grid:<rect_name>" (default: the matrix name)
    // Labels that replace the axis labels (a grid of another sentence than the session's).
    const std::vector<std::string>* row_labels = nullptr;
    const std::vector<std::string>* col_labels = nullptr;
};

// Starts a new line unless an item group `w` wide still fits on this one (narrow windows, phones).
void same_line_or_wrap(float w, float spacing = -1.0f) {
    ImGui::SameLine(0.0f, spacing);
    if (ImGui::GetCursorPosX() + w > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
}

ImVec4 lerp(const ImVec4& a, const ImVec4& b, float t) {
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f);
}

// The signed palette's two hues; also the two series of every two-line chart (orange: without the
// division, first vector; blue: with it, second vector).
const ImVec4 kOrange(0.90f, 0.42f, 0.12f, 1.0f), kBlue(0.16f, 0.40f, 0.74f, 1.0f);

ImVec4 cell_colour(float v, float max_abs, Palette p) {
    const ImVec4 white = g_theme->cell_base;
    if (std::isinf(v)) return g_theme->masked;
    if (p == Palette::Weights) return lerp(white, ImVec4(0.36f, 0.20f, 0.62f, 1.0f), std::pow(std::clamp(v, 0.0f, 1.0f), 0.7f));
    const float t = max_abs > 0.0f ? std::clamp(v / max_abs, -1.0f, 1.0f) : 0.0f;
    const float s = std::pow(std::fabs(t), 0.8f);
    return t >= 0 ? lerp(white, kOrange, s) : lerp(white, kBlue, s);
}

void format_value(char* buf, std::size_t n, float v) {
    if (std::isinf(v)) {
        std::snprintf(buf, n, v < 0 ? "\xe2\x88\x92\xe2\x88\x9e" : "+\xe2\x88\x9e");
        return;
    }
    std::snprintf(buf, n, "%.2f", static_cast<double>(v));
    if (buf[0] == '-') {  // a real minus sign reads better than a hyphen
        if (std::strcmp(buf, "-0.00") == 0) { std::snprintf(buf, n, "0.00"); return; }
        char tmp[32];
        std::snprintf(tmp, sizeof tmp, "\xe2\x88\x92%s", buf + 1);
        std::snprintf(buf, n, "%s", tmp);
    }
}

// Token labels longer than this many code points are shortened with an ellipsis.
std::string short_label(const std::string& s, int max_cp = 9) {
    int cps = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++cps > max_cp)
            return s.substr(0, i) + "\xe2\x80\xa6";
    }
    return s;
}

std::string axis_label(const Session& s, Axis a, int i) {
    if (a == Axis::Tokens) return short_label(s.trace().tokens[static_cast<std::size_t>(i)]);
    if (a == Axis::Steps) return TF("stage.seq2seq.step", i + 1);
    return std::to_string(i + 1);
}

std::string axis_label(const Session& s, const Grid& g, bool rows, int i) {
    const std::vector<std::string>* own = rows ? g.row_labels : g.col_labels;
    if (own && i >= 0 && i < static_cast<int>(own->size())) return short_label((*own)[static_cast<std::size_t>(i)]);
    return axis_label(s, rows ? g.rows : g.cols, i);
}

// Wide enough for "−0.00" and for every column label (long words would run into their neighbours).
float cell_width(const Session& s, const Grid& g) {
    float w = ImGui::CalcTextSize("\xe2\x88\x92" "0.00").x;
    if (g.cols != Axis::Features || g.col_labels)
        for (int j = 0; j < static_cast<int>(g.m->cols()); ++j)
            w = std::max(w, ImGui::CalcTextSize(axis_label(s, g, false, j).c_str()).x);
    return w + 12.0f;
}

float grid_width(const Grid& g, float cell_w, float label_w) { return label_w + cell_w * static_cast<float>(g.m->cols()); }

float label_width(const Session& s, const Grid& g) {
    float w = ImGui::CalcTextSize("00").x;
    if (g.rows != Axis::Features || g.row_labels)
        for (int i = 0; i < static_cast<int>(g.m->rows()); ++i)
            w = std::max(w, ImGui::CalcTextSize(axis_label(s, g, true, i).c_str()).x);
    return w + ImGui::GetStyle().ItemSpacing.x;
}

// The cell under the mouse, and the operands its explanation names. Operands light up in the next
// frame (grids drawn earlier in this frame cannot know yet what will be hovered).
struct Hover {
    bool valid = false;
    Explanation e;
};
Hover g_hover_prev, g_hover_now;

// ---- the screen-reader mirror: every grid drawn in a frame, as a table (ui::accessible_json) ------
struct TableCopy {
    LabelledMatrix lm;                             // for the exports (full precision)
    std::vector<std::vector<std::string>> cells;  // as printed on screen
};
std::vector<TableCopy> g_tables_prev, g_tables_now;
Stage g_stage_shown = Stage::Seq2Seq;  // the stage of the last frame (the tables belong to it)

// ---- touch: a finger dragged over the lesson scrolls it -----------------------------------------
// SDL turns the first finger into the mouse; ImGui has no drag-to-scroll, so capiton adds one: once
// a finger (not the mouse) has moved 10 pixels with the button held, on a grid or on nothing
// interactive (sliders keep their drag), the windows under it scroll with it, innermost first.
struct TouchScroll {
    bool scrolling = false;    // this press became a scroll
    bool scrolled = false;     // ... and the release that ends it is not a click
    bool grid_active = false;  // a grid's button is held (set while drawing; read next frame)
    ImGuiWindow* window = nullptr;  // the window under the finger when the scroll began
};
TouchScroll g_touch;

void touch_scroll(const View& v) {
    ImGuiIO& io = ImGui::GetIO();
    ImGuiContext& g = *GImGui;
    const bool grid_held = g_touch.grid_active;
    g_touch.grid_active = false;
    if (!io.MouseDown[0]) {
        g_touch.scrolled = g_touch.scrolling && ImGui::IsMouseReleased(0);  // swallow this release
        g_touch.scrolling = false;
        return;
    }
    g_touch.scrolled = false;
    if (!v.touch || v.fingers > 1) return;  // the mouse, or a pinch (the app zooms)
    if (!g_touch.scrolling) {
        // Free: nothing held, a grid held, or only a window's background (ImGui holds its "move" id).
        const bool on_background = g.ActiveIdWindow && g.ActiveId == g.ActiveIdWindow->MoveId;
        const bool free = !ImGui::IsAnyItemActive() || grid_held || on_background;
        if (!free || !ImGui::IsMouseDragging(0, 10.0f)) return;
        g_touch.scrolling = true;
        g_touch.window = g.HoveredWindow;  // keeps scrolling this window even if the finger leaves it
    }
    float dx = io.MouseDelta.x, dy = io.MouseDelta.y;
    for (ImGuiWindow* w = g_touch.window; w && (dx != 0.0f || dy != 0.0f); w = w->ParentWindow) {
        if (dy != 0.0f && w->ScrollMax.y > 0.0f) {
            ImGui::SetScrollY(w, std::clamp(w->Scroll.y - dy, 0.0f, w->ScrollMax.y));
            dy = 0.0f;
        }
        if (dx != 0.0f && w->ScrollMax.x > 0.0f) {
            ImGui::SetScrollX(w, std::clamp(w->Scroll.x - dx, 0.0f, w->ScrollMax.x));
            dx = 0.0f;
        }
    }
}

// ---- keyboard focus ------------------------------------------------------------------------------
// Tab / Shift+Tab walk a ring of the explainable grids in the order they are drawn (ImGui 1.86 tabs
// only between text fields, so capiton keeps its own ring); Esc leaves it. Inside a focused grid
// the arrow keys move a cell cursor (so ← / → move the cursor there, not the stage) and the cell
// under it explains itself exactly as a hovered cell does.
struct KeyFocus {
    std::string id;        // ring entry with the focus ("grid:scores"…), empty for none
    int row = 0, col = 0;  // the cell cursor
    bool moved = true;     // scroll it into view on this frame
};
KeyFocus g_focus;
std::vector<std::string> g_ring_prev, g_ring_now;  // entries drawn in the last / this frame

// Handles Tab, Shift+Tab and Esc against the entries of the last frame. Returns true while a grid or
// a vector of the similarity stage holds the focus (the arrow keys then belong to it).
bool update_key_focus() {
    g_ring_prev = std::move(g_ring_now);
    g_ring_now.clear();
    const ImGuiIO& io = ImGui::GetIO();
    const auto found = std::find(g_ring_prev.begin(), g_ring_prev.end(), g_focus.id);
    if (found == g_ring_prev.end()) g_focus.id.clear();  // its grid is gone (another stage, a layer off)
    const bool tab = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab), false);
    if (io.WantTextInput) {
        if (!tab) return false;
        ImGui::ClearActiveID();  // Tab leaves the sentence box for the next stop
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) g_focus.id.clear();
    if (tab && !g_ring_prev.empty()) {
        const int n = static_cast<int>(g_ring_prev.size());
        const int at = g_focus.id.empty() ? -1 : static_cast<int>(found - g_ring_prev.begin());
        const int next = io.KeyShift ? (at < 0 ? n - 1 : at - 1) : at + 1;
        g_focus = KeyFocus{};
        if (next >= 0 && next < n) g_focus.id = g_ring_prev[static_cast<std::size_t>(next)];  // past the end: none
    }
    return g_focus.id.rfind("grid:", 0) == 0 || g_focus.id.rfind("vector:", 0) == 0;  // these take the arrows
}

// Makes the last ImGui item a stop of the ring and draws the focus ring around it when it has the
// focus. Returns the key pressed on it this frame: 0 none, 1 Enter or Space (act as a click),
// +2 / −2 ↓ / ↑ (next / previous value of a menu or a slider).
int key_stop(const std::string& id) {
    g_ring_now.push_back(id);
    record_last_item(id);  // every stop is findable by tests and tools (ui::widget_rect)
    if (g_focus.id != id) return 0;
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImGui::GetForegroundDrawList()->AddRect(ImVec2(a.x - 3.0f, a.y - 3.0f), ImVec2(b.x + 3.0f, b.y + 3.0f),
                                            ImGui::GetColorU32(kAccent), 5.0f, 0, 2.5f);
    if (g_focus.moved) {
        ImGui::ScrollToRect(ImGui::GetCurrentWindow(), ImRect(ImVec2(a.x, a.y - 8.0f), ImVec2(b.x, b.y + 8.0f)),
                            ImGuiScrollFlags_KeepVisibleEdgeX | ImGuiScrollFlags_KeepVisibleEdgeY);
        g_focus.moved = false;
    }
    if (ImGui::GetIO().WantTextInput) return 0;
    const auto pressed = [](ImGuiKey k, bool repeat) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), repeat); };
    if (pressed(ImGuiKey_Enter, false) || pressed(ImGuiKey_KeyPadEnter, false) || pressed(ImGuiKey_Space, false)) return 1;
    if (pressed(ImGuiKey_DownArrow, false)) return 2;  // one step per press, as everywhere
    if (pressed(ImGuiKey_UpArrow, false)) return -2;
    return 0;
}

// A button, checkbox or token as a ring stop: true when clicked or activated from the keyboard.
bool activated(bool clicked, const std::string& id) {
    const bool key = key_stop(id) == 1;
    return clicked || key;
}

// Registers a grid in the ring; true when it has the focus, with the cursor moved by the arrow keys
// and kept inside rows × cols.
bool grid_focus(const std::string& id, int rows, int cols) {
    g_ring_now.push_back(id);
    if (g_focus.id != id) return false;
    const int row = g_focus.row, col = g_focus.col;
    if (!ImGui::GetIO().WantTextInput) {
        // One move per press (no auto-repeat: a slow frame must not turn one press into several).
        const auto pressed = [](ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), false); };
        g_focus.row += (pressed(ImGuiKey_DownArrow) ? 1 : 0) - (pressed(ImGuiKey_UpArrow) ? 1 : 0);
        g_focus.col += (pressed(ImGuiKey_RightArrow) ? 1 : 0) - (pressed(ImGuiKey_LeftArrow) ? 1 : 0);
    }
    g_focus.row = std::clamp(g_focus.row, 0, std::max(rows - 1, 0));
    g_focus.col = std::clamp(g_focus.col, 0, std::max(cols - 1, 0));
    g_focus.moved = g_focus.moved || row != g_focus.row || col != g_focus.col;
    return true;
}
ImVec4 kOperand = kLight.operand;

std::string num(float v) {
    char buf[32];
    format_value(buf, sizeof buf, v);
    return buf;
}

std::string cell_name(const Session& s, MatrixId m, Axis rows, Axis cols, int i, int j) {
    return std::string(matrix_name(m)) + "[" + axis_label(s, rows, i) + "][" + axis_label(s, cols, j) + "]";
}

// "a0×b0 + a1×b1 + …", wrapped every `per_line` terms, at most `max_terms` terms then "…".
void product_lines(const std::vector<float>& a, const std::vector<float>& b, const std::vector<std::string>* labels) {
    const std::size_t per_line = labels ? 3 : 4, max_terms = 12;
    std::string line;
    ImGui::PushTextWrapPos(-1.0f);  // never break a formula inside a number
    for (std::size_t k = 0; k < a.size() && k < max_terms; ++k) {
        if (!line.empty()) line += " + ";
        line += num(a[k]) + "\xc3\x97" + (b[k] < 0.0f ? "(" + num(b[k]) + ")" : num(b[k]));
        if (labels) line += " (" + (*labels)[k] + ")";
        if ((k + 1) % per_line == 0 || k + 1 == a.size() || k + 1 == max_terms) {
            ImGui::TextUnformatted(((k < per_line ? "= " : "  + ") + line).c_str());
            line.clear();
        }
    }
    if (a.size() > max_terms) ImGui::TextColored(kMuted, "%s", TF("explain.more_terms", static_cast<int>(a.size())).c_str());
    ImGui::PopTextWrapPos();
}

void explanation_tooltip(const Session& s, const Grid& g, const Explanation& e) {
    const auto& tok = s.trace().tokens;
    const std::string here = cell_name(s, e.matrix, g.rows, g.cols, e.row, e.col);
    ImGui::BeginTooltip();
    const float tip_w = ImGui::GetFontSize() * 34.0f;
    ImGui::PushFont(g_bold);
    ImGui::Text("%s = %s", here.c_str(), num(e.value).c_str());
    ImGui::PopFont();
    switch (e.kind) {
        case ExplanationKind::Table:
            paragraph(TF("explain.table", tok[static_cast<std::size_t>(e.row)].c_str()).c_str(), tip_w, &kMuted);
            break;
        case ExplanationKind::Sinusoid:
            ImGui::Text("= %s(%d \xc3\x97 %.4f) = %s(%.4f)", e.cosine ? "cos" : "sin", e.position, e.rate,
                        e.cosine ? "cos" : "sin", e.position * e.rate);
            ImGui::TextColored(kMuted, "%s", TF("explain.sinusoid_note", e.position + 1, e.col + 1, e.col - e.col % 2,
                                                  s.config().d_model).c_str());
            break;
        case ExplanationKind::Sum:
            ImGui::TextUnformatted(TF("explain.sum", num(e.a[0]).c_str(), num(e.b[0]).c_str()).c_str());
            break;
        case ExplanationKind::Parameter:
            paragraph(T("explain.parameter"), tip_w, &kMuted);
            break;
        case ExplanationKind::Context:
            paragraph(T("stage.seq2seq.same_c_help"), tip_w, &kMuted);
            break;
        case ExplanationKind::DotProduct: {
            if (e.matrix == MatrixId::Scores) {
                ImGui::TextUnformatted(TF("explain.scores", axis_label(s, Axis::Tokens, e.row).c_str(),
                                          axis_label(s, Axis::Tokens, e.col).c_str()).c_str());
                product_lines(e.a, e.b, nullptr);
            } else if (e.matrix == MatrixId::Output) {
                ImGui::TextUnformatted(TF("explain.output", axis_label(s, Axis::Tokens, e.row).c_str(), e.col + 1).c_str());
                std::vector<std::string> labels;
                for (std::size_t k = 0; k < tok.size(); ++k) labels.push_back(axis_label(s, Axis::Tokens, static_cast<int>(k)));
                product_lines(e.a, e.b, &labels);
            } else {  // Q, K, V
                const char* w = e.matrix == MatrixId::Q ? "W_Q" : e.matrix == MatrixId::K ? "W_K" : "W_V";
                ImGui::TextUnformatted(TF("explain.projection", axis_label(s, Axis::Tokens, e.row).c_str(), e.col + 1, w).c_str());
                product_lines(e.a, e.b, nullptr);
            }
            ImGui::Text("= %s", num(e.value).c_str());
            break;
        }
        case ExplanationKind::Scale:
            ImGui::TextUnformatted(TF("explain.scale", num(e.a[0]).c_str(), s.config().d_k, num(e.a[0]).c_str(),
                                      static_cast<double>(e.divisor)).c_str());
            break;
        case ExplanationKind::Mask:
            if (e.allowed) {
                ImGui::TextUnformatted(TF("explain.mask_kept", num(e.a[0]).c_str()).c_str());
                paragraph(TF("explain.mask_allowed", tok[static_cast<std::size_t>(e.row)].c_str(),
                             tok[static_cast<std::size_t>(e.col)].c_str()).c_str(), tip_w, &kMuted);
            } else {
                paragraph(TF("explain.mask_hidden", tok[static_cast<std::size_t>(e.col)].c_str(),
                             tok[static_cast<std::size_t>(e.row)].c_str()).c_str(), tip_w, &kMuted);
            }
            break;
        case ExplanationKind::Softmax: {
            const std::size_t j = static_cast<std::size_t>(e.col);
            ImGui::Text("= exp(%s \xe2\x88\x92 %s) / \xce\xa3 = %.4f / %.4f", num(e.logits[j]).c_str(), num(e.row_max).c_str(),
                        static_cast<double>(e.exps[j]), static_cast<double>(e.exp_sum));
            std::string line = "\xce\xa3 = ";
            for (std::size_t k = 0; k < e.exps.size() && k < 12; ++k) {
                if (k) line += " + ";
                char buf[48];
                std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(e.exps[k]));
                line += buf;
            }
            if (e.exps.size() > 12) line += " + \xe2\x80\xa6";
            ImGui::TextUnformatted(line.c_str());
            paragraph(TF("explain.softmax_terms", num(e.row_max).c_str()).c_str(), tip_w, &kMuted);
            break;
        }
    }
    ImGui::EndTooltip();
}

// Outlines this grid's cells that the hovered explanation reads.
void draw_operands(ImDrawList* dl, const Grid& g, ImVec2 cells_origin, float cell_w, float cell_h) {
    if (!g_hover_prev.valid) return;
    const ImU32 col = ImGui::GetColorU32(kOperand);
    const auto rect = [&](int i0, int i1, int j0, int j1) {  // inclusive cell ranges
        dl->AddRect(ImVec2(cells_origin.x + cell_w * static_cast<float>(j0) - 1.0f, cells_origin.y + cell_h * static_cast<float>(i0) - 1.0f),
                    ImVec2(cells_origin.x + cell_w * static_cast<float>(j1 + 1) - 1.0f, cells_origin.y + cell_h * static_cast<float>(i1 + 1) - 1.0f),
                    col, 3.0f, 0, 2.5f);
    };
    const Explanation& e = g_hover_prev.e;
    const int rows = static_cast<int>(g.m->rows()), cols = static_cast<int>(g.m->cols());
    if (e.matrix == g.id && e.row < rows && e.col < cols) rect(e.row, e.row, e.col, e.col);
    for (const Operand& op : e.operands) {
        if (op.matrix != g.id || op.row >= rows || op.col >= cols) continue;
        rect(op.row < 0 ? 0 : op.row, op.row < 0 ? rows - 1 : op.row, op.col < 0 ? 0 : op.col, op.col < 0 ? cols - 1 : op.col);
    }
}

// Draws one matrix as a labelled colour grid. Clicking a row of a token-row grid selects that token
// (its query is then highlighted in every grid); clicking it again clears the selection.
// The largest finite |value| of a matrix: a signed grid's full colour.
float largest_magnitude(const Matrix& m) {
    float max_abs = 0.0f;
    for (Eigen::Index i = 0; i < m.size(); ++i)
        if (std::isfinite(m.data()[i])) max_abs = std::max(max_abs, std::fabs(m.data()[i]));
    return max_abs;
}

// What the heatmap painter needs for matrix m drawn from `at` in cells of cell_w × cell_h, with the
// current theme's colours for 0, faded rows and −∞.
HeatmapCells heatmap_cells(const Matrix& m, float max_abs, Palette palette, int dim_except_row, ImVec2 at,
                           float cell_w, float cell_h, float gap, float radius) {
    const ImVec4 base = g_theme->cell_base, faded = g_theme->cell_dim, masked = g_theme->masked;
    return {m.data(), static_cast<int>(m.rows()), static_cast<int>(m.cols()), max_abs,
            palette == Palette::Weights ? 1 : 0, dim_except_row, at.x, at.y, cell_w, cell_h, gap, radius,
            {base.x, base.y, base.z}, {faded.x, faded.y, faded.z}, {masked.x, masked.y, masked.z}};
}

// Keeps a copy of a grid as printed, for screen readers and the exports (accessible_json, Download).
void copy_table(const char* name, const char* caption, const Matrix& m, std::vector<std::string> rows,
                std::vector<std::string> cols) {
    TableCopy table{{name, caption, std::move(rows), std::move(cols), m}, {}};
    char buf[32];
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        table.cells.emplace_back();
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            format_value(buf, sizeof buf, m(i, j));
            table.cells.back().emplace_back(buf);
        }
    }
    g_tables_now.push_back(std::move(table));
}

void draw_grid(Session& s, const Grid& g) {
    const Matrix& m = *g.m;
    const float cell_w = cell_width(s, g);
    const float cell_h = ImGui::GetTextLineHeight() + 8.0f;
    const float label_w = label_width(s, g);
    const float w = grid_width(g, cell_w, label_w);
    const float h = cell_h * static_cast<float>(m.rows() + 1);

    ImGui::BeginGroup();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(g.name);
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "(%d \xc3\x97 %d)", static_cast<int>(m.rows()), static_cast<int>(m.cols()));
    // The colour scale of this grid: full colour at the largest magnitude (each grid has its own).
    const float max_abs = largest_magnitude(m);
    ImGui::SameLine();
    if (g.palette == Palette::Weights)
        ImGui::TextColored(kMuted, "  %s", T("app.colours_weights"));
    else
        ImGui::TextColored(kMuted, "  %s", TF("app.colours_signed", static_cast<double>(max_abs)).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("app.colours_help"));
    paragraph(T(g.caption), std::max(w, 220.0f), &kMuted);

    // Scroll sideways inside a child when the grid is wider than the window.
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool scroll = w > avail;
    if (scroll) {
        const float sb = ImGui::GetStyle().ScrollbarSize;
        ImGui::BeginChild(g.name, ImVec2(avail, h + sb + 4.0f), false, ImGuiWindowFlags_HorizontalScrollbar);
    }
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::PushID(g.name);
    ImGui::InvisibleButton("grid", ImVec2(w, h));
    const bool hovered = ImGui::IsItemHovered();
    // A click selects on release, and not at the end of a finger's scroll (touch_scroll).
    const bool clicked = ImGui::IsItemDeactivated() && hovered && !g_touch.scrolled;
    if (ImGui::IsItemActive()) g_touch.grid_active = true;
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 ink = ImGui::GetColorU32(kInk);
    const ImU32 muted = ImGui::GetColorU32(kMuted);
    const ImU32 accent = ImGui::GetColorU32(kAccent);
    const int sel = s.selected_token();
    const bool token_rows = g.rows == Axis::Tokens;

    // column labels
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
        const std::string lab = axis_label(s, g, false, static_cast<int>(j));
        const ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
        const float x = origin.x + label_w + cell_w * static_cast<float>(j);
        const bool focus = g.cols == Axis::Tokens && sel >= 0 && s.focus_of(sel).key == j;
        dl->AddText(ImVec2(x + (cell_w - std::min(ts.x, cell_w)) * 0.5f, origin.y + 4.0f), focus ? accent : muted, lab.c_str());
    }
    // rows
    const Focus focus = s.focus_of(sel);
    constexpr float kGap = 2.0f, kRadius = 3.0f;
    const HeatmapCells cells = heatmap_cells(m, max_abs, g.palette, token_rows ? sel : -1,
                                             ImVec2(origin.x + label_w, origin.y + cell_h), cell_w, cell_h, kGap, kRadius);
    const bool painted = g_painter && g_painter(dl, cells);
    char buf[32];
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        const float y = origin.y + cell_h * static_cast<float>(i + 1);
        const bool selected_row = token_rows && sel == i;
        const bool dim = token_rows && sel >= 0 && !selected_row;
        const std::string lab = axis_label(s, g, true, static_cast<int>(i));
        dl->AddText(ImVec2(origin.x, y + 4.0f), selected_row ? accent : (token_rows ? ink : muted), lab.c_str());
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            const float v = m(i, j);
            const ImVec2 a(origin.x + label_w + cell_w * static_cast<float>(j), y);
            const ImVec2 b(a.x + cell_w - kGap, a.y + cell_h - kGap);
            ImVec4 c = cell_colour(v, max_abs, g.palette);
            if (dim) c = lerp(c, g_theme->cell_dim, 0.55f);
            if (!painted) dl->AddRectFilled(a, b, ImGui::GetColorU32(c), kRadius);
            format_value(buf, sizeof buf, v);
            const float lum = 0.3f * c.x + 0.59f * c.y + 0.11f * c.z;
            const ImU32 text = lum < 0.55f ? IM_COL32(255, 255, 255, 255) : (dim ? muted : ink);
            const ImVec2 ts = ImGui::CalcTextSize(buf);
            dl->AddText(ImVec2(b.x - ts.x - 5.0f, a.y + 3.0f), text, buf);
            if (selected_row && g.cols == Axis::Tokens && focus.key == j)
                dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), accent, 3.0f, 0, 2.5f);
        }
        if (selected_row)
            dl->AddRect(ImVec2(origin.x - 3.0f, y - 1.0f), ImVec2(origin.x + w, y + cell_h), accent, 4.0f, 0, 2.0f);
    }
    draw_operands(dl, g, ImVec2(origin.x + label_w, origin.y + cell_h), cell_w, cell_h);
    const std::string rect_id = std::string("grid:") + (g.rect_name ? g.rect_name : matrix_name(g.id));
    std::vector<std::string> row_names, col_names;
    for (Eigen::Index i = 0; i < m.rows(); ++i) row_names.push_back(axis_label(s, g, true, static_cast<int>(i)));
    for (Eigen::Index j = 0; j < m.cols(); ++j) col_names.push_back(axis_label(s, g, false, static_cast<int>(j)));
    copy_table(g.name, T(g.caption), m, std::move(row_names), std::move(col_names));
    record_rect(rect_id, ImVec2(origin.x + label_w, origin.y + cell_h), ImVec2(origin.x + w, origin.y + h));

    // keyboard: the cell cursor, explained like a hovered cell while the mouse is elsewhere
    if (g.explainable && grid_focus(rect_id, static_cast<int>(m.rows()), static_cast<int>(m.cols()))) {
        const ImVec2 a(origin.x + label_w + cell_w * static_cast<float>(g_focus.col),
                       origin.y + cell_h * static_cast<float>(g_focus.row + 1));
        dl->AddRect(ImVec2(origin.x - 2.0f, origin.y - 2.0f), ImVec2(origin.x + w + 2.0f, origin.y + h + 2.0f),
                    ImGui::GetColorU32(kMuted), 4.0f, 0, 1.0f);
        dl->AddRect(ImVec2(a.x - 2.0f, a.y - 2.0f), ImVec2(a.x + cell_w, a.y + cell_h), ink, 3.0f, 0, 3.0f);
        if (g_focus.moved) {
            ImGuiWindow* win = ImGui::GetCurrentWindow();
            const ImRect r(ImVec2(a.x - 8.0f, a.y - cell_h - 8.0f), ImVec2(a.x + cell_w + 8.0f, a.y + 2.0f * cell_h + 8.0f));
            ImGui::ScrollToRect(win, r, ImGuiScrollFlags_KeepVisibleEdgeX | ImGuiScrollFlags_KeepVisibleEdgeY);
            if (scroll && win->ParentWindow) ImGui::ScrollToRect(win->ParentWindow, r, ImGuiScrollFlags_KeepVisibleEdgeY);
            g_focus.moved = false;
        }
        Explanation e;
        if (!hovered && explain(s, g.id, g_focus.row, g_focus.col, &e)) {
            const bool below = a.y < ImGui::GetIO().DisplaySize.y * 0.5f;  // else above: stay on screen
            ImGui::SetNextWindowPos(ImVec2(a.x, below ? a.y + cell_h + 6.0f : a.y - 8.0f), 0,
                                    ImVec2(0.0f, below ? 0.0f : 1.0f));
            explanation_tooltip(s, g, e);
            g_hover_now.valid = true;
            g_hover_now.e = std::move(e);
        }
    }

    // hover: the exact value and where it sits; click: select that row's token
    if (hovered) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const int i = static_cast<int>(std::floor((mp.y - origin.y) / cell_h)) - 1;
        const int j = static_cast<int>(std::floor((mp.x - origin.x - label_w) / cell_w));
        if (i >= 0 && i < m.rows()) {
            if (token_rows) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            if (clicked && token_rows) (void)s.select_token(sel == i ? -1 : i);
            Explanation e;
            if (g.explainable && j >= 0 && j < m.cols() && explain(s, g.id, i, j, &e)) {
                explanation_tooltip(s, g, e);
                g_hover_now.valid = true;
                g_hover_now.e = std::move(e);
            }
        }
    }
    if (scroll) ImGui::EndChild();
    ImGui::EndGroup();
}

// Lays grids out left to right, wrapping to a new line when the next one does not fit.
void draw_grids(Session& s, std::initializer_list<Grid> grids) {
    const float right = ImGui::GetWindowContentRegionMax().x;
    bool first = true;
    for (const Grid& g : grids) {
        const float cell_w = cell_width(s, g);
        const float w = std::max(grid_width(g, cell_w, label_width(s, g)), 160.0f);
        if (!first) {
            ImGui::SameLine(0.0f, 28.0f);
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        first = false;
        draw_grid(s, g);
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Stage panels, in lesson order
// ---------------------------------------------------------------------------------------------

void token_chips(Session& s) {
    const auto& tokens = s.trace().tokens;
    const float right = ImGui::GetWindowContentRegionMax().x;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        char label[160];
        std::snprintf(label, sizeof label, "%d  %s##tok%d", static_cast<int>(i + 1),
                      short_label(tokens[i], 24).c_str(), static_cast<int>(i));
        const float w = ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
        if (i > 0) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        const bool sel = s.selected_token() == static_cast<int>(i);
        if (sel) ImGui::PushStyleColor(ImGuiCol_Button, kAccent);
        if (sel) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (activated(ImGui::Button(label), "token:" + std::to_string(i)))
            (void)s.select_token(sel ? -1 : static_cast<int>(i));
        record_last_item("token:" + std::to_string(i));
        if (sel) ImGui::PopStyleColor(2);
    }
    ImGui::Spacing();
    ImGui::TextColored(kMuted, "%s", TF("app.tokens_count", static_cast<int>(tokens.size())).c_str());
}

void focus_line(const Session& s) {
    const int sel = s.selected_token();
    const float width = std::min(ImGui::GetContentRegionAvail().x, 900.0f);
    if (sel < 0) {
        paragraph(T("app.follow_hint"), width, &kMuted);
        return;
    }
    const Focus f = s.focus_of(sel);
    const auto& t = s.trace().tokens;
    if (f.key < 0) return;
    paragraph(TF("app.focus", short_label(t[static_cast<std::size_t>(sel)], 24).c_str(),
                 short_label(t[static_cast<std::size_t>(f.key)], 24).c_str(), static_cast<double>(f.weight)).c_str(),
              width, &kAccent);
}

// The seq2seq stage: a recurrent encoder squeezes the sentence into one vector; early words fade.
void seq2seq_panel(Session& s) {
    const Seq2Seq& r = s.seq2seq();
    const float width = std::min(ImGui::GetContentRegionAvail().x, 900.0f);
    int n = s.seq2seq_length();
    ImGui::SetNextItemWidth(std::min(360.0f, width * 0.5f));
    bool moved = ImGui::SliderInt(T("stage.seq2seq.length"), &n, kSeq2SeqMinLength, kSeq2SeqMaxLength);
    if (const int k = key_stop("seq2seq:length"); k == 2 || k == -2) {  // ↑ / ↓: one word more / less
        n = std::clamp(n - k / 2, kSeq2SeqMinLength, kSeq2SeqMaxLength);
        moved = true;
    }
    if (moved) (void)s.set_seq2seq_length(n);
    record_last_item("seq2seq:length");
    std::string words;
    for (const std::string& t : r.tokens) words += t + " ";
    paragraph(words.c_str(), width, &kMuted);
    ImGui::Spacing();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(T("stage.seq2seq.influence"));
    ImGui::PopFont();
    paragraph(T("stage.seq2seq.influence_help"), width, &kMuted);
    float top = 0.0f;
    for (float x : r.influence) top = std::max(top, x);
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, kAccent);
    ImGui::PlotHistogram("##influence", r.influence.data(), static_cast<int>(r.influence.size()), 0, nullptr, 0.0f,
                         top * 1.05f, ImVec2(width, 120.0f));
    ImGui::PopStyleColor();
    if (!r.influence.empty())
        ImGui::TextUnformatted(TF("stage.seq2seq.first_last", static_cast<double>(r.influence.front()),
                                  static_cast<double>(r.influence.back()), static_cast<double>(r.fade)).c_str());
    ImGui::Spacing();
    const Trace& t = s.trace();
    const float col_w = std::max(260.0f, (ImGui::GetContentRegionAvail().x - 28.0f) * 0.5f);
    ImGui::BeginGroup();
    ImGui::PushFont(g_bold);
    paragraph(T("stage.seq2seq.same_c"), col_w);
    ImGui::PopFont();
    draw_grid(s, {MatrixId::Context, "c", "stage.seq2seq.same_c_help", &r.decoder_inputs, Axis::Steps, Axis::Features,
                  Palette::Signed});
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, 28.0f);
    ImGui::BeginGroup();
    ImGui::PushFont(g_bold);
    paragraph(T("stage.seq2seq.own_weights"), col_w);
    ImGui::PopFont();
    draw_grid(s, {MatrixId::Weights, "weights", "stage.seq2seq.own_weights_help", &t.weights, Axis::Tokens, Axis::Tokens,
                  Palette::Weights});
    ImGui::EndGroup();
}

// The similarity stage: two draggable 2-D vectors with their dot product and cosine.
int g_dragging = -1;  // 0 = a, 1 = b, -1 = none

void similarity_panel(Session& s) {
    const float size = 300.0f, range = kSimilarityRange, scale = size / (2.0f * range);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const ImVec2 centre(o.x + size * 0.5f, o.y + size * 0.5f);
    ImGui::InvisibleButton("##plane", ImVec2(size, size));
    record_last_item("similarity:plane");
    const float* v = s.similarity_vectors();
    const auto to_screen = [&](float x, float y) { return ImVec2(centre.x + x * scale, centre.y - y * scale); };
    const ImVec2 tips[2] = {to_screen(v[0], v[1]), to_screen(v[2], v[3])};
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (ImGui::IsItemActivated()) {  // grab the nearer tip, if the press is close to one
        g_dragging = -1;
        float best = 24.0f * 24.0f;
        for (int k = 0; k < 2; ++k) {
            const float dx = mouse.x - tips[k].x, dy = mouse.y - tips[k].y;
            if (dx * dx + dy * dy < best) { best = dx * dx + dy * dy; g_dragging = k; }
        }
    }
    if (ImGui::IsItemActive() && g_dragging >= 0) {
        const float x = (mouse.x - centre.x) / scale, y = (centre.y - mouse.y) / scale;
        if (g_dragging == 0) s.set_similarity_vectors(x, y, v[2], v[3]);
        else s.set_similarity_vectors(v[0], v[1], x, y);
    }
    if (!ImGui::IsItemActive()) g_dragging = -1;
    // Keyboard: each tip is a stop of the ring; while it has the focus the arrow keys move it.
    int key_tip = -1;
    for (int k = 0; k < 2; ++k) {
        const std::string id = k == 0 ? "vector:a" : "vector:b";
        (void)key_stop(id);
        if (g_focus.id != id) continue;
        key_tip = k;
        if (ImGui::GetIO().WantTextInput) continue;
        const auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), false) ? 1.0f : 0.0f; };
        const float dx = 0.25f * (pressed(ImGuiKey_RightArrow) - pressed(ImGuiKey_LeftArrow));
        const float dy = 0.25f * (pressed(ImGuiKey_UpArrow) - pressed(ImGuiKey_DownArrow));
        if (dx != 0.0f || dy != 0.0f) {
            if (k == 0) s.set_similarity_vectors(v[0] + dx, v[1] + dy, v[2], v[3]);
            else s.set_similarity_vectors(v[0], v[1], v[2] + dx, v[3] + dy);
        }
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + size, o.y + size), ImGui::GetColorU32(g_theme->panel), 6.0f);
    for (int k = -static_cast<int>(range); k <= static_cast<int>(range); ++k) {
        const ImU32 c = ImGui::GetColorU32(k == 0 ? g_theme->axis : g_theme->grid_line);
        dl->AddLine(to_screen(static_cast<float>(k), -range), to_screen(static_cast<float>(k), range), c);
        dl->AddLine(to_screen(-range, static_cast<float>(k)), to_screen(range, static_cast<float>(k)), c);
    }
    const ImU32 colours[2] = {ImGui::GetColorU32(kOrange), ImGui::GetColorU32(kBlue)};
    for (int k = 0; k < 2; ++k) {
        const ImVec2 tip = tips[k];
        const float dx = tip.x - centre.x, dy = tip.y - centre.y, len = std::sqrt(dx * dx + dy * dy);
        dl->AddLine(centre, tip, colours[k], 3.0f);
        if (len > 1.0f) {  // arrow head
            const float ux = dx / len, uy = dy / len;
            dl->AddTriangleFilled(tip, ImVec2(tip.x - 12 * ux + 6 * uy, tip.y - 12 * uy - 6 * ux),
                                  ImVec2(tip.x - 12 * ux - 6 * uy, tip.y - 12 * uy + 6 * ux), colours[k]);
        }
        dl->AddCircle(tip, k == key_tip ? 12.0f : 9.0f, k == key_tip ? ImGui::GetColorU32(kInk) : colours[k], 0,
                      k == key_tip ? 3.0f : 2.0f);
        dl->AddText(g_bold, g_bold->FontSize, ImVec2(tip.x + 10, tip.y - 22), colours[k], k == 0 ? "a" : "b");
    }
    if (ImGui::IsItemHovered() && g_dragging < 0) ImGui::SetTooltip("%s", T("stage.similarity.drag"));
    ImGui::SameLine(0.0f, 28.0f);
    ImGui::BeginGroup();
    const Similarity sim = s.similarity();
    const double ax = v[0], ay = v[1], bx = v[2], by = v[3];
    ImGui::PushFont(g_big);
    ImGui::TextUnformatted(TF("stage.similarity.readout", ax, ay, bx, by).c_str());
    ImGui::TextUnformatted(TF("stage.similarity.dot", ax, bx, ay, by, static_cast<double>(sim.dot)).c_str());
    ImGui::TextUnformatted(TF("stage.similarity.cosine", static_cast<double>(sim.norm_a), static_cast<double>(sim.norm_b),
                              static_cast<double>(sim.cosine), static_cast<double>(sim.angle_degrees)).c_str());
    ImGui::PopFont();
    ImGui::Spacing();
    paragraph(T("stage.similarity.length_note"), std::clamp(ImGui::GetContentRegionAvail().x - 20.0f, 240.0f, 560.0f), &kMuted);
    ImGui::EndGroup();
}

// ---- annotation layers -----------------------------------------------------------------------
// A note box on each stage a switched-on layer has a text for (layer.<id>.<stage> in the catalogs),
// about the actual tokens: the annotated query, the key it weights most, and that weight.
void layer_toggles(Session& s) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kMuted, "%s", T("layer.title"));
    for (const char* id : kLayerIds) {
        same_line_or_wrap(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                          ImGui::CalcTextSize(T(std::string("layer.") + id)).x);
        bool on = s.layer_on(id);
        const bool clicked = ImGui::Checkbox(T(std::string("layer.") + id), &on);
        if (key_stop(std::string("layer:") + id) == 1) on = !on;
        if (clicked || on != s.layer_on(id)) (void)s.set_layer(id, on);
        record_last_item(std::string("layer:") + id);
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            paragraph(T(std::string("layer.") + id + ".help"), ImGui::GetFontSize() * 30.0f);
            ImGui::EndTooltip();
        }
    }
}

// The two meanings of "apple": the layer's two sentences (from the catalog, split at spaces) through
// the hand-set layer of core/apple.h.
struct ApplePair {
    AppleSentence fruit, company;
    float cosine = 0.0f;  // between the two outputs of "apple"
};

std::vector<std::string> split_words(const char* text) {
    std::vector<std::string> out;
    std::string cur;
    for (const char* p = text; *p; ++p) {
        if (*p == ' ') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += *p;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

ApplePair apple_pair() {
    ApplePair p;
    p.fruit = apple_sentence(split_words(T("layer.apple.fruit_sentence")));
    p.company = apple_sentence(split_words(T("layer.apple.company_sentence")));
    p.cosine = apple_cosine(p.fruit, p.company);
    return p;
}

// The (fruit, company) plane with the two outputs of "apple" as arrows from the origin.
void apple_plane(const ApplePair& p) {
    const float size = ImGui::GetFontSize() * 9.0f, pad = ImGui::GetFontSize() * 1.4f;
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(T("layer.apple.plane"));
    ImGui::PopFont();
    const float line = ImGui::GetTextLineHeight();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size + pad, size + 2.0f * line + 4.0f));
    record_rect("apple-plane", o, ImVec2(o.x + size + pad, o.y + size + 2.0f * line + 4.0f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float top = o.y + line + 2.0f;         // the y axis label sits above the plane
    const ImVec2 origin(o.x + pad, top + size);  // (0, 0); the plane shows [0, 1]²
    dl->AddRectFilled(ImVec2(origin.x, top), ImVec2(origin.x + size, origin.y), ImGui::GetColorU32(g_theme->panel), 4.0f);
    const ImU32 axis = ImGui::GetColorU32(g_theme->axis);
    dl->AddLine(origin, ImVec2(origin.x + size, origin.y), axis, 1.5f);
    dl->AddLine(origin, ImVec2(origin.x, top), axis, 1.5f);
    const char* fx = T("layer.apple.axis_fruit");
    const char* cy = T("layer.apple.axis_company");
    dl->AddText(ImVec2(origin.x + size - ImGui::CalcTextSize(fx).x, origin.y + 2.0f), ImGui::GetColorU32(kMuted), fx);
    dl->AddText(ImVec2(origin.x - 4.0f, o.y), ImGui::GetColorU32(kMuted), cy);
    // Labels go right of the tip when there is room, else left of it; always inside the plane.
    const auto arrow = [&](const AppleSentence& a, const ImVec4& colour, const char* label) {
        const float x = a.sense[0], y = a.sense[1];
        const ImVec2 tip(origin.x + size * std::clamp(x, 0.0f, 1.0f), origin.y - size * std::clamp(y, 0.0f, 1.0f));
        const ImU32 c = ImGui::GetColorU32(colour);
        dl->AddLine(origin, tip, c, 2.5f);
        dl->AddCircleFilled(tip, 5.0f, c);
        const ImVec2 ts = ImGui::CalcTextSize(label);
        const bool right = tip.x + 8.0f + ts.x <= origin.x + size;
        const float lx = right ? tip.x + 8.0f : std::max(origin.x + 4.0f, tip.x - 8.0f - ts.x);
        const float ly = std::clamp(right ? tip.y - ts.y * 0.5f : tip.y - ts.y - 6.0f, top + 2.0f, origin.y - ts.y - 2.0f);
        dl->AddText(ImVec2(lx, ly), c, label);
    };
    const std::string apple_word = short_label(p.fruit.trace.tokens[static_cast<std::size_t>(p.fruit.apple)], 12);
    arrow(p.fruit, kAccent, (apple_word + " (" + T("layer.apple.axis_fruit") + ")").c_str());
    arrow(p.company, kOperand, (apple_word + " (" + T("layer.apple.axis_company") + ")").c_str());
}

// One sentence of the pair: its "apple" row of weights and the output of "apple".
void apple_side(Session& s, const AppleSentence& a, const char* title, const char* rect, Matrix* row, Matrix* out) {
    const std::vector<std::string> out_cols = {T("layer.apple.axis_fruit"), T("layer.apple.axis_company")};
    const std::vector<std::string> apple_row = {a.trace.tokens[static_cast<std::size_t>(a.apple)]};
    *row = a.trace.weights.row(a.apple);
    *out = Matrix(1, 2);
    (*out) << a.sense[0], a.sense[1];
    ImGui::BeginGroup();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    Grid w{MatrixId::Weights, "weights", "layer.apple.row_caption", row, Axis::Features, Axis::Features,
           Palette::Weights, false, rect};
    w.row_labels = &apple_row;
    w.col_labels = &a.trace.tokens;
    draw_grid(s, w);
    const std::string out_rect = std::string(rect) + "_output";
    Grid o{MatrixId::Output, "sense", "layer.apple.output_caption", out, Axis::Features, Axis::Features,
           Palette::Weights, false, out_rect.c_str()};
    o.row_labels = &apple_row;
    o.col_labels = &out_cols;
    draw_grid(s, o);
    ImGui::EndGroup();
}

void apple_panel(Session& s, const ApplePair& p, float width) {
    Matrix rows[2], outs[2];
    apple_side(s, p.fruit, T("layer.apple.fruit_title"), "apple_fruit", &rows[0], &outs[0]);
    ImGui::SameLine(0.0f, 28.0f);
    apple_side(s, p.company, T("layer.apple.company_title"), "apple_company", &rows[1], &outs[1]);
    if (s.stage() == Stage::Output) {
        ImGui::SameLine(0.0f, 28.0f);
        const float plane_w = ImGui::GetFontSize() * 10.4f;
        if (ImGui::GetCursorPosX() + plane_w > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
        ImGui::BeginGroup();
        apple_plane(p);
        ImGui::EndGroup();
    }
    paragraph(T("layer.apple.hand_set"), width, &kMuted);
    ImGui::Spacing();
}

void layer_notes(Session& s) {
    const int q = s.annotated_query();
    if (q < 0) return;
    const Focus f = s.focus_of(q);
    const auto& tok = s.trace().tokens;
    char weight[32], percent[32];
    std::snprintf(weight, sizeof weight, "%.2f", static_cast<double>(f.weight));
    std::snprintf(percent, sizeof percent, "%.0f%%", static_cast<double>(f.weight) * 100.0);
    const std::map<std::string, std::string> values = {
        {"query", short_label(tok[static_cast<std::size_t>(q)], 24)},
        {"key", f.key >= 0 ? short_label(tok[static_cast<std::size_t>(f.key)], 24) : std::string("?")},
        {"weight", weight},
        {"percent", percent}};
    std::map<std::string, std::string> all = values;
    SharedComparison cmp;
    const bool comparing = s.layer_on("qkv") && (s.stage() == Stage::Scores || s.stage() == Stage::Weighting);
    if (comparing) {
        cmp = s.shared_comparison();
        all["n"] = std::to_string(tok.size());
        all["self_shared"] = std::to_string(cmp.shared_self_rows);
        all["self_separate"] = std::to_string(cmp.separate_self_rows);
    }
    bool apple = s.layer_on("apple") &&
                 (s.stage() == Stage::Softmax || s.stage() == Stage::Weighting || s.stage() == Stage::Output);
    ApplePair pair;
    if (apple) pair = apple_pair();
    apple = apple && pair.fruit.focus >= 0 && pair.company.focus >= 0;  // both texts hold "apple" (unit-tested)
    if (apple) {
        const auto pct = [](float v) {
            char b[32];
            std::snprintf(b, sizeof b, "%.0f%%", static_cast<double>(v) * 100.0);
            return std::string(b);
        };
        const AppleSentence& fr = pair.fruit;
        const AppleSentence& co = pair.company;
        all["fruit_key"] = short_label(fr.trace.tokens[static_cast<std::size_t>(fr.focus)], 24);
        all["company_key"] = short_label(co.trace.tokens[static_cast<std::size_t>(co.focus)], 24);
        all["fruit_percent"] = pct(fr.trace.weights(fr.apple, fr.focus));
        all["company_percent"] = pct(co.trace.weights(co.apple, co.focus));
        all["fruit_x"] = num(fr.sense[0]);
        all["fruit_y"] = num(fr.sense[1]);
        all["company_x"] = num(co.sense[0]);
        all["company_y"] = num(co.sense[1]);
        all["cosine"] = num(pair.cosine);
    }
    const float width = std::min(ImGui::GetContentRegionAvail().x, 900.0f);
    const ImVec4* tints = g_theme->notes;
    for (std::size_t li = 0; li < kLayerIds.size(); ++li) {
        const std::string id = kLayerIds[li];
        const std::string key = "layer." + id + "." + stage_id(s.stage());
        if (!s.layer_on(id) || !g_catalog[g_lang].has(key)) continue;
        const std::string text = wrap_text(fill_placeholders(T(key), all), width - 24.0f);
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + width, p.y + size.y + 16.0f),
                                                  ImGui::GetColorU32(tints[li]), 6.0f);
        ImGui::SetCursorScreenPos(ImVec2(p.x + 12.0f, p.y + 8.0f));
        ImGui::TextUnformatted(text.c_str());
        record_rect("note:" + id, p, ImVec2(p.x + width, p.y + size.y + 16.0f));
        ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + size.y + 16.0f));
        ImGui::Dummy(ImVec2(width, 4.0f));
        if (id == "qkv" && comparing) {  // the two sets of weights side by side
            ImGui::BeginGroup();
            ImGui::PushFont(g_bold);
            ImGui::TextUnformatted(T("layer.qkv.shared"));
            ImGui::PopFont();
            draw_grid(s, {MatrixId::Weights, "weights", "layer.qkv.shared_help", &cmp.shared.weights, Axis::Tokens,
                          Axis::Tokens, Palette::Weights, false, "shared_weights"});
            ImGui::EndGroup();
            ImGui::SameLine(0.0f, 28.0f);
            ImGui::BeginGroup();
            ImGui::PushFont(g_bold);
            ImGui::TextUnformatted(T("layer.qkv.separate"));
            ImGui::PopFont();
            draw_grid(s, {MatrixId::Weights, "weights", "layer.qkv.separate_help", &s.trace().weights, Axis::Tokens,
                          Axis::Tokens, Palette::Weights, true, "separate_weights"});
            ImGui::EndGroup();
            ImGui::Spacing();
        }
        if (id == "apple" && apple) apple_panel(s, pair, width);
        if (id == "signifier" && s.stage() == Stage::Output) {  // the tree example, one click away
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(T("layer.signifier.tree"));
            ImGui::SameLine();
            if (activated(ImGui::Button(T("layer.signifier.tree_button")), "tree-example")) {
                if (s.set_sentence(T("layer.signifier.tree_sentence")).ok()) {
                    const auto& t = s.trace().tokens;
                    for (std::size_t i = 0; i < t.size(); ++i)
                        if (t[i] == "tree" || t[i] == "\xe6\xa0\x91") (void)s.select_token(static_cast<int>(i));
                }
            }
            record_last_item("tree-example");
        }
    }
}

// ---- experiments (scale and softmax stages) ----------------------------------------------------

// A small line chart of two series over the sweep's d_k values, with a marker at `mark`.
void two_line_chart(const char* id, const char* title, const std::vector<float>& a, const std::vector<float>& b,
                    float y_max, int mark, float width) {
    ImGui::TextUnformatted(title);
    const float h = 130.0f, pad = 6.0f;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, h + 18.0f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + width, o.y + h), ImGui::GetColorU32(g_theme->panel), 4.0f);
    const int n = static_cast<int>(a.size());
    const auto pt = [&](int i, float v) {
        return ImVec2(o.x + pad + (width - 2 * pad) * static_cast<float>(i) / static_cast<float>(n - 1),
                      o.y + h - pad - (h - 2 * pad) * std::clamp(v / y_max, 0.0f, 1.0f));
    };
    const ImU32 ca = ImGui::GetColorU32(kOrange), cb = ImGui::GetColorU32(kBlue);
    dl->AddLine(ImVec2(pt(mark, 0).x, o.y), ImVec2(pt(mark, 0).x, o.y + h), ImGui::GetColorU32(kMuted), 1.5f);
    for (int i = 0; i + 1 < n; ++i) {
        dl->AddLine(pt(i, a[static_cast<std::size_t>(i)]), pt(i + 1, a[static_cast<std::size_t>(i + 1)]), ca, 2.5f);
        dl->AddLine(pt(i, b[static_cast<std::size_t>(i)]), pt(i + 1, b[static_cast<std::size_t>(i + 1)]), cb, 2.5f);
    }
    for (int i = 0; i < n; ++i) {
        dl->AddCircleFilled(pt(i, a[static_cast<std::size_t>(i)]), 3.5f, ca);
        dl->AddCircleFilled(pt(i, b[static_cast<std::size_t>(i)]), 3.5f, cb);
        const std::string lab = std::to_string(kScaleSweep[i]);
        const float tw = ImGui::CalcTextSize(lab.c_str()).x;
        dl->AddText(ImVec2(pt(i, 0).x - tw * 0.5f, o.y + h + 1.0f), ImGui::GetColorU32(kMuted), lab.c_str());
    }
}

// One series over the training steps, optionally on a log scale, in a box `width` wide.
void series_chart(const char* id, const char* title, const std::vector<float>& values, float lo, float hi, bool log,
                  float width, const ImVec4& colour = kAccent, int length = 0) {
    ImGui::TextColored(kMuted, "%s", title);
    const float h = 110.0f, pad = 6.0f;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, h));
    record_last_item(id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + width, o.y + h), ImGui::GetColorU32(g_theme->panel), 4.0f);
    if (values.size() < 2) return;
    const auto y_of = [&](float v) {
        float f = log ? (std::log10(std::max(v, lo)) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : (v - lo) / (hi - lo);
        f = std::clamp(f, 0.0f, 1.0f);
        return o.y + h - pad - (h - 2 * pad) * f;
    };
    const std::size_t n = values.size();
    // x runs over `length` steps when given (a run of known length fills the chart as it goes)
    const float span = static_cast<float>(std::max<std::size_t>(n, static_cast<std::size_t>(std::max(length, 0))) - 1);
    const std::size_t stride = std::max<std::size_t>(1, n / 400);  // at most ~400 segments
    ImVec2 prev(o.x + pad, y_of(values[0]));
    for (std::size_t i = stride; i < n; i += stride) {
        const ImVec2 p(o.x + pad + (width - 2 * pad) * static_cast<float>(i) / span, y_of(values[i]));
        dl->AddLine(prev, p, ImGui::GetColorU32(colour), 2.0f);
        prev = p;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", static_cast<double>(values.back()));
    dl->AddText(ImVec2(o.x + width - ImGui::CalcTextSize(buf).x - pad, o.y + pad), ImGui::GetColorU32(kInk), buf);
}

// The √d_k experiment, trained (core: ScalingRace): the same model learns look-back twice at
// d_k = 256, with and without the division; the two loss curves side by side on the same scale.
void scaling_race_panel(Session& s, float width) {
    ImGui::Spacing();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(T("exp.race.title"));
    ImGui::PopFont();
    paragraph(TF("exp.race.body", ScalingRace::kDk).c_str(), width, &kMuted);
    const ScalingRace* r = s.race();
    const bool running = s.race_running();
    const char* label = running ? T("exp.race.pause") : (r && !r->done() ? T("exp.race.resume") : T("exp.race.start"));
    if (activated(ImGui::Button(label), "race:start")) {
        if (running) s.pause_race();
        else if (r && !r->done()) s.resume_race();
        else s.start_race();
    }
    record_last_item("race:start");
    if (!r) return;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kMuted, "%s", TF("exp.race.step", r->step(), ScalingRace::kSteps).c_str());
    const float chart_w = std::max(200.0f, std::min((width - 28.0f) * 0.5f, 420.0f));
    const Trainer* runs[2] = {&r->raw, &r->scaled};
    const char* titles[2] = {"exp.race.raw", "exp.race.scaled"};
    const char* chart_ids[2] = {"race:raw", "race:scaled"};
    const int k_of[2] = {1, 0};  // top_weight_start and accuracy are indexed scaled, raw
    for (int c = 0; c < 2; ++c) {
        if (c > 0) {
            ImGui::SameLine(0.0f, 28.0f);
            if (ImGui::GetCursorPosX() + chart_w > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
        }
        ImGui::BeginGroup();
        const ImVec4 colour = c == 0 ? kOrange : kBlue;
        series_chart(chart_ids[c], T(titles[c]), runs[c]->losses, 1e-4f, 10.0f, true, chart_w, colour, ScalingRace::kSteps);
        const int k = k_of[c];
        ImGui::TextColored(colour, "%s", TF("exp.race.top_start", static_cast<double>(r->top_weight_start[k])).c_str());
        if (r->accuracy[k] >= 0.0f)
            ImGui::TextColored(colour, "%s", TF("exp.race.accuracy", static_cast<double>(r->accuracy[k]) * 100.0).c_str());
        ImGui::EndGroup();
    }
    if (r->done()) paragraph(T("exp.race.lesson"), width, &kMuted);
}

void scale_experiment_panel(Session& s, View& v) {
    const auto& sweep = s.scale_sweep();
    const float width = std::min(ImGui::GetContentRegionAvail().x, 900.0f);
    ImGui::Spacing();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(T("exp.scale.title"));
    ImGui::PopFont();
    paragraph(T("exp.scale.body"), width, &kMuted);
    ImGui::SetNextItemWidth(std::min(360.0f, width * 0.5f));
    ImGui::SliderInt("##scale_dk", &v.scale_index, 0, static_cast<int>(sweep.size()) - 1,
                     TF("exp.scale.dk", kScaleSweep[v.scale_index]).c_str());
    record_last_item("experiment:dk");
    if (const int k = key_stop("experiment:dk"); k == 2 || k == -2)
        v.scale_index = std::clamp(v.scale_index - k / 2, 0, static_cast<int>(sweep.size()) - 1);
    ImGui::SameLine();
    ImGui::TextColored(kOrange, "\xe2\x80\x94 %s", T("exp.scale.raw"));
    ImGui::SameLine();
    ImGui::TextColored(kBlue, "\xe2\x80\x94 %s", T("exp.scale.scaled"));
    std::vector<float> mw_raw, mw_sc, g_raw, g_sc;
    float g_top = 0.0f;
    for (const ScaleStats& st : sweep) {
        mw_raw.push_back(st.max_w_raw);
        mw_sc.push_back(st.max_w_scaled);
        g_raw.push_back(st.grad_raw);
        g_sc.push_back(st.grad_scaled);
        g_top = std::max({g_top, st.grad_raw, st.grad_scaled});
    }
    const float chart_w = std::max(240.0f, (width - 28.0f) * 0.5f);
    ImGui::BeginGroup();
    two_line_chart("##chart_maxw", T("exp.scale.max_w"), mw_raw, mw_sc, 1.0f, v.scale_index, chart_w);
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, 28.0f);
    ImGui::BeginGroup();
    two_line_chart("##chart_grad", T("exp.scale.grad"), g_raw, g_sc, g_top * 1.1f, v.scale_index, chart_w);
    ImGui::EndGroup();
    const ScaleStats& st = sweep[static_cast<std::size_t>(v.scale_index)];
    paragraph(TF("exp.scale.numbers", st.d_k, static_cast<double>(st.std_raw), static_cast<double>(st.std_scaled),
                 static_cast<double>(st.max_w_raw), static_cast<double>(st.max_w_scaled),
                 static_cast<double>(st.grad_raw), static_cast<double>(st.grad_scaled)).c_str(), width);
    scaling_race_panel(s, width);
}

void softmax_experiment_panel(Session& s, View& v) {
    const float width = std::min(ImGui::GetContentRegionAvail().x, 900.0f);
    const int q = s.annotated_query();
    const auto& tok = s.trace().tokens;
    ImGui::Spacing();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(T("exp.softmax.title"));
    ImGui::PopFont();
    paragraph(T("exp.softmax.body"), width, &kMuted);
    float t = s.config().temperature;
    ImGui::SetNextItemWidth(std::min(360.0f, width * 0.5f));
    bool changed = ImGui::SliderFloat(T("exp.softmax.temperature"), &t, kMinTemperature, kMaxTemperature, "%.2f",
                                      ImGuiSliderFlags_Logarithmic);
    if (const int k = key_stop("experiment:temperature"); k == 2 || k == -2) {  // ↑ / ↓: ×1.25 / ÷1.25
        t = std::clamp(k < 0 ? t * 1.25f : t / 1.25f, kMinTemperature, kMaxTemperature);
        changed = true;
    }
    if (changed) (void)s.set_temperature(t);
    record_last_item("experiment:temperature");
    if (q >= 0) {
        ImGui::TextUnformatted(TF("exp.softmax.row", short_label(tok[static_cast<std::size_t>(q)], 24).c_str(),
                                  static_cast<double>(s.config().temperature)).c_str());
        const Matrix& w = s.trace().weights;
        std::vector<float> row(w.row(q).data(), w.row(q).data() + w.cols());
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImVec4(0.36f, 0.20f, 0.62f, 1));
        ImGui::PlotHistogram("##temperature_row", row.data(), static_cast<int>(row.size()), 0, nullptr, 0.0f, 1.0f,
                             ImVec2(std::min(width, 60.0f * static_cast<float>(row.size())), 90.0f));
        ImGui::PopStyleColor();
    }

    ImGui::Spacing();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(T("exp.overflow.title"));
    ImGui::PopFont();
    paragraph(T("exp.overflow.body"), width, &kMuted);
    ImGui::SetNextItemWidth(std::min(300.0f, width * 0.4f));
    ImGui::SliderFloat(T("exp.overflow.boost"), &v.boost, 1.0f, 200.0f, "%.0f\xc3\x97", ImGuiSliderFlags_Logarithmic);
    record_last_item("experiment:boost");
    if (const int k = key_stop("experiment:boost"); k == 2 || k == -2)
        v.boost = std::clamp(k < 0 ? v.boost * 1.5f : v.boost / 1.5f, 1.0f, 200.0f);
    ImGui::SameLine(0.0f, 24.0f);
    ImGui::Checkbox(T("exp.overflow.subtract"), &v.subtract_max);
    record_last_item("experiment:subtract");
    if (key_stop("experiment:subtract") == 1) v.subtract_max = !v.subtract_max;
    if (q < 0) return;
    const SoftmaxDemo d = s.softmax_demo(q, v.boost);
    const auto& exps = v.subtract_max ? d.stable_exps : d.naive_exps;
    const auto& ws = v.subtract_max ? d.stable_weights : d.naive_weights;
    const int n = static_cast<int>(d.logits.size());
    if (ImGui::BeginTable("##overflow", n + 1,
                          ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
        ImGui::TableSetupColumn("");
        for (int j = 0; j < n; ++j) ImGui::TableSetupColumn(short_label(tok[static_cast<std::size_t>(j)]).c_str());
        ImGui::TableHeadersRow();
        const auto row = [&](const char* label, const std::vector<float>& vals) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextColored(kMuted, "%s", label);
            for (int j = 0; j < n; ++j) {
                ImGui::TableSetColumnIndex(j + 1);
                const float x = vals[static_cast<std::size_t>(j)];
                char buf[32];
                if (std::isnan(x)) std::snprintf(buf, sizeof buf, "NaN");
                else if (std::isinf(x)) std::snprintf(buf, sizeof buf, x > 0 ? "+\xe2\x88\x9e" : "\xe2\x88\x92\xe2\x88\x9e");
                else if (x < 0) std::snprintf(buf, sizeof buf, "\xe2\x88\x92%.3g", static_cast<double>(-x));
                else std::snprintf(buf, sizeof buf, "%.3g", static_cast<double>(x));
                if (std::isnan(x) || std::isinf(x)) ImGui::TextColored(kError, "%s", buf);
                else ImGui::TextUnformatted(buf);
            }
        };
        row(T("exp.overflow.logit"), d.logits);
        row(v.subtract_max ? "exp(x \xe2\x88\x92 max)" : "exp(x)", exps);
        row(T("exp.overflow.weight"), ws);
        ImGui::EndTable();
    }
    int overflowed = 0;
    for (float x : d.naive_exps) overflowed += std::isinf(x) ? 1 : 0;
    if (d.naive_overflowed)
        ImGui::TextColored(v.subtract_max ? kMuted : kError, "%s", TF("exp.overflow.broken", overflowed).c_str());
    else
        ImGui::TextColored(kMuted, "%s", T("exp.overflow.fine"));
}

// ---- predict, then check -----------------------------------------------------------------------
void question_panel(Session& s) {
    Question q;
    if (!question_for(s, s.stage(), &q)) return;
    const float width = std::min(ImGui::GetContentRegionAvail().x, 900.0f);
    const int chosen = s.answer_of(s.stage());
    const auto option_text = [&](int i) {
        const std::string& o = q.options[static_cast<std::size_t>(i)];
        return q.tokens_as_options ? o : std::string(T(o));
    };
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(T("q.title"));
    ImGui::PopFont();
    paragraph(fill_placeholders(T(q.key + ".prompt"), q.values).c_str(), width);
    const ImVec4 green(0.16f, 0.58f, 0.28f, 1.0f), red(0.80f, 0.20f, 0.20f, 1.0f);
    const float right = ImGui::GetWindowContentRegionMax().x;
    for (int i = 0; i < static_cast<int>(q.options.size()); ++i) {
        const std::string label = option_text(i) + "##answer" + std::to_string(i);
        const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
        if (i > 0) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        const bool revealed = chosen >= 0;
        const bool mark = revealed && (i == q.correct || i == chosen);
        if (mark) {  // revealed: the right option green, a wrong choice red, whatever the pointer does
            const ImVec4 c = i == q.correct ? green : red;
            ImGui::PushStyleColor(ImGuiCol_Button, c);
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, c);
            ImGui::PushStyleColor(ImGuiCol_ButtonActive, c);
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        }
        if (activated(ImGui::Button(label.c_str()), "question:" + std::to_string(i))) (void)s.answer(stage_id(s.stage()), i);
        record_last_item("answer:" + std::to_string(i));
        if (mark) ImGui::PopStyleColor(4);
    }
    if (chosen >= 0) {
        std::map<std::string, std::string> values = q.values;
        values["answer"] = option_text(q.correct);
        if (chosen == q.correct) ImGui::TextColored(green, "%s", T("q.right"));
        else ImGui::TextColored(red, "%s", fill_placeholders(T("q.wrong"), values).c_str());
        paragraph(fill_placeholders(T(q.key + ".why"), values).c_str(), width, &kMuted);
    }
    int answered = 0, total = 0;
    for (Stage st : kAllStages) {
        Question other;
        if (!question_for(s, st, &other)) continue;
        ++total;
        answered += s.answer_of(st) >= 0 ? 1 : 0;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kMuted, "%s", TF("q.progress", answered, total).c_str());
    if (answered > 0) {
        ImGui::SameLine();
        if (activated(ImGui::SmallButton(T("q.reset")), "question:reset")) s.reset_answers();
        record_last_item("answers:reset");
    }
}

// ---- the training stage ------------------------------------------------------------------------


// A mini heatmap's cell: about 200 px across for the whole matrix, 3 to 12 px per cell.
float mini_cell(const Matrix& m) {
    return std::clamp(200.0f / static_cast<float>(std::max<Eigen::Index>(m.cols(), 1)), 3.0f, 12.0f);
}
float mini_width(const Matrix& m) { return std::max(mini_cell(m) * static_cast<float>(m.cols()), 120.0f); }

// A matrix too big for numbers (W_Q is d_model × d_k): small coloured cells, the value on hover.
// Screen readers and the exports still get every number (the table copy).
void mini_heatmap(const char* id, const char* name, const Matrix& m, float moved, bool show_moved) {
    const float cell = mini_cell(m);
    const float w = cell * static_cast<float>(m.cols()), h = cell * static_cast<float>(m.rows());
    ImGui::BeginGroup();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(name);
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "(%d \xc3\x97 %d)", static_cast<int>(m.rows()), static_cast<int>(m.cols()));
    const float max_abs = largest_magnitude(m);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(mini_width(m), h));
    record_rect(std::string("grid:") + id, o, ImVec2(o.x + w, o.y + h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const HeatmapCells cells = heatmap_cells(m, max_abs, Palette::Signed, -1, o, cell, cell, cell >= 6.0f ? 1.0f : 0.0f, 0.0f);
    if (!(g_painter && g_painter(dl, cells)))
        for (Eigen::Index i = 0; i < m.rows(); ++i)
            for (Eigen::Index j = 0; j < m.cols(); ++j) {
                const ImVec2 a(o.x + cell * static_cast<float>(j), o.y + cell * static_cast<float>(i));
                dl->AddRectFilled(a, ImVec2(a.x + cell - cells.gap, a.y + cell - cells.gap),
                                  ImGui::GetColorU32(cell_colour(m(i, j), max_abs, Palette::Signed)));
            }
    if (ImGui::IsItemHovered()) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const int i = static_cast<int>((mp.y - o.y) / cell), j = static_cast<int>((mp.x - o.x) / cell);
        if (i >= 0 && i < m.rows() && j >= 0 && j < m.cols()) {
            const ImVec2 a(o.x + cell * static_cast<float>(j), o.y + cell * static_cast<float>(i));
            dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(a.x + cell + 1, a.y + cell + 1), ImGui::GetColorU32(kInk), 0.0f, 0, 2.0f);
            ImGui::SetTooltip("%s[%d, %d] = %s", name, i, j, num(m(i, j)).c_str());
        }
    }
    if (show_moved) ImGui::TextColored(kMuted, "%s", TF("train.moved", static_cast<double>(moved) * 100.0).c_str());
    ImGui::EndGroup();
    std::vector<std::string> rows, cols;
    for (Eigen::Index i = 0; i < m.rows(); ++i) rows.push_back(std::to_string(i));
    for (Eigen::Index j = 0; j < m.cols(); ++j) cols.push_back(std::to_string(j));
    copy_table(name, T("train.weights_caption"), m, std::move(rows), std::move(cols));
}

// The outputs of "apple" over the task's test sentences on a plane (core: apple_cloud): one dot per
// sentence, coloured by the sense it asks for. Hovering a dot shows its sentence.
void apple_cloud_plot(const Session& s, const AppleCloud& c, float size) {
    ImGui::BeginGroup();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(T("train.cloud.title"));
    ImGui::PopFont();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##apple_cloud", ImVec2(size, size));
    record_rect("train:apple-cloud", o, ImVec2(o.x + size, o.y + size));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + size, o.y + size), ImGui::GetColorU32(g_theme->panel), 4.0f);
    const Mat<float>& p = c.plane.points;
    float extent = 1e-6f;  // the same scale on both axes: distances on screen are distances
    for (Eigen::Index i = 0; i < p.size(); ++i) extent = std::max(extent, std::fabs(p.data()[i]));
    const float half = size * 0.5f, pad = 8.0f;
    const ImVec2 centre(o.x + half, o.y + half);
    const ImU32 axis = ImGui::GetColorU32(g_theme->grid_line);
    dl->AddLine(ImVec2(o.x + pad, centre.y), ImVec2(o.x + size - pad, centre.y), axis, 1.0f);
    dl->AddLine(ImVec2(centre.x, o.y + pad), ImVec2(centre.x, o.y + size - pad), axis, 1.0f);
    const auto at = [&](Eigen::Index i) {
        return ImVec2(centre.x + (half - pad) * p(i, 0) / extent, centre.y - (half - pad) * p(i, 1) / extent);
    };
    const ImU32 colour[2] = {ImGui::GetColorU32(kAccent), ImGui::GetColorU32(kOperand)};
    int hovered = -1;
    const ImVec2 mp = ImGui::GetIO().MousePos;
    float best = 36.0f;  // within 6 px
    for (Eigen::Index i = 0; i < p.rows(); ++i) {
        const ImVec2 q = at(i);
        dl->AddCircleFilled(q, 3.5f, colour[c.sense[static_cast<std::size_t>(i)] == 0 ? 0 : 1]);
        const float d = (q.x - mp.x) * (q.x - mp.x) + (q.y - mp.y) * (q.y - mp.y);
        if (ImGui::IsItemHovered() && d < best) best = d, hovered = static_cast<int>(i);
    }
    if (hovered >= 0) {
        dl->AddCircle(at(hovered), 6.0f, ImGui::GetColorU32(kInk), 0, 2.0f);
        const Task* t = s.learned_task();
        const Example& ex = t->test[static_cast<std::size_t>(c.sentence[static_cast<std::size_t>(hovered)])];
        std::string words;
        for (int id : ex.ids) words += (words.empty() ? "" : " ") + t->vocab[static_cast<std::size_t>(id)];
        ImGui::SetTooltip("%s\n%s", words.c_str(),
                          T(c.sense[static_cast<std::size_t>(hovered)] == 0 ? "train.cloud.fruit" : "train.cloud.company"));
    }
    ImGui::TextColored(kAccent, "\xe2\x97\x8f %s", T("train.cloud.fruit"));
    ImGui::SameLine(0.0f, 16.0f);
    ImGui::TextColored(kOperand, "\xe2\x97\x8f %s", T("train.cloud.company"));
    ImGui::EndGroup();
}

void training_panel(Session& s, View& v) {
    const std::vector<std::string> ids = task_ids();
    const float width = std::min(ImGui::GetContentRegionAvail().x, 900.0f);
    if (const TrainingState* now = s.training())  // the view follows the model in use (the page may train)
        for (int k = 0; k < static_cast<int>(ids.size()); ++k)
            if (ids[static_cast<std::size_t>(k)] == now->task) v.train_task = k;
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kMuted, "%s", T("train.task"));
    for (int k = 0; k < static_cast<int>(ids.size()); ++k) {
        const std::string id = ids[static_cast<std::size_t>(k)];
        same_line_or_wrap(ImGui::CalcTextSize(T("train.task." + id)).x + 2.0f * ImGui::GetStyle().FramePadding.x);
        const bool chosen = v.train_task == k;
        if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, kAccent);
        if (chosen) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (activated(ImGui::Button(T("train.task." + id)), "train:task:" + id) && !chosen) {
            s.unload_model();  // another task: its model starts from scratch
            v.train_task = k;
            v.train_example = 0;
        }
        if (chosen) ImGui::PopStyleColor(2);
    }
    const std::string task = ids[static_cast<std::size_t>(std::clamp(v.train_task, 0, 2))];
    paragraph(T("train.notice." + task), width, &kMuted);

    const TrainingState* tr = s.training();
    const bool this_task = tr && tr->task == task;
    const bool running = this_task && tr->running;
    if (activated(ImGui::Button(T(running ? "train.pause" : "train.start")), "train:start")) {
        if (running) s.pause();
        else (void)s.train(task, v.train_lr, v.train_dk);
    }
    same_line_or_wrap(ImGui::CalcTextSize(T("train.step")).x + 2.0f * ImGui::GetStyle().FramePadding.x);
    if (activated(ImGui::Button(T("train.step")), "train:step")) {
        if (!this_task || !s.trainer()) (void)s.train(task, v.train_lr, v.train_dk);
        s.pause();
        s.train_slice(1);
    }
    same_line_or_wrap(ImGui::CalcTextSize(T("train.reset")).x + 2.0f * ImGui::GetStyle().FramePadding.x);
    if (activated(ImGui::Button(T("train.reset")), "train:reset")) {
        s.unload_model();
        (void)s.train(task, v.train_lr, v.train_dk);
        s.pause();
    }
    same_line_or_wrap(ImGui::CalcTextSize(T("train.preset")).x + 2.0f * ImGui::GetStyle().FramePadding.x);
    if (activated(ImGui::Button(T("train.preset")), "train:preset")) (void)s.load_preset(task);
    if (tr) {
        same_line_or_wrap(ImGui::CalcTextSize(T("train.unload")).x + 2.0f * ImGui::GetStyle().FramePadding.x);
        if (activated(ImGui::Button(T("train.unload")), "train:unload")) s.unload_model();
    }
    ImGui::SetNextItemWidth(220.0f);
    ImGui::SliderFloat(T("train.lr"), &v.train_lr, 0.001f, 0.1f, "%.3f", ImGuiSliderFlags_Logarithmic);
    if (const int k = key_stop("train:lr"); k == 2 || k == -2)
        v.train_lr = std::clamp(k < 0 ? v.train_lr * 1.25f : v.train_lr / 1.25f, 0.001f, 0.1f);
    ImGui::SameLine(0.0f, 24.0f);
    ImGui::SetNextItemWidth(90.0f);
    if (ImGui::BeginCombo(T("train.dk"), std::to_string(v.train_dk).c_str())) {
        for (int d : kDimChoices)
            if (ImGui::Selectable(std::to_string(d).c_str(), d == v.train_dk)) v.train_dk = d;
        ImGui::EndCombo();
    } else if (const int k = key_stop("train:dk"); k != 0) {
        const int at = static_cast<int>(std::find(kDimChoices.begin(), kDimChoices.end(), v.train_dk) - kDimChoices.begin());
        const int n = static_cast<int>(kDimChoices.size());
        v.train_dk = kDimChoices[static_cast<std::size_t>(((at + (k == -2 ? -1 : 1)) % n + n) % n)];
    }

    tr = s.training();
    if (!tr || tr->task != task) {
        paragraph(T("train.none"), width, &kMuted);
        return;
    }
    const std::string status = tr->preset
        ? TF("train.status_preset", tr->step, static_cast<double>(tr->loss), static_cast<double>(tr->accuracy) * 100.0)
        : TF("train.status", tr->step, static_cast<double>(tr->loss), static_cast<double>(tr->accuracy) * 100.0);
    paragraph(status.c_str(), width, &kAccent);
    record_rect("train:status", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (!tr->preset) {
        const float chart_w = std::min((width - 24.0f) * 0.5f, 420.0f);
        ImGui::BeginGroup();
        series_chart("train:loss", T("train.loss"), tr->losses, 1e-4f, 10.0f, true, chart_w);
        ImGui::EndGroup();
        ImGui::SameLine(0.0f, 24.0f);
        ImGui::BeginGroup();
        series_chart("train:accuracy", T("train.accuracy"), tr->accuracies, 0.0f, 1.0f, false, chart_w);
        ImGui::EndGroup();
    }
    // One test sentence of the task under the current weights (its whole attention matrix), and the
    // three projections being learned.
    const int examples = s.training_examples();
    if (examples == 0) return;
    v.train_example = std::clamp(v.train_example, 0, examples - 1);
    ImGui::SetNextItemWidth(220.0f);
    ImGui::SliderInt(T("train.example"), &v.train_example, 0, examples - 1);
    if (const int k = key_stop("train:example"); k == 2 || k == -2)
        v.train_example = std::clamp(v.train_example - k / 2, 0, examples - 1);
    static Forward<float> f;
    static std::vector<std::string> words;
    static Matrix weights;
    if (!s.training_example(v.train_example, &f, &words)) return;
    weights = f.A;
    Grid g{MatrixId::Weights, "weights", "train.example_caption", &weights, Axis::Features, Axis::Features,
           Palette::Weights, false, "train_weights"};
    g.row_labels = &words;
    g.col_labels = &words;
    draw_grid(s, g);
    const float right = ImGui::GetWindowContentRegionMax().x;
    const AppleCloud* cloud = s.apple_cloud();
    const float cloud_size = 240.0f;
    if (cloud) {
        ImGui::SameLine(0.0f, 32.0f);
        if (ImGui::GetCursorPosX() + cloud_size > right) ImGui::NewLine();
        apple_cloud_plot(s, *cloud, cloud_size);
        paragraph(TF("train.cloud.caption", static_cast<double>(cloud->plane.explained) * 100.0,
                     static_cast<double>(cloud->separated) * 100.0).c_str(), width, &kMuted);
    }
    ImGui::Spacing();
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(T("train.weights_title"));
    ImGui::PopFont();
    paragraph(T("train.weights_caption"), width, &kMuted);
    const Params<float>& p = s.learned_params();
    const Matrix* mats[3] = {&p.W_Q, &p.W_K, &p.W_V};
    const char* rect_ids[3] = {"train_W_Q", "train_W_K", "train_W_V"};
    for (int k = 0; k < 3; ++k) {
        if (k > 0) {
            ImGui::SameLine(0.0f, 28.0f);
            if (ImGui::GetCursorPosX() + mini_width(*mats[k]) > right) ImGui::NewLine();
        }
        mini_heatmap(rect_ids[k], Params<float>::name(k + 1), *mats[k], tr->moved[k], !tr->preset);
    }
    paragraph(T("train.unknown"), width, &kMuted);
}

void stage_body(Session& s, View& v) {
    const Trace& t = s.trace();
    const Weights& w = s.weights();
    switch (s.stage()) {
        case Stage::Seq2Seq:
            seq2seq_panel(s);
            break;
        case Stage::Similarity:
            similarity_panel(s);
            break;
        case Stage::Tokens:
            token_chips(s);
            break;
        case Stage::Embedding:
            draw_grids(s, {{MatrixId::Embedding, "E[token]", "grid.embedding", &t.token_embedding, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::Position, "PE", "grid.position", &t.position, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::X, "X", "grid.x_sum", &t.X, Axis::Tokens, Axis::Features, Palette::Signed}});
            break;
        case Stage::Projection:
            draw_grids(s, {{MatrixId::X, "X", "grid.x_rows", &t.X, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::W_Q, "W_Q", "grid.w_q", &w.W_Q, Axis::Features, Axis::Features, Palette::Signed},
                           {MatrixId::W_K, "W_K", "grid.w_k", &w.W_K, Axis::Features, Axis::Features, Palette::Signed},
                           {MatrixId::W_V, "W_V", "grid.w_v", &w.W_V, Axis::Features, Axis::Features, Palette::Signed},
                           {MatrixId::Q, "Q", "grid.q", &t.Q, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::K, "K", "grid.k", &t.K, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::V, "V", "grid.v", &t.V, Axis::Tokens, Axis::Features, Palette::Signed}});
            break;
        case Stage::Scores:
            draw_grids(s, {{MatrixId::Q, "Q", "grid.q_rows", &t.Q, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::K, "K", "grid.k_cols", &t.K, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::Scores, "scores", "grid.scores", &t.scores, Axis::Tokens, Axis::Tokens, Palette::Signed}});
            break;
        case Stage::Scale: {
            ImGui::TextColored(kMuted, "%s", TF("app.scale_note", s.config().d_k, s.config().d_k, static_cast<double>(t.scale)).c_str());
            draw_grids(s, {{MatrixId::Scores, "scores", "grid.scores_before", &t.scores, Axis::Tokens, Axis::Tokens, Palette::Signed},
                           {MatrixId::Scaled, "scaled", "grid.scaled_after", &t.scaled, Axis::Tokens, Axis::Tokens, Palette::Signed}});
            scale_experiment_panel(s, v);
            break;
        }
        case Stage::Mask: {
            int mask = s.config().mask == MaskKind::Causal ? 1 : 0;
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(T("app.mask_label"));
            ImGui::SameLine();
            if (ImGui::RadioButton(T("app.mask_none_long"), &mask, 0)) (void)s.set_mask(MaskKind::None);
            record_last_item("mask:none");
            ImGui::SameLine();
            if (ImGui::RadioButton(T("app.mask_causal_long"), &mask, 1)) (void)s.set_mask(MaskKind::Causal);
            record_last_item("mask:causal");
            draw_grids(s, {{MatrixId::Scaled, "scaled", "grid.scaled_prev", &t.scaled, Axis::Tokens, Axis::Tokens, Palette::Signed},
                           {MatrixId::Masked, "masked", "grid.masked", &t.masked, Axis::Tokens, Axis::Tokens, Palette::Signed}});
            break;
        }
        case Stage::Softmax:
            draw_grids(s, {{MatrixId::Masked, "masked", "grid.logits", &t.masked, Axis::Tokens, Axis::Tokens, Palette::Signed},
                           {MatrixId::Weights, "weights", "grid.weights_rows", &t.weights, Axis::Tokens, Axis::Tokens, Palette::Weights}});
            softmax_experiment_panel(s, v);
            break;
        case Stage::Weighting:
            draw_grids(s, {{MatrixId::Weights, "weights", "grid.weights_take", &t.weights, Axis::Tokens, Axis::Tokens, Palette::Weights},
                           {MatrixId::V, "V", "grid.values", &t.V, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::Output, "output", "grid.output_sums", &t.output, Axis::Tokens, Axis::Features, Palette::Signed}});
            break;
        case Stage::Output:
            draw_grids(s, {{MatrixId::V, "V", "grid.v_own", &t.V, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::Output, "output", "grid.output_context", &t.output, Axis::Tokens, Axis::Features, Palette::Signed}});
            break;
        case Stage::Training:
            training_panel(s, v);
            break;
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Header: sentence box, settings, stepper
// ---------------------------------------------------------------------------------------------

void show_error(const Status& st) {
    if (st.ok()) return;
    ImGui::SameLine();
    const std::string msg = st.error_key ? TF(st.error_key, st.error_args[0], st.error_args[1]) : st.error;
    paragraph(msg.c_str(), std::max(200.0f, ImGui::GetContentRegionAvail().x), &kError);
}

void sentence_box(Session& s, View& v) {
    if (v.synced_sentence != s.sentence()) {  // changed from outside (page hook): show it
        std::snprintf(v.input, sizeof v.input, "%s", s.sentence().c_str());
        v.synced_sentence = s.sentence();
        v.input_status = {};
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("app.sentence"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(460.0f, ImGui::GetContentRegionAvail().x * 0.5f));
    if (g_focus.id == "sentence" && g_focus.moved) ImGui::SetKeyboardFocusHere();  // Tab arrived: type
    const bool enter = ImGui::InputText("##sentence", v.input, sizeof v.input, ImGuiInputTextFlags_EnterReturnsTrue);
    record_last_item("sentence");
    if (key_stop("sentence") == 1) ImGui::SetKeyboardFocusHere(-1);
    const auto button_w = [](const char* key) { return ImGui::CalcTextSize(T(key)).x + 2.0f * ImGui::GetStyle().FramePadding.x; };
    same_line_or_wrap(button_w("app.show"));
    if (activated(ImGui::Button(T("app.show")), "show") || enter) {
        v.input_status = s.set_sentence(v.input);
        if (v.input_status.ok()) v.synced_sentence = s.sentence();
    }
    same_line_or_wrap(button_w("app.reset"));
    if (activated(ImGui::Button(T("app.reset")), "reset")) {
        (void)s.set_sentence(T("app.default_sentence"));
        v.input_status = {};
    }
    same_line_or_wrap(button_w("share.button"));
    if (activated(ImGui::Button(T("share.button")), "share")) {
        v.share_open = true;
        v.share_status = nullptr;
    }
    record_last_item("share");
    show_error(v.input_status);
}

// ---- export: this stage's grids as CSV or JSON, the view as PNG (the app writes the file) ----------
void export_buttons(const Session& s, View& v) {
    const char* labels[3] = {"CSV", "JSON", "PNG"};
    float w = ImGui::CalcTextSize(T("export.title")).x + ImGui::GetStyle().ItemSpacing.x;
    for (const char* l : labels) w += ImGui::CalcTextSize(l).x + 2.0f * ImGui::GetStyle().FramePadding.x + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SameLine();
    const float right = std::min(ImGui::GetWindowContentRegionMax().x, 900.0f);
    if (ImGui::GetCursorPosX() + w + 20.0f < right) ImGui::SetCursorPosX(right - w);
    else ImGui::NewLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kMuted, "%s", T("export.title"));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("export.help"));
    std::vector<LabelledMatrix> ms;  // the grids of the last frame, all on this stage
    for (const TableCopy& t : g_tables_prev) ms.push_back(t.lm);
    const std::string base = std::string("capiton-") + stage_id(s.stage());
    for (int k = 0; k < 3; ++k) {
        ImGui::SameLine();
        ImGui::PushID(k);
        const bool pressed = activated(ImGui::SmallButton(labels[k]), std::string("export:") + labels[k]);
        ImGui::PopID();
        record_last_item(std::string("export:") + labels[k]);
        if (!pressed) continue;
        v.export_kind = k == 0 ? "csv" : k == 1 ? "json" : "png";
        v.export_name = base + "." + v.export_kind;
        v.export_text = k == 0 ? to_csv(ms) : k == 1 ? to_json(stage_id(s.stage()), s.sentence(), ms) : std::string();
    }
}

// ---- share / embed -------------------------------------------------------------------------------
// The link to this exact view and a ready <iframe> snippet, each with a copy button. Copying is done
// by the page (View::copy_request); if the browser refuses, the text is there to select by hand.
std::string share_link(const Session& s, const View& v) { return v.page_url + "#" + fragment_of(s); }

std::string iframe_snippet(const Session& s, const View& v) {
    return "<iframe src=\"" + v.embed_url + "#" + fragment_of(s) +
           "\"\n        width=\"900\" height=\"600\" style=\"border:0\" loading=\"lazy\"\n        title=\"" +
           T("share.iframe_title") + "\"></iframe>";
}

void share_popup(Session& s, View& v) {
    if (v.share_open) {
        ImGui::OpenPopup("share");
        v.share_open = false;
    }
    const ImVec2 size(std::min(ImGui::GetIO().DisplaySize.x - 40.0f, 720.0f), 0.0f);
    ImGui::SetNextWindowSize(size);
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, 80.0f), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
    if (!ImGui::BeginPopup("share")) return;
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(g_bold);
    ImGui::TextUnformatted(T("share.title"));
    ImGui::PopFont();
    paragraph(T("share.help"), w, &kMuted);
    std::string link = share_link(s, v), snippet = iframe_snippet(s, v);
    ImGui::TextUnformatted(T("share.link"));
    ImGui::SetNextItemWidth(w);
    ImGui::InputText("##link", link.data(), link.size() + 1, ImGuiInputTextFlags_ReadOnly);
    record_last_item("share:link");
    if (activated(ImGui::Button(T("share.copy_link")), "share:copy-link")) {
        v.copy_request = link;
        v.share_status = "share.copied_link";
    }
    record_last_item("share:copy-link");
    ImGui::Spacing();
    ImGui::TextUnformatted(T("share.snippet"));
    ImGui::InputTextMultiline("##snippet", snippet.data(), snippet.size() + 1,
                              ImVec2(w, ImGui::GetTextLineHeight() * 4.0f),
                              ImGuiInputTextFlags_ReadOnly);
    record_last_item("share:snippet");
    if (activated(ImGui::Button(T("share.copy_snippet")), "share:copy-snippet")) {
        v.copy_request = snippet;
        v.share_status = "share.copied_snippet";
    }
    record_last_item("share:copy-snippet");
    ImGui::SameLine();
    if (activated(ImGui::Button(T("share.close")), "share:close") ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
        ImGui::CloseCurrentPopup();
    record_last_item("share:close");
    if (v.share_status) {
        ImGui::SameLine();
        ImGui::TextColored(v.copy_failed ? kError : kAccent, "%s", T(v.copy_failed ? "share.copy_failed" : v.share_status));
    }
    ImGui::EndPopup();
}

// The language names are written in their own language, as language menus do.
constexpr const char* kLanguages[2][2] = {{"en", "English"}, {"zh", "\xe4\xb8\xad\xe6\x96\x87"}};

void switch_language(Session& s, int to) {
    const bool had_default = s.sentence() == g_catalog[g_lang].get("app.default_sentence");
    (void)s.set_language(kLanguages[to][0]);
    g_lang = to;
    if (had_default) (void)s.set_sentence(T("app.default_sentence"));  // follow the language
}

// Settings on the title line, right-aligned: language, d_model, d_k, mask.
void settings(Session& s) {
    const auto& kDims = kDimChoices;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float combo_w = 70.0f, mask_w = 100.0f, lang_w = 110.0f;
    const float theme_w = 90.0f;
    const float width = ImGui::CalcTextSize(T("app.language")).x + ImGui::CalcTextSize(T("app.d_model")).x +
                        ImGui::CalcTextSize(T("app.d_k")).x + ImGui::CalcTextSize(T("app.mask")).x + 2 * combo_w +
                        mask_w + lang_w + theme_w + 9 * st.ItemSpacing.x + 12.0f;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x > width) ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - width);
    else ImGui::NewLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kMuted, "%s", T("app.language"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(lang_w);
    // Keyboard: a focused menu steps through its values with Enter / Space / ↓ (next) and ↑ (back).
    const auto step = [](bool open, const char* id) {
        if (open) return 0;  // its list is open (mouse): the keys belong to nobody
        const int k = key_stop(id);
        return k == 1 || k == 2 ? 1 : k == -2 ? -1 : 0;
    };
    const auto cycle = [](int at, int by, int n) { return ((at + by) % n + n) % n; };
    const bool lang_open = ImGui::BeginCombo("##lang", kLanguages[g_lang][1]);
    if (const int by = step(lang_open, "language")) switch_language(s, cycle(g_lang, by, 2));
    if (lang_open) {
        for (int i = 0; i < 2; ++i)
            if (ImGui::Selectable(kLanguages[i][1], i == g_lang) && i != g_lang) switch_language(s, i);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(theme_w);
    const bool dark = s.theme() == "dark";
    const bool theme_open = ImGui::BeginCombo("##theme", T(dark ? "app.theme.dark" : "app.theme.light"));
    if (step(theme_open, "theme") != 0) (void)s.set_theme(dark ? "light" : "dark");
    if (theme_open) {
        if (ImGui::Selectable(T("app.theme.light"), !dark)) (void)s.set_theme("light");
        if (ImGui::Selectable(T("app.theme.dark"), dark)) (void)s.set_theme("dark");
        ImGui::EndCombo();
    }
    record_last_item("theme");
    const auto group_w = [&](const char* key, float combo) {
        return ImGui::CalcTextSize(T(key)).x + st.ItemSpacing.x + combo;
    };
    same_line_or_wrap(group_w("app.d_model", combo_w), st.ItemSpacing.x + 12.0f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kMuted, "%s", T("app.d_model"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(combo_w);
    const auto dim_index = [&](int d) {
        return static_cast<int>(std::find(kDims.begin(), kDims.end(), d) - kDims.begin()) % static_cast<int>(kDims.size());
    };
    const int n_dims = static_cast<int>(kDims.size());
    const bool dm_open = ImGui::BeginCombo("##dmodel", std::to_string(s.config().d_model).c_str());
    if (const int by = step(dm_open, "d_model"))
        (void)s.set_dims(kDims[static_cast<std::size_t>(cycle(dim_index(s.config().d_model), by, n_dims))], s.config().d_k);
    if (dm_open) {
        for (int d : kDims)
            if (ImGui::Selectable(std::to_string(d).c_str(), d == s.config().d_model)) (void)s.set_dims(d, s.config().d_k);
        ImGui::EndCombo();
    }
    same_line_or_wrap(group_w("app.d_k", combo_w));
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kMuted, "%s", T("app.d_k"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(combo_w);
    const bool dk_open = ImGui::BeginCombo("##dk", std::to_string(s.config().d_k).c_str());
    if (const int by = step(dk_open, "d_k"))
        (void)s.set_dims(s.config().d_model, kDims[static_cast<std::size_t>(cycle(dim_index(s.config().d_k), by, n_dims))]);
    if (dk_open) {
        for (int d : kDims)
            if (ImGui::Selectable(std::to_string(d).c_str(), d == s.config().d_k)) (void)s.set_dims(s.config().d_model, d);
        ImGui::EndCombo();
    }
    same_line_or_wrap(group_w("app.mask", mask_w));
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kMuted, "%s", T("app.mask"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(mask_w);
    const bool causal = s.config().mask == MaskKind::Causal;
    const bool mask_open = ImGui::BeginCombo("##mask", T(causal ? "app.mask.causal" : "app.mask.none"));
    if (step(mask_open, "mask") != 0) (void)s.set_mask(causal ? MaskKind::None : MaskKind::Causal);
    if (mask_open) {
        if (ImGui::Selectable(T("app.mask.none"), !causal)) (void)s.set_mask(MaskKind::None);
        if (ImGui::Selectable(T("app.mask.causal"), causal)) (void)s.set_mask(MaskKind::Causal);
        ImGui::EndCombo();
    }
}

void stepper(Session& s) {
    if (activated(ImGui::ArrowButton("##prev", ImGuiDir_Left), "stage:prev")) s.prev();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("app.prev"));
    for (Stage st : kAllStages) {
        ImGui::SameLine();
        const bool current = st == s.stage();
        char label[96];
        std::snprintf(label, sizeof label, "%d %s##%s", static_cast<int>(st) + 1, T(stage_key(st, "short")), stage_id(st));
        if (current) {
            ImGui::PushStyleColor(ImGuiCol_Button, kAccent);
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, kAccent);
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        }
        const float w = ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
        if (ImGui::GetCursorPosX() + w + 40.0f > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
        if (activated(ImGui::Button(label), std::string("stage:") + stage_id(st))) s.go_to(st);
        if (current) ImGui::PopStyleColor(3);
    }
    ImGui::SameLine();
    if (activated(ImGui::ArrowButton("##next", ImGuiDir_Right), "stage:next")) s.next();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("app.next"));
}

// ---------------------------------------------------------------------------------------------
// Chinese glyphs: the CJK font holds ~3,800 characters, but only those on screen are rasterised.
// Whenever a text, a token or the sentence box holds one that is not in the atlas yet, the atlas is
// rebuilt before the next frame (ui::fonts_outdated / ui::load_fonts).
// ---------------------------------------------------------------------------------------------

std::set<ImWchar> g_built;   // CJK code points in the current atlas
std::set<ImWchar> g_wanted;  // CJK code points seen on screen (grows)
ImVector<ImWchar> g_cjk_ranges;

void want_text(std::string_view t) {
    for (std::size_t i = 0; i < t.size();) {
        char32_t c = 0;
        const int len = decode_utf8(t, i, &c);
        if (len <= 0) { ++i; continue; }
        if (c >= 0x2E80 && c <= 0xFFFF) g_wanted.insert(static_cast<ImWchar>(c));
        i += static_cast<std::size_t>(len);
    }
}

int g_wanted_lang = -1;  // the catalog whose texts are already in g_wanted

void want_screen(const Session& s, const View& v) {
    if (g_wanted_lang != g_lang) {
        for (const std::string& k : g_catalog[g_lang].keys()) want_text(T(k));
        g_wanted_lang = g_lang;
    }
    for (const std::string& t : s.trace().tokens) want_text(t);
    if (const Task* t = s.learned_task())  // the training view shows the task's sentences (apple: en and zh)
        for (const std::string& w : t->vocab) want_text(w);
    want_text(v.input);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public
// ---------------------------------------------------------------------------------------------

void set_heatmap_painter(HeatmapPainter painter) { g_painter = painter; }

bool widget_rect(const std::string& id, WidgetRect* out) {
    const auto it = g_rects.find(id);
    if (it == g_rects.end()) return false;
    *out = it->second;
    return true;
}

const std::string& keyboard_focus() { return g_focus.id; }

std::string accessible_json() {
    std::string o = "{\"title\":";
    json::append_string(o, T(stage_key(g_stage_shown, "title")));
    o += ",\"formula\":";
    json::append_string(o, T(stage_key(g_stage_shown, "formula")));
    o += ",\"body\":";
    json::append_string(o, T(stage_key(g_stage_shown, "body")));
    o += ",\"tables\":[";
    for (std::size_t t = 0; t < g_tables_now.size(); ++t) {  // between frames: the last frame's
        const TableCopy& tc = g_tables_now[t];
        if (t) o += ',';
        o += "{\"name\":";
        json::append_string(o, tc.lm.name);
        o += ",\"caption\":";
        json::append_string(o, tc.lm.caption);
        o += ",\"rows\":";
        json::append_strings(o, tc.lm.rows);
        o += ",\"cols\":";
        json::append_strings(o, tc.lm.cols);
        o += ",\"cells\":[";
        for (std::size_t i = 0; i < tc.cells.size(); ++i) {
            if (i) o += ',';
            json::append_strings(o, tc.cells[i]);
        }
        o += "]}";
    }
    o += "]}";
    return o;
}

bool hovered_cell(const char** matrix, int* row, int* col) {
    if (!g_hover_now.valid) return false;
    *matrix = matrix_name(g_hover_now.e.matrix);
    *row = g_hover_now.e.row;
    *col = g_hover_now.e.col;
    return true;
}

bool init(Session& s, const char* preferred_language, std::string* error) {
    if (!g_catalog[0].parse(lang::kEnglish, error) || !g_catalog[1].parse(lang::kChinese, error)) return false;
    const int want = preferred_language && std::strncmp(preferred_language, "zh", 2) == 0 ? 1 : 0;
    if (want != g_lang || s.language() != kLanguages[want][0]) switch_language(s, want);
    g_wanted.clear();
    g_wanted_lang = -1;
    want_text(kLanguages[1][1]);  // "中文" in the language menu
    want_screen(s, View{});
    return true;
}

Status set_language(Session& s, const char* lang) {
    for (int i = 0; i < 2; ++i)
        if (std::strcmp(lang, kLanguages[i][0]) == 0) {
            switch_language(s, i);
            return {};
        }
    return {"Unknown language: use \"en\" or \"zh\"."};
}

bool fonts_outdated() {
    return !std::includes(g_built.begin(), g_built.end(), g_wanted.begin(), g_wanted.end());
}

void setup_style() {
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowPadding = ImVec2(20, 16);
    st.FramePadding = ImVec2(10, 5);
    st.ItemSpacing = ImVec2(10, 8);
    st.FrameRounding = 6.0f;
    st.GrabRounding = 6.0f;
    st.PopupRounding = 6.0f;
    st.ScrollbarRounding = 6.0f;
    st.WindowBorderSize = 0.0f;
    st.FrameBorderSize = 1.0f;
    apply_theme(false);
}

void apply_theme(bool dark) {
    const Theme& t = dark ? kDark : kLight;
    if (dark) ImGui::StyleColorsDark();
    else ImGui::StyleColorsLight();
    g_theme = &t;
    kAccent = t.accent;
    kInk = t.ink;
    kMuted = t.muted;
    kError = t.error;
    kOperand = t.operand;
    ImVec4* c = ImGui::GetStyle().Colors;
    c[ImGuiCol_WindowBg] = t.background;
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_Text] = t.ink;
    c[ImGuiCol_Button] = t.button;
    c[ImGuiCol_ButtonHovered] = t.button_hover;
    c[ImGuiCol_ButtonActive] = t.button_active;
    c[ImGuiCol_FrameBg] = t.frame;
    c[ImGuiCol_FrameBgHovered] = t.frame_hover;
    c[ImGuiCol_FrameBgActive] = t.frame_hover;
    c[ImGuiCol_Border] = t.border;
    c[ImGuiCol_Header] = t.header;
    c[ImGuiCol_HeaderHovered] = t.button_hover;
    c[ImGuiCol_CheckMark] = t.accent;
    c[ImGuiCol_SliderGrab] = t.accent;
    c[ImGuiCol_SliderGrabActive] = t.accent;
    c[ImGuiCol_Separator] = t.grid_line;
    c[ImGuiCol_PopupBg] = dark ? ImVec4(0.16f, 0.17f, 0.20f, 1) : ImVec4(1, 1, 1, 1);
}

void clear_colour(float rgb[3]) {
    rgb[0] = g_theme->background.x;
    rgb[1] = g_theme->background.y;
    rgb[2] = g_theme->background.z;
}

void load_fonts(float pixel_ratio) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Rasterise at the physical pixel size and scale back, so text stays sharp on HiDPI screens.
    const float r = std::max(1.0f, pixel_ratio);
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // static data
    cfg.OversampleH = 2;
    ImFontConfig cjk = cfg;  // Chinese merged into each Latin font; no oversampling (dense glyphs, big atlas)
    cjk.MergeMode = true;
    cjk.OversampleH = 1;
    ImFontGlyphRangesBuilder builder;
    for (ImWchar c : g_wanted) builder.AddChar(c);
    g_cjk_ranges.clear();
    builder.BuildRanges(&g_cjk_ranges);
    void* regular = const_cast<unsigned char*>(fonts::kRegular);
    void* bold = const_cast<unsigned char*>(fonts::kBold);
    void* chinese = const_cast<unsigned char*>(fonts::kChinese);
    const auto* rr = reinterpret_cast<const ImWchar*>(fonts::kRegularRanges);
    const auto* br = reinterpret_cast<const ImWchar*>(fonts::kBoldRanges);
    const auto add = [&](void* data, unsigned int size, float px, const ImWchar* ranges) {
        ImFont* f = io.Fonts->AddFontFromMemoryTTF(data, static_cast<int>(size), px * r, &cfg, ranges);
        // Chinese glyphs sit small in their em box next to DejaVu's Latin: 12 % larger, nudged down to
        // share the baseline.
        cjk.GlyphOffset = ImVec2(0.0f, 0.06f * px * r);
        if (!g_wanted.empty())
            io.Fonts->AddFontFromMemoryTTF(chinese, static_cast<int>(fonts::kChineseSize), 1.12f * px * r, &cjk,
                                           g_cjk_ranges.Data);
        return f;
    };
    g_body = add(regular, fonts::kRegularSize, kBodySize, rr);
    g_bold = add(bold, fonts::kBoldSize, kBodySize, br);
    g_big = add(regular, fonts::kRegularSize, 22.0f, rr);
    g_title = add(bold, fonts::kBoldSize, 24.0f, br);
    io.FontGlobalScale = 1.0f / r;
    io.FontDefault = g_body;
    io.Fonts->Build();
    g_built = g_wanted;
}

void draw(Session& s, View& v) {
    ImGuiIO& io = ImGui::GetIO();
    g_lang = lang_index(s.language());
    if ((s.theme() == "dark") != (g_theme == &kDark)) apply_theme(s.theme() == "dark");
    g_hover_prev = std::move(g_hover_now);
    g_hover_now = Hover{};
    g_rects = std::move(g_rects_next);
    g_rects_next.clear();
    g_tables_prev = std::move(g_tables_now);
    g_tables_now.clear();
    // ← / → move one stage per press (no auto-repeat: a slow frame must not skip stages), unless
    // the student is typing.
    touch_scroll(v);
    const bool grid_has_keys = update_key_focus();
    if (!io.WantTextInput && !grid_has_keys) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow), false)) s.prev();
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), false)) s.next();
    }

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("capiton", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PushAllowKeyboardFocus(false);  // Tab belongs to capiton's own ring (update_key_focus)

    if (v.embedded) {  // embed.html: no title line; settings and analogies behind an "options" button
        sentence_box(s, v);
        same_line_or_wrap(ImGui::CalcTextSize(T("app.options")).x + 2.0f * ImGui::GetStyle().FramePadding.x);
        if (activated(ImGui::Button(T(v.show_options ? "app.options_hide" : "app.options")), "options"))
            v.show_options = !v.show_options;
        record_last_item("options");
        if (v.show_options) {
            ImGui::NewLine();
            settings(s);
        }
    } else {
        ImGui::PushFont(g_title);
        ImGui::TextUnformatted("capiton");
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 6.0f);
        ImGui::TextColored(kMuted, "%s", T("app.tagline"));
        settings(s);
        sentence_box(s, v);
    }
    share_popup(s, v);
    ImGui::Spacing();
    stepper(s);
    if (!v.embedded || v.show_options) layer_toggles(s);
    ImGui::Separator();

    g_stage_shown = s.stage();
    // Narrow windows (phones, small iframes) scroll as a whole, so the controls above do not take half
    // the screen; wider ones keep them in place and scroll the stage alone.
    const bool whole_page_scrolls = io.DisplaySize.x < 700.0f;
    if (!whole_page_scrolls) ImGui::BeginChild("stage", ImVec2(0, 0), false);
    const float text_w = std::min(ImGui::GetContentRegionAvail().x, 900.0f);
    ImGui::PushFont(g_title);
    paragraph(T(stage_key(s.stage(), "title")), text_w);
    ImGui::PopFont();
    ImGui::PushFont(g_big);
    paragraph(T(stage_key(s.stage(), "formula")), text_w);
    ImGui::PopFont();
    export_buttons(s, v);
    paragraph(T(stage_key(s.stage(), "body")), std::min(ImGui::GetContentRegionAvail().x, 900.0f));
    if (s.stage() > Stage::Tokens && s.stage() <= Stage::Output) focus_line(s);
    layer_notes(s);
    ImGui::Spacing();
    stage_body(s, v);
    question_panel(s);
    ImGui::Dummy(ImVec2(0, 12));
    paragraph(T("app.footer"), std::min(ImGui::GetContentRegionAvail().x, 900.0f), &kMuted);
    if (!whole_page_scrolls) ImGui::EndChild();
    ImGui::PopAllowKeyboardFocus();
    ImGui::End();
    want_screen(s, v);
}

}  // namespace capiton::ui
