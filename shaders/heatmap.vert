#version 300 es
// capiton heatmap: one quad covering a matrix's grid of cells, no vertex buffer.
// u_rect = (x0, y0, x1, y1) in clip space; (x0, y0) is the grid's top-left corner.
uniform vec4 u_rect;
out vec2 v_uv;  // (0, 0) top-left of the grid, (1, 1) bottom-right

void main() {
    vec2 corners[6] = vec2[6](vec2(0.0, 0.0), vec2(1.0, 0.0), vec2(1.0, 1.0),
                              vec2(0.0, 0.0), vec2(1.0, 1.0), vec2(0.0, 1.0));
    vec2 c = corners[gl_VertexID];
    v_uv = c;
    gl_Position = vec4(mix(u_rect.xy, u_rect.zw, c), 0.0, 1.0);
}
