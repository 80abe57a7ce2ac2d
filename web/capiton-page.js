// capiton page script: feature checks, loading progress, and the page hook window.capiton.
//
//   capiton.ready                 Promise, resolved after the first frame is drawn
//   capiton.state()               {stage, stageIndex, stages, sentence, tokens, d_model, d_k, mask,
//                                  selectedToken, matrices: {X, W_Q, W_K, W_V, Q, K, V, scores,
//                                  scaled, masked, weights, output, embedding, position}}
//                                 (null before ready); masked cells are -Infinity
//   capiton.goTo(stageId)         {ok: true} | {ok: false, error}
//   capiton.setSentence(text)     {ok: true} | {ok: false, error}; on error nothing changes
//   capiton.setLanguage(lang)     "en" | "zh"; the default sentence follows the language
//   capiton.setLayer(layer, on)   annotation layers "search", "signifier"
//   capiton.setTheme(theme)       "light" | "dark" (the first visit follows prefers-color-scheme)
//   capiton.explain(matrix, row, col)  how that cell was computed (see docs/page-hook.md)
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);

  function fail(message) {
    $('loading').hidden = true;
    $('canvas').hidden = true;
    $('fatal-text').textContent = message;
    $('fatal').hidden = false;
    if (window.parent !== window && typeof emitError === 'function') emitError(message);
  }
  let emitError = null;  // set once the event channel exists (below)

  // --- what the browser must support ----------------------------------------------------------
  function missingFeatures() {
    const missing = [];
    if (typeof WebAssembly !== 'object') {
      missing.push('WebAssembly');
    } else {
      // A one-function module using a v128 instruction: validates only where wasm SIMD exists.
      const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
                                   10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
      if (!WebAssembly.validate(simd)) missing.push('WebAssembly SIMD');
    }
    let gl = null;
    // On the app's own canvas: creating a WebGL context is slow (a quarter of a second in software
    // rendering) and the app will reuse this one, so it is made once, while the .wasm downloads.
    try { gl = $('canvas').getContext('webgl2', { antialias: false, depth: false, stencil: false }); } catch (e) { gl = null; }
    if (!gl) missing.push('WebGL 2');
    return missing;
  }

  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  let isReady = false;
  const notReady = { ok: false, error: 'capiton is still loading.' };
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  // Matrices may hold ±Infinity, which JSON cannot; the C side writes them as strings.
  function reviveMatrix(rows) {
    return rows.map((row) => row.map((x) => (typeof x === 'string' ? Number(x) : x)));
  }

  function callWithString(fn, text) {
    const n = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(n);
    if (!ptr) return { ok: false, error: 'Out of memory.' };
    try {
      Module.stringToUTF8(text, ptr, n);
      return JSON.parse(Module.UTF8ToString(fn(ptr)));
    } finally {
      Module._free(ptr);
    }
  }

  let rejectedMessages = 0;  // postMessage commands dropped (wrong origin or malformed)

  window.capiton = Object.freeze({
    ready,
    state() {
      if (!isReady) return null;
      const s = JSON.parse(Module.UTF8ToString(Module._capiton_state()));
      for (const name of Object.keys(s.matrices)) s.matrices[name] = reviveMatrix(s.matrices[name]);
      s.hover = JSON.parse(Module.UTF8ToString(Module._capiton_hover()));
      s.rejectedMessages = rejectedMessages;
      s.keyboardFocus = JSON.parse(Module.UTF8ToString(Module._capiton_keyboard_focus()));
      return s;
    },
    setParam(name, value) {
      if (!isReady) return notReady;
      if (typeof name !== 'string' || !((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string') ||
          String(value).length > 32) {
        return { ok: false, error: 'setParam(name, value) needs "dk", "t" or "mask" and a number or a short string.' };
      }
      const a = Module.lengthBytesUTF8(name) + 1, b = Module.lengthBytesUTF8(String(value)) + 1;
      const pa = Module._malloc(a), pb = Module._malloc(b);
      try {
        Module.stringToUTF8(name, pa, a);
        Module.stringToUTF8(String(value), pb, b);
        return JSON.parse(Module.UTF8ToString(Module._capiton_set_param(pa, pb)));
      } finally {
        Module._free(pa);
        Module._free(pb);
      }
    },
    setLayer(layer, on) {
      if (!isReady) return notReady;
      if (typeof layer !== 'string' || typeof on !== 'boolean') {
        return { ok: false, error: 'setLayer(layer, on) needs a layer id and true or false.' };
      }
      const n = Module.lengthBytesUTF8(layer) + 1;
      const ptr = Module._malloc(n);
      try {
        Module.stringToUTF8(layer, ptr, n);
        return JSON.parse(Module.UTF8ToString(Module._capiton_set_layer(ptr, on ? 1 : 0)));
      } finally {
        Module._free(ptr);
      }
    },
    setTheme(theme) {
      if (!isReady) return notReady;
      if (theme !== 'light' && theme !== 'dark') return { ok: false, error: 'Unknown theme: use "light" or "dark".' };
      return callWithString(Module._capiton_set_theme, theme);
    },
    setLanguage(lang) {
      if (!isReady) return notReady;
      if (lang !== 'en' && lang !== 'zh') return { ok: false, error: 'Unknown language: use "en" or "zh".' };
      return callWithString(Module._capiton_set_language, lang);
    },
    explain(matrix, row, col) {
      if (!isReady) return notReady;
      if (typeof matrix !== 'string' || !Number.isInteger(row) || !Number.isInteger(col) ||
          Math.abs(row) > 1e6 || Math.abs(col) > 1e6) {
        return { ok: false, error: 'explain(matrix, row, col) needs a matrix name and two whole numbers.' };
      }
      const n = Module.lengthBytesUTF8(matrix) + 1;
      const ptr = Module._malloc(n);
      try {
        Module.stringToUTF8(matrix, ptr, n);
        const e = JSON.parse(Module.UTF8ToString(Module._capiton_explain(ptr, row, col)));
        for (const key of ['a', 'b', 'logits', 'exps']) if (e[key]) e[key] = e[key].map(Number);
        if (typeof e.rowMax === 'string') e.rowMax = Number(e.rowMax);
        return e;
      } finally {
        Module._free(ptr);
      }
    },
    train(task) {
      if (!isReady) return notReady;
      if (typeof task !== 'string') return { ok: false, error: 'train(task) needs "apple", "lookback" or "birdsky".' };
      return callWithString(Module._capiton_train, task);
    },
    pause() {
      if (!isReady) return notReady;
      Module._capiton_pause();
      return { ok: true };
    },
    loadPreset(task) {
      if (!isReady) return notReady;
      if (typeof task !== 'string') return { ok: false, error: 'loadPreset(task) needs "apple", "lookback" or "birdsky".' };
      return callWithString(Module._capiton_load_preset, task);
    },
    goTo(stageId) {
      if (!isReady) return notReady;
      if (typeof stageId !== 'string') return { ok: false, error: 'The stage id must be a string.' };
      return callWithString(Module._capiton_go_to, stageId);
    },
    setSentence(text) {
      if (!isReady) return notReady;
      if (typeof text !== 'string') return { ok: false, error: 'The sentence must be a string.' };
      // UTF-8 encoding would silently turn a lone UTF-16 surrogate into U+FFFD; refuse it instead.
      if (LONE_SURROGATE.test(text)) {
        return { ok: false, error: 'The text is not valid Unicode (it contains a lone UTF-16 surrogate).' };
      }
      return callWithString(Module._capiton_set_sentence, text);
    },
  });

  // --- the address follows the state; an embedding page hears about it --------------------------
  // The app calls Module.onStateChanged(fragment, stage) whenever the state a link carries changes.
  // The address is replaced (never a new history entry), at most every 250 ms: browsers throttle
  // history calls, and a dragged slider changes the state every frame.
  const inFrame = window.parent !== window;
  const parentOrigin = (() => {
    if (!inFrame) return null;
    if (location.ancestorOrigins && location.ancestorOrigins.length) return location.ancestorOrigins[0];
    try { return document.referrer ? new URL(document.referrer).origin : null; } catch (e) { return null; }
  })();
  let pendingFragment = null, addressTimer = 0, stateTimer = 0, lastStage = null;

  function allowedOrigins() {
    const listed = isReady ? JSON.parse(Module.UTF8ToString(Module._capiton_allowed_origins())) : [];
    if (listed.length) return listed;
    return parentOrigin && parentOrigin !== 'null' ? [parentOrigin] : [];
  }

  // Events go to the parent page only, and only to its origin (or, when the browser hides it, to the
  // origins the link allows: postMessage delivers only where the target origin matches).
  function emit(message) {
    if (!inFrame) return;
    const targets = parentOrigin && parentOrigin !== 'null' ? [parentOrigin] : allowedOrigins();
    for (const origin of targets) window.parent.postMessage(Object.assign({ capiton: 1 }, message), origin);
  }

  function flushAddress() {
    addressTimer = 0;
    if (pendingFragment !== null && location.hash !== '#' + pendingFragment) {
      history.replaceState(history.state, '', '#' + pendingFragment);
    }
    pendingFragment = null;
  }

  // The hidden mirror of the canvas for screen readers (built with textContent only).
  function updateAccessible() {
    const a = JSON.parse(Module.UTF8ToString(Module._capiton_accessible()));
    document.documentElement.lang = window.capiton.state().lang === 'zh' ? 'zh-CN' : 'en';
    if ($('a11y-title').textContent !== a.title) $('a11y-title').textContent = a.title;
    $('a11y-formula').textContent = a.formula;
    $('a11y-body').textContent = a.body;
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

  function onStateChanged(fragment, stage) {
    pendingFragment = fragment;
    if (!addressTimer) addressTimer = setTimeout(flushAddress, 250);
    if (!isReady) return;
    if (stage !== lastStage) {
      lastStage = stage;
      emit({ type: 'stageChanged', stage });
    }
    if (!stateTimer) {
      stateTimer = setTimeout(() => {
        stateTimer = 0;
        updateAccessible();
        emit({ type: 'stateChanged', state: window.capiton.state() });
      }, 100);
    }
  }

  // Someone edited the address (or the embedding page changed the iframe's fragment).
  window.addEventListener('hashchange', () => {
    if (!isReady) return;
    const r = callWithString(Module._capiton_apply_fragment, location.hash);
    for (const w of r.warnings) console.warn('capiton: ' + w);
  });

  // --- postMessage commands -------------------------------------------------------------------
  // {capiton: 1, type, id, …}. Accepted only from the allowed origins and only when well formed;
  // anything else is dropped and counted (state().rejectedMessages), never evaluated or displayed.
  const isPlainObject = (x) => x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
  const isText = (x, max) => typeof x === 'string' && x.length <= max;
  const COMMANDS = {
    goTo: { valid: (m) => isText(m.stage, 64), run: (m) => window.capiton.goTo(m.stage) },
    setSentence: { valid: (m) => isText(m.text, 4096), run: (m) => window.capiton.setSentence(m.text) },
    setLanguage: { valid: (m) => isText(m.lang, 16), run: (m) => window.capiton.setLanguage(m.lang) },
    setLayer: { valid: (m) => isText(m.layer, 64) && typeof m.on === 'boolean',
                run: (m) => window.capiton.setLayer(m.layer, m.on) },
    setParam: { valid: (m) => isText(m.name, 16) && (isText(m.value, 32) || (typeof m.value === 'number' && Number.isFinite(m.value))),
                run: (m) => window.capiton.setParam(m.name, m.value) },
    getState: { valid: () => true, run: () => ({ ok: true, state: window.capiton.state() }) },
  };

  window.addEventListener('message', (event) => {
    const m = event.data;
    const wellFormed = isPlainObject(m) && m.capiton === 1 && typeof m.type === 'string' &&
                       Object.prototype.hasOwnProperty.call(COMMANDS, m.type) &&
                       (isText(m.id, 200) || (typeof m.id === 'number' && Number.isFinite(m.id)));
    if (!allowedOrigins().includes(event.origin) || !wellFormed || !COMMANDS[m.type].valid(m) || !event.source) {
      rejectedMessages++;
      return;
    }
    const result = isReady ? COMMANDS[m.type].run(m) : notReady;
    const reply = { capiton: 1, type: 'reply', id: m.id, ok: !!result.ok };
    if (result.ok && result.state) reply.state = result.state;
    if (!result.ok) reply.error = String(result.error);
    event.source.postMessage(reply, event.origin);
  });

  emitError = (error) => emit({ type: 'error', error });

  const missing = missingFeatures();
  if (missing.length) {
    fail('It needs ' + missing.join(', ') + ', which this browser does not offer (or has switched off). ' +
         'Any current Chrome, Edge, Firefox or Safari (version 16.4 or later) has them.');
    return;
  }

  // --- loading: fetch the .wasm ourselves to show real progress --------------------------------
  function setProgress(loaded, total) {
    const mb = (x) => (x / 1048576).toFixed(2) + ' MB';
    if (total > 0) {
      $('progress').style.width = Math.min(100, (100 * loaded) / total).toFixed(1) + '%';
      $('status').textContent = 'Loading ' + mb(loaded) + ' of ' + mb(total) + '…';
    } else {
      $('status').textContent = 'Loading ' + mb(loaded) + '…';
    }
  }

  async function fetchWithProgress(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error('could not download ' + url + ' (HTTP ' + response.status + ')');
    const total = Number(response.headers.get('Content-Length')) || 0;
    if (!response.body || !response.body.getReader) return new Uint8Array(await response.arrayBuffer());
    const reader = response.body.getReader();
    const chunks = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      setProgress(loaded, total);
    }
    const bytes = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.length; }
    return bytes;
  }

  window.Module = {
    canvas: $('canvas'),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    instantiateWasm(imports, receiveInstance) {
      fetchWithProgress('capiton.wasm')
        .then((bytes) => {
          performance.mark('capiton:wasm-downloaded');
          $('status').textContent = 'Starting…';
          return WebAssembly.instantiate(bytes, imports);
        })
        .then((result) => receiveInstance(result.instance, result.module))
        .catch((e) => fail('Loading failed: ' + e.message + '. Reload the page to try again.'));
      return {};  // instantiation is asynchronous
    },
    // Marks for bench/page-load: where the time to the first frame goes.
    onRuntimeInitialized() { performance.mark('capiton:runtime-ready'); },
    onFirstFrame() {
      performance.mark('capiton:first-frame');
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
      const s = window.capiton.state();
      lastStage = s.stage;
      updateAccessible();
      emit({ type: 'ready', state: s });
    },
    onStateChanged,
    onAbort(what) {
      fail('capiton stopped because of an internal error (' + what + '). Reload the page to start again.');
    },
  };

  const script = document.createElement('script');
  script.src = 'capiton.js';
  script.onerror = () => fail('Loading failed: capiton.js could not be downloaded. Reload the page to try again.');
  document.body.appendChild(script);
})();
