// Soaks, bounded: thousands of sentences and links, and training left running, leave the page's
// memory flat once warmed up and its glyph atlas within its cap. (bench/soak.mjs runs them longer
// and prints the figures.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGES, capiton, frames, openHostPage, openPage, state, until } from './harness.mjs';
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
  // a training load, not a pace to watch (trainUntil: full pace), past the 9,000 steps where `train`
  // would pause by itself
  await p.evaluate(() => Module.capitonCommand('trainUntil', { task: 'world', until: 100000 }));
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
  // the loss curve: at most 2,048 points (core/curve.h), each the mean of a power of two of steps,
  // covering every step the page has heard of
  const c = await p.evaluate(() => Module.capitonCommand('trainingProgress', {}));
  assert.ok(c.lossPoints >= 1 && c.lossPoints <= 2048, `${c.lossPoints} points in the loss curve`);
  assert.equal(c.lossStride & (c.lossStride - 1), 0, `a point stands for ${c.lossStride} steps`);
  assert.equal(c.lossSteps, c.step, 'one loss per step heard');
  assert.ok(c.lossPoints * c.lossStride >= c.step && (c.lossPoints - 1) * c.lossStride < c.step,
    `${c.lossPoints} points of ${c.lossStride} steps for ${c.step} steps`);
});

// 10,000 messages to an embedded capiton, made in the course page from a seeded generator: commands
// that are right, commands with a wrong field, and every kind of junk, from the allowed origin and from
// a third site's frame. Exactly one reply for each message with capiton: 1, a type and a usable id
// (ok: false with the reason when a field is wrong or the type is no message command), but for the
// types capiton posts itself (a reply echoed back); none for the rest, and each of those counted.
test('soak: 10,000 random messages from the allowed page and a foreign frame: one reply each where due, none otherwise, the count exact', async () => {
  const { p, third, close } = await openHostPage();
  try {
    // The generator, the same in both windows: message k of seed s.
    const generator = String((seed, k, from) => {
      let x = (seed * 1000003 + k * 7919) >>> 0;
      const r = (n) => { x = (Math.imul(x ^ (x >>> 15), 2246822519) + 0x9e3779b9) >>> 0; return x % n; };
      const junkText = () => ['x'.repeat(5000), '\uD800', 'a\uDC00b', '<script>', '😀'.repeat(100), ''][r(6)];
      const deep = () => { let o = {}; for (let i = 0; i < 200; i++) o = { o }; return o; };
      const id = `${from}${k}`;
      const good = [
        { type: 'getState' }, { type: 'goTo', stage: ['softmax', 'tokens', 'output', 'nope', 'SOFTMAX'][r(5)] },
        { type: 'setSentence', text: ['the cat sat', '我在天空中看到一只鸟', '   ', 'x'.repeat(4000), '\uD800lone'][r(5)] },
        { type: 'setLanguage', lang: ['en', 'zh', 'fr'][r(3)] }, { type: 'setLayer', layer: ['apple', 'search', 'nope'][r(3)], on: r(2) === 1 },
        { type: 'setParam', name: ['dk', 't', 'mask', 'bogus'][r(4)], value: [4, 8, 2, 'causal', 7, -1][r(6)] },
      ];
      const wrongField = [
        { type: 'goTo', stage: [null, 5, true, {}, [], deep()][r(6)] }, { type: 'goTo' }, { type: 'setSentence', text: 42 },
        { type: 'setSentence', text: 'x'.repeat(100000) }, { type: 'setLayer', layer: 'apple', on: 'yes' },
        { type: 'setParam', name: 'dk', value: { deep: deep() } }, { type: 'setParam', name: 'dk', value: NaN },
        { type: 'setLanguage', lang: junkText() === '' ? null : 3 },
        { type: ['eval', 'toString', '__proto__', 'constructor', 'state', 'applyFragment', 'widgetRect'][r(7)] },
      ];
      const junk = [
        () => 'getState', () => null, () => [1, 2, 3], () => 42, () => deep(),
        () => ({ capiton: 2, type: 'getState', id }), () => ({ capiton: '1', type: 'getState', id }),
        () => ({ capiton: 1, type: ['reply', 'ready', 'stateChanged'][r(3)], id, ok: true }),  // capiton's own, echoed
        () => ({ capiton: 1, type: 'getState', id: [NaN, Infinity, {}, null, 'i'.repeat(201), undefined][r(6)] }),
        () => ({ capiton: 1, type: 'getState' }), () => ({ capiton: 1, id }),
      ];
      const kind = r(10);
      if (kind < 5) return { due: true, message: { capiton: 1, id, ...good[r(good.length)] } };
      if (kind < 7) return { due: true, message: { capiton: 1, id, ...wrongField[r(wrongField.length)] } };
      return { due: false, message: junk[r(junk.length)]() };
    });
    const N = 9000, FOREIGN = 1000;
    // From the allowed page, to the second view; then from the third site's frame.
    const dueHere = await p.evaluate(([source, n]) => {
      const make = new Function(`return (${source})`)();
      let due = 0;
      for (let k = 0; k < n; k++) {
        const m = make(1, k, 'h');
        if (m.due) due++;
        window.post(1, m.message);
      }
      return due;
    }, [generator, N]);
    await third.evaluate(([source, n]) => {
      const make = new Function(`return (${source})`)();
      for (let k = 0; k < n; k++) parent.frames[1].postMessage(make(2, k, 'f').message, '*');
    }, [generator, FOREIGN]);
    await p.waitForFunction((due) => window.replyLog.length >= due, dueHere, { timeout: 120000 });
    const last = await p.evaluate(() => window.send(1, { capiton: 1, type: 'getState', id: 'last' }));  // after all the others
    assert.ok(last && last.ok, 'the view still answers');
    const log = await p.evaluate(() => window.replyLog.map((r) => [r.id, r.ok, typeof r.error]));
    const ids = log.map(([id]) => id).filter((id) => id !== 'last');
    assert.equal(ids.length, dueHere, `${ids.length} replies for ${dueHere} messages due one`);
    assert.equal(new Set(ids).size, ids.length, 'no message got two replies');
    assert.ok(ids.every((id) => typeof id === 'string' && id.startsWith('h')), 'nothing from the foreign frame was answered');
    assert.ok(log.every(([, ok, error]) => ok || error === 'string'), 'every refusal says why');
    assert.equal(last.state.rejectedMessages, N - dueHere + FOREIGN, 'every message without a reply is counted');
  } finally {
    await close();
  }
});
