// Rendering: the heatmap shader, HiDPI, resizing, the loading bar, browsers missing a feature,
// every stage in both languages at several sizes (4K included), the first visit's language and theme,
// the dark theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIR, OUT, STAGES, base, capiton, frames, heatmapGpu, mirrorTexts, newContext, openPage, ready, rect, screenshot, state, until, watch,
  warnings, NOT_FOUND } from './harness.mjs';
import { differingPixels } from '../../scripts/lib/pixels.mjs';
import { fontCodePoints } from '../../scripts/lib/font-cmap.mjs';

const LAYERS = ['search', 'signifier', 'apple', 'qkv'];

test('the grids are painted by the heatmap shader (GLSL ES 3.00)', async () => {
  const p = await openPage();
  await capiton(p, 'goTo', 'weighting');
  // The UI draws the cells itself until the shaders are known to be compiled (a few frames at most).
  await until(async () => (await heatmapGpu(p)) === 1, 10);
});

// A WebGL call that needs an answer waits for the GPU process, which in software rendering may be busy
// for 10–70 ms reading back a frame it composited; a call without one is only queued. Drawing with a
// program asks, once, whether it linked (useProgram). The page makes the first frame's program while
// the .wasm loads and asks then, when the GPU process is idle; from the module's start to the first
// frame nothing is asked (src/app/gl.h), and the shaders the app makes itself are asked about afterwards.
function recordGpuQuestions(options = {}) {
  window.gpuAsked = { page: [], frame: [], after: [] };
  let phase = 'page';
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    if (name === 'capiton:runtime-ready') phase = 'frame';
    // "after" only once the first frame's code has returned (a microtask runs when it has): until then
    // the browser cannot show the frame
    if (name === 'capiton:first-frame') queueMicrotask(() => { phase = 'after'; });
    return mark(name, ...rest);
  };
  const proto = WebGL2RenderingContext.prototype;
  const record = (name) => window.gpuAsked[phase].push(name);
  for (const name of ['getError', 'getExtension', 'getShaderParameter', 'getUniformLocation',
                      'getAttribLocation', 'getActiveUniform', 'getActiveAttrib', 'getShaderInfoLog', 'getProgramInfoLog',
                      'getUniformBlockIndex', 'getFragDataLocation', 'getUniform', 'getBufferSubData', 'readPixels',
                      'finish', 'clientWaitSync']) {
    const call = proto[name];
    proto[name] = function (...args) {
      record(name);
      return call.apply(this, args);
    };
  }
  // programs linked and not yet asked about: the first draw with one asks
  const unasked = new WeakSet();
  const { linkProgram, getProgramParameter, useProgram, createShader } = proto;
  // a browser whose objects are null and throw (WebKit with a lost context): the page must go on
  if (options.throwInPage) {
    proto.createShader = function (...args) {
      if (phase === 'page') throw new TypeError('no shader here');
      return createShader.apply(this, args);
    };
  }
  proto.linkProgram = function (program) {
    unasked.add(program);
    return linkProgram.call(this, program);
  };
  proto.getProgramParameter = function (program, name) {
    record(name === this.LINK_STATUS ? 'getProgramParameter(LINK_STATUS)' : 'getProgramParameter');
    if (name === this.LINK_STATUS) unasked.delete(program);
    // the page's own program, made to fail: the app must make its own
    if (options.failPagePrograms && phase === 'page' && name === this.LINK_STATUS) return false;
    return getProgramParameter.call(this, program, name);
  };
  proto.useProgram = function (program) {
    if (program && unasked.has(program)) record('useProgram of a program not asked about');
    if (program) unasked.delete(program);
    return useProgram.call(this, program);
  };
}

test('the first frame waits for nothing from the GPU: no WebGL call that needs an answer comes before it', async () => {
  const context = await newContext({ viewport: { width: 1366, height: 768 } });
  await context.addInitScript(recordGpuQuestions);
  const p = watch(await context.newPage());
  await p.goto(base + '#stage=scores');  // grids on the first screen: the heatmap's shaders start in the first frame
  await ready(p);
  const asked = await p.evaluate(() => window.gpuAsked);
  // the page's two programs, once each
  assert.deepEqual(asked.page, ['getProgramParameter(LINK_STATUS)', 'getProgramParameter(LINK_STATUS)']);
  assert.deepEqual(asked.frame, []);
  // afterwards the heatmap's uniforms are looked up (whether its program linked is not asked again), and
  // the grids go to the GPU
  await until(async () => (await heatmapGpu(p)) === 1, 10);
  const after = await p.evaluate(() => window.gpuAsked.after);
  assert.ok(after.includes('getUniformLocation') && !after.includes('getProgramParameter(LINK_STATUS)'), after.join(', '));
  assert.deepEqual(await p.evaluate(() => Object.keys(Module.capitonPrograms)), []);  // both taken by the app
  await context.close();
});

for (const [how, options] of [['did not link', { failPagePrograms: true }], ['threw', { throwInPage: true }]]) {
  test(`a program the page could not make (it ${how}) is made by the app, and the page is drawn all the same`, async () => {
    const context = await newContext({ viewport: { width: 900, height: 600 } });
    await context.addInitScript(recordGpuQuestions, options);
    const p = watch(await context.newPage());
    await p.goto(base);
    await ready(p);
    await frames(p);
    // the app compiled its own, drew with it (that waits: the question the page's program spares the
    // first frame) and asked about it after the first frame
    const asked = await p.evaluate(() => window.gpuAsked);
    assert.deepEqual(asked.frame, ['useProgram of a program not asked about']);
    assert.ok(asked.after.includes('getProgramParameter(LINK_STATUS)'), asked.after.join(', '));
    assert.ok(await screenshot(p, `own-program-${options.throwInPage ? 'threw' : 'unlinked'}.png`) > 200);
    assert.deepEqual(await p.evaluate(() => Object.keys(Module.capitonPrograms)), []);  // the page kept none
    await context.close();
  });
}

test('HiDPI: the canvas has devicePixelRatio times as many pixels as CSS pixels', async () => {
  const p = await openPage(800, 600, { deviceScaleFactor: 2 });
  await frames(p);
  const size = await p.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight };
  });
  assert.deepEqual(size, { w: 1600, h: 1200, cw: 800, ch: 600 });
  await screenshot(p, 'hidpi-first-screen.png');
});

test('the window can be resized and the canvas follows', async () => {
  const p = await openPage(1000, 700);
  await p.setViewportSize({ width: 700, height: 500 });
  await frames(p, 6);
  const size = await p.evaluate(() => ({ w: document.getElementById('canvas').width, h: document.getElementById('canvas').height }));
  assert.deepEqual(size, { w: 700, h: 500 });
  const v = await screenshot(p, 'resized-700x500.png');
  assert.ok(v > 200);
});

test('the loading bar fills as the .wasm downloads', async () => {
  const context = await newContext({ viewport: { width: 800, height: 600 } });
  await context.addInitScript(() => {  // records every width the bar is given
    window.barWidths = [];
    new MutationObserver((changes) => {
      for (const c of changes) if (c.target.id === 'progress') window.barWidths.push(parseFloat(c.target.style.width));
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['style'] });
  });
  const p = watch(await context.newPage());
  await p.goto(base);
  await ready(p);
  const widths = await p.evaluate(() => window.barWidths);
  assert.ok(widths.length > 0, 'the bar moved');
  assert.ok(widths.every((w, i) => i === 0 || w >= widths[i - 1]), `the bar only grows: ${widths.join(', ')}`);
  assert.equal(widths.at(-1), 100);
  assert.equal(await p.evaluate(() => parseFloat(document.getElementById('progress').style.width)), 100);
  assert.equal(await p.evaluate(() => document.getElementById('loading').hidden), true);
});

test('the loading screen shows only when the start is slow, and goes with the first frame', async () => {
  const context = await newContext({ viewport: { width: 800, height: 600 } });
  await context.addInitScript(() => {  // records each time the loading screen is shown or hidden
    window.loadingShown = [];
    new MutationObserver((changes) => {
      for (const c of changes) if (c.target.id === 'loading') window.loadingShown.push(!c.target.hidden);
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
  });
  // The .wasm held back for 2 s: far longer than the page waits before showing its loading screen.
  await context.route('**/capiton.wasm', async (route) => {
    await new Promise((done) => setTimeout(done, 2000));
    await route.continue();
  });
  const p = watch(await context.newPage());
  await p.goto(base);
  assert.equal(await p.evaluate(() => window.capiton.ready.then(() => false, () => true)), false, 'the app started');
  assert.deepEqual(await p.evaluate(() => window.loadingShown), [true, false], 'shown while waiting, hidden at the first frame');
  assert.equal(await p.evaluate(() => document.getElementById('loading').hidden), true);
  assert.match(await p.evaluate(() => document.getElementById('status').textContent), /Starting/);
  await context.close();
});

for (const [feature, script, pattern] of [
  ['WebGL 2', () => {
    const get = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
      return kind === 'webgl2' ? null : get.call(this, kind, ...rest);
    };
  }, /WebGL 2/],
  ['WebAssembly', () => { delete window.WebAssembly; }, /WebAssembly/],
  ['WebAssembly SIMD', () => { WebAssembly.validate = () => false; }, /WebAssembly SIMD/],
]) {
  test(`a browser without ${feature} gets a readable message`, async () => {
    const context = await newContext({ viewport: { width: 800, height: 600 } });
    const p = watch(await context.newPage());  // the page says why in its own text, never as an error
    await p.addInitScript(script);
    await p.goto(base);
    await p.waitForSelector('#fatal:not([hidden])');
    const text = await p.textContent('#fatal');
    assert.match(text, /cannot run in this browser/);
    assert.match(text, pattern);
    assert.match(await p.textContent('#fatal-text'), /\(version 16\.4 or later\) has it\.$/, 'one thing missing: "it"');
    // a page waiting on capiton.ready hears the same reason (it does not wait forever)
    const heard = await p.evaluate(() => window.capiton.ready.then(() => 'resolved', (e) => e.message));
    assert.equal(heard, await p.textContent('#fatal-text'));
    assert.match(heard, pattern);
    assert.equal(await p.evaluate(() => document.querySelector('script[src="capiton.js"]')), null);
    await p.screenshot({ path: join(OUT, `missing-${feature.replace(/\W+/g, '-')}.png`) });
  });
}

test('a Chinese browser without what capiton needs gets the message in Chinese', async () => {
  const context = await newContext({ viewport: { width: 800, height: 600 }, locale: 'zh-CN' });
  const p = watch(await context.newPage());
  await p.addInitScript(() => { delete window.WebAssembly; });
  await p.goto(base);
  await p.waitForSelector('#fatal:not([hidden])');
  assert.equal(await p.textContent('#fatal-title'), 'capiton 无法在这个浏览器里运行');
  assert.match(await p.textContent('#fatal-text'), /^它需要 WebAssembly，.*16\.4 及以上）都具备这项功能。$/);
  assert.equal(await p.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await p.title(), 'capiton — 注意力机制，一个数一个数地看');
  await p.screenshot({ path: join(OUT, 'missing-WebAssembly-zh.png') });
  // a link that asks for English is answered in English
  const q = watch(await context.newPage());
  await q.addInitScript(() => { delete window.WebAssembly; });
  await q.goto(base + '#lang=en');
  await q.waitForSelector('#fatal:not([hidden])');
  assert.equal(await q.textContent('#fatal-title'), 'capiton cannot run in this browser');
  assert.equal(await q.evaluate(() => document.documentElement.lang), 'en');
});

test('a file missing on the server: the page blames the upload, not the browser, in the page\'s language', async () => {
  for (const [locale, title, text] of [
    ['en-US', 'capiton could not start', /^capiton\.wasm is missing on the server \(HTTP 404\)\. Whoever put capiton on this site should upload all of its files again\.$/],
    ['zh-CN', 'capiton 未能启动', /^服务器上缺少 capiton\.wasm（HTTP 404）。把 capiton 放到这个网站上的人需要重新上传 capiton 的全部文件。$/]]) {
    const context = await newContext({ viewport: { width: 800, height: 600 }, locale, serviceWorkers: 'block' });
    await context.route('**/capiton.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    const p = watch(await context.newPage(), { expectedErrors: [NOT_FOUND] });
    await p.goto(base);
    await p.waitForSelector('#fatal:not([hidden])');
    assert.equal(await p.textContent('#fatal-title'), title);
    assert.match(await p.textContent('#fatal-text'), text);
    assert.match(await p.evaluate(() => window.capiton.ready.then(() => 'resolved', (e) => e.message)), text);
  }
  // the script missing too (a reload would not help either)
  const context = await newContext({ viewport: { width: 800, height: 600 }, locale: 'zh-CN', serviceWorkers: 'block' });
  await context.route('**/capiton.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const p = watch(await context.newPage(), { expectedErrors: [NOT_FOUND] });
  await p.goto(base);
  await p.waitForSelector('#fatal:not([hidden])');
  assert.equal(await p.textContent('#fatal-title'), 'capiton 未能启动');
  assert.match(await p.textContent('#fatal-text'), /^服务器上缺少 capiton\.js（HTTP 404）。/);
});

// At 1366×768 every stage in both languages; at 1920×1080 every third stage and the last, the language
// alternating (both languages still seen at that size, in a third of the time every stage took).
for (const [width, height, both] of [[1366, 768, true], [1920, 1080, false]]) {
  test(`${both ? 'every stage in both languages' : 'every third stage and the last in alternating languages'} at ${width}×${height} renders with its light background`, async () => {
    const p = await openPage(width, height);
    for (const l of LAYERS) await capiton(p, 'setLayer', l, true);
    for (const lang of ['en', 'zh']) {
      await capiton(p, 'setLanguage', lang);  // the default sentence follows the language
      for (const [i, stage] of STAGES.entries()) {
        const shown = i % 3 === 0 || i === STAGES.length - 1;  // and the last (poems)
        if (!both && (!shown || (i % 2 === 0) !== (lang === 'en'))) continue;
        await capiton(p, 'goTo', stage);
        await frames(p, 3);
        const v = await screenshot(p, `lang-${lang}-${width}x${height}-${stage}.png`);
        assert.ok(v > 50, `${lang} ${stage} looks blank (luminance variance ${v.toFixed(1)}; a blank canvas has 0)`);
      }
    }
  });
}

test('a 4K screen: the UI zooms 2×, the lesson renders in both languages, every widget inside the window', async () => {
  // laid out for 1920 × 1080 and zoomed 2×: a checkbox is twice as tall as on a 1366 × 768 page
  const small = await rect(await openPage(1366, 768), 'layer:qkv');
  const p = await openPage(3840, 2160);
  const big = await rect(p, 'layer:qkv');
  assert.ok(Math.abs(big.h - 2 * small.h) < 2, `checkbox ${big.h} px tall at 4K, ${small.h} px at 1366 × 768`);
  for (const l of LAYERS) await capiton(p, 'setLayer', l, true);
  const grids = { seq2seq: [], softmax: ['grid:weights', 'grid:apple_company'], output: ['grid:output', 'apple-plane'] };
  for (const lang of ['en', 'zh']) {
    for (const stage of lang === 'en' ? ['seq2seq', 'softmax'] : ['output']) {
      await capiton(p, 'setLanguage', lang);
      await capiton(p, 'goTo', stage);
      await frames(p, 4);
      for (const id of ['sentence', 'layer:qkv', ...grids[stage]]) {
        // (on a loaded machine the first Chinese 4K frames, a new atlas, can come after frames() returns:
        // rectangles are the last frame built's; seen once in CI-like runs)
        await until(async () => (await rect(p, id, { missingOk: true })) !== null);
        const r = await rect(p, id);
        assert.ok(r.x >= 0 && r.x + r.w <= 3840, `${id} fits across the 4K window (${JSON.stringify(r)})`);
      }
      const v = await screenshot(p, `4k-${lang}-${stage}.png`);
      assert.ok(v > 50, `4K ${lang} ${stage} renders`);
    }
  }
});

test('zoom matrix: devicePixelRatio 1, 2, 3, pinched in and out, English and Chinese, every pair of them: the glyph atlas fits the GPU, text is drawn', async () => {
  // one page per devicePixelRatio (it is the browser context's); language and pinch change in it.
  // Every pair of values is seen (each ratio with each language and each pinch, each language with
  // each pinch) in 6 of the 12 combinations, the largest atlas among them: ratio 3, pinched to 3×, Chinese.
  for (const dpr of [1, 2, 3]) {
    const p = await openPage(800, 600, { deviceScaleFactor: dpr, path: '#stage=softmax' });
    for (const lang of ['en', 'zh']) {
      assert.equal((await capiton(p, 'setLanguage', lang)).ok, true);
      const factor = (lang === 'en') === (dpr === 2) ? 3 : 0.5;
      assert.equal((await p.evaluate((f) => Module.capitonCommand('setPinch', { factor: f }), factor)).ok, true);
      await frames(p, 4);
      const a = await p.evaluate(() => Module.capitonCommand('fontAtlas', {}));
      const where = `dpr ${dpr}, pinch ${factor}, ${lang}: atlas ${a.width} × ${a.height}, raster scale ${a.rasterScale}`;
      assert.ok(a.maxTexture >= 2048, where);
      assert.ok(a.width > 0 && a.width <= a.maxTexture && a.height > 0 && a.height <= a.maxTexture, where);
      assert.ok(a.rasterScale >= 1 && a.rasterScale <= 4, where);
      if (lang === 'zh') assert.ok(a.chineseGlyphs > 100 && a.chineseGlyphs <= 3000, `${where}, ${a.chineseGlyphs} Chinese glyphs`);
      const v = await screenshot(p, `zoom-${dpr}-${factor}-${lang}.png`);
      assert.ok(v > 50, `${where}: the page looks blank (luminance variance ${v.toFixed(1)})`);
    }
    await p.context().close();
  }
  // out of range: refused, nothing changes
  const p = await openPage(800, 600);
  assert.equal((await p.evaluate(() => Module.capitonCommand('setPinch', { factor: 9 }))).ok, false);
});

test('the glyph set is bounded: thousands of different Chinese sentences leave at most 3,000 glyphs in the atlas', async () => {
  const p = await openPage(800, 600, { path: '#lang=zh' });
  // 56 sentences of 60 different characters: 3,300 the Chinese font has (the bound is 3,000: glyphs the
  // font lacks are never kept, so only these can reach it), then 60 it lacks
  const has = fontCodePoints(readFileSync(join(DIR, 'capiton-zh.ttf'))).filter((c) => c >= 0x4E00 && c <= 0x9FFF);
  assert.ok(has.length >= 3300, `the Chinese font has ${has.length} ideographs`);
  const lacks = Array.from({ length: 0x9FFF - 0x4E00 }, (_, i) => 0x4E00 + i).filter((c) => !has.includes(c));
  const chars = [...has.slice(0, 3300), ...lacks.slice(0, 60)];
  for (let k = 0; k < chars.length / 60; k++) {
    const text = String.fromCodePoint(...chars.slice(k * 60, k * 60 + 60));
    assert.equal((await capiton(p, 'setSentence', text)).ok, true);
    await frames(p, 2);
  }
  const a = await p.evaluate(() => Module.capitonCommand('fontAtlas', {}));
  assert.ok(a.chineseGlyphs <= 3000, `${a.chineseGlyphs} Chinese glyphs in the atlas`);
  assert.ok(a.height <= a.maxTexture, `atlas ${a.width} × ${a.height}`);
  await capiton(p, 'setSentence', '我在天空中看到一只鸟');
  await frames(p, 3);
  const v = await screenshot(p, 'glyphs-after-many-sentences.png');
  assert.ok(v > 50, 'text still drawn');
});

test('the browser language picks the first language', async () => {
  const p = await openPage(1000, 700, { locale: 'zh-CN' });
  const s = await state(p);
  assert.equal(s.lang, 'zh');
  assert.equal(s.sentence, '我在天空中看到一只鸟');
  await screenshot(p, 'browser-zh-first-visit.png');
});

test('Chinese glyphs: an English first frame does not fetch the Chinese font; Chinese on screen fetches it and draws it', async () => {
  const FONT = 'capiton-zh.ttf';
  const open = async (hash, { locale = 'en-US', block = false, portal = false } = {}) => {
    const context = await newContext({ viewport: { width: 1366, height: 768 }, locale, serviceWorkers: 'block' });
    if (block) await context.route('**/' + FONT, (route) => route.fulfill({ status: 404, body: 'gone' }));
    // a network that answers every request with its sign-in page (a captive portal)
    if (portal) await context.route('**/' + FONT, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Sign in to the network</title><p>Accept the terms.</p>' }));
    // a refused file: the browser logs the 404 itself
    const p = watch(await context.newPage(), { expectedErrors: block ? [NOT_FOUND] : [] });
    p.fontRequests = 0;
    p.on('request', (r) => { if (r.url().endsWith('/' + FONT)) p.fontRequests++; });
    await p.goto(base + hash);
    await p.evaluate(() => window.capiton.ready);
    p.fontsAtReady = p.fontRequests;
    await frames(p, 3);
    return p;
  };
  const view = { clip: { x: 0, y: 0, width: 1366, height: 520 } };  // the header, the stage's texts and grids

  // English: the first frame and an English stage never ask for the file
  const en = await open('');
  assert.equal(en.fontsAtReady, 0);
  await capiton(en, 'goTo', 'softmax');
  await frames(en, 3);
  assert.equal(en.fontRequests, 0, 'an English page does not fetch the Chinese font');
  // switching to Chinese fetches it once, and the texts are drawn with it
  await capiton(en, 'setLanguage', 'zh');
  await until(async () => en.fontRequests === 1);
  await until(async () => (await en.evaluate(() => performance.getEntriesByName(new URL('capiton-zh.ttf', location.href).href).length)) === 1);
  await frames(en, 4);
  const switched = await en.screenshot(view);
  await capiton(en, 'setLanguage', 'en');
  await capiton(en, 'setLanguage', 'zh');
  await frames(en, 3);
  assert.equal(en.fontRequests, 1, 'fetched once');

  // A Chinese first visit: the file is fetched before the first frame, which shows Chinese at once
  const zh = await open('#stage=softmax&lang=zh');
  assert.equal(zh.fontsAtReady, 1);
  assert.equal((await state(zh)).lang, 'zh');
  const first = await zh.screenshot({ ...view, path: join(OUT, 'chinese-first-visit.png') });
  assert.equal((await differingPixels(zh, switched, first)).count, 0, 'the Chinese texts look the same however they came');

  // Without the file (a server that lost it: HTTP 404), Chinese would be "�" everywhere: the app turns to
  // English, a note over it says why in the language chosen, and the console has a warning
  const lost = await open('#stage=softmax&lang=zh', { block: true });
  assert.ok(warnings(lost).some((w) => /Chinese font could not be loaded/.test(w)), warnings(lost).join('\n'));
  await lost.waitForSelector('#notice:not([hidden])');
  assert.match(await lost.textContent('#notice-text'), /^服务器上缺少 capiton-zh\.ttf（HTTP 404），中文画不出来，所以 capiton 改用英文显示。/);
  await until(async () => (await state(lost)).lang === 'en');
  assert.equal((await state(lost)).stage, 'softmax', 'the app runs on');
  await frames(lost, 3);
  await lost.screenshot({ path: join(OUT, 'chinese-font-missing.png') });
  await lost.click('#notice-close');
  assert.equal(await lost.isHidden('#notice'), true, 'the note closes');

  // A page instead of the font (200, HTML): not handed to the font atlas; Chinese drawn without it
  const portal = await open('#stage=softmax&lang=zh', { portal: true });
  assert.ok(warnings(portal).some((w) => /Chinese font could not be loaded \(the file is not a font\)/.test(w)), warnings(portal).join('\n'));
  const without = await portal.screenshot(view);
  assert.ok((await differingPixels(portal, first, without)).count > 1000, 'the font makes the difference');
  assert.equal((await state(portal)).stage, 'softmax', 'the app runs on');

  // A font slower than the page's patience (6 s): the page is drawn without it meanwhile, then with it
  const context = await newContext({ viewport: { width: 1366, height: 768 }, serviceWorkers: 'block' });
  let release = null;
  const held = new Promise((ok) => { release = ok; });
  await context.route('**/' + FONT, async (route) => { await held; await route.continue(); });
  const slow = watch(await context.newPage());
  await slow.goto(base + '#stage=softmax&lang=zh');
  await slow.evaluate(() => window.capiton.ready);  // settles although the font has not come
  assert.ok(warnings(slow).some((w) => /Chinese font did not arrive within 6 s/.test(w)), warnings(slow).join('\n'));
  await frames(slow, 3);
  assert.equal((await differingPixels(slow, without, await slow.screenshot(view))).count, 0, 'drawn as without the font');
  release();
  await until(async () => (await slow.evaluate(() => performance.getEntriesByName(new URL('capiton-zh.ttf', location.href).href).length)) === 1);
  await frames(slow, 4);
  assert.equal((await differingPixels(slow, first, await slow.screenshot(view))).count, 0, 'then drawn with it, as on a fast visit');
});

test('every stage in both languages, on a tall screen, draws every character it writes: none falls back to "�" (the atlas adds what appears)', async () => {
  const p = await openPage(1366, 2400);  // most stages whole: what is scrolled away is not drawn
  const atlas = () => p.evaluate(() => Module.capitonCommand('fontAtlas', {}));
  // Letters capiton never writes itself come into the atlas when a sentence brings them: é Ł ó ź ï.
  const first = (await atlas()).glyphs;
  assert.equal((await capiton(p, 'setSentence', 'the café in Łódź is naïve')).ok, true);
  await capiton(p, 'goTo', 'scores');
  await frames(p, 3);
  const a = await atlas();
  assert.equal(a.fallbacks, 0, 'each letter drawn with its own glyph');
  assert.ok(a.glyphs > first, `${first} glyphs in the body face at the start, ${a.glyphs} with é Ł ó ź ï`);
  await screenshot(p, 'accented-sentence-scores.png');
  // The apple task's cloud (its legend's "●" is written as an escape in the code).
  assert.equal((await p.evaluate(() => Module.capitonCommand('trainUntil', { task: 'apple', until: 30 }))).ok, true);
  for (const lang of ['en', 'zh']) {
    assert.deepEqual(await capiton(p, 'setLanguage', lang), { ok: true });
    for (const stage of STAGES) {
      await capiton(p, 'goTo', stage);
      await frames(p, 3);
      const b = await atlas();
      assert.equal(b.fallbacks, 0, `${lang} ${stage}: ${b.fallbacks} glyph corners drawn as the fallback`);
    }
  }
  // A short Chinese sentence on the why stage is made up to its input length with Chinese characters the
  // sentence does not have: drawn too (on an English screen, whose atlas starts without them)
  await capiton(p, 'setLanguage', 'en');
  assert.equal((await capiton(p, 'setSentence', '我')).ok, true);
  await capiton(p, 'goTo', 'seq2seq');
  await frames(p, 3);
  const texts = await mirrorTexts(p);
  assert.ok(texts.some((t) => t.startsWith('我 然后')), texts.join(' | '));
  assert.equal((await atlas()).fallbacks, 0, 'the made-up characters are drawn with their glyphs');
});

test('characters that draw nothing (joiners, variation selectors) are not drawn as "�"; an emoji is one "�"', async () => {
  const p = await openPage(1366, 768);
  // The "�" drawn for the sentence's words: all of them, less those of the note beside the sentence
  // box that says why some characters are drawn so (it shows one itself).
  const NOTE = /^Characters drawn as “(\uFFFD)”/;
  const fallbacksWith = async (text) => {
    assert.equal((await capiton(p, 'setSentence', text)).ok, true);
    await frames(p, 3);
    const all = (await p.evaluate(() => Module.capitonCommand('fontAtlas', {}))).fallbacks;
    const texts = await mirrorTexts(p);
    const note = texts.find((t) => NOTE.test(t));
    return { words: all - (note ? note.split('\uFFFD').length - 1 : 0), note: !!note };
  };
  // The text variation selector after a plain word (the sentence box refuses zero-width spaces).
  assert.deepEqual(await fallbacksWith('the cat\uFE0E sat on the mat'), { words: 0, note: false });
  // A heart with and without U+FE0F (which asks for its colourful form): the same, one "�" a heart.
  const heart = await fallbacksWith('I \u2764 cats');
  assert.ok(heart.words > 0 && heart.note, 'the fonts have no emoji: the heart is drawn as the fallback, and the note says so');
  assert.deepEqual(await fallbacksWith('I \u2764\uFE0F cats'), heart);
  await screenshot(p, 'emoji-heart.png');
  // Two people joined by U+200D, one word where the heart was: two "�" wherever the heart had one.
  assert.equal((await fallbacksWith('I \u{1F468}\u200D\u{1F469} cats')).words, 2 * heart.words);
});

test('the longest sentence on a large screen: no stage puts 65,536 vertices in one draw list (16-bit indices)', async () => {
  const p = await openPage(1920, 1080);
  const words = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'in', 'sun'];
  const text = Array.from({ length: 64 }, (_, i) => words[i % words.length]).join(' ');  // the tokenizer's limit
  assert.deepEqual(await capiton(p, 'setSentence', text), { ok: true });
  assert.equal((await state(p)).tokens.length, 64);
  let most = 0;
  for (const stage of STAGES) {
    await capiton(p, 'goTo', stage);
    await frames(p, 3);
    const { vertices } = await p.evaluate(() => Module.capitonCommand('drawList', {}));
    assert.ok(vertices > 0 && vertices < 65536, `${stage}: ${vertices} vertices in one draw list`);
    most = Math.max(most, vertices);
  }
  assert.ok(most > 1000, `the largest draw list: ${most} vertices`);
});

test('dark theme: every stage renders on a dark background; bad values are refused', async () => {
  const p = await openPage();
  assert.deepEqual(await capiton(p, 'setTheme', 'dark'), { ok: true });
  assert.equal((await state(p)).theme, 'dark');
  for (const stage of STAGES) {
    await capiton(p, 'goTo', stage);
    await frames(p, 3);
    const v = await screenshot(p, `dark-${stage}.png`, { dark: true });
    assert.ok(v > 50, `dark ${stage} looks blank`);
  }
  for (const bad of ['Dark', '', null, 'light; x']) {
    const r = await capiton(p, 'setTheme', bad);
    assert.equal(r.ok, false);
  }
  assert.equal((await state(p)).theme, 'dark');
  assert.deepEqual(await capiton(p, 'setTheme', 'light'), { ok: true });
  await frames(p, 3);
  await screenshot(p, 'light-again.png');
});

test('a browser that prefers dark colours starts in the dark theme', async () => {
  const p = await openPage(1000, 700, { colorScheme: 'dark' });
  assert.equal((await state(p)).theme, 'dark');
  await frames(p, 3);
  await screenshot(p, 'prefers-dark-first-visit.png', { dark: true });
});
