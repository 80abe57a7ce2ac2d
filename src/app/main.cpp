// capiton app: SDL2 window + OpenGL (ES 3.0 = WebGL2 on the web, 3.0 core natively) + Dear ImGui.
// The only code that touches SDL, GL or Emscripten. One frame() serves both main loops, and one
// start-up reads the same command line on both (the page script passes the web's as arguments):
//
//   capiton [--lang=<tag>] [--theme=dark] [--answers=<stored>] [--embed] [--page-url=<url>]
//           [--embed-url=<url>] [--query-link=<page#keys>] ['#stage=softmax&lang=zh…']
//
// (--query-link: the page's address had link keys after "?"; the link as it should have been.)
//
// The page reaches the app through one export, capiton_command(json): the core's command table
// (src/core/commands.h, docs/page-hook.md). The app reaches the page through one function,
// page_event(type, detail): Module.capitonEvent in web/capiton-page.js. On the web, training steps
// in a worker (src/app/train_worker.cpp): its requests leave as "train" events, its snapshots come
// back through a second export, capiton_training_message(json). The desktop build trains the same
// way in a thread of its own (core/training_thread.h), and in slices between frames if it cannot.
// Text the canvas cannot receive (an input method's, a phone keyboard's, a paste) comes from the
// page's textarea through a third, capiton_text_typed(utf8); whether a Tab leaves the app for the page
// around it, or a wheel scrolls that page, through capiton_tab_leaves(shift) and capiton_wheel_passes(down).
#include <SDL.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <memory>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_internal.h>  // the active text field: its caret and flags (report_text_field)

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#include <system_error>

#include "core/training_thread.h"
#endif

#include "core/commands.h"
#include "core/fragment.h"
#include "core/json.h"
#include "core/session.h"
#include "frame_hash.h"
#include "gl.h"
#include "heatmap_gl.h"
#include "imgui_gl.h"
#include "ui/ui.h"

namespace {

// What the page commands read from the UI's last frame and the renderer (core/commands.h).
struct UiHost : capiton::PageHost {
    capiton::ui::View* view = nullptr;
    int max_texture = 2048;  // GL_MAX_TEXTURE_SIZE: the font atlas is kept within it
    float pinch_asked = 0.0f;  // a pinch zoom the tests asked for (setPinch), taken by the next frame
    float zoom = 1.0f;  // CSS pixels per UI unit: rectangles are reported as the page sees them

    std::optional<Cell> hovered_cell() const override {
        const char* name = nullptr;
        Cell c{};
        if (!capiton::ui::hovered_cell(&name, &c.row, &c.col) || !capiton::from_id(name, &c.matrix)) return std::nullopt;
        return c;
    }
    std::string keyboard_focus() const override { return capiton::ui::keyboard_focus(); }
    std::string accessible_json() const override { return capiton::ui::accessible_json(); }
    std::optional<Rect> widget_rect(std::string_view id) const override {
        capiton::ui::WidgetRect r;
        if (!capiton::ui::widget_rect(std::string(id), &r)) return std::nullopt;
        return Rect{zoom * r.x, zoom * r.y, zoom * r.w, zoom * r.h};
    }
    bool heatmap_gpu() const override { return capiton::app::heatmap_ready(); }
    void set_pinch(double factor) override { pinch_asked = static_cast<float>(factor); }
    void redraw() override { redraw_asked = true; }
    bool redraw_asked = false;  // a test reads the canvas back after the next frame: draw it
    FontAtlas font_atlas() const override {
        const capiton::ui::FontAtlasSize a = capiton::ui::font_atlas_size();
        return {a.width, a.height, max_texture, a.raster_scale, a.chinese_glyphs, a.glyphs, a.fallbacks};
    }
    int largest_draw_list() const override { return capiton::ui::largest_draw_list(); }
    void copy_done(bool ok) override { view->copy_failed = !ok; }
};

struct App {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    capiton::Session session;
    capiton::ui::View view;
    UiHost host;
    capiton::Page page{session, host, {}, {}, {}};
    float pixel_ratio = 0.0f;  // fonts were built for this ratio (device pixels per UI unit)
    float zoom = 1.0f;         // CSS pixels per UI unit (ui_zoom × pinch, in quarter steps)
    float pinch = 1.0f;        // the student's own zoom, by pinching with two fingers
    long frames = 0;
    bool quit = false;
    std::string reply;          // the last command's reply (JavaScript reads it before the next call)
    std::string stored_answers;  // --answers=: the page's storage at the start, restored after the link
    std::string saved_answers;   // what the page's storage holds
    std::string fragment;       // the state as a URL fragment, as last reported to the page
    std::vector<capiton::Note> link_notes;  // the link's unusable parts the screen-reader mirror says
    std::string query_link;  // the link as it should have been, when its keys came after "?" (--query-link)
    std::size_t mirror_texts = 0;     // ui::mirror_texts_hash of the paragraphs the mirror was told of
    double mirror_told_ms = -1e9;     // when (now_ms), so that changing numbers update it once a second
    int train_steps = 4;        // training steps per frame (adapted to an ~8 ms budget)
    int race_steps = 1;         // the same for the √d_k race
    int poem_steps = 1;         // the same for the poem model (desktop)
    double between_frames_ms = 0.0;  // main-thread work for the app between two frames (training snapshots)
    bool font_asked = false;    // the page was asked for the Chinese font file (ui::chinese_font_missing)
    std::uint64_t drawn = 0;    // frame_hash of the frame on the canvas (web)
    // What the page's textarea follows (report_text_field), in CSS pixels: the active editable text
    // field's caret (top left, line height; zero while none is active) and every such field on screen.
    struct TextField {
        bool on = false, dark = false;
        int x = 0, y = 0, h = 0;
        std::string label;                       // the active field's, for screen readers
        std::vector<std::array<int, 4>> fields;  // x, y, width, height
        bool operator==(const TextField& o) const {
            return on == o.on && dark == o.dark && x == o.x && y == o.y && h == o.h && label == o.label &&
                   fields == o.fields;
        }
    } text_field;
    std::string clipboard;      // what Ctrl+C / Ctrl+X in a text field copied (web: the browser's too)
    std::string typed;          // from the page's textarea, not yet handed to ImGui ('\b' Backspace, '\r' Enter)
    SDL_Scancode key_held = SDL_SCANCODE_UNKNOWN;  // a key from the textarea, down this frame (let go next frame)
    std::deque<SDL_Event> queued;  // events for the next frames (frame(): a key changing twice in one)
#ifndef __EMSCRIPTEN__
    std::unique_ptr<capiton::TrainingThread> trainer;  // the desktop's training worker (none: training here)
#endif
};

App* g_app = nullptr;

// The app's one way to the page: an event and its detail as JSON (web/capiton-page.js, EVENTS).
// The desktop build has no page: the events go nowhere.
void page_event(const char* type, const std::string& detail = {}) {
#ifdef __EMSCRIPTEN__
    EM_ASM({ if (Module.capitonEvent) Module.capitonEvent(UTF8ToString($0), UTF8ToString($1)); }, type, detail.c_str());
#else
    (void)type;
    (void)detail;
#endif
}

// Typing through the page. A canvas receives key presses, but not what an input method composes
// (Chinese typed as pinyin, an accent typed with a dead key), what a phone's on-screen keyboard sends,
// or a paste: those go to an element that can be edited. So while one of the app's text fields is
// active and editable, the page keeps a textarea focused at its caret (web/capiton-typing.js) and
// hands what it receives to capiton_text_typed. A phone shows its keyboard only for an element
// focused while a tap is handled, so the page also knows where the fields are, and focuses the
// textarea as soon as a finger taps one. Reported when it changes.
void report_text_field(App& a) {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const bool editable = g.ActiveId != 0 && g.InputTextState.ID == g.ActiveId &&
                          !(g.InputTextState.Flags & ImGuiInputTextFlags_ReadOnly);
    const auto css = [&](float v) { return static_cast<int>(std::lround(a.zoom * v)); };
    App::TextField now;
    if (editable)
        now = {true, a.session.prefs().theme == capiton::Theme::Dark, css(g.PlatformImePos.x), css(g.PlatformImePos.y),
               css(g.FontSize), capiton::ui::active_text_field_label(), {}};
    for (const capiton::ui::WidgetRect& r : capiton::ui::text_field_rects())
        now.fields.push_back({css(r.x), css(r.y), css(r.w), css(r.h)});
    if (now == a.text_field) return;
    a.text_field = now;
    capiton::json::Writer w;
    w.begin_object().key("on").boolean(now.on).key("dark").boolean(now.dark);
    w.key("x").integer(now.x).key("y").integer(now.y).key("h").integer(now.h).key("label").string(now.label);
    w.key("fields").begin_array();
    for (const auto& f : now.fields) w.begin_array().integer(f[0]).integer(f[1]).integer(f[2]).integer(f[3]).end_array();
    page_event("textField", w.end_array().end_object().text());
}

// What the page's textarea received (capiton_text_typed), in order: text up to the next key this
// frame, or that key, '\b' Backspace or '\r' Enter (ImGui 1.86 sees a key only if it is down when a
// frame starts: it is let go the frame after). ImGui's text fields ignore characters while Ctrl is
// held, and a paste (Ctrl+V) arrives while it is: such text waits for the frame after Ctrl is let go.
void take_typed(App& a, ImGuiIO& io) {
    if (a.key_held != SDL_SCANCODE_UNKNOWN) {
        io.KeysDown[a.key_held] = false;
        a.key_held = SDL_SCANCODE_UNKNOWN;
        return;
    }
    if (a.typed.empty() || io.KeyCtrl) return;
    const std::size_t cut = a.typed.find_first_of("\b\r");
    if (cut == 0) {
        a.key_held = a.typed[0] == '\b' ? SDL_SCANCODE_BACKSPACE : SDL_SCANCODE_RETURN;
        io.KeysDown[a.key_held] = true;
        a.typed.erase(0, 1);
        return;
    }
    io.AddInputCharactersUTF8(a.typed.substr(0, cut).c_str());
    a.typed.erase(0, cut);
}

// Warnings go to stderr: the terminal natively, the console (console.warn) on the web.
void warn(const std::vector<std::string>& warnings) {
    for (const std::string& w : warnings) std::fprintf(stderr, "capiton: %s\n", w.c_str());
}

float drawable_ratio(SDL_Window* w) {
    int ww = 0, wh = 0, dw = 0, dh = 0;
    SDL_GetWindowSize(w, &ww, &wh);
    SDL_GL_GetDrawableSize(w, &dw, &dh);
    return ww > 0 ? static_cast<float>(dw) / static_cast<float>(ww) : 1.0f;
}

// Big windows (a 4K screen at 100 %, a classroom projector) get a bigger UI instead of a lesson lost in
// one corner: the UI is laid out for 1920 × 1080 and zoomed by how many times larger the window is
// (in quarter steps, so resizing does not rebuild the fonts at every pixel; never below 1).
float ui_zoom(SDL_Window* w) {
    int ww = 0, wh = 0;
    SDL_GetWindowSize(w, &ww, &wh);
    const float z = std::min(static_cast<float>(ww) / 1920.0f, static_cast<float>(wh) / 1080.0f);
    return z <= 1.0f ? 1.0f : std::min(3.0f, std::floor(z * 4.0f) / 4.0f);
}

constexpr int kMaxFrameSteps = 256;  // training steps of one slice between frames, at most

double now_ms() {
    return 1000.0 * static_cast<double>(SDL_GetPerformanceCounter()) / static_cast<double>(SDL_GetPerformanceFrequency());
}

// What the frame asked of the page: files, the clipboard, storage, a changed link.
void report_to_page(App& a) {
    capiton::ui::View& v = a.view;
    if (!v.export_kind.empty()) {  // the PNG is taken now, in the same task as the drawing
        capiton::json::Writer w;
        w.begin_object().key("name").string(v.export_name).key("kind").string(v.export_kind);
        w.key("text").string(v.export_text).end_object();
        page_event("save", w.text());
        v.export_kind.clear();
        v.export_text.clear();
    }
    if (v.guide_request) {  // in the language on screen (the page knows each edition's file)
        v.guide_request = false;
        capiton::json::Writer w;
        w.begin_object().key("lang").string(capiton::id_of(a.session.prefs().language)).end_object();
        page_event("openGuide", w.text());
    }
    if (!v.copy_request.empty()) {
        v.copy_failed = false;
        capiton::json::Writer w;
        w.begin_object().key("text").string(v.copy_request).end_object();
        page_event("copy", w.text());
        v.copy_request.clear();
    }
    if (const std::string answers = a.session.answers_text(); answers != a.saved_answers) {
        a.saved_answers = answers;
        capiton::json::Writer w;
        w.begin_object().key("text").string(answers).end_object();
        page_event("answers", w.text());
    }
    // The state that a link can carry: when it changes, the page updates the address (and tells an
    // embedding page).
    if (std::string fragment = capiton::fragment_of(a.session, a.page.allow); fragment != a.fragment) {
        a.fragment = std::move(fragment);
        capiton::json::Writer w;
        w.begin_object().key("fragment").string(a.fragment).key("stage").string(capiton::id_of(a.session.lesson().stage()));
        page_event("stateChanged", w.end_object().text());
    }
    // The link's note, read first by the screen-reader mirror, was closed (or a new link brought one):
    // the mirror follows though the link may be the same.
    if (a.session.link_notes() != a.link_notes) {
        a.link_notes = a.session.link_notes();
        page_event("mirrorChanged");
    }
    // What the stage says changed without the state (a question answered, an experiment's result, a
    // training's progress): the mirror follows, at most once a second (the page rebuilds its tables).
    if (const std::size_t texts = capiton::ui::mirror_texts_hash(); texts != a.mirror_texts) {
        if (const double now = now_ms(); now - a.mirror_told_ms >= 1000.0) {
            a.mirror_texts = texts;
            a.mirror_told_ms = now;
            page_event("mirrorChanged");
        }
    }
}

// The training requests queued since the last call, to the page's training worker: one message, which
// the worker applies whole before it trains again (a click on Step is train, pause and one step).
void send_training_requests(App& a) {
    std::vector<std::string> requests = a.session.take_training_requests();
    if (requests.empty()) return;
#ifdef __EMSCRIPTEN__
    std::string list = "[";
    for (const std::string& r : requests) list += (list.size() > 1 ? "," : "") + r;
    page_event("train", list + "]");
#else
    if (a.trainer) a.trainer->send(std::move(requests));
#endif
}

#ifndef __EMSCRIPTEN__
// The desktop's training thread: its snapshots since the last frame, applied as the page applies its
// worker's (capiton_training_message), and why it refused a request, if it did.
void receive_training(App& a) {
    if (!a.trainer) return;
    for (const std::string& s : a.trainer->take_snapshots())
        if (capiton::Status st = a.session.training_snapshot(s); !st.ok()) warn({st.error});
    for (const std::string& r : a.trainer->take_refusals()) warn({"training: " + r});
}
#endif

// The poems stage needs its preset file the first time it is shown (or a page's command asks for the
// poem model before that). The web build asks the page to
// fetch it (capiton-poems-gpt.bin, page event needPoems; it arrives through capiton_poems_preset); the
// desktop build reads it, and the poem texts for training, where the build left them.
void load_poems(App& a) {
    const bool shown = a.session.lesson().stage() == capiton::Stage::Poems;
    if (!(shown || a.session.poems().asked()) || !a.session.poems().wants_preset()) return;
    a.session.begin_loading_poems();
#ifdef __EMSCRIPTEN__
    page_event("needPoems");
#else
    std::string bytes;
    if (!capiton::read_file_bytes(CAPITON_GPT_PRESET, &bytes)) {
        a.session.poem_preset_failed(std::string("cannot read ") + CAPITON_GPT_PRESET);
    } else if (capiton::Status s = a.session.load_poem_preset(bytes); !s.ok()) {
        warn({s.error});
    }
    auto corpus = std::make_shared<capiton::PoemCorpus>();
    if (capiton::load_poem_corpus(CAPITON_POEMS_DIR, corpus.get(), capiton::kGptPreset.min_count))
        a.session.set_poem_corpus(std::move(corpus), capiton::make_poem_job);
    else
        warn({std::string("the poem texts are not in ") + CAPITON_POEMS_DIR + ": the poem model cannot train here."});
#endif
}

#ifdef __EMSCRIPTEN__
// What a frame draws: ImGui's draw lists (every vertex, index and command), the grids the heatmap
// shader paints with them, and the background. Two frames with the same hash draw the same pixels.
std::uint64_t frame_hash(const ImDrawData& dd, const float bg[3]) {
    using capiton::app::hash_bytes;
    std::uint64_t h = capiton::app::hash_word(capiton::app::heatmap_frame_hash(), static_cast<std::uint64_t>(dd.CmdListsCount));
    const float view[6] = {dd.DisplayPos.x, dd.DisplayPos.y, dd.DisplaySize.x, dd.DisplaySize.y,
                           dd.FramebufferScale.x, dd.FramebufferScale.y};
    h = hash_bytes(h, view, sizeof view);
    h = hash_bytes(h, bg, 3 * sizeof(float));
    for (int n = 0; n < dd.CmdListsCount; ++n) {
        const ImDrawList& l = *dd.CmdLists[n];
        h = hash_bytes(h, l.VtxBuffer.Data, static_cast<std::size_t>(l.VtxBuffer.Size) * sizeof(ImDrawVert));
        h = hash_bytes(h, l.IdxBuffer.Data, static_cast<std::size_t>(l.IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& c : l.CmdBuffer) {
            const std::uint64_t fields[5] = {static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(c.TextureId)),
                                             c.VtxOffset, c.IdxOffset, c.ElemCount,
                                             static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(c.UserCallbackData))};
            h = hash_bytes(h, &c.ClipRect, sizeof c.ClipRect);
            h = hash_bytes(h, fields, sizeof fields);
            h = capiton::app::hash_word(h, c.UserCallback ? 1u : 0u);
        }
    }
    return h;
}
#endif

// Whether the frame just built is to be drawn. In the browser a frame that would draw exactly what the
// canvas shows is not: the canvas keeps its picture, and the GPU (in software rendering, a CPU core) is
// left alone while nothing changes — between two training snapshots, or while the student reads. The
// first frame, a picture asked for and a test's redraw are always drawn. Natively every frame is: the
// swap paces the loop there.
bool worth_drawing(App& a, const float bg[3]) {
#ifdef __EMSCRIPTEN__
    const std::uint64_t drawing = frame_hash(*ImGui::GetDrawData(), bg);
    if (a.frames > 0 && drawing == a.drawn && a.view.export_kind.empty() && !a.host.redraw_asked) return false;
    a.drawn = drawing;
    a.host.redraw_asked = false;
#else
    (void)a;
    (void)bg;
#endif
    return true;
}

void frame(App& a) {
    const double frame_start = now_ms() - a.between_frames_ms;  // a snapshot applied since counts here
    a.between_frames_ms = 0.0;
    // Chinese on screen whose glyphs are in the font file the page has not delivered yet: no frame
    // until it has (the canvas keeps the last one, the input waits in SDL's queue).
    if (capiton::ui::chinese_font_missing()) {
        if (!a.font_asked) page_event("needFont");
        a.font_asked = true;
        return;
    }
    // The events in order, but a key's second change in one frame (let go after going down, as a phone
    // keyboard's Enter comes; down again after being let go) waits, with that key's later events, for
    // the next frame: ImGui 1.86 reads which keys are down once a frame and would miss the press.
    for (SDL_Event polled; SDL_PollEvent(&polled);) a.queued.push_back(polled);
    std::vector<SDL_Scancode> changed, waiting;  // keys that went down or up this frame; keys held back
    std::deque<SDL_Event> later;
    for (const SDL_Event& e : std::exchange(a.queued, {})) {
        const bool key = e.type == SDL_KEYDOWN || e.type == SDL_KEYUP;
        const SDL_Scancode sc = key ? e.key.keysym.scancode : SDL_SCANCODE_UNKNOWN;
        const auto has = [sc](const std::vector<SDL_Scancode>& v) { return std::count(v.begin(), v.end(), sc) > 0; };
        if (key && (has(waiting) || (!e.key.repeat && has(changed)))) {
            if (!has(waiting)) waiting.push_back(sc);
            later.push_back(e);
            continue;
        }
        if (key && !e.key.repeat) changed.push_back(sc);
        ImGui_ImplSDL2_ProcessEvent(&e);
        if (e.type == SDL_QUIT) a.quit = true;
        // Touch: the UI scrolls under one finger (ui::touch_scroll); two fingers pinch the zoom.
        if (e.type == SDL_FINGERDOWN) a.view.fingers = std::min(a.view.fingers + 1, 10);
        if (e.type == SDL_FINGERUP) a.view.fingers = std::max(a.view.fingers - 1, 0);
        if (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEMOTION)
            a.view.touch = (e.type == SDL_MOUSEBUTTONDOWN ? e.button.which : e.motion.which) == SDL_TOUCH_MOUSEID;
        if (e.type == SDL_MULTIGESTURE && e.mgesture.numFingers == 2 && e.mgesture.dDist != 0.0f)
            a.pinch = std::clamp(a.pinch * (1.0f + 2.0f * e.mgesture.dDist), 0.5f, 3.0f);
    }
    a.queued = std::move(later);
    if (a.host.pinch_asked > 0.0f) a.pinch = std::exchange(a.host.pinch_asked, 0.0f);
    a.zoom = std::max(0.5f, std::round(ui_zoom(a.window) * a.pinch * 4.0f) / 4.0f);
    a.host.zoom = a.zoom;
    const float ratio = drawable_ratio(a.window) * a.zoom;
    // First frame, a screen with another DPI, or new Chinese characters on screen.
    if (ratio != a.pixel_ratio || capiton::ui::fonts_outdated()) {
        capiton::ui::load_fonts(ratio, a.host.max_texture);
        capiton::app::imgui_gl_fonts();
        a.pixel_ratio = ratio;
    }
#ifndef __EMSCRIPTEN__
    receive_training(a);
#endif
    // Training here (a page without its worker, the desktop without its thread) runs between frames:
    // a paced run the steps it owes, one at full pace in slices sized to take about 8 ms (60 fps stays
    // 60 fps; a slower machine trains slower, never drops below 30 fps for it). The √d_k race (two
    // models at d_k = 256) has its own slice size; when both run they share the budget.
    const capiton::Training& tr = a.session.training();
    const bool here = tr.place() == capiton::TrainingPlace::Here;
    const bool training = here && tr.state() && tr.state()->running;
    const bool racing = here && tr.race_running();
    if (training) a.session.train_for(now_ms(), &a.train_steps, racing ? 4.0 : 8.0, kMaxFrameSteps);
    if (racing)
        capiton::timed_slice(a.race_steps, training ? 4.0 : 8.0, kMaxFrameSteps, [&](int n) { a.session.race_slice(n); });
    // The poem model training here: at least one step a frame, so a frame takes as long as one step
    // of it (~10–30 ms natively, ~160 ms in its run's first part).
    if (here && a.session.poems().progress() && a.session.poems().progress()->running)
        capiton::timed_slice(a.poem_steps, 8.0, kMaxFrameSteps, [&](int n) { a.session.poems_slice(n); });
    load_poems(a);
    capiton::app::heatmap_begin_frame();
    ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    // ImGui 1.86's SDL backend can report a zero delta when two frames share a timer tick
    // (seen in headless Chromium); ImGui asserts on that.
    if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 60.0f;
    if (a.zoom != 1.0f) {  // the backend measured in window units; the UI works in zoomed units
        io.DisplaySize = ImVec2(io.DisplaySize.x / a.zoom, io.DisplaySize.y / a.zoom);
        io.DisplayFramebufferScale = ImVec2(io.DisplayFramebufferScale.x * a.zoom, io.DisplayFramebufferScale.y * a.zoom);
        if (io.MousePos.x > -FLT_MAX) io.MousePos = ImVec2(io.MousePos.x / a.zoom, io.MousePos.y / a.zoom);
    }
    take_typed(a, io);
    ImGui::NewFrame();
    capiton::ui::draw(a.session, a.view);
    ImGui::Render();
    a.page.build_times.add(static_cast<float>(now_ms() - frame_start));
    // A frame that met glyphs the font atlas lacks (new Chinese text) is not shown: the canvas keeps
    // the last one, and the next frame, with the atlas rebuilt, draws them (a picture asked for now
    // is taken from this frame, so it is drawn anyway). Its training requests and report still go out.
    // Nor is a frame whose scroll moves in the next (a stage opening scrolled back to its title).
    const bool held_back = (capiton::ui::fonts_outdated() || capiton::ui::scrolls_next_frame()) && a.view.export_kind.empty();
    float bg[3];
    capiton::ui::clear_colour(bg);
    if (!held_back && worth_drawing(a, bg)) {
        int w = 0, h = 0;
        SDL_GL_GetDrawableSize(a.window, &w, &h);
        glViewport(0, 0, w, h);
        glClearColor(bg[0], bg[1], bg[2], 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        capiton::app::imgui_gl_render(ImGui::GetDrawData());
        SDL_GL_SwapWindow(a.window);
        if (++a.frames == 1) page_event("firstFrame");
    }
    capiton::app::imgui_gl_end_frame();
    send_training_requests(a);
    report_to_page(a);
    report_text_field(a);
    a.page.frame_times.add(static_cast<float>(now_ms() - frame_start));
}

#ifdef __EMSCRIPTEN__
void web_frame(void* arg) { frame(*static_cast<App*>(arg)); }
#endif

// A language given at start-up: changing it re-cuts the default sentence, so only when it differs.
void set_language(App& a, capiton::Language lang) {
    if (lang != a.session.prefs().language) a.session.set_language(lang);
}

// The command line (see the top of this file). Returns the link's fragment ("" without one).
std::string read_arguments(App& a, int argc, char** argv) {
    std::string fragment;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        const auto value = [&](std::string_view flag) -> std::optional<std::string_view> {
            if (arg.rfind(flag, 0) != 0) return std::nullopt;
            return arg.substr(flag.size());
        };
        if (const auto lang = value("--lang=")) set_language(a, capiton::language_for_tag(*lang));
        else if (arg == "--theme=dark") a.session.set_theme(capiton::Theme::Dark);
        else if (const auto answers = value("--answers=")) a.stored_answers = std::string(*answers);  // after the link
        else if (arg == "--embed") a.view.embedded = true;
        else if (const auto url = value("--page-url=")) a.view.page_url = std::string(*url);
        else if (const auto url2 = value("--embed-url=")) a.view.embed_url = std::string(*url2);
        else if (const auto link = value("--query-link=")) a.query_link = std::string(*link);
        else if (!arg.empty() && arg[0] == '#') fragment = std::string(arg);
        else warn({"Unknown argument \"" + std::string(arg.substr(0, 40)) + "\"; it was ignored."});
    }
    return fragment;
}

}  // namespace

// ---- the page's one way in (web/capiton-page.js, command()) -------------------------------------
extern "C" {
#ifdef __EMSCRIPTEN__
#define CAPITON_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define CAPITON_EXPORT
#endif

// A command of the core's table as JSON text; the reply as JSON text, valid until the next call.
CAPITON_EXPORT const char* capiton_command(const char* json) {
    g_app->reply = capiton::run_command(g_app->page, json);
    send_training_requests(*g_app);
    return g_app->reply.c_str();
}

// From the training worker (web/capiton-page.js): a snapshot (core/training_wire.h), or
// {"unavailable": reason} when the worker could not start: training then steps here, from step 0.
CAPITON_EXPORT void capiton_training_message(const char* json) {
    if (std::string_view(json).rfind("{\"unavailable\"", 0) == 0) {
        g_app->session.set_training_place(capiton::TrainingPlace::Here);
        warn({"training runs in the page itself (slower): the training worker is unavailable."});
        return;
    }
    const double start = now_ms();
    if (capiton::Status s = g_app->session.training_snapshot(json); !s.ok()) warn({s.error});
    g_app->between_frames_ms += now_ms() - start;  // counted in the next frame's time
}

// The poem model's preset file the app asked for (page event needPoems): its bytes (the caller frees
// them after the call), or null and why it could not be had.
CAPITON_EXPORT void capiton_poems_preset(const unsigned char* data, int size, const char* error) {
    if (data && size > 0) {
        const std::string_view bytes(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
        if (capiton::Status s = g_app->session.load_poem_preset(bytes); !s.ok()) warn({s.error});
    } else {
        g_app->session.poem_preset_failed(error && *error ? error : "no file");
    }
}

// Text the page's textarea received while a text field was active (report_text_field): what an input
// method composed, what a phone's keyboard sent, or a paste; '\b' and '\r' for a phone keyboard's
// Backspace and Enter (the page keeps control characters out of the rest). Handed on by take_typed.
CAPITON_EXPORT void capiton_text_typed(const char* utf8) {
    if (utf8) g_app->typed += utf8;
}

// 1 when a Tab (shift: Shift+Tab) pressed now leaves the app: the page then lets the browser move the
// focus out of the canvas (to the course page around a frame) instead of handing the key to SDL.
CAPITON_EXPORT int capiton_tab_leaves(int shift) { return capiton::ui::leave_ring(shift != 0) ? 1 : 0; }

// 1 when a mouse wheel turned now (down: 1) has nothing left to scroll in the app (ui::wheel_passes): the
// page then lets the browser scroll the page around it instead of handing the wheel to SDL.
CAPITON_EXPORT int capiton_wheel_passes(int down) { return capiton::ui::wheel_passes(down != 0) ? 1 : 0; }

// The Chinese font file the app asked for (page event needFont): its bytes, allocated with malloc by
// the page and kept for the session; null when it could not be had. 0 when the bytes are not a font
// (the page then frees them and reports it as a failed download), 1 otherwise.
CAPITON_EXPORT int capiton_chinese_font(unsigned char* data, int size) {
    return capiton::ui::set_chinese_font(data, data && size > 0 ? static_cast<std::size_t>(size) : 0) ? 1 : 0;
}
}

int main(int argc, char** argv) {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "capiton: SDL_Init failed: %s\n", SDL_GetError());
        return 1;
    }
#ifdef __EMSCRIPTEN__
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    const bool gles = true;
#else
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    const bool gles = false;
#endif
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    static App app;
    g_app = &app;
    app.host.view = &app.view;
    app.window = SDL_CreateWindow("capiton \xe2\x80\x94 attention, number by number", SDL_WINDOWPOS_CENTERED,
                                  SDL_WINDOWPOS_CENTERED, 1280, 800,
                                  SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!app.window) {
        std::fprintf(stderr, "capiton: could not create a window: %s\n", SDL_GetError());
        return 1;
    }
    app.gl = SDL_GL_CreateContext(app.window);
    if (!app.gl) {
        std::fprintf(stderr, "capiton: could not create an OpenGL context: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_MakeCurrent(app.window, app.gl);
    SDL_GL_SetSwapInterval(1);
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &app.host.max_texture);
    if (app.host.max_texture < 2048) app.host.max_texture = 2048;  // what every WebGL 2 and GL 3 context offers

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing to remember between visits yet
    capiton::ui::setup_style();
    // Natively the language comes from $LANG unless --lang says otherwise (the web passes the browser's).
    if (const char* env = SDL_getenv("LANG")) set_language(app, capiton::language_for_tag(env));
    const std::string fragment = read_arguments(app, argc, argv);
#ifdef __EMSCRIPTEN__
    app.view.has_guide = true;  // capiton-guide.html beside the page (the desktop has docs/embed.md)
#endif
    std::string text_error;
    if (!capiton::ui::init(app.session, &text_error)) {
        std::fprintf(stderr, "capiton: the lesson texts are malformed: %s\n", text_error.c_str());
        return 1;
    }
    // A link's fragment (index.html#stage=softmax&lang=zh…) sets the starting state.
    if (!fragment.empty()) warn(capiton::apply_link(app.session, fragment, &app.page.allow));
    // …and its keys written after "?" instead, which the page found: said first
    if (!app.query_link.empty()) warn({capiton::note_query_keys(app.session, app.query_link)});
    // The answers of the last visit, once the link has set the sentence, the followed word and the model
    // their questions depend on (each comes back only to the question it answered)
    app.session.restore_answers(app.stored_answers);
    app.saved_answers = app.stored_answers;  // written back at the first frame if it reads otherwise now
    ImGui_ImplSDL2_InitForOpenGL(app.window, app.gl);
#ifdef __EMSCRIPTEN__
    // Ctrl+C and Ctrl+X in a text field reach the browser's clipboard (SDL 2 keeps its own on the web);
    // Ctrl+V and Shift+Insert are the browser's own paste (web/capiton-typing.js), so the app pastes
    // from its copy only when the page's textarea is not focused.
    io.SetClipboardTextFn = [](void*, const char* text) {
        g_app->clipboard = text ? text : "";
        capiton::json::Writer w;
        page_event("clipboard", w.begin_object().key("text").string(g_app->clipboard).end_object().text());
    };
    io.GetClipboardTextFn = [](void*) { return g_app->clipboard.c_str(); };
#endif
    capiton::app::imgui_gl_init(gles);
    capiton::app::heatmap_init(gles);
    capiton::ui::set_heatmap_painter(capiton::app::heatmap_paint);

#ifndef __EMSCRIPTEN__
    try {
        app.trainer = std::make_unique<capiton::TrainingThread>(std::string(CAPITON_POEMS_DIR) + "/poems-train.tsv",
                                                                 std::string(CAPITON_POEMS_DIR) + "/poems-held.tsv");
        app.session.set_training_place(capiton::TrainingPlace::Worker);
    } catch (const std::system_error& e) {
        warn({std::string("training runs between frames (slower): no thread for it (") + e.what() + ")."});
    }
#endif
#ifdef __EMSCRIPTEN__
    app.session.set_training_place(capiton::TrainingPlace::Worker);
    // The first frame now rather than at the next animation frame: the page is shown sooner.
    frame(app);
    emscripten_set_main_loop_arg(web_frame, &app, 0, true);
#else
    while (!app.quit) frame(app);
    app.trainer.reset();
    capiton::app::heatmap_shutdown();
    capiton::app::imgui_gl_shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(app.gl);
    SDL_DestroyWindow(app.window);
    SDL_Quit();
#endif
    return 0;
}
