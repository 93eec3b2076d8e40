// Where a widget's slider-to-redraw time goes (a diagnostic beside run.mjs, which only times it):
//   node bench/web/profile-slider.mjs 'embed/chain.html?layers=30' actlab-chain '第一层输入 z₁'
// Moves the slider whose label starts with the given text 150 times, one move per frame,
// under the sampling profiler, and prints self and inclusive time per JS function.
// TRACE=1 also records a Chromium trace and prints the main thread's time per trace event
// (Layout, Paint, Commit, ...) and the forced style/layout recalculations with their JS stack;
// CATS sets the trace categories, VW the viewport width, EXTRA_CSS a style added to the page.
import { chromium } from 'playwright-core';
import { startServer } from '../../docs/.vitepress/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, siteRoot } from '../../tests/browser/harness.mjs';
const [path, selector, label] = process.argv.slice(2);

/** Prints the n largest entries of a map of microseconds, in ms, each line starting with prefix. */
function printTop(map, n, prefix, keep = () => true) {
  [...map]
    .filter(([k]) => keep(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, v]) => console.log(...(prefix ? [prefix] : []), (v / 1000).toFixed(1).padStart(8), k));
}
const server = await startServer({ root: siteRoot, port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: Number(process.env.VW ?? 1280), height: 900 } });
await page.goto(server.url + path);
await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.ready === 'true', selector);
if (process.env.EXTRA_CSS) await page.addStyleTag({ content: process.env.EXTRA_CSS });
if (process.env.SHADOW_CSS)
  await page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    for (const e of document.querySelectorAll('*'))
      if (e.localName.startsWith('actlab-') && e.shadowRoot)
        e.shadowRoot.adoptedStyleSheets = [...e.shadowRoot.adoptedStyleSheets, sheet];
  }, process.env.SHADOW_CSS);
const cdp = await page.context().newCDPSession(page);
const useTrace = process.env.TRACE === '1';
const events = [];
if (useTrace) {
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', {
    categories: process.env.CATS ?? 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
}
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.evaluate(
  async ({ selector, label }) => {
    const host = document.querySelector(selector);
    const root = host.shadowRoot;
    const input = [...root.querySelectorAll('input[type=range]')].find((i) =>
      root.querySelector(`label[for="${i.id}"]`)?.textContent.startsWith(label),
    );
    const min = Number(input.min),
      max = Number(input.max),
      step = Number(input.step) || (max - min) / 100;
    let v = Number(input.value),
      d = 1;
    for (let i = 0; i < 150; ++i) {
      v += d * step * 3;
      if (v > max || v < min) {
        d = -d;
        v += 2 * d * step * 3;
      }
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
  },
  { selector, label },
);
const { profile } = await cdp.send('Profiler.stop');
if (useTrace) {
  const finished = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await finished;
  const sums = new Map();
  const main = events.find(
    (e) =>
      e.name === 'thread_name' &&
      e.args?.name === 'CrRendererMain' &&
      events.some((f) => f.tid === e.tid && f.name === 'FireAnimationFrame'),
  );
  for (const e of events)
    if (e.ph === 'X' && e.dur && e.tid === main?.tid) sums.set(e.name, (sums.get(e.name) ?? 0) + (e.tdur ?? e.dur));
  // NEST=<event name>: time of the events nested inside that event on the main thread
  if (process.env.NEST) {
    const outer = events.filter((e) => e.tid === main?.tid && e.ph === 'X' && e.name === process.env.NEST);
    const inner = new Map();
    for (const e of events) {
      if (e.tid !== main?.tid || e.ph !== 'X' || e.name === process.env.NEST) continue;
      if (outer.some((o) => e.ts >= o.ts && e.ts + e.dur <= o.ts + o.dur))
        inner.set(e.name, (inner.get(e.name) ?? 0) + (e.tdur ?? e.dur));
    }
    printTop(inner, 25, 'nested');
  }
  // forced style/layout: events with a JS stack
  const forced = new Map();
  for (const e of events) {
    const stack = e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace;
    if (e.tid !== main?.tid || !stack?.length || !['Layout', 'UpdateLayoutTree', 'RecalculateStyles'].includes(e.name))
      continue;
    const key = `${e.name} <- ${stack
      .slice(0, 4)
      .map((f) => `${f.functionName}@${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`)
      .join(' < ')}`;
    forced.set(key, (forced.get(key) ?? 0) + (e.dur ?? 0));
  }
  printTop(forced, 10, 'forced');
  printTop(sums, 90, 'trace');
}
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
let total = 0;
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const f = n.callFrame;
  const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0));
  total += dt[i] ?? 0;
});
console.log('total ms', (total / 1000).toFixed(0));
// inclusive time: each sample counts once for every distinct function on its stack
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
const keyOf = (n) =>
  `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
profile.samples.forEach((id, i) => {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + (dt[i] ?? 0));
  }
});
printTop(incl, 40, 'incl', (k) => !/^\((root|program|idle)\)/.test(k));
printTop(self, 30, '');
await browser.close();
await server.close();
