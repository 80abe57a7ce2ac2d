// Training in the page: the loss falls and the heatmap changes, a preset loads at once, the training
// view's weights move and apple's outputs split, and the √d_k race of the scale stage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, capiton, clickWidget, frames, newContext, openPage, ready, rect, screenshot, state, until, warnings, watch, NOT_FOUND } from './harness.mjs';

test('training: the loss falls while the page trains, the heatmap changes; a preset loads at once', async () => {
  const p = await openPage(1366, 768);
  await capiton(p, 'setSentence', 'the bird flies over the sky');
  await capiton(p, 'goTo', 'training');
  await frames(p);
  assert.equal((await state(p)).training, null);
  assert.equal((await capiton(p, 'train', 'nope')).ok, false);
  assert.deepEqual(await capiton(p, 'setPace', 'full'), { ok: true });  // 150 steps without waiting 15 s
  // the state at step 0 is read in the same task as the start: the worker's first snapshot may come
  // after the whole run (it is fast), so a state read later could already be the last one
  const [started, zero] = await p.evaluate(() => [window.capiton.train('birdsky'), window.capiton.state()]);
  assert.deepEqual(started, { ok: true });
  assert.equal(zero.training.step, 0);
  await until(async () => (await state(p)).training.step >= 1, 60);
  const first = await state(p);
  await until(async () => (await state(p)).training.step >= 150, 60);
  await capiton(p, 'pause');
  const later = await state(p);
  assert.ok(later.training.loss < 0.5 * first.training.loss || later.training.loss < 0.1,
            `loss ${first.training.loss} -> ${later.training.loss}`);
  assert.equal(later.training.running, false);
  assert.notDeepEqual(later.matrices.weights, zero.matrices.weights, 'the heatmap changed');
  const bird = later.matrices.weights[1].map((w, j) => (j === 1 ? -1 : w));
  assert.equal(later.tokens[bird.indexOf(Math.max(...bird))], 'sky', 'bird looks at sky (apart from itself)');
  await frames(p, 3);
  await rect(p, 'train:loss');
  await rect(p, 'grid:train_weights');
  await screenshot(p, 'training-birdsky.png');
  // the apple preset: the lesson's sentences show the learned behaviour at once
  assert.deepEqual(await capiton(p, 'loadPreset', 'apple'), { ok: true });
  for (const [sentence, deciding] of [['I eat the apple from the tree', ['eat', 'tree']], ['the company apple will launch a new phone', ['company', 'launch', 'phone']]]) {
    await capiton(p, 'setSentence', sentence);
    const st = await state(p);
    assert.equal(st.training.task, 'apple');
    assert.equal(st.training.preset, true);
    const a = st.tokens.indexOf('apple');
    const row = st.matrices.weights[a].map((w, j) => (j === a ? -1 : w));
    assert.ok(deciding.includes(st.tokens[row.indexOf(Math.max(...row))]), `${sentence}: apple looks at ${st.tokens[row.indexOf(Math.max(...row))]}`);
  }
  await capiton(p, 'goTo', 'softmax');
  await frames(p, 3);
  await screenshot(p, 'preset-apple-softmax.png');
});

test('training view: W_Q, W_K, W_V move while the model learns; apple\'s outputs split into two clouds', async () => {
  const p = await openPage(1366, 1300);
  await capiton(p, 'goTo', 'training');
  // the trained apple model: every test sentence's output of "apple" on the plane, the senses apart
  assert.deepEqual(await capiton(p, 'loadPreset', 'apple'), { ok: true });
  await frames(p, 3);
  const preset = (await state(p)).training;
  assert.equal(preset.appleCloud.separated, 1);
  assert.deepEqual(preset.moved, { W_Q: 0, W_K: 0, W_V: 0 });
  for (const id of ['train:apple-cloud', 'grid:train_W_Q', 'grid:train_W_K', 'grid:train_W_V']) await rect(p, id);
  assert.ok(await screenshot(p, 'training-apple-preset.png') > 50);
  // trained here from scratch: the clouds start mixed and come apart; the projections move
  await clickWidget(p, 'train:reset');
  await frames(p, 3);
  const start = await state(p);
  assert.equal(start.training.step, 0);
  assert.equal(start.training.loss, null, 'no loss before the first step');
  assert.ok(start.training.appleCloud.separated < 0.9, `untrained: ${start.training.appleCloud.separated} of the dots by their own sense`);
  await clickWidget(p, 'train:pace:full');
  assert.deepEqual(await capiton(p, 'train', 'apple'), { ok: true });
  await until(async () => (await state(p)).training.step >= 150, 60);
  await capiton(p, 'pause');
  await frames(p, 3);
  const trained = await state(p);
  assert.ok(trained.training.appleCloud.separated > 0.95, `trained: ${trained.training.appleCloud.separated}`);
  for (const m of ['W_Q', 'W_K', 'W_V']) assert.ok(trained.training.moved[m] > 0.05, `${m} moved ${trained.training.moved[m]}`);
  assert.notDeepEqual(trained.matrices.W_Q, start.matrices.W_Q, 'W_Q on screen changed');
  await screenshot(p, 'training-apple-trained.png');
});

test('training pace: a run goes at the pace chosen on screen (two steps a second, ten, full speed)', async () => {
  const p = await openPage(1366, 900);
  await capiton(p, 'goTo', 'training');
  await frames(p, 2);
  assert.equal((await state(p)).trainingPace, 'steady', 'ten steps a second at first');
  const refused = await capiton(p, 'setPace', 'warp');
  assert.equal(refused.ok, false);
  assert.match(refused.error, /slow, steady, full/);
  assert.equal((await state(p)).trainingPace, 'steady');
  await clickWidget(p, 'train:pace:slow');
  assert.equal((await state(p)).trainingPace, 'slow');
  await clickWidget(p, 'train:start');
  await until(async () => (await state(p)).training?.step >= 1, 60);
  // two steps a second at most, however long the page is watched (the worker may lag, never run ahead)
  const read = () => p.evaluate(() => [performance.now(), window.capiton.state().training.step]);
  const [t0, s0] = await read();
  await until(async () => (await state(p)).training.step >= s0 + 3, 60);
  await p.waitForTimeout(1000);
  const [t1, s1] = await read();
  const allowed = 2 * (t1 - t0) / 1000 + 2;  // + the step owed at once and one under way
  assert.ok(s1 - s0 <= allowed, `${s1 - s0} steps in ${Math.round(t1 - t0)} ms at two a second`);
  assert.equal((await state(p)).training.running, true);
  await frames(p, 2);
  await rect(p, 'train:pace:slow');
  await screenshot(p, 'training-pace-slow.png');
  // full speed: the same run goes on, far past what two steps a second would reach in a minute, and
  // pauses by itself where the stored run ended (300 steps for apple); Train again goes on
  await clickWidget(p, 'train:pace:full');
  assert.equal((await state(p)).trainingPace, 'full');
  await until(async () => {
    const t = (await state(p)).training;
    return t.step === 300 && !t.running;
  }, 60);
  await frames(p, 3);
  await rect(p, 'train:status');
  await screenshot(p, 'training-paused-at-stored.png');
  await clickWidget(p, 'train:start');
  await until(async () => (await state(p)).training.step > 300, 60);
  await capiton(p, 'pause');
  assert.equal((await state(p)).training.task, 'apple');
  // the small world's 9,000 steps come at full speed with its button; a small task's at ten a second
  await clickWidget(p, 'train:task:world');
  assert.equal((await state(p)).trainingPace, 'full');
  await clickWidget(p, 'train:task:birdsky');
  assert.equal((await state(p)).trainingPace, 'steady');
});

test('the √d_k race: at d_k = 256 the model with the division learns, the one without stalls', async () => {
  const p = await openPage(1366, 1300);
  await capiton(p, 'goTo', 'scale');
  await frames(p, 3);
  assert.equal((await state(p)).scalingRace, null);
  await clickWidget(p, 'race:start');
  await frames(p, 2);
  assert.equal((await state(p)).scalingRace.running, true);
  // 300 steps of two models between frames: seconds in a browser, longer on a busy software renderer
  await until(async () => {
    const race = (await state(p)).scalingRace;
    return race.step >= 300 && !race.running;
  }, 240);
  const r = (await state(p)).scalingRace;
  assert.equal(r.d_k, 256);
  assert.ok(r.scaled.loss < 0.05, `with the division the loss ends at ${r.scaled.loss}`);
  assert.ok(r.raw.loss > 0.3, `without it the loss stays at ${r.raw.loss}`);
  assert.ok(r.scaled.accuracy > 0.99 && r.raw.accuracy < 0.9, `accuracy ${r.scaled.accuracy} vs ${r.raw.accuracy}`);
  for (const id of ['race:raw', 'race:scaled']) await rect(p, id);
  await screenshot(p, 'scale-race-done.png');
  // the lesson's own model did not change
  assert.equal((await state(p)).training, null);
});

test('training steps in a worker fetched when training first starts; the page gets its weights', async () => {
  const context = await newContext({ viewport: { width: 1366, height: 768 } });
  const requested = [];  // by the page and by its workers
  context.on('request', (r) => requested.push(r.url().split('/').pop()));
  const fetched = async () => requested;
  const p = watch(await context.newPage());
  await p.goto(base);
  await ready(p);
  const first = await state(p);
  assert.equal(first.trainingPlace, 'worker');
  assert.ok(first.frameMs.frames > 0 && first.frameMs.p95 > 0, JSON.stringify(first.frameMs));
  assert.ok(!(await fetched()).some((f) => f.startsWith('capiton-train')), 'the first visit does not fetch the worker');
  await capiton(p, 'goTo', 'training');
  assert.deepEqual(await capiton(p, 'setPace', 'slow'), { ok: true });
  await frames(p, 3);
  assert.ok(!(await fetched()).some((f) => f.startsWith('capiton-train')), 'a pace alone does not fetch the worker');
  // 300 steps, then it stops by itself: the stored preset is the same run (kPresetRuns), made natively
  assert.deepEqual(await p.evaluate(() => Module.capitonCommand('trainUntil', { task: 'apple', until: 300 })), { ok: true });
  assert.equal((await state(p)).training.step, 0, 'step 0 is on the page at once');
  await until(async () => {
    const t = (await state(p)).training;
    return t.step === 300 && !t.running;
  }, 60);
  for (const f of ['capiton-train-worker.js', 'capiton-train.js', 'capiton-train.wasm'])
    assert.ok((await fetched()).includes(f), `${f} fetched once training started`);
  const trained = await state(p);
  assert.equal(trained.trainingPlace, 'worker');
  assert.deepEqual(await capiton(p, 'loadPreset', 'apple'), { ok: true });
  const preset = await state(p);
  for (const m of ['W_Q', 'W_K', 'W_V']) {
    const diff = Math.max(...trained.matrices[m].flatMap((row, i) => row.map((x, j) => Math.abs(x - preset.matrices[m][i][j]))));
    assert.ok(diff < 1e-3, `${m}: trained in the worker vs the stored preset differ by ${diff}`);
  }
  // pause and step as before: one step a click
  await clickWidget(p, 'train:reset');
  await clickWidget(p, 'train:step');
  await until(async () => (await state(p)).training.step === 1, 20);
  await frames(p, 5);
  assert.equal((await state(p)).training.step, 1);
  assert.equal((await state(p)).training.running, false);
});

test('training without its worker: a page that cannot fetch it trains between frames instead, with a warning', async () => {
  const context = await newContext({ viewport: { width: 1366, height: 768 } });
  await context.route('**/capiton-train-worker.js', (r) => r.fulfill({ status: 404, body: 'gone' }));
  const p = watch(await context.newPage(), { expectedErrors: [NOT_FOUND] });  // the browser logs the 404 itself
  await p.goto(base);
  await ready(p);
  assert.deepEqual(await capiton(p, 'train', 'birdsky'), { ok: true });
  await until(async () => (await state(p)).trainingPlace === 'here', 20);
  await until(async () => (await state(p)).training.step >= 50, 60);
  const s = await state(p);
  assert.equal(s.training.task, 'birdsky');
  assert.ok(warnings(p).some((w) => w.includes('training worker is unavailable')), warnings(p).join('\n'));
});
