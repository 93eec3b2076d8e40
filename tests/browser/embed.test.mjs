// Embedding from another origin: a page served on a second local port (its own
// CSP allows only the site's origin) embeds an /embed/ page in an iframe and,
// separately, loads the embed bundle with <script type="module"> and uses an
// element directly. Both must draw the module's numbers with no error, no
// failed request and no CSP violation.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import createActLab from '../../wasm/dist/actlab.mjs';
import {
  launchBrowser,
  recordLayoutShifts,
  repoRoot,
  requireBuiltSite,
  settle,
  siteRoot,
  startSite,
  watchedPage,
} from './harness.mjs';

requireBuiltSite();
const lab = await createActLab({ wasmBinary: readFileSync(join(repoRoot, 'wasm/dist/actlab.wasm')) });

// The Content-Security-Policy docs/guide/embedding.md tells teachers to send
// (its 'CSP' paragraph): nothing more is needed for either way of embedding.
function guideCsp(siteOrigin) {
  return [
    "default-src 'self'",
    `script-src 'self' ${siteOrigin} 'wasm-unsafe-eval'`,
    `connect-src 'self' ${siteOrigin}`,
    `frame-src ${siteOrigin}`,
  ].join('; ');
}

function hostPage(siteOrigin, title, body, csp = guideCsp(siteOrigin)) {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${title}</title>
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;
}

describe('embedding from a second origin', () => {
  let site;
  let host;
  let hostDir;
  let browser;
  let context;

  before(async () => {
    site = await startSite();
    hostDir = mkdtempSync(join(tmpdir(), 'actlab-host-'));
    const embedUrl = `${site.url}embed/activation.html?fn=tanh&compare=sigmoid`;
    writeFileSync(join(hostDir, 'index.html'), hostPage(site.origin, '另一个站点', '<p>课程主页</p>'));
    writeFileSync(
      join(hostDir, 'iframe.html'),
      hostPage(
        site.origin,
        '用 iframe 嵌入',
        `<iframe src="${embedUrl.replace(/&/g, '&amp;')}" title="激活函数探索器" width="900" height="700"></iframe>`,
      ),
    );
    writeFileSync(
      join(hostDir, 'direct.html'),
      hostPage(
        site.origin,
        '直接使用小部件',
        `<script type="module" src="${site.url}embed/actlab-embed.js"></script>\n<actlab-chain id="course-chain" fn="tanh" layers="6" z="1"></actlab-chain>`,
      ),
    );
    // The CSP the guide gave before (no connect-src): the wasm fetch falls under default-src 'self'.
    writeFileSync(
      join(hostDir, 'old-csp.html'),
      hostPage(
        site.origin,
        '旧的 CSP 建议',
        `<script type="module" src="${site.url}embed/actlab-embed.js"></script>\n<actlab-activation id="old-csp" fn="tanh"></actlab-activation>`,
        `default-src 'self'; script-src 'self' ${site.origin} 'wasm-unsafe-eval'`,
      ),
    );
    writeFileSync(
      join(hostDir, 'direct-all.html'),
      hostPage(
        site.origin,
        '直接使用：函数与训练器小部件',
        `<script type="module" src="${site.url}embed/actlab-embed.js"></script>\n` +
          '<actlab-loss id="course-loss" loss="bce" target="1"></actlab-loss>\n' +
          '<actlab-playground id="course-playground"></actlab-playground>',
      ),
    );
    // The guide's resize script next to an iframe whose tag height is too small.
    writeFileSync(
      join(hostDir, 'resize.html'),
      hostPage(
        site.origin,
        '自动调整 iframe 高度',
        // a host style sheet that sizes boxes by their border box and gives iframes a thick border
        '<link rel="stylesheet" href="host.css">\n' +
          `<script src="${site.url}embed/actlab-resize.js" async></script>\n` +
          `<iframe id="frame" src="${embedUrl.replace(/&/g, '&amp;')}" title="激活函数探索器" width="800" height="300"></iframe>`,
      ),
    );
    writeFileSync(
      join(hostDir, 'host.css'),
      '*, ::before, ::after { box-sizing: border-box; }\niframe { border: 5px solid #888; }\n',
    );
    // Chromium asks every origin for /favicon.ico; the host has its own.
    writeFileSync(join(hostDir, 'favicon.ico'), readFileSync(join(siteRoot, 'favicon.ico')));
    host = await startSite({ root: hostDir, csp: false });
    assert.notEqual(host.origin, site.origin);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  });

  after(async () => {
    await browser?.close();
    site?.stop();
    host?.stop();
    if (hostDir) rmSync(hostDir, { recursive: true, force: true });
  });

  test('the embed bundle, its chunks and its wasm are in the site output', () => {
    const entry = readFileSync(join(siteRoot, 'embed/actlab-embed.js'), 'utf8');
    assert.ok(entry.length > 0, 'embed/actlab-embed.js is empty');
    // the entry may be split into chunks beside it; each one it imports must exist
    for (const [, chunk] of entry.matchAll(/from\s*["']\.\/([^"']+)["']|import\(\s*["']\.\/([^"']+)["']\s*\)/g)) {
      if (chunk) assert.ok(readFileSync(join(siteRoot, 'embed', chunk)).length > 0, `embed/${chunk} is missing`);
    }
    assert.ok(readFileSync(join(siteRoot, 'embed/actlab.wasm')).length > 1000, 'embed/actlab.wasm is missing');
  });

  test('an iframe of /embed/activation on another origin draws the module numbers', async () => {
    const page = await watchedPage(context);
    await page.goto(`${host.url}iframe.html`);
    const frame = page.frames().find((f) => f.url().startsWith(`${site.url}embed/activation.html`));
    assert.ok(
      frame,
      `no frame from ${site.origin}: ${page
        .frames()
        .map((f) => f.url())
        .join(', ')}`,
    );
    await settle(frame);
    const plotted = await frame.$eval('actlab-activation', (el) => el.plotted());
    const tanh = plotted.series.find((s) => s.id === 'f:tanh');
    const sigmoid = plotted.series.find((s) => s.id === 'f:sigmoid');
    assert.ok(tanh && sigmoid, `series: ${plotted.series.map((s) => s.id)}`);
    const expected = lab.activationEval('tanh', Float64Array.from(plotted.x), new Float64Array(0));
    tanh.y.forEach((y, i) => assert.ok(Math.abs(y - expected[i]) < 1e-12, `tanh at ${plotted.x[i]}`));
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });

  test('the embed bundle loaded cross-origin defines the elements and fetches its wasm from the site', async () => {
    const page = await watchedPage(context);
    const wasmRequests = [];
    page.on('request', (request) => {
      if (request.url().endsWith('.wasm')) wasmRequests.push(request.url());
    });
    await page.goto(`${host.url}direct.html`);
    await settle(page);
    // the page has only a function widget, so the bundle fetches the build without the trainer
    assert.deepEqual(wasmRequests, [`${site.url}embed/actlab-functions.wasm`]);
    const plotted = await page.$eval('#course-chain', (el) => el.plotted());
    const slopes = lab.activationGrad('tanh', Float64Array.from(plotted.preActivations), new Float64Array(0));
    let running = 1;
    const product = plotted.series.find((s) => s.id === 'product:tanh').y;
    assert.equal(product.length, 6);
    product.forEach((value, l) => {
      running *= slopes[l];
      assert.ok(Math.abs(value - running) <= 1e-12, `layer ${l + 1}: ${value} vs ${running}`);
    });
    // The embed snippets of a directly used element point back to the site, not to the host page.
    await page.getByRole('button', { name: '嵌入' }).click();
    const iframeSnippet = await page.getByLabel('iframe 写法').inputValue();
    assert.ok(iframeSnippet.includes(`src="${site.url}embed/chain.html?`), iframeSnippet);
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });

  test('with the CSP the guide gives, a function widget and a trainer widget work directly on the page', async () => {
    const page = await watchedPage(context);
    await page.goto(`${host.url}direct-all.html`);
    await settle(page);
    for (const id of ['course-loss', 'course-playground']) {
      const plotted = await page.$eval(`#${id}`, (el) => el.plotted());
      assert.ok(plotted && plotted.series.length > 0, `#${id} drew nothing`);
      const alert = await page.$eval(`#${id}`, (el) => el.shadowRoot.textContent);
      assert.doesNotMatch(alert, /无法加载/, `#${id}: ${alert.slice(0, 200)}`);
    }
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });

  test('without connect-src (the old advice of the guide) the wasm fetch is blocked, which is why the guide names it', async () => {
    const page = await watchedPage(context);
    await page.goto(`${host.url}old-csp.html`);
    await page.waitForFunction(
      () => /无法加载 WebAssembly/.test(document.querySelector('#old-csp')?.shadowRoot?.textContent ?? ''),
      null,
      {
        timeout: 15_000,
      },
    );
    assert.ok(
      (await page.problems()).some((p) => /connect-src/.test(p)),
      (await page.problems()).join('\n'),
    );
    await page.close();
  });

  test('actlab-resize.js sizes a cross-origin embed iframe to its content and ignores messages from other origins', async () => {
    const page = await watchedPage(context);
    await page.goto(`${host.url}resize.html`);
    const frame = page.frames().find((f) => f.url().startsWith(`${site.url}embed/activation.html`));
    assert.ok(frame, 'no embed frame');
    await settle(frame);
    const content = () =>
      frame.evaluate(() =>
        Math.ceil(document.querySelector('main.actlab-embed').getBoundingClientRect().bottom + scrollY),
      );
    const frameHeight = () => page.$eval('#frame', (f) => f.clientHeight);
    await page.waitForFunction(async () => document.querySelector('#frame').clientHeight > 300, null, {
      timeout: 10_000,
    });
    const wanted = await content();
    assert.ok(wanted > 500, `content height ${wanted}`);
    await page.waitForFunction((h) => Math.abs(document.querySelector('#frame').clientHeight - h) <= 1, wanted, {
      timeout: 10_000,
    });
    // the whole widget shows: the frame's document does not scroll
    assert.ok(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1));
    // a message of the right shape from the host's own origin (not the site's) changes nothing
    await page.evaluate(() => window.postMessage({ type: 'actlab:embed-height', height: 4000 }, '*'));
    // nor does a message of the wrong shape, nor a height that is not a number
    await page.evaluate(() => {
      window.postMessage('actlab:embed-height 4000', '*');
      window.postMessage({ type: 'actlab:embed-height', height: '4000px' }, '*');
    });
    await page.waitForTimeout(300);
    assert.ok(
      Math.abs((await frameHeight()) - wanted) <= 1,
      `frame height ${await frameHeight()} after forged messages`,
    );
    // the frame follows its content: opening the 嵌入 panel inside makes it taller
    await frame.getByRole('button', { name: '嵌入' }).click();
    await page.waitForFunction((h) => document.querySelector('#frame').clientHeight > h + 50, wanted, {
      timeout: 10_000,
    });
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });
});

describe('embed snippet heights', () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    site?.stop();
  });

  test('the live example on the guide page grows to show the whole widget, without a scroll bar inside', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    try {
      const page = await watchedPage(context);
      await page.goto(`${site.url}guide/embedding.html`);
      const frameElement = page.locator('iframe.actlab-guide-frame');
      await frameElement.scrollIntoViewIfNeeded();
      const frame = await (await frameElement.elementHandle()).contentFrame();
      await settle(frame);
      await page.waitForFunction(
        () => {
          const element = document.querySelector('iframe.actlab-guide-frame');
          const doc = element.contentDocument;
          return doc && doc.documentElement.scrollHeight <= element.clientHeight && element.clientHeight > 480;
        },
        null,
        { timeout: 10_000 },
      );
      assert.deepEqual(await page.problems(), []);
      await page.close();
    } finally {
      await context.close();
    }
  });

  test('each embed page at 800 px wide fits in the height of its own iframe snippet, whose address ends in .html', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 700 }, locale: 'zh-CN' });
    const short = [];
    try {
      for (const name of ['activation', 'loss', 'neuron', 'descent', 'chain', 'playground', 'compare']) {
        const page = await watchedPage(context);
        await page.goto(`${site.url}embed/${name}.html`);
        await settle(page);
        const content = await page.evaluate(() =>
          Math.ceil(document.querySelector('main.actlab-embed').getBoundingClientRect().bottom + scrollY),
        );
        await page.getByRole('button', { name: '嵌入' }).first().click();
        const snippet = await page.getByLabel('iframe 写法').first().inputValue();
        const height = Number(/ height="(\d+)"/.exec(snippet)?.[1]);
        const src = /src="([^"]+)"/.exec(snippet)?.[1].replace(/&amp;/g, '&');
        assert.ok(src, snippet);
        const path = new URL(src).pathname;
        assert.ok(existsSync(join(siteRoot, path)), `${name}: the snippet's ${path} is not a file of the built site`);
        if (!(height >= content)) short.push(`${name}: snippet height ${height} < content ${content}`);
        assert.deepEqual(await page.problems(), []);
        await page.close();
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(short, []);
  });

  test('every embed page draws at phone and desktop width without moving what is shown', async () => {
    // Layout shifts here came from the title row growing when the embed button was added,
    // from the loading message's margin, from a trainer's loss chart whose box got its
    // height a frame after it was first painted, and from the comparison lab's step
    // count, legend and run tiles, which its first picture filled in later tasks.
    for (const viewport of [
      { width: 412, height: 823 },
      { width: 1280, height: 800 },
    ]) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN' });
      await recordLayoutShifts(context);
      try {
        for (const name of ['activation', 'loss', 'neuron', 'descent', 'chain', 'playground', 'compare']) {
          const page = await watchedPage(context);
          await page.goto(`${site.url}embed/${name}.html`);
          await settle(page);
          await page.waitForTimeout(300);
          const shifts = await page.evaluate(() => window.__shifts);
          assert.deepEqual(shifts, [], `${name} at ${viewport.width} px: layout shifts while loading`);
          assert.deepEqual(await page.problems(), []);
          await page.close();
        }
      } finally {
        await context.close();
      }
    }
  });

  test('each embed page runs its widget without the docs app (no Vue, theme, site data or page chunk), in both colour schemes', async () => {
    const appFile =
      /\/assets\/(?:app\.[\w-]+\.js|chunks\/(?:framework|theme|metadata)\.[\w-]+\.js|[\w-]+\.md\.[\w-]+(?:\.lean)?\.js)$/;
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width: 412, height: 823 }, locale: 'zh-CN', colorScheme });
      try {
        for (const name of ['activation', 'loss', 'neuron', 'descent', 'chain', 'playground', 'compare']) {
          const page = await watchedPage(context);
          const requested = [];
          page.on('request', (request) => requested.push(new URL(request.url()).pathname));
          await page.goto(`${site.url}embed/${name}.html`);
          await settle(page);
          assert.deepEqual(
            requested.filter((path) => appFile.test(path)),
            [],
            `${name}: the embed page loaded part of the docs app`,
          );
          const seen = await page.evaluate((tag) => {
            const element = document.querySelector(tag);
            const drawn = [...element.shadowRoot.querySelectorAll('canvas')].filter((c) => c.width > 0).length;
            return {
              defined: customElements.get(tag) !== undefined,
              drawn,
              dark: document.documentElement.classList.contains('dark'),
              background: getComputedStyle(document.body).backgroundColor,
            };
          }, `actlab-${name}`);
          assert.ok(seen.defined && seen.drawn > 0, `${name}: ${JSON.stringify(seen)}`);
          assert.equal(seen.dark, colorScheme === 'dark', name);
          // the theme's page colours apply without the app (rgb(255, 255, 255) and VitePress's dark grey)
          const [r] = seen.background.match(/\d+/g).map(Number);
          assert.ok(colorScheme === 'dark' ? r < 60 : r > 200, `${name} ${colorScheme}: body ${seen.background}`);
          assert.deepEqual(await page.problems(), []);
          await page.close();
        }
      } finally {
        await context.close();
      }
    }
  });
});
