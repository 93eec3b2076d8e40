// Time-boxed throughput measurement shared by every JS implementation (the
// native executable does the same in C++). A runner exposes
//   run(steps)        train `steps` mini-batch steps (forward + backward + update)
//   examplesPerStep   how many training examples one step consumes
// Each measurement: a warm-up (lets V8 tier up and caches fill) of at least
// `warmupSeconds` and until the rate is stable, a calibration that picks a chunk
// of steps lasting about `chunkSeconds`, then `repeats` repeats, each running
// whole chunks until `repeatSeconds` have passed.
//
// The clock is this process's CPU time (user + system, process.cpuUsage) by
// default: the machine is shared, and CPU time leaves out the time the process
// sat descheduled while something else ran. clock: 'wall' uses
// performance.now() instead. Node here runs the measured code on one thread
// (no tfjs threads in Node), so CPU time is that thread's time plus V8's
// background work (GC, compilation) that the code causes.
import { performance } from 'node:perf_hooks';

export const defaults = {
  warmupSeconds: 0.3,
  maxWarmupSeconds: 3,
  repeatSeconds: 0.35,
  repeats: 7,
  chunkSeconds: 0.01,
  clock: 'cpu',
};

const clocks = {
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  },
  wall: () => performance.now() / 1000,
};

let now = clocks.cpu;
export function useClock(name) {
  if (!clocks[name]) throw new Error(`unknown clock ${name} (cpu or wall)`);
  now = clocks[name];
}

function timeChunk(run, steps) {
  const start = now();
  run(steps);
  return now() - start;
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
  const { warmupSeconds, maxWarmupSeconds, repeatSeconds, repeats, chunkSeconds, clock } = { ...defaults, ...options };
  useClock(clock);
  const warmupStart = now();
  while (now() < warmupStart + warmupSeconds) runner.run(1);
  const chunk = calibrate((n) => runner.run(n), chunkSeconds);
  // Then until two consecutive 0.1 s windows agree within 5 % (at most maxWarmupSeconds):
  // tfjs, a large JS code base that allocates on every op, kept speeding up for
  // a second or more after a fixed 0.3 s warm-up.
  const windowRate = () => {
    let steps = 0;
    const start = now();
    do {
      runner.run(chunk);
      steps += chunk;
    } while (now() - start < 0.1);
    return steps / (now() - start);
  };
  let previous = windowRate();
  for (;;) {
    const current = windowRate();
    if (Math.abs(current - previous) <= 0.05 * current || now() - warmupStart > maxWarmupSeconds) break;
    previous = current;
  }
  const warmupUsed = now() - warmupStart;
  const rates = [];
  const wallRates = [];
  for (let r = 0; r < repeats; ++r) {
    let steps = 0;
    const start = now();
    const wallStart = performance.now();
    let elapsed = 0;
    do {
      runner.run(chunk);
      steps += chunk;
      elapsed = now() - start;
    } while (elapsed < repeatSeconds);
    const examples = steps * runner.examplesPerStep;
    rates.push(examples / elapsed);
    wallRates.push(examples / ((performance.now() - wallStart) / 1000));
  }
  return {
    unit: 'examples/s',
    clock,
    chunk,
    warmupSeconds: warmupUsed,
    ...summarize(rates),
    wall: summarize(wallRates),
  };
}

// Milliseconds per call of fn: median, min, max over repeats, each repeat the
// mean over as many calls as fit in repeatSeconds.
export function measureCallMs(fn, options = {}) {
  const { warmupSeconds, repeatSeconds, repeats, clock } = { ...defaults, ...options };
  useClock(clock);
  const warmupEnd = now() + warmupSeconds;
  while (now() < warmupEnd) fn();
  const times = [];
  const wallTimes = [];
  for (let r = 0; r < repeats; ++r) {
    let calls = 0;
    const start = now();
    const wallStart = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls += 1;
      elapsed = now() - start;
    } while (elapsed < repeatSeconds);
    times.push((elapsed * 1000) / calls);
    wallTimes.push((performance.now() - wallStart) / calls);
  }
  return { unit: 'ms/call', clock, ...summarize(times), wall: summarize(wallTimes) };
}

// Two variants of the same work (e.g. training without and with metrics()),
// measured in alternation so that both see the same stage of training and the
// same background load: each repeat times a window of A, then a window of B.
// Returns both rates and the per-repeat ratio B / A.
export function measurePair(runnerA, runnerB, options = {}) {
  const { warmupSeconds, repeatSeconds, repeats, chunkSeconds, clock } = { ...defaults, ...options };
  useClock(clock);
  const warmupEnd = now() + warmupSeconds;
  while (now() < warmupEnd) {
    runnerA.run(1);
    runnerB.run(1);
  }
  const chunkA = calibrate((n) => runnerA.run(n), chunkSeconds);
  const chunkB = calibrate((n) => runnerB.run(n), chunkSeconds);
  const window = (runner, chunk) => {
    let steps = 0;
    const start = now();
    let elapsed = 0;
    do {
      runner.run(chunk);
      steps += chunk;
      elapsed = now() - start;
    } while (elapsed < repeatSeconds / 2);
    return (steps * runner.examplesPerStep) / elapsed;
  };
  const ratesA = [];
  const ratesB = [];
  const ratios = [];
  for (let r = 0; r < repeats; ++r) {
    const a = window(runnerA, chunkA);
    const b = window(runnerB, chunkB);
    ratesA.push(a);
    ratesB.push(b);
    ratios.push(b / a);
  }
  return {
    unit: 'examples/s',
    clock,
    a: { chunk: chunkA, ...summarize(ratesA) },
    b: { chunk: chunkB, ...summarize(ratesB) },
    ratio: summarize(ratios),
  };
}
