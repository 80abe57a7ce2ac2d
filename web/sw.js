// capiton's service worker: after the first visit the app works offline.
//
// What it keeps, and how it stays out of the way:
// - One build at a time, all of it or none: the browser installs this worker only once every file of
//   FILES is in a new cache (Cache.addAll fails as a whole), under a name carrying the build's id
//   (filled in at build time by cmake/stamp_sw.cmake, or by scripts/dist). Nothing else writes to that
//   cache, except the files of LATER (the training worker, the poem model's files, the guides), each
//   cached when a page first fetches it. With
//   scripts/dist's content-hashed names a page can never pair files of two builds at all.
// - Only capiton's own files: any other address in its scope (say capiton is deployed at a site's
//   root, beside the site's own pages) is not answered here; the browser fetches it as usual.
// - Its own deployment only: cache names carry the scope, so two capitons on one origin (/a/ and /b/)
//   never delete each other's caches when one of them updates.
'use strict';
const BUILD = '@CAPITON_BUILD_ID@';
const SCOPE = self.registration ? self.registration.scope : new URL('./', self.location.href).href;
const PREFIX = 'capiton ' + SCOPE + ' ';
const CACHE = PREFIX + BUILD;
const FILES = ['./', 'index.html', 'embed.html', 'capiton.js', 'capiton.wasm',
               'capiton-zh.ttf'];  // the Chinese font, which a page fetches only when it shows Chinese
// Not part of the first download, cached once a page has fetched them: the training worker (offline
// before that, the page trains between frames instead), the poem model's preset (fetched when the poems
// stage is first shown), its texts (fetched by the worker when the poem model first trains) and the
// guide for course pages (opened from the share popup).
const LATER = ['capiton-train-worker.js', 'capiton-train.js', 'capiton-train.wasm', 'capiton-poems-gpt.bin',
               'capiton-poems-train.tsv', 'capiton-poems-held.tsv', 'capiton-guide.html', 'capiton-guide-zh.html'];

const address = (f) => new URL(f, self.location.href).href;
const OWN = new Set(FILES.concat(LATER).map(address));
const KEPT_LATER = new Set(LATER.map(address));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
      .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

// Network first: online, every visit gets the files the server has now (so a new build is picked up on
// the next visit); offline, this build's cache answers.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (!OWN.has(url.href)) return;  // not capiton's: the browser's own fetch, untouched
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && KEPT_LATER.has(url.href)) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.href, copy)));
        }
        return response;
      })
      .catch(() => caches.open(CACHE)
        .then((cache) => cache.match(url.href))
        .then((hit) => hit || Response.error())));
});
