// bench/page-load --stack: two pages below the floor (imgui_floor.cpp), to say which part of the stack
// costs what before a first frame. Built twice:
//   CAPITON_FLOOR_CLEAR   Emscripten's runtime, a WebGL 2 context made with its html5 API, one clear:
//                         what any C++ page costs over the blank page's script
//   (otherwise)           Dear ImGui and its OpenGL 3 backend drawing one window of text in its built-in
//                         font, on the html5 API: the floor without SDL2
// The first frame is marked as the floor marks its own. Never shipped.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>
#ifndef CAPITON_FLOOR_CLEAR
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#endif

namespace {

int g_frames = 0;
double g_w = 0, g_h = 0;  // the canvas's CSS size
double g_dpr = 1;         // device pixels per CSS pixel: the drawing buffer is g_w·g_dpr × g_h·g_dpr (--dpr)

void frame() {
#ifndef CAPITON_FLOOR_CLEAR
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(g_w), static_cast<float>(g_h));
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(g_dpr), static_cast<float>(g_dpr));
    io.DeltaTime = 1.0f / 60.0f;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(20, 20));
    ImGui::Begin("floor", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::TextUnformatted("The smallest Dear ImGui + WebGL 2 page, without SDL2.");
    ImGui::End();
    ImGui::Render();
#endif
    glViewport(0, 0, static_cast<int>(g_w * g_dpr), static_cast<int>(g_h * g_dpr));
    glClearColor(0.96f, 0.96f, 0.94f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
#ifndef CAPITON_FLOOR_CLEAR
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
#endif
    if (++g_frames == 1) EM_ASM({ performance.mark('floor:first-frame'); if (Module.firstFrame) Module.firstFrame(); });
}

}  // namespace

int main() {
    emscripten_get_element_css_size("#canvas", &g_w, &g_h);
    g_dpr = emscripten_get_device_pixel_ratio();
    emscripten_set_canvas_element_size("#canvas", static_cast<int>(g_w * g_dpr), static_cast<int>(g_h * g_dpr));
    EmscriptenWebGLContextAttributes a;
    emscripten_webgl_init_context_attributes(&a);
    a.majorVersion = 2;
    a.alpha = false;
    a.antialias = false;
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = emscripten_webgl_create_context("#canvas", &a);
    if (gl <= 0) return 1;
    emscripten_webgl_make_context_current(gl);
#ifndef CAPITON_FLOOR_CLEAR
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplOpenGL3_Init("#version 300 es");
#endif
    frame();  // the first frame at once, as capiton and the floor draw theirs
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
