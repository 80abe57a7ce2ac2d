// capiton's training worker (see src/app/train_worker.cpp): the core alone, stepping the page's
// training without waiting for frames. Messages in: a list of requests (core/training_wire.h), all
// applied before it trains again. Out:
// {snapshot: JSON text} a few times a second while training (and after every request), or
// {unavailable: reason} when the core could not start here.
'use strict';
const SNAPSHOT_EVERY_MS = 200;  // a few snapshots a second: the page redraws from each
const SLICE_MS = 25;            // training between two looks at the message queue

const pending = [];
let ready = false, looping = false, lastSnapshot = 0;

function post() {
  lastSnapshot = performance.now();
  postMessage({ snapshot: Module.UTF8ToString(Module._worker_snapshot()) });
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

// Zero-delay turns of the event loop (setTimeout would wait at least 4 ms after a few rounds).
const channel = new MessageChannel();
channel.port1.onmessage = loop;
function loop() {
  if (Module._worker_busy()) Module._worker_run(SLICE_MS);
  const busy = Module._worker_busy();
  // When the run ends (or pauses itself at its step), the page hears it at once.
  if (!busy || performance.now() - lastSnapshot >= SNAPSHOT_EVERY_MS) post();
  if (busy) channel.port2.postMessage(0);
  else looping = false;
}

function handle(requests) {
  for (const r of requests) request(r);
  post();
  if (!looping && Module._worker_busy()) {
    looping = true;
    channel.port2.postMessage(0);
  }
}

self.onmessage = (event) => {
  if (ready) handle(event.data);
  else pending.push(event.data);
};

self.Module = {
  print: (text) => console.log(text),
  printErr: (text) => console.warn(text),
  onRuntimeInitialized() {
    ready = true;
    for (const r of pending.splice(0)) handle(r);
  },
  onAbort(what) { postMessage({ unavailable: String(what) }); },
};
try {
  importScripts('capiton-train.js');
} catch (e) {
  postMessage({ unavailable: e.message });
}
