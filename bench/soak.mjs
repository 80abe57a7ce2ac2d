// bench/soak: the long runs of issue 9 against the built page in Debian's chromium (headless), with
// the page's memory printed after each: 10,000 sentences (English, Chinese, Hangul, emoji, mixed),
// 1,000 link changes, and training left running (10 minutes by default). Figures only; the bounded
// versions with assertions are tests/e2e/soak.test.mjs.
//   node bench/soak.mjs [--dir build/wasm-release/web] [--sentences 10000] [--links 1000] [--train-seconds 600]
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { startServer } from '../scripts/lib/static-server.mjs';
import { frames, hashChanges, memory, sentences } from '../scripts/lib/soak.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const dir = arg('--dir', 'build/wasm-release/web');
const SENTENCES = Number(arg('--sentences', 10000)), LINKS = Number(arg('--links', 1000));
const TRAIN_SECONDS = Number(arg('--train-seconds', 600));
const STAGES = ['seq2seq', 'similarity', 'tokens', 'embedding', 'projection', 'scores', 'scale', 'mask', 'softmax',
                'weighting', 'output', 'heads', 'block', 'cross', 'decode', 'training'];

const server = await startServer(dir, 0);
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, serviceWorkers: 'block' });
const page = await context.newPage();
let errors = 0;
page.on('console', (m) => { if (m.type() === 'error') { errors++; console.log('console error:', m.text()); } });
page.on('pageerror', (e) => { errors++; console.log('page error:', e.message); });
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.evaluate(() => window.capiton.ready);
const cdp = await context.newCDPSession(page);
const MB = (x) => (x / 1048576).toFixed(2) + ' MB';
const show = async (what) => {
  const m = await memory(page, cdp);
  const a = await page.evaluate(() => Module.capitonCommand('fontAtlas', {}));
  console.log(`${what.padEnd(44)} wasm heap ${MB(m.wasm).padStart(9)}   JS heap ${MB(m.js).padStart(9)}   atlas ${a.width}×${a.height}, ` +
              `${a.chineseGlyphs} Chinese glyphs`);
};

await show('start');
for (const lang of ['zh', 'en']) {  // warm-up: every stage in both languages
  await page.evaluate((l) => window.capiton.setLanguage(l), lang);
  for (const s of STAGES) {
    await page.evaluate((id) => window.capiton.goTo(id), s);
    await frames(page, 2);
  }
}
await show('after every stage in both languages');
let refused = 0;
for (let done = 0; done < SENTENCES; done += 2000) {
  refused += await sentences(page, done, Math.min(2000, SENTENCES - done));
  await show(`after ${Math.min(done + 2000, SENTENCES)} sentences`);
}
console.log(`(${refused} sentences refused, each with a reason)`);
for (let done = 0; done < LINKS; done += 250) {
  await hashChanges(page, done, Math.min(250, LINKS - done));
  await show(`after ${Math.min(done + 250, LINKS)} link changes`);
}
await page.evaluate(() => window.capiton.goTo('training'));
// A training load at full pace, not a pace to watch, past the 9,000 steps where `train` (and the Train
// button) would pause: trainUntil pauses at step 100,000; then a new run starts, as a student pressing
// "Start again" would, so that training goes on for the whole time.
await page.evaluate(() => Module.capitonCommand('trainUntil', { task: 'world', until: 100000 })); The loss curve as kept is reported too.
const t0 = Date.now();
let runs = 1;
for (let s = 60; s <= TRAIN_SECONDS; s += 60) {
  while (Date.now() < t0 + s * 1000) {
    await new Promise((ok) => setTimeout(ok, Math.min(5000, t0 + s * 1000 - Date.now())));
    const p = await page.evaluate(() => Module.capitonCommand('trainingProgress', {}));
    if (!p.running) {
      await page.evaluate(() => window.capiton.loadPreset('world'));  // puts the run away
      await page.evaluate(() => Module.capitonCommand('trainUntil', { task: 'world', until: 100000 }));  // and starts a new one from step 0
      runs++;
    }
  }
  const p = await page.evaluate(() => Module.capitonCommand('trainingProgress', {}));
  await show(`training ${s} s (run ${runs}, step ${p.step}; curve ${p.lossPoints} points of ${p.lossStride} steps)`);
}
await page.evaluate(() => window.capiton.pause());
console.log(`console errors: ${errors}`);
await browser.close();
server.close();
