// capiton ui: charts and planes — line charts (the √d_k sweep, loss and accuracy), the similarity
// stage's vector plane, the "apple" layer's (fruit, company) plane and the training view's cloud of
// "apple" outputs; bar charts over a sentence's words. Drawing, and the hover a chart explains itself
// by (a bar's tooltip); the panels handle the rest of the input.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/apple.h"
#include "core/curve.h"
#include "core/session.h"
#include "ui/layout.h"
#include "ui/theme.h"

namespace capiton::ui {

// One bar per word, each from 0 to its value (`top` fills the box), with the words under the bars
// (cut as a grid's labels are, shorter where a bar is narrower: "outs…"; where bars are too narrow
// for even one letter and "…", their places every 1, 2, 5, 10 … bars instead) and the hovered bar's
// word, place (from 1) and value in a tooltip.
void bar_chart(const char* id, const std::vector<float>& values, float top, ImVec2 size, const ImVec4& colour,
               const std::vector<std::string>& words);

// Two charts (each a title over a box), placed as chart_fit says (layout.h). Side by side, both titles take the taller one's height, so that the two boxes line up. Each chart
// goes between begin(i) and end() (a group: a chart may carry lines of its own under its box).
struct ChartPair {
    ChartPair(float width, const char* title_a, const char* title_b, float gap = kGroupGap, float max_w = kChartMaxWidth);
    void begin(int i) const;  // i = 0, 1
    void end() const;
    bool side_by_side;
    float chart_w;
    float title_h;  // side by side: the taller title's; 0 one above the other
    float gap;
};

// A line chart of two series (orange a, blue b) over the sweep's d_k values, with a marker at `mark`.
void two_line_chart(const char* id, const char* title, const std::vector<float>& a, const std::vector<float>& b,
                    float y_max, int mark, float width);

// One series over the training steps in [lo, hi], optionally on a log scale, in a box `width` wide,
// recorded as `id`, its last value written in the corner. With `length`, x runs over that many steps
// (a run of known length fills the chart as it goes). Each value stands for `stride` steps (a Curve's
// points, the last one possibly for fewer).
void series_chart(const char* id, const char* title, const std::vector<float>& values, float lo, float hi, bool log,
                  float width, const ImVec4& colour, int length = 0, int stride = 1, float last = NAN);
// A bounded training curve (core/curve.h): its points, each the mean of the steps it stands for.
inline void series_chart(const char* id, const char* title, const Curve& c, float lo, float hi, bool log, float width) {
    series_chart(id, title, c.points(), lo, hi, log, width, theme().accent, 0, c.stride(), c.last());
}
inline void series_chart(const char* id, const char* title, const std::vector<float>& values, float lo, float hi,
                         bool log, float width) {
    series_chart(id, title, values, lo, hi, log, width, theme().accent);
}

// The similarity stage's plane: [−range, range]² in a square `size` wide at `o`, the grid lines, and
// vectors a (orange) and b (blue) ending at tips[0], tips[1]; the tip with the keyboard focus
// (key_tip, or -1) is ringed.
void vector_plane(ImVec2 o, float size, float range, const ImVec2 tips[2], int key_tip);

// The (fruit, company) plane with the outputs of "apple" in the two sentences as arrows from the
// origin, recorded as "apple-plane".
void apple_plane(const AppleSentence& fruit, const AppleSentence& company);

// The outputs of "apple" over the task's test sentences on a plane (core: apple_cloud): one dot per
// sentence, coloured by the sense it asks for; hovering a dot shows its sentence.
void apple_cloud_plot(const Session& s, const AppleCloud& c, float size);

}  // namespace capiton::ui
