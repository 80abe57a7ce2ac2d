// bench/page-load: what a visitor downloads (gzip -9 of every file the page fetches) and the time from
// navigation to the first frame drawn, in Debian's chromium, headless, on this machine.
// Figures only: nothing here passes or fails.
//   node bench/page-load.mjs [--dir build/wasm-release/web] [--runs 7]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { startServer } from '../scripts/lib/static-server.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const dir = arg('--dir', 'build/wasm-release/web');
const runs = Number(arg('--runs', 7));

// What a first visit to index.html fetches (sw.js comes after the first frame, the fonts are inside
// the .wasm).
const files = ['index.html', 'capiton.css', 'capiton-page.js', 'capiton.js', 'capiton.wasm', 'sw.js'];
let raw = 0, gz = 0;
console.log('file              bytes      gzip -9');
for (const f of files) {
  const b = readFileSync(join(dir, f));
  const z = gzipSync(b, { level: 9 }).length;
  raw += b.length;
  gz += z;
  console.log(`${f.padEnd(16)} ${String(b.length).padStart(9)} ${String(z).padStart(10)}`);
}
console.log(`${'total'.padEnd(16)} ${String(raw).padStart(9)} ${String(gz).padStart(10)}  (${(gz / 1048576).toFixed(3)} MiB gzip)`);

const server = await startServer(dir, 0);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const times = [], phases = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(url);
  // performance.now() and the marks count from the navigation's start
  const r = await page.evaluate(() => window.capiton.ready.then(() => {
    const mark = (n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
    return [mark('capiton:wasm-downloaded'), mark('capiton:runtime-ready'), mark('capiton:first-frame')];
  }));
  times.push(r[2]);
  phases.push(r);
  await context.close();
}
await browser.close();
server.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`\ntime to first frame, ${runs} cold loads (new context, no service worker, local server):`);
console.log(`  median ${median.toFixed(0)} ms, fastest ${times[0].toFixed(0)} ms, slowest ${times[times.length - 1].toFixed(0)} ms`);
const mid = (k) => phases.map((p) => p[k]).sort((a, b) => a - b)[Math.floor(phases.length / 2)];
console.log(`  medians: .wasm downloaded at ${mid(0).toFixed(0)} ms, compiled and started at ${mid(1).toFixed(0)} ms, ` +
            `first frame at ${mid(2).toFixed(0)} ms`);
