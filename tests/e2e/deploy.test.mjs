// Deploys: scripts/dist's static folder (content-hashed names) runs as the built page does, and the
// service worker keeps to its own files and its own deployment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { DIR, capiton, newContext, ready, state, until, watch } from './harness.mjs';
import { makeDist } from '../../scripts/dist.mjs';
import { startServer } from '../../scripts/lib/static-server.mjs';

const KEPT = ['index.html', 'embed.html', 'sw.js', 'capiton-poems-GPL-3.txt', 'capiton-poems-NOTICE.txt', 'capiton-guide.html',
              'capiton-guide-zh.html'];

test('scripts/dist: every file but the pages and sw.js is named after its content, and nothing names an old name', () => {
  const out = mkdtempSync(join(tmpdir(), 'capiton-dist-'));
  try {
    makeDist(DIR, out);
    const files = readdirSync(out);
    for (const k of KEPT) assert.ok(files.includes(k), k);
    const hashed = files.filter((f) => !KEPT.includes(f));
    assert.equal(hashed.length, 9, hashed.join(', '));
    for (const f of hashed) {
      const m = /^([a-z-]+)\.([0-9a-f]{10})\.(wasm|js|css|ttf|bin|tsv)$/.exec(f);
      assert.ok(m, `${f} carries a hash`);
      const sha = createHash('sha256').update(readFileSync(join(out, f))).digest('hex');
      assert.ok(sha.startsWith(m[2]), `${f}: its name is its content's hash (${sha.slice(0, 10)})`);
    }
    for (const f of files.filter((f) => /\.(html|js)$/.test(f))) {
      const text = readFileSync(join(out, f), 'utf8');
      for (const plain of ['capiton.wasm', 'capiton.js', 'capiton-page.js', 'capiton-zh.ttf', 'capiton-train.js', 'capiton-train.wasm',
                           'capiton-train-worker.js', 'capiton.css']) {
        assert.ok(!text.includes(`'${plain}'`) && !text.includes(`"${plain}"`), `${f} still names ${plain}`);
      }
    }
    // the same build gives the same folder
    const again = mkdtempSync(join(tmpdir(), 'capiton-dist-'));
    makeDist(DIR, again);
    assert.deepEqual(readdirSync(again).sort(), files.sort());
    rmSync(again, { recursive: true, force: true });
    // written again over an earlier run's folder: its files replaced, an old build's hashed file gone
    writeFileSync(join(out, 'capiton.0123456789.wasm'), 'an older build');
    makeDist(DIR, out);
    assert.deepEqual(readdirSync(out).sort(), files.sort());
    // a failure (a page no longer naming a file) leaves the folder as it was
    const broken = mkdtempSync(join(tmpdir(), 'capiton-web-'));
    try {
      cpSync(DIR, broken, { recursive: true });
      writeFileSync(join(broken, 'sw.js'), readFileSync(join(broken, 'sw.js'), 'utf8').replaceAll('capiton-zh.ttf', 'renamed.ttf'));
      assert.throws(() => makeDist(broken, out), /does not name 'capiton-zh\.ttf' any more/);
      assert.deepEqual(readdirSync(out).sort(), files.sort());
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
    // a folder holding a course site's own files is refused, and left as it was
    const site = mkdtempSync(join(tmpdir(), 'capiton-site-'));
    try {
      writeFileSync(join(site, 'week1.html'), 'my course');
      writeFileSync(join(site, 'index.html'), 'my home page');
      assert.throws(() => makeDist(DIR, site), /holds files scripts\/dist did not write \(index\.html, week1\.html\); nothing was changed/);
      assert.deepEqual(readdirSync(site).sort(), ['index.html', 'week1.html']);
      assert.equal(readFileSync(join(site, 'index.html'), 'utf8'), 'my home page');
      rmSync(join(site, 'week1.html'));  // a name the folder would have, but no earlier run's sw.js
      assert.throws(() => makeDist(DIR, site), /holds files scripts\/dist did not write \(index\.html\)/);
      assert.equal(readFileSync(join(site, 'index.html'), 'utf8'), 'my home page');
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

// Two builds deployed side by side on one origin (/a/ and /b/, b with a changed page), beside a
// page of the site's own at the root.
test('two deployments on one origin: each runs (training worker, Chinese font) and keeps its own offline cache', async () => {
  const root = mkdtempSync(join(tmpdir(), 'capiton-site-'));
  const changed = mkdtempSync(join(tmpdir(), 'capiton-web-'));
  cpSync(DIR, changed, { recursive: true });
  writeFileSync(join(changed, 'index.html'), readFileSync(join(changed, 'index.html'), 'utf8').replace('</head>', '<style>html { --capiton-build: 2; }</style></head>'));
  makeDist(DIR, join(root, 'a'));
  makeDist(changed, join(root, 'b'));
  // only b's page changed: its service worker is a new build all the same
  const buildOf = (dir) => /const BUILD = '([^']*)'/.exec(readFileSync(join(root, dir, 'sw.js'), 'utf8'))[1];
  assert.notEqual(buildOf('a'), buildOf('b'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>the site</title><p>The site\'s own page.</p>');
  const server = await startServer(root, 0);
  const site = `http://127.0.0.1:${server.address().port}/`;
  const context = await newContext({ viewport: { width: 1024, height: 700 } });
  const errors = [];
  context.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    const p = watch(await context.newPage());
    for (const dir of ['a', 'b']) {
      await p.goto(`${site}${dir}/#stage=training`);
      await ready(p);
      await until(() => p.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated'));
      // the training worker, from its hashed files
      await p.evaluate(() => Module.capitonCommand('trainUntil', { task: 'apple', until: 20 }));
      await until(() => p.evaluate(() => Module.capitonCommand('trainingProgress', {}).step === 20), 60);
      assert.equal((await state(p)).trainingPlace, 'worker');
    }
    // Chinese in b's embed page: the hashed font arrives
    await p.goto(`${site}b/embed.html#lang=zh&stage=tokens`);
    await ready(p);
    await until(() => p.evaluate(() => !Module.chineseFontLoading));
    assert.equal(await p.evaluate(() => performance.getEntriesByType('resource').filter((e) => /capiton-zh\.[0-9a-f]{10}\.ttf$/.test(e.name)).length), 1);
    // both deployments keep their caches: b's update did not evict a's
    const keys = await p.evaluate(() => caches.keys());
    assert.equal(keys.filter((k) => k.startsWith(`capiton ${site}a/ `)).length, 1, keys.join(' | '));
    assert.equal(keys.filter((k) => k.startsWith(`capiton ${site}b/ `)).length, 1, keys.join(' | '));
    // offline, each runs from its own cache, b with its own page
    await context.setOffline(true);
    for (const [dir, mark] of [['a', ''], ['b', '2']]) {
      await p.goto(`${site}${dir}/`);
      await ready(p);
      assert.equal(await p.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--capiton-build').trim()), mark);
      await capiton(p, 'goTo', 'softmax');
      assert.equal((await state(p)).stage, 'softmax');
    }
  } finally {
    await context.close();
    server.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(changed, { recursive: true, force: true });
  }
  assert.deepEqual(errors, []);
});

// The service worker's script run in node, in a stand-in for its global scope: which requests it
// answers, and which caches it deletes when it takes over.
function loadServiceWorker(scope) {
  const handlers = {};
  const deleted = [];
  const sandbox = {
    self: {
      location: new URL('sw.js', scope),
      registration: { scope },
      addEventListener: (type, f) => { handlers[type] = f; },
      skipWaiting: () => Promise.resolve(),
      clients: { claim: () => Promise.resolve() },
    },
    caches: {
      keys: async () => [`capiton ${scope} old-build`, `capiton ${scope} @CAPITON_BUILD_ID@`, 'capiton http://other.test/b/ x', 'site-cache'],
      delete: async (k) => { deleted.push(k); return true; },
      open: async () => ({ addAll: async () => {}, put: async () => {}, match: async () => undefined }),
    },
    fetch: async () => ({ ok: true, clone() { return this; } }),
    Request: class { constructor(u) { this.url = u; } },
    Response: { error: () => 'error' },
    URL, Set, Promise,
  };
  sandbox.self.caches = sandbox.caches;
  vm.runInNewContext(readFileSync(join(DIR, 'sw.js'), 'utf8').replace(/const BUILD = '[^']*'/, "const BUILD = '@CAPITON_BUILD_ID@'"), sandbox);
  return { handlers, deleted };
}

test('the service worker answers only capiton\'s own files, and deletes only its own deployment\'s old caches', async () => {
  const scope = 'http://site.test/';  // deployed at a site's root
  const { handlers, deleted } = loadServiceWorker(scope);
  const answered = (url, method = 'GET') => {
    let called = false;
    handlers.fetch({ request: { url, method }, respondWith: () => { called = true; }, waitUntil: () => {} });
    return called;
  };
  for (const own of ['', 'index.html', 'embed.html', 'capiton.js', 'capiton.wasm', 'capiton-zh.ttf', 'capiton-train.wasm', 'capiton.js?x=1']) {
    assert.ok(answered(scope + own), `${own || 'the scope itself'} is answered`);
  }
  for (const other of ['about.html', 'blog/', 'api/data.json', 'capiton.js.map', 'sub/capiton.js']) {
    assert.ok(!answered(scope + other), `${other} is left to the browser`);
  }
  assert.ok(!answered(scope + 'capiton.js', 'POST'));
  let done;
  handlers.activate({ waitUntil: (promise) => { done = promise; } });
  await done;
  assert.deepEqual(deleted, [`capiton ${scope} old-build`]);
});

test('the static server refuses what it cannot use: unknown arguments, a port that is no number, a missing folder', () => {
  const server = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/lib/static-server.mjs');
  const run = (...args) => spawnSync(process.execPath, [server, ...args], { encoding: 'utf8', timeout: 20000 });
  for (const [args, said] of [[[DIR, '--bogus'], /unknown argument --bogus/], [[DIR, '--port=x'], /--port wants a number/],
                              [[DIR, '--port='], /--port wants a number/], [[DIR, '--port', '70000'], /--port wants a number/],
                              [[DIR, '--port'], /--port wants a number/], [[join(DIR, 'nowhere')], /is not a folder/], [[], /usage:/]]) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: exit 2`);
    assert.match(r.stderr, said, args.join(' '));
  }
  const help = run('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--port N/);
});
