// bench/attention-browser.mjs: bench/attention's WebAssembly builds run in Debian's chromium
// (headless) instead of node: the shipped kernels (wasm-simd) and the extra relaxed-SIMD build with
// fused multiply-adds (wasm-fma), alternating, `--rounds N` times each (default 3; a page gets two
// minutes). Each run is a new
// page that prints bench/attention.cpp's lines; a browser has no CPU clock, so the times are wall
// time. Prints the lines, then the medians and the ratio. Run by bench/attention after its builds.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { startServer } from '../scripts/lib/static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'build/wasm-release/bench');
const at = process.argv.indexOf('--rounds');
const rounds = at > 0 ? Number(process.argv[at + 1]) : 3;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number of at least 1');
const variants = { 'wasm-simd': 'bench_attention', 'wasm-fma': 'bench_attention_fma' };
for (const [v, file] of Object.entries(variants))
  writeFileSync(join(dir, `${file}.html`),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>${v}</title>` +
    `<script>var Module = {print: (t) => console.log(t), printErr: (t) => console.error(t)};</script>` +
    `<script src="${file}.js"></script>\n`);

const server = await startServer(dir, 0);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
console.log(`# chromium ${browser.version()}, wall time`);
const ms = {};  // variant → n → [ms of each round]
try {
  for (let r = 0; r < rounds; ++r)
    for (const [v, file] of Object.entries(variants)) {
      const page = await browser.newPage();
      const done = new Promise((ok, fail) => {
        page.on('console', (m) => {
          const t = m.text();
          if (m.type() === 'error') fail(new Error(`${v}: ${t}`));
          const f = /^\S+ n=(\d+) d=\d+ ms=([\d.]+)/.exec(t);
          if (!f) return;
          console.log(t.replace(/^\S+/, `${v}-chromium`));
          ((ms[v] ??= {})[f[1]] ??= []).push(Number(f[2]));
          if (f[1] === '1024') ok();
        });
        page.on('pageerror', (e) => fail(e));
      });
      await page.goto(`${url}${file}.html`);
      let timer;
      await Promise.race([done, new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`${v}: no n=1024 line within two minutes`)), 120000);
      })]);
      clearTimeout(timer);
      await page.close();
    }
} finally {
  await browser.close();
  server.close();
}
const median = (a) => {
  const s = [...a].sort((x, y) => x - y), m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
for (const n of Object.keys(ms['wasm-simd'])) {
  const b = median(ms['wasm-simd'][n]), f = median(ms['wasm-fma'][n]);
  console.log(`chromium n=${n}: wasm SIMD ${b.toFixed(3)} ms, with relaxed FMA ${f.toFixed(3)} ms: ${(b / f).toFixed(2)}x (medians of ${rounds})`);
}
