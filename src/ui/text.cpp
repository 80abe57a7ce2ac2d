// capiton ui: catalogs, paragraphs, fonts and the glyphs beyond the first ones they need (see text.h).
#include "ui/text.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include <imgui_internal.h>  // the current window's flags

#include "core/tokenizer.h"  // decode_utf8
#include "ui/font_file.h"
#include "ui/lang/lang.h"
#include "ui/layout.h"
#include "ui/state.h"
#include "ui/theme.h"
#include "ui/wrap.h"

namespace capiton::ui {

namespace fonts {  // DejaVu Sans (subset) and Droid Sans Fallback (subset), embedded at build time
extern const unsigned char kRegular[], kBold[], kChinese[];
extern const unsigned int kRegularSize, kBoldSize, kChineseSize;
// What the first atlas holds: ASCII and the other characters capiton's sources write, sorted,
// 0-terminated (cmake/first_chars.py).
extern const unsigned short kFirstChars[];
// kChinese is the whole subset (desktop), or only kChineseChars (web: the English screen's).
extern const bool kChineseComplete;
extern const unsigned short kChineseChars[];  // 0-terminated
// U+FFFD's glyph, ImGui's fallback, is at this code point in DejaVu Sans's subsets (a control
// character no text draws): ImGui's lookup tables stop at the highest character held (U+2713 for
// Latin alone, U+9E1F on the English screen, ~U+FF1F on the Chinese one, U+FE0F while an emoji's
// variation selector is on screen), not U+FFFD (embed_fonts.py).
extern const unsigned short kFallbackChar;
// Characters that draw nothing (zero-width joiners, variation selectors), held by both DejaVu faces:
// inclusive ranges, first and last, 0-terminated. Those past kChineseFrom come from DejaVu too.
extern const unsigned short kInvisible[];
}  // namespace fonts

namespace {
constexpr float kBodySize = 16.0f;     // body text and bold labels
constexpr float kFormulaSize = 22.0f;  // formulas
constexpr float kTitleSize = 24.0f;    // the app's name, stage titles
// Chinese glyphs sit small in their em box next to DejaVu's Latin: this much larger, nudged down by
// kCjkDrop font sizes to share the baseline.
constexpr float kCjkScale = 1.12f, kCjkDrop = 0.06f;
// The glyph set grows with what is typed or received; past this many (the Chinese screen needs about
// 1,500) it starts afresh from what is on screen now, so the atlas does not grow without end.
constexpr std::size_t kMaxWantedGlyphs = 3000;
// The screen-reader mirror keeps at most this many of a frame's paragraphs (a stage draws 10 to 40).
constexpr std::size_t kMaxMirrorTexts = 120;
// Glyphs are rasterised at the display's pixels per UI pixel, at most this many: beyond it (a phone
// at devicePixelRatio 3 pinched to 3×) they are scaled up instead, and the atlas stays small.
constexpr float kMaxRasterScale = 4.0f;
constexpr float kSnapBelowScale = 2.0f;
// DejaVu Sans's glyphs are below this code point, the Chinese font's from it on (but the invisible ones).
constexpr char32_t kChineseFrom = 0x2E80;

bool from_chinese_font(char32_t c) {
    if (c < kChineseFrom) return false;
    for (const unsigned short* r = fonts::kInvisible; r[0]; r += 2)
        if (c >= r[0] && c <= r[1]) return false;
    return true;
}

bool first_char(char32_t c) {
    static const std::size_t count = [] {
        std::size_t n = 0;
        while (fonts::kFirstChars[n]) ++n;
        return n;
    }();
    return std::binary_search(fonts::kFirstChars, fonts::kFirstChars + count, c);
}
}  // namespace

// ---- catalogs ------------------------------------------------------------------------------------

bool parse_catalog(Language l, std::string* error) {
    const auto i = static_cast<std::size_t>(l);
    if (!state.parse_tried[i]) {
        state.parse_tried[i] = true;
        state.parsed[i] = state.catalogs[i].parse(lang::catalog(l), error);
    }
    return state.parsed[i];
}

// The starting language's catalog is parsed by ui::init, another when first shown (a few ms of the
// first frame in the browser). The embedded catalogs parse (tests/ui parses each); if one did not,
// it would be tried once and its keys shown instead of its texts.
const Catalog& catalog() {
    const auto i = static_cast<std::size_t>(state.lang);
    if (!state.parse_tried[i]) {  // T() calls this hundreds of times a frame: the check alone after that
        std::string error;
        parse_catalog(state.lang, &error);
    }
    return state.catalogs[i];
}

const char* T(const std::string& key) { return catalog().get(key); }

std::string stage_key(Stage st, const char* part) { return std::string("stage.") + id_of(st) + "." + part; }

std::string message_of(const Note& n) {
    if (!n.key) return n.text;
    std::vector<std::string> args = n.args;
    if (!n.cause.ok()) args.push_back(message_of(n.cause));
    args.resize(4);  // every note's text has at most four, each a %s (the catalog test checks them)
    return formatted(T(n.key), args[0].c_str(), args[1].c_str(), args[2].c_str(), args[3].c_str());
}

// ---- paragraphs ----------------------------------------------------------------------------------

namespace {
float measured(std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; }
}  // namespace

std::string wrap(std::string_view text, float width) { return wrap_text(text, width, measured); }

void formula_paragraph(const char* text, float width) {
    ImGui::TextUnformatted(wrap_formula(text, width, measured).c_str());
}

float tooltip_text_width(float ems) {
    return tooltip_width(ImGui::GetFontSize(), ems, ImGui::GetIO().DisplaySize.x, ImGui::GetStyle().WindowPadding.x);
}

float tooltip_left(float x, float ems) {
    const float widest = tooltip_text_width(ems) + 2.0f * ImGui::GetStyle().WindowPadding.x;
    return std::max(4.0f, std::min(x, ImGui::GetIO().DisplaySize.x - widest - 4.0f));
}

void mirror_text(std::string text) {
    // the root window's flags: a popup's child (the glossary's list) is a popup's text too
    if (ImGui::GetCurrentWindow()->RootWindow->Flags & (ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup)) return;
    std::vector<std::string>& texts = state.now.texts;
    if (texts.size() < kMaxMirrorTexts && (texts.empty() || texts.back() != text)) texts.push_back(std::move(text));
}

void paragraph(const char* text, float width, const ImVec4* colour) {
    mirror_text(text);
    unmirrored_paragraph(text, width, colour);
}

void unmirrored_paragraph(const char* text, float width, const ImVec4* colour) {
    const std::string wrapped = wrap(text, width);
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
    ImGui::TextUnformatted(wrapped.c_str());
    if (colour) ImGui::PopStyleColor();
}

void two_colour_paragraph(const std::string& first, const std::string& second, float width, const ImVec4& colour) {
    const std::string text = first + second;
    mirror_text(text);
    const std::string wrapped = wrap(text, width);
    const std::size_t split = wrapped_offset(text, wrapped, first.size());
    const char* base = wrapped.data();
    const auto coloured = [&](std::size_t from, std::size_t to) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        ImGui::TextUnformatted(base + from, base + to);
        ImGui::PopStyleColor();
    };
    ImGui::BeginGroup();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0.0f));  // lines as one text's
    for (std::size_t at = 0;;) {  // line by line: the line the split falls in, in two pieces side by side
        const std::size_t nl = wrapped.find('\n', at);
        const std::size_t end = nl == std::string::npos ? wrapped.size() : nl;
        if (split <= at) {
            coloured(at, end);
        } else if (split >= end) {
            ImGui::TextUnformatted(base + at, base + end);
        } else {
            ImGui::TextUnformatted(base + at, base + split);
            ImGui::SameLine(0.0f, 0.0f);
            coloured(split, end);
        }
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    ImGui::PopStyleVar();
    ImGui::EndGroup();
}

void bold_paragraph(const char* text, float width) {
    ImGui::PushFont(state.fonts.bold);
    paragraph(text, width);
    ImGui::PopFont();
}

void heading(const char* title_key, const std::string& note, float width) {
    ImGui::Spacing();
    bold_paragraph(T(title_key), width);
    if (!note.empty()) paragraph(note.c_str(), width, &theme().muted);
}

float tallest(int count, const std::function<std::string(int)>& version) {
    float height = 0.0f;
    for (int i = 0; i < count; ++i) height = std::max(height, ImGui::CalcTextSize(version(i).c_str()).y);
    return height;
}

void steady_text(const std::string& wrapped, float width, float height, const ImVec4& colour) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(wrapped.c_str());
    ImGui::PopStyleColor();
    ImGui::SetCursorScreenPos(at);  // then take the whole height, whatever this version used
    ImGui::Dummy(ImVec2(width, height));
}

// ---- glyphs beyond the first ones -------------------------------------------------------------------

void want_text(std::string_view t) {
    for (std::size_t i = 0; i < t.size();) {
        if (static_cast<unsigned char>(t[i]) < 0x80) { ++i; continue; }  // ASCII: always in the atlas
        char32_t c = 0;
        const int len = decode_utf8(t, i, &c);
        if (len <= 0) { ++i; continue; }
        // U+FFFD (a byte that was not UTF-8) is the fallback glyph, always in the atlas.
        if (c >= 0x80 && c < 0xFFFD && !state.glyphs.missing[c] && !first_char(c))
            state.glyphs.wanted.insert(static_cast<ImWchar>(c));
        i += static_cast<std::size_t>(len);
    }
}

void want_screen(const Session& s, const View& v) {
    Glyphs& glyphs = state.glyphs;
    if (glyphs.wanted.size() > kMaxWantedGlyphs) forget_wanted();
    if (glyphs.wanted_lang != static_cast<int>(state.lang)) {
        for (const std::string& k : catalog().keys()) want_text(T(k));
        for (const LanguageInfo& info : kLanguageInfo) want_text(info.native_name);  // the language menu
        glyphs.wanted_lang = static_cast<int>(state.lang);
    }
    for (const std::string& t : s.lesson().trace().tokens) want_text(t);
    if (s.lesson().stage() == Stage::Seq2Seq)  // the sentence made up to the input length (in its language)
        for (const std::string& w : s.demos().seq2seq().tokens) want_text(w);
    if (const Task* t = s.training().task())  // the training view shows the task's sentences (apple: en and zh)
        for (const std::string& w : t->vocab) want_text(w);
    want_text(v.input);
    if (s.lesson().stage() == Stage::Poems) {  // what the poem model reads and writes
        want_text(v.poem_input);
        const PoemStage& p = s.poems();
        if (p.ready()) {
            want_text(p.prompt());
            want_text(p.continuation());
            for (const auto& [id, prob] : p.step().next) want_text(p.label(id));
        }
        if (p.progress()) want_text(p.progress()->sample);
    }
    if (s.lesson().stage() == Stage::Cross || s.lesson().stage() == Stage::Decode)  // the translation and its candidates
        for (const std::string& w : translate_vocabulary()) want_text(w);
}

void forget_wanted() {
    state.glyphs.wanted.clear();
    state.glyphs.wanted_lang = -1;
}

namespace {
// Droid Sans Fallback has no bold face: the Chinese glyphs merged into the two bold faces are made
// bold in the atlas, each stroke widened by `px` pixels to the right (DejaVu Sans Bold's Latin glyphs
// beside them are bold already), so that a heading's Chinese is as heavy as its Latin letters.
void embolden_chinese(const ImFont& f, int px) {
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    unsigned char* pixels = atlas.TexPixelsAlpha8;
    if (!pixels) return;
    const auto at = [](float uv, int size) { return static_cast<int>(std::lround(uv * static_cast<float>(size))); };
    for (const ImFontGlyph& g : f.Glyphs) {
        if (!g.Visible || !is_cjk(static_cast<char32_t>(g.Codepoint))) continue;
        const int x0 = at(g.U0, atlas.TexWidth), x1 = at(g.U1, atlas.TexWidth);
        const int y0 = at(g.V0, atlas.TexHeight), y1 = at(g.V1, atlas.TexHeight);
        for (int y = y0; y < y1; ++y) {
            unsigned char* row = pixels + static_cast<std::ptrdiff_t>(y) * atlas.TexWidth;
            for (int x = x1 - 1; x > x0; --x)  // right to left: the pixels to the left are still the glyph's own
                for (int k = 1; k <= px && x - k >= x0; ++k) row[x] = std::max(row[x], row[x - k]);
        }
    }
}

// The four faces, each with the first characters and the wanted ones (the Chinese merged in from the
// Chinese font), rasterised at r device pixels per UI pixel.
void build_atlas(float r) {
    ImGuiIO& io = ImGui::GetIO();
    Glyphs& glyphs = state.glyphs;
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // static data
    // No horizontal oversampling (which rasterises each glyph twice as wide, to place it between
    // pixels): the atlas is half as wide and quicker to make (bench/page-load, --dpr). Below two device
    // pixels per UI pixel the glyphs are small, and snap to whole pixels instead, which keeps them crisp.
    cfg.OversampleH = 1;
    cfg.PixelSnapH = r < kSnapBelowScale;
    ImFontConfig cjk = cfg;  // Chinese merged into each Latin font
    cjk.MergeMode = true;
    // The glyph ranges straight from the sorted code points (ImGui's ImFontGlyphRangesBuilder scans
    // every code point up to U+10FFFF with 32-bit characters: two million steps an atlas).
    std::set<ImWchar> latin, han;
    for (ImWchar c : glyphs.wanted) (from_chinese_font(c) ? han : latin).insert(c);
    for (const unsigned short* c = fonts::kFirstChars; *c; ++c) latin.insert(*c);
    const auto ranges_of = [](const std::set<ImWchar>& points, ImVector<ImWchar>* out) {
        out->clear();
        for (ImWchar c : points) {
            if (!out->empty() && out->back() + 1 == c) out->back() = c;  // extends the last range
            else { out->push_back(c); out->push_back(c); }
        }
        out->push_back(0);
    };
    ranges_of(latin, &glyphs.latin_ranges);
    ranges_of(han, &glyphs.ranges);
    const bool any_chinese = glyphs.ranges.Size > 1;  // more than the terminating 0
    void* regular = const_cast<unsigned char*>(fonts::kRegular);
    void* bold = const_cast<unsigned char*>(fonts::kBold);
    // The whole Chinese font once the page delivered it, else the embedded one (the same glyphs).
    void* chinese = const_cast<unsigned char*>(glyphs.chinese ? glyphs.chinese : fonts::kChinese);
    const unsigned int chinese_size = glyphs.chinese ? static_cast<unsigned int>(glyphs.chinese_size) : fonts::kChineseSize;
    const auto add = [&](void* data, unsigned int size, float px) {  // what a face lacks is left out
        ImFont* f = io.Fonts->AddFontFromMemoryTTF(data, static_cast<int>(size), px * r, &cfg, glyphs.latin_ranges.Data);
        f->FallbackChar = static_cast<ImWchar>(fonts::kFallbackChar);
        cjk.GlyphOffset = ImVec2(0.0f, kCjkDrop * px * r);
        if (any_chinese)
            io.Fonts->AddFontFromMemoryTTF(chinese, static_cast<int>(chinese_size), kCjkScale * px * r, &cjk,
                                           glyphs.ranges.Data);
        return f;
    };
    state.fonts.body = add(regular, fonts::kRegularSize, kBodySize);
    state.fonts.bold = add(bold, fonts::kBoldSize, kBodySize);
    state.fonts.big = add(regular, fonts::kRegularSize, kFormulaSize);
    state.fonts.title = add(bold, fonts::kBoldSize, kTitleSize);
    io.FontGlobalScale = 1.0f / r;
    io.FontDefault = state.fonts.body;
    io.Fonts->Build();
    const int px = std::max(1, static_cast<int>(std::lround(r)));
    embolden_chinese(*state.fonts.bold, px);
    embolden_chinese(*state.fonts.title, px);
}
}  // namespace

// ---- public: fonts ---------------------------------------------------------------------------------

bool fonts_lack(std::string_view t) {
    for (std::size_t i = 0; i < t.size();) {
        if (static_cast<unsigned char>(t[i]) < 0x80) { ++i; continue; }
        char32_t c = 0;
        const int len = decode_utf8(t, i, &c);
        if (len <= 0) return true;                            // not UTF-8: drawn as "�"
        if (c > 0xFFFF || state.glyphs.missing[c]) return true;  // past the 16-bit glyphs; or found lacking
        i += static_cast<std::size_t>(len);
    }
    return false;
}

bool fonts_outdated() {
    const Glyphs& glyphs = state.glyphs;
    return glyphs.chinese_arrived ||
           !std::includes(glyphs.built.begin(), glyphs.built.end(), glyphs.wanted.begin(), glyphs.wanted.end());
}

bool chinese_font_missing() {
    const Glyphs& glyphs = state.glyphs;
    if (fonts::kChineseComplete || glyphs.chinese || glyphs.chinese_failed) return false;
    const auto embedded = [](ImWchar c) {
        for (const unsigned short* p = fonts::kChineseChars; *p; ++p)
            if (*p == c) return true;
        return false;
    };
    return !std::all_of(glyphs.wanted.begin(), glyphs.wanted.end(), [&](ImWchar c) { return !from_chinese_font(c) || embedded(c); });
}

bool set_chinese_font(const unsigned char* data, std::size_t size) {
    if (data && !usable_font_file(data, size)) return false;
    Glyphs& glyphs = state.glyphs;
    glyphs.chinese = data;
    glyphs.chinese_size = data ? size : 0;
    glyphs.chinese_failed = !data;
    glyphs.chinese_arrived = data != nullptr;
    return true;
}

void load_fonts(float pixel_ratio, int max_texture_size) {
    // Rasterise at the physical pixel size and scale back, so text stays sharp on HiDPI screens; at
    // most kMaxRasterScale, and less if the atlas would not fit in a texture of the GPU's.
    float r = std::clamp(pixel_ratio, 1.0f, kMaxRasterScale);
    build_atlas(r);
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    while ((atlas.TexWidth > max_texture_size || atlas.TexHeight > max_texture_size) && r > 1.0f) {
        r = std::max(1.0f, r * 0.75f);
        build_atlas(r);
    }
    state.fonts.raster_scale = r;
    // What the fonts lack is dropped from the set, and not asked for again: DejaVu Sans's subset is
    // always whole, the Chinese font once the page has delivered it (the desktop build embeds it).
    Glyphs& glyphs = state.glyphs;
    const bool chinese_whole = fonts::kChineseComplete || glyphs.chinese;
    for (auto it = glyphs.wanted.begin(); it != glyphs.wanted.end();) {
        if ((from_chinese_font(*it) && !chinese_whole) || state.fonts.body->FindGlyphNoFallback(*it)) { ++it; continue; }
        glyphs.missing.set(*it);
        it = glyphs.wanted.erase(it);
    }
    glyphs.built = glyphs.wanted;
    glyphs.chinese_arrived = false;
}

namespace {
// Each face's fallback glyph has its own place in the atlas: a vertex with its top-left texture
// coordinate is the corner of one drawn (ImGui draws a glyph as a quad, that corner first).
int fallbacks_drawn() {
    const ImDrawData* d = ImGui::GetDrawData();
    if (!d) return 0;
    ImVector<ImVec2> corners;
    for (const ImFont* f : {state.fonts.body, state.fonts.bold, state.fonts.big, state.fonts.title})
        if (f && f->FallbackChar == fonts::kFallbackChar && f->FallbackGlyph && f->FallbackGlyph->Visible)  // not a real "?"
            corners.push_back(ImVec2(f->FallbackGlyph->U0, f->FallbackGlyph->V0));
    int n = 0;
    for (int i = 0; i < d->CmdListsCount; ++i)
        for (const ImDrawVert& v : d->CmdLists[i]->VtxBuffer)
            for (const ImVec2& c : corners) n += v.uv.x == c.x && v.uv.y == c.y;
    return n;
}
}  // namespace

FontAtlasSize font_atlas_size() {
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    const std::set<ImWchar>& built = state.glyphs.built;
    const auto chinese = std::count_if(built.begin(), built.end(), [](ImWchar c) { return from_chinese_font(c); });
    return {atlas.TexWidth, atlas.TexHeight, state.fonts.raster_scale, static_cast<int>(chinese),
            state.fonts.body ? state.fonts.body->Glyphs.Size : 0, fallbacks_drawn()};
}

}  // namespace capiton::ui
