// Stages and layers: the mask stage's switch, the seq2seq and similarity stages' controls, the
// annotation layers (search engine, signifier, apple, why Q/K/V), the experiments (temperature,
// √d_k, overflow), the predict-then-check questions, positions, and the heads and block stages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOKENS, capiton, cellCentre, click, clickWidget, drag, frames, imageStats, mirrorTexts, openPage, ready, rect, screenshot, state }
  from './harness.mjs';

test('clicking "causal" on the mask stage masks the future with -Infinity', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'mask');
  await frames(p);
  assert.equal((await state(p)).mask, 'none');
  await clickWidget(p, 'mask:causal');
  const s = await state(p);
  assert.equal(s.mask, 'causal');
  for (let i = 0; i < 7; i++) {
    for (let j = 0; j < 7; j++) {
      if (j > i) {
        assert.equal(s.matrices.masked[i][j], -Infinity);
        assert.equal(s.matrices.weights[i][j], 0);
      } else {
        assert.ok(Number.isFinite(s.matrices.masked[i][j]));
      }
    }
  }
  assert.equal(s.matrices.weights[0][0], 1);
  // explaining a masked cell gives the number -Infinity too (docs/page-hook.md)
  assert.equal((await capiton(p, 'explain', 'masked', 0, 3)).value, -Infinity);
  await screenshot(p, 'mask-causal.png');
});

test('following a word on the scores stage: its own row of Q is lit and the others dimmed; in K, whose rows it all reads, none is dimmed', async () => {
  const p = await openPage(1366, 900);
  await capiton(p, 'goTo', 'scores');
  await frames(p, 3);
  const { tokens, matrices } = await state(p);
  const n = tokens.length, dk = matrices.K[0].length;
  const sel = tokens.indexOf('bird');
  const focus = matrices.weights[sel].indexOf(Math.max(...matrices.weights[sel]));
  const other = [...Array(n).keys()].find((i) => i !== sel && i !== focus);  // a row neither lit nor looked at
  // a cell's left edge, away from its number (written at the right)
  const at = async (matrix, i) => {
    const r = await rect(p, `grid:${matrix}`);
    return [r.x + 0.15 * (r.w / dk), r.y + (i + 0.5) * (r.h / n)];
  };
  const colour = async (png, [x, y]) => (await imageStats(p, png, x, y)).pixel;
  const distance = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  const qAt = await at('Q', other), kAt = await at('K', other);
  // the top edge of a row of K, in the gap above its cells: where an outline around the row is drawn
  const k = await rect(p, 'grid:K');
  const edge = (i) => [k.x + 0.5 * (k.w / dk), k.y + i * (k.h / n) - 1];
  const before = await p.screenshot();
  await click(p, ...(await cellCentre(p, 'Q', sel, 0, n, dk)));  // a click on a row of Q follows its word
  await p.mouse.move(5, 890);  // no cell hovered (its tooltip and operands)
  await frames(p, 3);
  assert.equal((await state(p)).selectedToken, sel);
  const after = await p.screenshot();
  assert.ok(distance(await colour(before, qAt), await colour(after, qAt)) > 20, 'Q: a row of another word is dimmed');
  assert.ok(distance(await colour(before, kAt), await colour(after, kAt)) < 8, 'K: every key takes part, none dimmed');
  assert.ok(distance(await colour(before, edge(focus)), await colour(after, edge(focus))) > 60, 'K: the key it looks at hardest is outlined');
  assert.ok(distance(await colour(before, edge(other)), await colour(after, edge(other))) < 8, 'K: no other row is');
  // and the line above the grids says which row of K is outlined
  const texts = async () => (await mirrorTexts(p)).join('\n');
  assert.match(await texts(), new RegExp(`“bird” looks hardest at “${tokens[focus]}” \\(weight [0-9.]+\\): the row outlined in K is that word's key\\.`));
  await screenshot(p, 'scores-follow-bird.png');
});

test('seq2seq: dragging the length slider to the end makes the first word fade further', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'seq2seq');
  await frames(p);
  const before = (await state(p)).seq2seq;
  assert.equal(before.length, 7);
  assert.deepEqual(before.tokens, DEFAULT_TOKENS);
  const r = await rect(p, 'seq2seq:length');
  await drag(p, [r.x + 40, r.y + r.h / 2], [r.x + r.w + 50, r.y + r.h / 2]);  // past the right end: the maximum
  const after = (await state(p)).seq2seq;
  assert.equal(after.length, 48);
  assert.equal(after.influence.length, 48);
  assert.ok(after.influence[0] < before.influence[0] / 10, `first word ${after.influence[0]} vs ${before.influence[0]}`);
  assert.ok(after.influence[47] > after.influence[0] * 100);
  await screenshot(p, 'seq2seq-length-48.png');
});

test('similarity: dragging the tip of a moves it, and the dot product and cosine follow', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'similarity');
  await frames(p);
  const s0 = (await state(p)).similarity;
  assert.deepEqual(s0.a, [3, 1]);
  const plane = await rect(p, 'similarity:plane');
  const scale = plane.w / 8;  // the plane shows [-4, 4] on each axis
  const cx = plane.x + plane.w / 2, cy = plane.y + plane.h / 2;
  const toScreen = ([x, y]) => [cx + x * scale, cy - y * scale];
  await drag(p, toScreen(s0.a), toScreen([-2, 2]));
  const s1 = (await state(p)).similarity;
  assert.ok(Math.abs(s1.a[0] + 2) < 0.05 && Math.abs(s1.a[1] - 2) < 0.05, `a = ${s1.a}`);
  assert.deepEqual(s1.b, s0.b);  // b did not move
  const dot = s1.a[0] * s1.b[0] + s1.a[1] * s1.b[1];
  assert.ok(Math.abs(s1.dot - dot) < 1e-5);
  const cos = dot / (Math.hypot(...s1.a) * Math.hypot(...s1.b));
  assert.ok(Math.abs(s1.cosine - cos) < 1e-5);
  await screenshot(p, 'similarity-dragged.png');
});

test('annotation layers: the toggles switch them, notes appear on the stages they explain', async () => {
  const p = await openPage(1366, 768, { path: '#layers=' });  // all off, then on one by one
  await capiton(p, 'goTo', 'softmax');
  await frames(p);
  assert.deepEqual((await state(p)).layers, []);
  await clickWidget(p, 'layer:search');
  assert.deepEqual((await state(p)).layers, ['search']);
  await clickWidget(p, 'layer:signifier');
  assert.deepEqual((await state(p)).layers, ['search', 'signifier']);
  await frames(p);
  await rect(p, 'note:search');      // both notes are on screen on the softmax stage
  await rect(p, 'note:signifier');
  await screenshot(p, 'layers-softmax-en.png');
  await capiton(p, 'goTo', 'tokens');  // no analogy text for tokens
  await frames(p);
  assert.equal(await rect(p, 'note:search', { missingOk: true }), null);
  await clickWidget(p, 'layer:search');  // off again
  assert.deepEqual((await state(p)).layers, ['signifier']);
  // why Q, K and V: on the scores stage, the weights with one shared vector appear beside the real ones
  await capiton(p, 'goTo', 'scores');
  await frames(p);
  await clickWidget(p, 'layer:qkv');
  assert.deepEqual((await state(p)).layers, ['signifier', 'qkv']);
  await frames(p);
  await rect(p, 'note:qkv');
  await rect(p, 'grid:shared_weights');
  await rect(p, 'grid:separate_weights');
  await screenshot(p, 'layer-qkv-scores.png');
  await clickWidget(p, 'layer:qkv');
  await frames(p);
  for (const args of [['Apple', true], ['', true], ['search', 'yes'], [null, true], ['<img src=x>', true]]) {
    const r = await capiton(p, 'setLayer', ...args);
    assert.equal(r.ok, false);
  }
  assert.deepEqual((await state(p)).layers, ['signifier']);
});

test('the signifier layer offers the tree example: one click loads a sentence the model knows and follows its animal to the tree', async () => {
  const p = await openPage();
  await capiton(p, 'setLayer', 'signifier', true);
  await capiton(p, 'goTo', 'output');
  await frames(p, 3);
  await clickWidget(p, 'tree-example');
  const s = await state(p);
  assert.equal(s.sentence, 'the monkey played in the tree');
  assert.equal(s.tokens[s.selectedToken], 'monkey');
  assert.deepEqual(s.unknownTokens, []);
  const looksAt = (st) => { const row = st.matrices.weights[st.selectedToken]; return st.tokens[row.indexOf(Math.max(...row))]; };
  assert.equal(looksAt(s), 'tree');
  await screenshot(p, 'tree-example-output.png');
  await capiton(p, 'setLanguage', 'zh');
  await frames(p, 3);
  await clickWidget(p, 'tree-example');
  const z = await state(p);
  assert.equal(z.tokens[z.selectedToken], '猴子');
  assert.deepEqual(z.unknownTokens, []);
  assert.equal(looksAt(z), '树');
  await screenshot(p, 'tree-example-output-zh.png');
});

test('the apple layer: the same word among fruit and company words, side by side, in both languages', async () => {
  const p = await openPage(1366, 768, { path: '#layers=' });  // the apple layer alone
  await capiton(p, 'goTo', 'softmax');
  await frames(p);
  await clickWidget(p, 'layer:apple');
  assert.deepEqual((await state(p)).layers, ['apple']);
  await frames(p);
  await rect(p, 'note:apple');
  const fruit = await rect(p, 'grid:apple_fruit');
  const company = await rect(p, 'grid:apple_company');
  assert.ok(company.x > fruit.x + fruit.w, 'the two sentences stand side by side');
  await screenshot(p, 'layer-apple-softmax-en.png');
  // the sentences as the catalogs write them (layer.apple.fruit_sentence / company_sentence), tokenized
  const sentences = {
    en: { apple: 'apple', fruit: ['I', 'eat', 'an', 'apple', 'from', 'the', 'tree'],
          company: ['the', 'company', 'apple', 'will', 'launch', 'a', 'new', 'phone'] },
    zh: { apple: '苹果', fruit: ['我', '吃', '了', '树', '上', '的', '苹果'], company: ['苹果', '公司', '发布', '了', '新', '手机'] },
  };
  for (const lang of ['en', 'zh']) {
    await capiton(p, 'setLanguage', lang);
    await capiton(p, 'goTo', 'output');
    await frames(p, 4);
    // the screen-reader copy of the two weight rows: the row of "apple", over the words of each sentence
    const tables = await p.evaluate(() => Module.capitonCommand('accessible', {}).mirror.tables);
    const row = (words) => tables.find((t) => JSON.stringify(t.cols) === JSON.stringify(words));
    const { apple, fruit, company } = sentences[lang];
    assert.deepEqual(row(fruit)?.rows, [apple], `${lang}: "${apple}" among fruit words`);
    assert.deepEqual(row(company)?.rows, [apple], `${lang}: "${apple}" among company words`);
    await rect(p, 'apple-plane');
    await rect(p, 'grid:apple_fruit_output');
    await rect(p, 'grid:apple_company_output');
    await screenshot(p, `layer-apple-output-${lang}.png`);
  }
});

test('experiments: the temperature slider changes the weights; the √d_k and overflow panels render', async () => {
  const p = await openPage(1366, 1900);  // the slider sits under the two grids and the second layer's
  await capiton(p, 'goTo', 'softmax');
  await frames(p, 3);
  const before = await state(p);
  assert.equal(before.t, 1);
  const r = await rect(p, 'experiment:temperature');
  await drag(p, [r.x + r.w / 2, r.y + r.h / 2], [r.x + r.w + 40, r.y + r.h / 2]);  // to the right end: T = 20
  await frames(p, 1);
  const hot = await state(p);
  assert.equal(hot.t, 20);
  // Over the positions a row may look at, a hotter softmax is flatter.
  const spread = (w, masked) => {
    const allowed = w.filter((_, j) => Number.isFinite(masked[j]));
    return Math.max(...allowed) - Math.min(...allowed);
  };
  for (let i = 0; i < 7; i++) {
    if (before.matrices.masked[i].filter(Number.isFinite).length < 2) continue;  // nothing to spread over
    assert.ok(spread(hot.matrices.weights[i], hot.matrices.masked[i]) < spread(before.matrices.weights[i], before.matrices.masked[i]), `row ${i}`);
  }
  // the scores are untouched by the temperature
  assert.deepEqual(hot.matrices.scaled, before.matrices.scaled);
  await screenshot(p, 'experiment-temperature-20.png');
  const explained = await capiton(p, 'explain', 'weights', 3, 6);
  assert.equal(explained.divisor, 20);
  // the overflow panel, under the temperature's
  await rect(p, 'experiment:boost');
  await rect(p, 'experiment:subtract');
  await capiton(p, 'goTo', 'scale');
  await frames(p, 3);
  await rect(p, 'experiment:dk');
  await screenshot(p, 'experiment-scale.png');
});

test('questions: answering by clicking reveals the answer; progress survives a reload and can be reset', async () => {
  const p = await openPage(1366, 900);
  await capiton(p, 'goTo', 'scores');
  await frames(p, 3);
  assert.deepEqual((await state(p)).answers, {});
  assert.equal(await rect(p, 'question:verdict', { missingOk: true }), null, 'no answer shown before one is chosen');
  await clickWidget(p, 'question:0');  // "yes, symmetric": wrong, Q and K differ
  let s = await state(p);
  assert.deepEqual(s.answers, { scores: { choice: 0, correct: false } });
  await frames(p);
  await rect(p, 'question:verdict');  // the answer is revealed under the options
  // the claim the question makes, checked on the numbers themselves
  assert.notEqual(s.matrices.scores[3][6], s.matrices.scores[6][3]);
  await screenshot(p, 'question-scores-wrong.png');
  await capiton(p, 'goTo', 'mask');
  await frames(p, 3);
  await clickWidget(p, 'question:1');  // "only itself": right
  s = await state(p);
  assert.deepEqual(s.answers.mask, { choice: 1, correct: true });
  await frames(p, 3);
  await p.reload();
  await ready(p);
  s = await state(p);
  assert.deepEqual(s.answers, { scores: { choice: 0, correct: false }, mask: { choice: 1, correct: true } });
  await capiton(p, 'goTo', 'mask');
  await frames(p, 3);
  await rect(p, 'question:verdict');  // the stored answer is shown again after the reload
  await clickWidget(p, 'question:reset');
  assert.deepEqual((await state(p)).answers, {});
  await frames(p);
  assert.equal(await rect(p, 'question:verdict', { missingOk: true }), null, 'reset hides the answer again');
  // an answer about a typed sentence's word survives a reload too: the link sets the sentence first
  await p.setViewportSize({ width: 1366, height: 1800 });  // the output stage's question on screen
  await capiton(p, 'setSentence', 'the monkey climbed the tree');
  await capiton(p, 'goTo', 'output');
  await frames(p, 3);
  await clickWidget(p, 'question:1');
  const monkey = (await state(p)).answers.output;
  assert.equal(monkey.choice, 1);
  await frames(p, 3);
  await p.reload();
  await ready(p);
  s = await state(p);
  assert.equal(s.sentence, 'the monkey climbed the tree');
  assert.deepEqual(s.answers, { output: monkey }, 'the answer came back to its question');
});

test('position: the four kinds on the embedding stage; no position ignores order, rotary turns Q and K', async () => {
  const p = await openPage(1366, 1700, { path: '#stage=embedding&model=untrained' });  // the experiment's button on screen
  assert.equal((await state(p)).position, 'sinusoidal');
  await clickWidget(p, 'position:none');
  let s = await state(p);
  assert.equal(s.position, 'none');
  assert.ok(s.matrices.position.every((row) => row.every((x) => x === 0)), 'nothing is added for position');
  assert.deepEqual(s.matrices.X, s.matrices.embedding);
  const before = s.matrices.output;
  await clickWidget(p, 'experiment:reverse');  // the sentence backwards: each word keeps its output row
  s = await state(p);
  assert.deepEqual(s.tokens, [...DEFAULT_TOKENS].reverse());
  for (let i = 0; i < before.length; ++i)
    for (let j = 0; j < before[i].length; ++j)
      assert.ok(Math.abs(s.matrices.output[before.length - 1 - i][j] - before[i][j]) < 1e-4, `row ${i} moved`);
  await screenshot(p, 'position-none.png');
  await clickWidget(p, 'position:rope');
  s = await state(p);
  assert.equal(s.position, 'rope');
  assert.equal(s.matrices.Q_rot.length, s.tokens.length);
  await capiton(p, 'goTo', 'scores');
  await frames(p, 2);
  await rect(p, 'grid:Q_rot');
  const e = await capiton(p, 'explain', 'scores', 1, 2);
  assert.equal(e.operands[0].matrix, 'Q_rot');
  const r = await capiton(p, 'explain', 'Q_rot', 2, 0);
  assert.equal(r.kind, 'rotation');
  const angle = r.position * r.rate;
  assert.ok(Math.abs(r.a[0] * Math.cos(angle) - r.a[1] * Math.sin(angle) - r.value) < 1e-4);
  await screenshot(p, 'position-rope-scores.png');
  await p.waitForFunction(() => location.hash.includes('pos=rope'));
});

test('heads: 1, 2 or 4 heads side by side, the chosen head looked at closely, C and W_O explained; the block below', async () => {
  const p = await openPage(1366, 1700, { path: '#stage=heads' });
  let s = await state(p);
  assert.equal(s.heads.count, 4);
  assert.equal(s.heads.trained, true);  // the 4-head preset of the multi-head small world
  assert.equal(s.heads.weights.length, 4);
  for (const w of s.heads.weights) for (const row of w) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  assert.equal(s.matrices.concat[0].length, s.heads.d_model);
  for (const h of [1, 2, 3, 4]) await rect(p, `grid:head${h}`);
  await clickWidget(p, 'head:3');
  s = await state(p);
  assert.equal(s.heads.selected, 3);
  assert.deepEqual(s.matrices.head_weights, s.heads.weights[2]);
  assert.deepEqual(s.matrices.head_output, s.heads.outputs[2]);
  await p.waitForFunction(() => location.hash.includes('head=3'));
  // hovering a cell of C names the head it was copied from
  const n = s.tokens.length, d = s.heads.d_model;
  const [x, y] = await cellCentre(p, 'concat', 1, d - 1, n, d);
  await p.mouse.move(x, y);
  await frames(p, 4);
  assert.deepEqual((await state(p)).hover, { matrix: 'concat', row: 1, col: d - 1 });
  const e = await capiton(p, 'explain', 'concat', 1, d - 1);
  assert.equal(e.kind, 'concat');
  assert.equal(e.head, 3);  // from 0: the last of four heads
  assert.equal(e.value, s.heads.outputs[3][1][s.heads.d_k - 1]);
  const m = await capiton(p, 'explain', 'mixed', 2, 0);
  assert.deepEqual(m.operands.map((o) => o.matrix), ['concat', 'W_O']);
  await screenshot(p, 'heads-4.png');
  await clickWidget(p, 'heads:2');
  s = await state(p);
  assert.equal(s.heads.count, 2);
  assert.equal(s.heads.selected, 1);  // back to the first head
  assert.equal(s.heads.d_k, s.heads.d_model / 2);
  assert.equal(await rect(p, 'grid:head3', { missingOk: true }), null);
  // the 2-head preset: one head finds "sky" from "bird" (row 3, column 6)
  assert.ok(s.heads.weights.some((w) => w[3].indexOf(Math.max(...w[3])) === 6), 'a head of "bird" peaks on "sky"');
  await clickWidget(p, 'model:untrained');
  assert.equal((await state(p)).heads.trained, false);
  await clickWidget(p, 'model:trained');
  await capiton(p, 'setLanguage', 'zh');
  await capiton(p, 'goTo', 'block');
  await frames(p, 3);
  s = await state(p);
  for (const name of ['block_X', 'residual1', 'norm1', 'hidden', 'ffn', 'residual2', 'norm2']) await rect(p, `grid:${name}`);
  for (const row of s.matrices.hidden) for (const x of row) assert.ok(x >= 0, 'ReLU leaves no negative number');
  const r = s.matrices.residual1[2], xrow = s.matrices.block_X[2], mrow = s.matrices.mixed[2];
  for (let j = 0; j < r.length; ++j) assert.ok(Math.abs(r[j] - xrow[j] - mrow[j]) < 1e-5);
  const ln = await capiton(p, 'explain', 'norm2', 0, 1);
  assert.equal(ln.kind, 'layerNorm');
  const mean = ln.a.reduce((a, b) => a + b, 0) / ln.a.length;
  assert.ok(Math.abs(ln.mean - mean) < 1e-5);
  assert.ok(await screenshot(p, 'block-zh.png') > 200);
});

test('cross and decode: the sentence translated, its alignment beside self-attention, the decoder stepped with its KV cache', async () => {
  const p = await openPage(1366, 1800, { path: '#stage=seq2seq' });
  await clickWidget(p, 'seq2seq:cross');  // the fixed context vector's stage links to the real thing
  let s = await state(p);
  assert.equal(s.stage, 'cross');
  const t = s.translation;
  assert.equal(t.trained, true);
  assert.equal(t.from, 'en');
  assert.equal(t.to, 'zh');
  assert.deepEqual(t.source, DEFAULT_TOKENS);
  assert.deepEqual(t.target, ['我', '在', '天空', '中', '看到', '一只', '鸟']);
  assert.deepEqual(t.rows, [...t.target, '<eos>']);
  const A = s.matrices.alignment;
  assert.equal(A.length, 8);
  for (const row of A) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  const top = (row) => row.indexOf(Math.max(...row));
  assert.equal(top(A[2]), 6, '天空 looks at "sky": the place moves before the verb');
  assert.equal(top(A[6]), 3, '鸟 looks at "bird"');
  assert.equal(s.matrices.source_weights.length, 7);
  assert.equal(s.matrices.source_weights[0].length, 7);  // self-attention: square over the source
  assert.equal(s.matrices.cross_Q.length, 8);
  assert.equal(s.matrices.cross_K.length, 7);
  for (const g of ['alignment', 'source_weights', 'cross_Q', 'cross_K', 'cross_V']) await rect(p, `grid:${g}`);
  const e = await capiton(p, 'explain', 'alignment', 2, 6);
  assert.equal(e.kind, 'softmax');
  assert.ok(Math.abs(e.value - A[2][6]) < 1e-6);
  assert.ok(Math.abs(e.exps[6] / e.expSum - A[2][6]) < 1e-5);
  const [x, y] = await cellCentre(p, 'alignment', 2, 6, 8, 7);
  await p.mouse.move(x, y);
  await frames(p, 4);
  assert.deepEqual((await state(p)).hover, { matrix: 'alignment', row: 2, col: 6 });
  assert.ok(await screenshot(p, 'cross-en.png') > 200);

  await clickWidget(p, 'cross:decode');
  s = await state(p);
  assert.equal(s.stage, 'decode');
  assert.equal(s.translation.step, 1);
  assert.equal(s.translation.input, '<zh>');
  assert.equal(s.matrices.K_cache.length, 1);
  // First and Previous are greyed at the first step (drawn otherwise from the second on)
  const prev = await rect(p, 'decode:prev');
  const prevLooks = async () => { await frames(p, 2); return p.screenshot({ clip: { x: prev.x, y: prev.y, width: prev.w, height: prev.h } }); };
  await p.mouse.move(3, 3);
  const greyed = await prevLooks();
  for (let k = 0; k < 3; ++k) await clickWidget(p, 'decode:next');
  await p.mouse.move(3, 3);
  assert.ok(!greyed.equals(await prevLooks()), 'Previous is drawn as usable once there is a step before');
  s = await state(p);
  assert.equal(s.translation.step, 4);
  assert.equal(s.matrices.K_cache.length, 4, 'the cache grew by one row a step');
  assert.equal(s.matrices.V_cache.length, 4);
  assert.equal(s.matrices.decode_weights[0].length, 4, 'the step sees only the rows read so far');
  assert.deepEqual(s.matrices.decode_cross[0], s.matrices.alignment[3]);
  assert.equal(s.translation.input, '天空');
  assert.equal(s.translation.chosen, '中');
  assert.equal(s.translation.next[0].token, s.translation.chosen);  // greedy writes the most probable
  assert.ok(s.translation.ops.cached < s.translation.ops.uncached);
  await p.waitForFunction(() => location.hash.includes('step=4'));
  for (const g of ['decode_q', 'K_cache', 'V_cache', 'decode_weights', 'decode_cross']) await rect(p, `grid:${g}`);
  assert.ok(await screenshot(p, 'decode-step4.png') > 200);
  await clickWidget(p, 'decode:last');
  s = await state(p);
  assert.equal(s.translation.step, s.translation.steps);
  assert.equal(s.translation.chosen, '<eos>');
  await clickWidget(p, 'decode:next');  // greyed at the last step: nothing happens
  assert.equal((await state(p)).translation.step, s.translation.steps);
  await clickWidget(p, 'decoding:sampled');
  s = await state(p);
  assert.equal(s.translation.decoding, 'sampled');
  assert.equal(s.translation.step, 1);  // a new way of picking decodes again from the first step
  await clickWidget(p, 'decode:draw');
  assert.equal((await state(p)).translation.draw, 2);
  await p.waitForFunction(() => location.hash.includes('decoding=sampled') && location.hash.includes('draw=2'));
  // the causal mask is one row of decoding at a time: the two stages link to each other
  await clickWidget(p, 'decode:mask');
  s = await state(p);
  assert.equal(s.stage, 'mask');
  assert.equal(s.mask, 'causal');
  await clickWidget(p, 'mask:decode');
  assert.equal((await state(p)).stage, 'decode');

  // Chinese: the default sentence is Chinese and is written in English
  await capiton(p, 'setParam', 'decoding', 'greedy');
  await capiton(p, 'setLanguage', 'zh');
  await capiton(p, 'goTo', 'cross');
  await frames(p, 3);
  s = await state(p);
  assert.equal(s.translation.from, 'zh');
  assert.deepEqual(s.translation.target, DEFAULT_TOKENS);
  assert.equal(top(s.matrices.alignment[6]), 2, '"sky" looks at 天空');
  assert.ok(await screenshot(p, 'cross-zh.png') > 200);
  // a word the translator does not know is marked
  assert.deepEqual(await capiton(p, 'setSentence', 'I saw a unicorn in the sky'), { ok: true });
  s = await state(p);
  assert.deepEqual(s.translation.unknownTokens, [3]);
  assert.equal(s.translation.to, 'zh');
  // English with two Chinese words is read as English (most words are), and the note says it is mixed
  const mixedNote = async () => (await mirrorTexts(p)).some((t) => t.startsWith('你的句子里英文词和中文词混在一起'));
  assert.equal(await mixedNote(), false);
  assert.deepEqual(await capiton(p, 'setSentence', 'I saw 一只鸟 in the sky'), { ok: true });
  await frames(p, 3);
  s = await state(p);
  assert.equal(s.translation.from, 'en');
  assert.equal(s.translation.to, 'zh');
  assert.equal(await mixedNote(), true);
  // a bad step is refused with a reason and changes nothing
  const r = await capiton(p, 'setParam', 'step', 99);
  assert.equal(r.ok, false);
  assert.equal((await state(p)).translation.step, 1);
});
