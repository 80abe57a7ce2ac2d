// Links and messages: the URL fragment (docs/embed.md), a course page embedding two instances and
// driving them by postMessage, and the share / embed popup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUT, base, capiton, clickInView, clickWidget, frames, newContext, openHostPage, openPage, ready, rect, screenshot, state, until,
         warnings, watch } from './harness.mjs';

test('a link made on a training task\'s model opens on the same model; one trained in the page is said to travel as its preset', async () => {
  const p = await openPage();
  assert.deepEqual(await capiton(p, 'loadPreset', 'apple'), { ok: true });
  assert.equal((await capiton(p, 'setSentence', 'we eat the apple from the tree')).ok, true);
  await capiton(p, 'goTo', 'softmax');
  await p.waitForFunction(() => location.hash.includes('preset=apple') && location.hash.includes('stage=softmax'));
  const link = await p.evaluate(() => location.hash);
  assert.ok(!/[&#]d[mk]=/.test(link), `the preset's sizes come with it: ${link}`);
  const shown = await state(p);
  const q = await openPage(1366, 768, { path: link });
  const opened = await state(q);
  assert.equal(opened.model, 'trained');
  assert.equal(opened.modelTask, 'apple');
  assert.equal(opened.training.preset, true);
  assert.deepEqual(opened.tokens, shown.tokens);
  assert.deepEqual(opened.matrices.weights, shown.matrices.weights);
  assert.deepEqual(await warnings(q), []);
  // trained here: the popup says the link brings the stored parameters instead
  await capiton(p, 'train', 'birdsky');
  await until(async () => (await state(p)).training.step >= 1, 60);
  await capiton(p, 'pause');
  await p.waitForFunction(() => location.hash.includes('preset=birdsky'));
  assert.equal(await rect(p, 'share:trained-here', { missingOk: true }), null);
  await clickWidget(p, 'share');
  await frames(p, 3);
  await rect(p, 'share:trained-here');
  await screenshot(p, 'share-trained-here.png');
});

test('a link with parts that cannot be used: said on screen, the rest applied, closed at a click', async () => {
  const p = await openPage(1366, 768, { path: '#s=a%E2%80%AEb&stage=softmax&dk=3' });
  const s = await state(p);
  assert.equal(s.stage, 'softmax');
  assert.equal(s.sentence, 'I saw a bird in the sky');
  assert.equal((await warnings(p)).length, 2);
  await frames(p, 3);
  await rect(p, 'link:notice');
  await screenshot(p, 'link-notice.png');
  // screen readers hear it first
  await p.waitForFunction(() => document.getElementById('a11y-body').textContent.startsWith('Part of the link this page was opened with'));
  await clickWidget(p, 'link:dismiss');
  await frames(p, 3);
  assert.equal(await rect(p, 'link:notice', { missingOk: true }), null);
  assert.equal((await state(p)).stage, 'softmax', 'closing it changes nothing else');
  // and screen readers stop hearing it, though the link did not change
  await p.waitForFunction(() => document.getElementById('a11y-body').textContent.startsWith('Softmax'), null, { timeout: 5000 });
  const q = await openPage(1366, 768, { path: '#stage=softmax' });
  assert.equal(await rect(q, 'link:notice', { missingOk: true }), null);
  // in Chinese, the reason is said in Chinese too (the console keeps the English)
  const z = await openPage(1366, 768, { path: '#lang=zh&stage=softmax&dk=3' });
  await z.waitForFunction(() => document.getElementById('a11y-body').textContent.startsWith('打开本页的链接'));
  const said = await z.evaluate(() => document.getElementById('a11y-body').textContent);
  assert.ok(said.includes('值“3”（键“dk”）不在可选值之中：2, 4, 8, 16, 32。'), said);
  assert.match((await warnings(z))[0], /The value "3" of "dk" is not one of 2, 4, 8, 16, 32; it was ignored\./);
});

test('a link fragment sets the state; the address follows changes; a new tab shows the same', async () => {
  const p = await openPage(1366, 768, {
    path: '#s=the%20cat%20sat%20on%20the%20mat&stage=softmax&lang=zh&layers=search,apple&dk=8&t=2&mask=causal&tok=1&theme=dark' });
  let s = await state(p);
  assert.equal(s.sentence, 'the cat sat on the mat');
  assert.equal(s.stage, 'softmax');
  assert.equal(s.lang, 'zh');
  assert.deepEqual(s.layers, ['search', 'apple']);
  assert.equal(s.d_k, 8);
  assert.equal(s.t, 2);
  assert.equal(s.mask, 'causal');
  assert.equal(s.selectedToken, 1);
  assert.equal(s.theme, 'dark');
  assert.deepEqual(warnings(p), []);
  await screenshot(p, 'fragment-softmax-zh-dark.png', { dark: true });
  // a change replaces the address (no new history entry)
  const length = await p.evaluate(() => history.length);
  await capiton(p, 'goTo', 'output');
  await p.waitForFunction(() => location.hash.includes('stage=output'));
  assert.equal(await p.evaluate(() => history.length), length);
  const url = p.url();
  // pasted into a new tab: the same state
  const q = watch(await p.context().newPage());
  await q.goto(url);
  await ready(q);
  const t = await state(q);
  s = await state(p);
  for (const k of ['sentence', 'stage', 'lang', 'layers', 'd_k', 't', 'mask', 'selectedToken', 'theme']) assert.deepEqual(t[k], s[k], k);
  assert.deepEqual(t.matrices.weights, s.matrices.weights);
  // editing the address applies it
  await q.evaluate(() => { location.hash = 'stage=scores&lang=en'; });
  await until(async () => (await state(q)).stage === 'scores', 30);
  assert.equal((await state(q)).lang, 'en');
});

test('a hostile or malformed fragment is ignored with console warnings, never errors', async () => {
  const hostile = '#stage=%3Cscript%3Ealert(1)%3C%2Fscript%3E&lang=xx&dk=1e9&t=NaN&mask=%ZZ&tok=-7&theme=%E2%80%AE' +
                  '&layers=search,%3Cimg%20src%3Dx%3E&s=%ED%A0%80&allow=javascript:alert(1)&__proto__=1&x=' + 'A'.repeat(300);
  const p = await openPage(1024, 700, { path: hostile });
  const s = await state(p);
  assert.equal(s.stage, 'seq2seq');
  assert.equal(s.d_k, 4);
  assert.equal(s.t, 1);
  assert.equal(s.mask, 'none');
  assert.equal(s.selectedToken, -1);
  assert.deepEqual(s.layers, ['search']);  // the one valid layer stays
  const w = warnings(p);
  // one warning per bad part, 8 at most: the 8th counts the rest (src/core/fragment.h, kMaxLinkWarnings)
  assert.equal(w.length, 8, w.join(' | '));
  assert.match(w[7], /more parts of the link were ignored/);
  assert.ok(w.every((m) => m.startsWith('capiton: ') && !m.includes('<script>')), w.join('\n'));
  // far too long: ignored as a whole
  await p.goto(base + 'embed.html#stage=output&s=' + 'a'.repeat(20000));
  await ready(p);
  assert.equal((await state(p)).stage, 'seq2seq');
  // edited in the address bar, or by the embedding page, to over a mebibyte: a warning, the state kept
  const before = warnings(p).length;
  await p.evaluate(() => { location.hash = 'stage=output&s=' + 'a'.repeat(1100000); });
  await until(async () => warnings(p).length > before);
  await frames(p, 2);
  assert.match(warnings(p).slice(before).join('\n'), /capiton: .*(long|ignored)/);
  assert.equal((await state(p)).stage, 'seq2seq');
});

test('allow= origins: kept as browsers write them; one a browser cannot read is ignored with a warning, never a throw', async () => {
  // "xn--abc" (not valid punycode) passes the core's form check; the URL standard refuses it, this
  // Chromium reads it: either way the list is used without a throw
  const p = await openPage(1024, 700, { path: 'embed.html#stage=scores&allow=http%3A%2F%2Fxn--abc,HTTPS%3A%2F%2FCourse.Example.org%3A443,http%3A%2F%2F256.0.0.1' });
  assert.ok(warnings(p).some((w) => /256\.0\.0\.1.*not an origin a browser writes/.test(w)), warnings(p).join('\n'));
  assert.match(await p.evaluate(() => location.hash), /allow=[^&]*https%3A%2F%2Fcourse\.example\.org($|&)/);
  await p.evaluate(() => window.postMessage({ capiton: 1, type: 'getState', id: 'x' }, '*'));  // from no allowed origin
  await until(async () => (await state(p)).rejectedMessages === 1);
  await capiton(p, 'goTo', 'softmax');  // a stage change with the list in use: no throw
  await frames(p, 2);
  assert.equal((await state(p)).stage, 'softmax');
});

test('embedding: a page on another origin drives two instances by postMessage; a third origin is ignored', async () => {
  const { p, third, close } = await openHostPage();
  try {
    const readyEvents = await p.evaluate(() => window.events.filter((e) => e.type === 'ready'));
    const first = readyEvents.find((e) => e.frame === 0), second = readyEvents.find((e) => e.frame === 1);
    for (const frame of [0, 1]) {  // each view's first event is its ready (a link's stage is in its state)
      assert.equal(await p.evaluate((f) => window.events.find((e) => e.frame === f).type, frame), 'ready');
    }
    assert.equal(first.state.stage, 'softmax');
    assert.equal(first.state.lang, 'zh');
    assert.deepEqual(second.state.tokens, ['the', 'cat', 'sat']);
    // each frame's title in its own language, saying it is embedded
    const view = (stage) => p.frames().find((f) => f.url().includes(`stage=${stage}`));
    assert.equal(await view('softmax').title(), 'capiton（嵌入） — 注意力机制，一个数一个数地看');
    assert.equal(await view('scores').title(), 'capiton (embedded) — attention, number by number');
    await screenshot(p, 'embed-host-page.png');

    const send = (i, m) => p.evaluate(([j, msg]) => window.send(j, msg), [i, m]);
    // commands, each with a reply
    assert.deepEqual(await send(0, { capiton: 1, type: 'goTo', id: 'a1', stage: 'output' }),
                     { capiton: 1, type: 'reply', id: 'a1', ok: true });
    await p.waitForFunction(() => window.events.some((e) => e.frame === 0 && e.type === 'stageChanged' && e.stage === 'output'));
    assert.equal((await send(1, { capiton: 1, type: 'getState', id: 'b0' })).state.stage, 'scores', 'the other view is untouched');
    for (const [m, id] of [[{ type: 'setSentence', text: 'a dog ran home' }, 'b1'], [{ type: 'setLanguage', lang: 'zh' }, 'b2'],
                           [{ type: 'setLayer', layer: 'apple', on: true }, 'b3'], [{ type: 'setParam', name: 'dk', value: 8 }, 'b4'],
                           [{ type: 'setParam', name: 't', value: 2 }, 'b5'], [{ type: 'setParam', name: 'mask', value: 'causal' }, 'b6'],
                           [{ type: 'setParam', name: 'model', value: 'untrained' }, 'b7']]) {
      const r = await send(1, { capiton: 1, id, ...m });
      assert.equal(r?.ok, true, `${m.type}: ${JSON.stringify(r)}`);
    }
    const st = (await send(1, { capiton: 1, type: 'getState', id: 7 })).state;
    assert.deepEqual(st.tokens, ['a', 'dog', 'ran', 'home']);
    assert.equal(st.lang, 'zh');
    assert.deepEqual(st.layers, ['search', 'signifier', 'apple']);  // the two analogies are on from the start
    assert.equal(st.d_k, 8);
    assert.equal(st.t, 2);
    assert.equal(st.mask, 'causal');
    assert.equal(st.model, 'untrained');
    assert.equal(st.rejectedMessages, 0);
    await p.waitForFunction(() => window.events.some((e) => e.frame === 1 && e.type === 'stateChanged' && e.state.d_k === 8));
    // commands that fail get {ok: false, error}
    for (const m of [{ type: 'goTo', stage: 'nope' }, { type: 'setParam', name: 'dk', value: 7 }, { type: 'setParam', name: 'd_model', value: 8 },
                     { type: 'setSentence', text: '   ' }, { type: 'setLanguage', lang: 'fr' }]) {
      const r = await send(1, { capiton: 1, id: 'bad-' + m.type + JSON.stringify(m), ...m });
      assert.equal(r?.ok, false, JSON.stringify(m));
      assert.equal(typeof r.error, 'string');
    }
    // messages not addressed to capiton (no usable id, another protocol, no type): dropped without a
    // reply and counted
    const dropped = [{ capiton: 1, type: 'goTo', stage: 'output' }, { capiton: 2, type: 'getState', id: 'm2' }, 'getState',
                     { capiton: 1, id: 'm4', code: 'alert(1)' }, null, [1, 2], { capiton: 1, type: 7, id: 'm9' },
                     { capiton: 1, type: 'goTo', id: NaN, stage: 'output' }, { capiton: 1, type: 'goTo', id: 'x'.repeat(201), stage: 'output' },
                     { capiton: 1, type: 'goTo', id: { n: 1 }, stage: 'output' }, { capiton: '1', type: 'goTo', id: 'm12', stage: 'output' },
                     // capiton's own reply and event, passed back by a page: never answered (two views would answer each other for ever)
                     { capiton: 1, type: 'reply', id: 'm13', ok: true }, { capiton: 1, type: 'stateChanged', id: 'm14', state: {} }];
    for (const m of dropped) await p.evaluate(([msg]) => window.post(1, msg), [m]);
    // addressed to capiton, but a type that is no message command (a typo, a page-only or test-only
    // command, an Object method's name): one reply, ok false, naming the commands; nothing run
    for (const [i, type] of ['goto', 'eval', 'toString', '__proto__', 'applyFragment', 'widgetRect', 'x'.repeat(5000)].entries()) {
      const r = await send(1, { capiton: 1, type, id: 'u' + i, fragment: 'stage=output', code: 'alert(1)' });
      assert.equal(r?.ok, false, type.slice(0, 20));
      assert.equal(r.error, `No message command is called ${JSON.stringify(type.slice(0, 40))}; the commands are getState, goTo, ` +
                            'setSentence, setLanguage, setLayer, setTheme, setParam, explain, train, setPace, pause, loadPreset, ' +
                            'generate, trainPoems, selectPoemHead, poemStep, usePoemPreset.');
    }
    // what a command answers besides ok comes in its reply: explain's operands
    const e = await send(1, { capiton: 1, type: 'explain', id: 'e1', matrix: 'scores', row: 1, col: 2 });
    assert.equal(e.ok, true, JSON.stringify(e));
    assert.equal(e.kind, 'dotProduct');
    assert.deepEqual(e.operands, [{ matrix: 'Q', row: 1, col: -1 }, { matrix: 'K', row: 2, col: -1 }]);
    assert.deepEqual([e.capiton, e.type, e.id], [1, 'reply', 'e1']);
    // its numbers as the hook gives them: a masked score (the view's mask is causal) is -Infinity itself
    const masked = await send(1, { capiton: 1, type: 'explain', id: 'e2', matrix: 'masked', row: 0, col: 3 });
    assert.equal(masked.ok, true, JSON.stringify(masked));
    assert.equal(masked.value, -Infinity);
    // a command with a usable id but a field missing, of the wrong type or too long: exactly one reply,
    // ok false and malformed, saying which field and what it must be
    const wrong = [[{ type: 'goTo', stage: null }, 'goTo needs "stage": a string.'],
                   [{ type: 'goTo', stage: 5 }, 'goTo needs "stage": a string.'],
                   [{ type: 'goTo' }, 'goTo needs "stage": a string.'],
                   [{ type: 'setLayer', layer: 'apple', on: 'yes' }, 'setLayer needs "on": true or false.'],
                   [{ type: 'setParam', name: 't', value: NaN }, 'setParam needs "value": a string or a finite number.'],
                   [{ type: 'setParam', name: 't', value: { deep: [[[1]]] } }, 'setParam needs "value": a string or a finite number.'],
                   [{ type: 'setSentence', text: 'x'.repeat(5000) }, 'setSentence: "text" is too long (at most 4096 characters).'],
                   [{ type: 'setSentence', text: '鸟'.repeat(4096) + '😀' }, 'setSentence: "text" is too long (at most 4096 characters).']];
    for (const [i, [m, error]] of wrong.entries()) {
      const r = await send(1, { capiton: 1, id: 'w' + i, ...m });
      assert.deepEqual(r, { capiton: 1, type: 'reply', id: 'w' + i, ok: false, malformed: true, error }, JSON.stringify(m).slice(0, 80));
    }
    const after = (await send(1, { capiton: 1, type: 'getState', id: 'b8' })).state;
    assert.equal(after.rejectedMessages, dropped.length);
    assert.equal(after.stage, 'scores');
    assert.ok(!(await p.evaluate(() => ['m2', 'm4', 'm9', 'm12', 'm13', 'm14'].some((id) => id in window.replies))));
    // the theme and the lesson's training are message commands too
    assert.equal((await send(1, { capiton: 1, type: 'setTheme', id: 't1', theme: 'dark' })).ok, true);
    assert.equal((await send(1, { capiton: 1, type: 'getState', id: 't2' })).state.theme, 'dark');
    assert.equal((await send(1, { capiton: 1, type: 'setTheme', id: 't3', theme: 'light' })).ok, true);
    // a command that fails inside the app (here the app's entry point throws) still gets its one reply
    const view1 = await (await p.$$('iframe'))[1].contentFrame();
    await view1.evaluate(() => {
      window.realCommand = Module._capiton_command;
      Module._capiton_command = () => { throw new Error('the app stopped'); };
    });
    assert.deepEqual(await send(1, { capiton: 1, type: 'goTo', id: 'x1', stage: 'output' }),
                     { capiton: 1, type: 'reply', id: 'x1', ok: false, error: 'goTo failed: the app stopped.' });
    await view1.evaluate(() => { Module._capiton_command = window.realCommand; });
    assert.equal((await send(1, { capiton: 1, type: 'getState', id: 'x2' })).state.stage, 'scores');
    // another site's frame on the same page posts commands: ignored and counted, nothing answered
    assert.ok(third, 'the third-origin frame loaded');
    // …and costs the app nothing: no command runs for them, not even the origin list's
    const app0 = p.frames().find((f) => f.url().includes('/embed.html') && f.url().includes('lang=zh'));
    await app0.evaluate(() => {
      const run = Module._capiton_command;
      window.commandsRun = [];
      Module._capiton_command = (ptr) => { window.commandsRun.push(JSON.parse(Module.UTF8ToString(ptr)).type); return run(ptr); };
    });
    await third.evaluate(() => {
      for (let i = 0; i < 200; i++) parent.frames[0].postMessage({ capiton: 1, type: 'goTo', id: 'evil' + i, stage: 'tokens' }, '*');
    });
    const zero = (await send(0, { capiton: 1, type: 'getState', id: 'a9' })).state;
    assert.equal(zero.stage, 'output');
    assert.equal(zero.rejectedMessages, 200);
    assert.ok(!(await p.evaluate(() => 'evil0' in window.replies)));
    assert.ok(!(await app0.evaluate(() => window.commandsRun.includes('allowedOrigins'))), 'origins checked without the app');
    // the poems stage driven by messages: generate's reply carries the continuation, the hook's own
    assert.equal((await send(1, { capiton: 1, type: 'goTo', id: 'g0', stage: 'poems' })).ok, true);
    await until(async () => (await send(1, { capiton: 1, type: 'getState', id: 'g' + Math.random() })).state.poems.status === 'ready', 60);
    const g = await send(1, { capiton: 1, type: 'generate', id: 'g1', text: '床前明月光，', temperature: 0, seed: 1 });
    assert.equal(g.ok, true, JSON.stringify(g));
    assert.ok(typeof g.continuation === 'string' && g.continuation.length > 0, JSON.stringify(g));
    assert.equal(g.continuation, (await view1.evaluate(() => window.capiton.generate('床前明月光，', 0, 1))).continuation);
    // each view keeps its own address
    const view0 = p.frames().find((f) => f.url().includes('/embed.html') && f.url().includes('lang=zh') && f.url().includes('stage=output'));
    assert.ok(view0, `the first view's address says stage=output (${p.frames().map((f) => f.url()).join(', ')})`);
    await screenshot(p, 'embed-host-page-driven.png');
  } finally {
    await close();
  }
});

test('embedding: a click on a view\'s sentence box takes the keyboard into its frame; what is typed and composed arrives there', async () => {
  const { p, close } = await openHostPage();
  try {
    const view = p.frames().find((f) => f.url().includes('stage=scores'));  // the second view, "the cat sat"
    await clickInView(p, view, 'sentence', { fromRight: 4 });  // the caret at the sentence's end
    await view.waitForFunction(() => document.activeElement && document.activeElement.id === 'typing');
    for (const k of [' ', 'd', 'o', 'g']) {
      await p.keyboard.down(k);
      await view.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
      await p.keyboard.up(k);
    }
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('Input.imeSetComposition', { text: 'mao', selectionStart: 3, selectionEnd: 3 });
    await cdp.send('Input.insertText', { text: '猫' });
    await view.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    await p.keyboard.press('Enter', { delay: 60 });
    await view.waitForFunction(() => window.capiton.state().sentence !== 'the cat sat');
    assert.equal(await view.evaluate(() => window.capiton.state().sentence), 'the cat sat dog猫');
  } finally {
    await close();
  }
});

test('embedding: Tab past a view\'s last control leaves it for the course page, Shift+Tab past its first too; the keyboard is never trapped', async () => {
  const { p, close } = await openHostPage();
  try {
    const view = p.frames().find((f) => f.url().includes('stage=scores'));  // the second of the two views
    // where the course page's focus is: 'view0', 'view1' (capiton's frames), 'after' (its button after them)
    const views = () => p.evaluate(() => document.activeElement.id ||
                                         `view${[...document.querySelectorAll('iframe')].indexOf(document.activeElement)}`);
    const press = async (k, shift) => {
      if (shift) await p.keyboard.down('Shift');
      await p.keyboard.down(k);
      await frames(view, 1);
      await p.keyboard.up(k);
      if (shift) await p.keyboard.up('Shift');
      await frames(view, 1);
    };
    await view.evaluate(() => document.getElementById('canvas').focus());
    assert.equal(await views(), 'view1');
    const seen = [];
    for (let i = 0; i < 120 && (await views()) === 'view1'; i++) {
      await press('Tab', false);
      seen.push(await view.evaluate(() => window.capiton.state().keyboardFocus));
    }
    assert.equal(await views(), 'after', `Tab went on to the course page's next control after ${seen.join(', ')}`);
    assert.ok(seen.length > 12 && seen.includes('sentence') && seen.includes('grid:scores'), seen.join(', '));
    assert.equal(seen.at(-1), '', 'the view keeps no focus ring once the keyboard left it');
    assert.equal(new Set(seen.slice(0, -1)).size, seen.length - 1, 'each control once, no round');
    // back in with Shift+Tab (the browser focuses the canvas), then the last control, then out past the first
    await press('Tab', true);
    assert.equal(await views(), 'view1');
    const back = [];
    for (let i = 0; i < 120 && (await views()) === 'view1'; i++) {
      await press('Tab', true);
      back.push(await view.evaluate(() => window.capiton.state().keyboardFocus));
    }
    assert.equal(await views(), 'view0', `Shift+Tab went on to the first view after ${back.join(', ')}`);
    assert.deepEqual(back.slice(0, -1), seen.slice(0, -1).reverse(), 'Shift+Tab walks the same controls backward');
    assert.deepEqual(await warnings(p), []);
  } finally {
    await close();
  }
});

test('embedding: the wheel over a view scrolls its lesson first, then, at the lesson\'s end, the course page', async () => {
  const { p, close } = await openHostPage();
  try {
    await p.evaluate(() => { document.body.style.height = '3000px'; });  // a long course page
    const view = p.frames().find((f) => f.url().includes('stage=scores'));
    const box = await (await view.frameElement()).boundingBox();
    await p.mouse.move(box.x + box.width / 2, box.y + box.height - 40);
    await frames(view, 3);
    const sentence = async () => (await view.evaluate(() => Module.capitonCommand('widgetRect', { id: 'sentence' }).rect))?.y ?? -1e9;
    const before = await sentence();
    await p.mouse.wheel(0, 100);
    await frames(view, 4);
    assert.equal(await p.evaluate(() => scrollY), 0, 'the page stays');
    assert.ok((await sentence()) < before, 'the lesson scrolled');
    let turns = 1;
    for (; turns < 150 && (await p.evaluate(() => scrollY)) === 0; turns++) {
      await p.mouse.wheel(0, 100);
      await frames(view, 2);
    }
    assert.ok((await p.evaluate(() => scrollY)) > 0, `the page scrolls once the lesson is at its end (${turns} turns)`);
    assert.ok(turns > 2, 'not before');
    assert.deepEqual(await warnings(p), []);
  } finally {
    await close();
  }
});

test('embedding: a view whose course page did not allow it the clipboard still copies, by the browser\'s copy command', async () => {
  const { p, close } = await openHostPage();  // its frames have no allow="clipboard-write"
  try {
    await p.context().grantPermissions(['clipboard-read'], { origin: new URL(p.url()).origin });
    const view = p.frames().find((f) => f.url().includes('stage=scores'));
    const clickIn = async (id) => {
      await clickInView(p, view, id);
      await frames(view, 4);
    };
    assert.equal(await view.evaluate(() => document.featurePolicy.allowsFeature('clipboard-write')), false,
                 'the browser refuses the clipboard to this frame');
    await clickIn('share');
    await clickIn('share:copy-link');
    await until(async () => (await p.evaluate(() => navigator.clipboard.readText())).includes('#s=the%20cat%20sat&stage=scores'));
    await screenshot(p, 'embed-copied-without-allow.png');
    assert.deepEqual(await warnings(p), []);
  } finally {
    await close();
  }
});

test('share / embed: the popup shows the link and an iframe snippet, and copies them', async () => {
  const p = await openPage(1366, 768);
  await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await capiton(p, 'setSentence', 'the cat sat');
  await capiton(p, 'goTo', 'scores');
  await frames(p);
  await clickWidget(p, 'share');
  await frames(p);
  await rect(p, 'share:link');
  await rect(p, 'share:snippet');
  await screenshot(p, 'share-popup.png');
  await clickWidget(p, 'share:copy-link');
  await frames(p, 4);
  const link = await p.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(base) && link.includes('#s=the%20cat%20sat&stage=scores'), link);
  await clickWidget(p, 'share:copy-snippet');
  await frames(p, 4);
  const snippet = await p.evaluate(() => navigator.clipboard.readText());
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#s=the%20cat%20sat&stage=scores[^"]*"\n\s+width="100%" height="720" style="border:0;max-width:1100px"/);  // the course page's column, tall enough for a grid
  assert.match(snippet, / allow="clipboard-write"/, 'the frame may write the clipboard');
  // the guide for course pages (docs/embed.md as a page beside the app), in a new tab
  const [guide] = await Promise.all([p.context().waitForEvent('page'), clickWidget(p, 'share:guide')]);
  watch(guide);
  await guide.waitForLoadState();
  assert.equal(new URL(guide.url()).pathname, '/capiton-guide.html');
  assert.equal(await guide.locator('h1').first().textContent(), 'Embedding capiton in a course page');
  assert.ok((await guide.locator('table').count()) >= 3, 'its tables (link keys, commands, events) are tables');
  await guide.screenshot({ path: join(OUT, 'guide.png') });
  await guide.close();
  await clickWidget(p, 'share:close');
  await frames(p);
  assert.equal(await rect(p, 'share:link', { missingOk: true }), null, 'the popup closed');
});

test('share / embed on a Chinese screen: the guide for course pages opens in its Chinese edition', async () => {
  const p = await openPage(1366, 768, { path: '#lang=zh' });
  await clickWidget(p, 'share');
  await frames(p);
  const [guide] = await Promise.all([p.context().waitForEvent('page'), clickWidget(p, 'share:guide')]);
  watch(guide);
  await guide.waitForLoadState();
  assert.equal(new URL(guide.url()).pathname, '/capiton-guide-zh.html');
  assert.equal(await guide.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await guide.locator('h1').first().textContent(), '在课程页面中嵌入 capiton');
  assert.ok((await guide.locator('table').count()) >= 3, 'its tables (link keys, commands, events) are tables');
  await guide.screenshot({ path: join(OUT, 'guide-zh.png') });
  await guide.close();
});

// The keys a guide's tables list, in order: the backticked words of each row's first cell (link keys,
// events), up to `end` (a heading) if given.
function tableKeys(file, end) {
  const keys = [];
  for (const line of readFileSync(new URL(`../../docs/${file}`, import.meta.url), 'utf8').split('\n')) {
    if (end && line === end) break;
    const first = line.startsWith('| ') ? line.slice(2, line.indexOf(' |', 1)) : '';
    keys.push(...[...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  }
  return keys;
}

test('the Chinese guide lists the same link keys and events as the English one, in the same order', () => {
  const en = tableKeys('embed.md', '## Size and start-up time');
  const zh = tableKeys('embed.zh.md');
  assert.ok(en.length >= 20, `${en.length} keys in the English guide's tables`);
  assert.deepEqual(zh, en);
});

test('the guides served beside the app list the message commands (docs/page-hook.md\'s rows) and link to each other', async () => {
  const rows = readFileSync(new URL('../../docs/page-hook.md', import.meta.url), 'utf8').split('\n')
    .filter((l) => /^\| `[^`]+` \| [^|]*\bmessage\b/.test(l)).map((l) => /^\| `([^`]+)`/.exec(l)[1]);
  assert.ok(rows.includes('generate') && rows.includes('train') && rows.length >= 15, rows.join(', '));
  for (const [file, other] of [['capiton-guide.html', 'capiton-guide-zh.html'], ['capiton-guide-zh.html', 'capiton-guide.html']]) {
    const html = await (await fetch(base + file)).text();
    const table = html.slice(html.indexOf('<th>command</th>'));
    const commands = table.slice(0, table.indexOf('</table>'));
    const listed = [...commands.matchAll(/<tr>\s*<td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]);
    assert.deepEqual(listed, rows, file);
    assert.ok(html.includes(`<a href="${other}">`), `${file} links to ${other}`);
    assert.ok(!commands.includes('below)'), `${file}: no row points "below" to a document the guide does not hold`);
  }
});

test('links written by other tools: "+" is a space, keys after "?" are said to belong after "#"', async () => {
  const p = await openPage(1024, 700, { path: 'embed.html#s=the+cat+sat&stage=softmax' });
  assert.deepEqual((await state(p)).tokens, ['the', 'cat', 'sat']);
  assert.deepEqual(warnings(p), []);
  const q = await openPage(1024, 700, { path: 'embed.html?stage=softmax&lang=zh' });
  assert.equal((await state(q)).stage, 'seq2seq');
  assert.ok(warnings(q).some((w) => w.includes('after "?"') && w.includes('embed.html#stage=softmax&lang=zh')), warnings(q).join('\n'));
  await rect(q, 'link:notice');  // and on screen, in the page's language, with the link as it should be
  assert.match((await q.evaluate(() => Module.capitonCommand('accessible', {}))).mirror.body,
               /^Part of the link .* keys come after “\?”.*as in embed\.html#stage=softmax&lang=zh\. /);
  const r = await openPage(1024, 700, { path: 'embed.html?v=2#stage=softmax' });  // a query of the site's own: not a word
  assert.equal((await state(r)).stage, 'softmax');
  assert.deepEqual(warnings(r), []);
  const t = await openPage(1024, 700, { path: 'embed.html?v=2&tok=3#stage=softmax' });  // any link key, beside a fragment too
  assert.equal((await state(t)).selectedToken, -1);
  assert.ok(warnings(t).some((w) => w.includes('after "?"')), warnings(t).join('\n'));
});

test('a course page opened from a file: the view shows the lesson and its console says to serve the page over http', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capiton-course-'));
  const file = join(dir, 'course.html');
  writeFileSync(file, `<!doctype html><title>course</title><iframe src="${base}embed.html#stage=softmax" width="800" height="500"></iframe>`);
  try {
    const context = await newContext();
    const p = watch(await context.newPage());
    await p.goto('file://' + file);
    const view = await (await p.waitForSelector('iframe')).contentFrame();
    await view.waitForFunction(() => window.capiton && window.capiton.state && window.capiton.state() !== null, null, { timeout: 30000 });
    assert.equal(await view.evaluate(() => window.capiton.state().stage), 'softmax');
    await until(async () => warnings(p).some((w) => w.includes('opened from a file (file://)')));
    assert.ok(warnings(p).some((w) => w.includes('python3 -m http.server')));
  } finally {
    rmSync(dir, { recursive: true });
  }
});
