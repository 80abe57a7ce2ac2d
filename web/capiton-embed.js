// capiton page script, links and messages: written by the build into capiton-page.js, inside its
// function (cmake/page_script.cmake). It uses the script's names (command, isReady, HOOK_RESULT,
// COMMANDS, notReady, rejectedMessages, updateAccessible, window.capiton …) and defines what the rest calls: inFrame,
// emit, allowedOrigins, stateChanged, mirrorChanged, own.
//
// The embedding contract (docs/embed.md): the address follows the state, an edited fragment is
// applied, the parent page hears the events, and a page's postMessage commands are checked and
// answered.
  // --- the address follows the state; an embedding page hears about it --------------------------
  // The app reports a new fragment whenever the state a link carries changes. The address is
  // replaced (never a new history entry), at most every 250 ms: browsers throttle history calls, and
  // a dragged slider changes the state every frame.
  const inFrame = window.parent !== window;
  // A page opened from a file (file://) has no origin its messages carry ("null"): it is treated as
  // one that hides its origin, and its author hears why (afterFirstFrame).
  const parentIsFile = inFrame && ((location.ancestorOrigins && location.ancestorOrigins[0] === 'file://') ||
                                   document.referrer.startsWith('file:'));
  const parentOrigin = (() => {
    if (!inFrame) return null;
    if (parentIsFile) return 'null';
    if (location.ancestorOrigins && location.ancestorOrigins.length) return location.ancestorOrigins[0];
    try { return document.referrer ? new URL(document.referrer).origin : null; } catch (e) { return null; }
  })();
  let pendingFragment = null, addressTimer = 0, stateTimer = 0, lastStage = null, announced = false;

  // The origins allowed to send commands: the link's "allow" list, else the parent page's origin.
  // The list changes only when a link is applied (applyFragment), so it is asked of the app once per
  // link: a message from anywhere costs no call into the app.
  let allowedCache = null;
  // The core keeps origins of the form a browser writes; the browser's own URL reader has the last
  // word: an "xn--" host that is not valid punycode passes the core's check, and an engine that
  // follows the URL standard to the letter refuses it, where postMessage would throw on it as a
  // target (Chromium reads it).
  function readable(origin) {
    try {
      new URL(origin);
      return true;
    } catch (e) {
      console.warn('capiton: the origin ' + JSON.stringify(origin) + ' in "allow" is not one this browser can read; it was ignored.');
      return false;
    }
  }
  function allowedOrigins() {
    if (isReady && allowedCache) return allowedCache;
    let listed = [], asked = false;
    try {
      if (isReady) listed = command('allowedOrigins', {}).origins.filter(readable), asked = true;
    } catch (e) { /* the app stopped: the parent page's origin alone */ }
    const origins = listed.length ? listed : parentOrigin && parentOrigin !== 'null' ? [parentOrigin] : [];
    if (asked) allowedCache = origins;
    return origins;
  }

  // Events go to the parent page only, and only to its origin (or, when the browser hides it, to the
  // origins the link allows: postMessage delivers only where the target origin matches).
  function emit(message) {
    if (!inFrame) return;
    const targets = parentOrigin && parentOrigin !== 'null' ? [parentOrigin] : allowedOrigins();
    for (const origin of targets) {
      try {
        window.parent.postMessage(Object.assign({ capiton: 1 }, message), origin);
      } catch (e) { /* a target this browser cannot read (the core checks the link's origins): skipped */ }
    }
  }

  function flushAddress() {
    addressTimer = 0;
    if (pendingFragment !== null && location.hash !== '#' + pendingFragment) {
      history.replaceState(history.state, '', '#' + pendingFragment);
    }
    pendingFragment = null;
  }

  function stateChanged({ fragment, stage }) {
    pendingFragment = fragment;
    if (!addressTimer) addressTimer = setTimeout(flushAddress, 250);
    if (!announced) return;  // a page hears of changes only after its ready event (afterFirstFrame)
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

  // The screen-reader mirror changed while the link did not (the link's note was closed). A state
  // change already waiting (stateChanged) updates the mirror too.
  let mirrorTimer = 0;
  function mirrorChanged() {
    if (!announced || mirrorTimer || stateTimer) return;
    mirrorTimer = setTimeout(() => { mirrorTimer = 0; updateAccessible(); }, 100);
  }

  // Someone edited the address (or the embedding page changed the iframe's fragment).
  window.addEventListener('hashchange', () => {
    if (!isReady) return;
    // Cut as at start-up (startArguments): the core refuses a longer text whole, with a reason.
    const r = command('applyFragment', { fragment: location.hash.slice(0, 65536) });
    allowedCache = null;  // the link may allow other origins now
    for (const w of r.ok ? r.warnings : [r.error]) console.warn('capiton: ' + w);
  });

  // --- postMessage commands -------------------------------------------------------------------
  // {capiton: 1, type, id, …arguments}. A message gets exactly one reply when it is addressed to
  // capiton: from an allowed origin, with capiton: 1, a string type and a usable id (a string of at
  // most 200 characters, or a finite number). A type the table does not let messages use is answered
  // {ok: false, error} naming those it does; the arguments of one it does are checked by the core like
  // the hook's: one of the wrong type or too long gets {ok: false, malformed: true, error}. Anything
  // else is dropped without a reply and counted (state().rejectedMessages); nothing from a message is
  // ever evaluated or displayed.
  const isPlainObject = (x) => x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
  const own = (o, key) => Object.prototype.hasOwnProperty.call(o, key);
  const MESSAGES = new Map(COMMANDS.filter((c) => c.reach.includes('message')).map((c) => [c.name, c]));
  const OWN_TYPES = new Set(['reply', 'ready', 'stageChanged', 'stateChanged', 'error']);  // what capiton posts
  const usableId = (id) => (typeof id === 'string' && id.length <= 200) || (typeof id === 'number' && Number.isFinite(id));

  // An argument as the core gets it, at a bounded size: a string longer than the table allows is cut
  // just past its limit (whole surrogate pairs), which the core refuses as too long; anything but a
  // string, a number or a boolean becomes null, which it refuses as of the wrong type.
  function bounded(x, a) {
    if (typeof x === 'string') {
      if (a.max === 0 || x.length <= a.max) return x;
      return x.slice(0, /[\ud800-\udbff]/.test(x[a.max]) ? a.max + 2 : a.max + 1);
    }
    return typeof x === 'number' || typeof x === 'boolean' ? x : null;
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    // addressed to capiton (the protocol, a type, an id to answer by) and from an allowed origin: cheapest
    // first. What capiton itself posts (a reply, an event) is not: a page that passes messages between two
    // views, or back, would otherwise have them answer each other's replies for ever.
    if (!isPlainObject(m) || m.capiton !== 1 || typeof m.type !== 'string' || OWN_TYPES.has(m.type) ||
        !usableId(m.id) || !event.source || !allowedOrigins().includes(event.origin)) {
      rejectedMessages++;
      return;
    }
    const c = MESSAGES.get(m.type);
    let result = notReady;
    try {
      if (c === undefined) {  // a typo, or a command only the page itself can reach: answered, saying which exist
        result = { ok: false, error: 'No message command is called ' + JSON.stringify(m.type.slice(0, 40)) +
                                     '; the commands are ' + [...MESSAGES.keys()].join(', ') + '.' };
      } else if (isReady && c.name === 'getState') {
        result = { ok: true, state: window.capiton.state() };
      } else if (isReady) {
        const args = {};
        for (const a of c.args) if (own(m, a.name)) args[a.name] = bounded(m[a.name], a);
        const r = command(c.name, args);
        result = HOOK_RESULT[c.name] ? HOOK_RESULT[c.name](r) : r;  // as the hook has it: numbers revived
      }
    } catch (e) {  // the app stopped (an abort), or its reply could not be read
      result = { ok: false, error: c.name + ' failed: ' + (e && e.message ? e.message : String(e)) + '.' };
    }
    // the command's own answer (getState's state, generate's continuation …) under the reply's fields
    const reply = result.ok ? Object.assign({}, result) : { error: String(result.error) };
    if (result.malformed) reply.malformed = true;
    Object.assign(reply, { capiton: 1, type: 'reply', id: m.id, ok: !!result.ok });
    event.source.postMessage(reply, event.origin);
  });

  emitError = (error, fatal = true) => emit({ type: 'error', error, fatal });
