// capiton ui: attention between two sentences — the lesson's sentence translated by the small
// encoder–decoder (core/encdec.h): its cross-attention beside the encoder's self-attention
// (cross_panel), and its decoder writing one token at a time with a KV cache (decode_panel).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/numbers.h"

#include "core/tokenizer.h"  // decode_utf8
#include "ui/format.h"
#include "ui/frame.h"
#include "ui/grid.h"
#include "ui/layout.h"
#include "ui/panels.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/wrap.h"

namespace capiton::ui {

namespace {

constexpr float kTemperatureStep = 1.25f;  // ↑ / ↓ on the decoder's temperature slider

const char* language_name(Language l) { return T(std::string("translate.lang.") + id_of(l)); }

// The words as they are written, each word the model does not know marked (format.h: joined_words).
std::string joined(const std::vector<std::string>& words, const EncoderDecoder* marks = nullptr) {
    std::vector<bool> unknown;
    for (std::size_t i = 0; marks && i < words.size(); ++i) unknown.push_back(marks->unknown(static_cast<int>(i)));
    return joined_words(words, unknown);
}

// Which model translates, and the sentence and its translation on one line.
void translation_header(Session& s) {
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    paragraph(ed.trained() ? TF("translate.model_trained", language_name(ed.from()), language_name(ed.to())).c_str()
                           : T("translate.model_untrained"),
              width, &theme().muted);
    ImGui::PushFont(state.fonts.big);
    const char* more = ed.cut() ? " \xe2\x80\xa6" : "";  // "…": the length limit stopped it
    paragraph((joined(ed.source(), &ed) + "   \xe2\x86\x92   " + joined(ed.translation().tokens) + more).c_str(), width);
    ImGui::PopFont();
    bool unknown = false;
    for (int i = 0; i < static_cast<int>(ed.source().size()); ++i) unknown = unknown || ed.unknown(i);
    if (unknown) paragraph(T("translate.unknown"), width, &theme().unknown);
    if (unknown && ed.trained()) {  // a sentence it knows, at a click: the default one of the language it reads
        offer_sentence(s, info_of(ed.from()).default_sentence, "translate:example");
    }
    if (!ed.trained()) return;  // untrained, nothing it writes is a translation (the note above says so)
    const EncoderDecoder::Reading reading = ed.reading();
    if (reading == EncoderDecoder::Reading::NothingKnown) paragraph(T("translate.nothing_known"), width, &theme().unknown);
    if (reading == EncoderDecoder::Reading::MoreWritten) paragraph(T("translate.more_written"), width, &theme().unknown);
    if (ed.scripts().mixed())  // "as Chinese (most of its words are)", or a tie, read as Chinese
        paragraph(TF(ed.scripts().tie() ? "translate.mixed_tie" : "translate.mixed", language_name(ed.from()), language_name(ed.to()),
                     language_name(ed.to()), language_name(ed.from())).c_str(),
                  width, &theme().unknown);
}

}  // namespace

void cross_panel(Session& s) {
    translation_header(s);
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    const TranslateForward<float>& f = ed.pass();
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    if (ed.mode() == DecodeMode::Sampled) {  // chosen on the decode stage: a random draw, not the model's best guess
        paragraph(TF("cross.sampled", shortest_decimal(ed.temperature()).c_str(), ed.draw()).c_str(), width, &theme().unknown);
        if (activated(ImGui::Button(T("cross.greedy")), "cross:greedy")) {
            (void)s.set_decoding(DecodeMode::Greedy);
            if (state.focus.id == "cross:greedy") {  // the button goes with the draw: the ring to the next stop
                state.focus.id = "cross:decode";
                state.focus.moved = true;
            }
        }
    }
    const char* from = language_name(ed.from());
    const char* to = language_name(ed.to());
    const std::vector<std::string> rows = ed.target_labels();
    const std::vector<std::string>& cols = ed.source();
    heading("cross.side_title", TF("cross.side_note", to, from, from), width);
    Grid a{MatrixId::Alignment, T("cross.alignment_name"), "grid.alignment", &f.Ac, Axis::Steps, Axis::Steps, Palette::Weights};
    a.row_labels = &rows;
    a.col_labels = &cols;
    a.label_places = true;  // "the (6)", as the stage's question names it
    Grid self{MatrixId::SourceWeights, T("cross.self_name"), "grid.source_weights", &f.Ae, Axis::Steps, Axis::Steps, Palette::Weights};
    self.row_labels = &cols;
    self.col_labels = &cols;
    self.label_places = true;
    draw_grids(s, {a, self});
    paragraph(T("cross.difference"), width, &theme().operand);
    if (activated(ImGui::Button(T("cross.to_decode")), "cross:decode")) s.go_to(Stage::Decode);
    heading("cross.qkv_title", TF("cross.qkv_note", to, from, from), width);
    const std::string q_name = TF("cross.q_name", to), k_name = TF("cross.k_name", from), v_name = TF("cross.v_name", from);
    Grid q{MatrixId::CrossQ, q_name.c_str(), "grid.cross_q", &f.Qc, Axis::Steps, Axis::Features, Palette::Signed};
    q.row_labels = &rows;
    q.label_places = true;
    Grid k{MatrixId::CrossK, k_name.c_str(), "grid.cross_k", &f.Kc, Axis::Steps, Axis::Features, Palette::Signed};
    k.row_labels = &cols;
    k.label_places = true;
    Grid v{MatrixId::CrossV, v_name.c_str(), "grid.cross_v", &f.Vc, Axis::Steps, Axis::Features, Palette::Signed};
    v.row_labels = &cols;
    v.label_places = true;
    draw_grids(s, {q, k, v});
}

void decode_panel(Session& s) {
    translation_header(s);
    const EncoderDecoder& ed = s.lesson().encoder_decoder();
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    // greedy or sampled; sampled: its temperature and the draw
    int mode = static_cast<int>(ed.mode());
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("decode.mode_label"));
    for (DecodeMode m : all_of<DecodeMode>()) {
        const std::string id = id_of(m);
        same_line_or_wrap(radio_width(T("decode.mode." + id)));
        if (activated(ImGui::RadioButton(T("decode.mode." + id), &mode, static_cast<int>(m)), "decoding:" + id))
            (void)s.set_decoding(m);
    }
    if (ed.mode() == DecodeMode::Sampled) {
        float t = ed.temperature();
        ImGui::SetNextItemWidth(slider_width(width));
        bool changed = slider_float(T("decode.temperature"), &t, kMinDecodeTemperature, kMaxDecodeTemperature, "%.2f",
                                          ImGuiSliderFlags_Logarithmic);
        if (const int k = slider_widget("decode:temperature"); k == 2 || k == -2) {
            t = std::clamp(k < 0 ? t * kTemperatureStep : t / kTemperatureStep, kMinDecodeTemperature, kMaxDecodeTemperature);
            changed = true;
        }
        if (changed) (void)s.set_decode_temperature(t);
        const std::string draw = TF("decode.draw", ed.draw());
        same_line_or_wrap(button_width(draw.c_str()), kControlGap);  // under the slider on a phone
        if (activated(ImGui::Button(draw.c_str()), "decode:draw"))
            (void)s.set_draw(ed.draw() >= kMaxDraw ? 1 : ed.draw() + 1);
        paragraph(T("decode.sampled_note"), width, &theme().muted);
    }
    // the step: first, previous, "step t of N", next, last
    const int t = ed.step(), last = ed.steps() - 1;
    ImGui::Spacing();
    if (const int k = step_buttons("decode", t, last); k >= 0) (void)s.set_decode_step(k);

    // what this step reads and writes
    const std::vector<std::string> inputs = ed.input_labels();
    std::vector<std::string> seen(inputs.begin(), inputs.begin() + std::min<std::size_t>(inputs.size(), static_cast<std::size_t>(t + 1)));
    const DecoderStep& st = ed.current();
    const std::string wrote = ed.target_labels()[static_cast<std::size_t>(t)];  // "…" for a step the length cut
    paragraph(TF("decode.step_line", t + 1, ed.model().word(st.input).c_str(), t + 1, wrote.c_str()).c_str(), width, &theme().operand);
    const std::vector<std::string>& src = ed.source();
    Grid q{MatrixId::DecodeQ, "q", "grid.decode_q", &ed.step_query(), Axis::Steps, Axis::Features, Palette::Signed};
    const std::vector<std::string> q_row = {seen.back()};
    q.row_labels = &q_row;
    Grid K{MatrixId::KCache, "K", "grid.k_cache", &ed.K_cache(), Axis::Steps, Axis::Features, Palette::Signed};
    K.row_labels = &seen;
    Grid V{MatrixId::VCache, "V", "grid.v_cache", &ed.V_cache(), Axis::Steps, Axis::Features, Palette::Signed};
    V.row_labels = &seen;
    draw_grids(s, {q, K, V});
    Grid w{MatrixId::DecodeWeights, T("decode.self_name"), "grid.decode_weights", &ed.step_weights(), Axis::Steps, Axis::Steps,
           Palette::Weights};
    w.row_labels = &q_row;
    w.col_labels = &seen;
    Grid c{MatrixId::DecodeCross, T("decode.cross_name"), "grid.decode_cross", &ed.step_cross(), Axis::Steps, Axis::Steps,
           Palette::Weights};
    const std::vector<std::string> cross_row = {wrote};  // as the cross stage labels its rows: the word written
    c.row_labels = &cross_row;
    c.col_labels = &src;
    draw_grids(s, {w, c});

    // the next token's probabilities, the chosen one marked
    heading("decode.next_title", ed.mode() == DecodeMode::Greedy ? T("decode.next_greedy") : TF("decode.next_sampled", static_cast<double>(ed.temperature())),
            width);
    for (const auto& [id, p] : ed.top_next()) {
        const bool chosen = id == st.chosen;
        char pct[32];
        std::snprintf(pct, sizeof pct, "%5.1f%%", static_cast<double>(p) * 100.0);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, theme().weight);
        ImGui::ProgressBar(p, ImVec2(std::min(240.0f, width * 0.4f), 0.0f), pct);
        ImGui::PopStyleColor();
        ImGui::SameLine();
        const std::string label = short_label(ed.model().word(id), kLabelInText) + (chosen ? T("decode.chosen_mark") : "");
        ImGui::TextColored(chosen ? theme().accent : theme().ink, "%s", label.c_str());
    }
    if (std::none_of(ed.top_next().begin(), ed.top_next().end(), [&](const auto& c2) { return c2.first == st.chosen; }))
        paragraph(TF("decode.chosen_outside", wrote.c_str(), percent_fine(st.probs(st.chosen)).c_str()).c_str(), width,
                  &theme().accent);

    // what the cache saves
    heading("decode.ops_title", "", width);
    paragraph(TF("decode.ops_step", t + 1, grouped(st.ops_cached).c_str(), grouped(st.ops_uncached).c_str()).c_str(), width);
    const double ratio = ed.cached_so_far() > 0 ? static_cast<double>(ed.uncached_so_far()) / static_cast<double>(ed.cached_so_far()) : 1.0;
    if (t == 0) paragraph(T("decode.ops_first"), width);
    else paragraph(TF("decode.ops_total", t + 1, grouped(ed.cached_so_far()).c_str(), grouped(ed.uncached_so_far()).c_str(), ratio).c_str(),
                   width);
    paragraph(TF("decode.ops_setup", grouped(ed.translation().setup_ops).c_str()).c_str(), width, &theme().muted);

    // the causal mask is this, one row at a time
    heading("decode.causal_title", T("decode.causal_note"), width);
    if (activated(ImGui::Button(T("decode.to_mask")), "decode:mask")) {
        (void)s.set_mask(MaskKind::Causal);
        s.go_to(Stage::Mask);
    }
}

}  // namespace capiton::ui
