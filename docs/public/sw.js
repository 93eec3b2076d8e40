/* ActLab offline service worker (issue 7, section 7).
 *
 * precache-manifest.js (written next to this file by scripts/precache-manifest.mjs
 * after every site build) sets self.ACTLAB_PRECACHE = { version, files }: every
 * file of the build output, relative to this worker's folder, and a version
 * derived from their content hashes. A new build changes that imported script,
 * so the browser installs a new worker, which fills a cache named after the new
 * version and deletes the older ActLab caches once it activates.
 *
 * Requests: same-origin GETs inside the scope are answered cache-first with a
 * network fallback; page navigations ignore the query (widget state lives there)
 * and find "x/" as "x/index.html" and "x" as "x.html". Everything else is left
 * to the browser. No eval, no external hosts: it runs under the strict CSP.
 */
/* eslint-env serviceworker */
'use strict';

importScripts('precache-manifest.js');

var CACHE_PREFIX = 'actlab-precache-';
var manifest = self.ACTLAB_PRECACHE || { version: 'none', files: [] };
var CACHE_NAME = CACHE_PREFIX + manifest.version;
var scope = new URL(self.registration.scope);

function absolute(path) {
  return new URL(path, scope).href;
}

// The precache runs one file at a time with a pause after each, at low priority. All
// at once (cache.addAll) it competed with the page's own start-up for the CPU: on a
// 2-core machine it was most of the blocking time Lighthouse measured on the trainer
// pages, and it slowed the first slider drags. Paced, it takes some seconds longer
// and leaves the page alone. A file already stored under this version (an install
// cut short earlier, say) is not fetched again: the version names the content.
var PACE_MS = 40;

function pause(ms) {
  return new Promise(function (resolve) {
    setTimeout(resolve, ms);
  });
}

async function precache(cache) {
  var stored = new Set(
    (await cache.keys()).map(function (request) {
      return request.url;
    }),
  );
  for (var i = 0; i < manifest.files.length; ++i) {
    var url = absolute(manifest.files[i]);
    if (stored.has(url)) continue;
    // 'reload' bypasses the HTTP cache so the precache holds this build's bytes.
    var response = await fetch(new Request(url, { cache: 'reload', priority: 'low' }));
    if (!response.ok) throw new Error('precache: ' + url + ' answered ' + response.status);
    await cache.put(url, response);
    await pause(PACE_MS);
  }
}

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches
      .open(CACHE_NAME)
      .then(precache)
      .then(function () {
        return self.skipWaiting();
      }),
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf(CACHE_PREFIX) === 0 && name !== CACHE_NAME;
            })
            .map(function (name) {
              return caches.delete(name);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

// The cached copies a navigation to `url` may be stored under.
function pageCandidates(url) {
  var bare = url.origin + url.pathname;
  var list = [bare];
  if (bare.endsWith('/')) list.push(bare + 'index.html');
  else if (!/\.[a-z0-9]+$/i.test(url.pathname)) list.push(bare + '.html', bare + '/index.html');
  return list;
}

async function fromCache(request, url) {
  var cache = await caches.open(CACHE_NAME);
  if (request.mode === 'navigate') {
    var candidates = pageCandidates(url);
    for (var i = 0; i < candidates.length; ++i) {
      var page = await cache.match(candidates[i]);
      if (page) return page;
    }
    return undefined;
  }
  return cache.match(request);
}

async function respond(request) {
  var url = new URL(request.url);
  var hit = await fromCache(request, url);
  if (hit) return hit;
  try {
    return await fetch(request);
  } catch (error) {
    if (request.mode === 'navigate') {
      var missing = await caches.match(absolute('404.html'), { cacheName: CACHE_NAME });
      if (missing) return missing;
    }
    throw error;
  }
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  // Range requests (media) and the worker's own files go to the network.
  if (request.headers.has('range')) return;
  event.respondWith(respond(request));
});
