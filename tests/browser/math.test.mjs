// Formulas are rendered at build time, and each page's glyph outlines are
// written once (docs/.vitepress/math-glyphs.ts), in its HTML and in the
// JavaScript chunk that client-side navigation renders it from. Checks, on the
// built files, that every glyph reference resolves and no outline is left
// inline; and in Chromium, that a formula drawn from the shared outlines looks
// exactly like the same formula with its outlines written out in full, on the
// served page and after client-side navigation.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { builtPages, requireBuiltSite, settle, siteRoot, siteSession, watchedPage } from './harness.mjs';

requireBuiltSite();

const MATH_PAGE = '05-losses/04-sigmoid-mse-vs-bce.html';

describe('formula glyphs', () => {
  /** Checks that the glyph references in `text` resolve to its definitions, once each and all used. */
  function checkGlyphs(text, where) {
    const sprites = text.match(/<svg class="mjx-glyphs"[\s\S]*?<\/svg>/g) ?? [];
    assert.equal(sprites.length, 1, `${where}: ${sprites.length} glyph sprites`);
    const ids = [...sprites[0].matchAll(/<path id="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(ids).size, ids.length, `${where}: repeated glyph ids`);
    const outlines = [...sprites[0].matchAll(/ d="([^"]*)"/g)].map((m) => m[1]);
    assert.equal(new Set(outlines).size, outlines.length, `${where}: an outline is defined twice`);
    const refs = [...text.matchAll(/<use data-c="[0-9A-F]+" href="#([^"]+)"/g)].map((m) => m[1]);
    assert.ok(refs.length > 0, `${where}: formulas but no glyph references`);
    const known = new Set(ids);
    for (const ref of refs) assert.ok(known.has(ref), `${where}: #${ref} is not defined`);
    assert.equal(new Set(refs).size, known.size, `${where}: unused glyph definitions`);
    assert.doesNotMatch(text, /<path data-c=/, `${where}: a glyph outline was left inline`);
  }

  test('on every built page, each glyph reference resolves to one shared outline and none is left inline', () => {
    let pagesWithMath = 0;
    for (const path of builtPages()) {
      const html = readFileSync(join(siteRoot, path), 'utf8');
      if (!html.includes('<mjx-container')) continue;
      pagesWithMath += 1;
      checkGlyphs(html, path);
    }
    assert.ok(pagesWithMath >= 20, `only ${pagesWithMath} pages with formulas`);
  });

  test("each page's JavaScript chunk carries its own glyph definitions, each outline once", () => {
    const assets = join(siteRoot, 'assets');
    let chunksWithMath = 0;
    for (const file of readdirSync(assets).filter((f) => /\.md\.[\w-]+\.js$/.test(f) && !f.endsWith('.lean.js'))) {
      const script = readFileSync(join(assets, file), 'utf8');
      if (!script.includes('<mjx-container')) continue;
      chunksWithMath += 1;
      checkGlyphs(script, file);
    }
    assert.ok(chunksWithMath >= 20, `only ${chunksWithMath} page chunks with formulas`);
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
      assert.doesNotMatch(script, /mjx-container|mjx-glyphs|公式：/, `${path}: ${lean[1]} builds formulas`);
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

    /** For every glyph reference: whether its outline is empty (a space) and the width it draws. */
    function glyphUses(page) {
      return page.$$eval('mjx-container use', (all) =>
        all.map((u) => {
          const def = document.getElementById(u.getAttribute('href').slice(1));
          return { defined: def !== null, empty: def?.getAttribute('d') === '', width: u.getBBox().width };
        }),
      );
    }

    /** Every glyph reference resolves, and each one to a non-empty outline draws something. */
    async function checkUses(page, when) {
      const uses = await glyphUses(page);
      assert.ok(uses.length > 100, `${when}: ${uses.length} glyph references`);
      assert.equal(uses.filter((u) => !u.defined).length, 0, `${when}: glyph references without a definition`);
      const blank = uses.filter((u) => !u.empty && !(u.width > 0));
      assert.equal(blank.length, 0, `${when}: ${blank.length} glyph references draw nothing`);
    }

    test('a formula drawn from the shared outlines matches the same formula with its outlines in full', async () => {
      const page = await watchedPage(session.context);
      await page.goto(session.site.url + MATH_PAGE);
      await settle(page, { networkIdle: false });
      await checkUses(page, 'served page');
      const served = await formulaShot(page);

      // Client-side navigation away and back renders the page from its JavaScript chunk.
      await page.click('a[href$="05-losses/03-pairing-stable.html"]');
      await page.waitForURL(/03-pairing-stable/);
      await page.goBack();
      await page.waitForURL(/04-sigmoid-mse-vs-bce/);
      await page.waitForFunction(() => document.querySelectorAll('mjx-container use').length > 100);
      await settle(page, { networkIdle: false });
      await checkUses(page, 'after client-side navigation');
      const navigated = await formulaShot(page);
      assert.ok(served.equals(navigated), 'the formula differs after client-side navigation');

      // Each reference replaced by its outline, written as MathJax writes it.
      const replaced = await page.$$eval('mjx-container use', (all) => {
        for (const use of all) {
          const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
          path.setAttribute('data-c', use.getAttribute('data-c'));
          path.setAttribute('d', document.getElementById(use.getAttribute('href').slice(1)).getAttribute('d'));
          const transform = use.getAttribute('transform');
          if (transform) path.setAttribute('transform', transform);
          path.setAttribute('style', 'stroke-width:3;');
          use.replaceWith(path);
        }
        return all.length;
      });
      assert.ok(replaced > 100);
      const full = await formulaShot(page);
      assert.ok(served.equals(full), 'the formula drawn from full outlines differs');
      assert.deepEqual(await page.problems(), []);
      await page.close();
    });
  });
});
