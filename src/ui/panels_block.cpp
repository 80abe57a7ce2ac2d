// capiton ui: after the formula, the layer real models use — several heads side by side mixed by W_O
// (heads_panel), and the whole block around them (block_panel): residual, layer norm, feed-forward.
// Both draw the lesson's multi-head block (core/multihead.h) on the sentence on screen.
#include <string>

#include <imgui.h>

#include "core/tokenizer.h"  // language_of

#include "ui/format.h"
#include "ui/frame.h"
#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/panels.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace capiton::ui {

namespace {

// The block's own model: a trained preset or seeded numbers (the model switch above decides; the words
// it never saw, not in the small world's vocabulary, are said under the switch).
void block_model_note(const Session& s) {
    const MultiHead& mh = s.lesson().multi_head();
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    const char* trained = mh.heads() == 1 ? "heads.model_trained_one" : "heads.model_trained";  // "1 head"
    paragraph(mh.trained() ? TF(trained, mh.heads()).c_str() : T("heads.model_untrained"), width, &theme().muted);
    paragraph(T("heads.no_mask"), width, &theme().muted);  // the header's mask is the lesson's, greyed here
}

// "Heads: (•) 1 ( ) 2 ( ) 4", then the head to look at closely.
void head_choice(Session& s) {
    const MultiHead& mh = s.lesson().multi_head();
    int heads = mh.heads();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("heads.count_label"));
    for (int h : kHeadCounts) {
        same_line_or_wrap(radio_width(std::to_string(h).c_str()));
        if (activated(ImGui::RadioButton(std::to_string(h).c_str(), &heads, h), "heads:" + std::to_string(h))) (void)s.set_heads(h);
    }
    const std::string sizes = TF(mh.heads() == 1 ? "heads.sizes_one" : "heads.sizes", mh.shape().d_model, mh.heads(), mh.shape().d_k());
    same_line_or_wrap(ImGui::CalcTextSize(sizes.c_str()).x);
    ImGui::TextColored(theme().muted, "%s", sizes.c_str());
}

// Head h's weights as a grid: the selected head's explains its cells; the others are drawn for
// comparison (click "look closer" to explain them).
Grid head_grid(const MultiHead& mh, int h, const std::vector<std::string>& names) {
    static const char* const kRects[] = {"head1", "head2", "head3", "head4"};  // "grid:head1" … for tests
    static_assert(sizeof kRects / sizeof kRects[0] == static_cast<std::size_t>(kHeadCounts.back()));
    const bool sel = h == mh.selected();
    Grid g{MatrixId::HeadWeights, names[static_cast<std::size_t>(h)].c_str(), "grid.head_weights",
           &mh.pass().heads[static_cast<std::size_t>(h)].A, Axis::Tokens, Axis::Tokens, Palette::Weights, sel,
           kRects[h]};
    g.own_focus = true;
    return g;
}

}  // namespace

void heads_panel(Session& s) {
    block_model_note(s);
    head_choice(s);
    const MultiHead& mh = s.lesson().multi_head();
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    ImGui::Spacing();
    // One grid per head, side by side; a button above them picks the head to look at closely.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("heads.closer_label"));
    int selected = mh.selected();
    for (int h = 0; h < mh.heads(); ++h) {
        same_line_or_wrap(radio_width(TF("heads.head", h + 1).c_str()));
        if (activated(ImGui::RadioButton(TF("heads.head", h + 1).c_str(), &selected, h), "head:" + std::to_string(h + 1)))
            (void)s.select_head(h);
    }
    // What each head does, measured on held-out sentences in the language of the sentence shown, and
    // said so (the same head can do another job in the other language's word order); seeded heads
    // have no job to tell: the note above says so.
    const Language measured = language_of(mh.tokens());
    if (mh.trained())
        paragraph(TF("heads.measured_on", T(std::string("translate.lang.") + id_of(measured))).c_str(), width, &theme().muted);
    for (const HeadJob& j : mh.trained() ? mh.jobs(measured) : std::vector<HeadJob>{}) {
        const auto pct = [](float share) { return static_cast<int>(share * 100.0f + 0.5f); };
        const std::string line =
            j.job == HeadJobKind::Mixed ? TF("heads.job.mixed", j.head + 1, pct(j.family), pct(j.previous), pct(j.self))
            : TF((std::string("heads.job.") + head_job_id(j.job)).c_str(), j.head + 1,
                 pct(j.job == HeadJobKind::Family ? j.family : j.job == HeadJobKind::Previous ? j.previous : j.self));
        paragraph(line.c_str(), width, j.head == mh.selected() ? &theme().accent : &theme().muted);
    }
    std::vector<std::string> names;
    for (int h = 0; h < mh.heads(); ++h) names.push_back(TF("heads.grid_name", h + 1));
    switch (mh.heads()) {  // draw_grids takes a fixed list
        case 1: draw_grids(s, {head_grid(mh, 0, names)}); break;
        case 2: draw_grids(s, {head_grid(mh, 0, names), head_grid(mh, 1, names)}); break;
        default:
            draw_grids(s, {head_grid(mh, 0, names), head_grid(mh, 1, names), head_grid(mh, 2, names), head_grid(mh, 3, names)});
            break;
    }
    // The selected head: its values and its output, then every output side by side and W_O.
    const AttentionPass<float>& head = mh.pass().heads[static_cast<std::size_t>(mh.selected())];
    const std::string v_name = TF("heads.v_name", mh.selected() + 1), o_name = TF("heads.o_name", mh.selected() + 1);
    draw_grids(s, {{MatrixId::HeadV, v_name.c_str(), "grid.head_v", &head.V, Axis::Tokens, Axis::Features, Palette::Signed},
                   {MatrixId::HeadOutput, o_name.c_str(), "grid.head_output", &head.O, Axis::Tokens, Axis::Features, Palette::Signed}});
    // "head₁ | head₂", or "head₁ | … | head₄": the heads' outputs side by side
    const std::string heads_list = "head" + subscript(1) + (mh.heads() == 2 ? " | " : mh.heads() > 2 ? " | \xe2\x80\xa6 | " : "") +
                                   (mh.heads() > 1 ? "head" + subscript(mh.heads()) : "");
    paragraph(TF("heads.concat_shapes", heads_list.c_str(), mh.shape().d_k(), mh.shape().d_model, mh.shape().d_model, mh.shape().d_model,
                 mh.shape().d_model, mh.shape().d_model).c_str(),
              width, &theme().operand);
    const BlockPass<float>& f = mh.pass();
    draw_grids(s, {{MatrixId::Concat, "C", "grid.concat", &f.C, Axis::Tokens, Axis::Features, Palette::Signed},
                   {MatrixId::W_O, "W_O", "grid.w_o", &mh.params().W_O, Axis::Features, Axis::Features, Palette::Signed},
                   {MatrixId::Mixed, "M = C\xc2\xb7W_O", "grid.mixed", &f.M, Axis::Tokens, Axis::Features, Palette::Signed}});
}

void block_panel(Session& s) {
    block_model_note(s);
    const MultiHead& mh = s.lesson().multi_head();
    const BlockPass<float>& f = mh.pass();
    const BlockParams<float>& p = mh.params();
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    paragraph(T("block.step_residual"), width, &theme().operand);
    draw_grids(s, {{MatrixId::BlockX, "X", "grid.block_x", &f.X, Axis::Tokens, Axis::Features, Palette::Signed},
                   {MatrixId::Mixed, "M", "grid.block_m", &f.M, Axis::Tokens, Axis::Features, Palette::Signed},
                   {MatrixId::Residual1, "R1 = X + M", "grid.residual1", &f.R1, Axis::Tokens, Axis::Features, Palette::Signed}});
    paragraph(T("block.step_norm"), width, &theme().operand);
    draw_grids(s, {{MatrixId::Norm1, "N1 = LN(R1)", "grid.norm1", &f.N1, Axis::Tokens, Axis::Features, Palette::Signed}});
    paragraph(TF("block.step_ffn", mh.shape().d_ff, mh.shape().d_model).c_str(), width, &theme().operand);
    draw_grids(s, {{MatrixId::W_1, "W_1", "grid.w_1", &p.W_1, Axis::Features, Axis::Features, Palette::Signed},
                   {MatrixId::Hidden, "U = ReLU(N1\xc2\xb7W_1 + c_1)", "grid.hidden", &f.U, Axis::Tokens, Axis::Features, Palette::Signed}});
    draw_grids(s, {{MatrixId::W_2, "W_2", "grid.w_2", &p.W_2, Axis::Features, Axis::Features, Palette::Signed},
                   {MatrixId::FFN, "F = U\xc2\xb7W_2 + c_2", "grid.ffn", &f.F, Axis::Tokens, Axis::Features, Palette::Signed}});
    // How much of the feed-forward part this sentence uses: a trained block can leave it nearly silent.
    const FfnActivity& ffn = mh.ffn_activity();
    const std::string used =
        ffn.silent_words > 1 ? TF("block.ffn_activity_silent", ffn.positive, ffn.numbers, ffn.units_firing, ffn.units, ffn.silent_words, ffn.words)
        : ffn.silent_words == 1 ? TF("block.ffn_activity_silent_one", ffn.positive, ffn.numbers, ffn.units_firing, ffn.units, ffn.words)
                                : TF("block.ffn_activity", ffn.positive, ffn.numbers, ffn.units_firing, ffn.units);
    paragraph(used.c_str(), width);
    if (mh.trained() && ffn.quiet()) paragraph(T("block.ffn_quiet"), width);
    paragraph(T("block.step_second"), width, &theme().operand);
    draw_grids(s, {{MatrixId::Residual2, "R2 = N1 + F", "grid.residual2", &f.R2, Axis::Tokens, Axis::Features, Palette::Signed},
                   {MatrixId::Norm2, "N2 = LN(R2)", "grid.norm2", &f.N2, Axis::Tokens, Axis::Features, Palette::Signed}});
}

}  // namespace capiton::ui
