// The tutorial's chapters as a reader sees them in Chromium: every formula was
// typeset at build time (no MathJax error, no raw $...$ left in the text), the
// generated function tables hold one row per core function with its formula as
// SVG, the exercise answers are collapsible, and no widget in the text had to
// fall back from an attribute value the text gave it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import createActLab from '../../wasm/dist/actlab.mjs';
import { builtPages, repoRoot, requireBuiltSite, settle, siteRoot, siteSession, watchedPage } from './harness.mjs';

// The site built by npm test, or another build named by ACTLAB_SITE_OUT (as scripts/build-site.sh).
const root = process.env.ACTLAB_SITE_OUT ?? siteRoot;
requireBuiltSite(root);
const lab = await createActLab({ wasmBinary: readFileSync(join(repoRoot, 'wasm/dist/actlab.wasm')) });
const chapterPages = builtPages(root).filter((p) => /^\d\d-[a-z-]+\//.test(p));

describe('the tutorial chapters in the browser', () => {
  const session = siteSession({ site: { root }, context: { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } });

  test('all nine chapters were built with their sections', () => {
    const chapters = new Set(chapterPages.map((p) => p.split('/')[0]));
    assert.equal(chapters.size, 9, [...chapters].join(', '));
    assert.ok(chapterPages.length >= 30, `only ${chapterPages.length} chapter pages`);
  });

  for (const path of chapterPages) {
    test(`${path}: math typeset, answers collapsible, widgets kept the text's settings`, async () => {
      const page = await watchedPage(session.context);
      try {
        await page.goto(session.site.url + path);
        await settle(page);
        const seen = await page.evaluate(() => {
          const doc = document.querySelector('.vp-doc');
          const text = [...doc.querySelectorAll('p, li, td, th, h1, h2, h3, summary')]
            .map((e) => {
              const copy = e.cloneNode(true);
              copy.querySelectorAll('code, pre, mjx-container').forEach((c) => c.remove());
              return copy.textContent;
            })
            .join('\n');
          const widgets = [...doc.querySelectorAll('*')].filter((e) => e.localName.startsWith('actlab-'));
          return {
            math: doc.querySelectorAll('mjx-container svg').length,
            mathErrors: doc.querySelectorAll('[data-mjx-error], merror, mjx-merror').length,
            rawMath: text.match(/\$[^$\n]+\$|\\(frac|sigma|sum|begin)\b/g) ?? [],
            // CommonMark does not close ** right after full-width punctuation followed by a letter
            rawEmphasis: text.match(/.{0,12}\*\*.{0,12}/g) ?? [],
            answers: [...doc.querySelectorAll('details')].filter(
              (d) => d.querySelector('summary')?.textContent.trim() === '答案',
            ).length,
            notices: widgets
              .map((w) => [w.id, (w.shadowRoot ?? w).querySelector('.notice')?.textContent.trim() ?? ''])
              .filter(([, notice]) => notice),
          };
        });
        assert.equal(seen.mathErrors, 0, 'MathJax reported an error');
        assert.deepEqual(seen.rawMath, [], 'untypeset TeX in the text');
        assert.deepEqual(seen.rawEmphasis, [], 'unrendered ** emphasis in the text');
        assert.deepEqual(seen.notices, [], 'a widget fell back from an attribute the text set');
        const isSection = /\/\d\d-[a-z0-9-]+\.html$/.test(path);
        if (isSection) assert.ok(seen.answers >= 1, 'a section without collapsible answers');
        assert.deepEqual(await page.problems(), []);
      } finally {
        await page.close();
      }
    });
  }

  for (const [path, kind, list] of [
    ['02-activations/06-table.html', 'fn', lab.activationList()],
    ['05-losses/index.html', 'loss', lab.lossList()],
  ]) {
    test(`${path}: the generated table has one row per core function, each formula drawn as SVG`, async () => {
      const page = await watchedPage(session.context);
      try {
        await page.goto(session.site.url + path);
        await settle(page);
        const rows = await page.evaluate(
          (kind) =>
            [...document.querySelectorAll(`.function-table tbody tr[id^="${kind}-"]`)].map((tr) => ({
              id: tr.id.slice(kind.length + 1),
              svgs: tr.querySelectorAll('td.math > mjx-container > svg').length,
              name: tr.querySelector('th')?.textContent ?? '',
            })),
          kind,
        );
        assert.deepEqual(
          rows.map((r) => r.id),
          list.map((f) => f.id),
        );
        for (const row of rows) assert.equal(row.svgs, 2, `${row.id}: formula and derivative should both be SVG`);
        for (const [i, f] of list.entries()) assert.ok(rows[i].name.includes(f.torch), `${f.id}: PyTorch call missing`);
      } finally {
        await page.close();
      }
    });
  }
});
