// Screenshots of every stage of two builds, compared pixel by pixel: for refactors that must not
// change what a student sees. Each view is opened in a fresh page of each build (same window, same
// link fragment), drawn, and captured; the two pictures are compared in the browser, exactly.
//   node scripts/compare-screens.mjs --before <web dir> --after <web dir> [--out <folder for PNGs>]
// Prints one line per view (identical, or how many pixels differ and where) and exits 1 when any differ.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { differingPixels as diff } from './lib/pixels.mjs';
import { startServer } from './lib/static-server.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const before = arg('--before'), after = arg('--after');
const out = arg('--out', null);
if (!before || !after) {
  console.error('usage: node scripts/compare-screens.mjs --before <web dir> --after <web dir> [--out <folder>]');
  process.exit(2);
}
if (out) mkdirSync(out, { recursive: true });

const STAGES = ['seq2seq', 'similarity', 'tokens', 'embedding', 'projection', 'scores', 'scale', 'mask', 'softmax',
                'weighting', 'output', 'heads', 'block', 'cross', 'decode', 'training'];
// Every stage in both languages; the layers on and the dark theme on the stages they change most;
// the embedded page; a selected token with the causal mask.
const views = [];
for (const lang of ['en', 'zh'])
  for (const stage of STAGES) views.push({ name: `${stage}-${lang}`, page: 'index.html', hash: `stage=${stage}&lang=${lang}&theme=light` });
for (const stage of ['embedding', 'scores', 'softmax', 'output'])
  views.push({ name: `${stage}-layers`, page: 'index.html', hash: `stage=${stage}&lang=en&theme=light&layers=search,signifier,apple,qkv` });
for (const stage of ['seq2seq', 'projection', 'softmax', 'training'])
  views.push({ name: `${stage}-dark`, page: 'index.html', hash: `stage=${stage}&lang=en&theme=dark` });
views.push({ name: 'mask-causal-tok', page: 'index.html', hash: 'stage=mask&lang=en&theme=light&mask=causal&tok=3' });
views.push({ name: 'embed-softmax-zh', page: 'embed.html', hash: 'stage=softmax&lang=zh&theme=light' });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
         '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const servers = await Promise.all([startServer(before, 0), startServer(after, 0)]);
const bases = servers.map((s) => `http://127.0.0.1:${s.address().port}/`);

async function capture(base, view) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(base + view.page + '#' + view.hash);
  await page.evaluate(() => window.capiton.ready);
  // a few frames: new windows lay out over their first frames, glyphs load, the link's state settles
  await page.evaluate(() => new Promise((ok) => {
    const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : ok());
    step(8);
  }));
  const png = await page.screenshot();
  await context.close();
  return png;
}

const scratch = await (await browser.newContext()).newPage();
let differing = 0;
for (const view of views) {
  const [a, b] = [await capture(bases[0], view), await capture(bases[1], view)];
  const d = await diff(scratch, a, b);
  if (out) {
    writeFileSync(join(out, `${view.name}-before.png`), a);
    writeFileSync(join(out, `${view.name}-after.png`), b);
  }
  if (d.count === 0) {
    console.log(`${view.name.padEnd(22)} identical`);
  } else {
    differing++;
    console.log(`${view.name.padEnd(22)} ${d.size ? 'different sizes' : `${d.count} pixels differ in [${d.box.join(', ')}]`}`);
  }
}
console.log(`${views.length - differing} of ${views.length} views identical`);
await browser.close();
for (const s of servers) s.close();
process.exit(differing ? 1 : 0);
