// Formulas are rendered at build time, and each page's glyph outlines are
// written once (docs/.vitepress/math-glyphs.ts). Checks, on the built files, that
// every glyph reference resolves and no outline is left inline; and in Chromium,
// that a formula drawn from the shared outlines looks exactly like the same
// formula drawn from full paths (the page reached by client-side navigation).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { builtPages, requireBuiltSite, settle, siteRoot, siteSession, watchedPage } from './harness.mjs';

requireBuiltSite();

const MATH_PAGE = '05-losses/04-sigmoid-mse-vs-bce.html';

describe('formula glyphs', () => {
  test('on every built page, each glyph reference resolves to one shared outline and none is left inline', () => {
    let pagesWithMath = 0;
    for (const path of builtPages()) {
      const html = readFileSync(join(siteRoot, path), 'utf8');
      if (!html.includes('<mjx-container')) continue;
      pagesWithMath += 1;
      const sprites = html.match(/<svg class="mjx-glyphs"[\s\S]*?<\/svg>/g) ?? [];
      assert.equal(sprites.length, 1, `${path}: ${sprites.length} glyph sprites`);
      const ids = [...sprites[0].matchAll(/<path id="([^"]+)"/g)].map((m) => m[1]);
      assert.equal(new Set(ids).size, ids.length, `${path}: repeated glyph ids`);
      const outlines = [...sprites[0].matchAll(/ d="([^"]*)"/g)].map((m) => m[1]);
      assert.equal(new Set(outlines).size, outlines.length, `${path}: an outline is defined twice`);
      const refs = [...html.matchAll(/<use data-c="[0-9A-F]+" href="#([^"]+)"/g)].map((m) => m[1]);
      assert.ok(refs.length > 0, `${path}: formulas but no glyph references`);
      const known = new Set(ids);
      for (const ref of refs) assert.ok(known.has(ref), `${path}: #${ref} is not defined`);
      assert.equal(new Set(refs).size, known.size, `${path}: unused glyph definitions`);
      assert.doesNotMatch(html, /<path data-c=/, `${path}: a glyph outline was left inline`);
    }
    assert.ok(pagesWithMath >= 20, `only ${pagesWithMath} pages with formulas`);
  });

  // docs/.vitepress/math-markup.mjs: the picture hidden from screen readers, the TeX beside
  // it for them, and only attributes Vue knows, so Vue keeps the formulas as static HTML
  // that the page's lean script leaves out.
  test('every formula has its TeX for screen readers, and no page script rebuilds formulas', () => {
    let formulas = 0;
    for (const path of builtPages()) {
      const html = readFileSync(join(siteRoot, path), 'utf8');
      const containers = html.match(/<mjx-container\b[^>]*>/g) ?? [];
      if (!containers.length) continue;
      // the label first, then the picture (math-markup.mjs says why)
      const starts =
        html.match(/<mjx-container\b[^>]*><span class="visually-hidden">公式：[^<]+<\/span><svg\b[^>]*>/g) ?? [];
      assert.equal(
        starts.length,
        containers.length,
        `${path}: ${containers.length} formulas, ${starts.length} labelled`,
      );
      for (const start of starts) {
        const svg = start.slice(start.lastIndexOf('<svg'));
        assert.match(svg, /<svg\b[^>]* aria-hidden="true"/, `${path}: ${svg}`);
        assert.doesNotMatch(start, /\s(?:jax|display|role|focusable|xmlns)=/, `${path}: ${start}`);
      }
      formulas += containers.length;
      const lean = /<link rel="modulepreload" href="[^"]*\/(assets\/[^"/]+\.md\.[\w-]+\.lean\.js)">/.exec(html);
      assert.ok(lean, `${path}: no lean page chunk`);
      const script = readFileSync(join(siteRoot, lean[1]), 'utf8');
      assert.doesNotMatch(script, /mjx-container|公式：/, `${path}: ${lean[1]} builds formulas`);
    }
    assert.ok(formulas >= 200, `only ${formulas} formulas`);
  });

  describe('in Chromium', () => {
    const session = siteSession({ context: { viewport: { width: 1000, height: 900 }, locale: 'zh-CN' } });

    // The first display formula, photographed once the page has stopped re-rendering it
    // (after client-side navigation Vue may replace the node while we look at it).
    async function formulaShot(page) {
      for (let attempt = 1; ; ++attempt) {
        try {
          const formula = page.locator('mjx-container.math-display').first();
          await formula.scrollIntoViewIfNeeded();
          await page.waitForTimeout(200);
          return await formula.screenshot();
        } catch (error) {
          if (attempt === 3 || !/not attached|detached/i.test(String(error))) throw error;
        }
      }
    }

    test('a formula drawn from the shared outlines matches the same formula drawn from full paths', async () => {
      const page = await watchedPage(session.context);
      await page.goto(session.site.url + MATH_PAGE);
      await settle(page, { networkIdle: false });
      // every reference to a non-empty outline (not an invisible operator or a space) draws something
      const uses = await page.$$eval('mjx-container use', (all) =>
        all.map((u) => ({
          empty: document.getElementById(u.getAttribute('href').slice(1)).getAttribute('d') === '',
          width: u.getBBox().width,
        })),
      );
      assert.ok(uses.length > 100, `${uses.length} glyph references`);
      const blank = uses.filter((u) => !u.empty && !(u.width > 0));
      assert.equal(blank.length, 0, `${blank.length} glyph references draw nothing`);
      const shared = await formulaShot(page);

      // Client-side navigation away and back renders the page from its chunk, with full paths.
      await page.click('a[href$="05-losses/03-pairing-stable.html"]');
      await page.waitForURL(/03-pairing-stable/);
      await page.goBack();
      await page.waitForURL(/04-sigmoid-mse-vs-bce/);
      await page.waitForFunction(() => document.querySelectorAll('mjx-container path[data-c]').length > 100);
      await settle(page, { networkIdle: false });
      const full = await formulaShot(page);
      assert.ok(shared.equals(full), 'the two renderings differ');
      assert.deepEqual(await page.problems(), []);
      await page.close();
    });
  });
});
