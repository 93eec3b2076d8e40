// docs/.vitepress/embed-pages.ts: the embed pages' HTML without the docs app, the
// empty icon sheet's link dropped, and Vite's preload helper in a chunk of its own.
// tests/browser/embed.test.mjs checks the built pages in Chromium; this checks the
// edits themselves, on HTML shaped like VitePress's, under a sub-path too.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { importSiteModule } from './web-bundle.mjs';

let site;
before(async () => {
  site = await importSiteModule('docs/.vitepress/embed-pages.ts');
});

/** The head VitePress writes for an embed page, plus the widget tags config.mts adds. */
function embedHead(base, page = 'embed/loss.md') {
  const chunk = page.replace(/\//g, '_');
  return `<!DOCTYPE html>
<html lang="zh-CN" dir="ltr">
  <head>
    <meta charset="utf-8">
    <title>损失函数探索器 | ActLab</title>
    <link rel="preload stylesheet" href="${base}assets/style.uvQn3gXl.css" as="style">
    <link rel="preload stylesheet" href="${base}vp-icons.css" as="style">
    <script type="module" src="${base}assets/chunks/metadata.f0fd8b28.js"></script>
    <script type="module" src="${base}assets/app.DKK2a7_6.js"></script>
    <link rel="modulepreload" href="${base}assets/chunks/theme.DcqWaN07.js">
    <link rel="modulepreload" href="${base}assets/chunks/framework.DBQgXQMT.js">
    <link rel="modulepreload" href="${base}assets/chunks/preload-helper.D7HrI6pR.js">
    <link rel="modulepreload" href="${base}assets/${chunk}.BV32Es6N.lean.js">
    <script id="check-dark-mode">(()=>{})();</script>
    <link rel="modulepreload" href="${base}assets/chunks/site-entry.mBY8Ft4j.js">
    <link rel="modulepreload" href="${base}assets/chunks/preload-helper.D7HrI6pR.js">
    <script type="module" async src="${base}assets/chunks/site-entry.mBY8Ft4j.js"></script>
  </head>
  <body><div id="app"><main class="actlab-embed"><actlab-loss></actlab-loss></main></div></body>
</html>`;
}

const tagsOf = (html) => html.match(/<(?:script|link)\b[^>]*>/g);

for (const base of ['/', '/courses/actlab/']) {
  test(`an embed page keeps its widget's tags and loses the app's (base ${base})`, () => {
    const out = site.withoutDocsApp(embedHead(base), base, 'embed/loss.md');
    assert.deepEqual(tagsOf(out), [
      `<link rel="preload stylesheet" href="${base}assets/style.uvQn3gXl.css" as="style">`,
      `<link rel="preload stylesheet" href="${base}vp-icons.css" as="style">`,
      `<link rel="modulepreload" href="${base}assets/chunks/preload-helper.D7HrI6pR.js">`,
      '<script id="check-dark-mode">',
      `<link rel="modulepreload" href="${base}assets/chunks/site-entry.mBY8Ft4j.js">`,
      `<script type="module" async src="${base}assets/chunks/site-entry.mBY8Ft4j.js">`,
    ]);
    assert.match(out, /<main class="actlab-embed"><actlab-loss><\/actlab-loss><\/main>/);
  });
}

test('a missing or repeated app tag fails the build instead of leaving the app half-loaded', () => {
  const html = embedHead('/');
  const appTag = '<script type="module" src="/assets/app.DKK2a7_6.js"></script>';
  assert.throws(
    () => site.withoutDocsApp(html.replace(appTag, ''), '/', 'embed/loss.md'),
    /one app entry tag.*found 0/,
  );
  assert.throws(() => site.withoutDocsApp(html.replace(appTag, appTag + appTag), '/', 'embed/loss.md'), /found 2/);
  // the page chunk is the page's own: another page's name is not it
  assert.throws(() => site.withoutDocsApp(html, '/', 'embed/chain.md'), /one page chunk tag/);
  // tags written for another base are not recognised
  assert.throws(() => site.withoutDocsApp(html, '/sub/', 'embed/loss.md'), /expected one/);
  // an app tag this list does not know (a second theme chunk) is reported
  const extra = html.replace('</head>', '<link rel="modulepreload" href="/assets/chunks/theme.X1.js">\n</head>');
  assert.throws(() => site.withoutDocsApp(extra, '/', 'embed/loss.md'), /one theme chunk tag.*found 2/);
  const unknown = html.replace(
    '</head>',
    '<script type="module" src="/assets/chunks/framework.Y2.js"></script></head>',
  );
  assert.throws(() => site.withoutDocsApp(unknown, '/', 'embed/loss.md'), /docs-app tag is left/);
});

test('the empty icon sheet is unlinked only while the theme has no social links', () => {
  const html = embedHead('/sub/');
  const without = site.withoutEmptyIconSheet(html, '/sub/', undefined);
  assert.doesNotMatch(without, /vp-icons\.css/);
  assert.equal(site.withoutEmptyIconSheet(html, '/sub/', []), without);
  assert.equal(site.withoutEmptyIconSheet(html, '/sub/', [{ icon: 'github', link: 'https://example.org' }]), html);
  assert.throws(() => site.withoutEmptyIconSheet(without, '/sub/', undefined), /vp-icons\.css link not found/);
});

test("Vite's preload helper gets its own chunk; every other module goes where VitePress puts it", () => {
  const vitepress = (id) => (id.startsWith('\0vite') || id.includes('/node_modules/vue/') ? 'framework' : undefined);
  const options = site.preloadHelperChunk.outputOptions({ format: 'es', manualChunks: vitepress });
  assert.equal(options.format, 'es');
  assert.equal(options.manualChunks('\0vite/preload-helper.js', {}), 'preload-helper');
  assert.equal(options.manualChunks('\0vite/modulepreload-polyfill.js', {}), 'framework');
  assert.equal(options.manualChunks('/x/node_modules/vue/index.js', {}), 'framework');
  assert.equal(options.manualChunks('/x/web/widgets/site-entry.ts', {}), undefined);
  // the server bundle has no manual chunks: nothing to change
  assert.equal(site.preloadHelperChunk.outputOptions({ format: 'es' }), null);
});
