// npm run bench: ActLab's trainer side by side with its peers, in one run.
//
//   node bench/run.mjs [--quick] [--repeats N] [--repeat-seconds S] [--only W1,W3]
//                      [--clock cpu|wall] [--strict] [--out bench/results.json]
//
// Measures examples/s (forward + backward + update) of every implementation on
// every workload (bench/lib/data.mjs), ms per 100×100 grid evaluation (W4) and
// the cost of reading the diagnostics; prints a table with the ratios issue 3
// sets targets for, and writes everything to bench/results.json.
// --strict exits with status 1 when a target is missed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { workloads as allWorkloads, grid, gridPoints } from './lib/data.mjs';
import { defaults as timingDefaults, measureThroughput, measureCallMs, measurePair, summarize } from './lib/timing.mjs';
import { si, ms, ratio, table } from './lib/report.mjs';
import {
  root,
  nativeBench,
  loadWasmModule,
  createWasmRunner,
  runNative,
  tempDir,
  actlabExamplesPerStep,
} from './peers/actlab.mjs';
import { createNodeMlpRunner } from './peers/node-mlp.mjs';
import { createBrainRunner, brainSettings } from './peers/brain.mjs';
import { useBackend, createTfjsRunner } from './peers/tfjs.mjs';
import { checkPeers } from './check.mjs';

// ---- options ----------------------------------------------------------------

function parseArgs(argv) {
  const options = {
    timing: { ...timingDefaults },
    only: null,
    strict: false,
    out: path.join(root, 'bench/results.json'),
  };
  for (let i = 0; i < argv.length; ++i) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    const positive = (text) => {
      const n = Number(text);
      if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${flag} needs a positive number, got ${text}`);
      return n;
    };
    if (flag === '--quick')
      Object.assign(options.timing, { warmupSeconds: 0.1, maxWarmupSeconds: 1, repeatSeconds: 0.1, repeats: 3 });
    else if (flag === '--repeats') options.timing.repeats = Math.round(positive(value()));
    else if (flag === '--repeat-seconds') options.timing.repeatSeconds = positive(value());
    else if (flag === '--only') options.only = value().split(',');
    else if (flag === '--clock') {
      options.timing.clock = value();
      if (!['cpu', 'wall'].includes(options.timing.clock)) throw new Error('--clock must be cpu or wall');
    } else if (flag === '--strict') options.strict = true;
    else if (flag === '--out') options.out = path.resolve(value());
    else throw new Error(`unknown option ${flag} (see the comment at the top of bench/run.mjs)`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const timing = options.timing;
const started = performance.now();
const log = (text) => process.stderr.write(text + '\n');

// ---- environment ------------------------------------------------------------

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

// Uncommitted changes to what is measured: the commit alone would not describe the build.
function dirtySources() {
  try {
    const out = execFileSync('git', ['status', '--porcelain', '--', 'core', 'wasm', 'CMakeLists.txt'], {
      cwd: root,
      encoding: 'utf8',
    });
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
  } catch {
    return [];
  }
}

const environment = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  uncommitted: dirtySources(),
  node: process.version,
  v8: process.versions.v8,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  loadAverageAtStart: os.loadavg().map((v) => Number(v.toFixed(2))),
  timing,
};

// ---- implementations --------------------------------------------------------

const IMPLEMENTATIONS = ['actlab-wasm', 'actlab-native', 'tfjs-wasm', 'tfjs-cpu', 'brain.js', 'plain-JS'];
const missing = {}; // implementation -> why it could not run

let wasmModule = null;
try {
  wasmModule = await loadWasmModule();
  if (typeof wasmModule.Trainer !== 'function') {
    missing['actlab-wasm'] = 'wasm/dist/actlab.mjs has no Trainer binding yet';
    wasmModule = null;
  }
} catch (error) {
  missing['actlab-wasm'] = `cannot load wasm/dist/actlab.mjs: ${error.message}`;
}
if (!fs.existsSync(nativeBench)) missing['actlab-native'] = `${path.relative(root, nativeBench)} is not built`;

const workloads = allWorkloads().filter((w) => !options.only || options.only.includes(w.id));
const scratch = tempDir();
const results = { environment, workloads: {}, grid: {}, diagnostics: {}, sanity: {}, missing, targets: [] };
// The peers must compute what they claim (bench/check.mjs); a failure stops the run.
results.peerChecks = await checkPeers(workloads);

function record(workloadId, implementation, measurement) {
  results.workloads[workloadId] ??= {};
  results.workloads[workloadId][implementation] = measurement;
  const m = measurement;
  log(
    `  ${workloadId} ${implementation.padEnd(14)} ${m.error ? 'error: ' + m.error : `${si(m.median)} examples/s [${si(m.min)} – ${si(m.max)}]`}`,
  );
}

function attempt(fn) {
  try {
    return fn();
  } catch (error) {
    return { error: error.message.split('\n')[0] };
  }
}

// ---- W1..W3: training throughput ----------------------------------------------

const tfjsBackends = {};
for (const workload of workloads) {
  log(`${workload.title} (${workload.data.samples} examples)`);
  const sanity = (results.sanity[workload.id] = {});

  if (wasmModule) {
    const measurement = attempt(() => {
      const runner = createWasmRunner(wasmModule, workload);
      try {
        const m = measureThroughput(runner, timing);
        const metrics = runner.trainer.metrics();
        sanity['actlab-wasm'] = {
          trainAccuracy: metrics.trainAccuracy,
          trainLoss: metrics.trainLoss,
          status: metrics.status,
        };
        return m;
      } finally {
        runner.dispose();
      }
    });
    record(workload.id, 'actlab-wasm', measurement);
  }

  if (!missing['actlab-native']) {
    const measurement = attempt(() => {
      const out = runNative(workload, {
        dir: scratch,
        timing,
        grid: workload.id === 'W1' ? grid : null,
        metricsEveryStep: true,
      });
      sanity['actlab-native'] = out.final;
      if (out.grid) results.grid['actlab-native'] = out.grid;
      results.diagnostics[workload.id] ??= {};
      results.diagnostics[workload.id]['actlab-native'] = {
        stepByStep: out.metricsPair.a,
        metricsEveryStep: out.metricsPair.b,
        ratio: out.metricsPair.ratio,
      };
      return out.train;
    });
    record(workload.id, 'actlab-native', measurement);
  }

  for (const backend of ['wasm', 'cpu']) {
    const name = `tfjs-${backend}`;
    const measurement = await (async () => {
      try {
        tfjsBackends[name] ??= await useBackend(backend);
        await useBackend(backend);
        const runner = createTfjsRunner(workload);
        try {
          const m = measureThroughput(runner, timing);
          sanity[name] = { trainLoss: runner.loss() };
          if (workload.id === 'W1') {
            const points = gridPoints(grid);
            results.grid[name] = measureCallMs(() => runner.predict(points), timing);
          }
          return m;
        } finally {
          runner.dispose();
        }
      } catch (error) {
        return { error: error.message.split('\n')[0] };
      }
    })();
    record(workload.id, name, measurement);
  }

  record(
    workload.id,
    'brain.js',
    attempt(() => {
      const runner = createBrainRunner(workload);
      const m = measureThroughput(runner, timing);
      sanity['brain.js'] = { trainAccuracy: runner.accuracy() };
      if (workload.id === 'W1') {
        const points = gridPoints(grid);
        const input = [0, 0];
        results.grid['brain.js'] = measureCallMs(() => {
          let sum = 0;
          for (let i = 0; i < points.length; i += 2) {
            input[0] = points[i];
            input[1] = points[i + 1];
            sum += runner.net.run(input)[0];
          }
          return sum;
        }, timing);
      }
      return { ...m, settings: runner.settings };
    }),
  );

  record(
    workload.id,
    'plain-JS',
    attempt(() => {
      const runner = createNodeMlpRunner(workload);
      const m = measureThroughput(runner, timing);
      sanity['plain-JS'] = { trainAccuracy: runner.accuracy() };
      if (workload.id === 'W1') {
        const points = gridPoints(grid);
        const values = new Float32Array(points.length / 2);
        results.grid['plain-JS'] = measureCallMs(() => {
          for (let i = 0; i < values.length; ++i) values[i] = runner.net.predictOne(points, 2 * i);
        }, timing);
      }
      return m;
    }),
  );

  // W4 and the diagnostics' cost on the wasm trainer.
  if (wasmModule) {
    const diag = attempt(() => {
      const runner = createWasmRunner(wasmModule, workload);
      try {
        runner.run(200); // past the first steps, as in a widget that has been training a while
        if (workload.id === 'W1') {
          const { xMin, xMax, yMin, yMax, width, height } = grid;
          results.grid['actlab-wasm'] = measureCallMs(
            () => runner.trainer.predictGrid(xMin, xMax, yMin, yMax, width, height),
            timing,
          );
        }
        const batch = actlabExamplesPerStep(workload.data.samples, workload.config.batchSize);
        const pair = measurePair(
          {
            examplesPerStep: batch,
            run: (n) => {
              for (let i = 0; i < n; ++i) runner.trainer.step(1);
            },
          },
          {
            examplesPerStep: batch,
            run: (n) => {
              for (let i = 0; i < n; ++i) {
                runner.trainer.step(1);
                runner.trainer.metrics();
              }
            },
          },
          timing,
        );
        return { stepByStep: pair.a, metricsEveryStep: pair.b, ratio: pair.ratio };
      } finally {
        runner.dispose();
      }
    });
    results.diagnostics[workload.id] ??= {};
    results.diagnostics[workload.id]['actlab-wasm'] = diag;

    // What the per-step bookkeeping of the diagnostics costs (config.diagnostics,
    // default true) when nothing reads it: the same trainer with it switched off
    // vs on, training in step(n) chunks as in the throughput table.
    const bookkeeping = attempt(() => {
      const off = createWasmRunner(wasmModule, { ...workload, config: { ...workload.config, diagnostics: false } });
      const on = createWasmRunner(wasmModule, workload);
      try {
        off.run(200);
        on.run(200);
        const pair = measurePair(off, on, timing);
        return { off: pair.a, on: pair.b, ratio: pair.ratio };
      } finally {
        off.dispose();
        on.dispose();
      }
    });
    results.diagnosticsBookkeeping ??= {};
    results.diagnosticsBookkeeping[workload.id] = bookkeeping;
    log(
      `  ${workload.id} diagnostics bookkeeping: ${bookkeeping.error ? 'error: ' + bookkeeping.error : (100 * (1 - bookkeeping.ratio.median)).toFixed(1) + ' %'}`,
    );
  }
}

fs.rmSync(scratch, { recursive: true, force: true });

// ---- targets ------------------------------------------------------------------

const median = (w, impl) => results.workloads[w]?.[impl]?.median ?? NaN;
// range: [low, high] of the same figure over the repeats (for a ratio A / B:
// slowest A over fastest B to fastest A over slowest B), shown next to the median.
function target(name, value, range, limit, kind, format) {
  let verdict;
  if (!Number.isFinite(value)) verdict = 'MISSING';
  else verdict = (kind === 'min' ? value >= limit : value <= limit) ? 'PASS' : 'FAIL';
  results.targets.push({ name, value, range, limit, kind, verdict });
  const shown = (v) => (Number.isFinite(v) ? format(v) : 'n/a');
  return [
    name,
    shown(value),
    range.every(Number.isFinite) ? `[${shown(range[0])} – ${shown(range[1])}]` : '',
    `${kind === 'min' ? '≥' : '≤'} ${format(limit)}`,
    verdict,
  ];
}

const stats = (w, impl) => results.workloads[w]?.[impl] ?? {};
function ratioTarget(name, w, a, b, limit, kind) {
  const A = stats(w, a);
  const B = stats(w, b);
  return target(name, A.median / B.median, [A.min / B.max, A.max / B.min], limit, kind, ratio);
}

const targetRows = [];
for (const w of workloads.map((w) => w.id)) {
  targetRows.push(ratioTarget(`${w} wasm / tfjs-wasm`, w, 'actlab-wasm', 'tfjs-wasm', 10, 'min'));
  targetRows.push(ratioTarget(`${w} wasm / plain-JS`, w, 'actlab-wasm', 'plain-JS', w === 'W1' ? 2.5 : 10, 'min'));
  targetRows.push(ratioTarget(`${w} native / wasm`, w, 'actlab-native', 'actlab-wasm', 1.6, 'max'));
}
if (workloads.some((w) => w.id === 'W1')) {
  const g = results.grid['actlab-wasm'] ?? {};
  targetRows.push(
    target('W4 wasm predictGrid 100×100', g.median ?? NaN, [g.min, g.max], 1.2, 'max', (v) => ms(v) + ' ms'),
  );
}
for (const w of workloads.map((w) => w.id)) {
  const d = results.diagnostics[w]?.['actlab-wasm'];
  const ok = d && !d.error;
  const cost = ok ? 100 * (1 - d.ratio.median) : NaN;
  const range = ok ? [100 * (1 - d.ratio.max), 100 * (1 - d.ratio.min)] : [NaN, NaN];
  targetRows.push(target(`${w} diagnostics: metrics() every step`, cost, range, 10, 'max', (v) => v.toFixed(1) + ' %'));
}
for (const w of workloads.map((w) => w.id)) {
  const d = results.diagnosticsBookkeeping?.[w];
  const ok = d && !d.error;
  const cost = ok ? 100 * (1 - d.ratio.median) : NaN;
  const range = ok ? [100 * (1 - d.ratio.max), 100 * (1 - d.ratio.min)] : [NaN, NaN];
  targetRows.push(
    target(`${w} diagnostics: bookkeeping on vs off`, cost, range, 10, 'max', (v) => v.toFixed(1) + ' %'),
  );
}

// ---- the table ----------------------------------------------------------------

const out = [];
out.push(
  `ActLab training benchmark — ${environment.date} — commit ${environment.commit}` +
    (environment.uncommitted.length ? ` + uncommitted ${environment.uncommitted.join(', ')}` : ''),
);
out.push(
  `${environment.cpu}, ${environment.cores} cores, load ${environment.loadAverageAtStart.join(' ')}; node ${environment.node}; tfjs ${tfjsBackends['tfjs-wasm']?.version ?? '?'} (wasm simd ${tfjsBackends['tfjs-wasm']?.simd ?? '?'}, threads ${tfjsBackends['tfjs-wasm']?.threads ?? '?'})`,
);
out.push(
  `examples/s (forward + backward + update): median [min – max] of ${timing.repeats} repeats of ≥ ${timing.repeatSeconds} s after a warm-up of ${timing.warmupSeconds}–${timing.maxWarmupSeconds} s (until the rate is stable); clock: ${timing.clock === 'cpu' ? 'process CPU time (wall-clock rates in results.json)' : 'wall'}`,
);
for (const workload of workloads) {
  out.push('');
  out.push(`${workload.title}, ${workload.data.samples} examples`);
  const base = median(workload.id, 'actlab-wasm');
  const rows = IMPLEMENTATIONS.map((impl) => {
    const m = results.workloads[workload.id]?.[impl];
    if (!m) return [impl, 'missing', '', ''];
    if (m.error) return [impl, 'error', m.error.slice(0, 60), ''];
    return [impl, si(m.median), `[${si(m.min)} – ${si(m.max)}]`, ratio(base / m.median)];
  });
  out.push(table(['implementation', 'examples/s', '[min – max]', 'wasm ÷ this'], rows, ['l', 'r', 'l', 'r']));
}
if (workloads.some((w) => w.id === 'W1')) {
  out.push('');
  out.push(
    `W4 W1's network on a ${grid.width}×${grid.height} grid (ActLab: predictGrid; peers: predict on the same 10 000 points), ms per call`,
  );
  const base = results.grid['actlab-wasm']?.median;
  const rows = IMPLEMENTATIONS.map((impl) => {
    const m = results.grid[impl];
    if (!m) return [impl, 'missing', '', ''];
    return [impl, ms(m.median), `[${ms(m.min)} – ${ms(m.max)}]`, ratio(m.median / base)];
  });
  out.push(table(['implementation', 'ms', '[min – max]', 'this ÷ wasm'], rows, ['l', 'r', 'l', 'r']));
}
out.push('');
out.push(
  'Diagnostics: examples/s calling step(1) alone vs step(1) + metrics() after every step; the time one metrics() adds;',
);
out.push('and what that costs a widget that trains flat out and reads metrics() once per 60 Hz frame');
const diagRows = [];
for (const workload of workloads) {
  const w = workload.id;
  const perStep = actlabExamplesPerStep(workload.data.samples, workload.config.batchSize);
  for (const impl of ['actlab-wasm', 'actlab-native']) {
    const d = results.diagnostics[w]?.[impl];
    if (!d || d.error) {
      diagRows.push([w, impl, d?.error ? 'error' : 'missing', '', '', '', '']);
      continue;
    }
    const every = 100 * (1 - d.ratio.median);
    // What one metrics() call adds, in microseconds (time a step with it minus without).
    const callUs = ((1e6 * perStep) / d.stepByStep.median) * (1 / d.ratio.median - 1);
    d.metricsCallMicroseconds = callUs;
    // A widget that trains flat out and reads metrics() once per 60 Hz frame.
    const perFrame = (100 * callUs * 60) / 1e6;
    diagRows.push([
      w,
      impl,
      si(d.stepByStep.median),
      si(d.metricsEveryStep.median),
      every.toFixed(1) + ' %',
      callUs.toFixed(2),
      perFrame.toFixed(3) + ' %',
    ]);
  }
}
out.push(
  table(['workload', 'build', 'step(1)', '+metrics()', 'cost', 'µs/metrics()', 'cost at 60/s'], diagRows, [
    'l',
    'l',
    'r',
    'r',
    'r',
    'r',
    'r',
  ]),
);
out.push('');
out.push(
  'Diagnostics bookkeeping: examples/s of step(n) with config.diagnostics false vs true (the per-step share: norms, saturation,',
);
out.push('dead units; nothing reads metrics())');
const bookRows = workloads.map((workload) => {
  const d = results.diagnosticsBookkeeping?.[workload.id];
  if (!d || d.error) return [workload.id, d?.error ? 'error' : 'missing', '', ''];
  return [workload.id, si(d.off.median), si(d.on.median), (100 * (1 - d.ratio.median)).toFixed(1) + ' %'];
});
out.push(table(['workload', 'off', 'on', 'cost'], bookRows, ['l', 'r', 'r', 'r']));
out.push('');
out.push('Targets (issue 3), medians of this run');
out.push(
  table(['target', 'median', '[range over repeats]', 'target', 'result'], targetRows, ['l', 'r', 'l', 'l', 'l']),
);
const passed = results.targets.filter((t) => t.verdict === 'PASS').length;
out.push('');
out.push(
  `${passed} of ${results.targets.length} targets met` +
    (Object.keys(missing).length
      ? `; missing: ${Object.entries(missing)
          .map(([k, v]) => `${k} (${v})`)
          .join(', ')}`
      : ''),
);
out.push(
  `Sanity (training-set accuracy after the timed run): ` +
    workloads
      .map(
        (w) =>
          `${w.id} ` +
          Object.entries(results.sanity[w.id] ?? {})
            .filter(([, s]) => Number.isFinite(s?.trainAccuracy))
            .map(([impl, s]) => `${impl} ${(100 * s.trainAccuracy).toFixed(0)}%`)
            .join(', '),
      )
      .join('; '),
);
out.push(
  `Total bench time ${((performance.now() - started) / 1000).toFixed(0)} s; full results in ${path.relative(root, options.out)}`,
);

const text = out.join('\n');
results.table = text;
results.brainSettings = Object.fromEntries(workloads.map((w) => [w.id, brainSettings(w.config)]));
results.configs = Object.fromEntries(workloads.map((w) => [w.id, w.config]));
fs.writeFileSync(options.out, JSON.stringify(results, null, 2) + '\n');
console.log(text);
if (options.strict && results.targets.some((t) => t.verdict !== 'PASS')) process.exitCode = 1;
// summarize is re-exported for tests that want the same statistics.
export { summarize };
