// The browser tests' shared harness: Debian's chromium driven by playwright-core, the built page served
// by scripts/lib/static-server.mjs, and the helpers every test file uses.
//
// Importing this module registers, for the importing test file: before (start the server, launch
// chromium), after (close both) and afterEach (close the pages the test opened, then fail the test if
// any of them logged a console error or threw a page error).
//
// Configuration comes from the environment (`node --test` does not pass arguments to test files):
//   CAPITON_WEB_DIR   the built web app (default build/wasm-release/web)
//   CAPITON_E2E_OUT   where screenshots go (default build/wasm-release/e2e)
// Run them all (as ctest does, two files at a time) or one file, from tests/e2e:
//   node --test --test-concurrency=2        node --test stages.test.mjs
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/lib/static-server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
export const DIR = resolve(process.env.CAPITON_WEB_DIR || join(ROOT, 'build/wasm-release/web'));
export const OUT = resolve(process.env.CAPITON_E2E_OUT || join(ROOT, 'build/wasm-release/e2e'));
export const FIXTURES = join(HERE, 'fixtures');
mkdirSync(OUT, { recursive: true });

export { DEFAULT_SENTENCE, DEFAULT_TOKENS, STAGES } from './lesson.mjs';

export let browser;  // shared by the tests of one file; every test opens contexts of its own
export let base;     // the app's address, ending in '/'
let server;
let contexts = [];   // opened by the running test, closed after it
let problems = [];   // console errors and page errors of the running test's pages
const warningsOf = new WeakMap();

before(async () => {
  server = await startServer(DIR, 0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

afterEach(async () => {
  const open = contexts.splice(0);
  await Promise.all(open.map((c) => c.close().catch(() => {})));
  const found = problems.splice(0);
  assert.deepEqual(found, [], 'the page logged errors');
});

// A browser context (options as for browser.newContext; the locale is en-US unless given), closed
// when the test ends.
export async function newContext(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  contexts.push(context);
  return context;
}

// The line the browser itself logs for a file answered with 404 (a test that refuses a file expects it).
export const NOT_FOUND = /^Failed to load resource: the server responded with a status of 404/;

// Collects the page's console errors and page errors: they fail the test, except the console errors
// a test expects (expectedErrors: regular expressions, e.g. the browser's own line for a 404 the test
// caused). Its console warnings are kept for warnings(p).
export function watch(p, { expectedErrors = [] } = {}) {
  warningsOf.set(p, []);
  p.on('console', (m) => {
    if (m.type() === 'error' && !expectedErrors.some((e) => e.test(m.text()))) problems.push(`console error: ${m.text()}`);
    if (m.type() === 'warning') warningsOf.get(p).push(m.text());
  });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return p;
}

// The console warnings a watched page has logged so far.
export function warnings(p) {
  return warningsOf.get(p);
}

// Waits for the app to be ready (its first frame drawn) and for 3 more frames: a window ImGui meets
// for the first time lays its items out over the next frame or two, so widgets are findable (rect)
// only after those.
export async function ready(p) {
  await p.evaluate(() => window.capiton.ready);
  await frames(p, 3);
}

// A fresh page in a context of its own (viewport width × height; other context options such as
// locale, colorScheme, deviceScaleFactor, hasTouch as given), watched, loaded at `path` (after the
// app's address, e.g. 'embed.html#stage=softmax') and ready.
export async function openPage(width = 1366, height = 768, { path = '', ...contextOptions } = {}) {
  const context = await newContext({ viewport: { width, height }, ...contextOptions });
  const p = watch(await context.newPage());
  await p.goto(base + path);
  await ready(p);
  return p;
}

// The course-page fixture (fixtures/host.html) on an origin of its own, embedding two views of the app,
// with a third site's frame beside them; resolves once both views are ready. close() ends it all.
export async function openHostPage() {
  const hostServer = await startServer(FIXTURES, 0);
  const thirdServer = await startServer(FIXTURES, 0);
  const hostUrl = `http://127.0.0.1:${hostServer.address().port}/host.html?app=${encodeURIComponent(base.replace(/\/$/, ''))}` +
                  `&third=${encodeURIComponent(`http://127.0.0.1:${thirdServer.address().port}`)}`;
  const context = await newContext({ viewport: { width: 1300, height: 900 } });
  const close = async () => {
    await context.close();  // before the servers its frames load from
    hostServer.close();
    thirdServer.close();
  };
  try {
    const p = watch(await context.newPage());
    await p.goto(hostUrl);
    await p.waitForFunction(() => window.events.filter((e) => e.type === 'ready').length === 2, null, { timeout: 60000 });
    return { p, third: p.frames().find((f) => f.url().includes('/third.html')), close };
  } catch (e) {
    await close();
    throw e;
  }
}

// The page hook's state (docs/page-hook.md).
export async function state(p) {
  return p.evaluate(() => window.capiton.state());
}

// The state as JSON text without frameMs (a measurement that changes every frame): for checking that
// something left the state unchanged.
export async function stateText(p) {
  const s = await state(p);
  delete s.frameMs;
  return JSON.stringify(s);
}

// Calls a command of the page hook: capiton(p, 'goTo', 'softmax') is window.capiton.goTo('softmax').
export async function capiton(p, command, ...args) {
  return p.evaluate(([c, a]) => window.capiton[c](...a), [command, args]);
}

// Polls `condition` (an async function, run here) every 100 ms for up to `seconds`.
export async function until(condition, seconds = 20) {
  for (let i = 0; i < seconds * 10; i++) {
    if (await condition()) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.fail(`timed out waiting for ${condition}`);
}

// Waits until the app has drawn a few more frames, so that input has been handled and shown. When
// Chinese appeared, the app draws nothing until the Chinese font file has come: then that is
// waited for, and the frames again.
export async function frames(p, count = 3) {
  const wait = (n) => p.evaluate((k) => new Promise((ok) => {
    const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : ok());
    step(k);
  }), n);
  await wait(count);
  for (let i = 0; i < 2; i++) {
    if (!(await p.evaluate(() => !!(window.Module && Module.chineseFontLoading)))) {
      await wait(1);
      if (!(await p.evaluate(() => !!(window.Module && Module.chineseFontLoading)))) return;
    }
    await p.waitForFunction(() => !Module.chineseFontLoading, null, { timeout: 20000 });
    await wait(count);
  }
}

// ImGui needs press and release on different frames.
export async function key(p, name) {
  await p.keyboard.down(name);
  await frames(p, 1);
  await p.keyboard.up(name);
  await frames(p, 1);
}

// A mouse click with a couple of frames between moving, pressing and releasing.
export async function click(p, x, y) {
  await p.mouse.move(x, y);
  await frames(p, 2);
  await p.mouse.down();
  await frames(p, 2);
  await p.mouse.up();
  await frames(p, 2);
}

// A mouse drag from (x0, y0) to (x1, y1) in 5 moves, frames drawn in between.
export async function drag(p, [x0, y0], [x1, y1]) {
  await p.mouse.move(x0, y0);
  await frames(p, 2);
  await p.mouse.down();
  await frames(p, 2);
  await p.mouse.move(x1, y1, { steps: 5 });
  await frames(p, 2);
  await p.mouse.up();
  await frames(p, 2);
}

// Where the app drew widget `id` in the last frame: {x, y, w, h} in CSS pixels. Fails the test when
// the widget was not drawn, unless { missingOk: true }: then null.
// (The test-only command widgetRect, not part of the page hook: docs/page-hook.md.)
export async function rect(p, id, { missingOk = false } = {}) {
  const r = await p.evaluate((i) => Module.capitonCommand('widgetRect', { id: i }).rect, id);
  if (!missingOk) assert.ok(r, `widget ${id} is not on screen`);
  return r;
}

// 1 when the grids are painted by the heatmap shader, 0 when the UI fell back to drawing them
// (the test-only command heatmapGpu).
export async function heatmapGpu(p) {
  return p.evaluate(() => (Module.capitonCommand('heatmapGpu', {}).gpu ? 1 : 0));
}

// The texts the app drew in the last frame, as its screen-reader mirror holds them (the test-only
// part of the page command accessible): paragraphs, notes, lines.
export async function mirrorTexts(p) {
  return p.evaluate(() => Module.capitonCommand('accessible', {}).mirror.texts);
}

// A click at the centre of widget `id`, as it is laid out now (two frames first: a click right after
// a change that moves the layout fell where the widget had been).
export async function clickWidget(p, id) {
  await frames(p, 2);
  const r = await rect(p, id);
  await click(p, r.x + r.w / 2, r.y + r.h / 2);
}

// A click from the course page (p's mouse, as a student's) on widget `id` of the view in iframe
// `view`: at its centre, or `fromRight` CSS pixels in from its right edge. Waits until the view has a
// rectangle for it: `ready` comes after the first frame, and rectangles are read from the frame
// before the last one drawn.
export async function clickInView(p, view, id, { fromRight = null } = {}) {
  const frameBox = await (await view.frameElement()).boundingBox();
  const r = await (await view.waitForFunction((i) => Module.capitonCommand('widgetRect', { id: i }).rect, id)).jsonValue();
  const x = fromRight === null ? r.x + r.w / 2 : r.x + r.w - fromRight;
  await p.mouse.click(frameBox.x + x, frameBox.y + r.y + r.h / 2);
}

// Centre of cell (i, j) of a matrix grid of rows × cols cells.
export async function cellCentre(p, matrix, i, j, rows, cols) {
  const r = await rect(p, `grid:${matrix}`);
  return [r.x + (j + 0.5) * (r.w / cols), r.y + (i + 0.5) * (r.h / rows)];
}

// Decodes a PNG inside the page once: the luminance variance of its pixels (a blank canvas has ~0),
// the colour of the pixel at CSS position (x, y) and, when `near` ([r, g, b]) is given, how many
// pixels lie within 40 of that colour (Euclidean distance in 0–255 units).
export async function imageStats(p, png, x, y, near = null) {
  return p.evaluate(async ([b64, px, py, colour]) => {
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
    let nearCount = 0;
    if (colour) {
      const [r, g, b] = colour;
      for (let i = 0; i < d.length; i += 4) {
        if ((d[i] - r) ** 2 + (d[i + 1] - g) ** 2 + (d[i + 2] - b) ** 2 <= 40 * 40) nearCount++;
      }
    }
    const mean = sum / n;
    const at = 4 * (Math.round(py * img.height / innerHeight) * img.width + Math.round(px * img.width / innerWidth));
    return { variance: sum2 / n - mean * mean, pixel: [d[at], d[at + 1], d[at + 2]], nearCount };
  }, [png.toString('base64'), x, y, near]);
}

// Screenshots the page into OUT/file and returns how varied its pixels are, after checking that the
// app's background is there in the expected theme (a lost font atlas turns it black).
export async function screenshot(p, file, { dark = false } = {}) {
  const png = await p.screenshot({ path: join(OUT, file) });
  const { variance, pixel: [r, g, b] } = await imageStats(p, png, 4, 140);
  if (dark) assert.ok(r < 40 && g < 40 && b < 45, `${file}: background at (4, 140) is rgb(${r}, ${g}, ${b}), not the dark theme`);
  else assert.ok(r > 230 && g > 230 && b > 225, `${file}: background at (4, 140) is rgb(${r}, ${g}, ${b}), not the light theme`);
  return variance;
}
