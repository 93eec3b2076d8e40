// What a first visit costs a phone, as behaviour rather than timings (the timings
// are measured by npm run bench:web):
//  - a widget far down a chapter downloads nothing (neither its chunk nor the
//    wasm module) until the reader scrolls towards it (web/widgets/shared/lazy.ts);
//  - loading and drawing the widgets makes no Intl object: the first one loads
//    the browser's ICU data, 50-90 ms of main thread on a phone-speed CPU
//    (web/uplot-lazy-intl.ts, the tick labels in web/widgets/shared/chart.ts,
//    docs/.vitepress/theme/overrides/DocFooterLastUpdated.vue).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requireBuiltSite, settle, siteSession, watchedPage } from './harness.mjs';

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
