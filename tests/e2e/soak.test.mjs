// Soaks, bounded: thousands of sentences and links, and training left running, leave the page's
// memory flat once warmed up and its glyph atlas within its cap. (bench/soak.mjs runs them longer
// and prints the figures.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGES, capiton, frames, openPage, state, until } from './harness.mjs';
import { hashChanges, memory, sentences } from '../../scripts/lib/soak.mjs';

const MB = 1048576;

test('soak: 2,400 sentences (English, Chinese, Hangul, emoji, mixed) and 300 links leave memory flat and the atlas bounded', async () => {
  const p = await openPage(1024, 700);
  const cdp = await p.context().newCDPSession(p);
  // Warm-up: every kind of sentence and link, the Chinese font, and the glyph set filled past its cap
  // once (about 1,500 sentences: the atlas is at its largest then, and the heap with it).
  // Every stage in both languages first: the glyph atlas at its largest (the Chinese screen and the
  // translator's words), and the heap's high-water mark with it.
  for (const lang of ['zh', 'en']) {
    await capiton(p, 'setLanguage', lang);
    for (const stage of STAGES) {
      await capiton(p, 'goTo', stage);
      await frames(p, 2);
    }
  }
  await sentences(p, 0, 1800);
  await hashChanges(p, 0, 60);
  const warm = await memory(p, cdp);
  const refused = await sentences(p, 1800, 2400);
  await hashChanges(p, 60, 300);
  const after = await memory(p, cdp);
  assert.equal(after.wasm, warm.wasm, `the .wasm heap grew from ${warm.wasm} to ${after.wasm} bytes`);
  assert.ok(after.js < warm.js + 2 * MB, `the JS heap grew from ${(warm.js / MB).toFixed(1)} to ${(after.js / MB).toFixed(1)} MB`);
  const atlas = await p.evaluate(() => Module.capitonCommand('fontAtlas', {}));
  assert.ok(atlas.chineseGlyphs <= 3000 && atlas.height <= atlas.maxTexture, JSON.stringify(atlas));
  assert.equal((await state(p)).rejectedMessages, 0);
  assert.equal(refused, 0, `${refused} of 2,400 sentences refused`);
});

test('soak: training left running keeps the page\'s memory flat, and its curve bounded', async () => {
  const p = await openPage(1024, 700, { path: '#stage=training' });
  const cdp = await p.context().newCDPSession(p);
  await p.evaluate(() => window.capiton.train('world'));
  await until(async () => (await state(p)).training.step > 200, 60);
  const warm = await memory(p, cdp);
  const stepWarm = (await state(p)).training.step;
  await new Promise((ok) => setTimeout(ok, 20000));
  const s = await state(p);
  const after = await memory(p, cdp);
  assert.ok(s.training.step > stepWarm + 500, `training went on (${stepWarm} → ${s.training.step} steps)`);
  assert.equal(after.wasm, warm.wasm, `the .wasm heap grew from ${warm.wasm} to ${after.wasm} bytes`);
  assert.ok(after.js < warm.js + 2 * MB, `the JS heap grew from ${(warm.js / MB).toFixed(1)} to ${(after.js / MB).toFixed(1)} MB`);
  await p.evaluate(() => window.capiton.pause());
});
