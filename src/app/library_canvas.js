// Linked into the web build with --js-library: replaces Emscripten's emscripten_set_canvas_element_size.
//
// SDL 2's Emscripten backend, when it creates the window, sets the canvas to 1 × 1 pixels to find out
// whether CSS sizes it, then to the size it settles on. Every change of a WebGL canvas's size makes the
// browser reallocate the drawing buffer and wait for the GPU process: in software rendering the probe
// alone cost 120 ms of the first frame, and the page has already sized the canvas (capiton-page.js).
// capiton's canvas is always sized by CSS (capiton.css), so the probe is answered without touching the
// canvas, and a size the canvas already has is not set again. Any other size is set as before.
mergeInto(LibraryManager.library, {
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
});
