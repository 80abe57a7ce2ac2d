// Touch on a phone: tapping cells and buttons, the sentence box and its keyboard, one finger
// scrolling and two pinching, swipes that leave no hover, the compact controls upright and sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capiton, cellCentre, frames, imageStats, key, openPage, rect, screenshot, state, until } from './harness.mjs';

// Raw touch events through the DevTools protocol (Playwright's touchscreen taps only): touch(type,
// [[x, y], …]), one point per finger, and drag(from, to, steps), each finger from from[i] to to[i]
// in so many moves, a frame after each.
async function fingersOf(p) {
  const cdp = await p.context().newCDPSession(p);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  const drag = async (from, to, steps = 8) => {
    await touch('touchStart', from);
    await frames(p, 2);
    for (let k = 1; k <= steps; k++) {
      await touch('touchMove', from.map(([x, y], i) => [x + (to[i][0] - x) * k / steps, y + (to[i][1] - y) * k / steps]));
      await frames(p, 1);
    }
    await touch('touchEnd', []);
    await frames(p, 4);
  };
  return { touch, drag };
}

// A phone keyboard's Enter: down and up at once, with no physical key (code '') for SDL to know it by.
async function phoneEnter(p) {
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: '', windowsVirtualKeyCode: 13 });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: '', windowsVirtualKeyCode: 13 });
}

test('touch: tapping a cell explains it, like hovering', async () => {
  const p = await openPage(1024, 1366, { hasTouch: true, isMobile: true, deviceScaleFactor: 2 });  // a tablet, portrait
  await capiton(p, 'goTo', 'scores');
  await frames(p);
  // row 5 ("the"): tapping a row also selects its token; the notes above keep their height for any
  // word, so the grid stays where it is (model.test.mjs checks that for every row)
  const [x, y] = await cellCentre(p, 'scores', 5, 1, 7, 7);
  const g = await rect(p, 'grid:scores');
  assert.ok(g.y + g.h < 1366, 'the whole scores grid is on screen');
  await p.touchscreen.tap(x, y);
  await frames(p, 4);
  assert.deepEqual((await state(p)).hover, { matrix: 'scores', row: 5, col: 1 });
  await screenshot(p, 'touch-tap-scores.png');
});

test('touch: a tapped button does not stay lit as if hovered (a finger has no hover); the mouse still lights it', async () => {
  const p = await openPage(1024, 1366, { hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  await frames(p);
  const reset = await rect(p, 'reset');  // the default sentence: Reset changes nothing else
  const probe = [reset.x + 3, reset.y + reset.h / 2];  // inside the button, left of its label
  const colour = async () => (await imageStats(p, await p.screenshot(), ...probe)).pixel;
  const resting = await colour();
  await p.touchscreen.tap(reset.x + reset.w / 2, reset.y + reset.h / 2);
  await frames(p, 4);
  assert.deepEqual(await colour(), resting, 'after the tap, the button has its resting colour');
  await p.mouse.move(reset.x + reset.w / 2 + 4, reset.y + reset.h / 2 + 2);
  await frames(p, 4);
  assert.notDeepEqual(await colour(), resting, 'under the mouse, it is lit');
});

test('touch on a phone: a tap on the sentence box focuses the textarea during the tap (the phone\'s keyboard opens); its text arrives', async () => {
  const p = await openPage(390, 844, { hasTouch: true, isMobile: true, deviceScaleFactor: 3 });
  await capiton(p, 'goTo', 'tokens');
  await frames(p);
  // What was focused while each touchend was handled (the listener runs after the page's).
  await p.evaluate(() => {
    window.focusedAtTouchEnd = [];
    window.addEventListener('touchend', () => window.focusedAtTouchEnd.push(document.activeElement.id || document.activeElement.tagName));
  });
  const share = await rect(p, 'share');  // a button: no textarea
  await p.touchscreen.tap(share.x + share.w / 2, share.y + share.h / 2);
  await frames(p, 4);
  await key(p, 'Escape');
  const box = await rect(p, 'sentence');
  await p.touchscreen.tap(box.x + box.w - 6, box.y + box.h / 2);
  await frames(p, 4);
  const [afterButton, afterBox] = await p.evaluate(() => window.focusedAtTouchEnd);
  assert.notEqual(afterButton, 'typing', 'a tap on a button focuses no textarea');
  assert.equal(afterBox, 'typing', 'focused while the tap on the box was handled');
  await key(p, 'Escape');  // the box let go; then a swipe that ends on it is not a tap
  await frames(p, 4);
  const { drag } = await fingersOf(p);
  const by = box.y + box.h / 2;  // from the label "Sentence" sideways onto the box (nothing scrolls)
  await drag([[box.x - 30, by]], [[box.x + 50, by]], 4);
  assert.deepEqual(await rect(p, 'sentence'), box, 'the box stayed where it was');
  assert.notEqual((await p.evaluate(() => window.focusedAtTouchEnd)).at(-1), 'typing', 'a swipe ending on the box is no tap');
  await p.touchscreen.tap(box.x + box.w - 6, box.y + box.h / 2);
  await frames(p, 4);
  assert.equal(await p.evaluate(() => document.activeElement.id), 'typing', 'still focused once the box is active');
  await key(p, 'End');  // the box is narrower than the sentence: the tap's caret is inside it
  await p.keyboard.insertText(' 猫\t狗\u200b鱼');  // what a phone's keyboard sends: text, no key presses (a zero-width space: a break)
  await phoneEnter(p);
  await frames(p, 4);
  assert.equal((await state(p)).sentence, 'I saw a bird in the sky 猫 狗 鱼');
  // × beside the box: a tap empties it and the phone's keyboard opens for the next sentence
  const clear = await rect(p, 'sentence:clear');
  await p.touchscreen.tap(clear.x + clear.w / 2, clear.y + clear.h / 2);
  await frames(p, 4);
  assert.equal((await p.evaluate(() => window.focusedAtTouchEnd)).at(-1), 'typing', 'focused while the tap on × was handled');
  await p.keyboard.insertText('a cat');
  await phoneEnter(p);
  await frames(p, 4);
  assert.equal((await state(p)).sentence, 'a cat', 'the box was emptied, and typed in');
});

test('on a phone, each stage\'s own controls and texts fit across the screen, in English and Chinese', async () => {
  for (const lang of ['en', 'zh']) {
    // a tall phone: what is tested is across, and the stages' lower controls are on screen without scrolling
    const p = await openPage(390, 1600, { hasTouch: true, isMobile: true, deviceScaleFactor: 2, path: `#lang=${lang}` });
    const fits = async (id) => {
      const r = await rect(p, id);
      assert.ok(r.x >= 0 && r.x + r.w <= 390 + 1, `${lang}: ${id} fits across the phone (${JSON.stringify(r)})`);
    };
    await capiton(p, 'goTo', 'decode');  // five step controls: a second line; the draw button under its slider
    await capiton(p, 'setParam', 'decoding', 'sampled');
    await frames(p, 3);
    for (const id of ['decode:first', 'decode:prev', 'decode:step', 'decode:next', 'decode:last', 'decode:draw']) await fits(id);
    await capiton(p, 'goTo', 'output');  // the tree example's button, under its sentence
    await frames(p, 3);
    await fits('tree-example');
    await capiton(p, 'goTo', 'poems');  // the poem's text wraps
    await until(async () => (await state(p)).poems.status === 'ready', 30);
    const written = await capiton(p, 'generate', lang === 'zh' ? '\u660e\u6708\u5149\uff0c'.repeat(4) : 'the moon '.repeat(2), 0.8, 1);
    assert.equal(written.ok, true, JSON.stringify(written));
    await frames(p, 3);
    await fits('poems:text');
    await fits('poems:draw');
    await screenshot(p, `phone-390-poems-${lang}.png`);
  }
});

test('touch on a phone: one finger scrolls the lesson, two fingers pinch the zoom; the controls fit 390 px and take little of the height', async () => {
  const p = await openPage(390, 844, { hasTouch: true, isMobile: true, deviceScaleFactor: 3 });
  const { touch, drag } = await fingersOf(p);
  await capiton(p, 'goTo', 'scores');
  await frames(p, 3);
  // the stages in a menu on one line; the settings and the analogies behind "Options"
  const menu = await rect(p, 'stage');
  assert.ok(menu.y + menu.h < 844 / 4, `the controls end in the top quarter of the screen (the stage menu at ${menu.y + menu.h} px)`);
  for (const hidden of ['stage:scores', 'layer:qkv', 'd_k']) assert.equal(await rect(p, hidden, { missingOk: true }), null, hidden);
  const tap = async (r) => {  // as a finger does it
    await touch('touchStart', [[r.x + r.w / 2, r.y + r.h / 2]]);
    await frames(p, 2);
    await touch('touchEnd', []);
    await frames(p, 3);
  };
  await tap(await rect(p, 'options'));
  for (const id of ['sentence', 'share', 'options', 'stage:prev', 'stage', 'stage:next', 'layer:qkv', 'd_k', 'mask']) {  // (wide grids scroll sideways)
    const r = await rect(p, id);
    assert.ok(r.x >= 0 && r.x + r.w <= 390 + 1, `${id} fits across the phone (${JSON.stringify(r)})`);
  }
  await screenshot(p, 'phone-390-scores.png');
  // a stage picked from the menu, with a finger: the menu opens over the lesson and closes on the pick
  await tap(await rect(p, 'stage'));
  const softmax = await rect(p, 'stage:softmax');
  assert.ok(softmax.y + softmax.h <= 844, `the menu's softmax entry is on the screen (${JSON.stringify(softmax)})`);
  const last = await rect(p, 'stage:poems');  // all seventeen, the list not scrolled
  assert.ok(last.y + last.h <= 844 && last.y > softmax.y, `the menu's last entry is on the screen (${JSON.stringify(last)})`);
  await screenshot(p, 'phone-390-stage-menu.png');
  // a swipe over the open menu, which has nothing to scroll, does not scroll the lesson behind it
  await drag([[softmax.x + 40, last.y]], [[softmax.x + 40, softmax.y]]);
  assert.deepEqual(await rect(p, 'stage:softmax'), softmax, 'the menu stayed where it was');
  assert.equal((await state(p)).stage, 'scores', 'the swipe picked no stage');
  await tap(softmax);
  assert.equal((await state(p)).stage, 'softmax');
  assert.equal(await rect(p, 'stage:softmax', { missingOk: true }), null, 'the menu closed');
  await tap(await rect(p, 'stage'));
  await tap(await rect(p, 'stage:scores'));
  assert.equal((await state(p)).stage, 'scores');
  const before = await rect(p, 'grid:scores');
  await drag([[200, 700]], [[200, 300]]);  // swipe up
  const after = await rect(p, 'grid:scores');
  assert.ok(after.y < before.y - 200, `the lesson scrolled up (grid top ${before.y} -> ${after.y})`);
  assert.equal((await state(p)).selectedToken, -1, 'a swipe over a grid is not a click');
  await screenshot(p, 'phone-390-scrolled.png');
  const small = await rect(p, 'layer:qkv');
  await drag([[150, 400], [240, 400]], [[60, 400], [330, 400]], 10);  // spread two fingers
  await frames(p, 4);
  const big = await rect(p, 'layer:qkv');
  assert.ok(big.h > small.h * 1.2, `pinching out zooms in (checkbox ${small.h} -> ${big.h} px)`);
});

test('touch on a phone: a finger leaves no hover behind (no tip after ▶, no cell explained after a swipe); swipes over a wide grid, its edge, a bar chart and the vectors\' plane scroll the page', async () => {
  const p = await openPage(390, 844, { hasTouch: true, isMobile: true, deviceScaleFactor: 3 });
  const { drag } = await fingersOf(p);
  const swipe = (from, to) => drag([from], [to]);
  const noTip = async (what) => assert.equal(await rect(p, 'tooltip', { missingOk: true }), null, `${what}: no tip on screen`);
  // ▶ tapped: the next stage, and its title not covered by the button's tip (it names an arrow key)
  await capiton(p, 'goTo', 'seq2seq');
  await frames(p, 3);
  const next = await rect(p, 'stage:next');
  await p.touchscreen.tap(next.x + next.w / 2, next.y + next.h / 2);
  await frames(p, 4);
  assert.equal((await state(p)).stage, 'similarity');
  await noTip('after ▶');
  // the vectors' plane: a swipe that starts away from the arrows' tips scrolls the page
  const plane = await rect(p, 'similarity:plane');
  const from = Math.min(plane.y + plane.h, 844) - 20;  // its lower left corner, far from the tips, on screen
  assert.ok(from > plane.y + 20, `the plane is on screen (${JSON.stringify(plane)})`);
  await swipe([plane.x + 20, from], [plane.x + 20, from - 200]);
  assert.ok((await rect(p, 'similarity:plane')).y < plane.y - 100, 'the page scrolled under the plane');
  // the scores grid, wider than the phone: it scrolls sideways inside the page
  const scores = async () => {  // the stage afresh (its title in view), then swiped up (on the margin) to the grid
    await capiton(p, 'goTo', 'tokens');
    await capiton(p, 'goTo', 'scores');
    await frames(p, 4);
    for (let i = 0; i < 6 && (await rect(p, 'grid:scores')).y > 300; i++) await swipe([8, 800], [8, 400]);
    const r = await rect(p, 'grid:scores');
    assert.ok(r.y > 0 && r.y + r.h < 700, `the grid is on screen (${JSON.stringify(r)})`);
    return r;
  };
  let g = await scores();
  assert.ok(g.x + g.w > 390, `the grid is wider than the phone (${JSON.stringify(g)}): it scrolls sideways`);
  // a swipe up that ends over its cells explains none of them, and leaves no tip
  const end = [200, g.y + g.h / 2];
  await swipe([200, Math.min(g.y + g.h + 300, 830)], end);
  const moved = await rect(p, 'grid:scores');
  assert.ok(end[1] > moved.y && end[1] < moved.y + moved.h, `the finger left over the grid's cells (${JSON.stringify(moved)})`);
  assert.equal((await state(p)).hover, null, 'no cell explained');
  await noTip('after a swipe');
  // sideways over the grid: the grid scrolls, explaining nothing
  g = await scores();
  await swipe([300, g.y + g.h / 2], [100, g.y + g.h / 2]);
  const sideways = await rect(p, 'grid:scores');
  assert.ok(sideways.x < g.x - 50, `the grid scrolled sideways (${g.x} -> ${sideways.x})`);
  assert.equal((await state(p)).hover, null, 'no cell explained after a sideways swipe');
  await screenshot(p, 'phone-390-scores-sideways.png');
  // the row labels stay at the grid's left edge: a tap there follows that row's word ("bird"), and
  // explains no cell (the cells pass under the labels)
  await p.touchscreen.tap(30, sideways.y + 3.5 * (sideways.h / 7));
  await frames(p, 4);
  const followed = await state(p);
  assert.equal(followed.tokens[followed.selectedToken], 'bird');
  assert.equal(followed.hover, null);
  assert.equal((await rect(p, 'grid:scores')).x, sideways.x, 'the tap did not scroll the grid');
  await capiton(p, 'setSentence', 'I saw a bird in the sky');  // no token followed again
  // a swipe down from its lower edge (where a scrollbar was, and was grabbed) scrolls the page, not the
  // grid (down: the grid is the stage's last, the page at its end)
  await swipe([300, sideways.y + sideways.h + 8], [300, sideways.y + sideways.h + 208]);
  const after = await rect(p, 'grid:scores');
  assert.equal(after.x, sideways.x, 'the grid did not jump sideways');
  assert.ok(after.y > sideways.y + 100, `the page scrolled (${sideways.y} -> ${after.y})`);
  // a tap still explains a cell (as a hover does): the grid swiped back to its start first
  const back = await scores();
  await swipe([100, back.y + back.h / 2], [380, back.y + back.h / 2]);
  const [cx, cy] = await cellCentre(p, 'scores', 1, 1, 7, 7);
  assert.ok(cx > 40 && cx < 390 && cy > 0 && cy < 844, `cell (1, 1) is on screen at (${cx}, ${cy})`);
  await p.touchscreen.tap(cx, cy);
  await frames(p, 4);
  assert.deepEqual((await state(p)).hover, { matrix: 'scores', row: 1, col: 1 }, 'a tap explains the cell');
  // softmax: the overflow experiment's box wraps under its slider and its table scrolls; the
  // second layer's second button fits; a swipe up over the temperature's bar chart scrolls
  await capiton(p, 'goTo', 'softmax');
  await capiton(p, 'setSentence', 'I saw a bird in the sky');
  await frames(p, 4);
  for (const id of ['experiment:subtract', 'experiment:overflow-scroll', 'second:tired', 'second:wide']) {
    const r = await rect(p, id);
    assert.ok(r.x >= 0 && r.x + r.w <= 390 + 1, `${id} fits across the phone (${JSON.stringify(r)})`);
  }
  // the overflow table: wider than its child (not squeezed), and a finger swipes it sideways
  for (let i = 0; i < 12 && (await rect(p, 'experiment:overflow-table')).y > 500; i++) await swipe([8, 800], [8, 400]);
  const table = await rect(p, 'experiment:overflow-table'), child = await rect(p, 'experiment:overflow-scroll');
  assert.ok(table.w > child.w + 50, `the table keeps its columns' widths (${table.w} in ${child.w})`);
  await swipe([300, table.y + table.h - 10], [60, table.y + table.h - 10]);  // over its last row
  assert.ok((await rect(p, 'experiment:overflow-table')).x < table.x - 50, 'the table scrolled sideways');
  await screenshot(p, 'phone-390-softmax-overflow.png');
  await swipe([8, 300], [8, 800]);  // back up to the temperature's chart
  for (let i = 0; i < 12 && (await rect(p, 'experiment:temperature-row')).y > 400; i++) await swipe([8, 800], [8, 400]);
  const chart = await rect(p, 'experiment:temperature-row');
  assert.ok(chart.y > 0 && chart.y + chart.h < 600, `the bar chart is on screen (${JSON.stringify(chart)})`);
  await swipe([chart.x + chart.w / 2, chart.y + chart.h / 2], [chart.x + chart.w / 2, chart.y + chart.h / 2 + 200]);  // down: back up the page
  assert.ok((await rect(p, 'experiment:temperature-row')).y > chart.y + 100, 'the page scrolled under the bar chart');
  await noTip('after a swipe over the bar chart');
  await screenshot(p, 'phone-390-softmax-chart.png');
});

test('a phone held sideways gets the compact controls (the stages in a menu, the settings behind Options); the share popup fits its height', async () => {
  const p = await openPage(844, 390, { hasTouch: true, isMobile: true, deviceScaleFactor: 3 });
  await capiton(p, 'goTo', 'scores');
  await frames(p, 3);
  const menu = await rect(p, 'stage');
  assert.ok(menu.y + menu.h < 390 / 2, `the controls end in the top half (the stage menu at ${menu.y + menu.h} px)`);
  for (const hidden of ['stage:scores', 'layer:qkv', 'd_k']) assert.equal(await rect(p, hidden, { missingOk: true }), null, hidden);
  const share = await rect(p, 'share');
  await p.touchscreen.tap(share.x + share.w / 2, share.y + share.h / 2);
  await frames(p, 4);
  for (const id of ['share:copy-link', 'share:close']) {
    const r = await rect(p, id);
    assert.ok(r.y >= 0 && r.y + r.h <= 390, `${id} is on the screen (${JSON.stringify(r)})`);
  }
  await screenshot(p, 'phone-sideways-share.png');
  const close = await rect(p, 'share:close');
  await p.touchscreen.tap(close.x + close.w / 2, close.y + close.h / 2);
  await frames(p, 4);
  assert.equal(await rect(p, 'share:close', { missingOk: true }), null, 'the popup closed');
  // the stage menu: no taller than the screen below it, the current stage in view; a swipe over its
  // entries scrolls it (and picks none), the last stage within reach
  await p.touchscreen.tap(menu.x + menu.w / 2, menu.y + menu.h / 2);
  await frames(p, 4);
  const current = await rect(p, 'stage:scores');
  assert.ok(current.y >= menu.y + menu.h && current.y + current.h <= 390, `the current stage is in view (${JSON.stringify(current)})`);
  assert.ok((await rect(p, 'stage:poems')).y > 390, 'seventeen stages do not fit the height: the list scrolls');
  const { drag } = await fingersOf(p);
  await drag([[current.x + 40, 370]], [[current.x + 40, 70]], 10);
  assert.equal((await state(p)).stage, 'scores', 'the swipe picked no stage');
  const last = await rect(p, 'stage:poems');
  assert.ok(last.y + last.h <= 390, `the last stage scrolled into view (${JSON.stringify(last)})`);
  await screenshot(p, 'phone-sideways-stage-menu.png');
  await p.touchscreen.tap(last.x + last.w / 2, last.y + last.h / 2);
  await frames(p, 4);
  assert.equal((await state(p)).stage, 'poems');
  // opened again on the first stage, the list shows it (not where the last swipe left the list)
  await capiton(p, 'goTo', 'seq2seq');
  await frames(p, 3);
  await p.touchscreen.tap(menu.x + menu.w / 2, menu.y + menu.h / 2);
  await frames(p, 4);
  const first = await rect(p, 'stage:seq2seq');
  assert.ok(first.y >= menu.y + menu.h && first.y + first.h <= 390, `the first stage is in view (${JSON.stringify(first)})`);
});

test('a phone held sideways: a tall grid scrolled past its column labels keeps them at the top of the view', async () => {
  const p = await openPage(844, 390, { hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  assert.deepEqual(await capiton(p, 'setSentence', 'the dog saw a bird in the sky and the cat saw the dog in the park'), { ok: true });
  await capiton(p, 'goTo', 'scores');
  await frames(p, 3);
  assert.equal(await rect(p, 'grid:scores:columns', { missingOk: true }), null, 'not scrolled: the labels are in their place');
  const { drag } = await fingersOf(p);
  const before = await rect(p, 'grid:scores');
  for (let swipes = 0; swipes < 8 && (await rect(p, 'grid:scores')).y > -60; swipes++)  // until its first rows are above the view
    await drag([[600, 340]], [[600, 140]]);
  const grid = await rect(p, 'grid:scores');
  assert.ok(grid.y < -60 && grid.y + grid.h > 150, `the grid's first rows are above the view, its last ones in it (${before.y} -> ${grid.y})`);
  const head = await rect(p, 'grid:scores:columns');
  assert.ok(head.y >= 0 && head.y < grid.y + grid.h && head.y < 120, `the labels at the top of the view (${JSON.stringify(head)})`);
  await screenshot(p, 'phone-sideways-columns-pinned.png');
});
