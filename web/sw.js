// capiton's service worker: after the first visit the app works offline.
//
// The files of one build are cached under a name that carries the build's id (filled in at build
// time by cmake/stamp_sw.cmake from the files' checksums); a new build's worker caches its files when
// the browser installs it and drops the older caches when it takes over.
'use strict';
const BUILD = '@CAPITON_BUILD_ID@';
const CACHE = 'capiton-' + BUILD;
const FILES = ['./', 'index.html', 'embed.html', 'capiton.css', 'capiton-page.js', 'capiton.js', 'capiton.wasm',
               'capiton-zh.ttf'];  // the Chinese font, which a page fetches only when it shows Chinese
// The training worker is not part of the first download: cached once training has fetched it (offline
// before that, the page trains between frames instead).
const LATER = ['capiton-train-worker.js', 'capiton-train.js', 'capiton-train.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
      .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('capiton-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

// Network first: online, every visit gets the files the server has now (so a new build is picked up on
// the next visit) and the cache is refreshed with them; offline, the cache answers.
const CACHED = new Set(FILES.concat(LATER).map((f) => new URL(f, self.location.href).href));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  url.search = '';
  url.hash = '';
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && CACHED.has(url.href)) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.href, copy)));
        }
        return response;
      })
      .catch(() => caches.open(CACHE)
        .then((cache) => cache.match(url.href))
        .then((hit) => hit || Response.error())));
});
