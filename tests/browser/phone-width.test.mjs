// No page scrolls sideways on a phone: every built page, opened 375 px wide with
// every <details> block (the 答案 boxes) open, must be no wider than the
// viewport. A formula wider than the column may scroll inside its own box
// (docs/.vitepress/math-nowrap.mjs, theme/fixes.css), never the page. The
// widgets are not waited for: their boxes keep their reserved size while they
// load, and widgets.test.mjs checks them drawn at 375 px.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PHONE, builtPages, openSettled, requireBuiltSite, siteSession } from './harness.mjs';

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

describe('on a touch phone', () => {
  const session = siteSession({ context: { viewport: PHONE, locale: 'zh-CN', hasTouch: true, isMobile: true } });

  test('every check box in the widgets is at least 24 px and its label a target at least 32 px tall', async () => {
    const small = [];
    for (const widget of ['activation', 'compare', 'playground']) {
      const page = await openSettled(session.context, `${session.site.url}embed/${widget}.html`);
      try {
        assert.ok(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), 'the phone has a coarse pointer');
        const boxes = await page.evaluate(async () => {
          const widgets = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('actlab-'));
          // the boxes inside folded sections (the activation widget's 对比 list) too
          for (const w of widgets) for (const details of w.shadowRoot.querySelectorAll('details')) details.open = true;
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          return widgets
            .flatMap((w) => [...w.shadowRoot.querySelectorAll('input[type="checkbox"]')])
            .map((box) => {
              const label = box.labels[0];
              const b = box.getBoundingClientRect();
              const l = label.getBoundingClientRect();
              return { name: label.textContent.trim(), box: Math.min(b.width, b.height), label: l.height };
            });
        });
        assert.ok(boxes.length > 0, `${widget}: no check boxes found`);
        for (const b of boxes)
          if (b.box < 24 || b.label < 32) small.push(`${widget} ${b.name}: box ${b.box} px, label ${b.label} px tall`);
        assert.deepEqual(await page.problems(), []);
      } finally {
        await page.close();
      }
    }
    assert.deepEqual(small, []);
  });
});
