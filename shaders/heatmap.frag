#version 300 es
// capiton heatmap: colours each cell of a matrix from its value.
//   signed values (u_palette 0): u_negative - u_base (0) - u_positive, scaled by the largest
//                                magnitude in the matrix (u_max_abs)
//   weights in [0, 1] (u_palette 1): u_base - u_weight
//   -inf (masked): u_masked
// u_base is the theme's cell background (light or dark theme). Every colour and number of the
// mapping is a uniform: they are defined once, in src/ui/theme.h, and sent through ui::HeatmapCells
// (src/app/heatmap_gl.cpp); the CPU fallback (ui::cell_colour, src/ui/theme.cpp) reads the same.
// Cells are rounded rectangles with a gap between them; rows other than u_dim_row (if >= 0) are faded
// so that the selected token's row stands out.
precision highp float;

uniform sampler2D u_values;  // R32F, width = columns, height = rows, texel (j, i) = value [i][j]
uniform vec2 u_grid;         // (columns, rows)
uniform vec2 u_cell_px;      // one cell, gap included, in framebuffer pixels
uniform float u_gap_px;
uniform float u_radius_px;
uniform float u_max_abs;
uniform int u_palette;
uniform int u_dim_row;
uniform vec3 u_base;      // colour of 0 (the theme's cell background)
uniform vec3 u_dim;       // what faded rows blend towards
uniform vec3 u_masked;    // colour of -inf cells
uniform vec3 u_positive;  // signed palette, +max_abs (orange)
uniform vec3 u_negative;  // signed palette, -max_abs (blue)
uniform vec3 u_weight;    // weights palette, 1 (violet)
uniform float u_signed_gamma;  // colour strength = |v / max_abs| ^ this
uniform float u_weight_gamma;  // colour strength = weight ^ this
uniform float u_dim_amount;    // how far faded rows move towards u_dim

in vec2 v_uv;
out vec4 frag_colour;

vec3 colour_of(float v) {
    if (isinf(v)) return u_masked;
    if (u_palette == 1) return mix(u_base, u_weight, pow(clamp(v, 0.0, 1.0), u_weight_gamma));
    float t = u_max_abs > 0.0 ? clamp(v / u_max_abs, -1.0, 1.0) : 0.0;
    float s = pow(abs(t), u_signed_gamma);
    return t >= 0.0 ? mix(u_base, u_positive, s) : mix(u_base, u_negative, s);
}

void main() {
    vec2 cell = min(floor(v_uv * u_grid), u_grid - 1.0);
    // Signed distance to this cell's rounded rectangle, in pixels, for an anti-aliased edge.
    vec2 size = u_cell_px - vec2(u_gap_px);
    vec2 p = fract(v_uv * u_grid) * u_cell_px - 0.5 * size;
    vec2 q = abs(p) - (0.5 * size - vec2(u_radius_px));
    float d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - u_radius_px;
    float alpha = clamp(0.5 - d, 0.0, 1.0);
    if (alpha <= 0.0) discard;
    vec3 c = colour_of(texelFetch(u_values, ivec2(cell), 0).r);
    if (u_dim_row >= 0 && int(cell.y) != u_dim_row) c = mix(c, u_dim, u_dim_amount);
    frag_colour = vec4(c, alpha);
}
