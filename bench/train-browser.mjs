// bench/train-browser: training in the page, in Debian's chromium (headless, SwiftShader: the GPU is
// emulated on the CPU, so frame rates here are far below a real browser's). Training steps in the
// page's worker (capiton-train-worker.js); this measures:
//   - the worker's start: from the first training request to its first snapshot (fetch, compile, start);
//   - each task's preset run from scratch, best of 3 (trainUntil: the run stops by itself at the
//     preset's step count) and the √d_k comparison through its button (once), from the click to the page holding the
//     last step — beside the same runs as WebAssembly under node (`--node FILE`: bench_train.js's
//     output of the same run), with the ratio;
//   - the app's own time per frame (state().frameMs, the last 240 frames: the time its code takes in a
//     frame, by the clock) idle and while the small world trains for 18 s (all 240 frames training).
// Figures only: nothing here passes or fails.
//   node bench/train-browser.mjs [--dir build/wasm-release/web] [--node node-figures.txt]
import { readFileSync } from 'node:fs';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { startServer } from '../scripts/lib/static-server.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const dir = arg('--dir', 'build/wasm-release/web');
const PRESET_STEPS = { apple: 300, lookback: 600, birdsky: 400, world: 9000 };  // src/core/presets.h, kPresetRuns
// Seconds per whole run as WebAssembly under node: "wasm task=apple steps=300 s=0.061 … as_page_s=0.07"
// lines (the bare steps, and the same run as the worker takes it: with the loss and accuracy curves).
const node = {}, nodeAsPage = {};
if (arg('--node')) {
  for (const line of readFileSync(arg('--node'), 'utf8').split('\n')) {
    const m = /task=(\w+) steps=\d+ s=([\d.]+)/.exec(line);
    if (m) node[m[1]] = Number(m[2]);
    const a = /task=(\w+) .*as_page_s=([\d.]+)/.exec(line);
    if (a) nodeAsPage[a[1]] = Number(a[2]);
  }
}

const server = await startServer(dir, 0);
const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1366, height: 1300 }, serviceWorkers: 'block' })).newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('console error:', m.text()); });
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.evaluate(() => window.capiton.ready);

// Runs `start` in the page, then checks `done` every millisecond there: the seconds in between.
const timed = (start, done) => page.evaluate(([start, done]) => new Promise((ok) => {
  const go = new Function(`return (${start})()`), finished = new Function(`return (${done})()`);
  const t0 = performance.now();
  go();
  const poll = () => (finished() ? ok((performance.now() - t0) / 1000) : setTimeout(poll, 1));
  poll();
}), [String(start), String(done)]);
const frameMs = () => page.evaluate(() => window.capiton.state().frameMs);
const pause = (ms) => new Promise((ok) => setTimeout(ok, ms));

await page.evaluate(() => window.capiton.goTo('training'));
await pause(5000);  // 240 frames idle
const idle = await frameMs();

// The worker's start: its first snapshot (step 1 of a one-step run) reaches the page.
const start = await timed(() => Module.capitonCommand('trainUntil', { task: 'apple', until: 1 }),
                          () => Module.capitonCommand('trainingProgress', {}).step === 1);
console.log(`worker start (fetch, compile, first snapshot): ${(start * 1000).toFixed(0)} ms`);
console.log('task       steps   page s   node s (bare)  page/node   node s (as the worker)  page/that');
const row = (name, steps, s) => console.log(`${name.padEnd(10)} ${String(steps).padStart(5)} ${s.toFixed(3).padStart(8)} ` +
  (node[name] ? `${node[name].toFixed(3).padStart(8)}        ${(s / node[name]).toFixed(2).padStart(6)}×` : '') +
  (nodeAsPage[name] ? `   ${nodeAsPage[name].toFixed(3).padStart(8)}                ${(s / nodeAsPage[name]).toFixed(2).padStart(6)}×` : ''));
// Best of 3, as under node (the first run of a task also pays for the engine's compiling its code).
for (const [task, steps] of Object.entries(PRESET_STEPS)) {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    await page.evaluate(() => window.capiton.loadPreset('apple'));  // any other model: the next run starts from scratch
    best = Math.min(best, await timed(`() => Module.capitonCommand('trainUntil', { task: '${task}', until: ${steps} })`,
                                      `() => { const t = Module.capitonCommand('trainingProgress', {}); return t.step === ${steps} && !t.running; }`));
  }
  row(task, steps, best);
}
await page.evaluate(() => window.capiton.goTo('scale'));
await pause(200);
const r = await page.evaluate(() => Module.capitonCommand('widgetRect', { id: 'race:start' }).rect);
await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
const t0 = Date.now();
await page.mouse.down();
await pause(50);
await page.mouse.up();
const raceSeconds = await page.evaluate((t0) => new Promise((ok) => {
  const poll = () => {
    const x = Module.capitonCommand('trainingProgress', {});
    if (x.raceStep === 300 && !x.raceRunning) ok((Date.now() - t0) / 1000);
    else setTimeout(poll, 1);
  };
  poll();
}), t0);
row('race', 300, raceSeconds);

// The app's frames while the small world trains in the worker: long enough that the 240 frames the
// app keeps are all frames of training (headless Chromium draws 15–20 a second here), none of the
// stage's first frames, which compile its code.
const TRAIN_SECONDS = 18;
await page.evaluate(() => window.capiton.goTo('training'));
// full pace, and past the 9,000 steps where `train` would pause by itself
await page.evaluate(() => Module.capitonCommand('trainUntil', { task: 'world', until: 100000 }));
await pause(TRAIN_SECONDS * 1000);
const busy = await frameMs();
const steps = await page.evaluate(() => window.capiton.state().training.step);
await page.evaluate(() => window.capiton.pause());
const f = (x) => `p50 ${x.p50.toFixed(2)} ms, p95 ${x.p95.toFixed(2)} ms, max ${x.max.toFixed(2)} ms over ${x.frames} frames; ` +
  `before WebGL: p50 ${x.build.p50.toFixed(2)} ms, p95 ${x.build.p95.toFixed(2)} ms`;
console.log(`app CPU time per frame, idle on the training stage:      ${f(idle)}`);
console.log(`app CPU time per frame, while the small world trains:   ${f(busy)} (${steps} steps in ${TRAIN_SECONDS} s)`);
await browser.close();
server.close();
