// bench/page-load: what a visitor downloads (gzip -9 of every file the page fetches) and the time from
// navigation to the first frame drawn, in Debian's chromium, headless, on this machine, beside a blank
// WebGL 2 page (one that only clears a canvas) loaded the same way in the same browser, alternately.
// A third page shows what the stack itself costs: bench/imgui_floor.cpp, the smallest SDL2 + Dear ImGui
// page (one window of text in ImGui's built-in font), built beside the app. Figures only: nothing here
// passes or fails. --against another build's web folder (a copy of an
// earlier build, say) loads that one too, in the same alternation, and prints the two side by side:
// on a shared machine only a comparison within one run says what a change did.
// --repeat times a second visit instead: each page loaded, then loaded again in the same browser
// context 2 s later, and the second load's marks kept. capiton's files then go through its service
// worker, which asks the network first; the local server sends no-cache and no validators, so every
// page downloads its files again. What the second visit keeps is the browser's own state: the
// compiled WebAssembly module (V8 reuses it), the renderer and the GPU process.
// --dpr N loads every page at that devicePixelRatio (a phone's 2 or 3: the app's font atlas is
// rasterised at it).
// --stack loads two more pages below the floor (bench/floor_html5.cpp, built beside it): the floor
// without SDL2 (Dear ImGui on Emscripten's html5 API) and a C++ page that only clears its canvas
// (Emscripten's runtime and a WebGL 2 context), to say which part of the stack costs what.
//   node bench/page-load.mjs [--dir build/wasm-release/web] [--runs 7] [--against DIR]
//                            [--floor build/wasm-release/bench/floor] [--repeat] [--dpr 1] [--stack]
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { startServer } from '../scripts/lib/static-server.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const dir = arg('--dir', 'build/wasm-release/web');
const runs = Number(arg('--runs', 7));
const against = arg('--against', null);
const floorBuild = arg('--floor', 'build/wasm-release/bench/floor');
const stack = process.argv.includes('--stack');
const repeat = process.argv.includes('--repeat');
const dpr = Number(arg('--dpr', 1));

// What a first visit to index.html fetches: before an English first frame, then after it (sw.js, and
// the Chinese font, which the service worker caches; a Chinese page fetches it before its first frame).
// A build from before the Chinese font was a file has no capiton-zh.ttf: its fonts are all in the .wasm;
// one from before the pages had their style and script inline has them as files.
const first = ['index.html', 'capiton.css', 'capiton-page.js', 'capiton.js', 'capiton.wasm'].filter((f) => existsSync(join(dir, f)));
const later = ['sw.js', 'capiton-zh.ttf'].filter((f) => existsSync(join(dir, f)));
let raw = 0, gz = 0;
const row = (name, bytes, zipped) => console.log(`${name.padEnd(22)} ${String(bytes).padStart(9)} ${String(zipped).padStart(10)}`);
console.log(`${'file'.padEnd(22)} ${'bytes'.padStart(9)} ${'gzip -9'.padStart(10)}`);
for (const f of [...first, ...later]) {
  const b = readFileSync(join(dir, f));
  const z = gzipSync(b, { level: 9 }).length;
  raw += b.length;
  gz += z;
  row(f, b.length, z);
  if (f === first.at(-1)) row('before the first frame', raw, gz);
}
row('whole first visit', raw, gz);
console.log(`(${(gz / 1048576).toFixed(3)} MiB gzip)`);

// The blank WebGL 2 page: a canvas filling the window, a webgl2 context (the attributes the app asks
// for), cleared in the first animation frame, which is marked. Written here, never shipped.
const blankDir = mkdtempSync(join(tmpdir(), 'capiton-blank-'));
writeFileSync(join(blankDir, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>blank WebGL 2</title><link rel="icon" href="data:,">
<style>html, body { margin: 0; height: 100%; overflow: hidden } canvas { display: block; width: 100%; height: 100% }</style>
</head><body><canvas id="canvas"></canvas>
<script>
  const canvas = document.getElementById('canvas');
  canvas.width = Math.round(canvas.clientWidth * devicePixelRatio);
  canvas.height = Math.round(canvas.clientHeight * devicePixelRatio);
  const gl = canvas.getContext('webgl2', { antialias: false, depth: false, stencil: false });
  window.firstFrame = new Promise((done) => requestAnimationFrame(() => {
    gl.clearColor(0.96, 0.96, 0.94, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    performance.mark('blank:first-frame');
    done();
  }));
</script></body></html>
`);

// The floor's page: both downloads preloaded, as capiton's are, the module started by Emscripten's own
// loader (streaming compilation), SDL making the WebGL 2 context in main() (a context made by the page
// first made the floor slower: SDL sizes the canvas again), the first frame marked by the module.
// With --stack, the two pages below it the same way. Written here, never shipped.
const floorPages = [{ name: 'SDL2 + ImGui', dir: floorBuild, note: '(the floor)' }];
if (stack) {
  const below = join(floorBuild, '..');
  floorPages.push({ name: 'ImGui, no SDL2', dir: join(below, 'floor-nosdl'), note: '(the floor without SDL2)' },
                  { name: 'C++ clear', dir: join(below, 'floor-clear'), note: "(Emscripten's runtime, a context, a clear)" });
}
const floors = [];
for (const page of floorPages) {
  if (!existsSync(join(page.dir, 'imgui-floor.wasm'))) {
    console.log(`(no "${page.name}" page: ${page.dir} has no imgui-floor.wasm; build the bench_imgui_floor and bench_floor_* targets)`);
    continue;
  }
  const folder = mkdtempSync(join(tmpdir(), 'capiton-floor-'));
  for (const f of ['imgui-floor.js', 'imgui-floor.wasm']) copyFileSync(join(page.dir, f), join(folder, f));
  writeFileSync(join(folder, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${page.name}</title><link rel="icon" href="data:,">
<style>html, body { margin: 0; height: 100%; overflow: hidden } canvas { display: block; width: 100vw; height: 100vh }</style>
<link rel="preload" href="imgui-floor.wasm" as="fetch" type="application/wasm" crossorigin>
<link rel="preload" href="imgui-floor.js" as="script">
</head><body><canvas id="canvas" oncontextmenu="event.preventDefault()"></canvas>
<script>
  var Module = { canvas: document.getElementById('canvas') };
  window.firstFrame = new Promise((done) => { Module.firstFrame = done; });
</script>
<script src="imgui-floor.js"></script></body></html>
`);
  floors.push({ ...page, folder, times: [] });
}

const server = await startServer(dir, 0);
const blankServer = await startServer(blankDir, 0);
const otherServer = against ? await startServer(against, 0) : null;
for (const f of floors) f.server = await startServer(f.folder, 0);
const url = `http://127.0.0.1:${server.address().port}/`;
const blankUrl = `http://127.0.0.1:${blankServer.address().port}/`;
const otherUrl = otherServer ? `http://127.0.0.1:${otherServer.address().port}/` : null;
for (const f of floors) f.url = `http://127.0.0.1:${f.server.address().port}/`;
const browser = await launchChromium();

// One cold load in a new browser context without the service worker (with --repeat: a load, then a
// second visit, whose marks are kept). performance.now() and the marks count from the navigation's start.
async function load(address, marks) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, deviceScaleFactor: dpr, serviceWorkers: repeat ? 'allow' : 'block' });
  const page = await context.newPage();
  const read = () => page.evaluate((names) => (window.capiton ? window.capiton.ready : window.firstFrame).then(() =>
    names.map((n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN)), marks);
  await page.goto(address);
  let r = await read();
  if (repeat) {
    await page.evaluate(() => (window.capiton ? navigator.serviceWorker.ready : null));
    await page.waitForTimeout(2000);
    await page.goto(`${address}?again`);
    r = await read();
  }
  await context.close();
  // The closed page's teardown (its GPU context, a 2 MB module) goes on in the browser for a while:
  // a load started at once would share the machine with it, so each load starts on a quiet browser.
  await new Promise((done) => setTimeout(done, 300));
  return r;
}

const APP_MARKS = ['capiton:wasm-downloaded', 'capiton:runtime-ready', 'capiton:first-frame'];
const app = [], blank = [], other = [];
for (let i = 0; i < runs; i++) {  // alternately, so that all see the same machine, each after a blank
  app.push(await load(url, APP_MARKS));
  blank.push((await load(blankUrl, ['blank:first-frame']))[0]);
  for (const f of floors) {
    f.times.push((await load(f.url, ['floor:first-frame']))[0]);
    blank.push((await load(blankUrl, ['blank:first-frame']))[0]);
  }
  if (otherUrl) {
    other.push(await load(otherUrl, APP_MARKS));
    blank.push((await load(blankUrl, ['blank:first-frame']))[0]);
  }
}
await browser.close();
server.close();
blankServer.close();
if (otherServer) otherServer.close();
for (const f of floors) f.server.close();
rmSync(blankDir, { recursive: true, force: true });
for (const f of floors) rmSync(f.folder, { recursive: true, force: true });

const sorted = (list) => [...list].sort((a, b) => a - b);
const median = (list) => sorted(list)[Math.floor(list.length / 2)];
const spread = (list) => `median ${median(list).toFixed(0)} ms, fastest ${sorted(list)[0].toFixed(0)} ms, ` +
                         `slowest ${sorted(list)[list.length - 1].toFixed(0)} ms`;
const appFirst = app.map((r) => r[2]);
if (dpr !== 1) console.log(`\nat devicePixelRatio ${dpr}`);
console.log(repeat ? `\ntime to first frame, ${runs} second visits each (the blank page ${blank.length}), alternating (capiton's through its service worker, local server):`
                   : `\ntime to first frame, ${runs} cold loads each (the blank page ${blank.length}), alternating (new context, no service worker, local server):`);
console.log(`  capiton          ${spread(appFirst)}`);
if (otherUrl) console.log(`  --against        ${spread(other.map((r) => r[2]))}`);
console.log(`  blank WebGL 2    ${spread(blank)}`);
for (const f of floors) console.log(`  ${f.name.padEnd(16)} ${spread(f.times)}  ${f.note}`);
console.log(`  ratio of the medians: ${(median(appFirst) / median(blank)).toFixed(2)}×` +
            (otherUrl ? ` (--against: ${(median(other.map((r) => r[2])) / median(blank)).toFixed(2)}×)` : ''));
const floor = floors.find((f) => f.name === 'SDL2 + ImGui');
if (floor) {
  console.log(`  the floor against the blank page: ${(median(floor.times) / median(blank)).toFixed(2)}×; ` +
              `capiton against the floor: ${(median(appFirst) / median(floor.times)).toFixed(2)}×`);
}
for (const f of floors.filter((g) => g !== floor)) console.log(`  ${f.name} against the blank page: ${(median(f.times) / median(blank)).toFixed(2)}×`);
const phases = (list, name) => {
  const mid = (k) => median(list.map((p) => p[k]));
  console.log(`  ${name} medians: .wasm downloaded at ${mid(0).toFixed(0)} ms, compiled and started at ${mid(1).toFixed(0)} ms, ` +
              `first frame at ${mid(2).toFixed(0)} ms; started → first frame ${median(list.map((p) => p[2] - p[1])).toFixed(0)} ms`);
};
phases(app, "capiton's");
if (otherUrl) phases(other, "--against's");
