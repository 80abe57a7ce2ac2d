// capiton ui: predict, then check — the question under a stage (core/questions.h): its options as
// buttons ("question:<i>"), the answer revealed once chosen, the progress and a reset
// ("question:reset"); once answered, the verdict ("question:verdict") and why.
#include <map>
#include <string>

#include <imgui.h>

#include "core/questions.h"
#include "ui/format.h"
#include "ui/frame.h"
#include "ui/layout.h"
#include "ui/panels.h"
#include "ui/state.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace capiton::ui {

void question_panel(Session& s) {
    Question q;
    if (!question_for(s.lesson(), s.lesson().stage(), &q)) return;
    const float width = text_width(ImGui::GetContentRegionAvail().x);
    const int chosen = s.answer_of(s.lesson().stage());
    const auto option_text = [&](int i) {
        const std::string& o = q.options[static_cast<std::size_t>(i)];
        return q.tokens_as_options ? o : std::string(T(o));
    };
    ImGui::Spacing();
    ImGui::Separator();
    bold_paragraph(T("q.title"), text_width(ImGui::GetContentRegionAvail().x));
    paragraph(fill_placeholders(T(q.key + ".prompt"), q.values).c_str(), width);
    const ImVec4 right_colour = rgba(kRight), wrong_colour = rgba(kWrong);
    const float right = ImGui::GetWindowContentRegionMax().x;
    for (int i = 0; i < static_cast<int>(q.options.size()); ++i) {
        const std::string label = option_text(i) + "##answer" + std::to_string(i);
        const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
        if (i > 0) {
            ImGui::SameLine();
            if (!fits(ImGui::GetCursorPosX(), w, right)) ImGui::NewLine();
        }
        const bool revealed = chosen >= 0;
        const bool mark = revealed && (i == q.correct || i == chosen);
        if (mark) {  // revealed: the right option green, a wrong choice red, whatever the pointer does
            const ImVec4 c = i == q.correct ? right_colour : wrong_colour;
            ImGui::PushStyleColor(ImGuiCol_Button, c);
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, c);
            ImGui::PushStyleColor(ImGuiCol_ButtonActive, c);
            ImGui::PushStyleColor(ImGuiCol_Text, rgba(kOnColour));
        }
        if (activated(ImGui::Button(label.c_str()), "question:" + std::to_string(i))) (void)s.answer(s.lesson().stage(), i);
        if (mark) ImGui::PopStyleColor(4);
    }
    if (chosen >= 0) {
        std::map<std::string, std::string> values = q.values;
        values["answer"] = option_text(q.correct);
        const std::string verdict = chosen == q.correct ? T("q.right") : fill_placeholders(T("q.wrong"), values);
        mirror_text(verdict);
        ImGui::TextColored(chosen == q.correct ? right_colour : wrong_colour, "%s", verdict.c_str());
        record_item("question:verdict");  // the revealed answer (the browser tests look for it)
        paragraph(fill_placeholders(T(q.key + q.why_suffix), values).c_str(), width, &theme().muted);
        if (q.mirror_i >= 0) {  // the scores question: the pair of mirror cells that differ most, here
            const Trace& t = s.lesson().trace();
            const auto& tok = t.tokens;
            values["a"] = token_in_text(tok, q.mirror_i);
            values["b"] = token_in_text(tok, q.mirror_j);
            values["ab"] = num(t.scores(q.mirror_i, q.mirror_j));
            values["ba"] = num(t.scores(q.mirror_j, q.mirror_i));
            paragraph(fill_placeholders(T("q.scores.pair"), values).c_str(), width, &theme().muted);
        }
    }
    // over every stage that asks one, whether or not this sentence leaves it a question now (a
    // one-word sentence leaves two without: the total would shrink as if answers were lost)
    int answered = 0, total = 0;
    for (Stage st : all_of<Stage>()) {
        if (!has_question(st)) continue;
        ++total;
        answered += s.answer_of(st) >= 0 ? 1 : 0;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(theme().muted, "%s", TF("q.progress", answered, total).c_str());
    if (answered > 0) {
        ImGui::SameLine();
        if (activated(ImGui::SmallButton(T("q.reset")), "question:reset")) s.reset_answers();
    }
}

}  // namespace capiton::ui
