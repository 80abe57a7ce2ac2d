// src/ui/layout.h and id_lists.h: the layout arithmetic and the id lists the UI keeps, checked with
// numbers worked out by hand.
#include <doctest.h>

#include "ui/id_lists.h"
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

TEST_CASE("id lists: languages, themes, the chosen task") {
    CHECK(kLanguageCount == 2);
    CHECK(std::string(kLanguages[0][0]) == "en");
    CHECK(std::string(kLanguages[1][0]) == "zh");
    CHECK(lang_index("zh") == 1);
    CHECK(lang_index("en") == 0);
    CHECK(lang_index("fr") == 0);  // anything else: English
    CHECK(is_dark("dark"));
    CHECK_FALSE(is_dark("light"));
    CHECK(task_index(1, 3) == 1);
    CHECK(task_index(5, 3) == 2);   // past the end: the last task
    CHECK(task_index(-1, 3) == 0);  // before the start: the first
    CHECK(stage_key(capiton::Stage::Softmax, "title") == "stage.softmax.title");
}
