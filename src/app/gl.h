// capiton app: the OpenGL headers (OpenGL ES 3.0 = WebGL 2 on the web, desktop OpenGL 3.0 natively)
// and the shader programs of the app's two renderers (imgui_gl.cpp, heatmap_gl.cpp).
//
// A program is compiled and linked without asking whether that worked: asking waits for the GPU to
// finish (in a browser, a round trip to the GPU process, which may be busy with something else:
// 20–100 ms of the first frame in software rendering). On the web the page makes them and asks while
// the .wasm loads, when the GPU process is idle; a program the app makes itself is asked later, once
// asking does not wait.
#pragma once

#include <string>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <SDL_opengl.h>
#endif

namespace capiton::app {

struct GlProgram {
    GLuint id = 0, vs = 0, fs = 0;
    int started_frame = 0;  // the frame in which it was compiled
    bool checked = false;   // asked whether it compiled and linked (then vs and fs are deleted)
};

// An error on the console (the browser's; stderr natively).
void gl_report(const std::string& what);

// Compiles and links a program from GLSL ES 3.00 sources (turned into GLSL 1.30 for desktop GL 3.0;
// vertex inputs have their locations in the shader). On the web, a program of this name the page has
// already made (web/capiton-page.js makes those the first frame draws with, and asks whether they
// linked while the GPU process is idle) is taken as it is, already checked.
GlProgram gl_start_program(const char* name, const char* vert, const char* frag, bool gles, int frame);

// Whether asking about the program would not wait: the page made it and asked, the browser says it
// is done (KHR_parallel_shader_compile) or, where it cannot say, two frames have passed since it was
// started. Never in the frame that started it (asking the browser is itself a round trip, and so may
// be what a renderer asks next, its uniforms' locations); natively always.
bool gl_program_done(const GlProgram& p, int frame);

// Asks, once: true if it compiled and linked; else reports why on the console and deletes it.
bool gl_finish_program(GlProgram* p, const char* name);

void gl_delete_program(GlProgram* p);

}  // namespace capiton::app
