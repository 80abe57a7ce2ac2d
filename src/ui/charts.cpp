// capiton ui: line charts and planes (see charts.h).
#include "ui/charts.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/experiments.h"
#include "ui/format.h"
#include "ui/frame.h"
#include "ui/state.h"
#include "ui/text.h"

namespace capiton::ui {

namespace {
constexpr float kChartPad = 6.0f;              // inside a chart's box
constexpr float kTwoLineChartHeight = 130.0f;  // the √d_k sweep
constexpr float kSeriesChartHeight = 110.0f;   // loss, accuracy
constexpr std::size_t kMaxSegments = 400;      // a long series is drawn with about this many segments

// The title of the chart about to be drawn, ChartPair::begin's: at least this high (0: as wrapped).
float g_next_title_h = 0.0f;

// A chart's title wrapped to the chart, then as much space as the title of the chart beside it takes.
void chart_title(const char* title, float width, const ImVec4* colour) {
    const float top = ImGui::GetCursorPosY();
    paragraph(title, width, colour);
    if (const float left = g_next_title_h - (ImGui::GetCursorPosY() - top); left > 0.0f) ImGui::Dummy(ImVec2(width, left));
    g_next_title_h = 0.0f;
}

// A chart's y axis, in the box at o (width × h): each tick's value written right-aligned in a column at
// the box's left and a faint line across the plot at its height, y_of(value). Returns where the plot
// starts, after the column.
template <class YOf>
float y_axis(ImDrawList* dl, ImVec2 o, float width, float h, const std::vector<float>& ticks, bool log, const YOf& y_of) {
    std::vector<std::pair<std::string, float>> labels;  // each tick's text and its width
    float column = 0.0f;
    for (float v : ticks) {
        std::string label = axis_label(v, log);
        const float w = ImGui::CalcTextSize(label.c_str()).x;
        column = std::max(column, w);
        labels.emplace_back(std::move(label), w);
    }
    const float x0 = o.x + kChartPad + column + (column > 0.0f ? kChartPad : 0.0f), th = ImGui::GetTextLineHeight();
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        const float y = y_of(ticks[i]);
        dl->AddLine(ImVec2(x0, y), ImVec2(o.x + width - kChartPad, y), ImGui::GetColorU32(theme().grid_line), 1.0f);
        const float ty = std::clamp(y - 0.5f * th, o.y + 1.0f, o.y + h - th - 1.0f);
        dl->AddText(ImVec2(x0 - kChartPad - labels[i].second, ty), ImGui::GetColorU32(theme().muted), labels[i].first.c_str());
    }
    return x0;
}

float title_height(const char* title, float width) {
    return ImGui::CalcTextSize(wrap(title, width).c_str()).y + ImGui::GetStyle().ItemSpacing.y;
}
}  // namespace

ChartPair::ChartPair(float width, const char* title_a, const char* title_b, float gap_, float max_w) : gap(gap_) {
    const ChartFit fit = chart_fit(width, gap, max_w);
    side_by_side = fit.side_by_side;
    chart_w = fit.chart_w;
    title_h = side_by_side ? std::max(title_height(title_a, chart_w), title_height(title_b, chart_w)) : 0.0f;
}

void ChartPair::begin(int i) const {
    if (i > 0 && side_by_side) ImGui::SameLine(0.0f, gap);
    ImGui::BeginGroup();
    g_next_title_h = title_h;
}

void ChartPair::end() const {
    ImGui::EndGroup();
    g_next_title_h = 0.0f;  // a pair's chart left undrawn leaves no height to the next chart
}

namespace {
// Under the bar chart just drawn, whose bars run from `left` past its box's left edge to `right` before
// its right one: each bar's word, centred under it.
void bar_labels(const std::vector<std::string>& words, float left, float right) {
    if (words.empty()) return;
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    const float bar_w = (hi.x - lo.x - left - right) / static_cast<float>(words.size());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 colour = ImGui::GetColorU32(theme().muted);
    const auto label_at = [&](std::size_t i, const char* label, float w) {
        const float centre = lo.x + left + bar_w * (static_cast<float>(i) + 0.5f);
        dl->AddText(ImVec2(std::floor(centre - w * 0.5f), at.y), colour, label);
    };
    // Bars too narrow for even a cut word ("W…"): their places instead (1, 5, 10 … or 1, 10, 20 …),
    // the hovered bar's tooltip naming its word.
    if (bar_w - 2.0f < ImGui::CalcTextSize("W\xe2\x80\xa6").x) {
        const float number_w = ImGui::CalcTextSize(std::to_string(words.size()).c_str()).x + 8.0f;
        std::size_t every = 1;
        for (std::size_t k : {1, 2, 5, 10, 20, 50, 100}) {
            every = k;
            if (static_cast<float>(k) * bar_w >= number_w) break;
        }
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (i > 0 && (i + 1) % every != 0) continue;
            if (i == 0 && every > 1 && bar_w * static_cast<float>(every - 1) < number_w) continue;  // 1 would touch the next
            const std::string place = std::to_string(i + 1);
            label_at(i, place.c_str(), ImGui::CalcTextSize(place.c_str()).x);
        }
        ImGui::Dummy(ImVec2(hi.x - lo.x, ImGui::GetTextLineHeight()));
        return;
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        // a word wider than its bar is cut shorter ("outs…"), down to one letter and "…"; none if even that is wider
        std::string label = short_label(words[i]);
        float w = ImGui::CalcTextSize(label.c_str()).x;
        for (int keep = kLabelInGrid - 1; w > bar_w - 2.0f && keep >= 1; --keep) {
            label = short_label(words[i], keep);
            w = ImGui::CalcTextSize(label.c_str()).x;
        }
        if (w > bar_w - 2.0f) continue;
        label_at(i, label.c_str(), w);
    }
    ImGui::Dummy(ImVec2(hi.x - lo.x, ImGui::GetTextLineHeight()));
}
}  // namespace

void bar_chart(const char* id, const std::vector<float>& values, float top, ImVec2 size, const ImVec4& colour,
               const std::vector<std::string>& words) {
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    const bool hovered = ImGui::IsItemHovered();
    drag_scrolls_here();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiStyle& style = ImGui::GetStyle();
    dl->AddRectFilled(o, ImVec2(o.x + size.x, o.y + size.y), ImGui::GetColorU32(ImGuiCol_FrameBg), style.FrameRounding);
    const ImVec2 pad = style.FramePadding;
    const int n = static_cast<int>(values.size());
    if (n == 0) return;
    const float bottom = o.y + size.y - pad.y;
    const auto y_of = [&](float v) { return bottom - std::clamp(v / top, 0.0f, 1.0f) * (size.y - 2.0f * pad.y); };
    // the bars start after the y axis's values (none when there is no scale)
    const float left = (top > 0.0f ? y_axis(dl, o, size.x, size.y, axis_ticks(0.0f, top, false), false, y_of) : o.x + pad.x) - o.x;
    const float bar_w = (size.x - left - pad.x) / static_cast<float>(n);
    const float mouse_x = ImGui::GetIO().MousePos.x;
    int over = -1;  // the hovered bar
    if (hovered && mouse_x >= o.x + left)  // not over the axis's values
        over = std::clamp(static_cast<int>(std::floor((mouse_x - o.x - left) / bar_w)), 0, n - 1);
    for (int i = 0; i < n; ++i) {
        const float v = values[static_cast<std::size_t>(i)];
        const float h = top > 0.0f && std::isfinite(v) ? bottom - y_of(v) : 0.0f;
        const float x0 = o.x + left + bar_w * static_cast<float>(i);
        dl->AddRectFilled(ImVec2(x0 + 1.0f, bottom - h), ImVec2(x0 + bar_w - 1.0f, bottom),
                          ImGui::GetColorU32(i == over ? theme().ink : colour));
    }
    if (over >= 0) {
        const std::string word = over < static_cast<int>(words.size()) ? words[static_cast<std::size_t>(over)] : std::string();
        const std::string tip = TF("chart.bar_tip", short_label(word, kLabelInText).c_str(), over + 1,
                                   num(values[static_cast<std::size_t>(over)]).c_str());
        // Above the box, over the bar (under the pointer it hid the next bars' words), kept on screen:
        // below the words when the box is at the top of the view.
        const ImVec2 tip_size(ImGui::CalcTextSize(tip.c_str()).x + 2.0f * style.WindowPadding.x,
                              ImGui::GetTextLineHeight() + 2.0f * style.WindowPadding.y);
        const float screen_w = ImGui::GetIO().DisplaySize.x;
        const float centre = o.x + left + bar_w * (static_cast<float>(over) + 0.5f);
        const float x = std::clamp(centre - 0.5f * tip_size.x, 0.0f, std::max(0.0f, screen_w - tip_size.x));
        const bool above = o.y - 4.0f - tip_size.y >= 0.0f;
        ImGui::SetNextWindowPos(ImVec2(x, above ? o.y - 4.0f - tip_size.y : o.y + size.y + ImGui::GetTextLineHeight() + 4.0f));
        ImGui::SetTooltip("%s", tip.c_str());
    }
    bar_labels(words, left, pad.x);
}

void two_line_chart(const char* id, const char* title, const std::vector<float>& a, const std::vector<float>& b,
                    float y_max, int mark, float width) {
    chart_title(title, width, nullptr);  // wrapped to the chart (a phone's whole width)
    const float h = kTwoLineChartHeight, pad = kChartPad;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, h + 18.0f));
    drag_scrolls_here();  // it only shows: a finger's drag over it scrolls the page
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + width, o.y + h), ImGui::GetColorU32(theme().panel), 4.0f);
    const int n = static_cast<int>(a.size());
    const auto y_of = [&](float v) { return o.y + h - pad - (h - 2 * pad) * std::clamp(v / y_max, 0.0f, 1.0f); };
    const float x0 = y_axis(dl, o, width, h, axis_ticks(0.0f, y_max, false), false, y_of);
    const auto pt = [&](int i, float v) {
        return ImVec2(x0 + (o.x + width - pad - x0) * static_cast<float>(i) / static_cast<float>(n - 1), y_of(v));
    };
    const ImU32 ca = ImGui::GetColorU32(rgba(kPositive)), cb = ImGui::GetColorU32(rgba(kNegative));
    const ImU32 muted = ImGui::GetColorU32(theme().muted);
    dl->AddLine(ImVec2(pt(mark, 0).x, o.y), ImVec2(pt(mark, 0).x, o.y + h), muted, 1.5f);
    for (int i = 0; i + 1 < n; ++i) {
        dl->AddLine(pt(i, a[static_cast<std::size_t>(i)]), pt(i + 1, a[static_cast<std::size_t>(i + 1)]), ca, 2.5f);
        dl->AddLine(pt(i, b[static_cast<std::size_t>(i)]), pt(i + 1, b[static_cast<std::size_t>(i + 1)]), cb, 2.5f);
    }
    for (int i = 0; i < n; ++i) {
        dl->AddCircleFilled(pt(i, a[static_cast<std::size_t>(i)]), 3.5f, ca);
        dl->AddCircleFilled(pt(i, b[static_cast<std::size_t>(i)]), 3.5f, cb);
    }
    // The x axis's labels: the last and then the rest from the left, each left out if it would touch
    // one kept, a set that does not depend on the slider; then the marked point's, which leaves out
    // those of that set it would touch (on a phone the marked 512 lost its label to 256, and labels
    // picked around the mark shifted as the slider moved).
    const float gap = ImGui::CalcTextSize(" ").x;
    const auto span_of = [&](int i) {  // where label i goes, within the chart's box: from x to x
        const float tw = ImGui::CalcTextSize(std::to_string(kScaleSweep[i]).c_str()).x;
        const float x = std::clamp(pt(i, 0).x - tw * 0.5f, o.x, o.x + width - tw);
        return std::make_pair(x, x + tw);
    };
    const auto touch = [&](std::pair<float, float> a, std::pair<float, float> b) { return a.first < b.second + gap && a.second + gap > b.first; };
    std::vector<int> shown;
    for (int k = 0; k < n; ++k) {
        const int i = k == 0 ? n - 1 : k - 1;
        if (std::none_of(shown.begin(), shown.end(), [&](int j) { return touch(span_of(i), span_of(j)); })) shown.push_back(i);
    }
    for (int i : shown)
        if (i == mark || mark < 0 || mark >= n || !touch(span_of(i), span_of(mark)))
            dl->AddText(ImVec2(span_of(i).first, o.y + h + 1.0f), muted, std::to_string(kScaleSweep[i]).c_str());
    if (mark >= 0 && mark < n && std::find(shown.begin(), shown.end(), mark) == shown.end())
        dl->AddText(ImVec2(span_of(mark).first, o.y + h + 1.0f), muted, std::to_string(kScaleSweep[mark]).c_str());
}

void series_chart(const char* id, const char* title, const std::vector<float>& values, float lo, float hi, bool log,
                  float width, const ImVec4& colour, int length, int stride, float last) {
    chart_title(title, width, &theme().muted);  // wrapped to the chart
    const float h = kSeriesChartHeight, pad = kChartPad;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, h));
    drag_scrolls_here();
    record_item(id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + width, o.y + h), ImGui::GetColorU32(theme().panel), 4.0f);
    const auto y_of = [&](float v) {
        float f = log ? (std::log10(std::max(v, lo)) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : (v - lo) / (hi - lo);
        f = std::clamp(f, 0.0f, 1.0f);
        return o.y + h - pad - (h - 2 * pad) * f;
    };
    const float x0 = y_axis(dl, o, width, h, axis_ticks(lo, hi, log), log, y_of);
    if (values.empty()) return;
    // point i stands for the steps i·stride … (i + 1)·stride − 1: it is drawn at their middle
    const std::size_t n = values.size();
    const float steps = static_cast<float>(std::max(static_cast<long long>(n) * stride, static_cast<long long>(length)));
    const float half = 0.5f * static_cast<float>(stride - 1), span = std::max(steps - 1.0f, 1.0f);
    const auto x_of = [&](std::size_t i) {
        return x0 + (o.x + width - pad - x0) * (static_cast<float>(i) * static_cast<float>(stride) + half) / span;
    };
    const std::size_t every = std::max<std::size_t>(1, n / kMaxSegments);
    ImVec2 prev(x_of(0), y_of(values[0]));
    if (n == 1) dl->AddCircleFilled(prev, 3.0f, ImGui::GetColorU32(colour));  // one point: no line yet, a dot
    for (std::size_t i = every; i < n; i += every) {
        const ImVec2 p(x_of(i), y_of(values[i]));
        dl->AddLine(prev, p, ImGui::GetColorU32(colour), 2.0f);
        prev = p;
    }
    // the latest value, top right, on the chart's own colour: legible where the curve runs under it
    const std::string latest = format_prose(std::isnan(last) ? values.back() : last);  // "4.47 × 10⁻⁵", as the status
    const char* buf = latest.c_str();
    const ImVec2 size = ImGui::CalcTextSize(buf), at(o.x + width - size.x - pad, o.y + pad);
    dl->AddRectFilled(ImVec2(at.x - 2.0f, at.y - 1.0f), ImVec2(at.x + size.x + 2.0f, at.y + size.y + 1.0f),
                      ImGui::GetColorU32(theme().panel), 2.0f);
    dl->AddText(at, ImGui::GetColorU32(theme().ink), buf);
}

void vector_plane(ImVec2 o, float size, float range, const ImVec2 tips[2], int key_tip) {
    const float scale = size / (2.0f * range);
    const ImVec2 centre(o.x + size * 0.5f, o.y + size * 0.5f);
    const auto to_screen = [&](float x, float y) { return ImVec2(centre.x + x * scale, centre.y - y * scale); };
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + size, o.y + size), ImGui::GetColorU32(theme().panel), 6.0f);
    for (int k = -static_cast<int>(range); k <= static_cast<int>(range); ++k) {
        const ImU32 c = ImGui::GetColorU32(k == 0 ? theme().axis : theme().grid_line);
        dl->AddLine(to_screen(static_cast<float>(k), -range), to_screen(static_cast<float>(k), range), c);
        dl->AddLine(to_screen(-range, static_cast<float>(k)), to_screen(range, static_cast<float>(k)), c);
    }
    const ImU32 colours[2] = {ImGui::GetColorU32(rgba(kPositive)), ImGui::GetColorU32(rgba(kNegative))};
    ImFont* bold = state.fonts.bold;
    for (int k = 0; k < 2; ++k) {
        const ImVec2 tip = tips[k];
        const float dx = tip.x - centre.x, dy = tip.y - centre.y, len = std::sqrt(dx * dx + dy * dy);
        dl->AddLine(centre, tip, colours[k], 3.0f);
        if (len > 1.0f) {  // arrow head
            const float ux = dx / len, uy = dy / len;
            dl->AddTriangleFilled(tip, ImVec2(tip.x - 12 * ux + 6 * uy, tip.y - 12 * uy - 6 * ux),
                                  ImVec2(tip.x - 12 * ux - 6 * uy, tip.y - 12 * uy + 6 * ux), colours[k]);
        }
        dl->AddCircle(tip, k == key_tip ? 12.0f : 9.0f, k == key_tip ? ImGui::GetColorU32(theme().ink) : colours[k], 0,
                      k == key_tip ? 3.0f : 2.0f);
        dl->AddText(bold, bold->FontSize, ImVec2(tip.x + 10, tip.y - 22), colours[k], k == 0 ? "a" : "b");
    }
}

void apple_plane(const AppleSentence& fruit, const AppleSentence& company) {
    const float size = ImGui::GetFontSize() * 9.0f, pad = ImGui::GetFontSize() * 1.4f;
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(T("layer.apple.plane"));
    ImGui::PopFont();
    const float line = ImGui::GetTextLineHeight();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size + pad, size + 2.0f * line + 4.0f));
    record_rect("apple-plane", o, ImVec2(o.x + size + pad, o.y + size + 2.0f * line + 4.0f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float top = o.y + line + 2.0f;         // the y axis label sits above the plane
    const ImVec2 origin(o.x + pad, top + size);  // (0, 0); the plane shows [0, 1]²
    dl->AddRectFilled(ImVec2(origin.x, top), ImVec2(origin.x + size, origin.y), ImGui::GetColorU32(theme().panel), 4.0f);
    const ImU32 axis = ImGui::GetColorU32(theme().axis);
    dl->AddLine(origin, ImVec2(origin.x + size, origin.y), axis, 1.5f);
    dl->AddLine(origin, ImVec2(origin.x, top), axis, 1.5f);
    const char* fx = T("layer.apple.axis_fruit");
    const char* cy = T("layer.apple.axis_company");
    dl->AddText(ImVec2(origin.x + size - ImGui::CalcTextSize(fx).x, origin.y + 2.0f), ImGui::GetColorU32(theme().muted), fx);
    dl->AddText(ImVec2(origin.x - 4.0f, o.y), ImGui::GetColorU32(theme().muted), cy);
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
    const std::string apple_word = short_label(fruit.trace.tokens[static_cast<std::size_t>(fruit.apple)], 12);
    arrow(fruit, theme().accent, (apple_word + " (" + T("layer.apple.axis_fruit") + ")").c_str());
    arrow(company, theme().operand, (apple_word + " (" + T("layer.apple.axis_company") + ")").c_str());
}

void apple_cloud_plot(const Session& s, const AppleCloud& c, float size) {
    ImGui::BeginGroup();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted(T("train.cloud.title"));
    ImGui::PopFont();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##apple_cloud", ImVec2(size, size));
    drag_scrolls_here();
    record_rect("train:apple-cloud", o, ImVec2(o.x + size, o.y + size));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + size, o.y + size), ImGui::GetColorU32(theme().panel), 4.0f);
    const Matrix& p = c.plane.points;
    float extent = 1e-6f;  // the same scale on both axes: distances on screen are distances
    for (Eigen::Index i = 0; i < p.size(); ++i) extent = std::max(extent, std::fabs(p.data()[i]));
    const float half = size * 0.5f, pad = 8.0f;
    const ImVec2 centre(o.x + half, o.y + half);
    const ImU32 axis = ImGui::GetColorU32(theme().grid_line);
    dl->AddLine(ImVec2(o.x + pad, centre.y), ImVec2(o.x + size - pad, centre.y), axis, 1.0f);
    dl->AddLine(ImVec2(centre.x, o.y + pad), ImVec2(centre.x, o.y + size - pad), axis, 1.0f);
    const auto at = [&](Eigen::Index i) {
        return ImVec2(centre.x + (half - pad) * p(i, 0) / extent, centre.y - (half - pad) * p(i, 1) / extent);
    };
    const ImU32 colour[2] = {ImGui::GetColorU32(theme().accent), ImGui::GetColorU32(theme().operand)};
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
        dl->AddCircle(at(hovered), 6.0f, ImGui::GetColorU32(theme().ink), 0, 2.0f);
        const Task* t = s.training().task();
        const Example& ex = t->test[static_cast<std::size_t>(c.sentence[static_cast<std::size_t>(hovered)])];
        std::string words;
        for (int id : ex.ids) words += (words.empty() ? "" : " ") + t->vocab[static_cast<std::size_t>(id)];
        ImGui::SetTooltip("%s\n%s", words.c_str(),
                          T(c.sense[static_cast<std::size_t>(hovered)] == 0 ? "train.cloud.fruit" : "train.cloud.company"));
    }
    ImGui::TextColored(theme().accent, "\xe2\x97\x8f %s", T("train.cloud.fruit"));
    ImGui::SameLine(0.0f, 16.0f);
    ImGui::TextColored(theme().operand, "\xe2\x97\x8f %s", T("train.cloud.company"));
    ImGui::EndGroup();
}

}  // namespace capiton::ui
