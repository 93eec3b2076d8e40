// The site shell as a reader sees it: Chinese labels everywhere, sidebar and
// prev/next, dark mode, a usable 375 px layout, Chinese search that finds a word
// in the middle of a sentence, maths rendered at build time, the 404 page and
// the favicon, revalidation by ETag. Saves the desktop (1280×800) and phone (375×740) screenshots.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  DESKTOP,
  finishClean,
  openSettled,
  PHONE,
  builtPages,
  recordLayoutShifts,
  requireBuiltSite,
  screenshot,
  settle,
  siteRoot,
  siteSession,
  watchedPage,
} from './harness.mjs';

requireBuiltSite();

describe('site shell', () => {
  const session = siteSession();
  let desktop;
  let phone;

  before(async () => {
    desktop = await session.browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', colorScheme: 'light' });
    phone = await session.browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      colorScheme: 'light',
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
  });

  const open = (context, path) => openSettled(context, session.site.url + path);

  test('a content page shows the Chinese UI labels, the sidebar in chapter order and prev/next', async () => {
    const page = await open(desktop, 'guide/embedding.html');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.match(await page.locator('.VPNavBarSearch button').innerText(), /搜索/);
    assert.equal(await page.locator('.VPNavBarSearch button').getAttribute('aria-label'), '搜索文档');
    assert.equal((await page.locator('.VPDocAsideOutline .outline-title').innerText()).trim(), '本页目录');
    assert.equal(await page.locator('.VPSwitchAppearance').first().getAttribute('title'), '切换到深色模式');
    assert.match(await page.locator('.VPDocFooter .prev-next').innerText(), /上一页/);
    assert.match(await page.locator('.VPLastUpdated').innerText(), /最后更新于/);
    assert.equal(await page.locator('.VPSkipLink').innerText(), '跳到正文');

    const groups = await page.locator('.VPSidebar .VPSidebarItem.level-0 > .item .text').allInnerTexts();
    const chapters = groups.filter((g) => /^第 \d+ 章/.test(g));
    assert.ok(chapters.length >= 9, `sidebar groups: ${groups.join(' | ')}`);
    assert.deepEqual(
      chapters.map((g) => Number(/^第 (\d+) 章/.exec(g)[1])),
      chapters.map((_, i) => i + 1),
      'chapters out of order',
    );
    assert.equal(groups.at(-1), '附录');
    await screenshot(page, 'desktop-guide-embedding');
    await finishClean(page);
  });

  test('a chapter section links to the previous and next page in sidebar order', async () => {
    const sections = builtPages().filter((p) => /^\d\d-[^/]+\/\d\d-[^/]+\.html$/.test(p));
    assert.ok(sections.length > 0, 'no section pages built yet');
    const page = await open(desktop, sections[0]);
    const prev = page.locator('.VPDocFooter .pager-link.prev');
    const next = page.locator('.VPDocFooter .pager-link.next');
    assert.match(await prev.innerText(), /上一页/);
    assert.match(await next.innerText(), /下一页/);
    // the first section of a chapter comes right after the chapter introduction
    assert.equal(new URL(await prev.evaluate((a) => a.href)).pathname, `/${sections[0].split('/')[0]}/`);
    await screenshot(page, 'desktop-chapter-section');
    await finishClean(page);
  });

  test('in an English browser the last-updated date is written in Chinese and the nav landmark has a Chinese name', async () => {
    const english = await session.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    try {
      const page = await open(english, '01-why/index.html');
      const updated = await page.locator('.VPLastUpdated time').innerText();
      assert.match(updated, /^\d{4}年\d{1,2}月\d{1,2}日/, `last updated: ${updated}`);
      assert.equal(await page.getByRole('navigation', { name: '主导航' }).count(), 1);
      assert.equal(await page.getByText('Main Navigation').count(), 0);
      await finishClean(page);
    } finally {
      await english.close();
    }
  });

  test('dark mode switches and survives a reload', async () => {
    const page = await open(desktop, '02-activations/index.html');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.locator('.VPNavBarAppearance .VPSwitchAppearance').click();
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('dark')), 'html.dark not set');
    await page.reload();
    await settle(page);
    assert.ok(
      await page.evaluate(() => document.documentElement.classList.contains('dark')),
      'dark mode lost on reload',
    );
    const dark = await background();
    assert.notEqual(dark, light);
    const [r, g, b] = dark.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 150, `dark background is ${dark}`);
    assert.equal(await page.locator('.VPNavBarAppearance .VPSwitchAppearance').getAttribute('title'), '切换到浅色模式');
    await screenshot(page, 'desktop-dark-chapter');
    await page.locator('.VPNavBarAppearance .VPSwitchAppearance').click(); // leave the context light for later tests
    await finishClean(page);
  });

  test('search finds a Chinese word that only occurs in the middle of a sentence', async () => {
    const word = '剪贴板';
    // the word sits between other Chinese characters in the built guide, so only a word tokenizer can find it
    const html = readFileSync(join(siteRoot, 'guide/embedding.html'), 'utf8');
    assert.match(
      html,
      new RegExp(`[\\u4e00-\\u9fff]${word}[\\u4e00-\\u9fff，。]`),
      'the test word is not mid-sentence any more',
    );
    const page = await open(desktop, 'index.html');
    await page.locator('.VPNavBarSearch button').click();
    const input = page.getByRole('combobox').or(page.locator('.VPLocalSearchBox input')).first();
    assert.equal(await input.getAttribute('placeholder'), '搜索');
    await input.fill(word);
    const results = page.locator('.VPLocalSearchBox .results li a');
    await results.first().waitFor({ timeout: 5000 });
    const hrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(
      hrefs.some((h) => h.includes('guide/embedding')),
      `results: ${hrefs.join(', ')}`,
    );

    // A query of several words typed without spaces must be cut into words in the browser too.
    await input.fill('复制到剪贴板');
    await page.waitForTimeout(300);
    await results.first().waitFor({ timeout: 5000 });
    const phraseHrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(
      phraseHrefs.some((h) => h.includes('guide/embedding')),
      `results for 复制到剪贴板: ${phraseHrefs.join(', ')}`,
    );

    await input.fill('不存在的词语组合');
    await page.locator('.VPLocalSearchBox .no-results').waitFor({ timeout: 5000 });
    assert.match(await page.locator('.VPLocalSearchBox .no-results').innerText(), /没有找到相关结果/);
    await finishClean(page);
  });

  test('maths is rendered at build time: SVG in the served HTML, no typesetting script at run time', async () => {
    const served = await (await fetch(`${session.site.url}index.html`)).text();
    assert.match(
      served,
      /<mjx-container[^>]*><span class="visually-hidden">公式：[^<]+<\/span><svg[^>]* aria-hidden="true"/,
    );
    const page = await watchedPage(desktop);
    const scripts = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await page.goto(`${session.site.url}index.html`);
    await settle(page);
    assert.ok((await page.locator('mjx-container svg').count()) >= 3);
    assert.deepEqual(
      scripts.filter((url) => /mathjax|katex|tex-/i.test(url)),
      [],
    );
    await finishClean(page);
  });

  test('an unknown address gets the Chinese 404 page with status 404', async () => {
    const page = await watchedPage(desktop, { allowHttpErrors: [/no-such-page/] });
    const response = await page.goto(`${session.site.url}no-such-page.html`);
    assert.equal(response.status(), 404);
    await page.locator('.NotFound').waitFor();
    const text = await page.locator('.NotFound').innerText();
    assert.match(text, /页面未找到/);
    assert.match(text, /返回首页/);
    const problems = (await page.problems()).filter((p) => !/404 \(Not Found\)/.test(p));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the favicon is served', async () => {
    const response = await fetch(`${session.site.url}favicon.ico`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/x-icon');
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 4)], [0, 0, 1, 0], 'not an ICO file');
  });

  test('a page or file fetched again is revalidated: a matching ETag gets 304 without a body', async () => {
    for (const [path, encoding] of [
      ['01-why/index.html', 'gzip'],
      ['01-why/index.html', 'identity'],
      ['favicon.svg', 'gzip'],
    ]) {
      const headers = { 'accept-encoding': encoding };
      const first = await fetch(`${session.site.url}${path}`, { headers });
      assert.equal(first.status, 200, path);
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^W\/"[\w-]+"$/, `${path}: no weak ETag`);
      assert.ok((await first.arrayBuffer()).byteLength > 0);
      const again = await fetch(`${session.site.url}${path}`, { headers: { ...headers, 'if-none-match': etag } });
      assert.equal(again.status, 304, `${path} (${encoding})`);
      assert.equal((await again.arrayBuffer()).byteLength, 0);
      assert.equal(again.headers.get('etag'), etag);
      assert.ok(again.headers.get('content-security-policy'), `${path}: 304 without the CSP`);
      const other = await fetch(`${session.site.url}${path}`, {
        headers: { ...headers, 'if-none-match': 'W/"other"' },
      });
      assert.equal(other.status, 200, `${path}: a different ETag must get the file`);
    }
    // the gzip and the plain response of one file share the weak ETag; another file has another
    const [a, b, c] = await Promise.all([
      fetch(`${session.site.url}01-why/index.html`, { headers: { 'accept-encoding': 'gzip' } }),
      fetch(`${session.site.url}01-why/index.html`, { headers: { 'accept-encoding': 'identity' } }),
      fetch(`${session.site.url}02-activations/index.html`),
    ]);
    assert.equal(a.headers.get('etag'), b.headers.get('etag'));
    assert.notEqual(a.headers.get('etag'), c.headers.get('etag'));
    // hashed assets are cached for a year and never revalidated: no ETag to send
    const html = await (await fetch(`${session.site.url}01-why/index.html`)).text();
    const asset = html.match(/href="\/(assets\/[^"]+\.css)"/)?.[1];
    assert.ok(asset, 'no stylesheet link in the page');
    const cached = await fetch(`${session.site.url}${asset}`);
    assert.match(cached.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(cached.headers.get('etag'), null);
  });

  test('on a wide screen the nav bar and the sidebar do not move while a page loads; the open chapter can still be closed', async () => {
    // The theme sets the nav bar's has-sidebar class and opens the current chapter's group
    // only after hydrating: the search box slid right and the groups below the current one
    // jumped down (hydrated-layout.ts writes those classes into the built pages).
    const section = builtPages().find((p) => /^07-lab\/\d\d-[^/]+\.html$/.test(p));
    const context = await session.browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', colorScheme: 'light' });
    await recordLayoutShifts(context);
    try {
      for (const path of ['07-lab/index.html', ...(section ? [section] : []), 'references.html', 'index.html']) {
        // not settle(): it scrolls to each widget, and this is about the first screen
        const page = await watchedPage(context);
        await page.goto(session.site.url + path);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        assert.deepEqual(await page.evaluate(() => window.__shifts), [], `${path}: layout shifts while loading`);
        if (path !== 'index.html') {
          const active = page.locator('.VPSidebar .VPSidebarItem.is-active');
          assert.equal(await active.count(), 1, `${path}: one active sidebar item`);
          assert.equal(
            new URL(
              await active
                .locator('a')
                .first()
                .evaluate((a) => a.href),
            ).pathname,
            new URL(session.site.url + path.replace(/index\.html$/, '')).pathname,
          );
          assert.ok(await active.isVisible(), `${path}: the active item is shown`);
          assert.match(await page.locator('.VPNavBar').getAttribute('class'), /\bhas-sidebar\b/);
        }
        if (path.startsWith('07-lab/')) {
          const group = page.locator('.VPSidebar .VPSidebarItem.level-0.has-active');
          assert.doesNotMatch(await group.getAttribute('class'), /\bcollapsed\b/);
          await group.locator('> .item .caret').click();
          await page.waitForFunction(() =>
            document.querySelector('.VPSidebar .VPSidebarItem.level-0.has-active')?.classList.contains('collapsed'),
          );
        }
        await finishClean(page);
      }
    } finally {
      await context.close();
    }
  });

  test('at 375 px wide: no sideways scrolling, the menu and the 目录 sidebar open', async () => {
    for (const path of ['index.html', '02-activations/index.html', 'guide/embedding.html', 'embed/activation.html']) {
      const page = await open(phone, path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow} px`);
      await screenshot(page, `phone-${path.replace(/\.html$/, '').replace(/\//g, '-')}`);
      await finishClean(page);
    }
    const page = await open(phone, 'guide/embedding.html');
    await page.getByRole('button', { name: '本页目录', exact: true }).click();
    assert.match(await page.locator('.VPLocalNavOutlineDropdown').innerText(), /回到顶部/);
    await page.getByRole('button', { name: '本页目录', exact: true }).click();
    await page.getByRole('button', { name: '目录', exact: true }).click();
    await page.locator('.VPSidebar.open').waitFor();
    assert.ok(await page.locator('.VPSidebar.open').isVisible());
    await screenshot(page, 'phone-sidebar-open');
    await page.keyboard.press('Escape');
    const hamburger = page.locator('.VPNavBarHamburger');
    await page.goto(`${session.site.url}index.html`);
    await settle(page);
    await hamburger.click();
    await page.locator('.VPNavScreen').waitFor();
    assert.match(await page.locator('.VPNavScreen').innerText(), /教程/);
    assert.match(await page.locator('.VPNavScreen').innerText(), /外观/);
    await screenshot(page, 'phone-menu-open');
    await finishClean(page);
  });

  test('desktop screenshots of the home page and the embed pages', async () => {
    for (const path of [
      'index.html',
      'embed/activation.html',
      'embed/loss.html',
      'embed/neuron.html',
      'embed/descent.html',
      'embed/chain.html',
    ]) {
      const page = await open(desktop, path);
      await screenshot(page, `desktop-${path.replace(/\.html$/, '').replace(/\//g, '-')}`);
      await finishClean(page);
    }
  });
});
