// capiton app: Dear ImGui's draw lists drawn with OpenGL ES 3.0 / WebGL 2 (desktop OpenGL 3.0 natively,
// the same shaders under "#version 130"), in place of ImGui's imgui_impl_opengl3 backend.
//
// What it does differently: it never asks the GPU anything before the first frame is drawn. ImGui's
// backend asks at once whether its shaders compiled and where their inputs are, and in a browser each
// question waits for the GPU process (busy, in software rendering, reading back the frames it has
// composited): 25–45 ms of the first frame. Here the inputs have fixed locations, the projection is a
// constant vertex attribute rather than a uniform, and the program is the one the page made and
// asked about while the .wasm loaded (or, failing that, one asked about once the browser says it is
// done: gl.h). The font atlas is one channel (R8), a quarter of ImGui's RGBA.
// Indices are 16-bit and there is no vertex offset (as with ImGui's backend on WebGL 2): a draw list
// holds at most 65,536 vertices; capiton's grids are painted by heatmap_gl.cpp, not as vertices, and
// ImGui leaves out what is scrolled away: with the longest sentence on a 1920 × 1080 screen the
// largest list has ~10,000 (a browser test checks every stage, through the `drawList` command).
#pragma once

#include <imgui.h>

namespace capiton::app {

void imgui_gl_init(bool gles);  // takes or makes the shader program (status not asked), makes the buffers
void imgui_gl_fonts();          // (re)makes the font texture from ImGui's atlas, after it was (re)built
void imgui_gl_render(const ImDrawData* draw_data);
void imgui_gl_end_frame();      // asks whether the shaders compiled, once that does not wait
// Sets GL's scissor box to a draw command's clip rectangle (UI pixels) in the framebuffer; false, and
// nothing set, when the rectangle is empty. For the renderer and the callbacks that draw (heatmaps).
bool imgui_gl_scissor(const ImDrawData& dd, const ImVec4& clip);
void imgui_gl_shutdown();

}  // namespace capiton::app
