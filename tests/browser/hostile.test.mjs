// Issue 7, section 6: URL and attribute state is data, never markup.
// Hostile values reach every widget three ways:
//   1. the query of its /embed/<widget>.html page (plain keys), with a hostile hash;
//   2. the query of a chapter page (`?<id>.<attr>=`), with a hostile hash;
//   3. attributes set from script, including 10 MB strings, and a 10 MB URL
//      value (put in place with history.replaceState, then read by a freshly
//      connected element, since no server accepts a 10 MB request line).
// In every case: no script runs (window.__pwned trap, dialogs, onerror
// handlers), the page keeps answering within a bounded time, each hostile
// attribute falls back to the widget's default (a bad value in a chapter page's
// URL: to that page's own attribute, what the cleaned link shows on reload) and a
// visible Chinese notice names it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requireBuiltSite, settle, siteSession, watchedPage } from './harness.mjs';

requireBuiltSite();

const TRAP = 'window.__pwned=1';
const PAYLOADS = {
  script: `<script>${TRAP}</script>`,
  javascript: `javascript:${TRAP}`,
  breaker: `"><img src=x onerror="${TRAP}"><svg onload="${TRAP}">`,
  huge: '9'.repeat(400) + 'e999999',
  nan: 'NaN',
  negative: '-1e308',
  negativeSize: '-5',
};
// The longest the page may stay blocked by one hostile update (a 10 MB value included).
const MAX_BLOCK_MS = 3000;
const HASH = `#"><img src=x onerror=${TRAP}>`;

// Per widget: its tag, the attributes made hostile (an enum or id, numbers, sizes),
// those for which -5 is a valid value (left out of the negative-size case), and
// a chapter page with an id for the prefixed-URL case.
const WIDGETS = {
  activation: {
    tag: 'actlab-activation',
    attrs: ['fn', 'params', 'xmin', 'xmax'],
    negativeOk: ['xmin', 'xmax'],
    chapter: ['02-activations/02-relu-family.html', 'act-relu'],
  },
  loss: { tag: 'actlab-loss', attrs: ['loss', 'target', 'pmin'], negativeOk: ['target', 'pmin'] },
  neuron: { tag: 'actlab-neuron', attrs: ['fn', 'w1', 'b'], negativeOk: ['w1', 'b'] },
  descent: { tag: 'actlab-descent', attrs: ['surface', 'optimizer', 'lr', 'steps'] },
  chain: { tag: 'actlab-chain', attrs: ['fn', 'layers', 'z'], negativeOk: ['z'] },
  playground: {
    tag: 'actlab-playground',
    attrs: ['dataset', 'layers', 'lr', 'samples', 'batch'],
    chapter: ['01-why/02-linear-collapse.html', 'pg-xor'],
  },
  compare: {
    tag: 'actlab-compare',
    attrs: ['preset', 'lr', 'steps', 'seed'],
    chapter: ['07-lab/02-compare.html', 'lab-dead'],
  },
};

// Installed before any page script: the trap and a record of anything that fires it.
function installTrap() {
  Object.defineProperty(window, '__pwned', {
    configurable: false,
    get: () => window.__pwnedValue,
    set: (v) => {
      window.__pwnedValue = v;
      window.__pwnedStack = new Error('trap').stack;
    },
  });
}

const session = siteSession({ context: { viewport: { width: 1280, height: 900 } }, initScript: installTrap });

async function openPage(url) {
  const page = await watchedPage(session.context);
  page.dialogs = [];
  page.on('dialog', (dialog) => {
    page.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  await page.goto(url);
  await settle(page);
  return page;
}

/** The page answers a trivial evaluate within 5 s (no freeze). */
async function assertResponsive(page, what) {
  const t0 = Date.now();
  const answer = await Promise.race([
    page.evaluate(() => 42),
    new Promise((resolve) => setTimeout(() => resolve('timeout'), 5000)),
  ]);
  assert.equal(answer, 42, `${what}: the page froze`);
  return Date.now() - t0;
}

/** Nothing ran: no trap, no dialog, no event-handler attribute or injected element in any shadow root. */
async function assertNothingRan(page, what) {
  const report = await page.evaluate(() => {
    const injected = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name)) injected.push(`<${el.localName} ${attr.name}>`);
          if (/^\s*javascript:/i.test(attr.value) && /^(href|src|action|formaction)$/i.test(attr.name))
            injected.push(`<${el.localName} ${attr.name}=javascript:>`);
        }
        if (el.localName === 'img' && el.getAttribute('src') === 'x') injected.push('<img src=x>');
        if (el.localName === 'script' && /__pwned/.test(el.textContent ?? ''))
          injected.push('<script> with the payload');
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return { pwned: window.__pwnedValue ?? null, stack: window.__pwnedStack ?? null, injected };
  });
  assert.equal(report.pwned, null, `${what}: the payload ran (${report.stack})`);
  assert.deepEqual(page.dialogs, [], `${what}: a dialog opened`);
  assert.deepEqual(report.injected, [], `${what}: markup from the payload is in the page`);
}

/** Each hostile attribute has its expected value (`defaults`) and the widget shows a visible Chinese notice naming it. */
async function assertFallback(page, selector, defaults, attrs, what) {
  const result = await page.$eval(
    selector,
    (el, attrs) => {
      const box = el.shadowRoot?.querySelector('.notice');
      const rect = box?.getBoundingClientRect();
      const style = box ? getComputedStyle(box) : undefined;
      return {
        state: el.getState(),
        ready: el.dataset.ready === 'true',
        notice: box?.textContent ?? '',
        visible:
          !!rect && rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none',
        named: attrs.filter((a) => [...(box?.children ?? [])].some((p) => p.textContent.includes(a))),
      };
    },
    attrs,
  );
  assert.ok(result.ready, `${what}: the widget did not draw`);
  for (const attr of attrs) {
    assert.equal(
      result.state[attr],
      defaults[attr],
      `${what}: ${attr} = ${String(result.state[attr]).slice(0, 80)}, expected ${defaults[attr]}`,
    );
  }
  assert.ok(result.visible, `${what}: no visible notice`);
  assert.match(
    result.notice,
    /[\u4e00-\u9fff]/,
    `${what}: the notice is not in Chinese: ${result.notice.slice(0, 200)}`,
  );
  assert.deepEqual(
    result.named,
    attrs,
    `${what}: the notice does not name every bad attribute: ${result.notice.slice(0, 300)}`,
  );
  assert.ok(result.notice.length < 4000, `${what}: the notice echoes the payload (${result.notice.length} characters)`);
}

async function assertClean(page, what) {
  const problems = await page.problems();
  assert.deepEqual(problems, [], `${what}: problems on the page`);
}

const defaultsCache = new Map();
async function defaultsOf(name) {
  if (!defaultsCache.has(name)) {
    const page = await openPage(`${session.site.url}embed/${name}.html`);
    defaultsCache.set(name, await page.$eval(WIDGETS[name].tag, (el) => el.getState()));
    await page.close();
  }
  return defaultsCache.get(name);
}

/** The state of the widget with this id on a chapter page opened without a query. */
async function pageStateOf(path, id) {
  const page = await openPage(`${session.site.url}${path}`);
  try {
    return await page.$eval(`#${id}`, (el) => el.getState());
  } finally {
    await page.close();
  }
}

/** The attributes a payload is invalid for: all of them, except -5 where negatives are allowed. */
const targets = (widget, kind) =>
  kind === 'negativeSize' ? widget.attrs.filter((a) => !(widget.negativeOk ?? []).includes(a)) : widget.attrs;

const query = (attrs, value, prefix = '') =>
  attrs.map((a) => `${encodeURIComponent(prefix + a)}=${encodeURIComponent(value)}`).join('&');

for (const [name, widget] of Object.entries(WIDGETS)) {
  describe(`<${widget.tag}> under hostile input`, () => {
    test(`hostile values in the query and hash of /embed/${name}.html`, async () => {
      const defaults = await defaultsOf(name);
      for (const [kind, payload] of Object.entries(PAYLOADS)) {
        const what = `${name}, URL ${kind}`;
        const attrs = targets(widget, kind);
        const page = await openPage(`${session.site.url}embed/${name}.html?${query(attrs, payload)}${HASH}`);
        try {
          await assertResponsive(page, what);
          await assertNothingRan(page, what);
          await assertFallback(page, widget.tag, defaults, attrs, what);
          await assertClean(page, what);
        } finally {
          await page.close();
        }
      }
    });

    test('hostile attributes set from script, 10 MB strings, and a 10 MB URL value', async () => {
      const defaults = await defaultsOf(name);
      const page = await openPage(`${session.site.url}embed/${name}.html`);
      try {
        const cases = {
          ...PAYLOADS,
          tenMegabytes: 'x'.repeat(10_000_000),
          tenMegabyteNumber: '1' + '0'.repeat(10_000_000),
        };
        for (const [kind, payload] of Object.entries(cases)) {
          const what = `${name}, attributes ${kind}`;
          const attrs = targets(widget, kind);
          // A new element with hostile attributes, and the page's element changed in place.
          const setMs = await page.evaluate(
            ({ tag, attrs, payload }) => {
              const t0 = performance.now();
              document.querySelector('#hostile-new')?.remove();
              const fresh = document.createElement(tag);
              fresh.id = 'hostile-new';
              fresh.setAttribute('url-state', 'off');
              for (const a of attrs) fresh.setAttribute(a, payload);
              document.body.append(fresh);
              const existing = document.querySelector(`${tag}:not(#hostile-new)`);
              for (const a of attrs) existing.setAttribute(a, payload);
              return performance.now() - t0;
            },
            { tag: widget.tag, attrs, payload },
          );
          assert.ok(
            setMs < MAX_BLOCK_MS,
            `${what}: setting the attributes blocked the page for ${Math.round(setMs)} ms`,
          );
          const setStart = Date.now();
          await settle(page, { networkIdle: false });
          assert.ok(
            Date.now() - setStart < 3 * MAX_BLOCK_MS,
            `${what}: ${Date.now() - setStart} ms until the widgets drew`,
          );
          const ms = await assertResponsive(page, what);
          assert.ok(ms < 5000, `${what}: ${ms} ms to answer`);
          await assertNothingRan(page, what);
          await assertFallback(page, '#hostile-new', defaults, attrs, `${what} (new element)`);
          await assertFallback(page, `${widget.tag}:not(#hostile-new)`, defaults, attrs, `${what} (existing element)`);
          // Back to clean attributes, so the next case starts from the defaults again.
          await page.evaluate(
            ({ tag, attrs }) => {
              const existing = document.querySelector(`${tag}:not(#hostile-new)`);
              for (const a of attrs) existing.removeAttribute(a);
            },
            { tag: widget.tag, attrs },
          );
        }

        // A 10 MB value in the page URL, read by an element connected afterwards.
        const what = `${name}, 10 MB URL value`;
        const urlStart = Date.now();
        const urlMs = await page.evaluate(
          ({ tag, attrs }) => {
            // 10 MB in the first hostile key, short hostile values in the others.
            const big = encodeURIComponent('<script>window.__pwned=1</script>' + 'y'.repeat(10_000_000));
            const small = encodeURIComponent('"><img src=x onerror=window.__pwned=1>');
            history.replaceState(
              null,
              '',
              `${location.pathname}?${attrs.map((a, i) => `${a}=${i === 0 ? big : small}`).join('&')}`,
            );
            document.querySelector('#hostile-new')?.remove();
            const existing = document.querySelector(tag);
            existing.remove();
            const t0 = performance.now();
            const again = document.createElement(tag);
            again.setAttribute('url-state', 'plain');
            again.id = 'hostile-url';
            document.body.append(again);
            return performance.now() - t0;
          },
          { tag: widget.tag, attrs: widget.attrs },
        );
        assert.ok(
          urlMs < MAX_BLOCK_MS,
          `${what}: connecting a widget that reads the URL blocked the page for ${Math.round(urlMs)} ms`,
        );
        await settle(page, { networkIdle: false });
        const urlWall = Date.now() - urlStart;
        assert.ok(urlWall < 3 * MAX_BLOCK_MS, `${what}: ${urlWall} ms until the widget drew`);
        await assertResponsive(page, what);
        await assertNothingRan(page, what);
        await assertFallback(page, '#hostile-url', defaults, widget.attrs, what);
        // The rejected values are taken out of the URL (not written back 10 MB long).
        const urlLength = await page.evaluate(() => location.href.length);
        assert.ok(urlLength < 100_000, `${what}: the URL is still ${urlLength} characters long`);
        await assertClean(page, what);
      } finally {
        await page.close();
      }
    });

    if (widget.chapter) {
      const [path, id] = widget.chapter;
      if (name === 'activation')
        test(`a heading's own hash on ${path} is kept and scrolled to`, async () => {
          const first = await openPage(`${session.site.url}${path}`);
          const heading = await first.$eval('.vp-doc h2[id]', (h) => h.id);
          await first.close();
          const page = await openPage(`${session.site.url}${path}#${encodeURIComponent(heading)}`);
          try {
            await page.waitForFunction((h) => document.getElementById(h)?.getBoundingClientRect().top < 200, heading);
            assert.equal(await page.evaluate(() => decodeURIComponent(location.hash)), `#${heading}`);
            await assertClean(page, `${path}#${heading}`);
          } finally {
            await page.close();
          }
        });

      test(`hostile ?${id}.<attr>= values on the chapter page ${path}`, async () => {
        // A bad URL value falls back to the chapter's own attribute (or the default where the
        // page sets none): the state of the page opened without the query, which is what the
        // cleaned link shows on reload. Every attribute another one depends on is made hostile too.
        const defaults = await pageStateOf(path, id);
        for (const kind of ['script', 'breaker', 'javascript', 'huge', 'nan', 'negativeSize']) {
          const what = `${name} on ${path}, ${kind}`;
          const attrs = targets(widget, kind);
          const page = await openPage(`${session.site.url}${path}?${query(attrs, PAYLOADS[kind], `${id}.`)}${HASH}`);
          try {
            await assertResponsive(page, what);
            await assertNothingRan(page, what);
            await assertFallback(page, `#${id}`, defaults, attrs, what);
            await assertClean(page, what);
            // The theme drops a hash no heading could have (docs/.vitepress/theme/index.ts).
            assert.equal(await page.evaluate(() => location.hash), '', `${what}: the hostile hash is still there`);
          } finally {
            await page.close();
          }
        }
      });
    }
  });
}
