// capiton ui: a grid cell's explanation tooltip: how its number was computed, term by term, from the
// core's Explanation (core/explain.h), with the notes that say what the operands are (see grid.h).
#include "ui/grid_explain.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "core/numbers.h"
#include "ui/format.h"
#include "ui/frame.h"
#include "ui/layout.h"
#include "ui/state.h"
#include "ui/text.h"

namespace capiton::ui {

namespace {

constexpr std::size_t kMaxTerms = 12;  // a sum lists at most this many terms, then "…"

// The later stages' copies of a matrix have export names of their own ("poem_scores", "cross_Q",
// "K_cache"); a cell's explanation names them as the lesson and the formulas do.
constexpr std::pair<MatrixId, const char*> kShownNames[] = {
    {MatrixId::CrossQ, "Q"},          {MatrixId::CrossK, "K"},           {MatrixId::CrossV, "V"},
    {MatrixId::DecodeQ, "q"},         {MatrixId::KCache, "K"},           {MatrixId::VCache, "V"},
    {MatrixId::DecodeWeights, "weights"}, {MatrixId::DecodeCross, "alignment"},
    {MatrixId::PoemQ, "q"},           {MatrixId::PoemK, "K"},            {MatrixId::PoemV, "V"},
    {MatrixId::PoemScores, "scores"}, {MatrixId::PoemScaled, "scaled"},  {MatrixId::PoemWeights, "weights"},
    {MatrixId::PoemOutput, "output"},
    {MatrixId::HeadV, "V"},           {MatrixId::HeadWeights, "weights"}, {MatrixId::HeadOutput, "output"},
    {MatrixId::BlockX, "X"},          {MatrixId::Concat, "C"},           {MatrixId::Mixed, "M"}};

// The name a cell's explanation gives its grid: as above; a grid titled with its formula as its title
// names it ("R1 = X + M": R1, and so N1, U, F, R2, N2); else the matrix's id.
std::string cell_name(const Session& s, const Grid& g, int i, int j) {
    const std::string title = g.name ? g.name : "";
    std::string name = title.find(" = ") != std::string::npos ? title.substr(0, title.find(" = ")) : std::string(id_of(g.id));
    for (const auto& [id, shown] : kShownNames)
        if (id == g.id) name = shown;
    return name + "[" + axis_label(s, g, true, i) + "][" + axis_label(s, g, false, j) + "]";
}

// The encoder–decoder's projections (core/translate.h) and the poem model's (core/gpt.h): which rows,
// times which parameter matrix, and the note that says what the rows are.
struct RowProduct {
    MatrixId id;
    const char* rows;
    const char* weights;
    const char* note;  // catalog key
};
constexpr RowProduct kRowProducts[] = {
    {MatrixId::CrossQ, "D1", "Wc_Q", "explain.note.cross_q"},    {MatrixId::CrossK, "S", "Wc_K", "explain.note.cross_k"} /* the core's H: H counts heads on screen */,
    {MatrixId::CrossV, "E[source]", "Wc_V", "explain.note.cross_v"}, {MatrixId::DecodeQ, "Y", "Ws_Q", "explain.note.cache"},
    {MatrixId::KCache, "Y", "Ws_K", "explain.note.cache"},         {MatrixId::VCache, "Y", "Ws_V", "explain.note.cache"},
    {MatrixId::PoemQ, "N1", "W_Q", "explain.note.poem_qkv"},       {MatrixId::PoemK, "N1", "W_K", "explain.note.poem_qkv"},
    {MatrixId::PoemV, "N1", "W_V", "explain.note.poem_qkv"},
};
const RowProduct* row_product(MatrixId m) {
    for (const RowProduct& p : kRowProducts)
        if (p.id == m) return &p;
    return nullptr;
}

// One line of an explanation's arithmetic, broken (if wider than `width`, on a phone) only between
// its terms, never inside a number or a bracket (wrap_formula).
void formula_line(const std::string& text, float width) { formula_paragraph(text.c_str(), width); }

// "a0×b0 + a1×b1 + …", a line every `per_line` terms, at most kMaxTerms terms then "…".
void product_lines(const std::vector<float>& a, const std::vector<float>& b, const std::vector<std::string>* labels,
                   float width) {
    const std::size_t per_line = labels ? 3 : 4;
    std::string line;
    for (std::size_t k = 0; k < a.size() && k < kMaxTerms; ++k) {
        if (!line.empty()) line += " + ";
        // a negative factor after "+" or "×" in brackets ("+ (−0.32)×2.01", not "+ −0.32×2.01")
        const auto factor = [](float x, bool after_sign) { return after_sign && x < 0.0f ? "(" + num(x) + ")" : num(x); };
        line += factor(a[k], k > 0) + "\xc3\x97" + factor(b[k], true);
        if (labels) line += " (" + (*labels)[k] + ")";
        if ((k + 1) % per_line == 0 || k + 1 == a.size() || k + 1 == kMaxTerms) {
            formula_line((k < per_line ? "= " : "  + ") + line, width);
            line.clear();
        }
    }
    if (a.size() > kMaxTerms) paragraph(TF("explain.more_terms", static_cast<int>(a.size())).c_str(), width, &theme().muted);
}

// Under a sum whose terms product_lines showed in full: that they are rounded, when the rounded ones add
// up to another number (a student redoing the sum).
void rounding_note(const std::vector<float>& a, const std::vector<float>& b, float width) {
    if (a.size() <= kMaxTerms && rounded_sum_differs(a, b)) paragraph(T("explain.rounded"), width, &theme().muted);
}

}  // namespace

void explanation_tooltip(const Session& s, const Grid& g, const Explanation& e) {
    const auto& tok = s.lesson().trace().tokens;
    const ImVec4* muted = &theme().muted;
    const std::string here = cell_name(s, g, e.row, e.col);
    ImGui::BeginTooltip();
    const float tip_w = tooltip_text_width(kTooltipEms);
    ImGui::PushFont(state.fonts.bold);
    formula_line(here + " = " + num(e.value), tip_w);
    ImGui::PopFont();
    switch (e.kind) {
        case ExplanationKind::Table:
            if (e.matrix == MatrixId::Position) paragraph(TF("explain.position_table", e.row).c_str(), tip_w, muted);
            else  // the trained model's row was learned (a word it never saw: zero); the untrained switch's is derived from the word
                paragraph(TF(!s.lesson().model()                   ? "explain.table"
                             : s.lesson().unknown_to_model(e.row) ? "explain.table_unknown"
                                                                  : "explain.table_trained",
                             tok[static_cast<std::size_t>(e.row)].c_str())
                              .c_str(),
                          tip_w, muted);
            break;
        case ExplanationKind::NoPosition:
            paragraph(T(s.lesson().config().position == PositionKind::Rotary ? "explain.no_position_rope" : "explain.no_position"),
                      tip_w, muted);
            break;
        case ExplanationKind::Rotation: {
            const char* from = e.matrix == MatrixId::Q_rot ? "Q" : "K";
            if (e.a.size() == 1) {
                formula_line("= " + num(e.a[0]), tip_w);
                paragraph(T("explain.rotation_last"), tip_w, muted);
                break;
            }
            const double angle = e.position * e.rate;
            const int x = e.col - e.col % 2;
            if (e.cosine)
                formula_line(formatted("= %s \xc3\x97 cos(%.4f) \xe2\x88\x92 %s \xc3\x97 sin(%.4f)", num(e.a[0]).c_str(), angle,
                                     num(e.a[1]).c_str(), angle), tip_w);
            else
                formula_line(formatted("= %s \xc3\x97 sin(%.4f) + %s \xc3\x97 cos(%.4f)", num(e.a[0]).c_str(), angle,
                                     num(e.a[1]).c_str(), angle), tip_w);
            paragraph(TF("explain.rotation_note", from, x + 1, x + 2, e.position, e.rate).c_str(), tip_w, muted);
            break;
        }
        case ExplanationKind::Sinusoid:
            formula_line(formatted("= %s(%d \xc3\x97 %.4f) = %s(%.4f)", e.cosine ? "cos" : "sin", e.position, e.rate,
                                 e.cosine ? "cos" : "sin", e.position * e.rate), tip_w);
            paragraph(TF("explain.sinusoid_note", e.position, e.col + 1, e.col - e.col % 2, s.lesson().config().d_model).c_str(),
                      tip_w, muted);
            break;
        case ExplanationKind::Sum: {
            const char* key = e.matrix == MatrixId::Residual1 ? "explain.residual1"
                              : e.matrix == MatrixId::Residual2 ? "explain.residual2"
                                                                : "explain.sum";
            formula_line(TF(key, num(e.a[0]).c_str(), num(e.b[0]).c_str()), tip_w);
            if (e.matrix != MatrixId::X && e.matrix != MatrixId::BlockX) paragraph(T("explain.residual_note"), tip_w, muted);
            break;
        }
        case ExplanationKind::Concat:
            formula_line(TF("explain.concat", e.head + 1, axis_label(s, Axis::Tokens, e.row).c_str(), e.head_col + 1), tip_w);
            paragraph(TF("explain.concat_note", e.head + 1, e.col + 1).c_str(), tip_w, muted);
            break;
        case ExplanationKind::Affine:
            formula_line(TF(e.relu ? "explain.hidden" : "explain.ffn", axis_label(s, Axis::Tokens, e.row).c_str(), e.col + 1), tip_w);
            product_lines(e.a, e.b, nullptr, tip_w);
            formula_line(TF("explain.bias", e.relu ? "c_1" : "c_2", num(e.bias).c_str()), tip_w);  // as the formula names it
            if (e.relu) {
                double sum = e.bias;
                for (std::size_t k = 0; k < e.a.size(); ++k) sum += static_cast<double>(e.a[k]) * e.b[k];
                formula_line(TF("explain.relu", num(static_cast<float>(sum)).c_str(), num(e.value).c_str()), tip_w);
                paragraph(T("explain.relu_note"), tip_w, muted);
            } else {
                formula_line("= " + num(e.value), tip_w);
            }
            rounding_note(e.a, e.b, tip_w);
            break;
        case ExplanationKind::LayerNorm: {
            const std::size_t j = static_cast<std::size_t>(e.col);
            formula_line(TF("explain.layer_norm", num(e.gain).c_str(), num(e.a[j]).c_str(), num(e.mean).c_str(),
                                      num(e.rstd).c_str(), num(e.bias).c_str()), tip_w);
            paragraph(TF("explain.layer_norm_note", e.matrix == MatrixId::Norm1 ? "R1" : "R2", num(e.mean).c_str(),
                         num(1.0f / e.rstd).c_str()).c_str(), tip_w, muted);
            break;
        }
        case ExplanationKind::Parameter:
            paragraph(T("explain.parameter"), tip_w, muted);
            break;
        case ExplanationKind::Context:
            paragraph(T("stage.seq2seq.same_c_help"), tip_w, muted);
            break;
        case ExplanationKind::DotProduct: {
            if (e.matrix == MatrixId::Scores || e.matrix == MatrixId::PoemScores) {
                formula_line(TF(e.matrix == MatrixId::PoemScores ? "explain.poem_scores" : "explain.scores",
                                          axis_label(s, g, true, e.row).c_str(),
                                          axis_label(s, g, false, e.col).c_str()), tip_w);
                product_lines(e.a, e.b, nullptr, tip_w);
            } else if (e.matrix == MatrixId::PoemOutput) {  // over the cache's rows: the text's characters 0 … r
                formula_line(TF("explain.output", axis_label(s, g, true, e.row).c_str(), e.col + 1), tip_w);
                std::vector<std::string> labels = s.poems().text_labels();
                labels.resize(e.a.size());
                product_lines(e.a, e.b, &labels, tip_w);
            } else if (e.matrix == MatrixId::Output) {
                formula_line(TF("explain.output", axis_label(s, Axis::Tokens, e.row).c_str(), e.col + 1), tip_w);
                std::vector<std::string> labels;
                for (std::size_t k = 0; k < tok.size(); ++k) labels.push_back(axis_label(s, Axis::Tokens, static_cast<int>(k)));
                product_lines(e.a, e.b, &labels, tip_w);
            } else if (e.matrix == MatrixId::HeadOutput) {
                formula_line(TF("explain.head_output", axis_label(s, Axis::Tokens, e.row).c_str(), e.col + 1), tip_w);
                std::vector<std::string> labels;
                for (std::size_t k = 0; k < tok.size(); ++k) labels.push_back(axis_label(s, Axis::Tokens, static_cast<int>(k)));
                product_lines(e.a, e.b, &labels, tip_w);
            } else if (e.matrix == MatrixId::Mixed) {
                formula_line(TF("explain.mixed", axis_label(s, Axis::Tokens, e.row).c_str(), e.col + 1), tip_w);
                product_lines(e.a, e.b, nullptr, tip_w);
            } else if (const RowProduct* tp = row_product(e.matrix)) {
                // a poem head's q, K, V are its d_k columns of the layer's W_Q, W_K, W_V
                const int col = e.col + 1 + (poem_matrix(e.matrix) ? s.poems().step().head * s.poems().shape().d_k() : 0);
                formula_line(TF("explain.translate_product", tp->rows, axis_label(s, g, true, e.row).c_str(), col,
                                          tp->weights), tip_w);
                product_lines(e.a, e.b, nullptr, tip_w);
                paragraph(T(tp->note), tip_w, muted);
            } else if (e.matrix == MatrixId::HeadV) {
                formula_line(TF("explain.head_v", axis_label(s, Axis::Tokens, e.row).c_str(),
                                          s.lesson().multi_head().selected() + 1, e.col + 1), tip_w);
                product_lines(e.a, e.b, nullptr, tip_w);
            } else {  // Q, K, V
                const char* w = id_of(e.matrix == MatrixId::Q ? MatrixId::W_Q : e.matrix == MatrixId::K ? MatrixId::W_K : MatrixId::W_V);
                formula_line(TF("explain.projection", axis_label(s, Axis::Tokens, e.row).c_str(), e.col + 1, w), tip_w);
                product_lines(e.a, e.b, nullptr, tip_w);
            }
            formula_line("= " + num(e.value), tip_w);
            rounding_note(e.a, e.b, tip_w);
            break;
        }
        case ExplanationKind::Scale:
            formula_line(TF("explain.scale", num(e.a[0]).c_str(),
                                      poem_matrix(e.matrix) ? s.poems().shape().d_k() : s.lesson().config().d_k, num(e.a[0]).c_str(),
                                      static_cast<double>(e.divisor)), tip_w);
            break;
        case ExplanationKind::Mask:
            if (e.allowed) {
                formula_line(TF("explain.mask_kept", num(e.a[0]).c_str()), tip_w);
                paragraph(TF("explain.mask_allowed", tok[static_cast<std::size_t>(e.row)].c_str(),
                             tok[static_cast<std::size_t>(e.col)].c_str()).c_str(), tip_w, muted);
            } else {
                paragraph(TF("explain.mask_hidden", tok[static_cast<std::size_t>(e.col)].c_str(),
                             tok[static_cast<std::size_t>(e.row)].c_str()).c_str(), tip_w, muted);
            }
            break;
        case ExplanationKind::Softmax: {
            const std::size_t j = static_cast<std::size_t>(e.col);
            formula_line(formatted("= exp(%s \xe2\x88\x92 %s) / \xce\xa3 = %.4f / %.4f", num(e.logits[j]).c_str(),
                                 num(e.row_max).c_str(), static_cast<double>(e.exps[j]), static_cast<double>(e.exp_sum)),
                         tip_w);
            std::string line = "\xce\xa3 = ";
            for (std::size_t k = 0; k < e.exps.size() && k < kMaxTerms; ++k) {
                if (k) line += " + ";
                char buf[48];
                std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(e.exps[k]));
                line += buf;
            }
            if (e.exps.size() > kMaxTerms) line += " + \xe2\x80\xa6";
            formula_line(line, tip_w);
            paragraph(TF("explain.softmax_terms", num(e.row_max).c_str()).c_str(), tip_w, muted);
            if (e.divisor != 1.0f)  // the logits above are the grid's over T: 9.03 in the grid, 4.51 here at T = 2
                paragraph(TF("explain.softmax_temperature", shortest_decimal(e.divisor).c_str()).c_str(), tip_w, muted);
            if (encoder_decoder_matrix(e.matrix))  // the encoder–decoder's weights: whose query, which keys
                paragraph(TF((std::string("explain.note.") + id_of(e.matrix)).c_str(), axis_label(s, g, true, e.row).c_str(),
                             s.lesson().encoder_decoder().model().shape.d).c_str(),
                          tip_w, muted);
            if (e.matrix == MatrixId::PoemWeights)
                paragraph(TF("explain.note.poem_weights", axis_label(s, g, true, e.row).c_str(), s.poems().shape().d_k()).c_str(),
                          tip_w, muted);
            break;
        }
    }
    ImGui::EndTooltip();
}

}  // namespace capiton::ui
