// Accessibility and export: the hidden screen-reader region, the CSV / JSON / PNG exports, and the
// offline service worker (a new build picked up on a later visit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TOKENS, DIR, capiton, clickWidget, frames, imageStats, newContext, openPage, ready, screenshot, state,
         until, warnings, watch } from './harness.mjs';
import { startServer } from '../../scripts/lib/static-server.mjs';

test('screen readers: a hidden region holds the stage text and its matrices as tables', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'softmax');
  await p.waitForFunction(() => document.getElementById('a11y-title').textContent.startsWith('Softmax'));
  const region = await p.evaluate(() => {
    const live = document.querySelector('#a11y [aria-live="polite"]');
    const tables = [...document.querySelectorAll('#a11y-tables table')].map((t) => ({
      caption: t.querySelector('caption').textContent,
      cols: [...t.querySelectorAll('th[scope="col"]')].map((th) => th.textContent),
      rows: [...t.querySelectorAll('th[scope="row"]')].map((th) => th.textContent),
      first: [...t.querySelectorAll('tr')][1].querySelector('td').textContent,
    }));
    const box = document.getElementById('a11y').getBoundingClientRect();
    return { live: !!live, body: document.getElementById('a11y-body').textContent, tables, w: box.width, lang: document.documentElement.lang };
  });
  assert.ok(region.live);
  assert.ok(region.body.length > 50);
  assert.ok(region.w <= 1, 'visually hidden');
  assert.equal(region.lang, 'en');
  // what the stage says besides its body, with the numbers it shows: the analogy's line
  const texts = await p.evaluate(() => [...document.querySelectorAll('#a11y-texts p')].map((e) => e.textContent));
  assert.ok(texts.some((t) => /^Search engine: softmax decides how much .* \d+% of its attention goes to the page of “/.test(t)),
            texts.join(' | '));
  assert.ok(!texts.some((t) => t.startsWith('Softmax turns each row')), 'the body is said once, in the live region');
  const weights = region.tables.find((t) => t.caption.startsWith('weights'));
  assert.ok(weights, region.tables.map((t) => t.caption).join(' | '));
  assert.deepEqual(weights.cols, DEFAULT_TOKENS);
  assert.deepEqual(weights.rows, DEFAULT_TOKENS);
  const s = await state(p);
  assert.equal(weights.first, s.matrices.weights[0][0].toFixed(2));
  await capiton(p, 'setLanguage', 'zh');
  await p.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await p.evaluate(() => document.getElementById('a11y-title').textContent), /Softmax/);
  assert.equal(await p.title(), 'capiton — 注意力机制，一个数一个数地看', 'the tab\'s title follows the language');
  assert.equal(await p.getAttribute('#canvas', 'aria-label'), 'capiton：一步步交互式地走过注意力机制', 'so does the canvas\'s name');
  // the embedding stage's formula as drawn: with nothing added for position, no PE in it
  await capiton(p, 'setLanguage', 'en');
  await p.waitForFunction(() => document.title === 'capiton — attention, number by number');
  assert.equal(await p.getAttribute('#canvas', 'aria-label'), 'capiton: an interactive walk through the attention mechanism');
  await capiton(p, 'goTo', 'embedding');
  await p.waitForFunction(() => document.getElementById('a11y-formula').textContent.includes('PE(position)'));
  assert.deepEqual(await capiton(p, 'setParam', 'pos', 'rope'), { ok: true });
  await p.waitForFunction(() => document.getElementById('a11y-formula').textContent.startsWith('X = E[token]   (nothing added'));
  // softmax's formula at a temperature other than 1 divides by it, as its weights do
  await capiton(p, 'goTo', 'softmax');
  assert.deepEqual(await capiton(p, 'setParam', 't', 3), { ok: true });
  await p.waitForFunction(() => document.getElementById('a11y-formula').textContent.includes('/ T)'));
  assert.match(await p.evaluate(() => document.getElementById('a11y-formula').textContent), /T = 3$/);
  assert.deepEqual(await capiton(p, 'setParam', 't', 1), { ok: true });
  await p.waitForFunction(() => !document.getElementById('a11y-formula').textContent.includes('T ='));
  // the similarity stage's readout is heard with its numbers: a = (3, 1) and b = (1.5, 2.5) at the start
  await capiton(p, 'goTo', 'similarity');
  await p.waitForFunction(() => [...document.querySelectorAll('#a11y-texts p')]
    .some((e) => e.textContent === 'a \u00b7 b = 3.00 \u00d7 1.50 + 1.00 \u00d7 2.50 = 7.00'), null, { timeout: 5000 });
});

test('a word the sentence holds twice is named with its place in the grids, as in the notes', async () => {
  const p = await openPage();
  assert.equal((await capiton(p, 'setSentence', 'the cat saw the dog')).ok, true);
  await capiton(p, 'goTo', 'softmax');
  const headers = () => p.evaluate(() => {
    const t = [...document.querySelectorAll('#a11y-tables table')].find((e) => e.querySelector('caption').textContent.startsWith('weights'));
    return t ? [...t.querySelectorAll('th[scope="col"]')].map((th) => th.textContent) : null;
  });
  await until(async () => (await headers())?.length === 5);
  assert.deepEqual(await headers(), ['the\u00a0(1)', 'cat', 'saw', 'the\u00a0(4)', 'dog']);
});

test('screen readers: a question answered is heard, though the state a link carries did not change', async () => {
  const p = await openPage(1366, 2400);  // the whole stage on screen, its question too
  await capiton(p, 'goTo', 'softmax');
  await p.waitForFunction(() => document.getElementById('a11y-title').textContent.startsWith('Softmax'));
  const verdict = () => p.evaluate(() => [...document.querySelectorAll('#a11y-texts p')]
    .some((e) => /^(Right!|Not quite: the answer is “)/.test(e.textContent)));
  assert.equal(await verdict(), false);
  await clickWidget(p, 'question:0');
  await p.waitForFunction(() => [...document.querySelectorAll('#a11y-texts p')]
    .some((e) => /^(Right!|Not quite: the answer is “)/.test(e.textContent)), null, { timeout: 5000 });
});

test('export: the stage as CSV and JSON, the view as PNG', async () => {
  const p = await openPage(1366, 768, { acceptDownloads: true });
  await capiton(p, 'setSentence', 'x , = y');
  await capiton(p, 'goTo', 'softmax');
  await frames(p, 4);
  const download = async (id) => {
    const [d] = await Promise.all([p.waitForEvent('download'), clickWidget(p, id)]);
    return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
  };
  const s = await state(p);
  const csv = await download('export:CSV');
  assert.equal(csv.name, 'capiton-softmax.csv');
  const text = csv.bytes.toString('utf8');
  assert.ok(text.includes('weights,each row sums to 1\r\n'), text.slice(0, 300));
  assert.ok(text.includes(',x,",",\'=,y\r\n'), 'tokens as column labels, the comma quoted, the formula defused');
  const row = text.split('\r\n').find((l) => l.startsWith('\'=,') && text.indexOf(l) > text.indexOf('weights,'));
  assert.ok(row, 'the weights row of "="');
  row.split(',').slice(1).forEach((v, j) => assert.ok(Math.abs(Number(v) - s.matrices.weights[2][j]) < 1e-6));
  const json = await download('export:JSON');
  assert.equal(json.name, 'capiton-softmax.json');
  const j = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(j.stage, 'softmax');
  assert.equal(j.sentence, 'x , = y');
  const w = j.matrices.find((m) => m.name === 'weights');
  assert.deepEqual(w.cols, ['x', ',', '=', 'y']);
  assert.deepEqual(w.values, s.matrices.weights);
  const png = await download('export:PNG');
  assert.equal(png.name, 'capiton-softmax.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.bytes.readUInt32BE(16), 1366);  // IHDR: the canvas's width and height
  assert.equal(png.bytes.readUInt32BE(20), 768);
  const { variance } = await imageStats(p, png.bytes, 4, 140);
  assert.ok(variance > 100, `the PNG shows the view (variance ${variance})`);
  // a stage without a grid of numbers (the tokens, the similarity plane) greys CSV and JSON, which
  // would be empty files, and keeps PNG
  for (const stage of ['tokens', 'similarity']) {
    await capiton(p, 'goTo', stage);
    await frames(p, 4);
    let downloads = 0;
    const count = () => { downloads++; };
    p.on('download', count);
    for (const id of ['export:CSV', 'export:JSON']) await clickWidget(p, id);
    await frames(p, 6);
    assert.equal(downloads, 0, `${stage}: no empty CSV or JSON`);
    p.off('download', count);
    assert.equal((await download('export:PNG')).name, `capiton-${stage}.png`);
  }
});

test('offline: after the first visit the app runs without the network; a new build is picked up on a later visit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capiton-web-'));  // a copy of the build we can "redeploy"
  cpSync(DIR, dir, { recursive: true });
  const server = await startServer(dir, 0);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const context = await newContext({ viewport: { width: 1024, height: 700 } });
  const errors = [];  // console errors of every page and worker of the context
  context.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    const p = watch(await context.newPage());
    const build = () => p.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--capiton-build').trim());
    await p.goto(url + '#stage=scores');
    await ready(p);
    await until(() => p.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated'));
    assert.equal(await build(), '');
    // a new build on the server: different files, and so a different sw.js
    writeFileSync(join(dir, 'index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace('</head>', '<style>html { --capiton-build: 2; }</style></head>'));
    writeFileSync(join(dir, 'sw.js'), readFileSync(join(dir, 'sw.js'), 'utf8').replace(/const BUILD = '[^']*'/, "const BUILD = 'test-build-2'"));
    await p.goto(url);  // the next visit runs the new build (a URL without fragment: a real load)
    await ready(p);
    assert.equal(await build(), '2');
    // …and its service worker caches the new build as a whole before it takes over (until then,
    // offline would be the old build, whole)
    await until(() => p.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return !r.installing && !r.waiting && (await caches.keys()).some((k) => k.endsWith(' test-build-2'));
    }));
    await capiton(p, 'goTo', 'scores');
    await p.waitForFunction(() => location.hash.includes('stage=scores'));  // the address follows within 250 ms
    // the guide for course pages, opened once (from the share popup), is kept for offline use too
    const guide = await context.newPage();
    await guide.goto(url + 'capiton-guide.html');
    await until(() => guide.evaluate(async () => (await caches.match(new URL('capiton-guide.html', location.href).href)) !== undefined));
    await guide.close();
    // offline: the page, the script and the .wasm all come from the cache
    await context.setOffline(true);
    await p.reload();
    await ready(p);
    assert.equal((await state(p)).stage, 'scores');
    assert.equal(await build(), '2');
    // Chinese offline: the font no page of this visit fetched (they were English) comes from the cache
    await p.goto(url + 'embed.html#stage=softmax&lang=zh');
    await ready(p);
    assert.equal((await state(p)).stage, 'softmax');
    assert.equal((await state(p)).lang, 'zh');
    assert.equal(await p.evaluate(() => performance.getEntriesByName(new URL('capiton-zh.ttf', location.href).href).length), 1);
    assert.deepEqual(warnings(p).filter((w) => /font/.test(w)), []);
    await screenshot(p, 'offline-embed.png');
    // the guide offline; its Chinese edition, never opened, is not promised
    const offlineGuide = await context.newPage();
    await offlineGuide.goto(url + 'capiton-guide.html');
    assert.equal(await offlineGuide.textContent('h1'), 'Embedding capiton in a course page');
    await offlineGuide.close();
  } finally {
    await context.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(errors, []);
});
