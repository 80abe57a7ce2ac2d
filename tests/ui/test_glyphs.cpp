// The font atlas's glyph set (src/ui/text.cpp): ASCII and the characters capiton writes itself from
// the start, any other one once it appears on screen, and one the fonts lack asked for only once.
#include <doctest.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharToUtf8

#include <string>
#include <vector>

#include "core/catalog.h"
#include "core/gpt_preset.h"
#include "core/ids.h"
#include "core/session.h"
#include "core/tokenizer.h"  // decode_utf8
#include "core/train.h"
#include "core/translate.h"
#include "core/world.h"
#include "ui/lang/lang.h"
#include "ui/state.h"  // the bold faces
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
    // the small digits of powers of ten (a chart's 10⁻⁶, a loss's 4.47 × 10⁻⁹) and of indices (head₈)
    for (ImWchar c : {0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074, 0x2075, 0x2076, 0x2077, 0x2078, 0x2079, 0x207B})
        CHECK(has(c));
    for (ImWchar c = 0x2080; c <= 0x2089; ++c) CHECK(has(c));
    CHECK_FALSE(has(0x0141));  // Ł: in DejaVu Sans's subset, but written nowhere in src/ nor on screen
    CHECK_FALSE(capiton::ui::fonts_outdated());
    // U+FFFD (a byte that was not UTF-8) is drawn as the fallback glyph, a glyph of its own (not "?");
    // the fonts hold it below U+0080, so ImGui's lookup tables stop short of U+FFFD.
    const ImFont& body = *ImGui::GetIO().FontDefault;
    REQUIRE(body.FallbackGlyph != nullptr);
    CHECK(body.FindGlyph(0xFFFD) == body.FallbackGlyph);
    CHECK(body.FallbackGlyph->Visible);
    CHECK(body.FallbackGlyph != body.FindGlyph('?'));
    CHECK(body.IndexLookup.Size < 0xFFFD);  // to the highest code point held (Latin, or Chinese merged in)
    capiton::ui::want_text("\xef\xbf\xbd");
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
    // What the sentence box's note asks: does a text hold a character drawn as "�"?
    CHECK(capiton::ui::fonts_lack("ЖЖ"));
    CHECK(capiton::ui::fonts_lack("I \xf0\x9f\x98\x80"));                // 😀: no emoji in the fonts
    CHECK(capiton::ui::fonts_lack("\xff"));                             // not UTF-8
    CHECK_FALSE(capiton::ui::fonts_lack("the caf\xc3\xa9 in \xc5\x81\xc3\xb3" "d\xc5\xba"));  // café, Łódź
    CHECK_FALSE(capiton::ui::fonts_lack("cat\xef\xb8\x8e"));              // a variation selector: drawn as nothing
    CHECK_FALSE(capiton::ui::fonts_lack(""));
}

// The bold face is a smaller subset than the regular one (cmake/embed_fonts.py): every heading's
// letters and symbols must be in it, or they are drawn as "�" (the glossary's "learning rate η" was).
TEST_CASE("every glossary term and stage title has its glyphs in the bold faces") {
    ImGuiContextScope imgui;
    capiton::Session session;
    std::string error;
    REQUIRE(capiton::ui::init(session, &error));
    std::string headings;
    for (capiton::Language l : capiton::all_of<capiton::Language>()) {
        capiton::Catalog c;
        REQUIRE(c.parse(capiton::lang::catalog(l), &error));
        for (const std::string& k : c.keys()) {
            const bool term = k.size() > 5 && k.compare(k.size() - 5, 5, ".term") == 0;
            const bool title = k.rfind("stage.", 0) == 0 && k.size() > 6 && k.compare(k.size() - 6, 6, ".title") == 0;
            if (term || title) headings += std::string(c.get(k)) + "\n";
        }
    }
    REQUIRE(headings.find("\xce\xb7") != std::string::npos);  // η, in "learning rate η"
    capiton::ui::want_text(headings);
    capiton::ui::load_fonts(1.0f, 8192);
    const capiton::ui::Fonts& faces = capiton::ui::state.fonts;
    REQUIRE(faces.bold != nullptr);
    REQUIRE(faces.title != nullptr);
    std::string lacking;
    for (std::size_t i = 0; i < headings.size();) {
        char32_t c = 0;
        const int n = capiton::decode_utf8(headings, i, &c);
        i += static_cast<std::size_t>(n > 0 ? n : 1);
        if (c < 0x20 || (c >= 0x2E80 && c < 0xFFFD)) continue;  // line breaks; Chinese (the Chinese font, merged)
        for (const ImFont* bold : {faces.bold, faces.title})
            if (!bold->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
                char utf8[5];
                lacking += ImTextCharToUtf8(utf8, static_cast<unsigned int>(c));
            }
    }
    CHECK_MESSAGE(lacking.empty(), "not in the bold faces: " << lacking);
}

namespace {
// The Chinese characters among `chars` (a set: each once) that the Chinese font has no glyph for, after
// they appeared on screen; `*count` is how many Chinese characters were asked for. On the web the
// Chinese font is the file the page fetches (the app keeps its bytes).
std::string missing_chinese(const std::u32string& chars, int* count) {
    capiton::Session session;
    std::string error;
    REQUIRE(capiton::ui::init(session, &error));
#ifdef __EMSCRIPTEN__
    static std::string font;
    REQUIRE(capiton::read_file_bytes(CAPITON_ZH_FONT, &font));
    REQUIRE(capiton::ui::set_chinese_font(reinterpret_cast<const unsigned char*>(font.data()), font.size()));
#endif
    std::vector<ImWchar> chinese;
    std::string text;
    for (char32_t c : chars) {
        if (c < 0x2E80 || c >= 0xFFFD) continue;  // Latin letters, digits, the markers; U+FFFD: the fallback glyph
        chinese.push_back(static_cast<ImWchar>(c));
        char utf8[5];
        text += ImTextCharToUtf8(utf8, static_cast<unsigned int>(c));
    }
    *count = static_cast<int>(chinese.size());
    capiton::ui::want_text(text);
    capiton::ui::load_fonts(1.0f, 8192);
    std::string which;
    for (ImWchar c : chinese)
        if (!has(c)) {
            char utf8[5];
            which += ImTextCharToUtf8(utf8, static_cast<unsigned int>(c));
        }
    return which;
}
}  // namespace

TEST_CASE("every Chinese character the poem model can write has a glyph in the Chinese font") {
    ImGuiContextScope imgui;
    std::string preset;
    REQUIRE(capiton::read_file_bytes(CAPITON_GPT_PRESET, &preset));
    capiton::GptPresetFile file;
    REQUIRE(capiton::load_gpt_preset(preset, &file));
    int count = 0;
    const std::string missing = missing_chinese(std::u32string(file.vocab.chars.begin(), file.vocab.chars.end()), &count);
    CHECK(count > 1500);  // the preset reads ~1,900 characters, most of them Chinese
    CHECK_MESSAGE(missing.empty(), missing);
}

TEST_CASE("every Chinese word the other models can write has its glyphs in the Chinese font") {
    // the translator's words (an untrained one writes any of them: 螃蟹 came out as "�蟹"), the small
    // world's and the tasks' vocabularies, and the sentences the training stage offers
    ImGuiContextScope imgui;
    std::vector<std::string> words = capiton::translate_vocabulary();
    for (const std::string& w : capiton::world_vocabulary()) words.push_back(w);
    for (capiton::TaskId id : capiton::all_of<capiton::TaskId>()) {
        for (const std::string& w : capiton::make_task(id, 1).vocab) words.push_back(w);
        words.push_back(capiton::task_sentence(id, capiton::Language::Zh));
    }
    std::u32string chars;
    for (const std::string& w : words)
        for (std::size_t i = 0; i < w.size();) {
            char32_t c = 0;
            const int len = capiton::decode_utf8(w, i, &c);
            i += len > 0 ? static_cast<std::size_t>(len) : 1;
            if (chars.find(c) == std::u32string::npos) chars += c;
        }
    int count = 0;
    const std::string missing = missing_chinese(chars, &count);
    CHECK(count > 100);
    CHECK_MESSAGE(missing.empty(), missing);
}
