// Linked into the web build with --js-library: two of Emscripten's WebGL functions replaced, the
// state ImGui's renderer reads back each frame answered from what was set, and a shader program's
// progress asked without waiting. Each exists to keep the main thread from waiting for the GPU process, which in software rendering (SwiftShader, as in the
// browser tests and on machines without a GPU) means waiting until it has drawn the previous frame.
mergeInto(LibraryManager.library, {
  // 1. The canvas size. SDL 2's Emscripten backend, when it creates the window, sets the canvas to
  // 1 × 1 pixels to find out whether CSS sizes it, then to the size it settles on. Every change of a
  // WebGL canvas's size reallocates the drawing buffer: the probe alone cost 120 ms of the first frame.
  // capiton's canvas is always sized by CSS (capiton.css) and the page has already given it its size
  // (capiton-page.js), so the probe is answered without touching the canvas, and a size the canvas
  // already has is not set again. Any other size is set as before.
  emscripten_set_canvas_element_size__deps: ['$findCanvasEventTarget'],
  emscripten_set_canvas_element_size: function(target, width, height) {
    var canvas = findCanvasEventTarget(target);
    if (!canvas) return -4;  // EMSCRIPTEN_RESULT_UNKNOWN_TARGET
    var probe = width === 1 && height === 1 && canvas.clientWidth > 1 && canvas.clientHeight > 1;
    if (probe) return 0;     // EMSCRIPTEN_RESULT_SUCCESS
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    return 0;
  },

  // 2. State read back. ImGui's OpenGL renderer saves and restores the GL state around its drawing
  // each frame (imgui_impl_opengl3.cpp). The browser answers most of those reads itself, but not the
  // scissor box nor the blend functions and equations: each of those is a round trip to the GPU
  // process, and the first one in a frame waited out the whole previous frame (measured: 98 % of the
  // main thread's time, idle, in one getParameter(SCISSOR_BOX)). Their last values set through these
  // functions are kept per context, and read from there; a value never set is WebGL's initial one
  // (the scissor box is the drawing buffer as the context was made: the page made it at its size,
  // and the size probe above leaves it), so not even the first frame asks the GPU process and waits
  // for it to finish compiling shaders and uploading the glyphs (~100 ms in software rendering).
  $capitonGlState: function(pname, count) {
    var saved = GL.currentContext.capitonState || (GL.currentContext.capitonState = {});
    if (!(pname in saved)) {
      var initial = {
        0x0C10: [0, 0, GLctx.drawingBufferWidth, GLctx.drawingBufferHeight],  // SCISSOR_BOX
        0x80C8: [0], 0x80CA: [0],            // BLEND_DST_RGB, BLEND_DST_ALPHA: ZERO
        0x80C9: [1], 0x80CB: [1],            // BLEND_SRC_RGB, BLEND_SRC_ALPHA: ONE
        0x8009: [0x8006], 0x883D: [0x8006],  // BLEND_EQUATION_RGB, _ALPHA: FUNC_ADD
      }[pname];
      if (initial) saved[pname] = initial;
      else {
        var v = GLctx.getParameter(pname);
        saved[pname] = count === 1 ? [v] : Array.from(v);
      }
    }
    return saved[pname];
  },
  $capitonGlSet: function(pname, values) {
    var saved = GL.currentContext.capitonState || (GL.currentContext.capitonState = {});
    saved[pname] = values;
  },
  glScissor__sig: 'viiii',
  glScissor__deps: ['$capitonGlSet'],
  glScissor: function(x, y, width, height) {
    GLctx.scissor(x, y, width, height);
    if (width >= 0 && height >= 0) capitonGlSet(0x0C10 /* SCISSOR_BOX */, [x, y, width, height]);
  },
  glBlendFunc__sig: 'vii',
  glBlendFunc__deps: ['$capitonGlSet'],
  glBlendFunc: function(src, dst) {
    GLctx.blendFunc(src, dst);
    capitonGlSet(0x80C9 /* BLEND_SRC_RGB */, [src]); capitonGlSet(0x80CB /* BLEND_SRC_ALPHA */, [src]);
    capitonGlSet(0x80C8 /* BLEND_DST_RGB */, [dst]); capitonGlSet(0x80CA /* BLEND_DST_ALPHA */, [dst]);
  },
  glBlendFuncSeparate__sig: 'viiii',
  glBlendFuncSeparate__deps: ['$capitonGlSet'],
  glBlendFuncSeparate: function(srcRGB, dstRGB, srcAlpha, dstAlpha) {
    GLctx.blendFuncSeparate(srcRGB, dstRGB, srcAlpha, dstAlpha);
    capitonGlSet(0x80C9, [srcRGB]); capitonGlSet(0x80C8, [dstRGB]);
    capitonGlSet(0x80CB, [srcAlpha]); capitonGlSet(0x80CA, [dstAlpha]);
  },
  glBlendEquation__sig: 'vi',
  glBlendEquation__deps: ['$capitonGlSet'],
  glBlendEquation: function(mode) {
    GLctx.blendEquation(mode);
    capitonGlSet(0x8009 /* BLEND_EQUATION_RGB */, [mode]); capitonGlSet(0x883D /* BLEND_EQUATION_ALPHA */, [mode]);
  },
  glBlendEquationSeparate__sig: 'vii',
  glBlendEquationSeparate__deps: ['$capitonGlSet'],
  glBlendEquationSeparate: function(modeRGB, modeAlpha) {
    GLctx.blendEquationSeparate(modeRGB, modeAlpha);
    capitonGlSet(0x8009, [modeRGB]); capitonGlSet(0x883D, [modeAlpha]);
  },
  // How many integers each kept parameter has.
  $capitonGlKept: { 0x0C10: 4, 0x80C8: 1, 0x80C9: 1, 0x80CA: 1, 0x80CB: 1, 0x8009: 1, 0x883D: 1 },
  glGetIntegerv__sig: 'vii',
  glGetIntegerv__deps: ['$emscriptenWebGLGet', '$capitonGlState', '$capitonGlKept'],
  glGetIntegerv: function(pname, p) {
    var count = capitonGlKept[pname];
    if (!count || !p) { emscriptenWebGLGet(pname, p, {{{ cDefine('EM_FUNC_SIG_PARAM_I') }}}); return; }
    var values = capitonGlState(pname, count);
    for (var i = 0; i < count; i++) HEAP32[(p >> 2) + i] = values[i];
  },

  // 3. Whether a program is still being compiled and linked, asked without waiting: 1 while it is, 0
  // once it is done, -1 where the browser cannot say (no KHR_parallel_shader_compile, as in headless
  // Chromium's software rendering: then the caller waits a few frames, by which time asking for the
  // status no longer waits for the compiler). Asking for LINK_STATUS or a shader's COMPILE_STATUS
  // right after glLinkProgram waits until the GPU process has compiled them: 20–30 ms of the first
  // frame in software rendering for the heatmap's shaders (src/app/heatmap_gl.cpp).
  capiton_gl_program_pending__sig: 'ii',
  capiton_gl_program_pending: function(program) {
    var ctx = GL.currentContext;
    if (!ctx || !GL.programs[program]) return -1;
    if (ctx.capitonParallel === undefined) ctx.capitonParallel = GLctx.getExtension('KHR_parallel_shader_compile');
    if (!ctx.capitonParallel) return -1;
    return GLctx.getProgramParameter(GL.programs[program], 0x91B1 /* COMPLETION_STATUS_KHR */) ? 0 : 1;
  },
});
