// capiton ui: colour grids, the operands they light up, mini heatmaps (see grid.h); a cell's
// explanation is in grid_explain.cpp.
#include "ui/grid.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>  // ScrollToRect: keep the keyboard's cell on screen

#include "core/numbers.h"
#include "ui/format.h"
#include "ui/frame.h"
#include "ui/grid_explain.h"
#include "ui/layout.h"
#include "ui/state.h"
#include "ui/text.h"

namespace capiton::ui {

namespace {

constexpr float kCellPadX = 12.0f;        // a cell is its widest text plus this
constexpr float kCellPadY = 8.0f;         // ... and a text line plus this
constexpr float kCellGap = 2.0f;          // between cells
constexpr float kCellRadius = 3.0f;       // cell corners
constexpr float kMinGridWidth = 160.0f;   // draw_grids counts a grid at least this wide
constexpr float kMinCaptionWidth = 220.0f;  // a narrow grid's caption still wraps this wide
const char* const kMinusZeroWidth = "\xe2\x88\x92" "0.00";  // the narrowest cell fits this ("−0.00")

}  // namespace

std::string axis_label(const Session& s, const Grid& g, bool rows, int i) {
    const std::vector<std::string>* own = rows ? g.row_labels : g.col_labels;
    if (own && i >= 0 && i < static_cast<int>(own->size()))
        return g.label_places ? token_in_text(*own, i, kLabelInGrid) : short_label((*own)[static_cast<std::size_t>(i)]);
    return axis_label(s, rows ? g.rows : g.cols, i);
}

namespace {

// A row's label as drawn: a token the stage's trained model never saw carries the mark the stage's note
// explains ("(?)"); the exported table keeps the token alone.
std::string row_label(const Session& s, const Grid& g, int i) {
    const std::string label = axis_label(s, g, true, i);
    return !g.row_labels && g.rows == Axis::Tokens && s.lesson().unknown_on_stage(i) ? label + " (?)" : label;
}

// The largest finite |value| of a matrix: a signed grid's full colour.
float largest_magnitude(const Matrix& m) {
    float max_abs = 0.0f;
    for (Eigen::Index i = 0; i < m.size(); ++i)
        if (std::isfinite(m.data()[i])) max_abs = std::max(max_abs, std::fabs(m.data()[i]));
    return max_abs;
}

// Wide enough for every number the grid prints and for every column label (long words would run
// into their neighbours). The widest number is its largest magnitude written negative ("−42.83"),
// and never narrower than "−0.00". max_abs: largest_magnitude(*g.m).
float cell_width(const Session& s, const Grid& g, float max_abs) {
    char widest[32];
    format_value(widest, sizeof widest, -max_abs);
    float w = std::max(ImGui::CalcTextSize(kMinusZeroWidth).x, ImGui::CalcTextSize(widest).x);
    if (g.cols != Axis::Features || g.col_labels)
        for (int j = 0; j < static_cast<int>(g.m->cols()); ++j)
            w = std::max(w, ImGui::CalcTextSize(axis_label(s, g, false, j).c_str()).x);
    return w + kCellPadX;
}

float label_width(const Session& s, const Grid& g) {
    float w = ImGui::CalcTextSize("00").x;
    if (g.rows != Axis::Features || g.row_labels)
        for (int i = 0; i < static_cast<int>(g.m->rows()); ++i)
            w = std::max(w, ImGui::CalcTextSize(row_label(s, g, i).c_str()).x);
    return w + ImGui::GetStyle().ItemSpacing.x;
}


// Outlines this grid's cells that the last frame's explained cell reads.
void draw_operands(ImDrawList* dl, const Grid& g, ImVec2 cells_origin, float cell_w, float cell_h) {
    const Hover& hover = state.last.hover;
    if (!hover.valid) return;
    const ImU32 col = ImGui::GetColorU32(theme().operand);
    const auto rect = [&](int i0, int i1, int j0, int j1) {  // inclusive cell ranges
        dl->AddRect(ImVec2(cells_origin.x + cell_w * static_cast<float>(j0) - 1.0f, cells_origin.y + cell_h * static_cast<float>(i0) - 1.0f),
                    ImVec2(cells_origin.x + cell_w * static_cast<float>(j1 + 1) - 1.0f, cells_origin.y + cell_h * static_cast<float>(i1 + 1) - 1.0f),
                    col, 3.0f, 0, 2.5f);
    };
    const Explanation& e = hover.e;
    const int rows = static_cast<int>(g.m->rows()), cols = static_cast<int>(g.m->cols());
    if (e.matrix == g.id && e.row < rows && e.col < cols) rect(e.row, e.row, e.col, e.col);
    for (const Operand& op : e.operands) {
        if (op.matrix != g.id || op.row >= rows || op.col >= cols) continue;
        rect(op.row < 0 ? 0 : op.row, op.row < 0 ? rows - 1 : op.row, op.col < 0 ? 0 : op.col, op.col < 0 ? cols - 1 : op.col);
    }
}

void copy_rgb(float out[3], const ImVec4& c) {
    out[0] = c.x;
    out[1] = c.y;
    out[2] = c.z;
}
void copy_rgb(float out[3], Rgb c) {
    out[0] = c.r;
    out[1] = c.g;
    out[2] = c.b;
}

// What the heatmap painter needs for matrix m drawn from `at` in cells of cell_w × cell_h: the palette
// and the current theme's colours for 0, faded rows and −∞.
HeatmapCells heatmap_cells(const Matrix& m, float max_abs, Palette palette, int dim_except_row, ImVec2 at,
                           float cell_w, float cell_h, float gap, float radius) {
    HeatmapCells c{};
    c.values = m.data();
    c.rows = static_cast<int>(m.rows());
    c.cols = static_cast<int>(m.cols());
    c.max_abs = max_abs;
    c.palette = palette == Palette::Weights ? 1 : 0;
    c.dim_except_row = dim_except_row;
    c.x0 = at.x;
    c.y0 = at.y;
    c.cell_w = cell_w;
    c.cell_h = cell_h;
    c.gap = gap;
    c.radius = radius;
    copy_rgb(c.base, theme().cell_base);
    copy_rgb(c.dim, theme().cell_dim);
    copy_rgb(c.masked, theme().masked);
    copy_rgb(c.positive, kPositive);
    copy_rgb(c.negative, kNegative);
    copy_rgb(c.weight, theme().weight);
    c.signed_gamma = kSignedGamma;
    c.weight_gamma = kWeightGamma;
    c.dim_amount = kDimAmount;
    return c;
}

bool paint(ImDrawList* dl, const HeatmapCells& cells) { return state.painter && state.painter(dl, cells); }

}  // namespace

std::string axis_label(const Session& s, Axis a, int i) {
    // a word the sentence holds twice carries its place ("the (4)"), as the notes name it
    if (a == Axis::Tokens) return token_in_text(s.lesson().trace().tokens, i, kLabelInGrid);
    if (a == Axis::Steps) return TF("stage.seq2seq.step", i + 1);
    return std::to_string(i + 1);
}

namespace {
// What a grid writes above its cells: its name (bold), its size and its colour scale on one line, then
// its caption, wrapped to the grid's width (or the window's, if narrower) and no narrower than
// kMinCaptionWidth.
// Also the sizes the cells are drawn at, each worked out once a frame.
struct GridHead {
    std::string size, scale, caption;
    float max_abs = 0.0f;  // the colour scale: full colour at the largest magnitude (each grid has its own)
    float cell_w = 0.0f, label_w = 0.0f;
    float cells_w = 0.0f;  // the cells' width, labels included
};

GridHead grid_head(const Session& s, const Grid& g) {
    const Matrix& m = *g.m;
    GridHead h;
    h.max_abs = largest_magnitude(m);
    h.cell_w = cell_width(s, g, h.max_abs);
    h.label_w = label_width(s, g);
    h.cells_w = grid_width(h.label_w, h.cell_w, m.cols());
    h.size = shape_text(m.rows(), m.cols());
    h.scale = std::string("  ") + (g.palette == Palette::Weights ? std::string(T("app.colours_weights"))
                                                                 : TF("app.colours_signed", static_cast<double>(h.max_abs)));
    // never wider than the window: a grid wider than it scrolls sideways, its caption does not
    h.caption = wrap(T(g.caption), std::max(std::min(h.cells_w, ImGui::GetContentRegionAvail().x), kMinCaptionWidth));
    return h;
}

// How wide draw_grid_below's group comes out when it starts `avail` from the right edge.
float group_width(const Grid& g, const GridHead& h, float avail) {
    ImGui::PushFont(state.fonts.bold);
    const float name_w = ImGui::CalcTextSize(g.shown_name ? g.shown_name : g.name).x;
    ImGui::PopFont();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;  // SameLine()'s
    const float head_w = name_w + spacing + ImGui::CalcTextSize(h.size.c_str()).x + spacing + ImGui::CalcTextSize(h.scale.c_str()).x;
    const float cells_w = h.cells_w > avail ? avail : h.cells_w;  // wider than the window: a scrolling child
    return std::max({head_w, ImGui::CalcTextSize(h.caption.c_str()).x, cells_w});
}

// draw_grid, its caption taking at least caption_h: grids side by side start their cells level.
void draw_grid_below(Session& s, const Grid& g, const GridHead& head, float caption_h) {
    const Matrix& m = *g.m;
    const float cell_w = head.cell_w, label_w = head.label_w, w = head.cells_w, max_abs = head.max_abs;
    const float cell_h = ImGui::GetTextLineHeight() + kCellPadY;
    const float h = cell_h * static_cast<float>(m.rows() + 1);
    const ThemeColours& colours = theme();

    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(g.shown_name ? g.shown_name : g.name);
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, colours.muted);
    ImGui::SameLine();
    ImGui::TextUnformatted(head.size.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(head.scale.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("app.colours_help"));  // in the text's own colour
    ImGui::PushStyleColor(ImGuiCol_Text, colours.muted);
    ImGui::TextUnformatted(head.caption.c_str());
    ImGui::PopStyleColor();
    const float shorter_by = caption_h - ImGui::CalcTextSize(head.caption.c_str()).y;
    if (shorter_by > 0.0f) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + shorter_by);

    // Scroll sideways inside a child when the grid is wider than the window.
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool scroll = w > avail;
    if (scroll) begin_sideways_child(g.name, ImVec2(w, h));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::PushID(g.name);
    ImGui::InvisibleButton("grid", ImVec2(w, h));
    const bool hovered = ImGui::IsItemHovered();
    // A click selects on release, and not at the end of a finger's scroll (touch_scroll).
    const bool clicked = ImGui::IsItemDeactivated() && hovered && !state.touch.scrolled;
    drag_scrolls_here();
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 ink = ImGui::GetColorU32(colours.ink);
    const ImU32 muted = ImGui::GetColorU32(colours.muted);
    const ImU32 accent = ImGui::GetColorU32(colours.accent);
    const int sel = s.lesson().selected_token();
    const bool token_rows = g.rows == Axis::Tokens;
    // The row lit for the followed word (the others dimmed): its own, or in a grid of keys the key it
    // looks at hardest, lit alone (Grid::key_rows).
    int lit = token_rows ? sel : -1;
    bool dim_others = lit >= 0;
    if (token_rows && g.key_rows && sel >= 0) {
        lit = s.lesson().focus_of(sel).key;
        dim_others = false;
    }
    // Where the selected row looks hardest: the lesson's focus, or this grid's own (Grid::own_focus).
    Eigen::Index focus_key = -1;
    if (token_rows && g.cols == Axis::Tokens && sel >= 0 && sel < m.rows()) {
        if (g.own_focus) m.row(sel).maxCoeff(&focus_key);
        else focus_key = s.lesson().focus_of(sel).key;
    }

    const std::string rect_id = std::string("grid:") + (g.rect_name ? g.rect_name : id_of(g.id));
    // column labels, in the row at y
    const auto column_labels = [&](float y) {
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            const std::string lab = axis_label(s, g, false, static_cast<int>(j));
            const ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
            const float x = origin.x + label_w + cell_w * static_cast<float>(j);
            dl->AddText(ImVec2(x + (cell_w - std::min(ts.x, cell_w)) * 0.5f, y + 4.0f), focus_key == j ? accent : muted, lab.c_str());
        }
    };
    column_labels(origin.y);
    // rows
    const ImVec2 cells_origin(origin.x + label_w, origin.y + cell_h);
    const HeatmapCells cells = heatmap_cells(m, max_abs, g.palette, dim_others ? lit : -1, cells_origin, cell_w, cell_h,
                                             kCellGap, kCellRadius);
    const bool painted = paint(dl, cells);
    char buf[32];
    std::vector<std::pair<std::string, ImU32>> labels;  // each row's label and its colour
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        const float y = origin.y + cell_h * static_cast<float>(i + 1);
        const bool selected_row = lit == i;
        const bool dim = dim_others && !selected_row;
        const std::string lab = row_label(s, g, static_cast<int>(i));
        const bool followed = token_rows && sel == i;  // in a grid of keys its label is lit, its row is not
        labels.emplace_back(lab, selected_row || followed ? accent : (token_rows ? ink : muted));
        dl->AddText(ImVec2(origin.x, y + 4.0f), labels.back().second, lab.c_str());
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            const float v = m(i, j);
            const ImVec2 a(origin.x + label_w + cell_w * static_cast<float>(j), y);
            const ImVec2 b(a.x + cell_w - kCellGap, a.y + cell_h - kCellGap);
            ImVec4 c = cell_colour(v, max_abs, g.palette);
            if (dim) c = lerp(c, colours.cell_dim, kDimAmount);
            if (!painted) dl->AddRectFilled(a, b, ImGui::GetColorU32(c), kCellRadius);
            format_value(buf, sizeof buf, v);
            const float lum = 0.3f * c.x + 0.59f * c.y + 0.11f * c.z;
            const ImU32 text = lum < 0.55f ? IM_COL32(255, 255, 255, 255) : (dim ? muted : ink);
            const ImVec2 ts = ImGui::CalcTextSize(buf);
            dl->AddText(ImVec2(b.x - ts.x - 5.0f, a.y + 3.0f), text, buf);
            if (selected_row && focus_key == j)
                dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), accent, 3.0f, 0, 2.5f);
        }
        if (selected_row)
            dl->AddRect(ImVec2(origin.x - 3.0f, y - 1.0f), ImVec2(origin.x + w, y + cell_h), accent, 4.0f, 0, 2.0f);
    }
    if (g.explainable) draw_operands(dl, g, cells_origin, cell_w, cell_h);  // another layer's grid: not an operand
    // Scrolled sideways, the row labels stay at the child's left edge, over the cells passing under
    // them (on a phone a scrolled row of numbers no longer said whose it was).
    const float shift = scroll ? ImGui::GetScrollX() : 0.0f;
    const float pinned_right = origin.x + shift + label_w;  // where the pinned labels end, on screen
    if (shift > 0.0f) {
        const float left = origin.x + shift;
        dl->AddRectFilled(ImVec2(left - 4.0f, origin.y), ImVec2(pinned_right - kCellGap, origin.y + h),  // column labels too
                          ImGui::GetColorU32(ImGuiCol_WindowBg));
        for (std::size_t i = 0; i < labels.size(); ++i)
            dl->AddText(ImVec2(left, origin.y + cell_h * static_cast<float>(i + 1) + 4.0f), labels[i].second, labels[i].first.c_str());
    }
    // Scrolled down past them, the column labels stay at the top of the view, over the rows passing
    // under them, until the grid's last row (on a phone held sideways a tall grid's numbers no longer
    // said whose column they were in).
    const float head_y = std::min(std::max(origin.y, ImGui::GetCurrentWindow()->ClipRect.Min.y), origin.y + h - 2.0f * cell_h);
    if (head_y > origin.y) {
        dl->AddRectFilled(ImVec2(origin.x + shift - 4.0f, head_y), ImVec2(origin.x + w, head_y + cell_h - kCellGap),
                          ImGui::GetColorU32(ImGuiCol_WindowBg));
        column_labels(head_y);
        record_rect(rect_id + ":columns", ImVec2(origin.x + shift, head_y), ImVec2(origin.x + w, head_y + cell_h));
    }
    std::vector<std::string> row_names, col_names;
    for (Eigen::Index i = 0; i < m.rows(); ++i) row_names.push_back(axis_label(s, g, true, static_cast<int>(i)));
    for (Eigen::Index j = 0; j < m.cols(); ++j) col_names.push_back(axis_label(s, g, false, static_cast<int>(j)));
    copy_table(g.name, T(g.caption), m, std::move(row_names), std::move(col_names));

    // The cells (without labels) as "grid:<name>"; an explainable grid is also a keyboard stop.
    const ImVec2 cells_end(origin.x + w, origin.y + h);
    bool keyed = false;
    if (g.explainable) keyed = grid_stop(rect_id, cells_origin, cells_end, static_cast<int>(m.rows()), static_cast<int>(m.cols()));
    else record_rect(rect_id, cells_origin, cells_end);

    // keyboard: the cell cursor, explained like a hovered cell while the mouse is elsewhere
    KeyFocus& kf = state.focus;
    if (keyed) {
        const ImVec2 a(origin.x + label_w + cell_w * static_cast<float>(kf.col),
                       origin.y + cell_h * static_cast<float>(kf.row + 1));
        dl->AddRect(ImVec2(origin.x - 2.0f, origin.y - 2.0f), ImVec2(origin.x + w + 2.0f, origin.y + h + 2.0f),
                    ImGui::GetColorU32(colours.muted), 4.0f, 0, 1.0f);
        dl->AddRect(ImVec2(a.x - 2.0f, a.y - 2.0f), ImVec2(a.x + cell_w, a.y + cell_h), ink, 3.0f, 0, 3.0f);
        if (kf.moved) {
            ImGuiWindow* win = ImGui::GetCurrentWindow();
            // and a cell above and below, room for the pinned row labels, and half a screen below it for
            // its explanation (shown below a cell in the upper half; arriving from above, the grid
            // stopped at the screen's foot and the explanation, above, covered its caption and labels)
            // (no taller than the window that scrolls, less a cell above: else ImGui puts the row above
            // the cursor at the top on every press, a phone held sideways)
            const ImGuiWindow* scrolled = scroll && win->ParentWindow ? win->ParentWindow : win;
            const float pad = kScrollMargin, view = scrolled->InnerRect.GetHeight();
            const float room = std::max(cell_h + pad, std::min(0.5f * ImGui::GetIO().DisplaySize.y, view - 3.0f * cell_h - 3.0f * pad));
            const ImRect r(ImVec2(a.x - pad - (scroll ? label_w : 0.0f), a.y - cell_h - pad),
                           ImVec2(a.x + cell_w + pad, a.y + cell_h + room));
            ImGui::ScrollToRect(win, r, ImGuiScrollFlags_KeepVisibleEdgeX | ImGuiScrollFlags_KeepVisibleEdgeY);
            if (scroll && win->ParentWindow) ImGui::ScrollToRect(win->ParentWindow, r, ImGuiScrollFlags_KeepVisibleEdgeY);
            kf.moved = false;
        }
        // Enter or Space: as a click on the cursor's row (its token selected, or no longer)
        if (token_rows && !ImGui::GetIO().WantTextInput && activation_key_pressed())
            (void)s.select_token(sel == kf.row ? -1 : kf.row);
        Explanation e;
        if (!hovered && explain(s, g.id, kf.row, kf.col, &e)) {
            const ImVec2 screen = ImGui::GetIO().DisplaySize;
            const bool below = a.y < screen.y * 0.5f;  // else above: stay on screen
            // from the cell's left edge, or left of it (a right-hand grid's explanation ran off the screen)
            const float x = tooltip_left(a.x, kTooltipEms);
            ImGui::SetNextWindowPos(ImVec2(x, below ? a.y + cell_h + 6.0f : a.y - 8.0f), 0, ImVec2(0.0f, below ? 0.0f : 1.0f));
            explanation_tooltip(s, g, e);
            state.now.hover.valid = true;
            state.now.hover.e = std::move(e);
        }
    }

    // hover: the exact value and where it sits; click: select that row's token
    if (hovered) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        // (under the pinned column labels: no row)
        const int i = mp.y < head_y + cell_h ? -1 : static_cast<int>(std::floor((mp.y - origin.y) / cell_h)) - 1;
        // (under the pinned labels: no cell, but the row is still the row)
        const int j = mp.x < pinned_right ? -1 : static_cast<int>(std::floor((mp.x - origin.x - label_w) / cell_w));
        if (i >= 0 && i < m.rows()) {
            if (token_rows) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            if (clicked && token_rows) (void)s.select_token(sel == i ? -1 : i);
            Explanation e;
            if (g.explainable && j >= 0 && j < m.cols() && explain(s, g.id, i, j, &e)) {
                explanation_tooltip(s, g, e);
                state.now.hover.valid = true;
                state.now.hover.e = std::move(e);
            }
        }
    }
    if (scroll) end_sideways_child();
    ImGui::EndGroup();
}

}  // namespace

void draw_grid(Session& s, const Grid& g) { draw_grid_below(s, g, grid_head(s, g), 0.0f); }

void draw_grids(Session& s, std::initializer_list<Grid> grids) {
    const float right = ImGui::GetWindowContentRegionMax().x;
    // Where each grid will go (the placement below, done ahead), so that every caption of a row is as
    // tall as the row's tallest: a caption that wraps to one more line than its neighbour's does not
    // push its grid down.
    struct Place {
        GridHead head;
        float w;       // what must fit for the grid to join the row
        int row;
        float caption_h;
    };
    std::vector<Place> places;
    std::vector<float> row_caption_h;
    const float x0 = ImGui::GetCursorPosX();
    float end = x0;  // where the last group ended
    for (const Grid& g : grids) {
        Place p{grid_head(s, g), 0.0f, 0, 0.0f};
        const GridHead& head = p.head;
        p.w = std::max(head.cells_w, kMinGridWidth);
        p.caption_h = ImGui::CalcTextSize(head.caption.c_str()).y;
        float x = x0;
        if (!places.empty()) {
            p.row = places.back().row;
            x = end + kGroupGap;
            if (!fits(x, p.w, right)) {
                x = x0;
                ++p.row;
            }
        }
        end = x + group_width(g, head, right - x);
        if (p.row == static_cast<int>(row_caption_h.size())) row_caption_h.push_back(0.0f);
        row_caption_h[static_cast<std::size_t>(p.row)] = std::max(row_caption_h[static_cast<std::size_t>(p.row)], p.caption_h);
        places.push_back(std::move(p));
    }
    std::size_t k = 0;
    for (const Grid& g : grids) {
        const Place& p = places[k++];
        if (k > 1) {
            ImGui::SameLine(0.0f, kGroupGap);
            if (!fits(ImGui::GetCursorPosX(), p.w, right)) ImGui::NewLine();
        }
        draw_grid_below(s, g, p.head, row_caption_h[static_cast<std::size_t>(p.row)]);
    }
}

void mini_heatmap(const char* id, const char* name, const Matrix& m, float moved, bool show_moved, Palette palette,
                  const char* caption) {
    const float cell = mini_cell(m.cols());
    const float w = cell * static_cast<float>(m.cols()), h = cell * static_cast<float>(m.rows());
    const ThemeColours& colours = theme();
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(name);
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextColored(colours.muted, "%s", shape_text(m.rows(), m.cols()).c_str());
    const float max_abs = largest_magnitude(m);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(mini_width(m.cols()), h));
    drag_scrolls_here();  // a tap shows a value; a finger's drag scrolls the page
    record_rect(std::string("grid:") + id, o, ImVec2(o.x + w, o.y + h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const HeatmapCells cells = heatmap_cells(m, max_abs, palette, -1, o, cell, cell, cell >= 6.0f ? 1.0f : 0.0f, 0.0f);
    if (!paint(dl, cells))
        for (Eigen::Index i = 0; i < m.rows(); ++i)
            for (Eigen::Index j = 0; j < m.cols(); ++j) {
                const ImVec2 a(o.x + cell * static_cast<float>(j), o.y + cell * static_cast<float>(i));
                dl->AddRectFilled(a, ImVec2(a.x + cell - cells.gap, a.y + cell - cells.gap),
                                  ImGui::GetColorU32(cell_colour(m(i, j), max_abs, palette)));
            }
    if (ImGui::IsItemHovered()) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const int i = static_cast<int>((mp.y - o.y) / cell), j = static_cast<int>((mp.x - o.x) / cell);
        if (i >= 0 && i < m.rows() && j >= 0 && j < m.cols()) {
            const ImVec2 a(o.x + cell * static_cast<float>(j), o.y + cell * static_cast<float>(i));
            dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(a.x + cell + 1, a.y + cell + 1), ImGui::GetColorU32(colours.ink), 0.0f, 0, 2.0f);
            ImGui::SetTooltip("%s[%d, %d] = %s", name, i + 1, j + 1, num(m(i, j)).c_str());  // counted from 1, as the grids' labels
        }
    }
    if (show_moved) ImGui::TextColored(colours.muted, "%s", TF("train.moved", static_cast<double>(moved) * 100.0).c_str());
    ImGui::EndGroup();
    std::vector<std::string> rows, cols;  // counted from 1, as the tooltip and the lesson's grids
    for (Eigen::Index i = 0; i < m.rows(); ++i) rows.push_back(std::to_string(i + 1));
    for (Eigen::Index j = 0; j < m.cols(); ++j) cols.push_back(std::to_string(j + 1));
    copy_table(name, T(caption), m, std::move(rows), std::move(cols));
}

}  // namespace capiton::ui
