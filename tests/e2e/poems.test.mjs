// The poems stage: its model file is fetched only when the stage is first shown (and a failed fetch
// says so and leaves the app working); the model continues a line, greedy or seeded sampling; every
// head's weights with a label; one generation step on the KV cache; refusals leave the state as it
// was; the model trains again in the page's worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, capiton, cellCentre, clickWidget, frames, mirrorTexts, newContext, openPage, ready, rect, screenshot, state, stateText, until, watch, NOT_FOUND } from './harness.mjs';

const KINDS = ['induction', 'previous', 'punctuation', 'mixed'];
const fetched = (p, name) => p.evaluate((n) => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/' + n)).length, name);
const sum = (row) => row.reduce((a, b) => a + b, 0);

// Scrolls the stage (the mouse wheel over its right-hand side, clear of the grids, a notch at a time:
// the app scrolls a few lines per notch whatever its size) until widget `id`'s top is in the
// viewport's upper half.
async function scrollTo(p, id) {
  const { width, height } = p.viewportSize();
  await p.mouse.move(width - 60, height - 100);
  for (let i = 0; i < 100; i++) {
    const r = await rect(p, id);
    if (r.y > 200 && r.y < height / 2) return r;
    await p.mouse.wheel(0, r.y > 200 ? 100 : -100);
    await frames(p, 1);
  }
  return rect(p, id);
}

test('poems: fetched when first shown; the model writes, its heads are drawn and labelled, one step on the KV cache', async () => {
  const p = await openPage(1366, 900);
  assert.equal(await fetched(p, 'capiton-poems-gpt.bin'), 0, 'not part of the first visit');
  assert.equal((await state(p)).poems.status, 'absent');
  // a page's command before the stage was ever shown: refused, saying so, and the file is fetched then
  const early = await capiton(p, 'generate', 'The sea', 0, 1);
  assert.equal(early.ok, false);
  assert.match(early.error, /was not loaded yet .*being fetched now/);
  await until(async () => (await state(p)).poems.status === 'ready', 30);
  assert.equal((await state(p)).stage, 'seq2seq', 'the page stays where it was');
  assert.equal(await fetched(p, 'capiton-poems-gpt.bin'), 1);
  assert.deepEqual(await capiton(p, 'goTo', 'poems'), { ok: true });
  await frames(p, 3);
  assert.equal(await fetched(p, 'capiton-poems-gpt.bin'), 1, 'fetched once');
  let s = (await state(p)).poems;
  assert.equal(s.error, null);
  assert.equal(s.source, 'preset');
  assert.equal(s.layers, 2);
  assert.equal(s.gallery.length, s.layers * s.heads);
  assert.ok(s.vocab > 100 && s.context >= 16, `vocab ${s.vocab}, context ${s.context}`);

  // greedy: each step writes its most probable character
  const r = await capiton(p, 'generate', 'The sea', 0, 1);
  assert.equal(r.ok, true);
  s = (await state(p)).poems;
  assert.equal(s.prompt, 'The sea');
  assert.equal(s.continuation, r.continuation);
  assert.equal(s.text.length, 1 + 7 + s.step.steps);
  assert.ok(s.text.length <= s.context);
  for (const k of [1, s.step.steps]) {
    assert.deepEqual(await capiton(p, 'poemStep', k), { ok: true });
    const st = (await state(p)).poems.step;
    assert.equal(st.step, k);
    assert.equal(st.next[0].char, st.chosen, `step ${k}: greedy writes the most probable`);
    assert.equal(st.K.length, st.row + 1, 'the cache holds every character read so far');
    assert.equal(st.weights[0].length, st.row + 1);
    assert.ok(Math.abs(sum(st.weights[0]) - 1) < 1e-4);
  }
  for (const h of s.gallery) {
    assert.ok(KINDS.includes(h.kind), h.kind);
    assert.equal(h.weights.length, s.text.length);
    for (const [i, row] of h.weights.entries()) {
      assert.ok(Math.abs(sum(row) - 1) < 1e-4, `layer ${h.layer} head ${h.head} row ${i}`);
      assert.ok(row.slice(i + 1).every((w) => w === 0), 'causal');
    }
  }
  assert.ok(s.secondCopyLoss < s.firstCopyLoss, `in context: ${s.firstCopyLoss} then ${s.secondCopyLoss}`);

  // sampled: the same seed writes the same text again
  const a = await capiton(p, 'generate', 'The sea', 1, 5);
  await capiton(p, 'generate', 'The sea', 1, 6);
  assert.equal((await capiton(p, 'generate', 'The sea', 1, 5)).continuation, a.continuation);

  // refusals change nothing
  const before = await stateText(p);
  for (const [args, part] of [[['a\nb', 0, 1], 'line break'], [['The sea', 9, 1], 'temperature'], [['The sea', 1, 0], 'seed'],
                              [['x'.repeat(200), 0, 1], 'at most']]) {
    const no = await capiton(p, 'generate', ...args);
    assert.equal(no.ok, false);
    assert.ok(no.error.includes(part), no.error);
  }
  assert.equal((await capiton(p, 'generate', 42, 0, 1)).malformed, true);
  assert.equal((await capiton(p, 'selectPoemHead', 3, 1)).ok, false);
  assert.equal((await capiton(p, 'poemStep', 0)).ok, false);
  assert.equal((await capiton(p, 'trainPoems', 'fly')).ok, false);
  assert.equal(await stateText(p), before);

  // on screen: the text, every head's square, the step's grids; a head chosen by a click
  await frames(p, 3);
  for (const id of ['poems:text', 'grid:poems_head_1_1', 'grid:poems_head_2_4', 'poems:icl']) await rect(p, id);
  await screenshot(p, 'poems-en.png');
  await scrollTo(p, 'poems:head:2:3');
  await screenshot(p, 'poems-en-gallery.png');
  await clickWidget(p, 'poems:head:2:3');
  assert.deepEqual((await state(p)).poems.selected, { layer: 2, head: 3 });
  await scrollTo(p, 'grid:poems_weights');
  await screenshot(p, 'poems-en-step.png');
  // every number of the step explains itself: a score cell under the pointer, the softmax by the hook
  const keys = (await state(p)).poems.step.row + 1;
  await scrollTo(p, 'grid:poems_scores');
  const [x, y] = await cellCentre(p, 'poems_scores', 0, 1, 1, keys);
  await p.mouse.move(x, y);
  await frames(p, 4);
  assert.deepEqual((await state(p)).hover, { matrix: 'poem_scores', row: 0, col: 1 });
  await screenshot(p, 'poems-en-hover.png');
  const weight = await capiton(p, 'explain', 'poem_weights', 0, 1);
  assert.equal(weight.kind, 'softmax');
  assert.equal(weight.logits.length, keys);
  assert.equal(weight.value, (await state(p)).matrices.poem_weights[0][1]);
  await p.mouse.move(5, 5);

  // Chinese: the default start of a line follows the language only until one is typed
  assert.deepEqual(await capiton(p, 'setLanguage', 'zh'), { ok: true });
  assert.equal((await state(p)).poems.prompt, 'The sea');
  assert.equal((await capiton(p, 'generate', '床前明月光，', 0, 1)).ok, true);
  await p.mouse.wheel(0, -20000);
  await frames(p, 3);
  assert.equal((await state(p)).poems.unknownChars, 0);
  await screenshot(p, 'poems-zh.png');
  // characters the model never read are named in the note under the text (before: only counted)
  const texts = async () => (await mirrorTexts(p)).join('\n');
  assert.equal((await capiton(p, 'generate', '床前©月光©', 0, 1)).ok, true);
  await frames(p, 3);
  assert.equal((await state(p)).poems.unknownChars, 2);
  assert.ok((await texts()).includes('你输入的开头里，“©”这个字模型没有读过：它被看成“未知”字符。'), await texts());
  // two different characters: both named, in the order typed, and counted
  assert.equal((await capiton(p, 'generate', 'ß床前©月', 0, 1)).ok, true);
  await frames(p, 3);
  assert.ok((await texts()).includes('你输入的开头里，“ß”、“©”这 2 个字模型没有读过：它们都被看成同一个“未知”字符。'), await texts());
  assert.equal((await capiton(p, 'generate', '床前明月光，', 0, 1)).ok, true);
  await frames(p, 3);
  await scrollTo(p, 'grid:poems_head_2_4');
  await screenshot(p, 'poems-zh-gallery.png');
  await scrollTo(p, 'grid:poems_weights');
  await screenshot(p, 'poems-zh-step.png');
  // the dark theme: the gallery and the step's grids in its colours
  assert.deepEqual(await capiton(p, 'setTheme', 'dark'), { ok: true });
  await frames(p, 3);
  await screenshot(p, 'poems-zh-step-dark.png', { dark: true });
  await scrollTo(p, 'grid:poems_head_2_4');
  await screenshot(p, 'poems-zh-gallery-dark.png', { dark: true });
});

test('poems: a model file that cannot be had is said so; the rest of the app works; trying again loads it', async () => {
  const context = await newContext({ viewport: { width: 1366, height: 768 } });
  const p = watch(await context.newPage());
  let answer = 'garbage';
  await p.route('**/capiton-poems-gpt.bin', (route) => (answer === 'garbage'
    ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body: 'not a model' })
    : route.continue()));
  await p.goto(base + '#stage=poems');
  await ready(p);
  await until(async () => (await state(p)).poems.status === 'failed', 30);
  const s = await state(p);
  assert.ok(s.poems.error.includes('could not be loaded'), s.poems.error);
  assert.equal(s.stage, 'poems');
  await frames(p, 3);
  await rect(p, 'poems:retry');
  await screenshot(p, 'poems-failed.png');
  assert.deepEqual(await capiton(p, 'goTo', 'softmax'), { ok: true });
  assert.equal((await state(p)).matrices.weights.length, (await state(p)).tokens.length);
  assert.deepEqual(await capiton(p, 'goTo', 'poems'), { ok: true });
  await frames(p, 3);
  answer = 'real';
  await clickWidget(p, 'poems:retry');
  await until(async () => (await state(p)).poems.status === 'ready', 30);
});

test('poems: a missing file (HTTP 404) is said so too', async () => {
  const context = await newContext({ viewport: { width: 1000, height: 700 } });
  const p = watch(await context.newPage(), { expectedErrors: [NOT_FOUND] });  // the browser logs the 404 itself
  await p.route('**/capiton-poems-gpt.bin', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await p.goto(base + '#stage=poems');
  await ready(p);
  await until(async () => (await state(p)).poems.status === 'failed', 30);
  assert.ok((await state(p)).poems.error.includes('HTTP 404'), (await state(p)).poems.error);
});

test('poems: trains again in the page\'s worker; the stage shows the run\'s weights, losses and a held-out loss', async () => {
  const p = await openPage(1366, 900, { path: '#stage=poems' });
  await until(async () => (await state(p)).poems.status === 'ready', 30);
  assert.equal((await state(p)).poems.training, null);
  assert.deepEqual(await capiton(p, 'trainPoems', 'start'), { ok: true });
  assert.equal((await state(p)).trainingPlace, 'worker');
  await until(async () => (await state(p)).poems.source === 'training' && (await state(p)).poems.training.step >= 25, 300);
  const s = (await state(p)).poems;
  assert.equal(s.trainingError, null);
  assert.ok(s.training.heldLoss > 0, 'a held-out loss after 25 steps');
  // the best head's induction score, measured with it (a fresh model's heads barely look back)
  assert.ok(s.training.induction >= 0 && s.training.induction < 0.5, `induction ${s.training.induction}`);
  assert.ok(s.training.loss > 0);
  assert.ok(s.training.charsPerSecond > 0, "the worker's training speed reaches the page");
  assert.equal(s.gallery.length, s.layers * s.heads);
  assert.deepEqual(await capiton(p, 'trainPoems', 'pause'), { ok: true });
  assert.equal((await state(p)).poems.training.running, false);
  // the worker finishes the step it is taking, and its snapshot may already be on the way: then nothing more
  let last = -1;
  await until(async () => {
    const now = (await state(p)).poems.training.step;
    const settled = now === last;
    last = now;
    await new Promise((ok) => setTimeout(ok, 700));
    return settled;
  }, 60);
  await new Promise((ok) => setTimeout(ok, 1500));
  assert.equal((await state(p)).poems.training.step, last, 'paused');
  await frames(p, 3);
  await scrollTo(p, 'poems:loss');
  await screenshot(p, 'poems-training.png');
  assert.deepEqual(await capiton(p, 'usePoemPreset'), { ok: true });
  assert.equal((await state(p)).poems.source, 'preset');
});
