// Issue 7, section 8: a long training session keeps memory flat and frame times stable.
//
// 30 minutes of the playground at its default speed ("normal", 10 mini-batch
// steps a frame at 60 frames a second) are 30 * 60 * 60 * 10 = 1 080 000 steps.
// The test runs the playground (embed page, default network) at speed "max"
// (as many steps as fit in the frame budget) until it has taken that many steps
// and at least 40 s have passed (75 s cap), while the page records every
// animation frame.
// Memory is sampled through the run after a forced GC (CDP
// HeapProfiler.collectGarbage): the JS heap (Performance.getMetrics
// JSHeapUsedSize) and the wasm memory (the byteLength of every WebAssembly.Memory
// the page's wasm modules export, recorded by an init script). Frame intervals of the first and
// the last 10 s of the run are compared.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passEach, requireBuiltSite, settle, siteSession, watchedPage } from './harness.mjs';

requireBuiltSite();

const TARGET_STEPS = 30 * 60 * 60 * 10;
const WALL_CAP_MS = 75_000;
// At least this long, so the first and last 10 s windows are far apart.
const MIN_WALL_MS = 40_000;
const WINDOW_MS = 10_000;
const MiB = 1 << 20;

const session = siteSession();

// Runs before any page script: keeps every WebAssembly.Memory the page's modules
// export (Emscripten's module defines its memory and exports it), so the test can
// read their sizes. (CDP Runtime.queryObjects crashed the page here.)
function recordWasmMemories() {
  window.__wasmMemories = [];
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    for (const value of Object.values(instance.exports))
      if (value instanceof WebAssembly.Memory) window.__wasmMemories.push(value);
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then(keep);
    };
  }
}

async function wasmMemoryBytes(page) {
  return page.evaluate(() => window.__wasmMemories.map((m) => m.buffer.byteLength));
}

async function sampleMemory(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const jsHeap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  const wasm = await wasmMemoryBytes(cdp.page);
  return { jsHeap, wasm };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function summary(intervals) {
  const sorted = [...intervals].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

test('the playground trains the equivalent of 30 minutes with flat memory and stable frame times', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(recordWasmMemories);
  const page = await watchedPage(context);
  try {
    await page.goto(`${session.site.url}embed/playground.html?speed=max`);
    await settle(page);
    // The charts below the network picture are built only once they come near the
    // viewport (deferred charts): pass each once, so the run updates every chart.
    await passEach(page, 'actlab-playground', '.chart', 200);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => {
      const root = document.querySelector('actlab-playground').shadowRoot;
      const shown = [...root.querySelectorAll('.chart')].filter((b) => b.getClientRects().length > 0);
      return shown.length > 0 && shown.every((b) => b.querySelector('.uplot'));
    });
    const cdp = await context.newCDPSession(page);
    cdp.page = page;
    await cdp.send('Performance.enable');
    assert.equal((await wasmMemoryBytes(page)).length, 1, 'the wasm module memory was not found');

    // Every animation frame's timestamp, from now on.
    await page.evaluate(() => {
      window.__frames = [];
      const tick = (t) => {
        window.__frames.push(t);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });

    const start = await sampleMemory(cdp);
    const startTime = await page.evaluate(() => {
      document.querySelector('actlab-playground').play();
      return performance.now();
    });
    const samples = [{ at: 0, steps: 0, ...start }];
    let stats;
    const t0 = Date.now();
    for (;;) {
      await page.waitForTimeout(5000);
      stats = await page.$eval('actlab-playground', (el) => ({
        ...el.trainingStats(),
        step: el.metrics()?.step ?? 0,
        status: el.metrics()?.status,
      }));
      assert.ok(stats.running, 'training stopped by itself');
      assert.equal(stats.status, 'ok', 'training diverged');
      if ((stats.step >= TARGET_STEPS && Date.now() - t0 >= MIN_WALL_MS) || Date.now() - t0 > WALL_CAP_MS) break;
      // Memory samples in the middle of the run too (a GC pauses a frame; the windows compared are long).
      samples.push({ at: Date.now() - t0, steps: stats.step, ...(await sampleMemory(cdp)) });
    }
    const endTime = await page.evaluate(() => performance.now());
    await page.$eval('actlab-playground', (el) => el.pause());
    const end = await sampleMemory(cdp);
    samples.push({ at: Date.now() - t0, steps: stats.step, ...end });

    const frames = await page.evaluate(() => window.__frames);
    const intervals = (from, to) => {
      const out = [];
      for (let i = 1; i < frames.length; ++i)
        if (frames[i - 1] >= from && frames[i] <= to) out.push(frames[i] - frames[i - 1]);
      return out;
    };
    // Skip the first 2 s (warm-up: the step cost is measured, the budget adapts).
    const first = summary(intervals(startTime + 2000, startTime + 2000 + WINDOW_MS));
    const last = summary(intervals(endTime - WINDOW_MS, endTime));
    const report = {
      steps: stats.step,
      wallMs: Date.now() - t0,
      stepsPerSecond: Math.round(stats.step / ((endTime - startTime) / 1000)),
      jsHeapMiB: samples.map((s) => +(s.jsHeap / MiB).toFixed(2)),
      wasmMiB: samples.map((s) => s.wasm.map((b) => +(b / MiB).toFixed(2))),
      first,
      last,
    };
    console.log(`# long session: ${JSON.stringify(report)}`);

    assert.ok(
      stats.step >= TARGET_STEPS,
      `only ${stats.step} of ${TARGET_STEPS} steps in ${WALL_CAP_MS / 1000} s (${report.stepsPerSecond} steps/s)`,
    );
    // Memory flat. Starting to train allocates once (curves, diagnostics, the
    // network view), so the baseline is the first sample taken while training (5 s
    // in). From there to the end (more than a million steps) the JS heap after GC
    // grows by less than 1 MiB, and the wasm memory does not grow at all.
    const baseline = samples[1];
    assert.ok(baseline && baseline.steps > 0, 'no memory sample while training');
    const jsGrowth = end.jsHeap - baseline.jsHeap;
    assert.ok(
      jsGrowth < MiB,
      `JS heap grew by ${(jsGrowth / MiB).toFixed(2)} MiB while training: ${report.jsHeapMiB.join(', ')}`,
    );
    assert.ok(
      end.jsHeap - start.jsHeap < 4 * MiB,
      `JS heap ${((end.jsHeap - start.jsHeap) / MiB).toFixed(2)} MiB above the idle page`,
    );
    assert.deepEqual(end.wasm, start.wasm, `wasm memory grew: ${JSON.stringify(report.wasmMiB)}`);
    const peak = Math.max(...samples.slice(1).map((s) => s.jsHeap));
    assert.ok(
      peak - baseline.jsHeap < 2 * MiB,
      `JS heap peaked ${((peak - baseline.jsHeap) / MiB).toFixed(2)} MiB above the baseline`,
    );
    // Frame times stable: enough frames in both windows, and the last window's median
    // and 95th percentile within 50 % (or 8 ms) of the first's.
    assert.ok(
      first.frames > WINDOW_MS / 100 && last.frames > WINDOW_MS / 100,
      `too few frames: ${first.frames}, ${last.frames}`,
    );
    assert.ok(
      last.p50 <= Math.max(first.p50 * 1.5, first.p50 + 8),
      `median frame time rose from ${first.p50.toFixed(1)} to ${last.p50.toFixed(1)} ms`,
    );
    assert.ok(
      last.p95 <= Math.max(first.p95 * 1.5, first.p95 + 8),
      `95th percentile frame time rose from ${first.p95.toFixed(1)} to ${last.p95.toFixed(1)} ms`,
    );
    assert.deepEqual(await page.problems(), []);
  } finally {
    await context.close();
  }
});
