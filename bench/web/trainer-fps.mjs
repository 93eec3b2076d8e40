// Frame rate and training speed of the trainer widgets in Chromium (issue 5).
//
// For each scenario the built site is served, the widget's embed page is opened
// in Debian's Chromium (headless, playwright-core), training is started, and
// after a warm-up the page counts animation frames and the widget's training
// steps for a fixed window, while a PerformanceObserver records long tasks.
// Prints a table and writes bench/web/trainer-results.json.
//
//   node bench/web/trainer-fps.mjs [--root <built site>] [--seconds 5]
//
// Targets: 60 fps with training running on the default settings; at least 30 fps
// for an 8-way comparison.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, repoRoot, requireBuiltSite, siteRoot, startSite } from '../../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const root = option('--root', process.env.ACTLAB_SITE_OUT ?? siteRoot);
const seconds = Number(option('--seconds', '5'));
const warmup = 1;

const EIGHT = 'relu,tanh,sigmoid,leaky_relu,elu,gelu,silu,softplus';
const scenarios = [
  // the same page with training paused: what this machine's Chromium gives at all (the ceiling)
  {
    name: 'baseline: playground page, training paused',
    tag: 'actlab-playground',
    path: 'embed/playground',
    target: 60,
    idle: true,
  },
  {
    name: 'playground, default settings (circle, 2→8→8→1 tanh, adam, speed normal = 10 steps/frame)',
    tag: 'actlab-playground',
    path: 'embed/playground',
    target: 60,
  },
  {
    name: 'playground, speed max (as many steps as fit in 6 ms a frame)',
    tag: 'actlab-playground',
    path: 'embed/playground?speed=max',
    target: 60,
  },
  {
    name: 'playground, digits (64→64 relu→10 softmax, speed max)',
    tag: 'actlab-playground',
    path: 'embed/playground?dataset=digits&speed=max',
    target: 60,
  },
  {
    name: 'compare, 8 activations side by side (2→8→8→1 on circle, speed normal = 10 steps/frame each)',
    tag: 'actlab-compare',
    path: `embed/compare?preset=xor-linear&dataset=circle&runs=${EIGHT}&steps=20000`,
    target: 30,
  },
  {
    name: 'compare, the same 8 runs at speed max (8 ms of training a frame)',
    tag: 'actlab-compare',
    path: `embed/compare?preset=xor-linear&dataset=circle&runs=${EIGHT}&steps=20000&speed=max`,
    target: 30,
  },
];

async function measure(page, scenario) {
  await page.waitForSelector(`${scenario.tag}[data-ready="true"]`, { timeout: 30_000 });
  await page.evaluate(
    async ({ tag, idle }) => {
      const el = document.querySelector(tag);
      await el.whenDataReady?.();
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
      if (!idle) el.play();
    },
    { tag: scenario.tag, idle: Boolean(scenario.idle) },
  );
  await page.waitForTimeout(warmup * 1000);
  return page.evaluate(
    ({ tag, ms }) =>
      new Promise((resolve) => {
        const el = document.querySelector(tag);
        const startStats = el.trainingStats();
        const stamps = [];
        const longBefore = window.__longTasks.length;
        const t0 = performance.now();
        const tick = (now) => {
          stamps.push(now);
          if (now - t0 < ms) requestAnimationFrame(tick);
          else {
            const endStats = el.trainingStats();
            const elapsed = (stamps[stamps.length - 1] - stamps[0]) / 1000;
            const gaps = stamps
              .slice(1)
              .map((t, i) => t - stamps[i])
              .sort((a, b) => a - b);
            const long = window.__longTasks.slice(longBefore);
            resolve({
              fps: (stamps.length - 1) / elapsed,
              stepsPerSecond: ((endStats.steps - startStats.steps) * (endStats.runs ?? 1)) / elapsed,
              widgetFrames: (endStats.frames - startStats.frames) / elapsed,
              frameGapP95: gaps[Math.floor(gaps.length * 0.95)],
              longestWidgetFrameMs: endStats.longestFrameWorkMs,
              longTasks: long.length,
              longestTaskMs: long.length ? Math.max(...long) : 0,
              running: endStats.running,
              render: endStats.render ?? null,
            });
          }
        };
        requestAnimationFrame(tick);
      }),
    { tag: scenario.tag, ms: seconds * 1000 },
  );
}

requireBuiltSite(root);
const site = await startSite({ root });
const browser = await launchBrowser();
const results = [];
try {
  for (const scenario of scenarios) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(site.url + scenario.path);
    const r = await measure(page, scenario);
    results.push({
      scenario: scenario.name,
      path: scenario.path,
      target: scenario.target,
      ...r,
      met: r.fps >= scenario.target * 0.95,
    });
    await context.close();
  }
} finally {
  await browser.close();
  site.stop();
}

const chromium = 'Chromium (Debian, headless, --disable-gpu)';
console.log(`\nTrainer widgets in ${chromium}, ${seconds} s per scenario after ${warmup} s warm-up`);
console.log('| scenario | fps | target | steps/s (all runs) | p95 frame gap ms | long tasks (max ms) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(
    `| ${r.scenario} | ${r.fps.toFixed(1)} | ${r.target}${r.met ? ' ✓' : ' ✗'} | ${Math.round(r.stepsPerSecond)} | ${r.frameGapP95.toFixed(1)} | ${r.longTasks} (${r.longestTaskMs.toFixed(0)}) |`,
  );
}
const out = join(repoRoot, 'bench/web/trainer-results.json');
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), browser: chromium, seconds, results }, null, 2)}\n`,
);
console.log(`\nwrote ${out}`);
