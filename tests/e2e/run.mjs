// Browser tests: the built page in Debian's chromium, driven by playwright-core.
//   node run.mjs --dir <built web dir> --out <folder for screenshots>
// Fails on any console error or page error. Screenshots of every stage go to --out.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/lib/static-server.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const DIR = arg('--dir', 'build/wasm-release/web');
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const OUT = arg('--out', 'build/wasm-release/e2e');
mkdirSync(OUT, { recursive: true });

const STAGES = ['seq2seq', 'similarity', 'tokens', 'embedding', 'projection', 'scores', 'scale', 'mask', 'softmax',
                'weighting', 'output', 'training'];
const DEFAULT_TOKENS = ['I', 'saw', 'a', 'bird', 'in', 'the', 'sky'];

let server, browser, page, base;
const problems = [];  // console errors and page errors, checked after every test

async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

// A page in a context of its own (locale, colour scheme, device scale as given), waited until ready,
// with its console errors and page errors collected.
async function openPage(width = 1366, height = 768, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width, height }, ...contextOptions });
  const p = await context.newPage();
  p.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await p.goto(base);
  await p.evaluate(() => window.capiton.ready);
  // ready = the first frame is drawn; a window ImGui meets for the first time lays its items out
  // over the next frame or two, so widgets are findable (rect) only after those.
  await frames(p, 3);
  return p;
}

// Polls an async condition in the page (waitForFunction does not await a promise) for up to 20 s
// (or `seconds`).
async function until(p, condition, seconds = 20) {
  const source = `(${condition})()`;
  for (let i = 0; i < seconds * 10; i++) {
    if (await p.evaluate(source)) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.fail(`timed out waiting for ${condition}`);
}

// Waits until the app has drawn a few more frames, so that input has been handled and shown.
async function frames(p, count = 3) {
  await p.evaluate((n) => new Promise((ok) => {
    const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : ok());
    step(n);
  }), count);
}

// ImGui needs press and release on different frames.
async function key(p, name) {
  await p.keyboard.down(name);
  await frames(p, 1);
  await p.keyboard.up(name);
  await frames(p, 1);
}

// Where the app drew a widget in the last frame (ui::widget_rect): {x, y, w, h}.
async function rect(p, id) {
  const r = await p.evaluate((i) => JSON.parse(Module.ccall('capiton_debug_rect', 'string', ['string'], [i])), id);
  assert.ok(r, `widget ${id} is not on screen`);
  return r;
}
async function clickWidget(p, id) {
  const r = await rect(p, id);
  await click(p, r.x + r.w / 2, r.y + r.h / 2);
}
// Centre of cell (i, j) of a matrix grid.
async function cellCentre(p, matrix, i, j, rows, cols) {
  const r = await rect(p, `grid:${matrix}`);
  return [r.x + (j + 0.5) * (r.w / cols), r.y + (i + 0.5) * (r.h / rows)];
}

// Focus the sentence box and delete its text. ImGui 1.86 reads key state once per frame, so every
// key of a shortcut is held across frames (a press and release inside one frame would be lost).
async function clearSentenceBox(p) {
  await clickWidget(p, 'sentence');
  await p.keyboard.down('Control');
  await key(p, 'a');
  await p.keyboard.up('Control');
  await key(p, 'Backspace');
}

async function click(p, x, y) {
  await p.mouse.move(x, y);
  await frames(p, 2);
  await p.mouse.down();
  await frames(p, 2);
  await p.mouse.up();
  await frames(p, 2);
}

// Decodes a screenshot inside the page once: the luminance variance of its pixels (a blank canvas has
// ~0) and the colour of the pixel at CSS position (x, y).
async function imageStats(p, png, x, y) {
  return p.evaluate(async ([b64, px, py]) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let sum = 0, sum2 = 0, n = 0;
    for (let i = 0; i < d.length; i += 16) {  // every 4th pixel, luminance
      const lum = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      sum += lum; sum2 += lum * lum; n++;
    }
    const mean = sum / n;
    const at = 4 * (Math.round(py * img.height / innerHeight) * img.width + Math.round(px * img.width / innerWidth));
    return { variance: sum2 / n - mean * mean, pixel: [d[at], d[at + 1], d[at + 2]] };
  }, [png.toString('base64'), x, y]);
}

// Screenshot the page and return how varied its pixels are, after checking that the app's background
// is there in the expected theme (a lost font atlas turns it black).
async function screenshotVariance(p, file, { dark = false } = {}) {
  const png = await p.screenshot({ path: join(OUT, file) });
  const { variance, pixel: [r, g, b] } = await imageStats(p, png, 4, 140);
  if (dark) assert.ok(r < 40 && g < 40 && b < 45, `${file}: background at (4, 140) is rgb(${r}, ${g}, ${b}), not the dark theme`);
  else assert.ok(r > 230 && g > 230 && b > 225, `${file}: background at (4, 140) is rgb(${r}, ${g}, ${b}), not the light theme`);
  return variance;
}

before(async () => {
  server = await startServer(DIR, 0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
  page = await openPage();
});

after(async () => {
  await browser?.close();
  server?.close();
});

afterEach(() => {
  const found = problems.splice(0);
  assert.deepEqual(found, [], 'the page logged errors');
});

test('the page becomes ready and state() has the promised shape', async () => {
  const s = await page.evaluate(() => window.capiton.state());
  assert.equal(s.stage, 'seq2seq');  // the lesson starts with why attention exists
  assert.equal(s.stageIndex, 0);
  assert.deepEqual(s.stages, STAGES);
  assert.equal(s.sentence, 'I saw a bird in the sky');
  assert.deepEqual(s.tokens, DEFAULT_TOKENS);
  assert.equal(s.d_model, 8);
  assert.equal(s.d_k, 4);
  assert.equal(s.mask, 'none');
  const n = 7;
  const shapes = { X: [n, 8], W_Q: [8, 4], W_K: [8, 4], W_V: [8, 4], Q: [n, 4], K: [n, 4], V: [n, 4],
                   scores: [n, n], scaled: [n, n], weights: [n, n], output: [n, 4] };
  for (const [name, [rows, cols]] of Object.entries(shapes)) {
    const m = s.matrices[name];
    assert.equal(m.length, rows, `${name} rows`);
    for (const row of m) assert.equal(row.length, cols, `${name} cols`);
  }
  // Numbers the page shows must agree with each other: scaled = scores / √d_k, rows of weights sum to 1.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) assert.ok(Math.abs(s.matrices.scaled[i][j] - s.matrices.scores[i][j] / 2) < 1e-5);
    const sum = s.matrices.weights[i].reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-5, `row ${i} of weights sums to ${sum}`);
  }
});

test('the → key steps through every stage, ← steps back; each stage renders', async () => {
  for (let i = 0; i < STAGES.length; i++) {
    if (i > 0) await key(page, 'ArrowRight');
    const s = await page.evaluate(() => window.capiton.state());
    assert.equal(s.stage, STAGES[i]);
    assert.equal(s.stageIndex, i);
    const variance = await screenshotVariance(page, `stage-${i + 1}-${STAGES[i]}.png`);
    assert.ok(variance > 200, `stage ${STAGES[i]} looks blank (luminance variance ${variance.toFixed(1)})`);
  }
  await key(page, 'ArrowRight');  // stays on the last stage
  assert.equal((await page.evaluate(() => window.capiton.state())).stage, STAGES[STAGES.length - 1]);
  await key(page, 'ArrowLeft');
  assert.equal((await page.evaluate(() => window.capiton.state())).stage, STAGES[STAGES.length - 2]);
});

test('goTo moves to a stage by id and refuses unknown ids', async () => {
  assert.deepEqual(await page.evaluate(() => window.capiton.goTo('softmax')), { ok: true });
  assert.equal((await page.evaluate(() => window.capiton.state())).stage, 'softmax');
  for (const bad of ['Softmax', '', 'tokens; alert(1)', null, 42]) {
    const r = await page.evaluate((b) => window.capiton.goTo(b), bad);
    assert.equal(r.ok, false);
    assert.match(r.error, /stage/);
  }
  assert.equal((await page.evaluate(() => window.capiton.state())).stage, 'softmax');
});

test('typing a new sentence into the box changes the tokens', async () => {
  await page.evaluate(() => window.capiton.goTo('tokens'));
  await clearSentenceBox(page);
  await page.keyboard.type('The fish swims in the sea.', { delay: 20 });
  await key(page, 'Enter');
  const s = await page.evaluate(() => window.capiton.state());
  assert.equal(s.sentence, 'The fish swims in the sea.');
  assert.deepEqual(s.tokens, ['The', 'fish', 'swims', 'in', 'the', 'sea', '.']);
  assert.equal(s.matrices.weights.length, 7);
  await screenshotVariance(page, 'typed-sentence.png');
});

test('setSentence: Chinese and mixed text', async () => {
  let r = await page.evaluate(() => window.capiton.setSentence('我在天空中看到一只鸟'));
  assert.deepEqual(r, { ok: true });
  let s = await page.evaluate(() => window.capiton.state());
  assert.deepEqual(s.tokens, ['我', '在', '天', '空', '中', '看', '到', '一', '只', '鸟']);
  assert.equal(s.matrices.scores.length, 10);
  r = await page.evaluate(() => window.capiton.setSentence("I don't see 鸟"));
  assert.deepEqual(r, { ok: true });
  s = await page.evaluate(() => window.capiton.state());
  assert.deepEqual(s.tokens, ['I', "don't", 'see', '鸟']);
});

test('bad sentences give a clear error and leave the state unchanged', async () => {
  await page.evaluate(() => window.capiton.setSentence('I saw a bird in the sky'));
  await page.evaluate(() => window.capiton.goTo('scores'));
  const before = await page.evaluate(() => JSON.stringify(window.capiton.state()));
  const cases = [
    ['', /empty/],
    ['   \t  ', /only spaces/],
    ['x'.repeat(5000), /too long/],
    [Array(70).fill('w').join(' '), /Too many tokens/],
    ['evil \u202e txt', /control character/],
    ['bell\u0007', /control character/],
  ];
  for (const [text, pattern] of cases) {
    const r = await page.evaluate((t) => window.capiton.setSentence(t), text);
    assert.equal(r.ok, false, `accepted ${JSON.stringify(text.slice(0, 20))}`);
    assert.match(r.error, pattern);
  }
  // Lone surrogates are built inside the page: crossing into it would already repair them.
  for (const code of [0xd800, 0xdfff]) {
    const r = await page.evaluate((c) => window.capiton.setSentence('lone ' + String.fromCharCode(c) + ' x'), code);
    assert.equal(r.ok, false);
    assert.match(r.error, /not valid Unicode/);
  }
  for (const bad of [null, undefined, 7, { toString: 1 }]) {
    const r = await page.evaluate((b) => window.capiton.setSentence(b), bad);
    assert.equal(r.ok, false);
  }
  assert.equal(await page.evaluate(() => JSON.stringify(window.capiton.state())), before);
});

test('a bad sentence typed into the box shows an error and keeps the state', async () => {
  const before = await page.evaluate(() => JSON.stringify(window.capiton.state()));
  await clearSentenceBox(page);
  await page.keyboard.type('   ', { delay: 20 });
  await key(page, 'Enter');
  assert.equal(await page.evaluate(() => JSON.stringify(window.capiton.state())), before);
  await screenshotVariance(page, 'bad-sentence-error.png');
  // restore the box
  await page.evaluate(() => window.capiton.setSentence('I saw a bird in the sky'));
});

test('clicking a token selects it; masks show as -Infinity', async () => {
  await page.evaluate(() => window.capiton.goTo('tokens'));
  await frames(page);
  await clickWidget(page, 'token:3');  // the "4 bird" chip
  let s = await page.evaluate(() => window.capiton.state());
  assert.equal(s.selectedToken, 3);
  await page.evaluate(() => window.capiton.goTo('weighting'));
  await frames(page);
  await screenshotVariance(page, 'selected-bird-weighting.png');
});

test('the grids are painted by the heatmap shader (GLSL ES 3.00)', async () => {
  assert.equal(await page.evaluate(() => Module._capiton_heatmap_gpu()), 1);
});

test('clicking "causal" on the mask stage masks the future with -Infinity', async () => {
  await page.evaluate(() => window.capiton.setSentence('I saw a bird in the sky'));
  await page.evaluate(() => window.capiton.goTo('mask'));
  await frames(page);
  const before = await page.evaluate(() => window.capiton.state());
  assert.equal(before.mask, 'none');
  await clickWidget(page, 'mask:causal');
  const s = await page.evaluate(() => window.capiton.state());
  assert.equal(s.mask, 'causal');
  for (let i = 0; i < 7; i++) {
    for (let j = 0; j < 7; j++) {
      if (j > i) {
        assert.equal(s.matrices.masked[i][j], -Infinity);
        assert.equal(s.matrices.weights[i][j], 0);
      } else {
        assert.ok(Number.isFinite(s.matrices.masked[i][j]));
      }
    }
  }
  assert.equal(s.matrices.weights[0][0], 1);
  await screenshotVariance(page, 'mask-causal.png');
});

test('HiDPI: the canvas has devicePixelRatio times as many pixels as CSS pixels', async () => {
  const p = await openPage(800, 600, { deviceScaleFactor: 2 });
  await frames(p);
  const size = await p.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight };
  });
  assert.deepEqual(size, { w: 1600, h: 1200, cw: 800, ch: 600 });
  await screenshotVariance(p, 'hidpi-tokens.png');
  await p.close();
});

test('the window can be resized and the canvas follows', async () => {
  const p = await openPage(1000, 700);
  await p.setViewportSize({ width: 700, height: 500 });
  await frames(p, 6);
  const size = await p.evaluate(() => ({ w: document.getElementById('canvas').width, h: document.getElementById('canvas').height }));
  assert.deepEqual(size, { w: 700, h: 500 });
  const v = await screenshotVariance(p, 'resized-700x500.png');
  assert.ok(v > 200);
  await p.close();
});

test('the loading bar fills as the .wasm downloads', async () => {
  const p = await openPage(800, 600);
  assert.equal(await p.evaluate(() => parseFloat(document.getElementById('progress').style.width)), 100);
  assert.equal(await p.evaluate(() => document.getElementById('loading').hidden), true);
  await p.close();
});

for (const [feature, script, pattern] of [
  ['WebGL 2', () => {
    const get = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
      return kind === 'webgl2' ? null : get.call(this, kind, ...rest);
    };
  }, /WebGL 2/],
  ['WebAssembly', () => { delete window.WebAssembly; }, /WebAssembly/],
  ['WebAssembly SIMD', () => { WebAssembly.validate = () => false; }, /WebAssembly SIMD/],
]) {
  test(`a browser without ${feature} gets a readable message`, async () => {
    const p = await browser.newPage({ viewport: { width: 800, height: 600 } });
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await p.addInitScript(script);
    await p.goto(base);
    await p.waitForSelector('#fatal:not([hidden])');
    const text = await p.textContent('#fatal');
    assert.match(text, /cannot run in this browser/);
    assert.match(text, pattern);
    assert.equal(await p.evaluate(() => document.querySelector('script[src="capiton.js"]')), null);
    await p.screenshot({ path: join(OUT, `missing-${feature.replace(/\W+/g, '-')}.png`) });
    await p.close();
  });
}

test('hovering a score cell reports it and lights up its explanation', async () => {
  await page.evaluate(() => { window.capiton.setSentence('I saw a bird in the sky'); window.capiton.goTo('scores'); });
  await frames(page);
  const [x, y] = await cellCentre(page, 'scores', 5, 4, 7, 7);  // row "the", column "in"
  await page.mouse.move(x, y);
  await frames(page, 4);
  const s = await page.evaluate(() => window.capiton.state());
  assert.deepEqual(s.hover, { matrix: 'scores', row: 5, col: 4 });
  await screenshotVariance(page, 'hover-scores-explanation.png');
  await page.mouse.move(5, 760);  // away: nothing hovered
  await frames(page, 4);
  assert.equal((await page.evaluate(() => window.capiton.state())).hover, null);
});

// Presses Tab until the keyboard ring is on `id` (at most 80 presses); returns the ids passed.
async function tabTo(p, id) {
  const seen = [];
  for (let i = 0; i < 80; i++) {
    await key(p, 'Tab');
    const f = (await p.evaluate(() => window.capiton.state())).keyboardFocus;
    seen.push(f);
    if (f === id) return seen;
  }
  assert.fail(`Tab never reached ${id}; it went through ${seen.join(', ')}`);
}

test('keyboard: Tab reaches the grids, the arrow keys move the cell and it explains itself; Esc gives ← / → back', async () => {
  await page.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.setSentence('I saw a bird in the sky'); window.capiton.goTo('scores'); });
  await page.mouse.move(3, 3);  // the pointer hovers nothing
  await frames(page);
  assert.equal((await page.evaluate(() => window.capiton.state())).hover, null);
  await tabTo(page, 'grid:Q');
  const first = (await page.evaluate(() => window.capiton.state())).hover;
  assert.deepEqual(first, { matrix: 'Q', row: 0, col: 0 }, 'the focused grid explains its first cell');
  await key(page, 'ArrowDown');
  await key(page, 'ArrowRight');
  await key(page, 'ArrowRight');
  let s = await page.evaluate(() => window.capiton.state());
  assert.equal(s.stage, 'scores', '→ moves the cell, not the stage, while a grid has the focus');
  assert.deepEqual(s.hover, { matrix: 'Q', row: 1, col: 2 });
  await tabTo(page, 'grid:scores');
  const e = await page.evaluate(() => window.capiton.explain('scores', 0, 0));
  s = await page.evaluate(() => window.capiton.state());
  assert.deepEqual(s.hover, { matrix: 'scores', row: 0, col: 0 });
  assert.equal(e.value, s.matrices.scores[0][0]);
  await screenshotVariance(page, 'keyboard-scores-cell.png');
  await key(page, 'Escape');
  s = await page.evaluate(() => window.capiton.state());
  assert.equal(s.hover, null);
  assert.equal(s.keyboardFocus, '');
  await key(page, 'ArrowRight');
  assert.equal((await page.evaluate(() => window.capiton.state())).stage, 'scale');
});

test('keyboard only: every kind of control is reachable and works with Enter, Space and the arrows', async () => {
  const p = await openPage(1366, 768);
  await p.evaluate(() => window.capiton.goTo('tokens'));
  await p.mouse.move(3, 3);
  await frames(p);
  // a stage button: Enter goes there
  const passed = await tabTo(p, 'stage:softmax');
  for (const id of ['language', 'theme', 'd_model', 'd_k', 'mask', 'sentence', 'show', 'reset', 'share', 'stage:prev', 'stage:tokens'])
    assert.ok(passed.includes(id), `Tab passes ${id} on the way (${passed.join(', ')})`);
  await key(p, 'Enter');
  assert.equal((await p.evaluate(() => window.capiton.state())).stage, 'softmax');
  await screenshotVariance(p, 'keyboard-focus-stage-button.png');
  // an analogy switch: Space toggles it
  await tabTo(p, 'layer:search');
  await key(p, ' ');
  assert.deepEqual((await p.evaluate(() => window.capiton.state())).layers, ['search']);
  // a menu: ↓ picks the next value
  await tabTo(p, 'd_k');
  await key(p, 'ArrowDown');
  assert.equal((await p.evaluate(() => window.capiton.state())).d_k, 8);
  // a slider: ↑ raises the temperature
  await tabTo(p, 'experiment:temperature');
  await key(p, 'ArrowUp');
  assert.equal((await p.evaluate(() => window.capiton.state())).t, 1.25);
  // a question: Enter answers and reveals
  await tabTo(p, 'question:0');
  await key(p, 'Enter');
  assert.ok('softmax' in (await p.evaluate(() => window.capiton.state())).answers);
  // the similarity stage's vectors: the arrow keys move the focused tip by 0.25
  await p.evaluate(() => window.capiton.goTo('similarity'));
  await frames(p);
  const a0 = (await p.evaluate(() => window.capiton.state())).similarity.a;
  await tabTo(p, 'vector:a');
  await key(p, 'ArrowRight');
  await key(p, 'ArrowUp');
  await key(p, 'ArrowUp');
  const sim = await p.evaluate(() => window.capiton.state());
  assert.equal(sim.stage, 'similarity', 'the arrows move the vector, not the stage');
  assert.deepEqual(sim.similarity.a, [a0[0] + 0.25, a0[1] + 0.5]);
  await key(p, 'Escape');
  // the sentence box: Tab lands in it, typing works, Enter shows the sentence
  await tabTo(p, 'sentence');
  await p.keyboard.down('Control');
  await key(p, 'a');
  await p.keyboard.up('Control');
  await p.keyboard.type('the end');
  await key(p, 'Enter');
  assert.deepEqual((await p.evaluate(() => window.capiton.state())).tokens, ['the', 'end']);
  await p.context().close();
});

test('touch: tapping a cell explains it, like hovering', async () => {
  const p = await openPage(1024, 768, { hasTouch: true, isMobile: true, deviceScaleFactor: 2 });  // a tablet
  await p.evaluate(() => window.capiton.goTo('scores'));
  await frames(p);
  const [x, y] = await cellCentre(p, 'scores', 0, 1, 7, 7);
  assert.ok(y < 768, 'the first row of the scores grid is on screen');
  await p.touchscreen.tap(x, y);
  await frames(p, 4);
  assert.deepEqual((await p.evaluate(() => window.capiton.state())).hover, { matrix: 'scores', row: 0, col: 1 });
  await screenshotVariance(p, 'touch-tap-scores.png');
  await p.context().close();
});

test('touch on a phone: one finger scrolls the lesson, two fingers pinch the zoom; the layout fits 390 px', async () => {
  const p = await openPage(390, 844, { hasTouch: true, isMobile: true, deviceScaleFactor: 3 });
  const cdp = await p.context().newCDPSession(p);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  const drag = async (from, to, steps = 8) => {  // each finger from from[i] to to[i]
    await touch('touchStart', from);
    await frames(p, 2);
    for (let k = 1; k <= steps; k++) {
      await touch('touchMove', from.map(([x, y], i) => [x + (to[i][0] - x) * k / steps, y + (to[i][1] - y) * k / steps]));
      await frames(p, 1);
    }
    await touch('touchEnd', []);
    await frames(p, 3);
  };
  await p.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.goTo('scores'); });
  await frames(p, 3);
  for (const id of ['sentence', 'share', 'stage:next', 'layer:qkv', 'd_k', 'mask']) {  // (wide grids scroll sideways)
    const r = await rect(p, id);
    assert.ok(r.x >= 0 && r.x + r.w <= 390 + 1, `${id} fits across the phone (${JSON.stringify(r)})`);
  }
  await screenshotVariance(p, 'phone-390-scores.png');
  const before = await rect(p, 'grid:scores');
  await drag([[200, 700]], [[200, 300]]);  // swipe up
  const after = await rect(p, 'grid:scores');
  assert.ok(after.y < before.y - 200, `the lesson scrolled up (grid top ${before.y} -> ${after.y})`);
  const s = await p.evaluate(() => window.capiton.state());
  assert.equal(s.selectedToken, -1, 'a swipe over a grid is not a click');
  await screenshotVariance(p, 'phone-390-scrolled.png');
  const small = await rect(p, 'layer:qkv');
  await drag([[150, 400], [240, 400]], [[60, 400], [330, 400]], 10);  // spread two fingers
  await frames(p, 4);
  const big = await rect(p, 'layer:qkv');
  assert.ok(big.h > small.h * 1.2, `pinching out zooms in (checkbox ${small.h} -> ${big.h} px)`);
  await p.context().close();
});

test('explain(): each kind of cell adds up to the value on screen', async () => {
  const s = await page.evaluate(() => window.capiton.state());
  const m = s.matrices;
  const dot = (a, b) => a.reduce((acc, x, k) => acc + x * b[k], 0);
  const close = (x, y, tol = 1e-5) => Math.abs(x - y) <= tol * (1 + Math.abs(y));
  // scores[bird][sky] = Q[bird] · K[sky], with the operands named
  let e = await page.evaluate(() => window.capiton.explain('scores', 3, 6));
  assert.equal(e.kind, 'dotProduct');
  assert.deepEqual(e.a, m.Q[3]);
  assert.deepEqual(e.b, m.K[6]);
  assert.ok(close(dot(e.a, e.b), m.scores[3][6]));
  assert.deepEqual(e.operands, [{ matrix: 'Q', row: 3, col: -1 }, { matrix: 'K', row: 6, col: -1 }]);
  // output[bird][2] = Σ weights[bird][k] · V[k][2]
  e = await page.evaluate(() => window.capiton.explain('output', 3, 2));
  assert.deepEqual(e.b, m.V.map((row) => row[2]));
  assert.ok(close(dot(e.a, e.b), m.output[3][2]));
  // scaled = score / √d_k
  e = await page.evaluate(() => window.capiton.explain('scaled', 1, 2));
  assert.equal(e.divisor, 2);
  assert.ok(close(e.a[0] / e.divisor, m.scaled[1][2]));
  // weights = exp(x − max) / Σ
  e = await page.evaluate(() => window.capiton.explain('weights', 3, 2));  // allowed under either mask
  assert.equal(e.kind, 'softmax');
  assert.ok(m.weights[3][2] > 0);
  assert.ok(close(e.exps[2] / e.expSum, m.weights[3][2]));
  assert.ok(close(Math.exp(m.masked[3][2] - Math.max(...m.masked[3])), e.exps[2]));
  // bad requests are refused with a message, never thrown
  for (const args of [['nope', 0, 0], ['scores', 99, 0], ['scores', -1, 0], [null, 0, 0], ['scores', 0.5, 0], ['scores', 1e12, 0]]) {
    const r = await page.evaluate((a) => window.capiton.explain(...a), args);
    assert.equal(r.ok, false);
    assert.ok(r.error.length > 10);
  }
});

test('setLanguage switches the texts; the default sentence follows the language', async () => {
  await page.evaluate(() => { window.capiton.setSentence('I saw a bird in the sky'); window.capiton.goTo('tokens'); });
  assert.deepEqual(await page.evaluate(() => window.capiton.setLanguage('zh')), { ok: true });
  let s = await page.evaluate(() => window.capiton.state());
  assert.equal(s.lang, 'zh');
  assert.equal(s.sentence, '我在天空中看到一只鸟');
  assert.equal(s.tokens.length, 10);
  for (const bad of ['fr', '', 'ZH', null, 3]) {
    const r = await page.evaluate((b) => window.capiton.setLanguage(b), bad);
    assert.equal(r.ok, false);
  }
  assert.equal((await page.evaluate(() => window.capiton.state())).lang, 'zh');
  // A sentence the student chose stays when the language changes.
  await page.evaluate(() => window.capiton.setSentence('the fish in the sea'));
  await page.evaluate(() => window.capiton.setLanguage('en'));
  s = await page.evaluate(() => window.capiton.state());
  assert.equal(s.lang, 'en');
  assert.equal(s.sentence, 'the fish in the sea');
});

for (const [width, height] of [[1366, 768], [1920, 1080]]) {
  test(`every stage in both languages at ${width}×${height} renders with its light background`, async () => {
    const p = await openPage(width, height);
    await p.evaluate(() => { for (const l of ['search', 'signifier', 'apple', 'qkv']) window.capiton.setLayer(l, true); });
    for (const lang of ['en', 'zh']) {
      await p.evaluate((l) => { window.capiton.setLanguage(l); window.capiton.setSentence(l === 'zh' ? '我在天空中看到一只鸟' : 'I saw a bird in the sky'); }, lang);
      for (const stage of STAGES) {
        await p.evaluate((st) => window.capiton.goTo(st), stage);
        await frames(p, 3);
        const v = await screenshotVariance(p, `lang-${lang}-${width}x${height}-${stage}.png`);
        assert.ok(v > 50, `${lang} ${stage} looks blank (luminance variance ${v.toFixed(1)}; a blank canvas has 0)`);
      }
    }
    await p.close();
  });
}

test('a 4K screen: the UI zooms 2×, the lesson renders in both languages, every widget inside the window', async () => {
  const p = await openPage(3840, 2160);
  // laid out for 1920 × 1080 and zoomed 2×: a checkbox is twice as tall as on the 1366 × 768 page
  const small = await rect(page, 'layer:qkv'), big = await rect(p, 'layer:qkv');
  assert.ok(Math.abs(big.h - 2 * small.h) < 2, `checkbox ${big.h} px tall at 4K, ${small.h} px at 1366 × 768`);
  await p.evaluate(() => { for (const l of ['search', 'signifier', 'apple', 'qkv']) window.capiton.setLayer(l, true); });
  for (const lang of ['en', 'zh']) {
    for (const stage of lang === 'en' ? ['seq2seq', 'softmax'] : ['output']) {
      await p.evaluate(([l, st]) => { window.capiton.setLanguage(l); window.capiton.goTo(st); }, [lang, stage]);
      await frames(p, 4);
      const grids = { seq2seq: [], softmax: ['grid:weights', 'grid:apple_company'], output: ['grid:output', 'apple-plane'] };
      for (const id of ['sentence', 'layer:qkv', ...grids[stage]]) {
        const r = await rect(p, id);
        assert.ok(r.x >= 0 && r.x + r.w <= 3840, `${id} fits across the 4K window (${JSON.stringify(r)})`);
      }
      const v = await screenshotVariance(p, `4k-${lang}-${stage}.png`);
      assert.ok(v > 50, `4K ${lang} ${stage} renders`);
    }
  }
  await p.context().close();
});

test('the browser language picks the first language', async () => {
  const p = await openPage(1000, 700, { locale: 'zh-CN' });
  const s = await p.evaluate(() => window.capiton.state());
  assert.equal(s.lang, 'zh');
  assert.equal(s.sentence, '我在天空中看到一只鸟');
  await screenshotVariance(p, 'browser-zh-first-visit.png');
  await p.context().close();
});

test('seq2seq: dragging the length slider to the end makes the first word fade further', async () => {
  await page.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.setSentence('I saw a bird in the sky'); window.capiton.goTo('seq2seq'); });
  await frames(page);
  const before = (await page.evaluate(() => window.capiton.state())).seq2seq;
  assert.equal(before.length, 7);
  assert.deepEqual(before.tokens, DEFAULT_TOKENS);
  const r = await rect(page, 'seq2seq:length');
  await page.mouse.move(r.x + 40, r.y + r.h / 2);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.move(r.x + r.w + 50, r.y + r.h / 2, { steps: 5 });  // past the right end: the maximum
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 2);
  const after = (await page.evaluate(() => window.capiton.state())).seq2seq;
  assert.equal(after.length, 48);
  assert.equal(after.influence.length, 48);
  assert.ok(after.influence[0] < before.influence[0] / 10, `first word ${after.influence[0]} vs ${before.influence[0]}`);
  assert.ok(after.influence[47] > after.influence[0] * 100);
  await screenshotVariance(page, 'seq2seq-length-48.png');
});

test('similarity: dragging the tip of a moves it, and the dot product and cosine follow', async () => {
  await page.evaluate(() => window.capiton.goTo('similarity'));
  await frames(page);
  const s0 = (await page.evaluate(() => window.capiton.state())).similarity;
  assert.deepEqual(s0.a, [3, 1]);
  const plane = await rect(page, 'similarity:plane');
  const scale = plane.w / 8;  // the plane shows [-4, 4] on each axis
  const cx = plane.x + plane.w / 2, cy = plane.y + plane.h / 2;
  const toScreen = ([x, y]) => [cx + x * scale, cy - y * scale];
  const [ax, ay] = toScreen(s0.a);
  await page.mouse.move(ax, ay);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  const [tx, ty] = toScreen([-2, 2]);
  await page.mouse.move(tx, ty, { steps: 5 });
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 2);
  const s1 = (await page.evaluate(() => window.capiton.state())).similarity;
  assert.ok(Math.abs(s1.a[0] + 2) < 0.05 && Math.abs(s1.a[1] - 2) < 0.05, `a = ${s1.a}`);
  assert.deepEqual(s1.b, s0.b);  // b did not move
  const dot = s1.a[0] * s1.b[0] + s1.a[1] * s1.b[1];
  assert.ok(Math.abs(s1.dot - dot) < 1e-5);
  const cos = dot / (Math.hypot(...s1.a) * Math.hypot(...s1.b));
  assert.ok(Math.abs(s1.cosine - cos) < 1e-5);
  await screenshotVariance(page, 'similarity-dragged.png');
});

test('annotation layers: the toggles switch them, notes appear on the stages they explain', async () => {
  await page.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.setSentence('I saw a bird in the sky'); window.capiton.goTo('softmax'); });
  await frames(page);
  assert.deepEqual((await page.evaluate(() => window.capiton.state())).layers, []);
  await clickWidget(page, 'layer:search');
  assert.deepEqual((await page.evaluate(() => window.capiton.state())).layers, ['search']);
  await clickWidget(page, 'layer:signifier');
  assert.deepEqual((await page.evaluate(() => window.capiton.state())).layers, ['search', 'signifier']);
  await frames(page);
  await rect(page, 'note:search');      // both notes are on screen on the softmax stage
  await rect(page, 'note:signifier');
  await screenshotVariance(page, 'layers-softmax-en.png');
  await page.evaluate(() => window.capiton.goTo('tokens'));  // no analogy text for tokens
  await frames(page);
  const none = await page.evaluate(() => Module.ccall('capiton_debug_rect', 'string', ['string'], ['note:search']));
  assert.equal(none, 'null');
  await clickWidget(page, 'layer:search');  // off again
  assert.deepEqual((await page.evaluate(() => window.capiton.state())).layers, ['signifier']);
  // why Q, K and V: on the scores stage, the weights with one shared vector appear beside the real ones
  await page.evaluate(() => window.capiton.goTo('scores'));
  await frames(page);
  await clickWidget(page, 'layer:qkv');
  assert.deepEqual((await page.evaluate(() => window.capiton.state())).layers, ['signifier', 'qkv']);
  await frames(page);
  await rect(page, 'note:qkv');
  await rect(page, 'grid:shared_weights');
  await rect(page, 'grid:separate_weights');
  await screenshotVariance(page, 'layer-qkv-scores.png');
  await clickWidget(page, 'layer:qkv');
  await frames(page);
  for (const args of [['Apple', true], ['', true], ['search', 'yes'], [null, true], ['<img src=x>', true]]) {
    const r = await page.evaluate((a) => window.capiton.setLayer(...a), args);
    assert.equal(r.ok, false);
  }
  assert.deepEqual((await page.evaluate(() => window.capiton.state())).layers, ['signifier']);
});

test('the signifier layer offers the tree example: one click loads it and follows "tree"', async () => {
  await page.evaluate(() => { window.capiton.setLayer('signifier', true); window.capiton.goTo('output'); });
  await frames(page, 3);
  await clickWidget(page, 'tree-example');
  const s = await page.evaluate(() => window.capiton.state());
  assert.equal(s.sentence, 'the tree in the forest grows rings and gives us oxygen');
  assert.equal(s.tokens[s.selectedToken], 'tree');
  await screenshotVariance(page, 'tree-example-output.png');
  await page.evaluate(() => window.capiton.setLanguage('zh'));
  await frames(page, 3);
  await clickWidget(page, 'tree-example');
  const z = await page.evaluate(() => window.capiton.state());
  assert.equal(z.tokens[z.selectedToken], '树');
  await screenshotVariance(page, 'tree-example-output-zh.png');
  await page.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.setLayer('signifier', false); });
});

test('the apple layer: the same word among fruit and company words, side by side, in both languages', async () => {
  await page.evaluate(() => {
    window.capiton.setLanguage('en');
    window.capiton.goTo('softmax');
    for (const l of window.capiton.state().layers) window.capiton.setLayer(l, false);
  });
  await frames(page);
  await clickWidget(page, 'layer:apple');
  assert.deepEqual((await page.evaluate(() => window.capiton.state())).layers, ['apple']);
  await frames(page);
  await rect(page, 'note:apple');
  const fruit = await rect(page, 'grid:apple_fruit');
  const company = await rect(page, 'grid:apple_company');
  assert.ok(company.x > fruit.x + fruit.w, 'the two sentences stand side by side');
  await screenshotVariance(page, 'layer-apple-softmax-en.png');
  for (const lang of ['en', 'zh']) {
    await page.evaluate((l) => { window.capiton.setLanguage(l); window.capiton.goTo('output'); }, lang);
    await frames(page, 4);
    await rect(page, 'apple-plane');
    await rect(page, 'grid:apple_fruit_output');
    await rect(page, 'grid:apple_company_output');
    await screenshotVariance(page, `layer-apple-output-${lang}.png`);
  }
  await page.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.setLayer('apple', false); });
  await frames(page);
});

test('dark theme: every stage renders on a dark background; bad values are refused', async () => {
  assert.deepEqual(await page.evaluate(() => window.capiton.setTheme('dark')), { ok: true });
  assert.equal((await page.evaluate(() => window.capiton.state())).theme, 'dark');
  for (const stage of STAGES) {
    await page.evaluate((st) => window.capiton.goTo(st), stage);
    await frames(page, 3);
    const v = await screenshotVariance(page, `dark-${stage}.png`, { dark: true });
    assert.ok(v > 50, `dark ${stage} looks blank`);
  }
  for (const bad of ['Dark', '', null, 'light; x']) {
    const r = await page.evaluate((b) => window.capiton.setTheme(b), bad);
    assert.equal(r.ok, false);
  }
  assert.deepEqual(await page.evaluate(() => window.capiton.setTheme('light')), { ok: true });
  await frames(page, 3);
  await screenshotVariance(page, 'light-again.png');
});

test('a browser that prefers dark colours starts in the dark theme', async () => {
  const p = await openPage(1000, 700, { colorScheme: 'dark' });
  assert.equal((await p.evaluate(() => window.capiton.state())).theme, 'dark');
  await frames(p, 3);
  await screenshotVariance(p, 'prefers-dark-first-visit.png', { dark: true });
  await p.context().close();
});

test('experiments: the temperature slider changes the weights; the √d_k and overflow panels render', async () => {
  await page.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.setSentence('I saw a bird in the sky'); window.capiton.goTo('softmax'); });
  await frames(page, 3);
  const before = await page.evaluate(() => window.capiton.state());
  assert.equal(before.t, 1);
  const r = await rect(page, 'experiment:temperature');
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.move(r.x + r.w + 40, r.y + r.h / 2, { steps: 5 });  // to the right end: T = 20
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 3);
  const hot = await page.evaluate(() => window.capiton.state());
  assert.equal(hot.t, 20);
  // Over the positions a row may look at (the mask may be causal here), a hotter softmax is flatter.
  const spread = (w, masked) => {
    const allowed = w.filter((_, j) => Number.isFinite(masked[j]));
    return Math.max(...allowed) - Math.min(...allowed);
  };
  for (let i = 0; i < 7; i++) {
    if (before.matrices.masked[i].filter(Number.isFinite).length < 2) continue;  // nothing to spread over
    assert.ok(spread(hot.matrices.weights[i], hot.matrices.masked[i]) < spread(before.matrices.weights[i], before.matrices.masked[i]), `row ${i}`);
  }
  // the scores are untouched by the temperature
  assert.deepEqual(hot.matrices.scaled, before.matrices.scaled);
  await screenshotVariance(page, 'experiment-temperature-20.png');
  const explained = await page.evaluate(() => window.capiton.explain('weights', 3, 6));
  assert.equal(explained.divisor, 20);
  await page.evaluate(() => window.capiton.goTo('scale'));
  await frames(page, 3);
  await rect(page, 'experiment:dk');
  await screenshotVariance(page, 'experiment-scale.png');
});

test('questions: answering by clicking reveals the answer; progress survives a reload and can be reset', async () => {
  const p = await openPage(1366, 900);
  await p.evaluate(() => { window.capiton.setSentence('I saw a bird in the sky'); window.capiton.goTo('scores'); });
  await frames(p, 3);
  assert.deepEqual((await p.evaluate(() => window.capiton.state())).answers, {});
  await clickWidget(p, 'answer:0');  // "yes, symmetric": wrong, Q and K differ
  let s = await p.evaluate(() => window.capiton.state());
  assert.deepEqual(s.answers, { scores: { choice: 0, correct: false } });
  // the claim the question makes, checked on the numbers themselves
  assert.notEqual(s.matrices.scores[3][6], s.matrices.scores[6][3]);
  await screenshotVariance(p, 'question-scores-wrong.png');
  await p.evaluate(() => window.capiton.goTo('mask'));
  await frames(p, 3);
  await clickWidget(p, 'answer:1');  // "only itself": right
  s = await p.evaluate(() => window.capiton.state());
  assert.deepEqual(s.answers.mask, { choice: 1, correct: true });
  await frames(p, 3);
  await p.reload();
  await p.evaluate(() => window.capiton.ready);
  s = await p.evaluate(() => window.capiton.state());
  assert.deepEqual(s.answers, { scores: { choice: 0, correct: false }, mask: { choice: 1, correct: true } });
  await p.evaluate(() => window.capiton.goTo('mask'));
  await frames(p, 3);
  await clickWidget(p, 'answers:reset');
  assert.deepEqual((await p.evaluate(() => window.capiton.state())).answers, {});
  await p.close();
});

// ---- links, embedding, postMessage ---------------------------------------------------------------

test('a link fragment sets the state; the address follows changes; a new tab shows the same', async () => {
  const warnings = [];
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const p = await context.newPage();
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    if (m.type() === 'warning') warnings.push(m.text());
  });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await p.goto(base + '#s=the%20cat%20sat%20on%20the%20mat&stage=softmax&lang=zh&layers=search,apple&dk=8&t=2&mask=causal&tok=1&theme=dark');
  await p.evaluate(() => window.capiton.ready);
  let s = await p.evaluate(() => window.capiton.state());
  assert.equal(s.sentence, 'the cat sat on the mat');
  assert.equal(s.stage, 'softmax');
  assert.equal(s.lang, 'zh');
  assert.deepEqual(s.layers, ['search', 'apple']);
  assert.equal(s.d_k, 8);
  assert.equal(s.t, 2);
  assert.equal(s.mask, 'causal');
  assert.equal(s.selectedToken, 1);
  assert.equal(s.theme, 'dark');
  assert.deepEqual(warnings, []);
  await screenshotVariance(p, 'fragment-softmax-zh-dark.png', { dark: true });
  // a change replaces the address (no new history entry)
  const length = await p.evaluate(() => history.length);
  await p.evaluate(() => window.capiton.goTo('output'));
  await p.waitForFunction(() => location.hash.includes('stage=output'));
  assert.equal(await p.evaluate(() => history.length), length);
  const url = p.url();
  // pasted into a new tab: the same state
  const q = await context.newPage();
  q.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  await q.goto(url);
  await q.evaluate(() => window.capiton.ready);
  const t = await q.evaluate(() => window.capiton.state());
  s = await p.evaluate(() => window.capiton.state());
  for (const k of ['sentence', 'stage', 'lang', 'layers', 'd_k', 't', 'mask', 'selectedToken', 'theme']) assert.deepEqual(t[k], s[k], k);
  assert.deepEqual(t.matrices.weights, s.matrices.weights);
  // editing the address applies it
  await q.evaluate(() => { location.hash = 'stage=scores&lang=en'; });
  await q.waitForFunction(() => window.capiton.state().stage === 'scores');
  assert.equal((await q.evaluate(() => window.capiton.state())).lang, 'en');
  await context.close();
});

test('a hostile or malformed fragment is ignored with console warnings, never errors', async () => {
  const warnings = [];
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const p = await context.newPage();
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    if (m.type() === 'warning') warnings.push(m.text());
  });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const hostile = '#stage=%3Cscript%3Ealert(1)%3C%2Fscript%3E&lang=xx&dk=1e9&t=NaN&mask=%ZZ&tok=-7&theme=%E2%80%AE' +
                  '&layers=search,%3Cimg%20src%3Dx%3E&s=%ED%A0%80&allow=javascript:alert(1)&__proto__=1&x=' + 'A'.repeat(300);
  await p.goto(base + hostile);
  await p.evaluate(() => window.capiton.ready);
  const s = await p.evaluate(() => window.capiton.state());
  assert.equal(s.stage, 'seq2seq');
  assert.equal(s.d_k, 4);
  assert.equal(s.t, 1);
  assert.equal(s.mask, 'none');
  assert.equal(s.selectedToken, -1);
  assert.deepEqual(s.layers, ['search']);  // the one valid layer stays
  assert.ok(warnings.length >= 10, `one warning per bad part (${warnings.length}): ${warnings.join(' | ')}`);
  assert.ok(warnings.every((w) => w.startsWith('capiton: ') && !w.includes('<script>')), warnings.join('\n'));
  // far too long: ignored as a whole
  await p.goto(base + 'embed.html#stage=output&s=' + 'a'.repeat(20000));
  await p.evaluate(() => window.capiton.ready);
  assert.equal((await p.evaluate(() => window.capiton.state())).stage, 'seq2seq');
  await context.close();
});

test('embedding: a page on another origin drives two instances by postMessage; a third origin is ignored', async () => {
  const hostServer = await startServer(FIXTURES, 0);
  const thirdServer = await startServer(FIXTURES, 0);
  const appOrigin = base.replace(/\/$/, '');
  const hostUrl = `http://127.0.0.1:${hostServer.address().port}/host.html?app=${encodeURIComponent(appOrigin)}` +
                  `&third=${encodeURIComponent(`http://127.0.0.1:${thirdServer.address().port}`)}`;
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
  const p = await context.newPage();
  p.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  try {
    await p.goto(hostUrl);
    await p.waitForFunction(() => window.events.filter((e) => e.type === 'ready').length === 2, null, { timeout: 60000 });
    const ready = await p.evaluate(() => window.events.filter((e) => e.type === 'ready'));
    const first = ready.find((e) => e.frame === 0), second = ready.find((e) => e.frame === 1);
    assert.equal(first.state.stage, 'softmax');
    assert.equal(first.state.lang, 'zh');
    assert.deepEqual(second.state.tokens, ['the', 'cat', 'sat']);
    await screenshotVariance(p, 'embed-host-page.png');

    const send = (i, m) => p.evaluate(([j, msg]) => window.send(j, msg), [i, m]);
    // commands, each with a reply
    assert.deepEqual(await send(0, { capiton: 1, type: 'goTo', id: 'a1', stage: 'output' }),
                     { capiton: 1, type: 'reply', id: 'a1', ok: true });
    await p.waitForFunction(() => window.events.some((e) => e.frame === 0 && e.type === 'stageChanged' && e.stage === 'output'));
    assert.equal((await send(1, { capiton: 1, type: 'getState', id: 'b0' })).state.stage, 'scores', 'the other view is untouched');
    for (const [m, id] of [[{ type: 'setSentence', text: 'a dog ran home' }, 'b1'], [{ type: 'setLanguage', lang: 'zh' }, 'b2'],
                           [{ type: 'setLayer', layer: 'apple', on: true }, 'b3'], [{ type: 'setParam', name: 'dk', value: 8 }, 'b4'],
                           [{ type: 'setParam', name: 't', value: 2 }, 'b5'], [{ type: 'setParam', name: 'mask', value: 'causal' }, 'b6']]) {
      const r = await send(1, { capiton: 1, id, ...m });
      assert.equal(r?.ok, true, `${m.type}: ${JSON.stringify(r)}`);
    }
    const st = (await send(1, { capiton: 1, type: 'getState', id: 7 })).state;
    assert.deepEqual(st.tokens, ['a', 'dog', 'ran', 'home']);
    assert.equal(st.lang, 'zh');
    assert.deepEqual(st.layers, ['apple']);
    assert.equal(st.d_k, 8);
    assert.equal(st.t, 2);
    assert.equal(st.mask, 'causal');
    assert.equal(st.rejectedMessages, 0);
    await p.waitForFunction(() => window.events.some((e) => e.frame === 1 && e.type === 'stateChanged' && e.state.d_k === 8));
    // commands that fail get {ok: false, error}
    for (const m of [{ type: 'goTo', stage: 'nope' }, { type: 'setParam', name: 'dk', value: 7 }, { type: 'setParam', name: 'd_model', value: 8 },
                     { type: 'setSentence', text: '   ' }, { type: 'setLanguage', lang: 'fr' }]) {
      const r = await send(1, { capiton: 1, id: 'bad-' + m.type + JSON.stringify(m), ...m });
      assert.equal(r?.ok, false, JSON.stringify(m));
      assert.equal(typeof r.error, 'string');
    }
    // malformed messages from the allowed origin: dropped (no reply) and counted
    const malformed = [{ capiton: 1, type: 'goTo', stage: 'output' }, { capiton: 2, type: 'getState', id: 'm2' }, 'getState',
                       { capiton: 1, type: 'eval', id: 'm4', code: 'alert(1)' }, { capiton: 1, type: 'goTo', id: 'm5', stage: 5 },
                       { capiton: 1, type: 'setLayer', id: 'm6', layer: 'apple', on: 'yes' }, null, [1, 2],
                       { capiton: 1, type: 'toString', id: 'm9' }, { capiton: 1, type: 'setSentence', id: 'm10', text: 'x'.repeat(5000) }];
    for (const m of malformed) await p.evaluate(([msg]) => window.post(1, msg), [m]);
    const after = (await send(1, { capiton: 1, type: 'getState', id: 'b8' })).state;
    assert.equal(after.rejectedMessages, malformed.length);
    assert.equal(after.stage, 'scores');
    assert.ok(!(await p.evaluate(() => ['m2', 'm4', 'm5', 'm6', 'm9', 'm10'].some((id) => id in window.replies))));
    // another site's frame on the same page posts commands: ignored and counted, nothing answered
    const third = p.frames().find((f) => f.url().includes('/third.html'));
    assert.ok(third, 'the third-origin frame loaded');
    await third.evaluate(() => {
      for (let i = 0; i < 3; i++) parent.frames[0].postMessage({ capiton: 1, type: 'goTo', id: 'evil' + i, stage: 'tokens' }, '*');
    });
    const zero = (await send(0, { capiton: 1, type: 'getState', id: 'a9' })).state;
    assert.equal(zero.stage, 'output');
    assert.equal(zero.rejectedMessages, 3);
    assert.ok(!(await p.evaluate(() => 'evil0' in window.replies)));
    // each view keeps its own address
    const view0 = p.frames().find((f) => f.url().includes('/embed.html') && f.url().includes('lang=zh') && f.url().includes('stage=output'));
    assert.ok(view0, `the first view's address says stage=output (${p.frames().map((f) => f.url()).join(', ')})`);
    await screenshotVariance(p, 'embed-host-page-driven.png');
  } finally {
    await context.close();
    hostServer.close();
    thirdServer.close();
  }
});

test('share / embed: the popup shows the link and an iframe snippet, and copies them', async () => {
  const p = await openPage(1366, 768);
  await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await p.evaluate(() => { window.capiton.setSentence('the cat sat'); window.capiton.goTo('scores'); });
  await frames(p);
  await clickWidget(p, 'share');
  await frames(p);
  await rect(p, 'share:link');
  await rect(p, 'share:snippet');
  await screenshotVariance(p, 'share-popup.png');
  await clickWidget(p, 'share:copy-link');
  await frames(p, 4);
  const link = await p.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(base) && link.includes('#s=the%20cat%20sat&stage=scores'), link);
  await clickWidget(p, 'share:copy-snippet');
  await frames(p, 4);
  const snippet = await p.evaluate(() => navigator.clipboard.readText());
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#s=the%20cat%20sat&stage=scores[^"]*"\n\s+width="900" height="600"/);
  await clickWidget(p, 'share:close');
  await p.context().close();
});

test('screen readers: a hidden region holds the stage text and its matrices as tables', async () => {
  await page.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.setSentence('I saw a bird in the sky'); window.capiton.goTo('softmax'); });
  await page.waitForFunction(() => document.getElementById('a11y-title').textContent.startsWith('Softmax'));
  const region = await page.evaluate(() => {
    const live = document.querySelector('#a11y [aria-live="polite"]');
    const tables = [...document.querySelectorAll('#a11y-tables table')].map((t) => ({
      caption: t.querySelector('caption').textContent,
      cols: [...t.querySelectorAll('th[scope="col"]')].map((th) => th.textContent),
      rows: [...t.querySelectorAll('th[scope="row"]')].map((th) => th.textContent),
      first: [...t.querySelectorAll('tr')][1].querySelector('td').textContent,
    }));
    const box = document.getElementById('a11y').getBoundingClientRect();
    return { live: !!live, body: document.getElementById('a11y-body').textContent, tables, w: box.width, lang: document.documentElement.lang };
  });
  assert.ok(region.live);
  assert.ok(region.body.length > 50);
  assert.ok(region.w <= 1, 'visually hidden');
  assert.equal(region.lang, 'en');
  const weights = region.tables.find((t) => t.caption.startsWith('weights'));
  assert.ok(weights, region.tables.map((t) => t.caption).join(' | '));
  assert.deepEqual(weights.cols, DEFAULT_TOKENS);
  assert.deepEqual(weights.rows, DEFAULT_TOKENS);
  const s = await page.evaluate(() => window.capiton.state());
  assert.equal(weights.first, s.matrices.weights[0][0].toFixed(2));
  await page.evaluate(() => window.capiton.setLanguage('zh'));
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await page.evaluate(() => document.getElementById('a11y-title').textContent), /Softmax/);
  await page.evaluate(() => window.capiton.setLanguage('en'));
});

test('export: the stage as CSV and JSON, the view as PNG', async () => {
  const p = await openPage(1366, 768, { acceptDownloads: true });
  await p.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.setSentence('x , = y'); window.capiton.goTo('softmax'); });
  await frames(p, 4);
  const download = async (id) => {
    const [d] = await Promise.all([p.waitForEvent('download'), clickWidget(p, id)]);
    return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
  };
  const s = await p.evaluate(() => window.capiton.state());
  const csv = await download('export:CSV');
  assert.equal(csv.name, 'capiton-softmax.csv');
  const text = csv.bytes.toString('utf8');
  assert.ok(text.includes('weights,each row sums to 1\r\n'), text.slice(0, 300));
  assert.ok(text.includes(',x,",",\'=,y\r\n'), 'tokens as column labels, the comma quoted, the formula defused');
  const row = text.split('\r\n').find((l) => l.startsWith('\'=,') && text.indexOf(l) > text.indexOf('weights,'));
  assert.ok(row, 'the weights row of "="');
  row.split(',').slice(1).forEach((v, j) => assert.ok(Math.abs(Number(v) - s.matrices.weights[2][j]) < 1e-6));
  const json = await download('export:JSON');
  assert.equal(json.name, 'capiton-softmax.json');
  const j = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(j.stage, 'softmax');
  assert.equal(j.sentence, 'x , = y');
  const w = j.matrices.find((m) => m.name === 'weights');
  assert.deepEqual(w.cols, ['x', ',', '=', 'y']);
  assert.deepEqual(w.values, s.matrices.weights);
  const png = await download('export:PNG');
  assert.equal(png.name, 'capiton-softmax.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.bytes.readUInt32BE(16), 1366);  // IHDR: the canvas's width and height
  assert.equal(png.bytes.readUInt32BE(20), 768);
  const { variance } = await imageStats(p, png.bytes, 4, 140);
  assert.ok(variance > 100, `the PNG shows the view (variance ${variance})`);
  await p.context().close();
});

test('offline: after the first visit the app runs without the network; a new build is picked up on a later visit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capiton-web-'));  // a copy of the build we can "redeploy"
  cpSync(DIR, dir, { recursive: true });
  const server = await startServer(dir, 0);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const errors = [];
  context.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const build = () => p.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--capiton-build').trim());
    await p.goto(url + '#stage=scores');
    await p.evaluate(() => window.capiton.ready);
    await until(p, async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated');
    assert.equal(await build(), '');
    // a new build on the server: different files, and so a different sw.js
    writeFileSync(join(dir, 'capiton.css'), readFileSync(join(dir, 'capiton.css'), 'utf8') + '\nhtml { --capiton-build: 2; }\n');
    writeFileSync(join(dir, 'sw.js'), readFileSync(join(dir, 'sw.js'), 'utf8').replace(/const BUILD = '[^']*'/, "const BUILD = 'test-build-2'"));
    await p.goto(url);  // the next visit runs the new build (a URL without fragment: a real load)
    await p.evaluate(() => window.capiton.ready);
    assert.equal(await build(), '2');
    await p.evaluate(() => window.capiton.goTo('scores'));
    await p.waitForFunction(() => location.hash.includes('stage=scores'));  // the address follows within 250 ms
    // offline: the page, the script and the .wasm all come from the cache
    await context.setOffline(true);
    await p.reload();
    await p.evaluate(() => window.capiton.ready);
    assert.equal((await p.evaluate(() => window.capiton.state())).stage, 'scores');
    assert.equal(await build(), '2');
    await p.goto(url + 'embed.html#stage=softmax');
    await p.evaluate(() => window.capiton.ready);
    assert.equal((await p.evaluate(() => window.capiton.state())).stage, 'softmax');
    await screenshotVariance(p, 'offline-embed.png');
  } finally {
    await context.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(errors, []);
});

test('training: the loss falls while the page trains, the heatmap changes; a preset loads at once', async () => {
  const p = await openPage(1366, 768);
  await p.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.setSentence('the bird flies over the sky'); window.capiton.goTo('training'); });
  await frames(p);
  assert.equal((await p.evaluate(() => window.capiton.state())).training, null);
  assert.equal((await p.evaluate(() => window.capiton.train('nope'))).ok, false);
  assert.deepEqual(await p.evaluate(() => window.capiton.train('birdsky')), { ok: true });
  const first = await p.evaluate(() => window.capiton.state());
  await p.waitForFunction(() => window.capiton.state().training.step >= 150, null, { timeout: 60000 });
  await p.evaluate(() => window.capiton.pause());
  const later = await p.evaluate(() => window.capiton.state());
  assert.ok(later.training.loss < 0.5 * first.training.loss || later.training.loss < 0.1,
            `loss ${first.training.loss} -> ${later.training.loss}`);
  assert.equal(later.training.running, false);
  assert.notDeepEqual(later.matrices.weights, first.matrices.weights, 'the heatmap changed');
  const bird = later.matrices.weights[1].map((w, j) => (j === 1 ? -1 : w));
  assert.equal(later.tokens[bird.indexOf(Math.max(...bird))], 'sky', 'bird looks at sky (apart from itself)');
  await frames(p, 3);
  await rect(p, 'train:loss');
  await rect(p, 'grid:train_weights');
  await screenshotVariance(p, 'training-birdsky.png');
  // the apple preset: the lesson's sentences show the learned behaviour at once
  assert.deepEqual(await p.evaluate(() => window.capiton.loadPreset('apple')), { ok: true });
  for (const [sentence, deciding] of [['I eat the apple from the tree', ['eat', 'tree']], ['the company apple will launch a new phone', ['company', 'launch', 'phone']]]) {
    await p.evaluate((t) => window.capiton.setSentence(t), sentence);
    const st = await p.evaluate(() => window.capiton.state());
    assert.equal(st.training.task, 'apple');
    assert.equal(st.training.preset, true);
    const a = st.tokens.indexOf('apple');
    const row = st.matrices.weights[a].map((w, j) => (j === a ? -1 : w));
    assert.ok(deciding.includes(st.tokens[row.indexOf(Math.max(...row))]), `${sentence}: apple looks at ${st.tokens[row.indexOf(Math.max(...row))]}`);
  }
  await p.evaluate(() => window.capiton.goTo('softmax'));
  await frames(p, 3);
  await screenshotVariance(p, 'preset-apple-softmax.png');
  await p.context().close();
});

test('training view: W_Q, W_K, W_V move while the model learns; apple\'s outputs split into two clouds', async () => {
  const p = await openPage(1366, 1300);
  await p.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.goTo('training'); });
  // the trained apple model: every test sentence's output of "apple" on the plane, the senses apart
  assert.deepEqual(await p.evaluate(() => window.capiton.loadPreset('apple')), { ok: true });
  await frames(p, 3);
  const preset = (await p.evaluate(() => window.capiton.state())).training;
  assert.equal(preset.appleCloud.separated, 1);
  assert.deepEqual(preset.moved, { W_Q: 0, W_K: 0, W_V: 0 });
  for (const id of ['train:apple-cloud', 'grid:train_W_Q', 'grid:train_W_K', 'grid:train_W_V']) await rect(p, id);
  assert.ok(await screenshotVariance(p, 'training-apple-preset.png') > 50);
  // trained here from scratch: the clouds start mixed and come apart; the projections move
  await clickWidget(p, 'train:reset');
  await frames(p, 3);
  const start = (await p.evaluate(() => window.capiton.state())).training;
  assert.equal(start.step, 0);
  assert.ok(start.appleCloud.separated < 0.9, `untrained: ${start.appleCloud.separated} of the dots by their own sense`);
  const heatBefore = await p.evaluate(() => window.capiton.state().matrices.W_Q);
  assert.deepEqual(await p.evaluate(() => window.capiton.train('apple')), { ok: true });
  await until(p, () => window.capiton.state().training.step >= 150, 60);
  await p.evaluate(() => window.capiton.pause());
  await frames(p, 3);
  const trained = (await p.evaluate(() => window.capiton.state())).training;
  assert.ok(trained.appleCloud.separated > 0.95, `trained: ${trained.appleCloud.separated}`);
  for (const m of ['W_Q', 'W_K', 'W_V']) assert.ok(trained.moved[m] > 0.05, `${m} moved ${trained.moved[m]}`);
  assert.notDeepEqual(await p.evaluate(() => window.capiton.state().matrices.W_Q), heatBefore, 'W_Q on screen changed');
  await screenshotVariance(p, 'training-apple-trained.png');
  await p.context().close();
});

test('the √d_k race: at d_k = 256 the model with the division learns, the one without stalls', async () => {
  const p = await openPage(1366, 1300);
  await p.evaluate(() => { window.capiton.setLanguage('en'); window.capiton.goTo('scale'); });
  await frames(p, 3);
  assert.equal((await p.evaluate(() => window.capiton.state())).scalingRace, null);
  await clickWidget(p, 'race:start');
  await frames(p, 2);
  assert.equal((await p.evaluate(() => window.capiton.state())).scalingRace.running, true);
  // 300 steps of two models between frames: seconds in a browser, longer on a busy software renderer
  await until(p, () => window.capiton.state().scalingRace.step >= 300 && !window.capiton.state().scalingRace.running, 240);
  const r = (await p.evaluate(() => window.capiton.state())).scalingRace;
  assert.equal(r.d_k, 256);
  assert.ok(r.scaled.loss < 0.05, `with the division the loss ends at ${r.scaled.loss}`);
  assert.ok(r.raw.loss > 0.3, `without it the loss stays at ${r.raw.loss}`);
  assert.ok(r.scaled.accuracy > 0.99 && r.raw.accuracy < 0.9, `accuracy ${r.scaled.accuracy} vs ${r.raw.accuracy}`);
  for (const id of ['race:raw', 'race:scaled']) await rect(p, id);
  await screenshotVariance(p, 'scale-race-done.png');
  // the lesson's own model did not change
  assert.equal((await p.evaluate(() => window.capiton.state())).training, null);
  await p.context().close();
});
