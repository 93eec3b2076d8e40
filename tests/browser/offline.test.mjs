// Issue 7, section 7: after a first visit the site works with the network off.
// The service worker (docs/public/sw.js) precaches every file listed by
// scripts/precache-manifest.mjs; served with the strict CSP. First visit online,
// wait until the worker is active (it activates only after the whole precache
// is stored) and check the cache holds every listed file; then go offline
// (Chromium's offline emulation), reload, and open two other chapter pages and
// an embed page: each renders, its widgets draw, the wasm module is loaded, and
// the responses come from the service worker.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildManifest } from '../../scripts/precache-manifest.mjs';
import { requireBuiltSite, settle, siteRoot, siteSession, watchedPage } from './harness.mjs';

requireBuiltSite();

function builtManifest() {
  const text = readFileSync(join(siteRoot, 'precache-manifest.js'), 'utf8');
  const match = /self\.ACTLAB_PRECACHE = (\{.*\});/s.exec(text);
  assert.ok(match, 'precache-manifest.js has no ACTLAB_PRECACHE object');
  return JSON.parse(match[1]);
}

/**
 * In the page: waits until the offline worker is active (it activates only after its
 * install, the whole precache, succeeded; at most 60 s) and returns its registration,
 * the ActLab caches, the paths stored in the one cache, and the text stored for `read`.
 */
function workerAndPrecache(page, read = []) {
  return page.evaluate(async (read) => {
    const registration = await Promise.race([
      navigator.serviceWorker.ready,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no active service worker after 60 s')), 60_000)),
    ]);
    const mine = (await caches.keys()).filter((n) => n.startsWith('actlab-precache-'));
    const cache = mine.length === 1 ? await caches.open(mine[0]) : undefined;
    const keys = cache ? (await cache.keys()).map((r) => new URL(r.url).pathname) : [];
    const texts = {};
    for (const path of read) texts[path] = await (await cache?.match(path))?.text();
    return { scope: registration.scope, script: registration.active?.scriptURL, caches: mine, keys, texts };
  }, read);
}

/** The manifest's files that are not among the stored paths. */
function missingFiles(manifest, keys) {
  return manifest.files.filter((f) => !keys.includes(`/${f}`));
}

describe('offline use through the service worker', () => {
  const session = siteSession({ context: { viewport: { width: 1280, height: 800 }, serviceWorkers: 'allow' } });

  test('the manifest lists every built file with a content hash and a version', () => {
    const written = builtManifest();
    const fresh = buildManifest(siteRoot);
    assert.deepEqual(written.files, fresh.files, 'precache-manifest.js is stale: rerun npm run build');
    assert.equal(written.version, fresh.version);
    assert.ok(written.files.includes('index.html') && written.files.includes('404.html'));
    assert.ok(
      written.files.some((f) => f.endsWith('.wasm')),
      'no wasm file in the precache',
    );
    assert.ok(written.files.includes('embed/actlab-embed.js'));
    assert.ok(!written.files.includes('sw.js') && !written.files.includes('precache-manifest.js'));
    for (const file of written.files) assert.match(written.hashes[file], /^[0-9a-f]{16}$/, file);
  });

  test('first visit online installs the worker and precaches; then chapters work offline', async () => {
    const manifest = builtManifest();
    const page = await watchedPage(session.context);
    // The theme loads the widget library (web/widgets/site-entry.ts, which registers
    // the worker) on pages with widgets only, so the first visit is a chapter with widgets.
    await page.goto(`${session.site.url}02-activations/02-relu-family.html`);
    await settle(page);

    const status = await workerAndPrecache(page);
    assert.equal(status.scope, session.site.url);
    assert.equal(status.script, `${session.site.url}sw.js`);
    assert.deepEqual(status.caches, [`actlab-precache-${manifest.version}`]);
    assert.deepEqual(missingFiles(manifest, status.keys), [], 'files missing from the precache');

    // The worker controls the page after a reload (clients.claim() also takes the first page).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });

    await session.context.setOffline(true);
    try {
      const offlineNow = await page.evaluate(() =>
        fetch('/index.html?probe', { cache: 'no-store', mode: 'same-origin' }).then(
          () => 'answered',
          () => 'failed',
        ),
      );
      // A query-string fetch that is not a navigation is not in the cache: it must fail, proving the network is off.
      assert.equal(offlineNow, 'failed', 'the network is still reachable: offline emulation did not apply');
      // That failed probe is logged (console error without its URL, and a failed request): only those may be there.
      await page.waitForTimeout(200);
      const probeProblems = await page.problems();
      for (const p of probeProblems)
        assert.match(
          p,
          /index\.html\?probe|^console error: Failed to load resource: net::ERR_FAILED$/,
          `problem before the offline visits: ${p}`,
        );

      const visits = [
        ['reload', null],
        ['index.html', null],
        ['05-losses/', null],
        ['01-why/02-linear-collapse.html', 'actlab-playground'],
        ['embed/chain.html?layers=20', 'actlab-chain'],
      ];
      for (const [path, expectTagGiven] of visits) {
        const expectTag = path === 'reload' ? 'actlab-activation' : expectTagGiven;
        const response = path === 'reload' ? await page.reload() : await page.goto(`${session.site.url}${path}`);
        assert.ok(response, `${path}: no response`);
        assert.ok(response.fromServiceWorker(), `${path}: not served by the service worker`);
        assert.equal(response.status(), 200, `${path}: HTTP ${response.status()}`);
        await settle(page, { networkIdle: false, timeout: 30_000 });
        const view = await page.evaluate(() => {
          const widgets = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('actlab-'));
          return {
            title: document.querySelector('h1')?.textContent?.trim() ?? '',
            widgets: widgets.map((e) => ({
              tag: e.localName,
              ready: e.dataset.ready === 'true',
              plotted: typeof e.plotted === 'function' && e.plotted() !== null,
            })),
            wasm: performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')),
          };
        });
        if (expectTag) {
          assert.ok(
            view.widgets.some((w) => w.tag === expectTag),
            `${path}: no <${expectTag}>`,
          );
          for (const w of view.widgets) assert.ok(w.ready && w.plotted, `${path}: <${w.tag}> did not draw offline`);
          assert.ok(view.wasm, `${path}: the wasm module was not loaded`);
        }
        if (!path.startsWith('embed/')) assert.ok(view.title.length > 0, `${path}: no page heading offline`);
      }
      const problems = (await page.problems()).slice(probeProblems.length);
      assert.deepEqual(problems, [], 'problems while offline');
    } finally {
      await session.context.setOffline(false);
      await page.close();
    }
  });

  test('an install cut short resumes: files already stored under this version are not fetched again', async () => {
    const manifest = builtManifest();
    const context = await session.browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'allow',
    });
    try {
      const page = await context.newPage();
      // With the worker's script held back, store two files as an install cut short would have.
      await context.route('**/sw.js', (route) => route.abort());
      await page.goto(`${session.site.url}TERMINOLOGY.html`);
      await settle(page);
      const before = await page.evaluate(async (name) => {
        const cache = await caches.open(name);
        await cache.put('/404.html', new Response('stored-before'));
        await cache.put('/TERMINOLOGY.html', new Response('stored-before'));
        return (await navigator.serviceWorker.getRegistration()) === undefined;
      }, `actlab-precache-${manifest.version}`);
      assert.ok(before, 'the worker was registered although its script was held back');
      await context.unroute('**/sw.js');

      await page.goto(`${session.site.url}02-activations/02-relu-family.html`);
      await settle(page);
      const status = await workerAndPrecache(page, ['/404.html', '/TERMINOLOGY.html', '/index.html']);
      assert.equal(status.texts['/404.html'], 'stored-before', '404.html was fetched again');
      assert.equal(status.texts['/TERMINOLOGY.html'], 'stored-before', 'TERMINOLOGY.html was fetched again');
      assert.match(status.texts['/index.html'] ?? '', /<div id="app"/, 'index.html was not precached');
      assert.deepEqual(missingFiles(manifest, status.keys), [], 'files missing from the precache');
    } finally {
      await context.close();
    }
  });
});
