// Issue 7, section 5: what the other browser tests rely on when they assert "no
// CSP violation". The server (docs/.vitepress/serve.mjs, used by every browser
// test) must send exactly the project's policy, with script hashes only for the
// fixed inline scripts VitePress writes into every page; the policy must be in
// force (eval and injected inline scripts are blocked and reported, so the
// harness's violation recorder would see a real violation); and the service
// worker, the embed bundle and the wasm are served under it too.
// (Cross-origin use of the embed bundle under a host page's strict policy is
// covered by embed.test.mjs; every page under the policy by pages.test.mjs.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { builtPages, requireBuiltSite, settle, siteRoot, siteSession, watchedPage } from './harness.mjs';
import { join } from 'node:path';

requireBuiltSite();

const REQUIRED = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'";

/** The policy with its sha256 source expressions taken out, and those hashes. */
function splitHashes(policy) {
  const hashes = [];
  const rest = policy.replace(/ 'sha256-([A-Za-z0-9+/=]+)'/g, (_, h) => {
    hashes.push(h);
    return '';
  });
  return { rest, hashes };
}

/** The bodies of the inline (non-src, non-JSON) scripts of a built HTML file. */
function inlineScripts(html) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(
      ([, attrs, body]) =>
        !/\bsrc\s*=/.test(attrs) && body.length > 0 && !/\btype\s*=\s*["']?application\/(ld\+)?json/i.test(attrs),
    )
    .map(([, , body]) => body);
}

describe('strict Content-Security-Policy', () => {
  const session = siteSession();

  test('every kind of file is served with exactly the project policy plus fixed-script hashes', async () => {
    const paths = [
      'index.html',
      '02-activations/02-relu-family.html',
      'embed/activation.html',
      'embed/actlab-embed.js',
      'embed/actlab.wasm',
      'sw.js',
      'precache-manifest.js',
    ];
    let seenHashes;
    for (const path of paths) {
      const response = await fetch(`${session.site.url}${path}`);
      assert.equal(response.status, 200, path);
      const policy = response.headers.get('content-security-policy');
      assert.ok(policy, `${path}: no Content-Security-Policy header`);
      const { rest, hashes } = splitHashes(policy);
      assert.equal(rest, REQUIRED, `${path}: policy differs from the project's`);
      if (seenHashes) assert.deepEqual(hashes, seenHashes, `${path}: a different hash list`);
      seenHashes = hashes;
    }
    // Only VitePress's fixed inline scripts: every built page has the same ones, and they are the hashed ones.
    const { createHash } = await import('node:crypto');
    const perPage = new Set();
    for (const page of builtPages()) {
      const bodies = inlineScripts(readFileSync(join(siteRoot, page), 'utf8'));
      perPage.add(
        bodies
          .map((b) => createHash('sha256').update(b, 'utf8').digest('base64'))
          .sort()
          .join(' '),
      );
    }
    assert.equal(perPage.size, 1, `pages differ in their inline scripts: ${[...perPage].join(' | ')}`);
    const fixed = [...perPage][0].split(' ').filter(Boolean);
    assert.ok(fixed.length <= 2, `${fixed.length} inline scripts in every page; VitePress writes two fixed ones`);
    assert.deepEqual([...seenHashes].sort(), fixed, 'the policy hashes other scripts than the pages hold');
  });

  test('the policy is enforced (eval, inline scripts and handlers, external hosts) and violations reach the harness recorder', async () => {
    const context = await session.browser.newContext();
    const page = await watchedPage(context);
    try {
      await page.goto(`${session.site.url}02-activations/02-relu-family.html`);
      await settle(page);
      assert.deepEqual(await page.problems(), [], 'a clean chapter page already has problems');
      const blocked = await page.evaluate(async () => {
        // Code from DevTools (page.evaluate) is exempt from the page's CSP, so the
        // eval-like sinks are reached through the page itself: a string timer and an
        // inline event handler, both compiled by the page when they fire.
        const out = {};
        setTimeout('window.__timerRan = true', 0);
        const button = document.createElement('button');
        button.setAttribute('onclick', 'window.__handlerRan = true');
        document.body.append(button);
        button.click();
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true';
        document.body.append(s);
        const i = document.createElement('img');
        i.src = 'http://example.invalid/x.png';
        document.body.append(i);
        await new Promise((r) => setTimeout(r, 300));
        out.inline = window.__inlineRan === true;
        out.timer = window.__timerRan === true;
        out.handler = window.__handlerRan === true;
        return out;
      });
      assert.equal(blocked.timer, false, 'a string timer ran: eval is not blocked');
      assert.equal(blocked.handler, false, 'an inline event handler ran');
      assert.equal(blocked.inline, false, 'an injected inline script ran');
      const problems = (await page.problems()).filter((p) => p.startsWith('CSP violation'));
      assert.ok(
        problems.some((p) => /script-src/.test(p) && /eval/.test(p)),
        `the string timer (eval) not reported: ${problems.join('\n')}`,
      );
      assert.ok(
        problems.some((p) => /script-src/.test(p) && /inline/.test(p)),
        `inline script not reported: ${problems.join('\n')}`,
      );
      assert.ok(
        problems.some((p) => /example\.invalid/.test(p)),
        `external image not reported: ${problems.join('\n')}`,
      );
    } finally {
      await context.close();
    }
  });
});
