// bench/train-browser: training in the page, in Debian's chromium (headless, SwiftShader: the GPU is
// emulated on the CPU, so frame rates here are far below a real browser's). For each task, from
// scratch to its preset's step count through window.capiton.train(); then the √d_k race (two models
// at d_k = 256, 300 steps) through its button. Prints wall time, steps per second and the frame rate
// while training next to the frame rate idle. Figures only: nothing here passes or fails.
//   node bench/train-browser.mjs [--dir build/wasm-release/web]
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { startServer } from '../scripts/lib/static-server.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const dir = arg('--dir', 'build/wasm-release/web');
const PRESET_STEPS = { birdsky: 400, apple: 300, lookback: 600 };  // src/core/presets.h, kPresetRuns

const server = await startServer(dir, 0);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const page = await (await browser.newContext({ viewport: { width: 1366, height: 1300 }, serviceWorkers: 'block' })).newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('console error:', m.text()); });
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.evaluate(() => window.capiton.ready);

// Frames drawn per second over `ms`, and how far `progress()` advanced meanwhile.
const sample = (ms, progress) => page.evaluate(([ms, progress]) => new Promise((ok) => {
  const read = new Function(`return (${progress})()`);
  const t0 = performance.now(), p0 = read();
  let frames = 0;
  const tick = () => {
    frames++;
    if (performance.now() - t0 < ms) requestAnimationFrame(tick);
    else ok({ fps: (1000 * frames) / (performance.now() - t0), progress: read() - p0, ms: performance.now() - t0 });
  };
  requestAnimationFrame(tick);
}), [ms, String(progress)]);

await page.evaluate(() => window.capiton.goTo('training'));
const idle = await sample(3000, () => 0);
console.log(`idle on the training stage: ${idle.fps.toFixed(1)} fps (1366 × 1300, SwiftShader)`);
console.log('task       steps   wall s   steps/s   fps while training');
for (const task of Object.keys(PRESET_STEPS)) {
  const t0 = Date.now();
  await page.evaluate((t) => window.capiton.train(t), task);
  const during = await sample(1500, () => window.capiton.state().training.step);
  while ((await page.evaluate(() => window.capiton.state().training.step)) < PRESET_STEPS[task])
    await new Promise((ok) => setTimeout(ok, 100));
  const wall = (Date.now() - t0) / 1000;
  await page.evaluate(() => window.capiton.pause());
  console.log(`${task.padEnd(10)} ${String(PRESET_STEPS[task]).padStart(5)} ${wall.toFixed(2).padStart(8)} ` +
              `${(PRESET_STEPS[task] / wall).toFixed(0).padStart(9)}   ${during.fps.toFixed(1)}`);
}
await page.evaluate(() => window.capiton.goTo('scale'));
await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
const r = await page.evaluate(() => Module.capitonCommand('widgetRect', { id: 'race:start' }).rect);
const t0 = Date.now();
await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2, { delay: 50 });
const during = await sample(1500, () => (window.capiton.state().scalingRace || { step: 0 }).step);
while ((await page.evaluate(() => (window.capiton.state().scalingRace || { running: true }).running)))
  await new Promise((ok) => setTimeout(ok, 100));
const wall = (Date.now() - t0) / 1000;
console.log(`${'race'.padEnd(10)} ${'300'.padStart(5)} ${wall.toFixed(2).padStart(8)} ${(300 / wall).toFixed(0).padStart(9)}   ` +
            `${during.fps.toFixed(1)}   (two models, d_k = 256)`);
await browser.close();
server.close();
