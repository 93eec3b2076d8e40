// Embedding from another origin: a page served on a second local port (its own
// CSP allows only the site's origin) embeds an /embed/ page in an iframe and,
// separately, loads the embed bundle with <script type="module"> and uses an
// element directly. Both must draw the module's numbers with no error, no
// failed request and no CSP violation.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import createActLab from '../../wasm/dist/actlab.mjs';
import { launchBrowser, repoRoot, requireBuiltSite, settle, siteRoot, startSite, watchedPage } from './harness.mjs';

requireBuiltSite();
const lab = await createActLab({ wasmBinary: readFileSync(join(repoRoot, 'wasm/dist/actlab.wasm')) });

function hostPage(siteOrigin, title, body) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${siteOrigin} 'wasm-unsafe-eval'`,
    `connect-src 'self' ${siteOrigin}`,
    `frame-src ${siteOrigin}`,
    "style-src 'self' 'unsafe-inline'",
  ].join('; ');
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
        `<iframe src="${embedUrl.replace(/&/g, '&amp;')}" title="激活函数探索器" width="900" height="700" style="border:0"></iframe>`,
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
    assert.ok(iframeSnippet.includes(`src="${site.url}embed/chain?`), iframeSnippet);
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });
});
