// capiton app: SDL2 window + OpenGL (ES 3.0 = WebGL2 on the web, 3.0 core natively) + Dear ImGui.
// The only file that touches SDL, GL or Emscripten. One frame() serves both main loops.
//
// On the web it also exports the page hook's C side (see web/capiton-page.js):
//   capiton_state()          -> JSON of Session::state_json()
//   capiton_go_to(id)        -> {"ok":true} or {"ok":false,"error":"…"}
//   capiton_set_sentence(s)  -> same shape
#include <SDL.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#else
#include <SDL_opengl.h>
#endif

#include "core/explain.h"
#include "core/fragment.h"
#include "core/json.h"
#include "core/session.h"
#include "heatmap_gl.h"
#include "ui/ui.h"

namespace {

struct App {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    capiton::Session session;
    capiton::ui::View view;
    float pixel_ratio = 0.0f;  // fonts were built for this ratio (device pixels per UI unit)
    float zoom = 1.0f;         // CSS pixels per UI unit (ui_zoom × pinch, in quarter steps)
    float pinch = 1.0f;        // the student's own zoom, by pinching with two fingers
    long frames = 0;
    bool quit = false;
    bool heatmap_gpu = false;
    std::string reply;  // storage for strings handed to JavaScript
    std::string saved_answers;  // what localStorage holds
    std::string fragment;       // the state as a URL fragment, as last reported to the page
    std::vector<std::string> allow;  // origins the link allows to send commands (empty: the page decides)
    int train_steps = 4;             // training steps per frame (adapted to an ~8 ms budget)
    int race_steps = 1;              // the same for the √d_k race
};

App* g_app = nullptr;

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

// Runs `steps` steps of some training through `run`, then adapts `steps` so that a slice takes about
// `budget_ms` (doubling when under half of it, halving when over one and a half times it).
template <class Run>
void train_slice(int& steps, double budget_ms, Run run) {
    const Uint64 start = SDL_GetPerformanceCounter();
    run(steps);
    const double ms = 1000.0 * static_cast<double>(SDL_GetPerformanceCounter() - start) /
                      static_cast<double>(SDL_GetPerformanceFrequency());
    if (ms < 0.5 * budget_ms) steps = std::min(steps * 2, 256);
    else if (ms > 1.5 * budget_ms) steps = std::max(steps / 2, 1);
}

void frame(App& a) {
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
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
    a.zoom = std::max(0.5f, std::round(ui_zoom(a.window) * a.pinch * 4.0f) / 4.0f);
    const float ratio = drawable_ratio(a.window) * a.zoom;
    // First frame, a screen with another DPI, or new Chinese characters on screen.
    if (ratio != a.pixel_ratio || capiton::ui::fonts_outdated()) {
        capiton::ui::load_fonts(ratio);
        // Before the first frame the backend creates the texture itself. After it, ImGui 1.86's
        // NewFrame recreates only missing shaders, not a destroyed font texture: do it here, or
        // every glyph (and the white pixel the backgrounds use) would sample texture 0.
        if (a.frames > 0) {
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
        a.pixel_ratio = ratio;
    }
    // Training runs between frames, in slices sized to take about 8 ms (the page stays at 60 fps on
    // this machine; a slower one trains slower, never drops below 30 fps for it). The √d_k race (two
    // models at d_k = 256) has its own slice size; when both run they share the budget.
    const bool training = a.session.training() && a.session.training()->running;
    const bool racing = a.session.race_running();
    if (training) train_slice(a.train_steps, racing ? 4.0 : 8.0, [&](int n) { a.session.train_slice(n); });
    if (racing) train_slice(a.race_steps, training ? 4.0 : 8.0, [&](int n) { a.session.race_slice(n); });
    capiton::app::heatmap_begin_frame();
    ImGui_ImplOpenGL3_NewFrame();
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
    ImGui::NewFrame();
    capiton::ui::draw(a.session, a.view);
    ImGui::Render();

    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(a.window, &w, &h);
    glViewport(0, 0, w, h);
    float bg[3];
    capiton::ui::clear_colour(bg);
    glClearColor(bg[0], bg[1], bg[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(a.window);

#ifdef __EMSCRIPTEN__
    // Keep the student's answers across visits. Storage may be unavailable (private modes, sandboxed
    // iframes): then answers last for the visit only, silently.
    if (a.session.answers_text() != a.saved_answers) {
        a.saved_answers = a.session.answers_text();
        EM_ASM({ try { localStorage.setItem("capiton.answers", UTF8ToString($0)); } catch (e) {} },
               a.saved_answers.c_str());
    }
#endif
#ifdef __EMSCRIPTEN__
    // Export: the file is made by the page. The PNG is taken now, in the same task as the drawing
    // (WebGL keeps the drawn picture only until the frame is handed to the browser).
    if (!a.view.export_kind.empty()) {
        EM_ASM({
            const name = UTF8ToString($0);  /* no top-level commas in EM_ASM code */
            const kind = UTF8ToString($1);
            const save = (blob) => {
                if (!blob) { console.warn("capiton: the picture could not be made."); return; }
                const a = document.createElement("a");
                a.href = URL.createObjectURL(blob);
                a.download = name;
                document.body.appendChild(a);
                a.click();
                a.remove();
                setTimeout(() => URL.revokeObjectURL(a.href), 10000);
            };
            if (kind === "png") Module.canvas.toBlob(save, "image/png");
            else save(new Blob([UTF8ToString($2)], {type: kind === "csv" ? "text/csv;charset=utf-8" : "application/json"}));
        }, a.view.export_name.c_str(), a.view.export_kind.c_str(), a.view.export_text.c_str());
        a.view.export_kind.clear();
        a.view.export_text.clear();
    }
    // Share / embed: the page writes the clipboard (and reports back whether it could).
    if (!a.view.copy_request.empty()) {
        a.view.copy_failed = false;
        EM_ASM({
            const text = UTF8ToString($0);
            const done = (ok) => Module._capiton_copy_done(ok);
            if (navigator.clipboard && navigator.clipboard.writeText)
                navigator.clipboard.writeText(text).then(() => done(1), () => done(0));
            else
                done(0);
        }, a.view.copy_request.c_str());
        a.view.copy_request.clear();
    }
#endif
    // The state that a link can carry: when it changes, the page updates the address (and tells an
    // embedding page).
    const std::string fragment = capiton::fragment_of(a.session, a.allow);
    if (fragment != a.fragment) {
        a.fragment = fragment;
#ifdef __EMSCRIPTEN__
        EM_ASM({ if (Module.onStateChanged) Module.onStateChanged(UTF8ToString($0), UTF8ToString($1)); },
               fragment.c_str(), capiton::stage_id(a.session.stage()));
#endif
    }
    if (++a.frames == 1) {
#ifdef __EMSCRIPTEN__
        EM_ASM({ if (Module.onFirstFrame) Module.onFirstFrame(); });
#endif
    }
}

#ifdef __EMSCRIPTEN__
void web_frame(void* arg) { frame(*static_cast<App*>(arg)); }
#endif

// A link's fragment: the language through the UI (a default sentence follows it), the rest in core.
// Returns why any part was not used.
std::vector<std::string> apply_link(App& a, std::string_view text) {
    const capiton::Fragment f = capiton::parse_fragment(text);
    std::vector<std::string> warnings = f.warnings;
    if (f.lang) {
        const capiton::Status st = capiton::ui::set_language(a.session, f.lang->c_str());
        if (!st.ok()) warnings.push_back("The link's language was not used: " + st.error);
    }
    capiton::apply_fragment(a.session, f, &warnings);
    if (f.allow) a.allow = *f.allow;
    return warnings;
}

void warn_in_console(const std::vector<std::string>& warnings) {
    for (const std::string& w : warnings) {
#ifdef __EMSCRIPTEN__
        EM_ASM({ console.warn("capiton: " + UTF8ToString($0)); }, w.c_str());
#else
        std::fprintf(stderr, "capiton: %s\n", w.c_str());
#endif
    }
}

const char* reply_status(const capiton::Status& st) {
    g_app->reply = st.ok() ? "{\"ok\":true}" : "{\"ok\":false,\"error\":";
    if (!st.ok()) {
        capiton::json::append_string(g_app->reply, st.error);
        g_app->reply += '}';
    }
    return g_app->reply.c_str();
}

}  // namespace

// ---- the page hook's C side (called from web/capiton-page.js) --------------------------------
extern "C" {
#ifdef __EMSCRIPTEN__
#define CAPITON_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define CAPITON_EXPORT
#endif

CAPITON_EXPORT const char* capiton_state() {
    g_app->reply = g_app->session.state_json();
    return g_app->reply.c_str();
}

CAPITON_EXPORT const char* capiton_go_to(const char* stage) { return reply_status(g_app->session.go_to(stage)); }

CAPITON_EXPORT const char* capiton_set_sentence(const char* text) {
    return reply_status(g_app->session.set_sentence(text));
}

CAPITON_EXPORT const char* capiton_set_layer(const char* layer, int on) {
    return reply_status(g_app->session.set_layer(layer, on != 0));
}

CAPITON_EXPORT const char* capiton_set_theme(const char* theme) {
    return reply_status(g_app->session.set_theme(theme));
}

CAPITON_EXPORT const char* capiton_set_language(const char* lang) {
    return reply_status(capiton::ui::set_language(g_app->session, lang));
}

// A URL fragment (the page's hashchange): {"ok":true,"warnings":[…]} (what was not used, in English).
CAPITON_EXPORT const char* capiton_apply_fragment(const char* text) {
    const std::vector<std::string> warnings = apply_link(*g_app, text);
    g_app->reply = "{\"ok\":true,\"warnings\":";
    capiton::json::append_strings(g_app->reply, warnings);
    g_app->reply += '}';
    return g_app->reply.c_str();
}

// The origins the link's "allow" key listed (a JSON array; empty when it had none).
CAPITON_EXPORT const char* capiton_allowed_origins() {
    g_app->reply.clear();
    capiton::json::append_strings(g_app->reply, g_app->allow);
    return g_app->reply.c_str();
}

// setParam: "dk", "t" or "mask" with its value as text, checked exactly like the same key in a link.
CAPITON_EXPORT const char* capiton_set_param(const char* name, const char* value) {
    const std::string_view n(name);
    if (n != "dk" && n != "t" && n != "mask") return reply_status({"Unknown parameter: use \"dk\", \"t\" or \"mask\"."});
    const capiton::Fragment f = capiton::parse_fragment(std::string(n) + "=" + capiton::percent_encode(value));
    if (!f.warnings.empty()) return reply_status({f.warnings.front()});
    std::vector<std::string> warnings;
    capiton::apply_fragment(g_app->session, f, &warnings);
    return reply_status({warnings.empty() ? std::string() : warnings.front()});
}

// The hidden DOM mirror for screen readers: ui::accessible_json of the last frame.
CAPITON_EXPORT const char* capiton_accessible() {
    g_app->reply = capiton::ui::accessible_json();
    return g_app->reply.c_str();
}

// The keyboard ring's focus (ui::keyboard_focus) as a JSON string, "" for none.
CAPITON_EXPORT const char* capiton_keyboard_focus() {
    g_app->reply.clear();
    capiton::json::append_string(g_app->reply, capiton::ui::keyboard_focus());
    return g_app->reply.c_str();
}

// Training: start (or resume) a task, pause, load a task's trained weights.
CAPITON_EXPORT const char* capiton_train(const char* task) { return reply_status(g_app->session.train(task)); }
CAPITON_EXPORT void capiton_pause() { g_app->session.pause(); }
CAPITON_EXPORT const char* capiton_load_preset(const char* task) {
    return reply_status(g_app->session.load_preset(task));
}

// Whether the page could write the clipboard for the share popup.
CAPITON_EXPORT void capiton_copy_done(int ok) { g_app->view.copy_failed = ok == 0; }

// {"matrix":…,"row":…,"col":…} of the cell under the pointer, or null.
CAPITON_EXPORT const char* capiton_hover() {
    const char* matrix = nullptr;
    int row = 0, col = 0;
    if (!capiton::ui::hovered_cell(&matrix, &row, &col)) return "null";
    g_app->reply = "{\"matrix\":";
    capiton::json::append_string(g_app->reply, matrix);
    g_app->reply += ",\"row\":" + std::to_string(row) + ",\"col\":" + std::to_string(col) + "}";
    return g_app->reply.c_str();
}

// How one cell was computed: capiton::explanation_json, or {"ok":false,"error":…}.
CAPITON_EXPORT const char* capiton_explain(const char* matrix, int row, int col) {
    capiton::MatrixId id;
    capiton::Explanation e;
    if (!capiton::matrix_from_name(matrix, &id))
        return reply_status({"Unknown matrix name. Known: embedding, position, X, W_Q, W_K, W_V, Q, K, V, scores, "
                             "scaled, masked, weights, output."});
    if (!capiton::explain(g_app->session, id, row, col, &e)) return reply_status({"No such cell in that matrix."});
    g_app->reply = capiton::explanation_json(e);
    return g_app->reply.c_str();
}

// Test hook: {"x":…,"y":…,"w":…,"h":…} of a widget in the last frame (ui::widget_rect), or null.
CAPITON_EXPORT const char* capiton_debug_rect(const char* id) {
    capiton::ui::WidgetRect r;
    if (!capiton::ui::widget_rect(id, &r)) return "null";
    char buf[128];
    const double z = g_app->zoom;  // in CSS pixels, as the page (and a test's mouse) sees them
    std::snprintf(buf, sizeof buf, "{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", z * r.x, z * r.y, z * r.w,
                  z * r.h);
    g_app->reply = buf;
    return g_app->reply.c_str();
}

// 1 when the grids are painted by shaders/heatmap.frag, 0 when the UI fell back to drawing them.
CAPITON_EXPORT int capiton_heatmap_gpu() { return g_app->heatmap_gpu ? 1 : 0; }
}

int main(int argc, char** argv) {
#ifdef __EMSCRIPTEN__
    (void)argc;  // the web build reads its fragment from location.hash
    (void)argv;
#endif
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "capiton: SDL_Init failed: %s\n", SDL_GetError());
        return 1;
    }
#ifdef __EMSCRIPTEN__
    const char* glsl_version = "#version 300 es";
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
    const char* glsl_version = "#version 130";
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#endif
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    static App app;
    g_app = &app;
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

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing to remember between visits yet
    capiton::ui::setup_style();
#ifdef __EMSCRIPTEN__
    // The browser's preferred language picks the first language (the page may change it later).
    char browser_lang[16] = {};
    EM_ASM({ stringToUTF8((navigator.language || "en").slice(0, 15), $0, 16); }, browser_lang);
    const bool prefers_dark = EM_ASM_INT({ return window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ? 1 : 0; });
    if (prefers_dark) (void)app.session.set_theme("dark");
#else
    const char* env_lang = SDL_getenv("LANG");
    char browser_lang[16] = {};
    std::snprintf(browser_lang, sizeof browser_lang, "%s", env_lang ? env_lang : "en");
#endif
#ifdef __EMSCRIPTEN__
    char stored[512] = {};
    EM_ASM({ try { stringToUTF8(localStorage.getItem("capiton.answers") || "", $0, 512); } catch (e) {} }, stored);
    app.session.restore_answers(stored);
    app.saved_answers = app.session.answers_text();
#endif
    std::string text_error;
    if (!capiton::ui::init(app.session, browser_lang, &text_error)) {
        std::fprintf(stderr, "capiton: the lesson texts are malformed: %s\n", text_error.c_str());
        return 1;
    }
#ifdef __EMSCRIPTEN__
    // A link's fragment (index.html#stage=softmax&lang=zh…) sets the starting state; embed.html (marked
    // <html data-embed>) shows the app with less chrome.
    const int hash_size = EM_ASM_INT({ return lengthBytesUTF8(location.hash) + 1; });
    if (hash_size > static_cast<int>(capiton::kMaxFragmentBytes) + 2) {  // not even copied
        warn_in_console({"The link's fragment is longer than 8192 characters; all of it was ignored."});
    } else {
        std::string hash(static_cast<std::size_t>(hash_size), '\0');
        EM_ASM({ stringToUTF8(location.hash, $0, $1); }, hash.data(), hash_size);
        warn_in_console(apply_link(app, hash.c_str()));
    }
    app.view.embedded = EM_ASM_INT({ return document.documentElement.hasAttribute("data-embed") ? 1 : 0; }) != 0;
    const auto page_string = [](int which) {  // 0: this page's address, 1: embed.html beside it
        const int n = EM_ASM_INT({
            const here = location.origin + location.pathname;
            Module.capitonUrl = $0 ? here.slice(0, here.lastIndexOf("/") + 1) + "embed.html" : here;
            return lengthBytesUTF8(Module.capitonUrl) + 1;
        }, which);
        std::string out(static_cast<std::size_t>(n), '\0');
        EM_ASM({ stringToUTF8(Module.capitonUrl, $0, $1); }, out.data(), n);
        out.resize(static_cast<std::size_t>(n - 1));
        return out;
    };
    app.view.page_url = page_string(0);
    app.view.embed_url = page_string(1);
#else
    // Natively the fragment comes as the first argument: capiton '#stage=softmax&lang=zh'.
    if (argc > 1) warn_in_console(apply_link(app, argv[1]));
#endif
    ImGui_ImplSDL2_InitForOpenGL(app.window, app.gl);
    ImGui_ImplOpenGL3_Init(glsl_version);
#ifdef __EMSCRIPTEN__
    app.heatmap_gpu = capiton::app::heatmap_init(true);
#else
    app.heatmap_gpu = capiton::app::heatmap_init(false);
#endif
    if (app.heatmap_gpu) capiton::ui::set_heatmap_painter(capiton::app::heatmap_paint);

#ifdef __EMSCRIPTEN__
    emscripten_set_main_loop_arg(web_frame, &app, 0, true);
#else
    while (!app.quit) frame(app);
    capiton::app::heatmap_shutdown();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(app.gl);
    SDL_DestroyWindow(app.window);
    SDL_Quit();
#endif
    return 0;
}
