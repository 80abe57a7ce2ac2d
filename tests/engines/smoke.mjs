// The smoke suite every other engine runs (firefox.test.mjs, webkit.test.mjs): one browser and one tab
// per engine (a new one only after the engine reported a crash: see `test` below), the tests in order
// on the same page, the last one loading a course page that embeds three views. The Chromium suite
// (tests/e2e) goes much further; this one checks that what a student and a course page use works at
// all: the load without console errors, the page hook, → through every stage with a drawn canvas,
// Copy link, typing, Tab leaving the app, the screen-reader mirror, training in its worker, and
// postMessage from a parent on another origin, two of its three frames embedded with
// referrerpolicy="no-referrer", and Copy link in a frame the course page did not allow the clipboard.
//
// Environment as for tests/e2e: CAPITON_WEB_DIR (the built app), CAPITON_E2E_OUT (screenshots).
import { after, afterEach, before, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROBLEMS_SCRIPT, launch } from './engines.mjs';
import { DEFAULT_SENTENCE, DEFAULT_TOKENS, STAGES } from '../e2e/lesson.mjs';
import { startServer } from '../../scripts/lib/static-server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const DIR = resolve(process.env.CAPITON_WEB_DIR || join(ROOT, 'build/wasm-release/web'));
const OUT = resolve(process.env.CAPITON_E2E_OUT || join(ROOT, 'build/wasm-release/e2e'));
const FIXTURES = join(ROOT, 'tests/e2e/fixtures');
const WIDTH = 1024, HEIGHT = 700;  // WebKitGTK's window is 1024 wide whatever is asked

// Polls `condition` (async, run here) every 100 ms for up to `seconds`.
async function until(condition, seconds, what) {
  for (let i = 0; i < seconds * 10; i++) {
    if (await condition()) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.fail(`timed out after ${seconds} s waiting for ${what}`);
}

// In the page: how varied the canvas's pixels are (luminance variance over every 4th pixel; a blank
// canvas has ~0) and the colour at CSS position (4, 140), read back in the animation frame after one
// the app drew (the drawing buffer is kept only until the browser shows it; the app is asked to draw
// it, as it leaves a frame that would draw what the canvas shows undrawn); null when that frame drew
// nothing. With the stage shown (state().stage, stageIndex), to save a round trip. When Chinese
// first appears the app draws nothing until the Chinese font file has come: that is waited for first.
const canvasStats = async () => {
  for (let i = 0; i < 200 && window.Module && Module.chineseFontLoading; i++) await new Promise((ok) => setTimeout(ok, 100));
  Module.capitonCommand('redraw', {});
  return new Promise((ok) => requestAnimationFrame(() => {
    const src = document.getElementById('canvas');
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(src, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let sum = 0, sum2 = 0, n = 0, opaque = 0;
    for (let i = 0; i < d.length; i += 16) {
      const lum = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      sum += lum; sum2 += lum * lum; n++;
      if (d[i + 3] === 255) opaque++;
    }
    if (opaque === 0) { ok(null); return; }
    const at = 4 * (Math.round(140 * c.height / innerHeight) * c.width + Math.round(4 * c.width / innerWidth));
    const { stage, stageIndex } = window.capiton.state();
    ok({ variance: sum2 / n - (sum / n) ** 2, pixel: [d[at], d[at + 1], d[at + 2]], stage, stageIndex });
  }));
};

const waitFrames = (n) => new Promise((ok) => {
  const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : ok(true));
  step(n);
});

export function smoke(engine) {
  let browser, page, server, base;
  const servers = [];

  // Where the app drew widget `id` in the last frame (CSS pixels of its own viewport; null when not
  // drawn): the page's app, or the view in the frame whose address contains `view`.
  const widgetRect = (id, view = null) => {
    const read = (i) => Module.capitonCommand('widgetRect', { id: i }).rect;
    return view ? page.evaluateIn(view, read, id) : page.evaluate(read, id);
  };
  // A mouse click at the centre of widget `id` once it is on screen and drawn three frames more (a
  // window ImGui meets for the first time settles over a frame or two); in view `view`, whose frame's
  // top-left corner is at `offset` in the page.
  async function clickWidget(id, { view = null, offset = { x: 0, y: 0 } } = {}) {
    const where = view ? ` in the view at *${view}*` : '';
    await until(async () => (await widgetRect(id, view)) !== null, 10, `widget ${id}${where} on screen`);
    await (view ? page.evaluateIn(view, waitFrames, 3) : page.evaluate(waitFrames, 3));
    const r = await widgetRect(id, view);
    await page.click(offset.x + r.x + r.w / 2, offset.y + r.y + r.h / 2);
  }

  // The canvas as the student sees it: drawn, light background, not blank (five tries: a frame that
  // meets new glyphs draws nothing).
  async function assertDrawn(what) {
    let stats = null;
    for (let i = 0; i < 5 && !stats; i++) stats = await page.evaluate(canvasStats);
    assert.ok(stats, `${what}: the canvas could not be read back (five frames drew nothing)`);
    const [r, g, b] = stats.pixel;
    assert.ok(r > 230 && g > 230 && b > 225, `${what}: background at (4, 140) is rgb(${r}, ${g}, ${b})`);
    assert.ok(stats.variance > 200, `${what}: the canvas looks blank (luminance variance ${stats.variance.toFixed(1)})`);
    return stats;
  }
  async function screenshot(name) {
    writeFileSync(join(OUT, `engine-${engine}-${name}.png`), await page.screenshot());
  }
  const hook = (command, ...args) => page.evaluate(([c, a]) => window.capiton[c](...a), [command, args]);
  const state = () => page.evaluate(() => window.capiton.state());

  const start = async () => {
    browser = await launch(engine);
    page = await browser.open(base, { width: WIDTH, height: HEIGHT });
  };
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    const head = engine === 'webkit' ? PROBLEMS_SCRIPT : '';  // Firefox: puppeteer's console events
    server = await startServer(DIR, 0, { head });
    servers.push(server);
    base = `http://127.0.0.1:${server.address().port}/`;
    await start();
  });

  after(async () => {
    await browser?.close();
    for (const s of servers) s.close();
  });

  afterEach(async () => {
    assert.deepEqual(await page.problems(), [], `${engine}: the page logged errors`);
  });

  // A test of the suite. When it fails because the engine reports that the page's process crashed
  // (WebKitGTK's web process did once in CI, loading the course page's three views, and did not again
  // in 35 runs here), the failure is reported as a diagnostic, a new browser opens the app and the
  // test runs again from the start, once: a second crash or any other failure fails it. Each test
  // sets up what it needs, so that it can run on a fresh page.
  const test = (name, body) => nodeTest(name, async (t) => {
    const crashes = browser.crashes();
    try {
      await body(t);
    } catch (e) {
      await new Promise((ok) => setTimeout(ok, 500));  // the engine's crash report may come after the failure
      if (browser.crashes() === crashes) throw e;
      t.diagnostic(`${engine}'s page process crashed during the test; it runs again in a new browser. The failure: ${e.stack || e}`);
      try { await browser.close(); } catch (ignored) { /* the crashed browser: ended as far as it can be */ }
      await start();
      await body(t);
    }
  });

  test(`${engine}: the page loads without errors, capiton.ready resolves, the state is the lesson's start`, async (t) => {
    t.diagnostic(browser.version);
    assert.equal(await page.evaluate(() => window.capiton.ready.then(() => 'ready')), 'ready');
    await page.evaluate(waitFrames, 3);
    const s = await state();
    assert.equal(s.stage, 'seq2seq');
    assert.deepEqual(s.stages, STAGES);
    assert.equal(s.sentence, DEFAULT_SENTENCE);
    assert.deepEqual(s.tokens, DEFAULT_TOKENS);
    assert.equal(s.lang, 'en');
    assert.equal(s.trainingPlace, 'worker');
    assert.equal(s.matrices.weights.length, 7);
    assert.equal(await page.evaluate(() => document.getElementById('fatal').hidden), true, 'no "cannot run" message');
    assert.equal(await page.evaluate(() => Module.capitonCommand('heatmapGpu', {}).gpu), true, 'the grids are painted by the shader');
    await assertDrawn('the first screen');
    await screenshot('first-screen');
  });

  test(`${engine}: → steps through every stage, each drawn; ← steps back`, async () => {
    for (let i = 0; i < STAGES.length; i++) {
      if (i > 0) await page.key('ArrowRight');
      const s = await assertDrawn(`stage ${STAGES[i]}`);
      assert.equal(s.stage, STAGES[i], `after ${i} × →`);
      assert.equal(s.stageIndex, i);
    }
    await page.key('ArrowLeft');
    assert.equal((await state()).stage, STAGES[STAGES.length - 2]);
  });

  test(`${engine}: the page hook: goTo, setSentence, setParam, explain; refusals`, async () => {
    assert.deepEqual(await hook('goTo', 'scores'), { ok: true });
    assert.equal((await state()).stage, 'scores');
    const refused = await hook('goTo', 'nope');
    assert.equal(refused.ok, false);
    assert.match(refused.error, /nope|stage/i);
    assert.deepEqual(await hook('setSentence', 'the cat sat'), { ok: true });
    assert.deepEqual((await state()).tokens, ['the', 'cat', 'sat']);
    assert.deepEqual(await hook('setParam', 'mask', 'causal'), { ok: true });
    const masked = (await state()).matrices.masked;
    assert.equal(masked[0][1], -Infinity, 'a masked cell is -Infinity');
    const e = await hook('explain', 'scores', 1, 2);
    assert.equal(e.ok, true);
    assert.equal(e.kind, 'dotProduct');
    const dot = e.a.reduce((sum, x, k) => sum + x * e.b[k], 0);
    assert.ok(Math.abs(dot - e.value) < 1e-4, `explain: ${e.value} vs Σ a·b = ${dot}`);
    assert.deepEqual(await hook('setParam', 'mask', 'none'), { ok: true });
    assert.deepEqual(await hook('setSentence', DEFAULT_SENTENCE), { ok: true });
    assert.deepEqual((await state()).tokens, DEFAULT_TOKENS);
    // the address follows (history.replaceState, at most every 250 ms)
    await until(() => page.evaluate(() => location.hash.includes('stage=scores')), 10, 'the address to follow');
  });

  test(`${engine}: the share popup's Copy link writes the clipboard (mouse clicks on the canvas)`, async () => {
    assert.deepEqual(await hook('goTo', 'scores'), { ok: true });
    // every clipboard write the page makes, and how it ended
    await page.evaluate(() => {
      window.copies = [];
      const write = navigator.clipboard.writeText.bind(navigator.clipboard);
      navigator.clipboard.writeText = (text) => write(text).then(
        (v) => { window.copies.push({ text, result: 'ok' }); return v; },
        (e) => { window.copies.push({ text, result: `${e.name}: ${e.message}` }); throw e; });
      return true;
    });
    await clickWidget('share');
    await clickWidget('share:copy-link');
    try {
      await until(() => page.evaluate(() => window.copies.length > 0), 10, 'a clipboard write');
    } finally {
      await screenshot('share-popup');
    }
    const [copy] = await page.evaluate(() => window.copies);
    assert.equal(copy.result, 'ok', `the link was not copied: ${copy.result}`);
    assert.ok(copy.text.startsWith(base) && copy.text.includes('stage=scores'), copy.text);
    await clickWidget('share:close');
    await until(async () => (await widgetRect('share:link')) === null, 5, 'the popup to close');
  });

  test(`${engine}: typing: keys reach the sentence once; the textarea at the caret hands over composed, inserted and deleted text`, async () => {
    assert.deepEqual(await hook('goTo', 'tokens'), { ok: true });
    assert.deepEqual(await hook('setSentence', 'a'), { ok: true });
    await page.evaluate(waitFrames, 3);
    const r = await widgetRect('sentence');
    await page.click(r.x + r.w - 4, r.y + r.h / 2);  // the caret after the "a"
    await until(() => page.evaluate(() => document.activeElement === document.getElementById('typing')), 5,
                'the textarea to be focused at the caret');
    await page.key('b');  // an ordinary key: the app's own, kept out of the textarea
    // What an input method commits and what a phone keyboard or a paste inserts, as the textarea's
    // events bring them (the engine's own input method cannot be driven here).
    // The textarea keeps a zero-width space before its caret, for a phone's Backspace to delete.
    const events = [
      ['compositionstart', ''], ['insertCompositionText', 'niao'], ['compositionend', '鸟'],
      ['insertText', '天'], ['deleteContentBackward', null], ['insertText', '云'],
    ];
    for (const [type, data] of events) {
      await page.evaluate(([type, data]) => {
        const t = document.getElementById('typing');
        if (type.startsWith('composition')) {
          if (data) t.value = '\u200b' + data;
          t.dispatchEvent(new CompositionEvent(type, { data }));
        } else {
          t.value = data === null ? '' : '\u200b' + data;
          t.dispatchEvent(new InputEvent('input', { inputType: type, data, isComposing: type.includes('Composition') }));
        }
        return true;
      }, [type, data]);
      await page.evaluate(waitFrames, 3);  // a Backspace takes two frames
    }
    assert.equal(await page.evaluate(() => document.getElementById('typing').value), '\u200b', 'the textarea is emptied');
    await page.key('Enter');
    assert.equal((await state()).sentence, 'ab鸟云');
    assert.equal(await page.evaluate(() => document.activeElement === document.getElementById('canvas')), true,
                 'the keyboard is back on the canvas after Enter');
    assert.deepEqual(await hook('setSentence', DEFAULT_SENTENCE), { ok: true });
  });

  test(`${engine}: Tab walks the controls and, past the last one, leaves the app: the keyboard is never trapped`, async () => {
    assert.deepEqual(await hook('goTo', 'tokens'), { ok: true });
    // the focus leaving the canvas (or the sentence box's textarea) for something else: a button after
    // the canvas, as a course page has (WebKit under WebDriver has no browser window to go on to, and
    // brings the focus round to the canvas, the page's one element that takes it)
    await page.evaluate(() => {
      const mine = (e) => !!e && (e.id === 'canvas' || e.id === 'typing');
      window.leftApp = 0;
      document.addEventListener('focusout', (e) => { if (mine(e.target) && !mine(e.relatedTarget)) window.leftApp++; }, true);
      const after = document.body.appendChild(document.createElement('button'));
      after.id = 'after-app';
      after.textContent = 'after';
      document.getElementById('canvas').focus();
      return true;
    });
    const seen = new Set();
    let left = false, presses = 0;
    for (; presses < 120 && !left; presses++) {
      await page.key('Tab');
      const [focus, gone] = await page.evaluate(() => [window.capiton.state().keyboardFocus, window.leftApp > 0]);
      if (focus) seen.add(focus);
      left = gone;
    }
    assert.ok(left, `Tab never left the app (${presses} presses through ${[...seen].join(', ')})`);
    assert.ok(seen.has('sentence') && seen.has('stage:next'), [...seen].join(', '));
    assert.equal((await state()).keyboardFocus, '', 'no control keeps the ring once the keyboard left');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'after-app', 'the focus went on to the next element');
    await page.evaluate(() => { document.getElementById('after-app').remove(); document.getElementById('canvas').focus(); return true; });
  });

  test(`${engine}: the screen-reader mirror holds the stage's title and its matrices as tables`, async () => {
    assert.deepEqual(await hook('goTo', 'softmax'), { ok: true });
    await until(() => page.evaluate(() => document.getElementById('a11y-title').textContent.startsWith('Softmax')), 10,
                'the mirror\'s title');
    const region = await page.evaluate(() => ({
      live: !!document.querySelector('#a11y [aria-live="polite"]'),
      body: document.getElementById('a11y-body').textContent,
      width: document.getElementById('a11y').getBoundingClientRect().width,
      lang: document.documentElement.lang,
      tables: [...document.querySelectorAll('#a11y-tables table')].map((t) => ({
        caption: t.querySelector('caption').textContent,
        cols: [...t.querySelectorAll('th[scope="col"]')].map((th) => th.textContent),
        rows: [...t.querySelectorAll('th[scope="row"]')].map((th) => th.textContent),
        first: [...t.querySelectorAll('tr')][1].querySelector('td').textContent,
      })),
    }));
    assert.ok(region.live);
    assert.ok(region.body.length > 50, region.body);
    assert.ok(region.width <= 1, 'visually hidden');
    assert.equal(region.lang, 'en');
    const weights = region.tables.find((x) => x.caption.startsWith('weights'));
    assert.ok(weights, region.tables.map((x) => x.caption).join(' | '));
    assert.deepEqual(weights.cols, DEFAULT_TOKENS);
    assert.deepEqual(weights.rows, DEFAULT_TOKENS);
    assert.equal(weights.first, (await state()).matrices.weights[0][0].toFixed(2));
    await assertDrawn('softmax');
    await screenshot('softmax');
  });

  test(`${engine}: training steps in its worker and the state follows`, async () => {
    assert.deepEqual(await hook('goTo', 'training'), { ok: true });
    assert.deepEqual(await hook('train', 'apple'), { ok: true });
    await until(async () => (await state()).training?.step >= 20, 60, 'training to reach step 20');
    const s = await state();
    assert.equal(s.trainingPlace, 'worker');
    assert.equal(s.training.task, 'apple');
    assert.equal(s.training.running, true);
    assert.deepEqual(await hook('pause'), { ok: true });
    await until(async () => (await state()).training.running === false, 10, 'training to pause');
    await assertDrawn('training');
  });

  test(`${engine}: a course page on another origin drives its views by postMessage, also with no referrer`, async (t) => {
    const head = engine === 'webkit' ? PROBLEMS_SCRIPT : '';
    const host = await startServer(FIXTURES, 0, { head });
    const third = await startServer(FIXTURES, 0, { head });
    servers.push(host, third);
    const app = base.replace(/\/$/, '');
    await page.goto(`http://127.0.0.1:${host.address().port}/host.html?noreferrer=1&app=${encodeURIComponent(app)}` +
                    `&third=${encodeURIComponent(`http://127.0.0.1:${third.address().port}`)}`);
    await until(() => page.evaluate(() => window.events.filter((e) => e.type === 'ready' && e.frame < 2).length === 2), 90,
                'the ready events of views 0 and 1');
    const ready = await page.evaluate(() => window.events.filter((e) => e.type === 'ready'));
    const first = ready.find((e) => e.frame === 0).state, second = ready.find((e) => e.frame === 1).state;
    assert.equal(first.stage, 'softmax');
    assert.equal(first.lang, 'zh');
    assert.equal(second.stage, 'scores');
    assert.deepEqual(second.tokens, ['the', 'cat', 'sat']);
    // what each view knows of its parent (diagnostic: Firefox, WebKit and Chromium differ here)
    for (const frame of ['lang=zh', 'allow=']) {
      const seen = await page.evaluateIn(frame, () => ({
        ancestorOrigins: location.ancestorOrigins ? [...location.ancestorOrigins] : 'not offered', referrer: document.referrer,
      }));
      t.diagnostic(`${frame === 'lang=zh' ? 'view 0' : 'view 1 (no-referrer)'} sees ${JSON.stringify(seen)}`);
    }

    const send = (i, m) => page.evaluate(([j, msg]) => window.send(j, msg), [i, m]);
    // view 0 knows its parent's origin
    assert.deepEqual(await send(0, { capiton: 1, type: 'goTo', id: 'a1', stage: 'output' }),
                     { capiton: 1, type: 'reply', id: 'a1', ok: true });
    await until(() => page.evaluate(() => window.events.some((e) => e.frame === 0 && e.type === 'stageChanged' && e.stage === 'output')),
                10, 'view 0\'s stageChanged event');
    // view 1 (no referrer) is driven by the origin its link allows
    assert.equal((await send(1, { capiton: 1, type: 'getState', id: 'b0' })).state.stage, 'scores', 'the other view is untouched');
    assert.equal((await send(1, { capiton: 1, type: 'setSentence', id: 'b1', text: 'a dog ran home' }))?.ok, true);
    await until(() => page.evaluate(() => window.events.some((e) => e.frame === 1 && e.type === 'stateChanged' &&
                                                                    e.state.tokens.join(' ') === 'a dog ran home')),
                10, 'view 1\'s stateChanged event');
    const refused = await send(1, { capiton: 1, type: 'setLanguage', id: 'b2', lang: 'fr' });
    assert.equal(refused?.ok, false);
    assert.equal(typeof refused.error, 'string');
    // malformed, and from another site's frame: dropped without a reply, counted
    await page.evaluate(() => window.post(1, { capiton: 1, type: 'goTo', stage: 'output' }));  // no id
    await page.evaluateIn('third.html', () => {
      for (let i = 0; i < 5; i++) parent.frames[0].postMessage({ capiton: 1, type: 'goTo', id: 'evil' + i, stage: 'tokens' }, '*');
      return true;
    });
    const zero = (await send(0, { capiton: 1, type: 'getState', id: 'a2' })).state;
    assert.equal(zero.stage, 'output');
    assert.equal(zero.rejectedMessages, 5);
    assert.equal((await send(1, { capiton: 1, type: 'getState', id: 'b3' })).state.rejectedMessages, 1);
    assert.equal(await page.evaluate(() => 'evil0' in window.replies), false);
    // view 2, no referrer and no allow=: driven only where the browser still tells the frame its
    // parent's origin (Chromium, WebKit); where it hides it (Firefox), the page's author is told why
    await until(() => page.evaluateIn('stage=tokens', () => !!window.capiton && window.capiton.ready.then(() => true))
      .catch(() => false), 60, 'view 2 to be ready');
    const parentVisible = await page.evaluateIn('stage=tokens', () => {
      const o = location.ancestorOrigins && location.ancestorOrigins[0];
      return (!!o && o !== 'null') || document.referrer !== '';
    });
    t.diagnostic(`view 2 (no referrer, no allow=): its parent's origin is ${parentVisible ? 'visible' : 'hidden'}`);
    const hidden = (await page.warnings()).filter((w) => w.includes('hides its origin'));
    if (parentVisible) {
      assert.equal((await send(2, { capiton: 1, type: 'getState', id: 'c0' }))?.state?.stage, 'tokens');
      assert.deepEqual(hidden, []);
    } else {
      assert.equal(await send(2, { capiton: 1, type: 'getState', id: 'c0' }), null, 'no reply to a page whose origin is hidden');
      assert.equal(hidden.length, 1, 'one warning for the page\'s author');
    }
    await screenshot('course-page');

    // view 1's frame has no allow="clipboard-write": Copy link still writes the clipboard, by writeText
    // where the engine lets such a frame use it, else by the browser's copy command (each recorded with
    // the text it was given and whether the browser says it copied)
    await page.evaluateIn('allow=', () => {
      window.copies = [];
      if (navigator.clipboard && navigator.clipboard.writeText) {
        const write = navigator.clipboard.writeText.bind(navigator.clipboard);
        navigator.clipboard.writeText = (text) => write(text).then(
          (v) => { window.copies.push({ how: 'writeText', text, copied: true }); return v; },
          (e) => { window.copies.push({ how: 'writeText', text, copied: false, why: `${e.name}: ${e.message}` }); throw e; });
      }
      const command = document.execCommand.bind(document);
      document.execCommand = (name, ...rest) => {
        const copied = command(name, ...rest);
        const area = [...document.querySelectorAll('textarea')].find((a) => a.readOnly);
        if (name === 'copy') window.copies.push({ how: 'execCommand', text: area ? area.value : '', copied });
        return copied;
      };
      return true;
    });
    const frameAt = await page.evaluate(() => {
      const f = document.querySelectorAll('iframe')[1];
      f.scrollIntoView({ block: 'start' });
      const r = f.getBoundingClientRect();
      return { x: r.left, y: r.top };
    });
    await clickWidget('share', { view: 'allow=', offset: frameAt });
    await clickWidget('share:copy-link', { view: 'allow=', offset: frameAt });
    try {
      await until(() => page.evaluateIn('allow=', () => window.copies.some((c) => c.copied)), 10, 'the link copied in view 1');
    } finally {
      t.diagnostic(`view 1 without allow=: ${JSON.stringify(await page.evaluateIn('allow=', () => window.copies))}`);
      await screenshot('course-page-copied');
    }
    const copy = (await page.evaluateIn('allow=', () => window.copies)).find((c) => c.copied);
    assert.ok(copy.text.includes('stage=scores') && copy.text.includes('a%20dog%20ran%20home'), copy.text);  // the sentence sent above
  });
}
