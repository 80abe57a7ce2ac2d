#version 300 es
// capiton's Dear ImGui renderer: the vertex colour times the font atlas's coverage. The atlas is one
// channel (red), on texture unit 0 (a sampler's default: no uniform to set). ImGui draws everything
// else with the atlas's white pixel.
precision highp float;  // texture coordinates in atlases up to 4096 texels wide
uniform sampler2D u_atlas;
in vec2 v_uv;
in vec4 v_colour;
out vec4 out_colour;

void main() {
    out_colour = vec4(v_colour.rgb, v_colour.a * texture(u_atlas, v_uv).r);
}
