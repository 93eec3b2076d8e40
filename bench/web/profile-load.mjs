// Where a page load's main-thread time goes: loads one page of the built site in
// Chromium with a 4x CPU slowdown (as Lighthouse's mobile setting) under the
// sampling profiler, and prints the long tasks (over 50 ms) with the functions
// that took most of each.
//   node bench/web/profile-load.mjs 05-losses/index.html
import { chromium } from 'playwright-core';
import { startServer } from '../../docs/.vitepress/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, siteRoot } from '../../tests/browser/harness.mjs';

const path = process.argv[2] ?? '02-activations/index.html';
const server = await startServer({ root: siteRoot, port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(server.url + path, { waitUntil: 'load' });
  await page.waitForTimeout(4000);
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
  // group consecutive non-idle samples into tasks
  let t = profile.startTime;
  const tasks = [];
  let cur = null;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const n = byId.get(id);
    const idle = n.callFrame.functionName === '(idle)';
    if (idle) {
      if (cur) tasks.push(cur);
      cur = null;
      return;
    }
    cur ??= { start: t, end: t, incl: new Map() };
    cur.end = t;
    const seen = new Set();
    for (let k = id; k !== undefined; k = parent.get(k)) {
      const key = name(byId.get(k));
      if (seen.has(key)) continue;
      seen.add(key);
      cur.incl.set(key, (cur.incl.get(key) ?? 0) + profile.timeDeltas[i]);
    }
  });
  if (cur) tasks.push(cur);
  for (const task of tasks.filter((x) => x.end - x.start > 50_000)) {
    console.log(
      `task ${((task.end - task.start) / 1000).toFixed(0)} ms at ${((task.start - profile.startTime) / 1000).toFixed(0)}`,
    );
    [...task.incl]
      .filter(([k]) => !/^\((root|program)\)/.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .forEach(([k, v]) => console.log(`   ${(v / 1000).toFixed(0).padStart(5)} ${k}`));
  }
} finally {
  await browser.close();
  await server.close();
}
