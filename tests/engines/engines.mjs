// The two other engines behind one small interface, for the smoke suite (smoke.mjs):
//   firefox  Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core
//   webkit   Debian's WebKitGTK (MiniBrowser), driven over WebDriver classic by selenium-webdriver
//            through WebKitWebDriver (webkit2gtk-driver)
// Both need a display (headless Firefox offers no WebGL here): run under xvfb-run, one display for
// both at least 2,600 pixels wide: Firefox's window on the left, WebKit's from x = 1400.
//
// launch(engine) gives a browser with open(url, {width, height}) → a page:
//   goto(url)                 loads another address in the same tab
//   evaluate(fn, arg)         runs fn(arg) in the page (async allowed), returns its JSON value; non-finite
//                             numbers come back as numbers
//   evaluateIn(part, fn, arg) the same in the iframe whose address contains `part`
//   key(name)                 presses and releases a key ('ArrowRight', 'ArrowLeft'), frames drawn between
//   click(x, y)               a mouse click at CSS pixels (x, y) of the viewport, frames drawn between
//                             moving, pressing and releasing (ImGui needs them on different frames)
//   screenshot()              a PNG of the viewport (Buffer)
//   problems()                console errors and uncaught errors so far, of the page and its frames
//   warnings()                console warnings so far, of the page and its frames
// and crashes() (how many times the engine reported that a page's process died: WebKitGTK's web
// process was seen to crash once in CI, loading the course page's three views; see smoke.mjs) and
// close(), which ends the browser and every process it started, even when the engine no longer answers.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import puppeteer from 'puppeteer-core';
import webdriver from 'selenium-webdriver';

export const FIREFOX = '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// Written first into every HTML page served to WebKit (static-server's `head`): WebDriver classic has
// no console events, so the page keeps its console errors, uncaught errors, unhandled rejections and
// resources that failed to load in window.__capitonProblems, read by problems(), and its console
// warnings in window.__capitonWarnings. (Messages the engine itself logs without console.error or
// console.warn, such as WebGL warnings, are not seen this way.)
export const PROBLEMS_SCRIPT = `<script>(function () {
  var found = window.__capitonProblems = [], warned = window.__capitonWarnings = [];
  var error = console.error, warn = console.warn;
  console.error = function () {
    found.push('console error: ' + Array.prototype.map.call(arguments, String).join(' '));
    return error.apply(console, arguments);
  };
  console.warn = function () {
    warned.push(Array.prototype.map.call(arguments, String).join(' '));
    return warn.apply(console, arguments);
  };
  addEventListener('error', function (e) {
    var t = e.target;
    found.push(t && t !== window && t.tagName ? 'failed to load: ' + (t.src || t.href || t.tagName) : 'page error: ' + e.message);
  }, true);
  addEventListener('unhandledrejection', function (e) {
    found.push('unhandled rejection: ' + (e.reason && e.reason.message || e.reason));
  });
})();</script>`;

// JSON both ways, non-finite numbers as strings (masked cells are -Infinity).
const REPLACER = "(k, v) => typeof v === 'number' && !Number.isFinite(v) ? '\\u0000' + v : v";
const revive = (text) => JSON.parse(text, (k, v) => (typeof v === 'string' && v.startsWith('\u0000') ? Number(v.slice(1)) : v));
// An expression whose value is a Promise of the JSON text of fn(arg), or of {__error} when it threw.
const expression = (fn, arg) =>
  `Promise.resolve().then(() => (${fn})(${JSON.stringify(arg)})).then((v) => JSON.stringify({ v }, ${REPLACER}),` +
  ` (e) => JSON.stringify({ __error: String(e && e.stack || e) }))`;
const result = (text) => {
  const r = revive(text);
  if ('__error' in r) throw new Error(`in the page: ${r.__error}`);
  return r.v;
};

const waitFrames = (n) => new Promise((ok) => {
  const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : ok(true));
  step(n);
});

export async function launch(engine) {
  if (engine === 'firefox') return launchFirefox();
  if (engine === 'webkit') return launchWebKit();
  throw new Error(`unknown engine ${engine}`);
}

// --- Firefox ESR over WebDriver BiDi (puppeteer-core) ------------------------------------------------
async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: false, protocolTimeout: 120000,
    args: ['--width=1200', '--height=900'],  // the left of the display, beside WebKit's window (below)
    extraPrefsFirefox: { 'intl.accept_languages': 'en-US', 'intl.locale.requested': 'en-US' },
  });
  let crashes = 0, closing = false;
  browser.on('disconnected', () => { if (!closing) crashes++; });
  return {
    version: `Firefox ${(await browser.version()).replace(/^firefox\//, '')}`,
    async open(url, { width, height }) {
      const p = await browser.newPage();
      await p.setViewport({ width, height });
      const found = [], warned = [];
      p.on('console', (m) => {
        if (m.type() === 'error') found.push(`console error: ${m.text()}`);
        if (m.type() === 'warn' || m.type() === 'warning') warned.push(m.text());
      });
      p.on('pageerror', (e) => found.push(`page error: ${e.message}`));
      p.on('error', () => { crashes++; });  // puppeteer: the page crashed
      // (Chromium logs a failed load as a console error; Firefox does not)
      p.on('requestfailed', (r) => found.push(`failed to load: ${r.url()}`));
      p.on('response', (r) => { if (r.status() >= 400) found.push(`failed to load: ${r.url()} (HTTP ${r.status()})`); });
      const frameOf = (part) => {
        const f = p.frames().find((x) => x.url().includes(part));
        if (!f) throw new Error(`no frame at *${part}* among ${p.frames().map((x) => x.url()).join(', ')}`);
        return f;
      };
      const page = {
        goto: (u) => p.goto(u),
        evaluate: async (fn, arg) => result(await p.evaluate(expression(fn, arg))),
        evaluateIn: async (part, fn, arg) => result(await frameOf(part).evaluate(expression(fn, arg))),
        async key(name) {
          await p.keyboard.down(name);
          await page.evaluate(waitFrames, 2);
          await p.keyboard.up(name);
          await page.evaluate(waitFrames, 2);
        },
        async click(x, y) {
          await p.mouse.move(x, y);
          await page.evaluate(waitFrames, 2);
          await p.mouse.down();
          await page.evaluate(waitFrames, 2);
          await p.mouse.up();
          await page.evaluate(waitFrames, 2);
        },
        screenshot: async () => Buffer.from(await p.screenshot({ encoding: 'binary' })),
        problems: async () => found.splice(0),
        warnings: async () => warned.slice(),
      };
      await page.goto(url);
      return page;
    },
    crashes: () => crashes,
    close: () => { closing = true; return browser.close(); },
  };
}

// --- WebKitGTK over WebDriver classic (selenium-webdriver, WebKitWebDriver) --------------------------
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

async function launchWebKit() {
  // The driver is started here on loopback: selenium's own service helper made it listen on every
  // address of the machine.
  // The driver leads a process group of its own, which MiniBrowser and WebKit's network and web
  // processes join: close() ends the whole group. (After its web process crashed, MiniBrowser started
  // another that outlived the session; holding this process's stderr, it kept the test run waiting
  // until CTest's timeout.) What they print is passed on, and read for MiniBrowser's crash warning.
  const port = await freePort();
  const driverProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'],
                              { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let crashes = 0;
  driverProcess.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    if (String(chunk).includes('WebProcess CRASHED')) crashes++;
  });
  // Once: at close(), at the end of this process (also when the tests end in a failure) or on Ctrl+C
  // (the group is not in the terminal's), never again after (a group id can be reused).
  let ended = false;
  const onSignal = () => { endGroup(); process.exit(130); };
  const endGroup = () => {
    if (ended) return;
    ended = true;
    try { process.kill(-driverProcess.pid, 'SIGKILL'); } catch (e) { /* already gone */ }
    driverProcess.stderr.destroy();
    process.removeListener('exit', endGroup);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.once('exit', endGroup);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const server = `http://127.0.0.1:${port}`;
  let d, caps;
  try {  // a start that fails part way ends what it started
    for (let i = 0; ; i++) {
      try { if ((await fetch(`${server}/status`)).ok) break; } catch (e) { /* not listening yet */ }
      if (i > 100 || driverProcess.exitCode !== null) throw new Error(`${WEBKIT_DRIVER} did not start`);
      await new Promise((ok) => setTimeout(ok, 100));
    }
    d = await new webdriver.Builder().usingServer(server).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build();
    await d.manage().setTimeouts({ script: 120000, pageLoad: 120000 });
    caps = await d.getCapabilities();
  } catch (e) {
    endGroup();
    throw e;
  }
  const run = async (fn, arg) =>
    result(await d.executeAsyncScript(`const done = arguments[arguments.length - 1]; (${expression(fn, arg)}).then(done);`));
  const inFrame = async (element, body) => {
    await d.switchTo().frame(element);
    try { return await body(); } finally { await d.switchTo().defaultContent(); }
  };
  const frameOf = async (part) => {
    for (const f of await d.findElements(webdriver.By.css('iframe'))) if ((await f.getAttribute('src')).includes(part)) return f;
    throw new Error(`no frame at *${part}*`);
  };
  const readProblems = () => (window.__capitonProblems || ['the problems script is missing']).splice(0);
  const readWarnings = () => (window.__capitonWarnings || []).slice();
  // What `read` returns in the page and in each of its frames (marked with the frame's address).
  const fromAllFrames = async (read) => {
    const found = await run(read);
    for (const f of await d.findElements(webdriver.By.css('iframe'))) {
      const src = await f.getAttribute('src');
      found.push(...(await inFrame(f, () => run(read))).map((m) => `${m} (in the frame ${src})`));
    }
    return found;
  };
  return {
    version: `WebKitGTK ${caps.get('browserVersion')}`,
    async open(url, { width, height }) {
      // Beside Firefox's window when both run in one display (see the top of this file): a WebKit window under
      // another one missed clicks.
      await d.manage().window().setRect({ x: 1400, y: 0, width, height });
      const page = {
        goto: (u) => d.get(u),
        evaluate: run,
        evaluateIn: async (part, fn, arg) => inFrame(await frameOf(part), () => run(fn, arg)),
        async key(name) {
          const named = { ArrowRight: 'ARROW_RIGHT', ArrowLeft: 'ARROW_LEFT', Enter: 'ENTER', Tab: 'TAB' }[name];
          const k = named ? webdriver.Key[named] : name;  // one character stands for itself
          await d.actions({ async: true }).keyDown(k).perform();
          await run(waitFrames, 2);
          await d.actions({ async: true }).keyUp(k).perform();
          await run(waitFrames, 2);
        },
        async click(x, y) {
          await d.actions({ async: true }).move({ x: Math.round(x), y: Math.round(y), origin: webdriver.Origin.VIEWPORT }).perform();
          await run(waitFrames, 2);
          await d.actions({ async: true }).press().perform();
          await run(waitFrames, 2);
          await d.actions({ async: true }).release().perform();
          await run(waitFrames, 2);
        },
        screenshot: async () => Buffer.from(await d.takeScreenshot(), 'base64'),
        problems: () => fromAllFrames(readProblems),
        warnings: () => fromAllFrames(readWarnings),
      };
      await page.goto(url);
      return page;
    },
    crashes: () => crashes,
    async close() {
      // quit() is given 10 s: a driver whose browser died may not answer
      const late = new Promise((ok) => setTimeout(ok, 10000).unref());
      try { await Promise.race([d.quit(), late]); } catch (e) { /* ended anyway, below */ }
      endGroup();
    },
  };
}
