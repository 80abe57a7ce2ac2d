// The font atlas's glyph set (src/ui/text.cpp): ASCII and the characters capiton writes itself from
// the start, any other one once it appears on screen, and one the fonts lack asked for only once.
#include <doctest.h>
#include <imgui.h>

#include <string>

#include "core/session.h"
#include "ui/text.h"
#include "ui/ui.h"

namespace {
struct ImGuiContextScope {
    ImGuiContextScope() { ImGui::CreateContext(); }
    ~ImGuiContextScope() { ImGui::DestroyContext(); }
};

bool has(ImWchar c) { return ImGui::GetIO().FontDefault->FindGlyphNoFallback(c) != nullptr; }
}  // namespace

TEST_CASE("the first font atlas holds ASCII and capiton's own symbols; a typed letter is added when it appears") {
    ImGuiContextScope imgui;
    capiton::Session session;
    std::string error;
    REQUIRE(capiton::ui::init(session, &error));
    capiton::ui::load_fonts(1.0f, 4096);
    for (ImWchar c : {ImWchar('A'), ImWchar('~'), ImWchar(0x2212), ImWchar(0x221A), ImWchar(0x1D40), ImWchar(0x2026)})
        CHECK(has(c));  // A ~ − √ ᵀ … (the minus of every negative number, the formulas, clipped text)
    CHECK_FALSE(has(0x0141));  // Ł: in DejaVu Sans's subset, but written nowhere in src/ nor on screen
    CHECK_FALSE(capiton::ui::fonts_outdated());
    const int first = capiton::ui::font_atlas_size().glyphs;
    CHECK(first < 300);  // the subset's regular face has ~470 glyphs

    capiton::ui::want_text("Łódź");  // as a typed sentence's text does (ui::want_screen)
    CHECK(capiton::ui::fonts_outdated());
    capiton::ui::load_fonts(1.0f, 4096);
    CHECK(has(0x0141));
    CHECK(has(0x00F3));
    CHECK(has(0x017A));
    CHECK(capiton::ui::font_atlas_size().glyphs == first + 3);  // Ł ó ź ('d' is ASCII)
    CHECK_FALSE(capiton::ui::fonts_outdated());

    // A letter the subset lacks (Cyrillic) costs one rebuild, then is drawn as the fallback glyph
    // without asking again.
    capiton::ui::want_text("Ж");
    CHECK(capiton::ui::fonts_outdated());
    capiton::ui::load_fonts(1.0f, 4096);
    CHECK_FALSE(has(0x0416));
    CHECK_FALSE(capiton::ui::fonts_outdated());
    capiton::ui::want_text("Ж");
    CHECK_FALSE(capiton::ui::fonts_outdated());
    CHECK(capiton::ui::font_atlas_size().glyphs == first + 3);
}
