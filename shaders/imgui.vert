#version 300 es
// capiton's Dear ImGui renderer (src/app/imgui_gl.cpp): ImGui's vertices, in UI pixels, to clip space.
// The projection is a constant vertex attribute (its array is never enabled; glVertexAttrib4f sets
// it), not a uniform: a uniform's location must be asked of the linked program, and asking waits
// for the GPU to finish compiling, which the first frame would then wait for. The inputs' locations
// are fixed here (imgui_gl.cpp's Input names them), so none is asked of the program either.
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_colour;
layout(location = 3) in vec4 a_transform;  // xy: scale, zw: offset
out vec2 v_uv;
out vec4 v_colour;

void main() {
    v_uv = a_uv;
    v_colour = a_colour;
    gl_Position = vec4(a_position * a_transform.xy + a_transform.zw, 0.0, 1.0);
}
