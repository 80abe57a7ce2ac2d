// capiton page script: feature checks, loading progress, the hook window.capiton, postMessage
// commands from an embedding page, and what the app asks of the page (files, clipboard, storage).
//
// Every command goes to the core through one helper, command(type, args), which calls the app's one
// export capiton_command with JSON text. The commands themselves — their names, where they can be
// reached from, their arguments — come from the core's table (src/core/commands.cpp): the build writes
// it into COMMANDS below. The contract is docs/page-hook.md; the postMessage protocol docs/embed.md.
'use strict';
(function () {
  const COMMANDS = /*@COMMANDS@*/[];  // [{name, reach: ['hook', 'message', …], args: [{name, type, max}]}]
  const LINK_KEYS = /*@LINK_KEYS@*/[];  // the keys a link may have (core/fragment.h)
  const HTML_LANGS = /*@HTML_LANGS@*/{};  // each language's <html lang> (core/ids.h kLanguageInfo)
  const PROGRAMS = /*@PROGRAMS@*/{};  // {name: {vert, frag}}: the app's shader programs (shaders/)

  const $ = (id) => document.getElementById(id);

  // The page's own words before the app can speak, and the language they are in (capiton-words.js,
  // written in here by the build): PAGE_TEXT, likelyChinese(), sayLanguage, say, tabTitle().
  /*@capiton-words.js@*/

  // The page's message in place of the app: `title` says whose fault it is (the browser's by default;
  // a file the server lacks, or an error inside capiton, say so instead).
  function fail(message, title = say.cannotRun) {
    clearTimeout(loadingTimer);
    $('loading').hidden = true;
    $('canvas').hidden = true;
    $('fatal-title').textContent = title;
    $('fatal-text').textContent = message;
    $('fatal').hidden = false;
    if (window.parent !== window && typeof emitError === 'function') emitError(message);
    if (!isReady) rejectReady(new Error(message));  // a page waiting on capiton.ready hears why
  }
  let emitError = null;  // set once the event channel exists (below)
  const LOADING_DELAY = 300;  // ms before the loading screen shows (below)
  let loadingTimer = 0;

  // --- what the browser must support ----------------------------------------------------------
  function missingWasm() {
    if (typeof WebAssembly !== 'object') return ['WebAssembly'];
    // A one-function module using a v128 instruction: validates only where wasm SIMD exists.
    const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
                                 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
    return WebAssembly.validate(simd) ? [] : ['WebAssembly SIMD'];
  }

  // On the app's own canvas: creating a WebGL context is slow (40–60 ms in software rendering) and the
  // app will reuse this one, so it is made once, while the .wasm downloads and compiles. Made at the
  // size SDL will give it (CSS size × device pixel ratio, rounded down), so that its drawing buffer is
  // allocated once (src/app/library_webgl.js).
  function makeContext() {
    const canvas = $('canvas');
    const box = canvas.getBoundingClientRect();
    canvas.width = Math.max(1, Math.floor(box.width * devicePixelRatio));
    canvas.height = Math.max(1, Math.floor(box.height * devicePixelRatio));
    try { return canvas.getContext('webgl2', { antialias: false, depth: false, stencil: false }); } catch (e) { return null; }
  }

  // The app's shader programs, made now, while the GPU process has nothing else to do: asking whether a
  // program linked waits until the GPU process answers, and drawing with a program asks. Asked here it
  // takes a millisecond or two; in the first frame it waited 10–25 ms for the GPU process to finish
  // showing the loading screen, and the heatmap's, asked after it, up to 120 ms. The app takes each by
  // name (src/app/gl.h); one that did not link is left out, and the app makes its own and reports why.
  // A context lost already (WebKit then hands out null objects, which throw) leaves them all to the app.
  function makePrograms(gl) {
    const made = {};
    if (gl.isContextLost()) return made;
    try {
      makeEach(gl, made);
    } catch (e) {
      for (const program of Object.values(made)) gl.deleteProgram(program);
      return {};
    }
    return made;
  }
  function makeEach(gl, made) {
    for (const [name, source] of Object.entries(PROGRAMS)) {
      const program = gl.createProgram();
      const shaders = [[gl.VERTEX_SHADER, source.vert], [gl.FRAGMENT_SHADER, source.frag]].map(([type, text]) => {
        const shader = gl.createShader(type);
        gl.shaderSource(shader, text);
        gl.compileShader(shader);
        gl.attachShader(program, shader);
        return shader;
      });
      gl.linkProgram(program);
      for (const shader of shaders) gl.deleteShader(shader);  // freed with the program
      if (gl.getProgramParameter(program, gl.LINK_STATUS)) made[name] = program;
      else gl.deleteProgram(program);
    }
  }

  // --- the one way into the core ----------------------------------------------------------------
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {});  // rejected when the app cannot start: not an unhandled rejection where nobody waits
  let isReady = false;
  const notReady = { ok: false, error: 'capiton is still loading.' };

  // Non-finite numbers are not JSON: the core writes them as "Infinity", "-Infinity", "NaN".
  const NON_FINITE = { Infinity: Infinity, '-Infinity': -Infinity, NaN: NaN };
  const number = (x) => (typeof x === 'string' && x in NON_FINITE ? NON_FINITE[x] : x);
  const numbers = (list) => list.map(number);

  // Runs a command of the core's table: {ok: true, …} or {ok: false, error}.
  function command(type, args) {
    let text;
    try {
      text = JSON.stringify(Object.assign({ type }, args));
    } catch (e) {  // a BigInt or a cycle among the arguments
      return { ok: false, malformed: true, error: type + ': an argument cannot be sent (' + e.message + ').' };
    }
    const n = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(n);
    if (!ptr) return { ok: false, error: 'Out of memory.' };
    try {
      Module.stringToUTF8(text, ptr, n);
      return JSON.parse(Module.UTF8ToString(Module._capiton_command(ptr)));
    } finally {
      Module._free(ptr);
    }
  }

  let rejectedMessages = 0;  // postMessage commands dropped (wrong origin or malformed)

  // What a command's reply becomes for the hook (the state object itself; numbers revived).
  const HOOK_RESULT = {
    state(r) {
      const s = r.state;
      for (const name of Object.keys(s.matrices)) s.matrices[name] = s.matrices[name].map(numbers);
      s.rejectedMessages = rejectedMessages;
      return s;
    },
    explain(r) {
      if (!r.ok) return r;
      for (const key of ['a', 'b', 'logits', 'exps']) r[key] = numbers(r[key]);
      for (const key of ['value', 'rowMax', 'expSum', 'divisor']) if (key in r) r[key] = number(r[key]);
      return r;
    },
  };

  // window.capiton: one method per hook command, its arguments in the table's order.
  const hook = { ready };
  for (const c of COMMANDS) {
    if (!c.reach.includes('hook')) continue;
    hook[c.name] = function (...values) {
      if (!isReady) return c.name === 'state' ? null : notReady;
      const args = {};
      c.args.forEach((a, i) => { if (values[i] !== undefined) args[a.name] = values[i]; });
      const r = command(c.name, args);
      return HOOK_RESULT[c.name] ? HOOK_RESULT[c.name](r) : r;
    };
  }
  window.capiton = Object.freeze(hook);

  // The hidden mirror of the canvas for screen readers (built with textContent only).
  function updateAccessible() {
    let reply;
    try {
      reply = command('accessible', {});
    } catch (e) {  // the app stopped between the change and this timer: its own report says so
      return;
    }
    const a = reply.mirror;
    document.documentElement.lang = reply.htmlLang;
    const words = PAGE_TEXT[reply.lang] || say;
    const title = tabTitle(a.page, words);
    if (document.title !== title) document.title = title;
    if ($('canvas').getAttribute('aria-label') !== words.canvasLabel) $('canvas').setAttribute('aria-label', words.canvasLabel);
    if ($('a11y-title').textContent !== a.title) $('a11y-title').textContent = a.title;
    $('a11y-formula').textContent = a.formula;
    $('a11y-body').textContent = a.body;
    // what the stage says besides, with its numbers (outside the live region: read when reached);
    // a paragraph that did not change is left as it is, so a reader's place in them stays
    const texts = $('a11y-texts');
    a.texts.forEach((t, i) => {
      const p = texts.children[i] || texts.appendChild(document.createElement('p'));
      if (p.textContent !== t) p.textContent = t;
    });
    while (texts.children.length > a.texts.length) texts.lastChild.remove();
    const box = $('a11y-tables');
    box.replaceChildren();
    for (const t of a.tables) {
      const table = document.createElement('table');
      const caption = document.createElement('caption');
      caption.textContent = t.name + ': ' + t.caption;
      table.appendChild(caption);
      const head = document.createElement('tr');
      head.appendChild(document.createElement('td'));
      for (const c of t.cols) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = c;
        head.appendChild(th);
      }
      table.appendChild(head);
      t.cells.forEach((row, i) => {
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = t.rows[i];
        tr.appendChild(th);
        for (const v of row) {
          const td = document.createElement('td');
          td.textContent = v;
          tr.appendChild(td);
        }
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
  }

  // The address, the events to an embedding page and its postMessage commands (capiton-embed.js,
  // written in here by the build): emit(), allowedOrigins(), the message listener.
  /*@capiton-embed.js@*/

  // --- what the app asks of the page (Module.capitonEvent) ----------------------------------------
  // A file to save: made here from the app's text, or, for the picture, from the canvas in the same
  // task as the drawing (WebGL keeps the drawn picture only until the frame is handed to the browser).
  function save(name, kind, text) {
    const download = (blob) => {
      if (!blob) { console.warn('capiton: the picture could not be made.'); return; }
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    };
    if (kind === 'png') Module.canvas.toBlob(download, 'image/png');
    else download(new Blob([text], { type: kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' }));
  }

  // The clipboard, for the share popup's Copy buttons. WebKit (Safari, WebKitGTK) lets a page write it
  // only from a task a user's gesture started (the event's handler, or an animation frame or timer
  // that one requested), not from the app's own frame that handles the click, which was requested
  // before it: there writeText is refused. So every click or key starts a short chain of animation
  // frames of the page's own, each just after the app's frame; a copy the app asks for meanwhile is
  // written from the chain's next one. Without a gesture in progress it is written at once.
  let copyText = null, copyReported = false, gestureChains = 0;
  function writeCopy() {
    const text = copyText, reported = copyReported;
    copyText = null;
    const done = (copied) => { if (reported) command('copyDone', { copied }); };
    const byCommand = () => done(copyByCommand(text));
    if (navigator.clipboard && navigator.clipboard.writeText && clipboardAllowed()) navigator.clipboard.writeText(text).then(() => done(true), byCommand);
    else byCommand();
  }
  // Whether the page around allows this frame the clipboard (Chromium says; a refused writeText there is
  // also a console error, so it is not even tried). Other browsers: try it.
  function clipboardAllowed() {
    const policy = document.permissionsPolicy || document.featurePolicy;
    try { return !policy || policy.allowsFeature('clipboard-write'); } catch (e) { return true; }
  }
  // When the browser refuses writeText (a course page's frame without allow="clipboard-write", an
  // older browser), the older way still works within the click: the text selected in a textarea of
  // its own and the browser's copy command. The focus goes back where it was.
  function copyByCommand(text) {
    const area = document.createElement('textarea');
    area.value = text;
    area.readOnly = true;
    area.tabIndex = -1;
    area.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0';
    const back = document.activeElement;
    document.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);  // (what iOS Safari selects by)
    let copied = false;
    try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
    area.remove();
    if (back && back !== document.body && back.focus) back.focus({ preventScroll: true });
    return copied;
  }
  for (const type of ['pointerup', 'keydown', 'keyup']) {
    window.addEventListener(type, (event) => {
      if (!event.isTrusted) return;
      gestureChains++;
      let frames = 4;  // the app handles a click in the next frame or the one after
      const frame = () => {
        if (copyText !== null) writeCopy();
        if (--frames > 0) requestAnimationFrame(frame);
        else gestureChains--;
      };
      requestAnimationFrame(frame);
    }, true);
  }
  // `reported`: the app hears whether it worked (the share popup says so); a text field's Ctrl+C does not.
  function copy(text, reported) {
    copyText = text;
    copyReported = reported;
    if (gestureChains === 0) writeCopy();
  }

  // Typing the canvas cannot take (an input method's, a phone keyboard's, a paste): a textarea at the
  // active text field's caret (capiton-typing.js, written in here by the build).
  /*@capiton-typing.js@*/
  const typing = capitonTyping($('canvas'), (text) => toApp('_capiton_text_typed', text));

  // Tab on the app's last control (Shift+Tab on its first) leaves the app, as in any page: the browser
  // moves the focus on, out of a course page's frame too, and SDL never sees the key. A keyboard is
  // never trapped in the canvas.
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab' || event.ctrlKey || event.altKey || event.metaKey || !isReady || event.isComposing ||
        event.keyCode === 229) return;  // (an input method's own key: WebKit says so by its code alone)
    const fromText = event.target && event.target.id === 'typing';  // a text field's textarea (capiton-typing.js)
    if ((event.target !== $('canvas') && !fromText) || !Module._capiton_tab_leaves(event.shiftKey ? 1 : 0)) return;
    event.stopImmediatePropagation();
    // the browser moves on from the canvas, which comes after nothing and before nothing in the page
    if (fromText) $('canvas').focus({ preventScroll: true });
  }, true);
  // Likewise a wheel over the lesson scrolled to its end (or top) scrolls the page around the app (a
  // course page), as a browser hands a wheel on from an inner part that cannot scroll further.
  window.addEventListener('wheel', (event) => {
    if (!isReady || event.ctrlKey || event.target !== $('canvas') || Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;
    if (Module._capiton_wheel_passes(event.deltaY > 0 ? 1 : 0)) event.stopImmediatePropagation();
  }, { capture: true, passive: true });

  function firstFrame() {
    performance.mark('capiton:first-frame');
    clearTimeout(loadingTimer);
    $('loading').hidden = true;
    isReady = true;
    resolveReady();
    // Offline after this visit (sw.js). Registered once the app runs, so it never slows the start.
    if ('serviceWorker' in navigator && window.isSecureContext) {
      const register = () => navigator.serviceWorker.register('sw.js')
        .catch((e) => console.warn('capiton: offline use is not available (' + e.message + ').'));
      if (document.readyState === 'complete') register();
      else window.addEventListener('load', register, { once: true });
    }
    // The rest after the first frame is on screen (the browser shows it when this task ends): the state
    // and the screen-reader mirror take tens of milliseconds.
    setTimeout(afterFirstFrame, 0);
  }

  function afterFirstFrame() {
    const s = window.capiton.state();
    lastStage = s.stage;
    announced = true;
    updateAccessible();
    // Firefox hides the parent page's origin from a frame embedded with referrerpolicy="no-referrer"
    // (Chromium and WebKit still give it in location.ancestorOrigins): then only the link's allow
    // list can name it, and the page's author should hear why nothing arrives.
    if (parentIsFile) {
      console.warn('capiton: the page around this frame was opened from a file (file://), whose messages carry no ' +
                   'origin, so capiton sends it no events and takes no commands from it. Serve that page over ' +
                   'http(s), even on your own computer (for example "python3 -m http.server" in its folder).');
    } else if (inFrame && !(parentOrigin && parentOrigin !== 'null') && !allowedOrigins().length) {
      // (Firefox tells a frame neither that its parent is a file nor the parent's origin: both end here)
      console.warn('capiton: the page around this frame hides its origin from it (a referrer policy such as ' +
                   'referrerpolicy="no-referrer"), so capiton sends it no events and takes no commands from it. ' +
                   'Name that page\'s origin in the link\'s allow= (docs/embed.md, "Who may send commands"); ' +
                   'a page opened from a file (file://) has none: serve it over http(s).');
    }
    emit({ type: 'ready', state: s });
  }

  // Training steps in a worker of its own (capiton-train-worker.js, a core-only build), started when
  // training first starts: the first visit does not download it, and training never waits for a
  // frame. Requests go to it as they are; its snapshots come back to the app. When it cannot start,
  // the app trains between frames instead.
  let trainingWorker = null;
  // Text to one of the app's exports that take a string (`_capiton_training_message`, …).
  function toApp(exported, text) {
    const n = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(n);
    if (!ptr) return;
    Module.stringToUTF8(text, ptr, n);
    Module[exported](ptr);
    Module._free(ptr);
  }
  function workerUnavailable(reason) {
    if (trainingWorker === false) return;  // said already (an abort can also raise an error event)
    if (trainingWorker) trainingWorker.terminate();
    trainingWorker = false;  // not tried again during this visit
    toApp('_capiton_training_message', JSON.stringify({ unavailable: String(reason) }));
  }
  function train(requests) {  // a list of requests, applied whole by the worker
    if (trainingWorker === null) {
      try {
        trainingWorker = new Worker('capiton-train-worker.js');
      } catch (e) {
        workerUnavailable(e.message);
        return;
      }
      trainingWorker.onmessage = ({ data }) => {
        if (typeof data.snapshot === 'string') toApp('_capiton_training_message', data.snapshot);
        else if (data.unavailable !== undefined) workerUnavailable(data.unavailable);
      };
      trainingWorker.onerror = (e) => {
        e.preventDefault();
        workerUnavailable(e.message || 'the worker could not be loaded');
      };
    }
    if (trainingWorker) trainingWorker.postMessage(requests);
  }

  // The Chinese font beyond the English screen's glyphs (capiton-zh.ttf, sw.js keeps it offline):
  // fetched once, when the app first shows Chinese, or at the start when the page will likely show
  // Chinese (fetchChineseFont below). The app draws no frame that needs it until it has come.
  let chineseFont = null;
  function fetchChineseFont() {
    chineseFont = chineseFont || fetch('capiton-zh.ttf').then((response) => {
      if (!response.ok) throw Object.assign(new Error('HTTP ' + response.status), { status: response.status });
      return response.arrayBuffer();
    });
    return chineseFont;
  }

  // A font slower than FONT_PATIENCE_MS (a poor connection): the app draws Chinese without it meanwhile,
  // and with it from the moment it comes.
  const FONT_PATIENCE_MS = 6000;
  function needFont() {
    Module.chineseFontLoading = true;  // the browser tests wait for it (tests/e2e/harness.mjs, frames)
    let waiting = true;
    const without = (why) => {
      if (!waiting) return;
      waiting = false;
      console.warn('capiton: the Chinese font ' + why + '; Chinese text is drawn without it.');
      Module._capiton_chinese_font(0, 0);
      Module.chineseFontLoading = false;
    };
    const patience = setTimeout(() => without('did not arrive within ' + FONT_PATIENCE_MS / 1000 + ' s (it is used once it does)'),
                                FONT_PATIENCE_MS);
    fetchChineseFont().then((buffer) => {
      const bytes = new Uint8Array(buffer);
      const ptr = Module._malloc(bytes.length);  // kept by the app for the session
      if (!ptr) throw new Error('out of memory');
      Module.HEAPU8.set(bytes, ptr);
      // late too: the glyphs are drawn with it from now on; refused when the answer was not a font
      // (an HTML page from a captive portal, an empty body)
      if (!Module._capiton_chinese_font(ptr, bytes.length)) {
        Module._free(ptr);
        throw new Error('the file is not a font');
      }
      waiting = false;
    }).catch((e) => {
      without('could not be loaded (' + e.message + ')');
      if (e.status === 404 || e.status === 410) window.capiton.ready.then(() => fontMissing(e.status), () => {});
    })
      .finally(() => {
        clearTimeout(patience);
        Module.chineseFontLoading = false;
      });
  }

  // The Chinese font missing on the server (an upload that left it out, a platform that refuses .ttf
  // files): Chinese would be drawn as "�" everywhere, so the app turns to English and a note over it
  // says why, in the language the student chose (the page's own font can write it); the course page
  // hears it as an error event.
  function fontMissing(status) {
    const chinese = window.capiton.state().lang === 'zh';  // a Chinese screen turns English; else the sentence's Chinese is "�"
    const words = chinese ? PAGE_TEXT.zh : PAGE_TEXT.en;
    const said = words.fontMissing(status, chinese);
    $('notice-text').textContent = said;
    $('notice-close').setAttribute('aria-label', words.close);
    $('notice-close').onclick = () => { $('notice').hidden = true; $('canvas').focus(); };
    $('notice').hidden = false;
    if (chinese) window.capiton.setLanguage('en');
    if (window.parent !== window && typeof emitError === 'function') emitError(said, false);
  }

  // The poem model's preset (capiton-poems-gpt.bin, ~0.4 MB gzip; sw.js keeps it once fetched): fetched
  // when the poems stage is first shown, never on the first visit. A failed fetch is told to the app,
  // which says so on the stage and offers to try again.
  function needPoems() {
    Module.poemsLoading = true;
    fetch('capiton-poems-gpt.bin').then((response) => {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.arrayBuffer();
    }).then((buffer) => {
      const bytes = new Uint8Array(buffer);
      const ptr = Module._malloc(Math.max(bytes.length, 1));
      if (!ptr) throw new Error('out of memory');
      Module.HEAPU8.set(bytes, ptr);
      Module._capiton_poems_preset(ptr, bytes.length, 0);
      Module._free(ptr);
    }).catch((e) => {
      console.warn('capiton: the poem model could not be loaded (' + e.message + ').');
      const text = String(e.message || 'unknown error').slice(0, 200);
      const n = Module.lengthBytesUTF8(text) + 1;
      const ptr = Module._malloc(n);
      if (ptr) Module.stringToUTF8(text, ptr, n);
      Module._capiton_poems_preset(0, 0, ptr);
      if (ptr) Module._free(ptr);
    }).finally(() => { Module.poemsLoading = false; });
  }

  const GUIDES = { en: 'capiton-guide.html', zh: 'capiton-guide-zh.html' };
  const EVENTS = {
    firstFrame,
    train,
    needFont,
    needPoems,
    stateChanged,
    mirrorChanged,
    // The share popup's guide for course pages in the language on screen (docs/embed.md as
    // capiton-guide.html, docs/embed.zh.md as capiton-guide-zh.html), in a new tab. A frame sandboxed
    // without allow-popups gets nothing: the browser refuses quietly.
    openGuide: ({ lang }) => { window.open(GUIDES[lang] || GUIDES.en, '_blank', 'noopener'); },
    // The student's answers, kept across visits. Storage may be unavailable (private modes, sandboxed
    // iframes): then answers last for the visit only, silently.
    answers: ({ text }) => { try { localStorage.setItem('capiton.answers', text); } catch (e) { /* visit only */ } },
    save: ({ name, kind, text }) => save(name, kind, text),
    copy: ({ text }) => copy(text, true),
    clipboard: ({ text }) => copy(text, false),
    textField: (detail) => typing.textField(detail),
  };

  // --- start-up ------------------------------------------------------------------------------------
  if (likelyChinese()) fetchChineseFont().catch(() => {});  // reported when the app asks for it
  if (say !== PAGE_TEXT.en) {  // the loading screen (hidden yet) in the language the app will likely start in
    document.documentElement.lang = HTML_LANGS[sayLanguage];
    document.title = tabTitle(say.title);
    $('status').textContent = say.loading;
  }
  $('canvas').setAttribute('aria-label', say.canvasLabel);  // its name, in the language the app will likely start in
  $('canvas').addEventListener('contextmenu', (event) => event.preventDefault());  // the app's own right click
  const missing = missingWasm();
  // The .wasm downloads and compiles on the browser's own threads while this one makes the WebGL
  // context (a wait on the GPU process): 30–50 ms sooner at main() than starting it after the context
  // (bench/page-load). A failure is reported when capiton.js asks for the module. Not where WebGL 2
  // is missing altogether: the app could not run.
  const wasm = missing.length || typeof WebGL2RenderingContext !== 'function' ? null : compileWasm('capiton.wasm');
  if (wasm) wasm.catch(() => {});
  // The loading screen (its bar fills from the start, hidden) is shown only if the app is not up
  // within LOADING_DELAY ms: a quick start does not flash it, and the page's first layout has no text
  // to shape: the first frame comes ~10 ms sooner (bench/page-load).
  loadingTimer = setTimeout(() => { $('loading').hidden = false; }, LOADING_DELAY);
  const gl = makeContext();
  if (!gl) missing.push('WebGL 2');
  if (missing.length) {
    fail(say.needs(missing));
    return;
  }

  // What the app starts from, as its command line (the same flags as the desktop build).
  function startArguments() {
    const args = ['--lang=' + (navigator.language || 'en').slice(0, 15)];
    if (window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches) args.push('--theme=dark');
    try { args.push('--answers=' + (localStorage.getItem('capiton.answers') || '').slice(0, 500)); } catch (e) { /* none */ }
    if (document.documentElement.hasAttribute('data-embed')) args.push('--embed');
    const here = location.origin + location.pathname;
    args.push('--page-url=' + here, '--embed-url=' + here.slice(0, here.lastIndexOf('/') + 1) + 'embed.html');
    // The link's fragment; the core refuses one longer than it accepts (with a warning), so a cut
    // at a generous length only keeps the start-up stack small.
    if (location.hash) args.push(location.hash.slice(0, 65536));
    // link keys written after "?" (a query), where the server reads them, not capiton: the app says so
    // (console and screen) with the link as it should be, the fragment's keys and then those, whole
    const queried = location.search.slice(1).split('&').filter((part) => LINK_KEYS.includes(part.split('=')[0]));
    if (queried.length) {
      let fixed = location.pathname.split('/').pop() + '#';
      for (const [i, part] of (location.hash ? location.hash.slice(1).split('&') : []).concat(queried).entries()) {
        const more = (i ? '&' : '') + part;
        if (fixed.length + more.length > 300) { fixed += (i ? '&' : '') + '…'; break; }
        fixed += more;
      }
      args.push('--query-link=' + fixed);
    }
    return args;
  }

  // --- loading: fetch the .wasm ourselves to show real progress --------------------------------
  function setProgress(loaded, total) {
    const mb = (x) => (x / 1e6).toFixed(2) + ' MB';
    if (total > 0) {
      $('progress').style.width = Math.min(100, (100 * loaded) / total).toFixed(1) + '%';
      $('status').textContent = say.loadingOf(mb(loaded), mb(total));
    } else {
      $('status').textContent = say.loadingSoFar(mb(loaded));
    }
  }

  function downloaded() {
    performance.mark('capiton:wasm-downloaded');
    $('status').textContent = say.starting;
  }

  // The compiled module. Streaming: the bytes go to the compiler as they arrive, counted on the way
  // for the progress bar; where the browser cannot stream, the whole file first, then compiled.
  async function compileWasm(url) {
    const response = await fetch(url);
    if (response.status === 404 || response.status === 410) throw Object.assign(new Error(say.missingFile(url, response.status)), { missing: true });
    if (!response.ok) throw new Error('could not download ' + url + ' (HTTP ' + response.status + ')');
    const total = Number(response.headers.get('Content-Length')) || 0;
    let loaded = 0;
    if (!WebAssembly.compileStreaming || !response.body || typeof TransformStream !== 'function') {
      const bytes = new Uint8Array(await response.arrayBuffer());
      downloaded();
      return WebAssembly.compile(bytes);
    }
    const counted = response.body.pipeThrough(new TransformStream({
      transform(chunk, out) {
        loaded += chunk.length;
        setProgress(loaded, total);
        out.enqueue(chunk);
      },
      flush: downloaded,
    }));
    return WebAssembly.compileStreaming(new Response(counted, { headers: { 'Content-Type': 'application/wasm' } }));
  }

  const programs = makePrograms(gl);
  window.Module = {
    canvas: $('canvas'),
    capitonPrograms: programs,  // src/app/library_webgl.js hands them to the app
    arguments: startArguments(),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    instantiateWasm(imports, receiveInstance) {
      wasm
        .then((module) => WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module)))
        .catch((e) => (e.missing ? fail(e.message, say.notStarted) : fail(loadFailed(e.message), say.notStarted)));
      return {};  // instantiation is asynchronous
    },
    // Marks for bench/page-load: where the time to the first frame goes.
    onRuntimeInitialized() { performance.mark('capiton:runtime-ready'); },
    // The app's one way to the page: an event name and its detail as JSON text.
    capitonEvent(type, detail) {
      if (own(EVENTS, type)) EVENTS[type](detail ? JSON.parse(detail) : {});
    },
    // The browser tests reach the test-only commands (docs/page-hook.md) through this.
    capitonCommand: command,
    onAbort(what) {
      fail(say.stopped(what), isReady ? say.stoppedTitle : say.notStarted);
    },
  };

  const script = document.createElement('script');
  script.src = 'capiton.js';
  // a script the server does not have is the upload's fault, as a missing .wasm is; any other failure
  // (the network) is worth a reload
  script.onerror = () => fetch(script.src, { method: 'HEAD', cache: 'no-store' })
    .then((r) => (r.status === 404 || r.status === 410 ? say.missingFile('capiton.js', r.status) : loadFailed(say.scriptMissing)),
          () => loadFailed(say.scriptMissing))
    .then((message) => fail(message, say.notStarted));
  document.body.appendChild(script);
})();
