// Shared harness of the browser tests: static servers over the built site (in
// their own process group, always stopped), Debian's Chromium through
// playwright-core, and a page watcher that records console errors, page
// errors, failed requests and CSP violations.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const siteRoot = join(repoRoot, 'docs/.vitepress/dist');
export const screenshotDir = join(repoRoot, 'test-results/screenshots');
const serveScript = join(repoRoot, 'docs/.vitepress/serve.mjs');

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

export function requireBuiltSite(root = siteRoot) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`no built site in ${root}: run npm run build first`);
  }
}

/**
 * Starts docs/.vitepress/serve.mjs in its own process group on a free port.
 * Resolves to { url, origin, stop() }; stop() kills the whole group.
 */
export function startSite({ root = siteRoot, base = '/', csp = true } = {}) {
  const args = [serveScript, '--root', root, '--base', base, '--port', '0'];
  if (!csp) args.push('--no-csp');
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  // A test process that dies must not leave a server behind.
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`server did not start within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /ActLab site: (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        const url = match[1];
        resolve({ url, origin: new URL(url).origin, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code}:\n${output}`));
    });
  });
}

/**
 * Debian's Chromium, headless; playwright-core gives each launch a fresh temporary profile.
 * Contexts block the site's offline service worker unless a test asks for it with
 * { serviceWorkers: 'allow' } (offline.test.mjs): otherwise every fresh context would
 * precache the whole build while the test measures something else.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ serviceWorkers: 'block', ...options });
  browser.newPage = async (options = {}) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on('close', () => context.close().catch(() => {}));
    return page;
  };
  return browser;
}

/**
 * For the enclosing describe (or the whole file): a before hook starts the site
 * server (startSite options in `site`) and Chromium and, when `context` options
 * are given, opens a browser context with them (adding `initScript` to it, if
 * given); an after hook closes and stops them all. Returns the session, whose
 * site, browser and context are set once the before hook has run. (Node 20 runs
 * a file's top-level before hooks concurrently: set the context up here, not in
 * a second hook.)
 */
export function siteSession({ site: siteOptions = {}, context: contextOptions = null, initScript = null } = {}) {
  const session = { site: null, browser: null, context: null };
  before(async () => {
    session.site = await startSite(siteOptions);
    session.browser = await launchBrowser();
    if (contextOptions || initScript) session.context = await session.browser.newContext(contextOptions ?? {});
    if (initScript) await session.context.addInitScript(initScript);
  });
  after(async () => {
    await session.context?.close();
    await session.browser?.close();
    session.site?.stop();
  });
  return session;
}

// Runs in every frame before any page script: records CSP violations.
function recordCspViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(
      `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
    );
  });
}

/** Makes each page of the context keep its layout shifts (those not after input) in window.__shifts. */
export async function recordLayoutShifts(context) {
  await context.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/**
 * A new page that records problems. problems() lists console errors, uncaught
 * errors, failed requests, HTTP errors and CSP violations seen so far
 * (CSP violations are read from every frame).
 */
export async function watchedPage(context, { allowHttpErrors = [] } = {}) {
  const page = await context.newPage();
  await page.addInitScript(recordCspViolations);
  const issues = [];
  page.on('console', (message) => {
    if (message.type() === 'error') issues.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => issues.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    // A navigation away aborts pending prefetches; that is not a broken resource.
    if (failure === 'net::ERR_ABORTED' && request.resourceType() !== 'document' && request.resourceType() !== 'script')
      return;
    issues.push(`request failed: ${request.url()} (${failure})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !allowHttpErrors.some((pattern) => pattern.test(response.url()))) {
      issues.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  page.problems = async () => {
    const csp = [];
    for (const frame of page.frames()) {
      try {
        csp.push(...(await frame.evaluate(() => window.__cspViolations ?? [])).map((v) => `CSP violation: ${v}`));
      } catch {
        // a detached frame
      }
    }
    return [...issues, ...csp];
  };
  return page;
}

/** A watched page at url, once settle() says every widget on it has drawn; page.status is the HTTP status. */
export async function openSettled(context, url) {
  const page = await watchedPage(context);
  const response = await page.goto(url);
  await settle(page);
  page.status = response.status();
  return page;
}

/** Asserts that the page saw no problems (console errors, failed requests, CSP violations), and closes it either way. */
export async function finishClean(page) {
  try {
    assert.deepEqual(await page.problems(), []);
  } finally {
    await page.close();
  }
}

/** Every built page, as a path relative to the site root with forward slashes. */
export function builtPages(root = siteRoot) {
  return readdirSync(root, { recursive: true })
    .filter((f) => f.endsWith('.html'))
    .map((f) => relative(root, join(root, f)).split(sep).join('/'))
    .sort();
}

// Elements of issue 5 that chapters may already use before their widget exists.
// Tolerated as undefined only while their source file is absent.
const LATER_WIDGETS = { 'actlab-playground': 'web/widgets/playground.ts', 'actlab-compare': 'web/widgets/compare.ts' };

export function toleratedUndefinedTags() {
  return Object.entries(LATER_WIDGETS)
    .filter(([, file]) => !existsSync(join(repoRoot, file)))
    .map(([tag]) => tag);
}

/**
 * Waits for load and a quiet network, then until every <actlab-*> element on
 * the page is defined and has drawn its first frame (data-ready="true").
 * Throws naming the elements that never got there (15 s), except tags in
 * toleratedUndefinedTags().
 */
export async function settle(page, { timeout = 15_000, networkIdle = true } = {}) {
  await page.waitForLoadState('load');
  if (networkIdle) await page.waitForLoadState('networkidle').catch(() => {});
  const tolerated = toleratedUndefinedTags();
  const stuck = await page.evaluate(
    async ({ timeout, tolerated }) => {
      const deadline = performance.now() + timeout;
      const isNear = (e) => {
        const box = e.getBoundingClientRect();
        return box.bottom > -500 && box.top < window.innerHeight + 500;
      };
      const pending = () =>
        [...document.querySelectorAll('*')]
          .filter((e) => e.localName.startsWith('actlab-') && !tolerated.includes(e.localName))
          .filter((e) => !customElements.get(e.localName) || e.dataset.ready !== 'true');
      // Widgets are loaded and started only near the viewport (web/widgets/shared/lazy.ts),
      // so the reader's scrolling is what starts one far down a page: bring each waiting
      // one into view in turn, then go back to where the page was.
      const scrolledFrom = window.scrollY;
      let scrolled = false;
      for (let list = pending(); list.length > 0 && performance.now() < deadline; list = pending()) {
        const waiting = list[0];
        if (!isNear(waiting)) {
          waiting.scrollIntoView({ block: 'center' });
          scrolled = true;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (scrolled) window.scrollTo(0, scrolledFrom);
      return pending().map(
        (e) =>
          `<${e.localName}${e.id ? ` id="${e.id}"` : ''}>${customElements.get(e.localName) ? ' (not ready)' : ' (not defined)'}`,
      );
    },
    { timeout, tolerated },
  );
  if (stuck.length > 0) throw new Error(`widgets that never drew: ${stuck.join(', ')}`);
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

// ---- trainer widgets -------------------------------------------------------------------

/** Waits until the trainer widget `tag` is ready and its data set has loaded. */
export async function trainerReady(page, tag) {
  await page.waitForSelector(`${tag}[data-ready="true"]`, { timeout: 30_000 });
  await page.evaluate((t) => document.querySelector(t).whenDataReady?.(), tag);
}

/** Opens a page of the session's site and waits for its trainer widget `tag`. */
export async function openTrainerPage(session, pathAndQuery, tag) {
  const page = await watchedPage(session.context);
  await page.goto(session.site.url + pathAndQuery);
  await trainerReady(page, tag);
  return page;
}

/**
 * Scrolls the playground's network picture and diagnostics into view, as a reader
 * does, and lets them draw: the widget draws them only near the viewport.
 */
export async function viewDiagnostics(page, tag) {
  await passEach(page, tag, 'details.section', 300);
}

/**
 * Scrolls each shown element matching selector in the widget's shadow root to the
 * middle of the screen in turn, waiting waitMs at each: what is drawn only near the
 * viewport gets drawn, as when a reader scrolls past.
 */
export async function passEach(page, tag, selector, waitMs) {
  await page.evaluate(
    async ([t, s, ms]) => {
      for (const box of document.querySelector(t).shadowRoot.querySelectorAll(s)) {
        if (box.getClientRects().length === 0) continue;
        box.scrollIntoView({ block: 'center' });
        await new Promise((resolve) => setTimeout(resolve, ms));
      }
    },
    [tag, selector, waitMs],
  );
}

/**
 * Polls fn(tag) in the page until it returns something truthy or timeoutMs passes;
 * returns the last value. evaluate-based: the page's strict CSP forbids new Function.
 */
export async function pollPage(page, tag, fn, timeoutMs, everyMs = 150) {
  const deadline = Date.now() + timeoutMs;
  let value;
  while (Date.now() < deadline) {
    value = await page.evaluate(fn, tag);
    if (value) return value;
    await page.waitForTimeout(everyMs);
  }
  return value;
}

/** Starts training in the trainer widget `tag` (its play()), then polls fn(tag) as pollPage does. */
export async function playUntil(page, tag, fn, timeoutMs) {
  await page.evaluate((t) => document.querySelector(t).play(), tag);
  return pollPage(page, tag, fn, timeoutMs);
}
