// bench/gpt-page: the poem model trained from scratch in the page, in Debian's chromium (headless,
// SwiftShader), in the page's worker (capiton-train-worker.js) with the page's run (kGptPageRun):
// from the Train button's request, every 6 s for `seconds` (60 unless given), the step, the training
// loss, the held-out loss and the best head's induction score (every 25 steps, src/core/poem_stage.h:
// the run grows an induction head in its first 1,500 steps) and the worker's speed in characters
// predicted per second of training steps (state().poems.training.charsPerSecond); bench/gpt prints
// the same run natively and under node just before. Figures only: nothing here passes or fails.
//   node bench/gpt-page.mjs [--dir build/wasm-release/web] [--seconds 60]
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { startServer } from '../scripts/lib/static-server.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const dir = arg('--dir', 'build/wasm-release/web');
const seconds = Number(arg('--seconds', '60'));

const server = await startServer(dir, 0);
const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, serviceWorkers: 'block' })).newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('console error:', m.text()); });
await page.goto(`http://127.0.0.1:${server.address().port}/#stage=poems`);
await page.evaluate(() => window.capiton.ready);
const poems = () => page.evaluate(() => window.capiton.state().poems);
const pause = (ms) => new Promise((ok) => setTimeout(ok, ms));
for (let t = 0; (await poems()).status !== 'ready'; t += 100) {
  if (t > 60000) throw new Error('the poem model did not load');
  await pause(100);
}

const fixed = (x, n) => (x === null || x === undefined ? '–' : x.toFixed(n));
console.log(`poems in the page: training from scratch for ${seconds} s (the page's worker, one thread)`);
console.log('     s    step  train loss  held-out  induction  chars/s');
const started = Date.now();
const asked = await page.evaluate(() => window.capiton.trainPoems('start'));
if (!asked.ok) throw new Error(`trainPoems: ${asked.error}`);
let last = null;
for (let k = 1; k <= Math.ceil(seconds / 6); ++k) {
  await pause(Math.max(0, started + Math.min(k * 6, seconds) * 1000 - Date.now()));
  last = (await poems()).training;
  if (!last) continue;
  const at = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`${at} ${String(last.step).padStart(7)} ${fixed(last.loss, 3).padStart(11)} ${fixed(last.heldLoss, 3).padStart(9)} ${fixed(last.induction, 3).padStart(10)} ${fixed(last.charsPerSecond, 0).padStart(8)}`);
}
await page.evaluate(() => window.capiton.trainPoems('pause'));
console.log(`page: ${last ? last.step : 0} steps in ${seconds} s, held-out ${fixed(last && last.heldLoss, 3)} nats per character, ` +
            `best induction score ${fixed(last && last.induction, 3)}, ` +
            `${fixed(last && last.charsPerSecond, 0)} characters a second`);
await browser.close();
server.close();
