// Where the time of metrics() goes on the wasm trainer, phase by phase:
//
//   node bench/metrics-phases.mjs [--seconds S] [--only W1,W2]
//
// For each workload (bench/lib/data.mjs), after 200 warm-up steps, the CPU time
// per call of: step(1) with diagnostics on and off (the per-step bookkeeping),
// the raw _metricsPacked() call into wasm (C++ metrics() + packing + the Embind
// call), metrics() (that plus building the JS object), and metrics() with its
// per-layer part read (JSON.stringify of the result). Each figure is the median
// of 5 runs of about S seconds (default 0.2), phases interleaved.
import fs from 'node:fs';
import path from 'node:path';
import { workloads as allWorkloads } from './lib/data.mjs';
import { loadWasmModule, createWasmRunner } from './peers/actlab.mjs';
import { measurePair } from './lib/timing.mjs';

const args = process.argv.slice(2);
const seconds = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 0.2;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

// Nanoseconds per call of fn (CPU time), the median of 5 windows.
function nsPerCall(fn) {
  const samples = [];
  for (let r = 0; r < 5; ++r) {
    let calls = 0;
    const start = cpu();
    let elapsed = 0;
    do {
      for (let i = 0; i < 64; ++i) fn();
      calls += 64;
      elapsed = cpu() - start;
    } while (elapsed < seconds);
    samples.push((elapsed * 1e9) / calls);
  }
  samples.sort((a, b) => a - b);
  return samples[2];
}

const module = await loadWasmModule();
const rows = [];
let sink = 0;
for (const workload of allWorkloads().filter((w) => !only || only.includes(w.id))) {
  const make = (diagnostics) => {
    const config = diagnostics === undefined ? workload.config : { ...workload.config, diagnostics };
    const t = new module.Trainer(JSON.stringify(config));
    t.setData(workload.data.x, workload.data.y, workload.data.nFeatures, workload.data.nOutputs);
    t.step(200);
    return t;
  };
  let off = null;
  try {
    off = make(false);
  } catch {
    off = null; // a build without the diagnostics switch
  }
  const on = make(undefined);
  const phases = {
    'step(1), diagnostics on': () => on.step(1),
    'step(1), diagnostics off': off ? () => off.step(1) : null,
    '_metricsPacked() (wasm)': () => {
      sink += on['_metricsPacked']() ? 1 : 0;
    },
    'metrics()': () => {
      sink += on.metrics().step;
    },
    'metrics() + JSON.stringify': () => {
      sink += JSON.stringify(on.metrics()).length;
    },
  };
  for (const [name, fn] of Object.entries(phases)) {
    if (!fn) continue;
    fn();
    rows.push({ workload: workload.id, phase: name, ns: nsPerCall(fn) });
  }
  on.delete();
  off?.delete();
  if (off) {
    // Training throughput (step(n) in chunks, as the main table measures it), diagnostics off vs on.
    const a = createWasmRunner(module, { ...workload, config: { ...workload.config, diagnostics: false } });
    const b = createWasmRunner(module, workload);
    const pair = measurePair(a, b, { warmupSeconds: 0.2, repeatSeconds: 2 * seconds, repeats: 5, chunkSeconds: 0.01 });
    rows.push({
      workload: workload.id,
      phase: 'diagnostics cost, step(n)',
      ns: NaN,
      note: `${(100 * (1 - pair.ratio.median)).toFixed(1)} % [${(100 * (1 - pair.ratio.max)).toFixed(1)} – ${(100 * (1 - pair.ratio.min)).toFixed(1)}]`,
    });
    a.dispose();
    b.dispose();
  }
  // step(1) alone vs step(1) + metrics() after every step (the main bench's "metrics() every step").
  {
    const r = createWasmRunner(module, workload);
    r.run(200);
    const single = {
      examplesPerStep: r.examplesPerStep,
      run: (n) => {
        for (let i = 0; i < n; ++i) r.trainer.step(1);
      },
    };
    const read = {
      examplesPerStep: r.examplesPerStep,
      run: (n) => {
        for (let i = 0; i < n; ++i) {
          r.trainer.step(1);
          r.trainer.metrics();
        }
      },
    };
    const pair = measurePair(single, read, {
      warmupSeconds: 0.2,
      repeatSeconds: 2 * seconds,
      repeats: 5,
      chunkSeconds: 0.01,
    });
    rows.push({
      workload: workload.id,
      phase: 'metrics() every step',
      ns: NaN,
      note: `${(100 * (1 - pair.ratio.median)).toFixed(1)} % [${(100 * (1 - pair.ratio.max)).toFixed(1)} – ${(100 * (1 - pair.ratio.min)).toFixed(1)}]`,
    });
    r.dispose();
  }
}
for (const r of rows)
  console.log(`${r.workload}  ${r.phase.padEnd(28)} ${r.note ?? r.ns.toFixed(0).padStart(8) + ' ns'}`);
if (sink === -1) console.log(sink);
