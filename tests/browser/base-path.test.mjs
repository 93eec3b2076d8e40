// npm run build under a sub-path: ACTLAB_BASE=/courses/actlab/ builds a site
// that works when served from http://host/courses/actlab/ — pages, assets,
// icons, the favicon, the widgets with their wasm, client-side navigation and
// the embed bundle, all with the strict CSP and no failed request.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, repoRoot, requireBuiltSite, settle, startSite, watchedPage } from './harness.mjs';

const BASE = '/courses/actlab/';
const out = join(repoRoot, 'test-results/site-subpath');

describe(`a build with base ${BASE}`, () => {
  let site;
  let browser;
  let context;

  before(async () => {
    rmSync(out, { recursive: true, force: true });
    const build = spawnSync('bash', ['scripts/build-site.sh'], {
      cwd: repoRoot,
      // a light build (chapter sections left out) keeps this test quick; the paths are what it checks
      env: { ...process.env, ACTLAB_BASE: BASE, ACTLAB_SITE_OUT: out, ACTLAB_LIGHT_BUILD: '1' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    assert.equal(build.status, 0, `build failed:\n${build.stdout}\n${build.stderr}`);
    requireBuiltSite(out);
    site = await startSite({ root: out, base: BASE });
    assert.ok(site.url.endsWith(BASE));
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  });

  after(async () => {
    await browser?.close();
    site?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  test('a chapter page loads every resource from under the base and its widget draws', async () => {
    const page = await watchedPage(context);
    const outside = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === site.origin && !url.pathname.startsWith(BASE)) outside.push(url.pathname);
    });
    await page.goto(`${site.url}02-activations/index.html`);
    await settle(page);
    assert.ok((await page.locator('actlab-activation').count()) > 0, 'the chapter has no activation widget');
    assert.deepEqual(outside, [], 'requests outside the base path');
    const hrefs = await page
      .locator('.VPSidebar a[href]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.length > 9);
    for (const href of hrefs) assert.ok(href.startsWith(BASE), `sidebar link ${href}`);
    assert.equal(await page.locator('link[rel=icon][href$=".ico"]').getAttribute('href'), `${BASE}favicon.ico`);

    // client-side navigation stays under the base
    await page.locator('.VPSidebar a[href$="/guide/embedding.html"]').click();
    await page.waitForURL(`${site.url}guide/embedding.html`);
    await settle(page);
    await page.locator('.vp-doc h1', { hasText: '在课程中嵌入小部件' }).waitFor({ timeout: 5000 });
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });

  test('the embed page and the 嵌入 snippets carry the base path', async () => {
    const page = await watchedPage(context);
    await page.goto(`${site.url}embed/neuron.html?w1=2`);
    await settle(page);
    assert.equal((await page.$eval('actlab-neuron', (el) => el.getState())).w1, '2');
    await page.getByRole('button', { name: '嵌入' }).click();
    assert.match(
      await page.getByLabel('iframe 写法').inputValue(),
      new RegExp(`src="${site.url}embed/neuron\\.html\\?w1=2"`),
    );
    assert.match(
      await page.getByLabel('直接使用（脚本 + 元素）').inputValue(),
      new RegExp(`${site.url}embed/actlab-embed\\.js`),
    );
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });
});
