// Linked into the web build with --js-library: Emscripten's canvas sizing replaced, a shader program's
// progress asked without waiting, and the page's own programs handed over (the app's renderers,
// src/app/gl.h, never read GL state back). Each keeps the main thread from waiting for the GPU
// process, which in software rendering (SwiftShader, as in the browser tests and on machines without
// a GPU) means waiting until it has done whatever it is doing: drawing or reading back a frame.
mergeInto(LibraryManager.library, {
  // 1. The canvas size. SDL 2's Emscripten backend, when it creates the window, sets the canvas to
  // 1 × 1 pixels to find out whether CSS sizes it, then to the size it settles on. Every change of a
  // WebGL canvas's size reallocates the drawing buffer: the probe alone cost 120 ms of the first frame.
  // capiton's canvas is always sized by CSS (capiton.css) and the page has already given it its size
  // (its page script), so the probe is answered without touching the canvas, and a size the canvas
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

  // 2. Whether a program is still being compiled and linked, asked without waiting: 1 while it is, 0
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

  // 3. A program the page made, linked and asked about while the .wasm loaded (web/capiton-page.js),
  // handed to the app once, by name, as if glCreateProgram had made it; 0 if the page has none of
  // that name (the app then makes its own). The fields set below are those emscripten 3.1.6's
  // glCreateProgram and glLinkProgram give a program (src/library_webgl.js; without
  // GL_EXPLICIT_UNIFORM_LOCATION or GL_EXPLICIT_UNIFORM_BINDING, which this build does not use):
  // look there again when the toolchain changes (a later emscripten also wants
  // `__deps: ['$UTF8ToString']` here; 3.1.6 has no such library symbol: UTF8ToString is in its runtime).
  capiton_gl_take_program__sig: 'ii',
  capiton_gl_take_program: function(name) {
    var made = Module['capitonPrograms'], key = UTF8ToString(name);
    var program = made && made[key];
    if (!program) return 0;
    delete made[key];
    var id = GL.getNewId(GL.programs);
    program.name = id;
    // what glCreateProgram and glLinkProgram set for Emscripten's own use
    program.maxUniformLength = program.maxAttributeLength = program.maxUniformBlockNameLength = 0;
    program.uniformIdCounter = 1;
    program.uniformLocsById = 0;
    program.uniformSizeAndIdsByName = {};
    GL.programs[id] = program;
    return id;
  },
});
