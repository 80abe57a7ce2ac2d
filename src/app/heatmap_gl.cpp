#include "heatmap_gl.h"

#include <cstddef>
#include <memory>
#include <vector>

#include <imgui.h>

#include "frame_hash.h"
#include "gl.h"
#include "imgui_gl.h"

namespace capiton::app {

extern const char kHeatmapVert[];  // shaders/heatmap.vert, embedded at build time (shaders.cpp)
extern const char kHeatmapFrag[];

namespace {

struct Job {  // one grid of one frame
    ui::HeatmapCells cells;
    std::vector<float> values;
    GLuint texture = 0;
};

GlProgram g_program;
GLuint g_vao = 0;
GLint u_rect, u_values, u_grid, u_cell_px, u_gap_px, u_radius_px, u_max_abs, u_palette, u_dim_row, u_base, u_dim,
    u_masked, u_positive, u_negative, u_weight, u_signed_gamma, u_weight_gamma, u_dim_amount;
std::vector<std::unique_ptr<Job>> g_jobs;  // reused from frame to frame
std::size_t g_used = 0;

// The shaders are compiled and linked at the first paint, but whether they did is asked only once
// asking does not wait (gl.h); until then the UI draws the grids itself, in the same colours.
bool g_gles = true, g_started = false;
int g_frame = 0;  // frames begun

// Asked once: whether the program compiled and linked (unless the page made it and asked); then
// where its uniforms are.
bool finish_program() {
    if (g_vao) return true;  // done before
    if (!gl_finish_program(&g_program, "heatmap")) return false;
    const GLuint prog = g_program.id;
    u_rect = glGetUniformLocation(prog, "u_rect");
    u_values = glGetUniformLocation(prog, "u_values");
    u_grid = glGetUniformLocation(prog, "u_grid");
    u_cell_px = glGetUniformLocation(prog, "u_cell_px");
    u_gap_px = glGetUniformLocation(prog, "u_gap_px");
    u_radius_px = glGetUniformLocation(prog, "u_radius_px");
    u_max_abs = glGetUniformLocation(prog, "u_max_abs");
    u_palette = glGetUniformLocation(prog, "u_palette");
    u_dim_row = glGetUniformLocation(prog, "u_dim_row");
    u_base = glGetUniformLocation(prog, "u_base");
    u_dim = glGetUniformLocation(prog, "u_dim");
    u_masked = glGetUniformLocation(prog, "u_masked");
    u_positive = glGetUniformLocation(prog, "u_positive");
    u_negative = glGetUniformLocation(prog, "u_negative");
    u_weight = glGetUniformLocation(prog, "u_weight");
    u_signed_gamma = glGetUniformLocation(prog, "u_signed_gamma");
    u_weight_gamma = glGetUniformLocation(prog, "u_weight_gamma");
    u_dim_amount = glGetUniformLocation(prog, "u_dim_amount");
    glGenVertexArrays(1, &g_vao);  // no attributes: the vertex shader builds the quad from gl_VertexID
    return true;
}

void draw_job(const ImDrawList*, const ImDrawCmd* cmd) {
    const Job& j = *static_cast<const Job*>(cmd->UserCallbackData);
    const ImDrawData* dd = ImGui::GetDrawData();
    const ImVec2 pos = dd->DisplayPos, size = dd->DisplaySize, scale = dd->FramebufferScale;
    // The clip rectangle that was current when the grid was drawn (scrolling children clip it).
    if (!imgui_gl_scissor(*dd, cmd->ClipRect)) return;
    glEnable(GL_SCISSOR_TEST);

    const ui::HeatmapCells& c = j.cells;
    const float gx0 = c.x0, gy0 = c.y0;
    const float gx1 = c.x0 + c.cell_w * static_cast<float>(c.cols), gy1 = c.y0 + c.cell_h * static_cast<float>(c.rows);
    const auto ndc_x = [&](float x) { return (x - pos.x) / size.x * 2.0f - 1.0f; };
    const auto ndc_y = [&](float y) { return 1.0f - (y - pos.y) / size.y * 2.0f; };

    glUseProgram(g_program.id);
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

}  // namespace

void heatmap_init(bool gles) {
    g_gles = gles;
    g_started = false;
}

bool heatmap_ready() {
    if (!g_started) {
        g_started = true;
        g_program = gl_start_program("heatmap", kHeatmapVert, kHeatmapFrag, g_gles, g_frame);
    }
    if (!g_program.id || !gl_program_done(g_program, g_frame)) return false;
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
    gl_delete_program(&g_program);
    g_vao = 0;
    g_started = false;
}

}  // namespace capiton::app
