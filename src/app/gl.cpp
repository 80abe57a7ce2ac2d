#include "gl.h"

#include <cstdio>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
extern "C" int capiton_gl_program_pending(GLuint program);  // 1, 0, or -1: unknown (src/app/library_webgl.js)
extern "C" GLuint capiton_gl_take_program(const char* name);  // the page's program of that name, or 0
#endif

namespace capiton::app {

namespace {

// Desktop GL 3.0 has no "#version 300 es": the shaders use only what GLSL 1.30 also has, and, in
// those that place their vertex inputs with layout(location = …), the extension for it (every Mesa
// driver has it).
std::string source_for(const char* src, bool gles) {
    std::string s(src);
    if (gles || s.rfind("#version 300 es", 0) != 0) return s;
    const bool placed = s.find("layout(location") != std::string::npos;
    s.replace(0, 15, placed ? "#version 130\n#extension GL_ARB_explicit_attrib_location : require" : "#version 130");
    return s;
}

GLuint compile(GLenum type, const char* src, bool gles) {
    const std::string text = source_for(src, gles);
    const char* p = text.c_str();
    const GLuint sh = glCreateShader(type);
    glShaderSource(sh, 1, &p, nullptr);
    glCompileShader(sh);
    return sh;
}

// True when the shader compiled; else says why.
bool compiled(GLuint sh, const char* name) {
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (ok) return true;
    char log[1024] = {};
    glGetShaderInfoLog(sh, sizeof log, nullptr, log);
    gl_report(std::string("capiton: ") + name + " shader did not compile: " + log);
    return false;
}

}  // namespace

void gl_report(const std::string& what) {
#ifdef __EMSCRIPTEN__
    EM_ASM({ console.error(UTF8ToString($0)); }, what.c_str());
#else
    std::fprintf(stderr, "%s\n", what.c_str());
#endif
}

GlProgram gl_start_program(const char* name, const char* vert, const char* frag, bool gles, int frame) {
    GlProgram p;
    p.started_frame = frame;
#ifdef __EMSCRIPTEN__
    p.id = capiton_gl_take_program(name);
    p.checked = p.id != 0;
    if (p.checked) return p;
#else
    (void)name;
#endif
    p.vs = compile(GL_VERTEX_SHADER, vert, gles);
    p.fs = compile(GL_FRAGMENT_SHADER, frag, gles);
    p.id = glCreateProgram();
    glAttachShader(p.id, p.vs);
    glAttachShader(p.id, p.fs);
    glLinkProgram(p.id);
    return p;
}

bool gl_program_done(const GlProgram& p, int frame) {
#ifdef __EMSCRIPTEN__
    constexpr int kStatusDelayFrames = 2;  // in a browser that cannot say whether a program is done
    if (!p.id) return true;
    if (frame <= p.started_frame) return false;  // even asking whether it is done is a round trip
    if (p.checked) return true;
    const int pending = capiton_gl_program_pending(p.id);
    return pending == 0 || (pending < 0 && frame >= p.started_frame + kStatusDelayFrames);
#else
    (void)p;
    (void)frame;
    return true;
#endif
}

bool gl_finish_program(GlProgram* p, const char* name) {
    if (p->checked) return p->id != 0;
    p->checked = true;
    const bool ok_shaders = compiled(p->vs, name) && compiled(p->fs, name);
    glDeleteShader(p->vs);
    glDeleteShader(p->fs);
    p->vs = p->fs = 0;
    GLint ok = 0;
    if (ok_shaders) glGetProgramiv(p->id, GL_LINK_STATUS, &ok);
    if (ok_shaders && !ok) {
        char log[1024] = {};
        glGetProgramInfoLog(p->id, sizeof log, nullptr, log);
        gl_report(std::string("capiton: ") + name + " shaders did not link: " + log);
    }
    if (!ok) {
        glDeleteProgram(p->id);
        p->id = 0;
    }
    return ok != 0;
}

void gl_delete_program(GlProgram* p) {
    if (p->id) glDeleteProgram(p->id);
    if (p->vs) glDeleteShader(p->vs);
    if (p->fs) glDeleteShader(p->fs);
    *p = GlProgram{};
}

}  // namespace capiton::app
