// No page scrolls sideways on a phone: every built page, opened 375 px wide with
// every <details> block (the 答案 boxes) open, must be no wider than the
// viewport. A formula wider than the column may scroll inside its own box
// (docs/.vitepress/math-nowrap.mjs, theme/fixes.css), never the page. The
// widgets are not waited for: their boxes keep their reserved size while they
// load, and widgets.test.mjs checks them drawn at 375 px.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PHONE, builtPages, requireBuiltSite, siteSession } from './harness.mjs';

requireBuiltSite();

describe('at 375 px wide', () => {
  const session = siteSession({ context: { viewport: PHONE, locale: 'zh-CN' } });

  test('no built page, with its details blocks open, is wider than the viewport', async () => {
    const pages = builtPages().filter((p) => p !== '404.html');
    assert.ok(pages.length > 20, `only ${pages.length} built pages`);
    const page = await session.context.newPage();
    const wide = [];
    try {
      for (const path of pages) {
        await page.goto(`${session.site.url}${path}`, { waitUntil: 'load' });
        const result = await page.evaluate(async () => {
          for (const details of document.querySelectorAll('details')) details.open = true;
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          const width = document.documentElement.scrollWidth;
          const culprits = [];
          if (width > innerWidth) {
            for (const e of document.querySelectorAll('.vp-doc mjx-container, .vp-doc pre, .vp-doc table, main *')) {
              const box = e.getBoundingClientRect();
              if (box.right > innerWidth + 0.5 && culprits.length < 3)
                culprits.push(`${e.localName}.${e.className}: ${(e.textContent ?? '').trim().slice(0, 30)}`);
            }
          }
          return { width, viewport: innerWidth, culprits };
        });
        if (result.width > result.viewport)
          wide.push(`${path}: scrollWidth ${result.width} > ${result.viewport} (${result.culprits.join(' | ')})`);
      }
    } finally {
      await page.close();
    }
    assert.deepEqual(wide, []);
  });
});
