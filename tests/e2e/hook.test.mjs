// The page hook window.capiton (docs/page-hook.md): state()'s shape, goTo, setSentence,
// setLanguage and explain, with the errors they return for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SENTENCE, DEFAULT_TOKENS, STAGES, capiton, openPage, state, stateText, until } from './harness.mjs';

test('the page becomes ready and state() has the promised shape', async () => {
  const p = await openPage();
  const s = await state(p);
  assert.equal(s.stage, 'seq2seq');  // the lesson starts with why attention exists
  assert.equal(s.stageIndex, 0);
  assert.deepEqual(s.stages, STAGES);
  assert.equal(s.sentence, DEFAULT_SENTENCE);
  assert.deepEqual(s.tokens, DEFAULT_TOKENS);
  assert.equal(s.d_model, 8);
  assert.equal(s.d_k, 4);
  assert.equal(s.mask, 'none');
  const n = 7;
  const shapes = { X: [n, 8], W_Q: [8, 4], W_K: [8, 4], W_V: [8, 4], Q: [n, 4], K: [n, 4], V: [n, 4],
                   scores: [n, n], scaled: [n, n], weights: [n, n], output: [n, 4] };
  for (const [name, [rows, cols]] of Object.entries(shapes)) {
    const m = s.matrices[name];
    assert.equal(m.length, rows, `${name} rows`);
    for (const row of m) assert.equal(row.length, cols, `${name} cols`);
  }
  // Numbers the page shows must agree with each other: scaled = scores / √d_k, rows of weights sum to 1.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) assert.ok(Math.abs(s.matrices.scaled[i][j] - s.matrices.scores[i][j] / 2) < 1e-5);
    const sum = s.matrices.weights[i].reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-5, `row ${i} of weights sums to ${sum}`);
  }
});

test('goTo moves to a stage by id and refuses unknown ids', async () => {
  const p = await openPage();
  assert.deepEqual(await capiton(p, 'goTo', 'softmax'), { ok: true });
  assert.equal((await state(p)).stage, 'softmax');
  for (const bad of ['Softmax', '', 'tokens; alert(1)', null, 42]) {
    const r = await capiton(p, 'goTo', bad);
    assert.equal(r.ok, false);
    assert.match(r.error, /stage/);
  }
  assert.equal((await state(p)).stage, 'softmax');
});

test('setSentence: Chinese and mixed text', async () => {
  const p = await openPage();
  assert.deepEqual(await capiton(p, 'setSentence', '我在天空中看到一只鸟'), { ok: true });
  let s = await state(p);
  assert.deepEqual(s.tokens, ['我', '在', '天空', '中', '看到', '一只', '鸟']);  // words, not characters
  assert.equal(s.matrices.scores.length, 7);
  assert.deepEqual(await capiton(p, 'setSentence', '天 空'), { ok: true });  // a typed space cuts
  assert.deepEqual((await state(p)).tokens, ['天', '空']);
  assert.deepEqual(await capiton(p, 'setSentence', "I don't see 鸟"), { ok: true });
  s = await state(p);
  assert.deepEqual(s.tokens, ['I', "don't", 'see', '鸟']);
});

test('bad sentences give a clear error and leave the state unchanged', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'scores');
  const before = await stateText(p);
  const cases = [
    ['', /empty/],
    ['   \t  ', /only spaces/],
    ['x'.repeat(5000), /too long/],
    [Array(70).fill('w').join(' '), /Too many tokens/],
    ['evil \u202e txt', /direction mark \(U\+202E\)/],
    ['soft\u00adhyphen', /soft hyphen \(U\+00AD\)/],
    ['\u200dalone', /joins nothing/],
    ['bell\u0007', /control character/],
  ];
  for (const [text, pattern] of cases) {
    const r = await capiton(p, 'setSentence', text);
    assert.equal(r.ok, false, `accepted ${JSON.stringify(text.slice(0, 20))}`);
    assert.match(r.error, pattern);
  }
  // Lone surrogates are built inside the page: crossing into it would already repair them.
  for (const code of [0xd800, 0xdfff]) {
    const r = await p.evaluate((c) => window.capiton.setSentence('lone ' + String.fromCharCode(c) + ' x'), code);
    assert.equal(r.ok, false);
    assert.match(r.error, /not valid Unicode/);
  }
  for (const bad of [null, undefined, 7, { toString: 1 }]) {
    const r = await capiton(p, 'setSentence', bad);
    assert.equal(r.ok, false);
  }
  assert.equal(await stateText(p), before);
});

test('explain(): a score, an output, a scaled score and a softmax weight each add up to the value on screen; bad cells are refused', async () => {
  const p = await openPage();
  const m = (await state(p)).matrices;
  const dot = (a, b) => a.reduce((acc, x, k) => acc + x * b[k], 0);
  const close = (x, y, tol = 1e-5) => Math.abs(x - y) <= tol * (1 + Math.abs(y));
  // scores[bird][sky] = Q[bird] · K[sky], with the operands named
  let e = await capiton(p, 'explain', 'scores', 3, 6);
  assert.equal(e.kind, 'dotProduct');
  assert.deepEqual(e.a, m.Q[3]);
  assert.deepEqual(e.b, m.K[6]);
  assert.ok(close(dot(e.a, e.b), m.scores[3][6]));
  assert.deepEqual(e.operands, [{ matrix: 'Q', row: 3, col: -1 }, { matrix: 'K', row: 6, col: -1 }]);
  // output[bird][2] = Σ weights[bird][k] · V[k][2]
  e = await capiton(p, 'explain', 'output', 3, 2);
  assert.deepEqual(e.b, m.V.map((row) => row[2]));
  assert.ok(close(dot(e.a, e.b), m.output[3][2]));
  // scaled = score / √d_k
  e = await capiton(p, 'explain', 'scaled', 1, 2);
  assert.equal(e.divisor, 2);
  assert.ok(close(e.a[0] / e.divisor, m.scaled[1][2]));
  // weights = exp(x − max) / Σ
  e = await capiton(p, 'explain', 'weights', 3, 2);
  assert.equal(e.kind, 'softmax');
  assert.ok(m.weights[3][2] > 0);
  assert.ok(close(e.exps[2] / e.expSum, m.weights[3][2]));
  assert.ok(close(Math.exp(m.masked[3][2] - Math.max(...m.masked[3])), e.exps[2]));
  // bad requests are refused with a message, never thrown
  for (const args of [['nope', 0, 0], ['scores', 99, 0], ['scores', -1, 0], [null, 0, 0], ['scores', 0.5, 0], ['scores', 1e12, 0]]) {
    const r = await capiton(p, 'explain', ...args);
    assert.equal(r.ok, false);
    assert.ok(r.error.length > 10);
  }
});

test('setLanguage switches the texts; the default sentence follows the language', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'tokens');
  // the stage's text, as the screen-reader mirror of the canvas holds it
  const chinese = () => p.evaluate(() => document.getElementById('a11y-body').textContent.includes('词元'));  // "token" in Chinese
  await until(async () => !(await chinese()));
  assert.deepEqual(await capiton(p, 'setLanguage', 'zh'), { ok: true });
  await until(chinese);
  let s = await state(p);
  assert.equal(s.lang, 'zh');
  assert.equal(s.sentence, '我在天空中看到一只鸟');
  assert.equal(s.tokens.length, 7);  // 我 在 天空 中 看到 一只 鸟
  for (const bad of ['fr', '', 'ZH', null, 3]) {
    const r = await capiton(p, 'setLanguage', bad);
    assert.equal(r.ok, false);
  }
  assert.equal((await state(p)).lang, 'zh');
  // A sentence the student chose stays when the language changes.
  await capiton(p, 'setSentence', 'the fish in the sea');
  await capiton(p, 'setLanguage', 'en');
  s = await state(p);
  assert.equal(s.lang, 'en');
  assert.equal(s.sentence, 'the fish in the sea');
  await until(async () => !(await chinese()));
});
