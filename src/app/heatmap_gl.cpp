#include "heatmap_gl.h"

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "frame_hash.h"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
extern "C" int capiton_gl_program_pending(GLuint program);  // 1, 0, or -1: unknown (src/app/library_webgl.js)
#else
#define GL_GLEXT_PROTOTYPES 1
#include <SDL_opengl.h>
#endif

namespace capiton::app {

extern const char kHeatmapVert[];  // shaders/heatmap.vert, embedded at build time (shaders.cpp)
extern const char kHeatmapFrag[];

namespace {

struct Job {  // one grid of one frame
    ui::HeatmapCells cells;
    std::vector<float> values;
    GLuint texture = 0;
};

GLuint g_program = 0, g_vao = 0;
GLint u_rect, u_values, u_grid, u_cell_px, u_gap_px, u_radius_px, u_max_abs, u_palette, u_dim_row, u_base, u_dim,
    u_masked, u_positive, u_negative, u_weight, u_signed_gamma, u_weight_gamma, u_dim_amount;
std::vector<std::unique_ptr<Job>> g_jobs;  // reused from frame to frame
std::size_t g_used = 0;

void report(const std::string& what) {
#ifdef __EMSCRIPTEN__
    EM_ASM({ console.error(UTF8ToString($0)); }, what.c_str());
#else
    std::fprintf(stderr, "%s\n", what.c_str());
#endif
}

// Desktop GL 3.0 has no "#version 300 es": the shaders use only what GLSL 1.30 also has.
std::string source_for(const char* src, bool gles) {
    std::string s(src);
    if (!gles && s.rfind("#version 300 es", 0) == 0) s.replace(0, 15, "#version 130");
    return s;
}

GLuint compile(GLenum type, const char* src, bool gles) {
    const std::string text = source_for(src, gles);
    const char* p = text.c_str();
    GLuint sh = glCreateShader(type);
    glShaderSource(sh, 1, &p, nullptr);
    glCompileShader(sh);
    return sh;
}

// True when the shader compiled; else says why.
bool compiled(GLuint sh) {
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (ok) return true;
    char log[1024] = {};
    glGetShaderInfoLog(sh, sizeof log, nullptr, log);
    report(std::string("capiton: heatmap shader did not compile: ") + log);
    return false;
}

// The shaders are compiled and linked at start but their status is asked only when a grid is first
// painted: asking waits for the GPU to finish compiling (in the browser, a round trip to the GPU
// process: 20–100 ms of the first frame in software rendering). In the browser it is asked only once
// the program is done (heatmap_ready); until then the UI draws the grids itself, in the same colours.
GLuint g_vs = 0, g_fs = 0;
bool g_checked = false;

bool finish_program() {
    if (g_checked) return g_program != 0;
    g_checked = true;
    const bool ok_shaders = compiled(g_vs) && compiled(g_fs);
    glDeleteShader(g_vs);
    glDeleteShader(g_fs);
    g_vs = g_fs = 0;
    GLint ok = 0;
    if (ok_shaders) glGetProgramiv(g_program, GL_LINK_STATUS, &ok);
    if (ok_shaders && !ok) {
        char log[1024] = {};
        glGetProgramInfoLog(g_program, sizeof log, nullptr, log);
        report(std::string("capiton: heatmap shaders did not link: ") + log);
    }
    if (!ok) {
        glDeleteProgram(g_program);
        g_program = 0;
        return false;
    }
    u_rect = glGetUniformLocation(g_program, "u_rect");
    u_values = glGetUniformLocation(g_program, "u_values");
    u_grid = glGetUniformLocation(g_program, "u_grid");
    u_cell_px = glGetUniformLocation(g_program, "u_cell_px");
    u_gap_px = glGetUniformLocation(g_program, "u_gap_px");
    u_radius_px = glGetUniformLocation(g_program, "u_radius_px");
    u_max_abs = glGetUniformLocation(g_program, "u_max_abs");
    u_palette = glGetUniformLocation(g_program, "u_palette");
    u_dim_row = glGetUniformLocation(g_program, "u_dim_row");
    u_base = glGetUniformLocation(g_program, "u_base");
    u_dim = glGetUniformLocation(g_program, "u_dim");
    u_masked = glGetUniformLocation(g_program, "u_masked");
    u_positive = glGetUniformLocation(g_program, "u_positive");
    u_negative = glGetUniformLocation(g_program, "u_negative");
    u_weight = glGetUniformLocation(g_program, "u_weight");
    u_signed_gamma = glGetUniformLocation(g_program, "u_signed_gamma");
    u_weight_gamma = glGetUniformLocation(g_program, "u_weight_gamma");
    u_dim_amount = glGetUniformLocation(g_program, "u_dim_amount");
    glGenVertexArrays(1, &g_vao);  // no attributes: the vertex shader builds the quad from gl_VertexID
    return true;
}

void draw_job(const ImDrawList*, const ImDrawCmd* cmd) {
    const Job& j = *static_cast<const Job*>(cmd->UserCallbackData);
    const ImDrawData* dd = ImGui::GetDrawData();
    const ImVec2 pos = dd->DisplayPos, size = dd->DisplaySize, scale = dd->FramebufferScale;
    const float fb_h = size.y * scale.y;
    // The clip rectangle that was current when the grid was drawn (scrolling children clip it).
    const ImVec4 clip = cmd->ClipRect;
    const float cx0 = (clip.x - pos.x) * scale.x, cy0 = (clip.y - pos.y) * scale.y;
    const float cx1 = (clip.z - pos.x) * scale.x, cy1 = (clip.w - pos.y) * scale.y;
    if (cx1 <= cx0 || cy1 <= cy0) return;
    glEnable(GL_SCISSOR_TEST);
    glScissor(static_cast<GLint>(cx0), static_cast<GLint>(fb_h - cy1), static_cast<GLsizei>(cx1 - cx0),
              static_cast<GLsizei>(cy1 - cy0));

    const ui::HeatmapCells& c = j.cells;
    const float gx0 = c.x0, gy0 = c.y0;
    const float gx1 = c.x0 + c.cell_w * static_cast<float>(c.cols), gy1 = c.y0 + c.cell_h * static_cast<float>(c.rows);
    const auto ndc_x = [&](float x) { return (x - pos.x) / size.x * 2.0f - 1.0f; };
    const auto ndc_y = [&](float y) { return 1.0f - (y - pos.y) / size.y * 2.0f; };

    glUseProgram(g_program);
    glBindVertexArray(g_vao);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, j.texture);
    glUniform4f(u_rect, ndc_x(gx0), ndc_y(gy0), ndc_x(gx1), ndc_y(gy1));
    glUniform1i(u_values, 0);
    glUniform2f(u_grid, static_cast<float>(c.cols), static_cast<float>(c.rows));
    glUniform2f(u_cell_px, c.cell_w * scale.x, c.cell_h * scale.y);
    glUniform1f(u_gap_px, c.gap * scale.x);
    glUniform1f(u_radius_px, c.radius * scale.x);
    glUniform1f(u_max_abs, c.max_abs);
    glUniform1i(u_palette, c.palette);
    glUniform1i(u_dim_row, c.dim_except_row);
    glUniform3f(u_base, c.base[0], c.base[1], c.base[2]);
    glUniform3f(u_dim, c.dim[0], c.dim[1], c.dim[2]);
    glUniform3f(u_masked, c.masked[0], c.masked[1], c.masked[2]);
    glUniform3f(u_positive, c.positive[0], c.positive[1], c.positive[2]);
    glUniform3f(u_negative, c.negative[0], c.negative[1], c.negative[2]);
    glUniform3f(u_weight, c.weight[0], c.weight[1], c.weight[2]);
    glUniform1f(u_signed_gamma, c.signed_gamma);
    glUniform1f(u_weight_gamma, c.weight_gamma);
    glUniform1f(u_dim_amount, c.dim_amount);
    glDrawArrays(GL_TRIANGLES, 0, 6);
}

bool g_gles = true, g_started = false;
int g_frame = 0, g_started_frame = 0;  // frames begun, and the one in which the shaders were compiled
constexpr int kStatusDelayFrames = 2;  // in a browser that cannot say whether they are done

void start_program() {
    g_started = true;
    g_started_frame = g_frame;
    g_vs = compile(GL_VERTEX_SHADER, kHeatmapVert, g_gles);
    g_fs = compile(GL_FRAGMENT_SHADER, kHeatmapFrag, g_gles);
    g_program = glCreateProgram();
    glAttachShader(g_program, g_vs);
    glAttachShader(g_program, g_fs);
    glLinkProgram(g_program);
    g_checked = false;
}
}  // namespace

void heatmap_init(bool gles) {
    g_gles = gles;
    g_started = false;
}

bool heatmap_ready() {
    if (!g_started) start_program();
    if (!g_program) return false;
#ifdef __EMSCRIPTEN__
    if (!g_checked) {
        const int pending = capiton_gl_program_pending(g_program);
        if (pending > 0 || (pending < 0 && g_frame < g_started_frame + kStatusDelayFrames)) return false;
    }
#endif
    return finish_program();
}

std::uint64_t heatmap_frame_hash() {
    std::uint64_t h = kHashStart;
    for (std::size_t k = 0; k < g_used; ++k) {
        const Job& j = *g_jobs[k];
        // every field after the values pointer: ints and floats, no padding between them
        constexpr std::size_t from = offsetof(ui::HeatmapCells, rows);
        constexpr std::size_t to = offsetof(ui::HeatmapCells, dim_amount) + sizeof(float);
        h = hash_bytes(h, reinterpret_cast<const char*>(&j.cells) + from, to - from);
        h = hash_bytes(h, j.values.data(), j.values.size() * sizeof(float));
    }
    return h;
}

void heatmap_begin_frame() {
    g_used = 0;
    ++g_frame;
}

bool heatmap_paint(ImDrawList* dl, const ui::HeatmapCells& cells) {
    if (!heatmap_ready() || cells.rows <= 0 || cells.cols <= 0) return false;
    if (g_used == g_jobs.size()) {
        auto job = std::make_unique<Job>();
        glGenTextures(1, &job->texture);
        glBindTexture(GL_TEXTURE_2D, job->texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        g_jobs.push_back(std::move(job));
    }
    Job& j = *g_jobs[g_used++];
    j.cells = cells;
    j.values.assign(cells.values, cells.values + static_cast<std::size_t>(cells.rows) * cells.cols);
    j.cells.values = j.values.data();
    // Upload now (outside rendering): texel (col, row) holds value [row][col].
    glBindTexture(GL_TEXTURE_2D, j.texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, cells.cols, cells.rows, 0, GL_RED, GL_FLOAT, j.values.data());
    dl->AddCallback(draw_job, &j);
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);  // ImGui restores its own GL state
    return true;
}

void heatmap_shutdown() {
    for (auto& j : g_jobs) glDeleteTextures(1, &j->texture);
    g_jobs.clear();
    if (g_vao) glDeleteVertexArrays(1, &g_vao);
    if (g_program) glDeleteProgram(g_program);
    if (g_vs) glDeleteShader(g_vs);
    if (g_fs) glDeleteShader(g_fs);
    g_program = g_vao = g_vs = g_fs = 0;
    g_started = false;
}

}  // namespace capiton::app
