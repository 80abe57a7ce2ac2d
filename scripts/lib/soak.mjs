// Long runs against a loaded capiton page (a playwright page with window.capiton ready), shared by
// the soak test (tests/e2e/soak.test.mjs, bounded) and the soak benchmark (bench/soak.mjs, longer).

// Sentences of every kind the box takes: English, Chinese, Hangul, emoji, mixed, and odd spacing.
// Made from a counter, so that every one differs (new words, new glyphs) and a run is repeatable.
export function sentence(i) {
  const cjk = (k, n) => Array.from({ length: n }, (_, j) => String.fromCodePoint(0x4E00 + ((k * 7 + j * 13) % 20902))).join('');
  const hangul = (k, n) => Array.from({ length: n }, (_, j) => String.fromCodePoint(0xAC00 + ((k * 5 + j * 11) % 11172))).join('');
  switch (i % 6) {
    case 0: return `the bird ${i} saw a sky over river ${i % 97}`;
    case 1: return `我在天空中看到${cjk(i, 3)}只鸟${i % 10}`;
    case 2: return `${hangul(i, 4)} ${hangul(i + 1, 3)} 새 ${i}`;
    case 3: return `apples 🍎 and phones 📱 number ${i} 👩‍💻`;
    case 4: return `I love 北京 and ${cjk(i, 2)} ${i}`;
    default: return `  spaced   words\t${i}  `;
  }
}

// Links of every kind, good and bad, each different.
export function fragment(i) {
  const stages = ['tokens', 'scores', 'softmax', 'output', 'heads', 'decode', 'nope'];
  switch (i % 4) {
    case 0: return `#stage=${stages[i % stages.length]}&dk=${[2, 4, 8, 3][i % 4]}`;
    case 1: return `#s=${encodeURIComponent(sentence(i))}&lang=${i % 8 ? 'en' : 'zh'}`;
    case 2: return '#' + Array.from({ length: 40 }, (_, j) => `k${j}=${i}`).join('&');  // 40 unknown keys
    default: return `#t=${(i % 50) / 10}&tok=${i % 9}&mask=${i % 2 ? 'causal' : 'none'}&s=%E0%A4`;  // a bad escape
  }
}

// The page's memory: the .wasm heap (bytes; it never shrinks, so any growth shows) and the JS heap
// after a full garbage collection (bytes, through the DevTools protocol).
export async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const js = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const wasm = await page.evaluate(() => Module.HEAP8.length);
  return { wasm, js };
}

// Waits for `count` animation frames in the page.
export function frames(page, count) {
  return page.evaluate((k) => new Promise((ok) => {
    const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : ok());
    step(k);
  }), count);
}

// Sets `count` sentences from `start` through the hook, a few frames every 50 (so that the screen,
// and with it the glyph atlas, follows). Returns how many the app refused (with a reason).
export async function sentences(page, start, count) {
  let refused = 0;
  for (let i = start; i < start + count; i += 50) {
    const batch = Array.from({ length: Math.min(50, start + count - i) }, (_, k) => sentence(i + k));
    refused += await page.evaluate((list) => list.filter((s) => !window.capiton.setSentence(s).ok).length, batch);
    await frames(page, 2);
  }
  return refused;
}

// Changes the page's address fragment `count` times from `start` (each a hashchange the app applies).
export async function hashChanges(page, start, count) {
  for (let i = start; i < start + count; i += 20) {
    const batch = Array.from({ length: Math.min(20, start + count - i) }, (_, k) => fragment(i + k));
    await page.evaluate((list) => new Promise((ok) => {
      const next = (k) => {  // one at a time: each hashchange is applied before the next is set
        if (k === list.length) { ok(); return; }
        let done = false;
        const go = () => { if (!done) { done = true; window.removeEventListener('hashchange', go); next(k + 1); } };
        window.addEventListener('hashchange', go);
        setTimeout(go, 500);  // the app's own address already equal to it: no event comes
        location.hash = list[k];
      };
      next(0);
    }), batch);
    await frames(page, 1);
  }
}
