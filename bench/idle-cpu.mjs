// bench/idle-cpu: what a page at rest costs — the CPU time of every process of Debian's chromium
// (headless, SwiftShader: drawing a frame is CPU work here) while the page shows a stage and nobody
// touches it, as a share of one core, from the browser's own count (DevTools SystemInfo.getProcessInfo).
// --against another build's web folder measures that one too, alternately, in the same run.
// Figures only: nothing here passes or fails.
//   node bench/idle-cpu.mjs [--dir build/wasm-release/web] [--against DIR] [--runs 3] [--seconds 5]
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { startServer } from '../scripts/lib/static-server.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const dirs = [arg('--dir', 'build/wasm-release/web'), arg('--against', null)].filter(Boolean);
const runs = Number(arg('--runs', 3));
const seconds = Number(arg('--seconds', 5));
const STAGES = ['weighting', 'training'];  // a stage of grids, and one of charts

async function cpuSeconds(cdp) {  // every process of the browser, in seconds
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
}

const pause = (ms) => new Promise((ok) => setTimeout(ok, ms));
const results = new Map();
for (let round = 0; round < runs; round++) {
  for (const dir of dirs) {
    for (const stage of STAGES) {
      const server = await startServer(dir, 0);
      const browser = await launchChromium();
      const cdp = await browser.newBrowserCDPSession();
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, serviceWorkers: 'block' })).newPage();
      await page.goto(`http://127.0.0.1:${server.address().port}/#stage=${stage}`);
      await page.evaluate(() => window.capiton.ready);
      await pause(3000);  // the first frames and whatever starts with them
      const c0 = await cpuSeconds(cdp), t0 = Date.now();
      await pause(seconds * 1000);
      const share = (await cpuSeconds(cdp) - c0) / ((Date.now() - t0) / 1000);
      const key = `${dir} ${stage}`;
      results.set(key, [...(results.get(key) || []), share]);
      await browser.close();
      server.close();
    }
  }
}
console.log(`chromium's CPU while a page rests on a stage (${seconds} s, ${runs} runs; 1.00 = one core busy):`);
for (const [key, shares] of results) {
  const sorted = [...shares].sort((a, b) => a - b);
  console.log(`  ${key.padEnd(48)} median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}, ` +
              `${sorted.map((x) => x.toFixed(2)).join(' ')}`);
}
