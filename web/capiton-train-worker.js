// capiton's training worker (see src/app/train_worker.cpp): the core alone, stepping the page's
// training without waiting for frames. Messages in: a list of requests (core/training_wire.h), all
// applied before it trains again. Out:
// {snapshot: JSON text} a few times a second while training, after each step of a paced run and after
// every request, or
// {unavailable: reason} when the core could not start here. The poem model's texts
// (capiton-poems-train.tsv, capiton-poems-held.tsv) are fetched before its first request is applied.
'use strict';
// How long a turn trains between two looks at the message queue, from the core once it runs
// (TrainingWorker::kSliceMs, training_wire.h); when to wait and to post, the core says each turn.
let SLICE_MS = 0;

const pending = [];
let ready = false, looping = false, lastSnapshot = 0;
let timer = 0;  // a turn waiting for a paced run's next step
let poemTexts = null;  // null: not asked for; a Promise while fetching; true once handed over (or failed)

function post() {
  lastSnapshot = performance.now();
  postMessage({ snapshot: Module.UTF8ToString(Module._worker_snapshot()) });
}

function passText(text) {  // a string on the module's heap (the caller frees it)
  const n = Module.lengthBytesUTF8(text) + 1;
  const ptr = Module._malloc(n);
  if (ptr) Module.stringToUTF8(text, ptr, n);
  return ptr;
}

function fetchPoemTexts() {
  const get = (name) => fetch(name).then((r) => {
    if (!r.ok) throw new Error(name + ': HTTP ' + r.status);
    return r.text();
  });
  return Promise.all([get('capiton-poems-train.tsv'), get('capiton-poems-held.tsv')]).then(([train, held]) => {
    const a = passText(train), b = passText(held);
    if (a && b) Module._worker_poems_corpus(a, b);
    else Module._worker_poems_failed(passText('out of memory'));
    if (a) Module._free(a);
    if (b) Module._free(b);
  }, (e) => {
    const p = passText(String(e.message).slice(0, 200));
    Module._worker_poems_failed(p);
    if (p) Module._free(p);
  }).then(() => { poemTexts = true; });
}

function request(r) {
  const text = JSON.stringify(r);
  const n = Module.lengthBytesUTF8(text) + 1;
  const ptr = Module._malloc(n);
  if (!ptr) { console.warn('capiton training: out of memory; a request was dropped.'); return; }
  Module.stringToUTF8(text, ptr, n);
  const error = Module.UTF8ToString(Module._worker_request(ptr));
  Module._free(ptr);
  if (error) console.warn('capiton training: ' + error);
}

// Zero-delay turns of the event loop (setTimeout would wait at least 4 ms after a few rounds); a
// timer when a paced run owes no step yet.
const channel = new MessageChannel();
channel.port1.onmessage = loop;
function loop() {
  timer = 0;
  if (Module._worker_busy()) Module._worker_run(SLICE_MS);
  const busy = Module._worker_busy();
  // When the run ends (or pauses itself at its step), the page hears it at once.
  if (Module._worker_snapshot_due(performance.now() - lastSnapshot)) post();
  if (!busy) {
    looping = false;
    return;
  }
  const wait = Module._worker_wait_ms();
  if (wait > 0) timer = setTimeout(loop, wait);
  else channel.port2.postMessage(0);
}

function handle(requests) {
  for (const r of requests) request(r);
  post();
  if (timer) {  // a request (another pace, a pause) is not kept waiting for a paced step
    clearTimeout(timer);
    timer = 0;
    channel.port2.postMessage(0);
  }
  if (!looping && Module._worker_busy()) {
    looping = true;
    channel.port2.postMessage(0);
  }
}

// Messages wait in order while the poem texts are on their way.
function receive(requests) {
  if (poemTexts === null && requests.some((r) => r && r.op === 'poems')) poemTexts = fetchPoemTexts();
  if (poemTexts instanceof Promise) {
    pending.push(requests);
    poemTexts.then(() => { for (const r of pending.splice(0)) handle(r); });
    return;
  }
  handle(requests);
}

self.onmessage = (event) => {
  if (ready) receive(event.data);
  else pending.push(event.data);
};

self.Module = {
  print: (text) => console.log(text),
  printErr: (text) => console.warn(text),
  onRuntimeInitialized() {
    SLICE_MS = Module._worker_slice_ms();
    ready = true;
    for (const r of pending.splice(0)) receive(r);
  },
  onAbort(what) { postMessage({ unavailable: String(what) }); },
};
try {
  importScripts('capiton-train.js');
} catch (e) {
  postMessage({ unavailable: e.message });
}
