// The model behind the lesson: the small world's trained parameters by default, the trained /
// untrained switch (screen, link, page hook), words the model never saw, the analogies shown on a
// first visit, and the glossary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, capiton, cellCentre, click, clickWidget, frames, mirrorTexts, newContext, openPage, ready, rect, screenshot, state, until, warnings,
         watch } from './harness.mjs';

const argmax = (row) => row.indexOf(Math.max(...row));

test('a first visit runs on the trained model: "bird" looks at "sky", 鸟 at 天空', async () => {
  const p = await openPage();
  const s = await state(p);
  assert.equal(s.model, 'trained');
  assert.equal(s.modelTask, 'world');
  assert.deepEqual(s.unknownTokens, []);
  assert.equal(s.tokens[argmax(s.matrices.weights[3])], 'sky');
  await capiton(p, 'setLanguage', 'zh');
  const z = await state(p);
  assert.deepEqual(z.tokens, ['我', '在', '天空', '中', '看到', '一只', '鸟']);
  assert.equal(z.tokens[argmax(z.matrices.weights[6])], '天空');
});

test('the switch on a formula stage shows the same sentence with seeded parameters, and back', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'softmax');
  await frames(p);
  const trained = await state(p);
  await clickWidget(p, 'model:untrained');
  const untrained = await state(p);
  assert.equal(untrained.model, 'untrained');
  assert.equal(untrained.modelTask, null);
  assert.deepEqual(untrained.tokens, trained.tokens);
  assert.equal(untrained.d_model, 8);
  assert.equal(untrained.d_k, 4);
  assert.notDeepEqual(untrained.matrices.weights, trained.matrices.weights);
  assert.notEqual(untrained.tokens[argmax(untrained.matrices.weights[3])], 'sky');
  // the signifier note pins "bird" to "sky" in the trained model; in the untrained one, whose row of
  // "bird" is spread (its largest weight under 0.4), it says that nothing is pinned yet
  const signifierNote = async () => (await mirrorTexts(p)).find((t) => t.startsWith('Signifier / signified:'));
  assert.ok(Math.max(...untrained.matrices.weights[3]) < 0.4, `the untrained row of bird: ${untrained.matrices.weights[3]}`);
  assert.match(await signifierNote(), /nothing is pinned yet/);
  await until(async () => (await p.evaluate(() => location.hash)).includes('model=untrained'));
  await screenshot(p, 'softmax-untrained.png');
  await clickWidget(p, 'model:trained');
  const again = await state(p);
  assert.equal(again.model, 'trained');
  assert.deepEqual(again.matrices.weights, trained.matrices.weights);
  await frames(p, 2);
  const pinned = await signifierNote();
  assert.match(pinned, /pins the floating signifier “bird”.*“sky”/);
  assert.doesNotMatch(pinned, /nothing is pinned/);
  // every formula stage has the switch; the stages before and after the formula do not
  for (const stage of ['tokens', 'embedding', 'projection', 'scores', 'scale', 'mask', 'softmax', 'weighting', 'output', 'heads', 'block', 'cross', 'decode']) {
    await capiton(p, 'goTo', stage);
    await frames(p, 2);
    assert.ok(await rect(p, 'model:untrained'), stage);
  }
  for (const stage of ['seq2seq', 'similarity', 'training', 'poems']) {
    await capiton(p, 'goTo', stage);
    await frames(p, 2);
    assert.equal(await rect(p, 'model:untrained', { missingOk: true }), null, stage);
  }
});

test('the block stage says how much of the feed-forward part the sentence uses (checked against U and F), and why the trained block hardly uses it', async () => {
  const p = await openPage(1366, 4600);  // the whole stage drawn: its tables and paragraphs in the mirror
  await capiton(p, 'goTo', 'block');
  await frames(p, 4);
  const mirror = () => p.evaluate(() => Module.capitonCommand('accessible', {}).mirror);
  const QUIET = /the trained block hardly uses its feed-forward part/;
  const read = async () => {
    const m = await mirror();
    const U = m.tables.find((t) => t.name.startsWith('U = ReLU'));
    const F = m.tables.find((t) => t.name.startsWith('F = U'));
    const said = m.texts.find((t) => t.startsWith('In U, '));
    assert.ok(U && F && said, m.texts.join(' | '));
    return { m, U, F, said, quiet: m.texts.some((t) => QUIET.test(t)) };
  };
  const { U, F, said, quiet } = await read();
  const [, positive, numbers, firing, units] = said.match(/^In U, (\d+) of the (\d+) numbers are above 0.*?; (\d+) of the (\d+) hidden units/).map(Number);
  assert.equal(numbers, U.rows.length * U.cols.length);
  assert.equal(units, U.cols.length);
  const shown = U.cells.flat().filter((c) => Number(c) > 0).length;  // two decimals: a tiny number reads 0.00
  assert.ok(shown >= 1 && shown <= positive, `${shown} cells read above 0, ${positive} said`);
  assert.ok(firing <= units && firing >= 1);
  // the silent words: U's row all 0, F's row exactly c_2, so those rows of F are alike
  const silentSaid = said.match(/For (\d+) of the (\d+) words every hidden number is 0/);
  assert.ok(silentSaid, `the sentence names the silent words: ${said}`);
  const silent = Number(silentSaid[1]);
  const zeroRows = U.cells.filter((row) => row.every((c) => Number(c) === 0)).length;
  assert.ok(zeroRows >= silent, `${zeroRows} rows of U read 0, ${silent} said`);
  const alike = Math.max(...F.cells.map((row) => F.cells.filter((r) => r.join() === row.join()).length));
  assert.ok(alike >= silent, `${alike} rows of F alike, ${silent} words said silent`);
  assert.ok(positive * 10 < numbers && quiet, 'the trained 4-head block leaves its feed-forward part nearly silent, and says why');
  // the seeded block uses it: about half of U above 0, and no word about training's silence
  await clickWidget(p, 'model:untrained');
  await frames(p, 4);
  const seeded = await read();
  const seededPositive = Number(seeded.said.match(/^In U, (\d+) of/)[1]);
  assert.ok(seededPositive * 4 > numbers, `${seededPositive} of ${numbers} above 0 untrained`);
  assert.equal(seeded.quiet, false);
});

test('the link key model and setParam: untrained from a link, a bad value warned and ignored', async () => {
  const context = await newContext({ viewport: { width: 1366, height: 768 } });
  const p = watch(await context.newPage());
  await p.goto(base + '#stage=weighting&model=untrained');
  await ready(p);
  assert.equal((await state(p)).model, 'untrained');
  assert.equal((await state(p)).stage, 'weighting');
  const q = watch(await context.newPage());
  await q.goto(base + '#model=half');
  await ready(q);
  assert.equal((await state(q)).model, 'trained');
  assert.ok(warnings(q).some((w) => w.includes('"half"') && w.includes('trained, untrained')), warnings(q).join(' | '));
  assert.equal((await capiton(q, 'setParam', 'model', 'untrained')).ok, true);
  assert.equal((await state(q)).model, 'untrained');
  const bad = await capiton(q, 'setParam', 'model', 'maybe');
  assert.equal(bad.ok, false);
  assert.equal((await state(q)).model, 'untrained');
  // an old link with other sizes: seeded parameters at those sizes, as before this switch existed
  const r = watch(await context.newPage());
  await r.goto(base + '#dm=16&dk=8');
  await ready(r);
  const old = await state(r);
  assert.equal(old.model, 'untrained');
  assert.equal(old.d_model, 16);
});

test('a training task\'s model: a sentence in its own words at a click, in each language', async () => {
  for (const [path, sentence, deciding] of [['', 'we eat the apple from the tree', ['eat', 'tree']], ['#lang=zh', '今天我吃了苹果', ['吃']]]) {
    const p = await openPage(1366, 768, { path });
    await capiton(p, 'goTo', 'softmax');
    await frames(p, 3);
    assert.equal(await rect(p, 'model:example', { missingOk: true }), null, 'the small world knows the default sentence');
    assert.deepEqual(await capiton(p, 'loadPreset', 'apple'), { ok: true });
    await frames(p, 3);
    assert.ok((await state(p)).unknownTokens.length > 0, 'the default sentence has words the apple task never saw');
    await clickWidget(p, 'model:example');
    await frames(p, 3);
    const s = await state(p);
    assert.equal(s.sentence, sentence);
    assert.deepEqual(s.unknownTokens, []);
    assert.equal(s.modelTask, 'apple');
    const a = s.tokens.indexOf(path ? '苹果' : 'apple');
    const row = s.matrices.weights[a].map((w, j) => (j === a ? -1 : w));
    assert.ok(deciding.includes(s.tokens[argmax(row)]), `apple looks at ${s.tokens[argmax(row)]}`);
    assert.equal(await rect(p, 'model:example', { missingOk: true }), null, 'no word left to replace');
    if (!path) await screenshot(p, 'model-task-sentence.png');
  }
});

test('the translator: a sentence it knows at a click, when the typed one has words it never saw', async () => {
  for (const [path, typed, known, to] of [['', 'the cat slept by the river', 'I saw a bird in the sky', 'zh'],
                                          ['#lang=zh', '猫在河边睡觉', '我在天空中看到一只鸟', 'en']]) {
    const p = await openPage(1366, 768, { path });
    await capiton(p, 'goTo', 'cross');
    await frames(p, 3);
    assert.equal(await rect(p, 'translate:example', { missingOk: true }), null, 'it knows the default sentence');
    assert.equal((await capiton(p, 'setSentence', typed)).ok, true);
    await frames(p, 3);
    assert.ok((await state(p)).translation.unknownTokens.length > 0, `“${typed}” has words the translator never saw`);
    await clickWidget(p, 'translate:example');
    await frames(p, 3);
    const s = await state(p);
    assert.equal(s.sentence, known);
    assert.deepEqual(s.translation.unknownTokens, []);
    assert.equal(s.translation.to, to);
    assert.equal(await rect(p, 'translate:example', { missingOk: true }), null, 'no word left to replace');
  }
});

test('back to the lesson\'s model at a click after another task; Reset lets go of the followed word; an answer stays with its question', async () => {
  const p = await openPage(1300, 1500);  // tall: the output stage's question on screen
  await capiton(p, 'goTo', 'softmax');
  await frames(p, 2);
  assert.equal(await rect(p, 'model:lesson', { missingOk: true }), null, 'the lesson\'s model is in use');
  assert.deepEqual(await capiton(p, 'loadPreset', 'apple'), { ok: true });
  await frames(p, 2);
  assert.equal((await state(p)).modelTask, 'apple');
  await clickWidget(p, 'model:lesson');
  await frames(p, 2);
  const back = await state(p);
  assert.equal(back.modelTask, 'world');
  assert.equal(back.model, 'trained');
  assert.equal(back.tokens[argmax(back.matrices.weights[3])], 'sky', 'bird looks at sky again');
  assert.equal(await rect(p, 'model:lesson', { missingOk: true }), null);
  // not while a run trains: the click would throw away the run the student is watching learn
  await capiton(p, 'setPace', 'slow');
  assert.deepEqual(await capiton(p, 'train', 'apple'), { ok: true });
  await frames(p, 3);
  assert.equal((await state(p)).modelTask, 'apple');
  assert.equal(await rect(p, 'model:lesson', { missingOk: true }), null, 'hidden while the run trains');
  assert.deepEqual(await capiton(p, 'loadPreset', 'world'), { ok: true });
  await frames(p, 2);
  // the output stage's question is about the followed word: answered for "bird", it is not answered
  // for another sentence's word, and answered again back on the sentence
  await capiton(p, 'goTo', 'output');
  await frames(p, 2);
  const sky = back.tokens.indexOf('sky');
  await clickWidget(p, `question:${sky}`);
  assert.deepEqual((await state(p)).answers.output, { choice: sky, correct: true });
  assert.equal((await capiton(p, 'setSentence', 'the monkey climbed the tree')).ok, true);
  await frames(p, 2);
  assert.equal((await state(p)).answers.output, undefined, 'the monkey\'s question is not answered');
  assert.equal(await rect(p, 'question:verdict', { missingOk: true }), null, 'no verdict on a question not answered');
  await capiton(p, 'goTo', 'tokens');
  await clickWidget(p, 'token:1');  // follow "monkey"
  assert.equal((await state(p)).selectedToken, 1);
  await capiton(p, 'goTo', 'output');
  await clickWidget(p, 'reset');
  await frames(p, 2);
  const reset = await state(p);
  assert.equal(reset.sentence, 'I saw a bird in the sky');
  assert.equal(reset.selectedToken, -1, 'Reset follows no word by choice');
  assert.deepEqual(reset.answers.output, { choice: sky, correct: true }, 'answered again on its sentence');
});

test('words the model never saw are marked and explained; the sentence still works', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'tokens');
  assert.equal((await capiton(p, 'setSentence', 'I saw a zebra in the sky')).ok, true);
  await frames(p, 3);
  const s = await state(p);
  assert.deepEqual(s.unknownTokens, [3]);
  assert.deepEqual(s.matrices.embedding[3], [0, 0, 0, 0, 0, 0, 0, 0]);
  const chip = await rect(p, 'token:3');
  assert.ok(chip.w > 0);
  await screenshot(p, 'tokens-unknown.png');
  // the analogy notes follow the known word nearest to the fourth ("a"), not "zebra", whose row is zeros;
  // "zebra" clicked gets a note of its own (before: "a sense learned from all the word's uses")
  await capiton(p, 'setLayer', 'signifier', true);
  await capiton(p, 'goTo', 'embedding');
  await frames(p, 3);
  const notes = async () => (await mirrorTexts(p)).join('\n');
  assert.ok((await notes()).includes('the table row of “a” is the same in every sentence'), await notes());
  await capiton(p, 'goTo', 'tokens');
  await clickWidget(p, 'token:3');
  await capiton(p, 'goTo', 'embedding');
  await frames(p, 3);
  assert.ok((await notes()).includes('“zebra” is a word the model never met, so its table row is all zeros'), await notes());
  await capiton(p, 'goTo', 'tokens');
  await capiton(p, 'setParam', 'model', 'untrained');
  assert.deepEqual((await state(p)).unknownTokens, []);
  // Chinese words are whole tokens
  await capiton(p, 'setParam', 'model', 'trained');
  assert.equal((await capiton(p, 'setSentence', '苹果公司发布了新手机')).ok, true);
  assert.deepEqual((await state(p)).tokens, ['苹果', '公司', '发布', '了', '新', '手机']);
});

test('the analogies are on for a first visit, and a link can hide them', async () => {
  const p = await openPage();
  assert.deepEqual((await state(p)).layers, ['search', 'signifier']);
  await capiton(p, 'goTo', 'softmax');
  await frames(p, 3);
  assert.ok(await rect(p, 'note:search'));
  assert.ok(await rect(p, 'note:signifier'));
  const context = await newContext({ viewport: { width: 1366, height: 768 } });
  const q = watch(await context.newPage());
  await q.goto(base + '#stage=softmax&layers=');
  await ready(q);
  assert.deepEqual((await state(q)).layers, []);
  assert.equal(await rect(q, 'note:search', { missingOk: true }), null);
});

test('the glossary opens from any stage and lists its terms', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'scale');
  await frames(p);
  // the wheel over the lesson at its top: up is handed on to the page around the app, down scrolls it
  await p.mouse.move(400, 500);
  await frames(p, 3);
  const passes = () => p.evaluate(() => [Module._capiton_wheel_passes(0), Module._capiton_wheel_passes(1)]);
  assert.deepEqual(await passes(), [1, 0]);
  await clickWidget(p, 'glossary');
  await frames(p, 3);
  const close = await rect(p, 'glossary:close');
  // over the glossary's list the wheel is the list's, either way
  await p.mouse.move(close.x - 100, close.y + 150);
  await frames(p, 3);
  assert.deepEqual(await passes(), [0, 0]);
  await screenshot(p, 'glossary.png');
  await clickWidget(p, 'glossary:close');
  await frames(p, 3);
  assert.equal(await rect(p, 'glossary:close', { missingOk: true }), null);
});

test('choosing a word never moves the grid under the pointer: the notes keep one height for every word', async () => {
  const p = await openPage(1366, 1200);  // tall enough for every grid to be on screen without scrolling
  // the last pass with the causal mask: the scores stage's note then names the best score's word,
  // which is not the weights' (the mask hides it)
  for (const [stage, grid, mask] of [['scores', 'scores', 'none'], ['softmax', 'weights', 'none'], ['weighting', 'output', 'none'],
                                     ['scores', 'scores', 'causal']]) {
    assert.equal((await capiton(p, 'setParam', 'mask', mask)).ok, true);
    await capiton(p, 'goTo', stage);
    await frames(p, 2);
    const before = await rect(p, `grid:${grid}`);
    const s = await state(p);
    const n = s.tokens.length, cols = grid === 'output' ? s.d_k : n;
    for (let i = n - 1; i >= 0; --i) {  // from the last word: the first visit's notes are about "bird"
      const [x, y] = await cellCentre(p, grid, i, 0, n, cols);
      await click(p, x, y);  // clicking a row chooses its word
      await frames(p, 2);
      assert.equal((await state(p)).selectedToken, i, `${stage}: row ${i} chosen`);
      const now = await rect(p, `grid:${grid}`);
      assert.equal(now.y, before.y, `${stage}: the grid stays put with token ${i} chosen`);
    }
  }
});

test('the header greys the settings a stage does not read: out of the ring, still set by the hook', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'softmax');
  await frames(p, 2);
  for (const id of ['d_model', 'd_k', 'mask']) await rect(p, id);  // in use: in the keyboard's ring
  await capiton(p, 'goTo', 'heads');
  await frames(p, 2);
  for (const id of ['d_model', 'd_k', 'mask']) assert.equal(await rect(p, id, { missingOk: true }), null, `${id} on the heads stage`);
  await capiton(p, 'goTo', 'seq2seq');
  await frames(p, 2);
  // the why stage's encoder reads d_model, and its "with attention" grid is the lesson's weights
  for (const id of ['d_model', 'd_k', 'mask']) await rect(p, id);
  await capiton(p, 'goTo', 'heads');
  assert.equal((await capiton(p, 'setParam', 'dk', 8)).ok, true);  // the page hook still sets it
  assert.equal((await state(p)).d_k, 8);
  await screenshot(p, 'settings-greyed-heads.png');
  // A greyed menu shows a dash, not the lesson's value, which the stage does not run with: setting d_k
  // changes the pixels of its menu on the softmax stage, and not on the heads stage.
  await capiton(p, 'goTo', 'softmax');
  await frames(p, 2);
  const box = await rect(p, 'd_k');
  const menuPixels = async () => { await frames(p, 2); return p.screenshot({ clip: { x: box.x, y: box.y, width: box.w, height: box.h } }); };
  for (const [stage, differ] of [['softmax', true], ['heads', false]]) {
    await capiton(p, 'goTo', stage);
    const before = await menuPixels();
    assert.equal((await capiton(p, 'setParam', 'dk', 16)).ok, true);
    const after = await menuPixels();
    assert.equal(!before.equals(after), differ, `${stage}: the d_k menu ${differ ? 'shows' : 'does not show'} the value`);
    assert.equal((await capiton(p, 'setParam', 'dk', 8)).ok, true);
  }
});

test('the second layer: "it" takes in "tired" or "wide" here and finds "animal" or "street" there, in both languages', async () => {
  const p = await openPage(1366, 1800, { path: '#stage=softmax' });  // tall: the second layer's grid on screen
  for (const [lang, it, cases] of [['en', 'it', [['tired', 'tired', 'animal'], ['wide', 'wide', 'street']]],
                                   ['zh', '它', [['tired', '累', '动物'], ['wide', '宽', '马路']]]]) {
    await capiton(p, 'setLanguage', lang);
    await frames(p, 2);  // the buttons' sentences come from the texts of the language on screen
    for (const [button, adjective, referent] of cases) {
      await clickWidget(p, `second:${button}`);
      const s = await state(p);
      const i = s.tokens.indexOf(it);
      assert.ok(i > 0, `${lang}: "${it}" is in ${s.tokens.join(' ')}`);
      assert.equal(s.selectedToken, i, 'the button follows "it"');
      assert.equal(s.tokens[argmax(s.matrices.weights[i])], adjective, `${lang}: layer 1`);
      assert.equal(s.tokens[argmax(s.secondLayer.weights[i])], referent, `${lang}: layer 2`);
      await frames(p, 2);
      await rect(p, 'grid:second_weights');
    }
  }
  await screenshot(p, 'second-layer-zh.png');
  await clickWidget(p, 'model:untrained');  // seeded parameters have one layer
  assert.equal((await state(p)).secondLayer, null);
  assert.equal(await rect(p, 'grid:second_weights', { missingOk: true }), null);
});
