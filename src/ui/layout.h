// capiton ui: the layout's numbers, each named once, and the arithmetic made of them. Window-free
// (no ImGui): tests/ui/test_layout.cpp checks it. Numbers used by one drawing only are named where
// they are used (grid.cpp, charts.cpp, …).
#pragma once

#include <algorithm>
#include <cstddef>

namespace capiton::ui {

// ---- widths ------------------------------------------------------------------------------------
constexpr float kTextWidth = 900.0f;        // paragraphs, notes, panels, the export buttons' right edge
constexpr float kNarrowWindow = 700.0f;     // narrower windows (phones, small iframes) scroll as a whole
constexpr float kMaxControlsShare = 0.4f;   // …and so do those whose controls take more of the height
constexpr float kShortWindow = 500.0f;      // lower windows (a phone held sideways) get the compact controls
constexpr float kSliderWidth = 360.0f;      // a lesson slider: at most this, and at most half the text
constexpr float kSmallSliderWidth = 220.0f;  // the training view's sliders
constexpr float kChartMaxWidth = 420.0f;    // one of two charts side by side
constexpr float kChartMinWidth = 240.0f;    // two charts narrower than this go one above the other
constexpr float kTooltipEms = 34.0f;        // a cell's explanation: this many font sizes wide
constexpr float kHelpEms = 30.0f;           // a layer toggle's help

// ---- gaps --------------------------------------------------------------------------------------
constexpr float kGroupGap = 28.0f;    // between groups side by side: grids, columns, charts, planes
constexpr float kControlGap = 24.0f;  // between two controls on one line; between the training charts
constexpr float kScrollMargin = 8.0f; // room kept around a widget or cell the keyboard scrolls into view

// ---- arithmetic --------------------------------------------------------------------------------
// Text and panels in a region `avail` wide.
constexpr float text_width(float avail) { return std::min(avail, kTextWidth); }

// Whether an item `w` wide, starting at x, still ends by `right` (else it goes to a new line).
constexpr bool fits(float x, float w, float right) { return !(x + w > right); }

constexpr bool narrow_window(float width) { return width < kNarrowWindow; }  // a phone, a small iframe

// Whether a window `width` × `height`, whose controls (title, settings, stepper) end at `controls_h`,
// scrolls as a whole rather than keeping the controls in place above a scrolling stage: narrow
// windows, and short ones where the controls would leave the stage less than 60 % of the height.
constexpr bool page_scrolls_whole(float width, float height, float controls_h) {
    return narrow_window(width) || controls_h > kMaxControlsShare * height;
}

// Whether a window `width` × `height` gets the compact controls (the stages in a menu, the settings
// and the analogies behind "Options"): phones, small iframes, and a phone held sideways, where the
// seventeen stage buttons and the settings took three quarters of the height.
constexpr bool compact_controls(float width, float height) { return narrow_window(width) || height < kShortWindow; }

// Where a popup over the lesson (share, glossary) begins: below the title line, or near the top of a
// short window, which it would otherwise run off.
constexpr float popup_top(float height, float top) { return height < kShortWindow ? 10.0f : top; }
// ... and at most how tall it is: as far from the bottom as from the top, at least 120.
constexpr float popup_height(float height, float top) { return std::max(120.0f, height - 2.0f * popup_top(height, top)); }

// A tooltip's text: `ems` font sizes wide, and no wider than a `display_w` screen leaves once the
// tooltip's padding and kScrollMargin on each side are taken (a phone), but never under 10 ems.
constexpr float tooltip_width(float font, float ems, float display_w, float padding) {
    return std::max(font * 10.0f, std::min(font * ems, display_w - 2.0f * (padding + kScrollMargin)));
}

// A lesson slider in a panel `width` wide.
constexpr float slider_width(float width) { return std::min(kSliderWidth, width * 0.5f); }

// Each of two columns side by side, `gap` apart, in `width`.
constexpr float half_width(float width, float gap = kGroupGap) { return (width - gap) * 0.5f; }

// Two charts in `width`, `gap` apart: side by side when each still gets kChartMinWidth, else one
// above the other, each the whole width (a phone); each at most `max_w`.
struct ChartFit {
    bool side_by_side;
    float chart_w;
};
constexpr ChartFit chart_fit(float width, float gap, float max_w) {
    const bool side = half_width(width, gap) >= kChartMinWidth;
    return {side, std::min(side ? half_width(width, gap) : width, max_w)};
}

// A colour grid: row labels `label_w` wide, then `cols` cells of `cell_w`.
constexpr float grid_width(float label_w, float cell_w, std::ptrdiff_t cols) {
    return label_w + cell_w * static_cast<float>(cols);
}

// A mini heatmap (a matrix too big for numbers): about kMiniSpan across for the whole matrix, each
// cell between kMiniCellMin and kMiniCellMax, the group at least kMiniMinWidth wide.
constexpr float kMiniSpan = 200.0f, kMiniCellMin = 3.0f, kMiniCellMax = 12.0f, kMiniMinWidth = 120.0f;
constexpr float mini_cell(std::ptrdiff_t cols) {
    return std::clamp(kMiniSpan / static_cast<float>(std::max<std::ptrdiff_t>(cols, 1)), kMiniCellMin, kMiniCellMax);
}
constexpr float mini_width(std::ptrdiff_t cols) {
    return std::max(mini_cell(cols) * static_cast<float>(cols), kMiniMinWidth);
}

}  // namespace capiton::ui
