#include "imgui_gl.h"

#include <cstddef>
#include <cstdint>

#include "gl.h"

namespace capiton::app {

extern const char kImguiVert[];  // shaders/imgui.vert, embedded at build time (shaders.cpp)
extern const char kImguiFrag[];

namespace {

// The vertex inputs, at the locations shaders/imgui.vert gives them.
enum Input : GLuint { kPosition = 0, kUv = 1, kColour = 2, kTransform = 3 };

struct Renderer {
    GlProgram program;
    GLuint vao = 0, vertices = 0, indices = 0, atlas = 0;
    int frame = 0;
};
Renderer g;

// The state ImGui's drawing needs; again after a callback (a heatmap) drew with its own.
void set_state(const ImDrawData* dd, int fb_w, int fb_h) {
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glViewport(0, 0, fb_w, fb_h);
    glUseProgram(g.program.id);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(g.vao);
    glBindBuffer(GL_ARRAY_BUFFER, g.vertices);
    // UI pixels (DisplayPos at the top-left, y down) to clip space (-1..1, y up).
    const float l = dd->DisplayPos.x, r = l + dd->DisplaySize.x;
    const float t = dd->DisplayPos.y, b = t + dd->DisplaySize.y;
    glVertexAttrib4f(kTransform, 2.0f / (r - l), 2.0f / (t - b), (r + l) / (l - r), (t + b) / (b - t));
}

}  // namespace

void imgui_gl_init(bool gles) {
    ImGuiIO& io = ImGui::GetIO();
    io.BackendRendererName = "capiton_imgui_gl";
    g.program = gl_start_program("imgui", kImguiVert, kImguiFrag, gles, g.frame);
    glGenVertexArrays(1, &g.vao);
    glGenBuffers(1, &g.vertices);
    glGenBuffers(1, &g.indices);
    glBindVertexArray(g.vao);
    glBindBuffer(GL_ARRAY_BUFFER, g.vertices);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.indices);  // kept by the vertex array
    const auto at = [](std::size_t offset) { return reinterpret_cast<const void*>(offset); };
    glEnableVertexAttribArray(kPosition);
    glEnableVertexAttribArray(kUv);
    glEnableVertexAttribArray(kColour);
    glVertexAttribPointer(kPosition, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(kUv, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(kColour, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, col)));
    glBindVertexArray(0);
}

void imgui_gl_fonts() {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &w, &h);
    if (!g.atlas) glGenTextures(1, &g.atlas);
    glBindTexture(GL_TEXTURE_2D, g.atlas);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(g.atlas)));
}

void imgui_gl_render(const ImDrawData* dd) {
    const int fb_w = static_cast<int>(dd->DisplaySize.x * dd->FramebufferScale.x);
    const int fb_h = static_cast<int>(dd->DisplaySize.y * dd->FramebufferScale.y);
    if (fb_w <= 0 || fb_h <= 0 || !g.program.id) return;
    set_state(dd, fb_w, fb_h);
    constexpr GLenum kIndexType = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
    for (int n = 0; n < dd->CmdListsCount; ++n) {
        const ImDrawList& list = *dd->CmdLists[n];
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(list.VtxBuffer.Size) * sizeof(ImDrawVert),
                     list.VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(list.IdxBuffer.Size) * sizeof(ImDrawIdx),
                     list.IdxBuffer.Data, GL_STREAM_DRAW);
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
                set_state(dd, fb_w, fb_h);
                continue;
            }
            if (cmd.UserCallback) {
                cmd.UserCallback(&list, &cmd);
                continue;
            }
            if (!imgui_gl_scissor(*dd, cmd.ClipRect)) continue;
            glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(cmd.GetTexID())));
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), kIndexType,
                           reinterpret_cast<const void*>(static_cast<std::size_t>(cmd.IdxOffset) * sizeof(ImDrawIdx)));
        }
    }
    glDisable(GL_SCISSOR_TEST);  // the next frame's glClear clears the whole canvas
    glBindVertexArray(0);
}

bool imgui_gl_scissor(const ImDrawData& dd, const ImVec4& clip) {
    const ImVec2 origin = dd.DisplayPos, scale = dd.FramebufferScale;
    const float fb_h = static_cast<float>(static_cast<int>(dd.DisplaySize.y * scale.y));
    const float x0 = (clip.x - origin.x) * scale.x, y0 = (clip.y - origin.y) * scale.y;
    const float x1 = (clip.z - origin.x) * scale.x, y1 = (clip.w - origin.y) * scale.y;
    if (x1 <= x0 || y1 <= y0) return false;
    glScissor(static_cast<GLint>(x0), static_cast<GLint>(fb_h - y1), static_cast<GLsizei>(x1 - x0),
              static_cast<GLsizei>(y1 - y0));  // GL's y is up
    return true;
}

void imgui_gl_end_frame() {
    // asked about this frame's number, then counted: never in the frame that started the program
    if (!g.program.checked && gl_program_done(g.program, g.frame)) gl_finish_program(&g.program, "Dear ImGui");
    ++g.frame;
}

void imgui_gl_shutdown() {
    gl_delete_program(&g.program);
    if (g.vao) glDeleteVertexArrays(1, &g.vao);
    if (g.vertices) glDeleteBuffers(1, &g.vertices);
    if (g.indices) glDeleteBuffers(1, &g.indices);
    if (g.atlas) glDeleteTextures(1, &g.atlas);
    g = Renderer{};
}

}  // namespace capiton::app
