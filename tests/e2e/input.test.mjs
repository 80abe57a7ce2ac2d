// Input: the keyboard (stage keys, typing sentences, Tab through every control, the grids' cell
// cursor), the mouse (clicking tokens, hovering cells) and touch (tapping, scrolling and pinching on
// a phone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOKENS, STAGES, base, capiton, cellCentre, clickWidget, frames, imageStats, key, openPage, rect, screenshot, state, stateText, until }
  from './harness.mjs';

// How many pixels of the page are (near) a colour of the light theme: its error text, or the
// outline of the cells an explanation names.
const ERROR = [191, 20, 26], OPERAND = [0, 143, 143];
async function pixelsOf(p, colour) {
  return (await imageStats(p, await p.screenshot(), 4, 140, colour)).nearCount;
}

// Presses Tab until the keyboard ring is on `id` (at most 80 presses); returns the ids passed.
async function tabTo(p, id) {
  const seen = [];
  for (let i = 0; i < 80; i++) {
    await key(p, 'Tab');
    const f = (await state(p)).keyboardFocus;
    seen.push(f);
    if (f === id) return seen;
  }
  assert.fail(`Tab never reached ${id}; it went through ${seen.join(', ')}`);
}

// Selects all the text of the focused box. ImGui 1.86 reads key state once per frame, so every key
// of a shortcut is held across frames (a press and release inside one frame would be lost).
async function selectAll(p) {
  await p.keyboard.down('Control');
  await key(p, 'a');
  await p.keyboard.up('Control');
}

// Focuses the sentence box and deletes its text.
async function clearSentenceBox(p) {
  await clickWidget(p, 'sentence');
  await selectAll(p);
  await key(p, 'Backspace');
}

test('the → key steps through every stage, ← steps back; each stage renders', async () => {
  const p = await openPage();
  for (let i = 0; i < STAGES.length; i++) {
    if (i > 0) await key(p, 'ArrowRight');
    const s = await state(p);
    assert.equal(s.stage, STAGES[i]);
    assert.equal(s.stageIndex, i);
    const variance = await screenshot(p, `stage-${i + 1}-${STAGES[i]}.png`);
    assert.ok(variance > 200, `stage ${STAGES[i]} looks blank (luminance variance ${variance.toFixed(1)})`);
  }
  await key(p, 'ArrowRight');  // stays on the last stage
  assert.equal((await state(p)).stage, STAGES[STAGES.length - 1]);
  await key(p, 'ArrowLeft');
  assert.equal((await state(p)).stage, STAGES[STAGES.length - 2]);
});

test('another stage opens at its title, not where the last one was scrolled to', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'cross');
  await frames(p);
  const top = (await rect(p, 'export:CSV')).y;  // the download buttons under the title and formula
  await capiton(p, 'goTo', 'block');
  await frames(p);
  await p.mouse.move(600, 600);
  for (let i = 0; i < 10; i++) { await p.mouse.wheel(0, 400); await frames(p, 1); }
  await frames(p);
  assert.ok((await rect(p, 'export:CSV')).y < 0, 'the block stage scrolled down');
  // every frame drawn from now on, as a small picture read back in the task that drew it (a frame
  // that draws nothing new leaves the canvas alone)
  await p.mouse.move(1360, 5);  // no hover on the stage
  await frames(p);
  await p.evaluate(() => {
    window.drawn = [];
    const canvas = document.getElementById('canvas');
    const gl = canvas.getContext('webgl2');  // the app's own context
    const small = document.createElement('canvas');
    small.width = 160;
    small.height = 90;
    const ctx = small.getContext('2d', { willReadFrequently: true });
    let cleared = false;
    const clear = gl.clear.bind(gl);
    gl.clear = (mask) => { cleared = true; return clear(mask); };
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (f) => raf((t) => {
      f(t);
      if (!cleared) return;
      cleared = false;
      ctx.drawImage(canvas, 0, 0, small.width, small.height);
      window.drawn.push(Array.from(ctx.getImageData(0, 0, small.width, small.height).data).join(','));
    });
    return true;
  });
  await key(p, 'ArrowRight');
  await frames(p, 6);
  assert.equal((await state(p)).stage, 'cross');
  assert.equal((await rect(p, 'export:CSV')).y, top, 'the cross stage shows its title and formula');
  // and no frame showed the cross stage at the block stage's scroll on the way
  const drawn = await p.evaluate(() => window.drawn);
  assert.ok(drawn.length >= 1, 'the cross stage was drawn');
  assert.equal(new Set(drawn).size, 1, `${drawn.length} frames drawn, not all alike: one was scrolled elsewhere`);
});

test('keys pressed faster than frames: each press counts (two → at once step two stages)', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'tokens');
  await frames(p);
  await p.keyboard.press('ArrowRight');  // down and up, twice, with no frame between
  await p.keyboard.press('ArrowRight');
  await frames(p, 6);
  assert.equal((await state(p)).stage, 'projection');
});

test('typing a new sentence into the box changes the tokens', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'tokens');
  await clearSentenceBox(p);
  await p.keyboard.type('The fish swims in the sea.', { delay: 20 });
  await key(p, 'Enter');
  const s = await state(p);
  assert.equal(s.sentence, 'The fish swims in the sea.');
  assert.deepEqual(s.tokens, ['The', 'fish', 'swims', 'in', 'the', 'sea', '.']);
  assert.equal(s.matrices.weights.length, 7);
  await screenshot(p, 'typed-sentence.png');
});

// A key pressed and let go a frame later through DevTools, as an input method or a phone keyboard
// sends it: Playwright's keyboard cannot give key code 229 or run the browser's paste.
async function rawKey(p, cdp, { key, code = key, keyCode, modifiers = 0, commands = [] }) {
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key, code, modifiers, windowsVirtualKeyCode: keyCode, commands });
  await frames(p, 2);
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, modifiers, windowsVirtualKeyCode: keyCode });
  await frames(p, 2);
}

const KEPT = '\u200b';  // what the page's textarea keeps before its caret (a phone's Backspace deletes it)
// What the page's textarea holds and whether it is focused and shown (web/capiton-typing.js).
async function typingBox(p) {
  return p.evaluate(() => {
    const t = document.getElementById('typing');
    return { focused: document.activeElement === t, value: t.value, shown: getComputedStyle(t).opacity === '1',
             canvasFocused: document.activeElement === document.getElementById('canvas') };
  });
}

test('Chinese through an input method, a phone keyboard\'s text and a paste reach the sentence box, each once', async () => {
  const p = await openPage();
  await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.replace(/\/$/, '') });
  await capiton(p, 'goTo', 'tokens');
  assert.equal(await p.evaluate(() => document.getElementById('typing')), null, 'no textarea before a text field is active');
  await clearSentenceBox(p);
  await p.keyboard.type('ab', { delay: 20 });  // ordinary keys: the app's own, as before
  assert.deepEqual(await typingBox(p), { focused: true, value: KEPT, shown: false, canvasFocused: false });
  // An input method composes "tian" (shown in the textarea), and the keys it uses meanwhile
  // (Backspace, Enter: key code 229) must not edit or submit the sentence.
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Input.imeSetComposition', { text: 'tian', selectionStart: 4, selectionEnd: 4 });
  for (const code of ['Backspace', 'Enter']) await rawKey(p, cdp, { key: 'Process', code, keyCode: 229 });
  // Tab while composing (key code 229) neither reaches the app nor moves the page's focus
  await rawKey(p, cdp, { key: 'Tab', keyCode: 229 });
  assert.equal((await typingBox(p)).focused, true, 'Tab while composing keeps the textarea');
  assert.deepEqual(await p.evaluate(() => [document.getElementById('typing').tabIndex,
                                          document.getElementById('typing').getAttribute('aria-label')]),
                   [-1, 'Sentence'], 'out of the page\'s Tab order; named as the box it stands for');
  assert.equal((await typingBox(p)).shown, true, 'the composition is shown at the caret');
  await screenshot(p, 'typing-composing.png');
  await cdp.send('Input.insertText', { text: '天空' });  // the input method commits
  await frames(p, 2);
  await p.keyboard.insertText('鸟🐦云');                  // a phone keyboard: text without key presses (an emoji kept),
  await frames(p, 2);
  await rawKey(p, cdp, { key: 'Unidentified', code: '', keyCode: 229, commands: ['deleteBackward'] });  // and its Backspace
  await p.evaluate(() => navigator.clipboard.writeText('\n一只猫\n'));
  await p.keyboard.down('Control');                      // Ctrl+V: the browser's own paste
  await rawKey(p, cdp, { key: 'v', code: 'KeyV', keyCode: 86, modifiers: 2, commands: ['paste'] });
  await p.keyboard.up('Control');
  await frames(p, 2);
  await p.keyboard.type('c', { delay: 20 });
  assert.deepEqual(await typingBox(p), { focused: true, value: KEPT, shown: false, canvasFocused: false });
  await key(p, 'Enter');
  const s = await state(p);
  assert.equal(s.sentence, 'ab天空鸟🐦 一只猫 c');
  assert.ok(s.tokens.includes('天空') && s.tokens.includes('猫'), s.tokens.join(' | '));
  assert.equal((await typingBox(p)).canvasFocused, true, 'the keyboard is back on the canvas after Enter');
  // Ctrl+C in the box writes the browser's clipboard.
  await clickWidget(p, 'sentence');
  await p.keyboard.down('Control');
  await key(p, 'a');
  await key(p, 'c');
  await p.keyboard.up('Control');
  await frames(p, 4);
  assert.equal(await p.evaluate(() => navigator.clipboard.readText()), 'ab天空鸟🐦 一只猫 c');
  // Shift+Insert is the browser's paste too: the app's own copy (the sentence, just copied) stays out.
  await key(p, 'End');
  await p.evaluate(() => navigator.clipboard.writeText('Z'));
  await p.keyboard.down('Shift');
  await rawKey(p, cdp, { key: 'Insert', keyCode: 45, modifiers: 8, commands: ['paste'] });
  await p.keyboard.up('Shift');
  await frames(p, 2);
  await key(p, 'Enter');
  assert.equal((await state(p)).sentence, 'ab天空鸟🐦 一只猫 cZ');
});

test('a click elsewhere while an input method composes commits its text to the box first', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'tokens');
  await clearSentenceBox(p);
  await p.keyboard.type('a ', { delay: 20 });
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Input.imeSetComposition', { text: 'cat', selectionStart: 3, selectionEnd: 3 });
  await frames(p, 2);
  await clickWidget(p, 'show');  // not committed by the input method: the click commits it
  await frames(p, 2);
  assert.equal((await state(p)).sentence, 'a cat');
  assert.equal((await typingBox(p)).canvasFocused, true, 'the keyboard is back on the canvas');
});

test('a bad sentence typed into the box shows an error and keeps the state', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'scores');
  await frames(p);
  const before = await stateText(p);
  const redBefore = await pixelsOf(p, ERROR);
  await clearSentenceBox(p);
  await p.keyboard.type('   ', { delay: 20 });
  await key(p, 'Enter');
  assert.equal(await stateText(p), before);
  const red = await pixelsOf(p, ERROR);
  assert.ok(red > redBefore + 50, `an error message in red appears (${redBefore} -> ${red} red pixels)`);
  // it says which sentence the grids still show (the box keeps what was typed)
  await p.waitForFunction(() => [...document.querySelectorAll('#a11y-texts p')]
    .some((e) => /^The sentence has only spaces: type a few words\. The lesson still shows “I saw a bird in the sky”\.$/.test(e.textContent)),
  null, { timeout: 5000 });
  await screenshot(p, 'bad-sentence-error.png');
  // The message after `shown` is on screen and only spaces are typed: how it ends.
  const refusedOver = async (shown, ending) => {
    assert.deepEqual(await capiton(p, 'setSentence', shown), { ok: true });
    await clearSentenceBox(p);
    await p.keyboard.type('   ', { delay: 20 });
    await key(p, 'Enter');
    await p.waitForFunction((end) => [...document.querySelectorAll('#a11y-texts p')].some((e) => e.textContent.endsWith(end)),
      ending, { timeout: 5000 });
  };
  // a sentence that ends with its own mark gets no full stop after the closing quote
  await refusedOver('who is it?', 'The lesson still shows “who is it?”');
  // a sentence cut short in the quote ("…") has not ended there: the full stop comes back
  await refusedOver('the cat sat on the mat by the door.', 'The lesson still shows “the cat sat on the mat b…”.');
});

test('clicking a token chip selects it, and the selection stays when the stage changes', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'tokens');
  await frames(p);
  assert.equal((await state(p)).selectedToken, -1);
  await clickWidget(p, 'token:3');  // the "4 bird" chip
  assert.equal((await state(p)).selectedToken, 3);
  await capiton(p, 'goTo', 'weighting');
  await frames(p);
  assert.equal((await state(p)).selectedToken, 3);
  await screenshot(p, 'selected-bird-weighting.png');
});

test('hovering a score cell reports it and lights up its explanation', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'scores');
  await frames(p);
  const [x, y] = await cellCentre(p, 'scores', 5, 4, 7, 7);  // row "the", column "in"
  const outlinedBefore = await pixelsOf(p, OPERAND);
  await p.mouse.move(x, y);
  await frames(p, 4);
  assert.deepEqual((await state(p)).hover, { matrix: 'scores', row: 5, col: 4 });
  const outlined = await pixelsOf(p, OPERAND);
  assert.ok(outlined > outlinedBefore + 100, `the cell and its operands are outlined (${outlinedBefore} -> ${outlined} pixels)`);
  await screenshot(p, 'hover-scores-explanation.png');
  await p.mouse.move(5, 760);  // away: nothing hovered
  await frames(p, 4);
  assert.equal((await state(p)).hover, null);
});

test('keyboard: Tab reaches the grids, the arrow keys move the cell and it explains itself; Esc gives ← / → back', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'scores');
  await p.mouse.move(3, 3);  // the pointer hovers nothing
  await frames(p);
  assert.equal((await state(p)).hover, null);
  await tabTo(p, 'grid:Q');
  assert.deepEqual((await state(p)).hover, { matrix: 'Q', row: 0, col: 0 }, 'the focused grid explains its first cell');
  await key(p, 'ArrowDown');
  await key(p, 'ArrowRight');
  await key(p, 'ArrowRight');
  let s = await state(p);
  assert.equal(s.stage, 'scores', '→ moves the cell, not the stage, while a grid has the focus');
  assert.deepEqual(s.hover, { matrix: 'Q', row: 1, col: 2 });
  // Enter: as a click on the row, its token followed; again: no longer
  await key(p, 'Enter');
  assert.equal((await state(p)).selectedToken, 1);
  await key(p, 'Enter');
  assert.equal((await state(p)).selectedToken, -1);
  await tabTo(p, 'grid:scores');
  const e = await capiton(p, 'explain', 'scores', 0, 0);
  s = await state(p);
  assert.deepEqual(s.hover, { matrix: 'scores', row: 0, col: 0 });
  assert.equal(e.value, s.matrices.scores[0][0]);
  await screenshot(p, 'keyboard-scores-cell.png');
  await key(p, 'Escape');
  s = await state(p);
  assert.equal(s.hover, null);
  assert.equal(s.keyboardFocus, '');
  await key(p, 'ArrowRight');
  assert.equal((await state(p)).stage, 'scale');
});

test('keyboard in a narrow view: the cell cursor of a grid scrolled sideways never hides under its pinned row labels', async () => {
  const p = await openPage(390, 844);  // a course page's narrow frame, with a keyboard
  await capiton(p, 'goTo', 'scores');
  await p.mouse.move(3, 3);
  await frames(p);
  const start = await rect(p, 'grid:scores');  // its cells' left edge, not scrolled: where the pinned labels end
  const cols = DEFAULT_TOKENS.length;
  assert.ok(start.x + start.w > 390, `the grid is wider than the view (${JSON.stringify(start)})`);
  await tabTo(p, 'grid:scores');
  for (let j = 1; j < cols; j++) await key(p, 'ArrowRight');
  assert.deepEqual((await state(p)).hover, { matrix: 'scores', row: 0, col: cols - 1 });
  assert.ok((await rect(p, 'grid:scores')).x < start.x - 50, 'the grid scrolled to show the last column');
  for (let j = cols - 2; j >= 0; j--) {
    await key(p, 'ArrowLeft');
    await frames(p, 2);
    assert.deepEqual((await state(p)).hover, { matrix: 'scores', row: 0, col: j });
    const tip = await rect(p, 'tooltip');  // the explanation starts at the cursor cell's left edge
    assert.ok(tip.x >= start.x - 1, `column ${j + 1}: the cell (at x = ${tip.x}) is right of the row labels (end at ${start.x})`);
  }
  await screenshot(p, 'keyboard-narrow-first-column.png');
});

test('keyboard only: every kind of control is reachable and works with Enter, Space and the arrows', async () => {
  const p = await openPage(1366, 768);
  await capiton(p, 'goTo', 'tokens');
  await p.mouse.move(3, 3);
  await frames(p);
  // a stage button: Enter goes there
  const passed = await tabTo(p, 'stage:softmax');
  for (const id of ['language', 'theme', 'd_model', 'd_k', 'mask', 'sentence', 'sentence:clear', 'show', 'reset', 'share', 'stage:prev', 'stage:tokens'])
    assert.ok(passed.includes(id), `Tab passes ${id} on the way (${passed.join(', ')})`);
  await key(p, 'Enter');
  assert.equal((await state(p)).stage, 'softmax');
  await screenshot(p, 'keyboard-focus-stage-button.png');
  // an analogy switch: Space toggles it (search is on for a first visit: off)
  await tabTo(p, 'layer:search');
  await key(p, ' ');
  assert.deepEqual((await state(p)).layers, ['signifier']);
  // a menu: ↓ picks the next value
  await tabTo(p, 'd_k');
  await key(p, 'ArrowDown');
  assert.equal((await state(p)).d_k, 8);
  assert.equal((await state(p)).model, 'untrained', 'other sizes: seeded parameters');
  // a radio button: Enter picks it (the trained model, at its own sizes)
  await tabTo(p, 'model:trained');
  await key(p, 'Enter');
  assert.equal((await state(p)).model, 'trained');
  assert.equal((await state(p)).d_k, 4);
  // a slider: ↑ raises the temperature
  await tabTo(p, 'experiment:temperature');
  await key(p, 'ArrowUp');
  assert.equal((await state(p)).t, 1.25);
  // ... and → / ← step it too, on the same stage (elsewhere they change the stage)
  await key(p, 'ArrowRight');
  assert.equal((await state(p)).t, 1.5625);
  await key(p, 'ArrowLeft');
  await key(p, 'ArrowLeft');
  assert.deepEqual([(await state(p)).t, (await state(p)).stage], [1, 'softmax']);
  // a question: Enter answers and reveals
  await tabTo(p, 'question:0');
  assert.equal(await rect(p, 'question:verdict', { missingOk: true }), null);
  await key(p, 'Enter');
  assert.ok('softmax' in (await state(p)).answers);
  await frames(p);
  await rect(p, 'question:verdict');
  // the similarity stage's vectors: the arrow keys move the focused tip by 0.25
  await capiton(p, 'goTo', 'similarity');
  await frames(p);
  const a0 = (await state(p)).similarity.a;
  await tabTo(p, 'vector:a');
  await key(p, 'ArrowRight');
  await key(p, 'ArrowUp');
  await key(p, 'ArrowUp');
  const sim = await state(p);
  assert.equal(sim.stage, 'similarity', 'the arrows move the vector, not the stage');
  assert.deepEqual(sim.similarity.a, [a0[0] + 0.25, a0[1] + 0.5]);
  await key(p, 'Escape');
  // the sentence box: Tab lands in it, typing works, Enter shows the sentence
  await tabTo(p, 'sentence');
  await selectAll(p);
  await p.keyboard.type('the end');
  await key(p, 'Enter');
  assert.deepEqual((await state(p)).tokens, ['the', 'end']);
});

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
  const cdp = await p.context().newCDPSession(p);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y]) => ({ x, y })) });
  const by = box.y + box.h / 2;  // from the label "Sentence" sideways onto the box (nothing scrolls)
  await touch('touchStart', [[box.x - 30, by]]);
  for (let i = 1; i <= 4; i++) { await touch('touchMove', [[box.x - 30 + 20 * i, by]]); await frames(p, 1); }
  await touch('touchEnd', []);
  await frames(p, 4);
  assert.deepEqual(await rect(p, 'sentence'), box, 'the box stayed where it was');
  assert.notEqual((await p.evaluate(() => window.focusedAtTouchEnd)).at(-1), 'typing', 'a swipe ending on the box is no tap');
  await p.touchscreen.tap(box.x + box.w - 6, box.y + box.h / 2);
  await frames(p, 4);
  assert.equal(await p.evaluate(() => document.activeElement.id), 'typing', 'still focused once the box is active');
  await key(p, 'End');  // the box is narrower than the sentence: the tap's caret is inside it
  await p.keyboard.insertText(' 猫\t狗\u200b鱼');  // what a phone's keyboard sends: text, no key presses (a zero-width space: a break)
  // a phone keyboard's Enter: down and up at once, with no physical key (code '') for SDL to know it by
  const cdp2 = await p.context().newCDPSession(p);
  await cdp2.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: '', windowsVirtualKeyCode: 13 });
  await cdp2.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: '', windowsVirtualKeyCode: 13 });
  await frames(p, 4);
  assert.equal((await state(p)).sentence, 'I saw a bird in the sky 猫 狗 鱼');
  // × beside the box: a tap empties it and the phone's keyboard opens for the next sentence
  const clear = await rect(p, 'sentence:clear');
  await p.touchscreen.tap(clear.x + clear.w / 2, clear.y + clear.h / 2);
  await frames(p, 4);
  assert.equal((await p.evaluate(() => window.focusedAtTouchEnd)).at(-1), 'typing', 'focused while the tap on × was handled');
  await p.keyboard.insertText('a cat');
  await cdp2.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: '', windowsVirtualKeyCode: 13 });
  await cdp2.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: '', windowsVirtualKeyCode: 13 });
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
  const cdp = await p.context().newCDPSession(p);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  const drag = async (from, to, steps = 8) => {  // each finger from from[i] to to[i]
    await touch('touchStart', from);
    await frames(p, 2);
    for (let k = 1; k <= steps; k++) {
      await touch('touchMove', from.map(([x, y], i) => [x + (to[i][0] - x) * k / steps, y + (to[i][1] - y) * k / steps]));
      await frames(p, 1);
    }
    await touch('touchEnd', []);
    await frames(p, 3);
  };
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
  const cdp = await p.context().newCDPSession(p);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y]) => ({ x, y })) });
  const swipe = async ([x0, y0], [x1, y1]) => {
    await touch('touchStart', [[x0, y0]]);
    await frames(p, 2);
    for (let k = 1; k <= 8; k++) {
      await touch('touchMove', [[x0 + (x1 - x0) * k / 8, y0 + (y1 - y0) * k / 8]]);
      await frames(p, 1);
    }
    await touch('touchEnd', []);
    await frames(p, 4);
  };
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
});
