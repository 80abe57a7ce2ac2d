// capiton page script, typing: written by the build into capiton-page.js, inside its function
// (cmake/page_script.cmake); it uses nothing of it but what it is given.
//
// A canvas receives key presses, which the app reads itself, but nothing an input method composes
// (Chinese typed as pinyin, accents typed with a dead key), nothing a phone's keyboard sends, and no
// paste. So while one of the app's text fields is active, a textarea is focused at its caret
// (src/app/main.cpp, report_text_field): the input method opens there, and what it commits, like a
// paste or a phone keyboard's text, is handed to the app and the textarea emptied. The keys an input
// method uses while composing (Backspace, the arrows, Enter to commit) stay with it, and a paste
// (Ctrl+V, Shift+Insert) stays with the browser: the app does not see them. Ordinary key presses
// still reach the app as before (it keeps their characters out of the textarea): nothing arrives twice.
//
// capitonTyping(canvas, give): give(text) hands text to the app ('\b' Backspace, '\r' Enter). Returns
// {textField}, the handler of the app's textField event.
function capitonTyping(canvas, give) {
  const MAX_TYPED = 4096;  // characters handed over at once (a sentence is at most 1024 bytes)
  // The textarea keeps one zero-width space before its caret: a phone keyboard's Backspace in an empty
  // box reports nothing (a key code 229 and no input), so there is always this to delete. Its
  // deletion is handed over as a Backspace.
  const KEPT = '\u200b';
  const TAP_MOVE = 10, TAP_MS = 500;  // a touch that moved less (CSS px) and lasted less (ms) is a tap
  const TAKE_BACK_MS = 600;           // a tapped field that does not come active gives the focus back
  let entry = null;                   // the textarea, made when a text field is first clicked, tapped or active
  let composing = false;              // an input method is composing in it
  let fieldOn = false, fields = [];   // the app's last textField event: a field active; where the fields are
  let tap = null;                     // the touch in progress: where and when it started

  function keepOne() {
    entry.value = KEPT;
    entry.setSelectionRange(KEPT.length, KEPT.length);
  }
  function handOver() {
    const value = entry.value;
    // a zero-width space pasted from a web page or a PDF marks a break between words: a space here
    const text = !value.startsWith(KEPT) ? '\b' : value.slice(KEPT.length).replace(/\s*[\r\n\t\u200b]+\s*/g, ' ')
      .replace(/[\u0000-\u001f\u007f]/g, '').slice(0, MAX_TYPED).replace(/[\uD800-\uDBFF]$/, '');
    keepOne();
    if (text) give(text);
  }
  const composingKey = (event) => event.isComposing || event.keyCode === 229;
  const pasteKey = (event) => (event.key.toLowerCase() === 'v' && (event.ctrlKey || event.metaKey) && !event.altKey) ||
                              (event.key === 'Insert' && event.shiftKey);
  function make() {
    const t = document.createElement('textarea');
    t.id = 'typing';
    t.tabIndex = -1;  // never a stop of the page's own Tab order
    for (const [name, value] of [['autocomplete', 'off'], ['autocorrect', 'off'], ['autocapitalize', 'off'],
                                 ['spellcheck', 'false'], ['enterkeyhint', 'done'], ['rows', '1']]) t.setAttribute(name, value);
    t.addEventListener('keydown', (event) => {
      // Tab is the app's ring, even while composing; Enter is the app's too, never a line in the
      // textarea (a phone keyboard's would otherwise arrive as a space), except the one that commits
      if (event.key === 'Tab' || (event.key === 'Enter' && !composingKey(event))) event.preventDefault();
      // SDL knows a key by its physical place (event.code), which a phone keyboard's Enter may lack:
      // such an Enter is handed over as '\r'
      const placeless = event.key === 'Enter' && !event.code && !composingKey(event);
      if (placeless) give('\r');
      if (composingKey(event) || pasteKey(event) || placeless) event.stopPropagation();  // not to the app (SDL listens on window)
    });
    t.addEventListener('keyup', (event) => { if (composingKey(event)) event.stopPropagation(); });
    t.addEventListener('compositionstart', () => { composing = true; t.classList.add('composing'); });
    t.addEventListener('compositionend', () => { composing = false; t.classList.remove('composing'); handOver(); });
    t.addEventListener('input', (event) => {
      if (composing || event.isComposing) return;
      if (event.inputType === 'insertLineBreak' || event.inputType === 'insertParagraph') {  // an Enter (key code 229)
        keepOne();
        give('\r');
      } else {
        handOver();
      }
    });
    t.addEventListener('blur', () => { composing = false; t.classList.remove('composing'); });
    document.body.appendChild(t);
    entry = t;
    keepOne();
    return t;
  }
  function focusAt(x, y) {
    entry = entry || make();
    if (!fieldOn) {  // until the app says where its caret is
      entry.style.left = x + 'px';
      entry.style.top = y + 'px';
    }
    entry.focus({ preventScroll: true });
  }
  const onField = (x, y) => fields.some(([fx, fy, fw, fh]) => x >= fx && x < fx + fw && y >= fy && y < fy + fh);
  // What an input method is composing is committed before the app sees a click or a tap (a blur
  // commits it): otherwise the click ends the field first and the text arrives with nowhere to go.
  function commitComposition() {
    if (!entry || !composing) return;
    entry.blur();
    entry.focus({ preventScroll: true });
  }

  // A mouse: the canvas, or the textarea over a field, takes the focus at once (the app cancels the
  // press, which would otherwise focus the page: in an iframe the keys then went to the parent page).
  canvas.addEventListener('pointerdown', (event) => {
    commitComposition();
    if (event.pointerType === 'touch') return;
    if (onField(event.clientX, event.clientY)) focusAt(event.clientX, event.clientY);
    else canvas.focus({ preventScroll: true });
  }, true);
  // A finger: a phone shows its keyboard only for an element focused while a tap is handled, not in the
  // app's next frame, so a tap on a field focuses the textarea at once (a swipe does not).
  canvas.addEventListener('touchstart', (event) => {
    const touch = event.touches[0];
    tap = event.touches.length === 1 ? { x: touch.clientX, y: touch.clientY, t: event.timeStamp } : null;
  }, { capture: true, passive: true });
  canvas.addEventListener('touchend', (event) => {
    const start = tap, touch = event.changedTouches[0];
    tap = null;
    if (!start || !touch || event.touches.length) return;
    const [x, y] = [touch.clientX, touch.clientY];
    if (Math.hypot(x - start.x, y - start.y) > TAP_MOVE || event.timeStamp - start.t > TAP_MS || !onField(x, y)) return;
    focusAt(x, y);
    setTimeout(() => { if (!fieldOn && document.activeElement === entry) canvas.focus({ preventScroll: true }); }, TAKE_BACK_MS);
  }, { capture: true, passive: true });

  // The app's textField event: {on, x, y, h, dark, label, fields: [[x, y, w, h], …]} in CSS pixels.
  function textField({ on, x, y, h, dark, label, fields: where }) {
    fieldOn = !!on;
    fields = Array.isArray(where) ? where : [];
    if (!on) {
      // (not when the keyboard has left the frame: the page around keeps it)
      if (entry && document.activeElement === entry && document.hasFocus()) canvas.focus({ preventScroll: true });
      return;
    }
    entry = entry || make();
    entry.style.left = x + 'px';
    entry.style.top = y + 'px';
    entry.style.fontSize = Math.max(16, h) + 'px';  // below 16 px, Safari on iOS zooms the page on focus
    entry.classList.toggle('dark', !!dark);
    entry.setAttribute('aria-label', String(label || ''));
    // Only from the canvas (or nothing): a student who has gone to another element, or another frame, keeps it.
    const here = document.activeElement;
    if (here !== entry && (here === canvas || here === document.body || !here) && document.hasFocus())
      entry.focus({ preventScroll: true });
  }
  return { textField };
}
