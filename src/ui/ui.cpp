// capiton ui — table of contents
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
#include <vector>

#include <imgui.h>

#include "core/explain.h"
#include "texts.h"

namespace capiton::ui {

namespace fonts {
extern const unsigned char kRegular[], kBold[];
extern const unsigned int kRegularSize, kBoldSize;
extern const unsigned short kRegularRanges[], kBoldRanges[];
}  // namespace fonts

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Fonts and style
// ---------------------------------------------------------------------------------------------

ImFont* g_body = nullptr;
ImFont* g_bold = nullptr;
ImFont* g_big = nullptr;  // formulas
ImFont* g_title = nullptr;
constexpr float kBodySize = 16.0f;

const ImVec4 kAccent = ImVec4(0.87f, 0.33f, 0.10f, 1.0f);      // selection, current stage
const ImVec4 kInk = ImVec4(0.13f, 0.15f, 0.20f, 1.0f);
const ImVec4 kMuted = ImVec4(0.38f, 0.41f, 0.48f, 1.0f);
const ImVec4 kError = ImVec4(0.75f, 0.08f, 0.10f, 1.0f);

// ---------------------------------------------------------------------------------------------
// [SECTION] Colour grids
// ---------------------------------------------------------------------------------------------
// Colour mapping: signed values use a diverging map, blue (negative) - white (0) - orange
// (positive), scaled by the largest magnitude in the matrix; weights in [0, 1] use white - violet.
// The cells are painted on the GPU by shaders/heatmap.frag when the app installed a painter; the
// same mapping here is the fallback and decides whether a cell's number is written in white.

HeatmapPainter g_painter = nullptr;

enum class Axis { Tokens, Features };
enum class Palette { Signed, Weights };

struct Grid {
    MatrixId id;
    const char* name;     // as in the formula: "Q", "W_Q", "weights"
    const char* caption;  // one line under the name
    const Matrix* m;
    Axis rows, cols;
    Palette palette;
};

ImVec4 lerp(const ImVec4& a, const ImVec4& b, float t) {
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f);
}

ImVec4 cell_colour(float v, float max_abs, Palette p) {
    const ImVec4 white(0.98f, 0.98f, 0.97f, 1.0f);
    if (std::isinf(v)) return ImVec4(0.80f, 0.81f, 0.84f, 1.0f);
    if (p == Palette::Weights) return lerp(white, ImVec4(0.36f, 0.20f, 0.62f, 1.0f), std::pow(std::clamp(v, 0.0f, 1.0f), 0.7f));
    const float t = max_abs > 0.0f ? std::clamp(v / max_abs, -1.0f, 1.0f) : 0.0f;
    const float s = std::pow(std::fabs(t), 0.8f);
    return t >= 0 ? lerp(white, ImVec4(0.90f, 0.42f, 0.12f, 1.0f), s) : lerp(white, ImVec4(0.16f, 0.40f, 0.74f, 1.0f), s);
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
    return std::to_string(i + 1);
}

float grid_width(const Grid& g, float cell_w, float label_w) { return label_w + cell_w * static_cast<float>(g.m->cols()); }

float label_width(const Session& s, const Grid& g) {
    float w = ImGui::CalcTextSize("00").x;
    if (g.rows == Axis::Tokens)
        for (std::size_t i = 0; i < s.trace().tokens.size(); ++i)
            w = std::max(w, ImGui::CalcTextSize(axis_label(s, Axis::Tokens, static_cast<int>(i)).c_str()).x);
    return w + ImGui::GetStyle().ItemSpacing.x;
}

// The cell under the mouse, and the operands its explanation names. Operands light up in the next
// frame (grids drawn earlier in this frame cannot know yet what will be hovered).
struct Hover {
    bool valid = false;
    Explanation e;
};
Hover g_hover_prev, g_hover_now;
const ImVec4 kOperand = ImVec4(0.0f, 0.56f, 0.56f, 1.0f);

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
    if (a.size() > max_terms) ImGui::TextColored(kMuted, "  + \xe2\x80\xa6 (%d terms in all)", static_cast<int>(a.size()));
    ImGui::PopTextWrapPos();
}

void explanation_tooltip(const Session& s, const Grid& g, const Explanation& e) {
    const auto& tok = s.trace().tokens;
    const std::string here = cell_name(s, e.matrix, g.rows, g.cols, e.row, e.col);
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34.0f);
    ImGui::PushFont(g_bold);
    ImGui::Text("%s = %s", here.c_str(), num(e.value).c_str());
    ImGui::PopFont();
    switch (e.kind) {
        case ExplanationKind::Table:
            ImGui::TextColored(kMuted, "A number from the embedding table's row for \xe2\x80\x9c%s\xe2\x80\x9d. capiton derives the row "
                               "from the word itself; a trained model would learn it.", tok[static_cast<std::size_t>(e.row)].c_str());
            break;
        case ExplanationKind::Sinusoid:
            ImGui::Text("= %s(%d \xc3\x97 %.4f) = %s(%.4f)", e.cosine ? "cos" : "sin", e.position, e.rate,
                        e.cosine ? "cos" : "sin", e.position * e.rate);
            ImGui::TextColored(kMuted, "Position %d, feature %d: rate = 10000^(\xe2\x88\x92%d/%d).", e.position + 1, e.col + 1,
                               e.col - e.col % 2, s.config().d_model);
            break;
        case ExplanationKind::Sum:
            ImGui::Text("= embedding %s + position %s", num(e.a[0]).c_str(), num(e.b[0]).c_str());
            break;
        case ExplanationKind::Parameter:
            ImGui::TextColored(kMuted, "A parameter of the model. Here it is a seeded random number; training would "
                               "adjust it.");
            break;
        case ExplanationKind::DotProduct: {
            if (e.matrix == MatrixId::Scores) {
                ImGui::Text("= Q[%s] \xc2\xb7 K[%s]", axis_label(s, Axis::Tokens, e.row).c_str(),
                            axis_label(s, Axis::Tokens, e.col).c_str());
                product_lines(e.a, e.b, nullptr);
            } else if (e.matrix == MatrixId::Output) {
                ImGui::Text("= \xce\xa3\xe2\x82\x96 weights[%s][k] \xc3\x97 V[k][%d]", axis_label(s, Axis::Tokens, e.row).c_str(), e.col + 1);
                std::vector<std::string> labels;
                for (std::size_t k = 0; k < tok.size(); ++k) labels.push_back(axis_label(s, Axis::Tokens, static_cast<int>(k)));
                product_lines(e.a, e.b, &labels);
            } else {  // Q, K, V
                const char* w = e.matrix == MatrixId::Q ? "W_Q" : e.matrix == MatrixId::K ? "W_K" : "W_V";
                ImGui::Text("= X[%s] \xc2\xb7 column %d of %s", axis_label(s, Axis::Tokens, e.row).c_str(), e.col + 1, w);
                product_lines(e.a, e.b, nullptr);
            }
            ImGui::Text("= %s", num(e.value).c_str());
            break;
        }
        case ExplanationKind::Scale:
            ImGui::Text("= scores %s / \xe2\x88\x9a%d = %s / %.3f", num(e.a[0]).c_str(), s.config().d_k, num(e.a[0]).c_str(),
                        static_cast<double>(e.divisor));
            break;
        case ExplanationKind::Mask:
            if (e.allowed) {
                ImGui::Text("= scaled %s, unchanged", num(e.a[0]).c_str());
                ImGui::TextColored(kMuted, "\xe2\x80\x9c%s\xe2\x80\x9d may look at \xe2\x80\x9c%s\xe2\x80\x9d.",
                                   tok[static_cast<std::size_t>(e.row)].c_str(), tok[static_cast<std::size_t>(e.col)].c_str());
            } else {
                ImGui::TextColored(kMuted, "The causal mask hides \xe2\x80\x9c%s\xe2\x80\x9d from \xe2\x80\x9c%s\xe2\x80\x9d: it comes later "
                                   "in the sentence. Softmax will give it weight 0.",
                                   tok[static_cast<std::size_t>(e.col)].c_str(), tok[static_cast<std::size_t>(e.row)].c_str());
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
            ImGui::TextColored(kMuted, "Each term is exp(logit \xe2\x88\x92 row max %s); the largest logit gives exp(0) = 1.",
                               num(e.row_max).c_str());
            break;
        }
    }
    ImGui::PopTextWrapPos();
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
void draw_grid(Session& s, const Grid& g) {
    const Matrix& m = *g.m;
    const float cell_w = ImGui::CalcTextSize("\xe2\x88\x92" "0.00").x + 12.0f;
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
    float max_abs = 0.0f;
    for (Eigen::Index i = 0; i < m.size(); ++i)
        if (std::isfinite(m.data()[i])) max_abs = std::max(max_abs, std::fabs(m.data()[i]));
    ImGui::SameLine();
    if (g.palette == Palette::Weights)
        ImGui::TextColored(kMuted, "  colours 0 \xe2\x80\xa6 1");
    else
        ImGui::TextColored(kMuted, "  colours \xc2\xb1%.2f", static_cast<double>(max_abs));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Full colour = the largest value in this grid; white = 0.\nBlue is negative, orange positive.");
    ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(w, 220.0f));
    ImGui::TextUnformatted(g.caption);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();

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
    const bool clicked = ImGui::IsItemClicked();
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 ink = ImGui::GetColorU32(kInk);
    const ImU32 muted = ImGui::GetColorU32(kMuted);
    const ImU32 accent = ImGui::GetColorU32(kAccent);
    const int sel = s.selected_token();
    const bool token_rows = g.rows == Axis::Tokens;

    // column labels
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
        const std::string lab = axis_label(s, g.cols, static_cast<int>(j));
        const ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
        const float x = origin.x + label_w + cell_w * static_cast<float>(j);
        const bool focus = g.cols == Axis::Tokens && sel >= 0 && s.focus_of(sel).key == j;
        dl->AddText(ImVec2(x + (cell_w - std::min(ts.x, cell_w)) * 0.5f, origin.y + 4.0f), focus ? accent : muted, lab.c_str());
    }
    // rows
    const Focus focus = s.focus_of(sel);
    constexpr float kGap = 2.0f, kRadius = 3.0f;
    const HeatmapCells cells{m.data(), static_cast<int>(m.rows()), static_cast<int>(m.cols()), max_abs,
                             g.palette == Palette::Weights ? 1 : 0, token_rows ? sel : -1,
                             origin.x + label_w, origin.y + cell_h, cell_w, cell_h, kGap, kRadius};
    const bool painted = g_painter && g_painter(dl, cells);
    char buf[32];
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        const float y = origin.y + cell_h * static_cast<float>(i + 1);
        const bool selected_row = token_rows && sel == i;
        const bool dim = token_rows && sel >= 0 && !selected_row;
        const std::string lab = axis_label(s, g.rows, static_cast<int>(i));
        dl->AddText(ImVec2(origin.x, y + 4.0f), selected_row ? accent : (token_rows ? ink : muted), lab.c_str());
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            const float v = m(i, j);
            const ImVec2 a(origin.x + label_w + cell_w * static_cast<float>(j), y);
            const ImVec2 b(a.x + cell_w - kGap, a.y + cell_h - kGap);
            ImVec4 c = cell_colour(v, max_abs, g.palette);
            if (dim) c = lerp(c, ImVec4(0.96f, 0.96f, 0.96f, 1), 0.55f);
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

    // hover: the exact value and where it sits; click: select that row's token
    if (hovered) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const int i = static_cast<int>(std::floor((mp.y - origin.y) / cell_h)) - 1;
        const int j = static_cast<int>(std::floor((mp.x - origin.x - label_w) / cell_w));
        if (i >= 0 && i < m.rows()) {
            if (token_rows) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            if (clicked && token_rows) (void)s.select_token(sel == i ? -1 : i);
            Explanation e;
            if (j >= 0 && j < m.cols() && explain(s, g.id, i, j, &e)) {
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
        const float cell_w = ImGui::CalcTextSize("\xe2\x88\x92" "0.00").x + 12.0f;
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
        if (ImGui::Button(label)) (void)s.select_token(sel ? -1 : static_cast<int>(i));
        if (sel) ImGui::PopStyleColor(2);
    }
    ImGui::Spacing();
    ImGui::TextColored(kMuted, "n = %d tokens. Click one to follow it through every stage.", static_cast<int>(tokens.size()));
}

void focus_line(const Session& s) {
    const int sel = s.selected_token();
    if (sel < 0) {
        ImGui::TextColored(kMuted, "Click a token (a row label or any row of a grid) to follow its query.");
        return;
    }
    const Focus f = s.focus_of(sel);
    const auto& t = s.trace().tokens;
    if (f.key < 0) return;
    ImGui::TextColored(kAccent, "\xe2\x80\x9c%s\xe2\x80\x9d looks hardest at \xe2\x80\x9c%s\xe2\x80\x9d (weight %.2f).",
                       short_label(t[static_cast<std::size_t>(sel)], 24).c_str(),
                       short_label(t[static_cast<std::size_t>(f.key)], 24).c_str(), static_cast<double>(f.weight));
}

void stage_body(Session& s) {
    const Trace& t = s.trace();
    const Weights& w = s.weights();
    switch (s.stage()) {
        case Stage::Tokens:
            token_chips(s);
            break;
        case Stage::Embedding:
            draw_grids(s, {{MatrixId::Embedding, "E[token]", "the table row of each token", &t.token_embedding, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::Position, "PE", "position signal, row p = position p", &t.position, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::X, "X", "their sum: the input to attention", &t.X, Axis::Tokens, Axis::Features, Palette::Signed}});
            break;
        case Stage::Projection:
            draw_grids(s, {{MatrixId::X, "X", "one row per token", &t.X, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::W_Q, "W_Q", "parameters: query projection", &w.W_Q, Axis::Features, Axis::Features, Palette::Signed},
                           {MatrixId::W_K, "W_K", "parameters: key projection", &w.W_K, Axis::Features, Axis::Features, Palette::Signed},
                           {MatrixId::W_V, "W_V", "parameters: value projection", &w.W_V, Axis::Features, Axis::Features, Palette::Signed},
                           {MatrixId::Q, "Q", "queries: what each token looks for", &t.Q, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::K, "K", "keys: what each token can be found by", &t.K, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::V, "V", "values: what each token hands over", &t.V, Axis::Tokens, Axis::Features, Palette::Signed}});
            break;
        case Stage::Scores:
            draw_grids(s, {{MatrixId::Q, "Q", "queries (rows)", &t.Q, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::K, "K", "keys (one per column of the scores)", &t.K, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::Scores, "scores", "row = query token, column = key token", &t.scores, Axis::Tokens, Axis::Tokens, Palette::Signed}});
            break;
        case Stage::Scale: {
            ImGui::TextColored(kMuted, "Here d_k = %d, so every score is multiplied by 1/\xe2\x88\x9a%d = %.4f.",
                               s.config().d_k, s.config().d_k, static_cast<double>(t.scale));
            draw_grids(s, {{MatrixId::Scores, "scores", "before", &t.scores, Axis::Tokens, Axis::Tokens, Palette::Signed},
                           {MatrixId::Scaled, "scaled", "after dividing by \xe2\x88\x9a" "d_k", &t.scaled, Axis::Tokens, Axis::Tokens, Palette::Signed}});
            break;
        }
        case Stage::Mask: {
            int mask = s.config().mask == MaskKind::Causal ? 1 : 0;
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted("Mask:");
            ImGui::SameLine();
            if (ImGui::RadioButton("none (encoder)", &mask, 0)) (void)s.set_mask(MaskKind::None);
            ImGui::SameLine();
            if (ImGui::RadioButton("causal (decoder)", &mask, 1)) (void)s.set_mask(MaskKind::Causal);
            draw_grids(s, {{MatrixId::Scaled, "scaled", "from the previous step", &t.scaled, Axis::Tokens, Axis::Tokens, Palette::Signed},
                           {MatrixId::Masked, "masked", "\xe2\x88\x92\xe2\x88\x9e where a token may not look", &t.masked, Axis::Tokens, Axis::Tokens, Palette::Signed}});
            break;
        }
        case Stage::Softmax:
            draw_grids(s, {{MatrixId::Masked, "masked", "logits", &t.masked, Axis::Tokens, Axis::Tokens, Palette::Signed},
                           {MatrixId::Weights, "weights", "each row sums to 1", &t.weights, Axis::Tokens, Axis::Tokens, Palette::Weights}});
            break;
        case Stage::Weighting:
            draw_grids(s, {{MatrixId::Weights, "weights", "how much of each value to take", &t.weights, Axis::Tokens, Axis::Tokens, Palette::Weights},
                           {MatrixId::V, "V", "values", &t.V, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::Output, "output", "weighted sums of the values", &t.output, Axis::Tokens, Axis::Features, Palette::Signed}});
            break;
        case Stage::Output:
            draw_grids(s, {{MatrixId::V, "V", "each token's own value", &t.V, Axis::Tokens, Axis::Features, Palette::Signed},
                           {MatrixId::Output, "output", "each token's value mixed with its context", &t.output, Axis::Tokens, Axis::Features, Palette::Signed}});
            break;
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Header: sentence box, settings, stepper
// ---------------------------------------------------------------------------------------------

void sentence_box(Session& s, View& v) {
    if (v.synced_sentence != s.sentence()) {  // changed from outside (page hook): show it
        std::snprintf(v.input, sizeof v.input, "%s", s.sentence().c_str());
        v.synced_sentence = s.sentence();
        v.input_error.clear();
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Sentence");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(460.0f, ImGui::GetContentRegionAvail().x * 0.5f));
    const bool enter = ImGui::InputText("##sentence", v.input, sizeof v.input, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Show") || enter) {
        const Status st = s.set_sentence(v.input);
        v.input_error = st.error;
        if (st.ok()) v.synced_sentence = s.sentence();
    }
    ImGui::SameLine();
    if (ImGui::Button("Reset")) {
        (void)s.set_sentence(kDefaultSentence);
        v.input_error.clear();
    }
    if (!v.input_error.empty()) {
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kError, "%s", v.input_error.c_str());
        ImGui::PopTextWrapPos();
    }
}

void settings(Session& s) {
    static const int kDims[] = {2, 4, 8, 16, 32};
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(kMuted, "d_model");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70.0f);
    if (ImGui::BeginCombo("##dmodel", std::to_string(s.config().d_model).c_str())) {
        for (int d : kDims)
            if (ImGui::Selectable(std::to_string(d).c_str(), d == s.config().d_model)) (void)s.set_dims(d, s.config().d_k);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "d_k");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70.0f);
    if (ImGui::BeginCombo("##dk", std::to_string(s.config().d_k).c_str())) {
        for (int d : kDims)
            if (ImGui::Selectable(std::to_string(d).c_str(), d == s.config().d_k)) (void)s.set_dims(s.config().d_model, d);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "mask");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(100.0f);
    const bool causal = s.config().mask == MaskKind::Causal;
    if (ImGui::BeginCombo("##mask", causal ? "causal" : "none")) {
        if (ImGui::Selectable("none", !causal)) (void)s.set_mask(MaskKind::None);
        if (ImGui::Selectable("causal", causal)) (void)s.set_mask(MaskKind::Causal);
        ImGui::EndCombo();
    }
}

void stepper(Session& s) {
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) s.prev();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Previous stage (\xe2\x86\x90 key)");
    for (Stage st : kAllStages) {
        ImGui::SameLine();
        const bool current = st == s.stage();
        char label[64];
        std::snprintf(label, sizeof label, "%d %s", static_cast<int>(st) + 1, stage_text(st).short_name);
        if (current) {
            ImGui::PushStyleColor(ImGuiCol_Button, kAccent);
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, kAccent);
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        }
        const float w = ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x;
        if (ImGui::GetCursorPosX() + w + 40.0f > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
        if (ImGui::Button(label)) s.go_to(st);
        if (current) ImGui::PopStyleColor(3);
    }
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) s.next();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Next stage (\xe2\x86\x92 key)");
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public
// ---------------------------------------------------------------------------------------------

void set_heatmap_painter(HeatmapPainter painter) { g_painter = painter; }

bool hovered_cell(const char** matrix, int* row, int* col) {
    if (!g_hover_now.valid) return false;
    *matrix = matrix_name(g_hover_now.e.matrix);
    *row = g_hover_now.e.row;
    *col = g_hover_now.e.col;
    return true;
}

void setup_style() {
    ImGui::StyleColorsLight();
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowPadding = ImVec2(20, 16);
    st.FramePadding = ImVec2(10, 5);
    st.ItemSpacing = ImVec2(10, 8);
    st.FrameRounding = 6.0f;
    st.GrabRounding = 6.0f;
    st.PopupRounding = 6.0f;
    st.ScrollbarRounding = 6.0f;
    st.WindowBorderSize = 0.0f;
    ImVec4* c = st.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.985f, 0.98f, 0.97f, 1.0f);
    c[ImGuiCol_Text] = kInk;
    c[ImGuiCol_Button] = ImVec4(0.90f, 0.90f, 0.92f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.98f, 0.80f, 0.68f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.95f, 0.65f, 0.45f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_FrameBgHovered] = ImVec4(1.0f, 0.96f, 0.92f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.78f, 0.78f, 0.82f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.98f, 0.85f, 0.75f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.98f, 0.80f, 0.68f, 1.0f);
    c[ImGuiCol_CheckMark] = kAccent;
    c[ImGuiCol_Separator] = ImVec4(0.85f, 0.85f, 0.88f, 1.0f);
    st.FrameBorderSize = 1.0f;
}

void load_fonts(float pixel_ratio) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Rasterise at the physical pixel size and scale back, so text stays sharp on HiDPI screens.
    const float r = std::max(1.0f, pixel_ratio);
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // static data
    cfg.OversampleH = 2;
    void* regular = const_cast<unsigned char*>(fonts::kRegular);
    void* bold = const_cast<unsigned char*>(fonts::kBold);
    const auto* rr = reinterpret_cast<const ImWchar*>(fonts::kRegularRanges);
    const auto* br = reinterpret_cast<const ImWchar*>(fonts::kBoldRanges);
    g_body = io.Fonts->AddFontFromMemoryTTF(regular, static_cast<int>(fonts::kRegularSize), kBodySize * r, &cfg, rr);
    g_bold = io.Fonts->AddFontFromMemoryTTF(bold, static_cast<int>(fonts::kBoldSize), kBodySize * r, &cfg, br);
    g_big = io.Fonts->AddFontFromMemoryTTF(regular, static_cast<int>(fonts::kRegularSize), 22.0f * r, &cfg, rr);
    g_title = io.Fonts->AddFontFromMemoryTTF(bold, static_cast<int>(fonts::kBoldSize), 24.0f * r, &cfg, br);
    io.FontGlobalScale = 1.0f / r;
    io.FontDefault = g_body;
    io.Fonts->Build();
}

void draw(Session& s, View& v) {
    ImGuiIO& io = ImGui::GetIO();
    g_hover_prev = std::move(g_hover_now);
    g_hover_now = Hover{};
    // ← / → move one stage per press (no auto-repeat: a slow frame must not skip stages), unless
    // the student is typing.
    if (!io.WantTextInput) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow), false)) s.prev();
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), false)) s.next();
    }

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("capiton", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);

    ImGui::PushFont(g_title);
    ImGui::TextUnformatted("capiton");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 6.0f);
    ImGui::TextColored(kMuted, "attention, number by number");
    ImGui::SameLine();
    const float settings_w = 430.0f;
    if (ImGui::GetContentRegionAvail().x > settings_w) ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - settings_w);
    else ImGui::NewLine();
    settings(s);

    sentence_box(s, v);
    ImGui::Spacing();
    stepper(s);
    ImGui::Separator();

    ImGui::BeginChild("stage", ImVec2(0, 0), false);
    const StageText& text = stage_text(s.stage());
    ImGui::PushFont(g_title);
    ImGui::TextUnformatted(text.title);
    ImGui::PopFont();
    ImGui::PushFont(g_big);
    ImGui::TextUnformatted(text.formula);
    ImGui::PopFont();
    ImGui::PushTextWrapPos(std::min(ImGui::GetContentRegionAvail().x, 900.0f));
    ImGui::TextUnformatted(text.body);
    ImGui::PopTextWrapPos();
    if (s.stage() != Stage::Tokens) focus_line(s);
    ImGui::Spacing();
    stage_body(s);
    ImGui::Dummy(ImVec2(0, 12));
    ImGui::TextColored(kMuted, "\xe2\x86\x90 / \xe2\x86\x92 keys: previous / next stage.  Hover a cell to see how it was computed.");
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace capiton::ui
