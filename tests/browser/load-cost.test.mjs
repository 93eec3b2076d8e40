// What a first visit costs a phone, as behaviour rather than timings (the timings
// are measured by npm run bench:web):
//  - a widget far down a chapter downloads nothing (neither its chunk nor the
//    wasm module) until the reader scrolls towards it (web/widgets/shared/lazy.ts);
//  - the trainer widgets' charts (loss, gradient norms, pre-activation histograms)
//    below the network picture download uPlot and are built only when the reader
//    scrolls near them (web/widgets/shared/chart.ts, deferred charts), and the
//    playground draws its network picture and diagnostics only near the viewport;
//  - loading and drawing the widgets makes no Intl object: the first one loads
//    the browser's ICU data, 50-90 ms of main thread on a phone-speed CPU
//    (web/uplot-lazy-intl.ts, the tick labels in web/widgets/shared/chart.ts,
//    docs/.vitepress/theme/overrides/DocFooterLastUpdated.vue).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { requireBuiltSite, settle, siteRoot, siteSession, watchedPage } from './harness.mjs';

requireBuiltSite();

// Runs before any page script: counts the Intl formatters made, and where.
function countIntl() {
  window.__intlMade = [];
  for (const name of ['NumberFormat', 'DateTimeFormat', 'PluralRules', 'RelativeTimeFormat', 'Collator']) {
    const Original = Intl[name];
    const Counted = function (...args) {
      window.__intlMade.push(`${name}: ${new Error().stack.split('\n')[2]?.trim()}`);
      return new.target ? Reflect.construct(Original, args, new.target) : Original(...args);
    };
    Counted.prototype = Original.prototype;
    Counted.supportedLocalesOf = Original.supportedLocalesOf;
    Intl[name] = Counted;
  }
}

describe('the cost of a first visit on a phone', () => {
  const session = siteSession({ context: { viewport: { width: 412, height: 823 }, locale: 'zh-CN' } });

  test('a widget far down the page loads nothing until the reader scrolls towards it', async () => {
    const page = await watchedPage(session.context);
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    try {
      // the loss widget of the losses chapter's introduction is about 4000 px down
      await page.goto(`${session.site.url}05-losses/index.html`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      const top = await page.evaluate(() => document.querySelector('actlab-loss').getBoundingClientRect().top);
      assert.ok(top > 823 + 1000 + 500, `the widget is not far down the page (top ${top} px)`);
      const early = requested.filter((p) => /\/assets\/(chunks\/(loss|chart)\.|.*\.wasm$)/.test(p));
      assert.deepEqual(early, [], 'requested before the reader scrolled');
      assert.equal(await page.evaluate(() => customElements.get('actlab-loss') === undefined), true);
      // reading on: the widget loads, draws, and fetches the functions-only module
      await settle(page);
      assert.equal(await page.locator('actlab-loss').getAttribute('data-ready'), 'true');
      assert.ok(
        requested.some((p) => /\/assets\/actlab-functions\.[\w-]+\.wasm$/.test(p)),
        'the wasm module was loaded',
      );
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test("a trainer widget's charts load uPlot only when the reader scrolls near them", async () => {
    // the built chunks that hold uPlot: syncRect is one of its public methods, so
    // its name survives minification, and no code of ours calls it
    const chunks = join(siteRoot, 'assets/chunks');
    const uplotChunks = readdirSync(chunks).filter((f) => readFileSync(join(chunks, f), 'utf8').includes('syncRect'));
    assert.ok(uplotChunks.length > 0, 'no built chunk holds uPlot');
    const page = await watchedPage(session.context);
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname.split('/').pop()));
    const view = () =>
      page.evaluate(() => {
        const widget = document.querySelector('actlab-playground');
        const root = widget.shadowRoot;
        // pixels near the training-loss colour (#3b82f6) on the loss chart's canvas
        const lossCanvas = [...root.querySelectorAll('.chart')]
          .find((b) => b.getAttribute('aria-label')?.includes('损失'))
          ?.querySelector('canvas');
        let lossInk = 0;
        if (lossCanvas) {
          const data = lossCanvas.getContext('2d').getImageData(0, 0, lossCanvas.width, lossCanvas.height).data;
          for (let p = 0; p < data.length; p += 4)
            if (Math.abs(data[p] - 0x3b) + Math.abs(data[p + 1] - 0x82) + Math.abs(data[p + 2] - 0xf6) < 60)
              lossInk += 1;
        }
        return {
          step: widget.metrics()?.step ?? null,
          charts: root.querySelectorAll('.uplot').length,
          lossInk,
          // sample count each pre-activation panel's chart holds ([] until it is built)
          panels: (widget.plotted()?.diagnostics ?? []).map((d) => d.scale[4] ?? null),
          // panels drawn with a layer's numbers (a panel whose place is only kept has none)
          drawnPanels: (widget.plotted()?.diagnostics ?? []).filter((d) => d.activation !== '').length,
          // where the export section sits in the widget: drawing the views above must not move it
          exportAt: Math.round(
            [...root.querySelectorAll('details.section')].at(-1).getBoundingClientRect().top -
              widget.getBoundingClientRect().top,
          ),
          heatmaps: widget.plotted()?.network?.heatmaps ?? 0,
          boxTops: [...root.querySelectorAll('.chart')]
            .filter((b) => b.getClientRects().length > 0)
            .map((b) => b.getBoundingClientRect().top),
          screen: window.innerHeight,
        };
      });
    try {
      await page.goto(`${session.site.url}07-lab/index.html`);
      await settle(page);
      // training before scrolling: the charts must keep these curves for later
      await page.evaluate(() => document.querySelector('actlab-playground').stepOnce(20));
      await page.waitForTimeout(500);
      const before = await view();
      assert.equal(before.step, 20, 'the playground has not started and trained');
      // the loss and gradient-norm charts' boxes, and a pre-activation box per hidden layer (2),
      // whose places are kept before they are drawn
      assert.equal(before.boxTops.length, 4, `the playground's chart boxes: ${before.boxTops}`);
      // what this test is about: every chart box starts more than 200 px below the screen
      assert.ok(
        before.boxTops.every((top) => top > before.screen + 200),
        `a chart box is near the first screen (${before.boxTops} px; screen ${before.screen} px)`,
      );
      assert.equal(before.charts, 0, 'charts were built before the reader scrolled');
      // the network picture and the diagnostics, far below, are not drawn yet either
      assert.equal(before.heatmaps, 0, 'the network picture was drawn before the reader scrolled');
      assert.equal(before.drawnPanels, 0, 'the diagnostics were drawn before the reader scrolled');
      assert.deepEqual(before.panels, [null, null], 'a pre-activation chart was built before the reader scrolled');
      const early = requested.filter((name) => uplotChunks.includes(name));
      assert.deepEqual(early, [], 'uPlot was downloaded before the reader scrolled');
      // reading on: each view is drawn, and each chart built, when it comes near (go over
      // the boxes until none is new: none should be)
      let shown = 0;
      for (let pass = 0; pass < 4; ++pass) {
        const boxes = await page.evaluate(() => {
          const root = document.querySelector('actlab-playground').shadowRoot;
          return [...root.querySelectorAll('.chart, details.section')].filter((b) => b.getClientRects().length > 0)
            .length;
        });
        if (boxes === shown) break;
        shown = boxes;
        for (let k = 0; k < boxes; ++k) {
          await page.evaluate((k) => {
            const root = document.querySelector('actlab-playground').shadowRoot;
            [...root.querySelectorAll('.chart, details.section')]
              .filter((b) => b.getClientRects().length > 0)
              [k].scrollIntoView({ block: 'center' });
          }, k);
          await page.waitForTimeout(300);
        }
      }
      const shownCharts = await page.evaluate(
        () =>
          [...document.querySelector('actlab-playground').shadowRoot.querySelectorAll('.chart')].filter(
            (b) => b.getClientRects().length > 0,
          ).length,
      );
      assert.equal(shownCharts, before.boxTops.length, 'chart boxes appeared as the reader scrolled');
      await page.waitForFunction(
        (n) => document.querySelector('actlab-playground').shadowRoot.querySelectorAll('.uplot').length >= n,
        shownCharts,
      );
      assert.ok(
        requested.some((name) => uplotChunks.includes(name)),
        'uPlot was not downloaded',
      );
      const after = await view();
      assert.equal(after.charts, shownCharts, 'every shown chart box holds one chart');
      assert.equal(after.heatmaps, 8 + 8 + 1, 'the network picture was not drawn after scrolling to it');
      assert.equal(after.drawnPanels, 2, 'the pre-activation panels were not drawn after scrolling to them');
      // drawing the network picture and the diagnostics as the reader arrived moved nothing below them
      assert.equal(after.exportAt, before.exportAt, 'the views drawn on arrival moved the export section');
      assert.ok(
        after.lossInk > 20,
        `the loss chart does not draw the 20 steps trained before it was built (${after.lossInk} px)`,
      );
      assert.ok(
        after.panels.every((n) => n > 0),
        `pre-activation charts without their data after scrolling: ${after.panels}`,
      );
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('loading and drawing the widgets makes no Intl formatter', async () => {
    for (const path of [
      '02-activations/02-relu-family.html',
      '06-optimizers/01-gradient-descent.html',
      'embed/loss.html',
      'embed/playground.html',
    ]) {
      const page = await watchedPage(session.context);
      try {
        await page.addInitScript(countIntl);
        await page.goto(`${session.site.url}${path}`);
        await settle(page);
        const made = await page.evaluate(() => window.__intlMade);
        assert.deepEqual(made, [], `${path}: Intl formatters made while loading`);
        // the counter works: making one is seen
        assert.equal(await page.evaluate(() => (new Intl.NumberFormat('en').format(1), window.__intlMade.length)), 1);
        assert.deepEqual(await page.problems(), []);
      } finally {
        await page.close();
      }
    }
  });
});
