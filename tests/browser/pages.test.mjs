// Every built page of the site, served with the strict CSP, loads in Chromium
// with no console error, no failed request and no CSP violation; axe-core finds
// no serious or critical violation; every internal link resolves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { builtPages, requireBuiltSite, settle, siteSession, watchedPage } from './harness.mjs';

requireBuiltSite();
const pages = builtPages().filter((p) => p !== '404.html');

describe('every built page', () => {
  const session = siteSession({ context: { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } });
  const linkTargets = new Set();

  test('the site has the home page, every chapter folder and the embed pages', () => {
    for (const required of [
      'index.html',
      'guide/embedding.html',
      'embed/activation.html',
      'embed/loss.html',
      'embed/neuron.html',
      'embed/descent.html',
      'embed/chain.html',
    ]) {
      assert.ok(pages.includes(required), `${required} was not built`);
    }
    const chapters = pages.filter((p) => /^\d\d-[^/]+\/index\.html$/.test(p));
    assert.ok(chapters.length >= 9, `only ${chapters.length} chapter pages: ${chapters.join(', ')}`);
  });

  for (const path of pages) {
    test(`${path} loads cleanly under the strict CSP and passes axe`, async () => {
      const page = await watchedPage(session.context);
      try {
        const response = await page.goto(session.site.url + path);
        assert.equal(response.status(), 200);
        assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
        await settle(page, { networkIdle: false });
        assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
        assert.ok((await page.title()).length > 0, 'page has no title');

        // The inside of a MathJax SVG (glyph paths) is skipped: the <svg> itself, and the
        // formula's text for screen readers beside it, are still checked. Only violations are collected; both keep axe fast on long pages.
        const axe = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
          .exclude('mjx-container svg > g')
          .options({ resultTypes: ['violations'] })
          .analyze();
        const severe = axe.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) =>
              `${v.impact} ${v.id}: ${v.help} (${v.nodes
                .slice(0, 3)
                .map((n) => n.target.join(' '))
                .join(' | ')})`,
          );
        assert.deepEqual(severe, [], `axe on ${path}`);

        for (const href of await page.$$eval('a[href]', (links) => links.map((a) => a.href))) {
          const url = new URL(href);
          if (url.origin === session.site.origin) linkTargets.add(url.origin + url.pathname);
        }
        assert.deepEqual(await page.problems(), [], `problems on ${path}`);
      } finally {
        await page.close();
      }
    });
  }

  test('every internal link on the site resolves', async () => {
    assert.ok(linkTargets.size > 10, `only ${linkTargets.size} internal links were collected`);
    const broken = [];
    for (const target of linkTargets) {
      const response = await fetch(target, { method: 'HEAD' });
      if (response.status !== 200) broken.push(`${response.status} ${target}`);
    }
    assert.deepEqual(broken, []);
  });
});
