// src/ui/layout.h: the layout arithmetic, checked with numbers worked out by hand.
#include <doctest.h>

#include "ui/layout.h"

using namespace capiton::ui;

TEST_CASE("layout: text and panels are capped at kTextWidth") {
    CHECK(kTextWidth == 900.0f);
    CHECK(text_width(1200.0f) == 900.0f);
    CHECK(text_width(500.0f) == 500.0f);
}

TEST_CASE("layout: an item fits on the line when it ends by the right edge") {
    CHECK(fits(100.0f, 50.0f, 150.0f));        // ends exactly at the edge
    CHECK_FALSE(fits(100.0f, 51.0f, 150.0f));  // one pixel over: a new line
    CHECK(fits(0.0f, 0.0f, 0.0f));
}

TEST_CASE("layout: narrow windows, and short ones whose controls take over 40 % of the height, scroll as a whole") {
    CHECK(page_scrolls_whole(699.0f, 2000.0f, 100.0f));         // narrow
    CHECK_FALSE(page_scrolls_whole(700.0f, 1000.0f, 400.0f));   // 40 % exactly: the stage scrolls alone
    CHECK(page_scrolls_whole(800.0f, 700.0f, 300.0f));          // 43 %: an 800 × 700 window with three stepper rows
    CHECK_FALSE(page_scrolls_whole(1366.0f, 768.0f, 200.0f));   // 26 %
}

TEST_CASE("layout: phones either way up get the compact controls; popups start near the top of a short window") {
    CHECK(compact_controls(390.0f, 844.0f));    // a phone
    CHECK(compact_controls(844.0f, 390.0f));    // held sideways
    CHECK(compact_controls(600.0f, 400.0f));    // a small iframe
    CHECK_FALSE(compact_controls(1024.0f, 700.0f));
    CHECK_FALSE(compact_controls(1366.0f, 768.0f));
    CHECK(popup_top(390.0f, 80.0f) == 10.0f);
    CHECK(popup_top(768.0f, 80.0f) == 80.0f);
    CHECK(popup_height(390.0f, 80.0f) == 370.0f);  // 10 from the top, 10 from the bottom
    CHECK(popup_height(768.0f, 80.0f) == 608.0f);
    CHECK(popup_height(130.0f, 80.0f) == 120.0f);
}

TEST_CASE("layout: a tooltip is so many ems wide, narrower on a small screen, never under 10 ems") {
    CHECK(tooltip_width(16.0f, 34.0f, 1366.0f, 8.0f) == 544.0f);  // 16 × 34
    CHECK(tooltip_width(16.0f, 34.0f, 390.0f, 8.0f) == 358.0f);   // 390 − 2 × (8 + 8)
    CHECK(tooltip_width(16.0f, 34.0f, 100.0f, 8.0f) == 160.0f);   // 10 ems
}

TEST_CASE("layout: two charts side by side while each gets 240 px, else one above the other") {
    CHECK(kChartMinWidth == 240.0f);
    const ChartFit desk = chart_fit(900.0f, kGroupGap, kChartMaxWidth);  // halves of 436, capped at 420
    CHECK(desk.side_by_side);
    CHECK(desk.chart_w == 420.0f);
    const ChartFit wide = chart_fit(900.0f, kGroupGap, 900.0f);  // the sweep: half the panel
    CHECK(wide.chart_w == 436.0f);
    const ChartFit edge = chart_fit(508.0f, kGroupGap, kChartMaxWidth);  // (508 − 28) / 2 = 240 exactly
    CHECK(edge.side_by_side);
    CHECK(edge.chart_w == 240.0f);
    const ChartFit phone = chart_fit(358.0f, kGroupGap, kChartMaxWidth);  // halves of 165: stacked, whole width
    CHECK_FALSE(phone.side_by_side);
    CHECK(phone.chart_w == 358.0f);
    CHECK(chart_fit(500.0f, kGroupGap, kChartMaxWidth).chart_w == 420.0f);  // halves of 236: stacked, capped
}

TEST_CASE("layout: sliders and two columns") {
    CHECK(slider_width(900.0f) == 360.0f);  // capped
    CHECK(slider_width(500.0f) == 250.0f);  // half the panel
    CHECK(half_width(900.0f) == 436.0f);    // (900 − 28) / 2
    CHECK(half_width(900.0f, kControlGap) == 438.0f);  // (900 − 24) / 2
    CHECK(grid_width(30.0f, 50.0f, 4) == 230.0f);      // labels + 4 cells
}

TEST_CASE("layout: mini heatmap cells are about 200 px for the matrix, 3 to 12 px each") {
    CHECK(mini_cell(1) == 12.0f);    // 200 px: capped at 12
    CHECK(mini_cell(0) == 12.0f);    // no columns: counted as one
    CHECK(mini_cell(20) == 10.0f);   // 200 / 20
    CHECK(mini_cell(32) == 6.25f);   // 200 / 32
    CHECK(mini_cell(100) == 3.0f);   // 2 px: raised to 3
    CHECK(mini_width(4) == 120.0f);   // 4 × 12 = 48: the group is at least 120 wide
    CHECK(mini_width(16) == 192.0f);  // 16 × 12 (200 / 16 = 12.5, capped at 12)
    CHECK(mini_width(25) == 200.0f);  // 25 × 8
    CHECK(mini_width(100) == 300.0f);  // 100 × 3
}
