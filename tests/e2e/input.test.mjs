// Input: the keyboard (stage keys, typing sentences, Tab through every control, the grids' cell
// cursor) and the mouse (clicking tokens, hovering cells); touch is in touch.test.mjs.
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
    const grid = await rect(p, 'grid:scores');  // its cells, as scrolled now: equal columns
    const x = grid.x + j * (grid.w / cols);
    assert.ok(x >= start.x - 1, `column ${j + 1}: the cell (at x = ${x}) is right of the row labels (end at ${start.x})`);
    const tip = await rect(p, 'tooltip');  // its explanation on screen
    assert.ok(tip.x >= 0 && tip.x + tip.w <= 390, `column ${j + 1}: the explanation ${JSON.stringify(tip)} fits the view`);
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

test('Tab into a text field selects its text, and typing replaces it, after Reset put a short sentence where a long one was; the poems prompt takes keys at once', async () => {
  const p = await openPage(1024, 640);
  await capiton(p, 'goTo', 'tokens');
  await p.mouse.move(3, 3);
  await frames(p);
  const show = await rect(p, 'show');
  const showLooks = async () => { await frames(p, 3); return p.screenshot({ clip: { x: show.x, y: show.y, width: show.w, height: show.h } }); };
  const idle = await showLooks();
  await tabTo(p, 'sentence');
  await p.keyboard.type('The old man walked his small dog along the river every morning before the sun came up');
  // typed, not yet shown: Show is lit (the stages still show the old sentence)
  assert.ok(!idle.equals(await showLooks()), 'Show is lit while the box holds a sentence not shown');
  assert.equal((await state(p)).sentence, 'I saw a bird in the sky');
  await key(p, 'Enter');
  assert.equal((await state(p)).tokens.length, 17);
  assert.ok(idle.equals(await showLooks()), 'Show is as before once the sentence is shown');
  await tabTo(p, 'reset');
  await key(p, 'Enter');
  assert.equal((await state(p)).sentence, 'I saw a bird in the sky');
  // back into the box (Shift+Tab past Show and ×): before, it looked empty, scrolled past the end of
  // the long sentence, and what was typed went after "sky"
  await p.keyboard.down('Shift');
  for (let i = 0; i < 3; i++) await key(p, 'Tab');
  await p.keyboard.up('Shift');
  assert.equal((await state(p)).keyboardFocus, 'sentence');
  await screenshot(p, 'keyboard-sentence-after-reset.png');
  await p.keyboard.type('cats sleep');
  await key(p, 'Enter');
  assert.deepEqual((await state(p)).tokens, ['cats', 'sleep']);
  // and back into a box already typed in: its text selected again (ImGui kept the caret after it)
  await key(p, 'Tab');
  await p.keyboard.down('Shift');
  await key(p, 'Tab');
  await p.keyboard.up('Shift');
  assert.equal((await state(p)).keyboardFocus, 'sentence');
  await p.keyboard.type('dogs run');
  await key(p, 'Enter');
  assert.deepEqual((await state(p)).tokens, ['dogs', 'run']);
  // the poems stage's prompt: the keys typed after Tab arrive (before: only after Enter or Space)
  await capiton(p, 'goTo', 'poems');
  await until(async () => (await state(p)).poems.status === 'ready', 30);
  await frames(p, 3);
  await tabTo(p, 'poems:prompt');
  await p.keyboard.type('The moon');
  await key(p, 'Enter');
  assert.equal((await state(p)).poems.prompt, 'The moon');
});

// A popup has closed: its control `id` is no longer drawn.
async function closed(p, id) {
  await frames(p, 3);
  assert.equal(await rect(p, id, { missingOk: true }), null, `${id} is still drawn`);
}

test('keyboard in a popup: Tab keeps to the glossary\'s and the share popup\'s own controls, the keys scroll the glossary, closing gives the focus back', async () => {
  const p = await openPage(1024, 640);
  await capiton(p, 'goTo', 'scores');
  await p.mouse.move(3, 3);
  await frames(p);
  await tabTo(p, 'glossary');
  await key(p, 'Enter');
  await frames(p, 3);
  const list = await rect(p, 'glossary:close');
  // its one control, round and round: not the stage buttons it covers (Enter there changed the stage)
  for (let i = 0; i < 3; i++) {
    await key(p, 'Tab');
    assert.equal((await state(p)).keyboardFocus, 'glossary:close');
  }
  await key(p, 'ArrowRight');
  assert.equal((await state(p)).stage, 'scores', '→ under the popup leaves the stage alone');
  // End shows the last entries: the page's pixels under the list change
  const before = await p.screenshot({ clip: { x: list.x - 300, y: list.y + 60, width: 300, height: 200 } });
  await key(p, 'End');
  await frames(p, 3);
  const after = await p.screenshot({ clip: { x: list.x - 300, y: list.y + 60, width: 300, height: 200 } });
  assert.ok(!before.equals(after), 'End scrolled the glossary');
  await screenshot(p, 'keyboard-glossary-end.png');
  await key(p, 'Enter');  // Close
  await closed(p, 'glossary:close');
  assert.equal((await state(p)).keyboardFocus, 'glossary', 'the focus is back on the button that opened it');
  // the share popup: Tab goes round its own controls only
  await key(p, 'Tab');
  await key(p, 'Tab');
  await key(p, 'Escape');
  await tabTo(p, 'share');
  await key(p, 'Enter');
  await frames(p, 3);
  const seen = new Set();
  for (let i = 0; i < 12; i++) {
    await key(p, 'Tab');
    seen.add((await state(p)).keyboardFocus);
  }
  for (const id of seen) assert.ok(id.startsWith('share:'), `Tab reached ${id} behind the share popup (${[...seen].join(', ')})`);
  assert.ok(seen.has('share:close'), [...seen].join(', '));
  await key(p, 'Escape');
  await closed(p, 'share:close');
  assert.equal((await state(p)).keyboardFocus, 'share', 'Esc gives the focus back too');
  // a grid's cell cursor comes back with the focus
  await tabTo(p, 'grid:scores');
  await key(p, 'ArrowDown');
  await key(p, 'ArrowDown');
  await key(p, 'ArrowRight');
  assert.deepEqual((await state(p)).hover, { matrix: 'scores', row: 2, col: 1 });
  await clickWidget(p, 'glossary');
  await frames(p, 3);
  await rect(p, 'glossary:close');
  await key(p, 'Escape');
  await closed(p, 'glossary:close');
  await p.mouse.move(3, 3);
  await frames(p, 2);
  assert.equal((await state(p)).keyboardFocus, 'grid:scores');
  assert.deepEqual((await state(p)).hover, { matrix: 'scores', row: 2, col: 1 });
});

test('keyboard on a menu: Enter opens its list, ↓ steps the value in it, Enter closes it; Esc closes it and keeps the focus', async () => {
  const p = await openPage(1366, 768);
  await capiton(p, 'goTo', 'scores');
  await p.mouse.move(3, 3);
  await frames(p);
  await tabTo(p, 'mask');
  // the page under the menu, where its list opens
  const menu = await rect(p, 'mask');
  const under = async () => { await frames(p, 3); return p.screenshot({ clip: { x: menu.x, y: menu.y + menu.h + 2, width: menu.w, height: 40 } }); };
  const shut = await under();
  await key(p, 'Enter');
  // the list is open and nothing changed (before: Enter stepped the value, unseen)
  assert.ok(!shut.equals(await under()), 'Enter opened the list');
  assert.equal((await state(p)).mask, 'none');
  await key(p, 'ArrowDown');
  assert.equal((await state(p)).mask, 'causal');
  await screenshot(p, 'keyboard-menu-open.png');
  await key(p, 'Enter');
  assert.ok(shut.equals(await under()), 'Enter closed the list');
  assert.equal((await state(p)).mask, 'causal');
  assert.equal((await state(p)).keyboardFocus, 'mask');
  // Space opens it too; Esc closes it and the focus stays on the menu
  await key(p, ' ');
  assert.ok(!shut.equals(await under()), 'Space opened the list');
  await key(p, 'ArrowUp');
  assert.equal((await state(p)).mask, 'none');
  await key(p, 'Escape');
  assert.ok(shut.equals(await under()), 'Esc closed the list');
  assert.equal((await state(p)).keyboardFocus, 'mask');
  assert.equal((await state(p)).mask, 'none');
});

test('keyboard: a focus in the stage leaves with it; ← / → put it on the new stage\'s button, where Enter answers nothing', async () => {
  const p = await openPage(1366, 768);
  await capiton(p, 'goTo', 'tokens');
  await p.mouse.move(3, 3);
  await frames(p);
  await tabTo(p, 'question:1');
  await key(p, 'ArrowRight');
  let s = await state(p);
  assert.equal(s.stage, 'embedding');
  assert.equal(s.keyboardFocus, 'stage:embedding', 'not the embedding question\'s button of the same id, off screen');
  await key(p, 'Enter');
  assert.deepEqual((await state(p)).answers, {}, 'nothing answered unseen');
  // a greyed download button hands the focus on too: JSON on a stage with grids, then the tokens stage
  await tabTo(p, 'export:JSON');
  await key(p, 'ArrowLeft');
  s = await state(p);
  assert.equal(s.stage, 'tokens');
  assert.equal(s.keyboardFocus, 'stage:tokens');
});
