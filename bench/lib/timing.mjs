// Time-boxed throughput measurement shared by every JS implementation (the
// native executable does the same in C++). A runner exposes
//   run(steps)        train `steps` mini-batch steps (forward + backward + update)
//   examplesPerStep   how many training examples one step consumes
// Each measurement: a warm-up (lets V8 tier up and caches fill), a calibration
// that picks a chunk of steps lasting about `chunkSeconds`, then `repeats`
// repeats, each running whole chunks until `repeatSeconds` have passed.
import { performance } from 'node:perf_hooks';

export const defaults = { warmupSeconds: 0.3, repeatSeconds: 0.35, repeats: 7, chunkSeconds: 0.01 };

function timeChunk(run, steps) {
  const start = performance.now();
  run(steps);
  return (performance.now() - start) / 1000;
}

// Steps per chunk so one chunk lasts about chunkSeconds (at least 1 step).
export function calibrate(run, chunkSeconds) {
  let steps = 1;
  for (;;) {
    const seconds = timeChunk(run, steps);
    if (seconds >= chunkSeconds || steps >= 1 << 24) {
      return Math.max(1, Math.round((steps * chunkSeconds) / Math.max(seconds, 1e-9)));
    }
    steps *= seconds < chunkSeconds / 16 ? 8 : 2;
  }
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples };
}

// Examples per second of runner.run: median, min, max over the repeats.
export function measureThroughput(runner, options = {}) {
  const { warmupSeconds, repeatSeconds, repeats, chunkSeconds } = { ...defaults, ...options };
  const warmupEnd = performance.now() + warmupSeconds * 1000;
  while (performance.now() < warmupEnd) runner.run(1);
  const chunk = calibrate((n) => runner.run(n), chunkSeconds);
  const rates = [];
  for (let r = 0; r < repeats; ++r) {
    let steps = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      runner.run(chunk);
      steps += chunk;
      elapsed = (performance.now() - start) / 1000;
    } while (elapsed < repeatSeconds);
    rates.push((steps * runner.examplesPerStep) / elapsed);
  }
  return { unit: 'examples/s', chunk, ...summarize(rates) };
}

// Milliseconds per call of fn: median, min, max over repeats, each repeat the
// mean over as many calls as fit in repeatSeconds.
export function measureCallMs(fn, options = {}) {
  const { warmupSeconds, repeatSeconds, repeats } = { ...defaults, ...options };
  const warmupEnd = performance.now() + warmupSeconds * 1000;
  while (performance.now() < warmupEnd) fn();
  const times = [];
  for (let r = 0; r < repeats; ++r) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls += 1;
      elapsed = performance.now() - start;
    } while (elapsed < repeatSeconds * 1000);
    times.push(elapsed / calls);
  }
  return { unit: 'ms/call', ...summarize(times) };
}
