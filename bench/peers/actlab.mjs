// ActLab itself: the wasm trainer (wasm/dist/actlab.mjs in this Node process)
// and the native build (build/native/bench/actlab_bench, spawned per workload).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const nativeBench = path.join(root, 'build/native/bench/actlab_bench');

export async function loadWasmModule() {
  const glue = path.join(root, 'wasm/dist/actlab.mjs');
  const { default: createActLab } = await import(pathToFileURL(glue).href);
  return createActLab({ wasmBinary: fs.readFileSync(path.join(root, 'wasm/dist/actlab.wasm')) });
}

// ActLab ends each epoch with a short batch (1000 rows in batches of 32: 31
// steps of 32 and one of 8), so a step averages rows / ceil(rows / batch)
// examples, not batch.
export function actlabExamplesPerStep(rows, batch) {
  return rows / Math.ceil(rows / Math.min(batch, rows));
}

// A runner for bench/lib/timing.mjs over one wasm Trainer. Large step counts
// are split at the API's limit of 100 000 steps a call.
export function createWasmRunner(module, workload) {
  const { data, config } = workload;
  const trainer = new module.Trainer(JSON.stringify(config));
  trainer.setData(data.x, data.y, data.nFeatures, data.nOutputs);
  return {
    trainer,
    examplesPerStep: actlabExamplesPerStep(data.samples, config.batchSize),
    run(steps) {
      while (steps > 0) {
        const now = Math.min(steps, 100000);
        trainer.step(now);
        steps -= now;
      }
    },
    dispose() {
      trainer.delete();
    },
  };
}

// Writes the workload's config and data where actlab_bench can read them.
export function writeNativeInputs(dir, workload) {
  const base = path.join(dir, workload.id);
  fs.writeFileSync(`${base}.json`, JSON.stringify(workload.config));
  fs.writeFileSync(
    `${base}.x.f32`,
    Buffer.from(workload.data.x.buffer, workload.data.x.byteOffset, workload.data.x.byteLength),
  );
  fs.writeFileSync(
    `${base}.y.f32`,
    Buffer.from(workload.data.y.buffer, workload.data.y.byteOffset, workload.data.y.byteLength),
  );
  return base;
}

// Runs actlab_bench on a workload; returns its parsed JSON.
export function runNative(workload, { dir, timing, grid, metricsEveryStep = false }) {
  const base = writeNativeInputs(dir, workload);
  const args = [
    '--config',
    `${base}.json`,
    '--x',
    `${base}.x.f32`,
    '--y',
    `${base}.y.f32`,
    '--features',
    String(workload.data.nFeatures),
    '--outputs',
    String(workload.data.nOutputs),
    '--warmup',
    String(timing.warmupSeconds),
    '--repeat',
    String(timing.repeatSeconds),
    '--repeats',
    String(timing.repeats),
    '--chunk',
    String(timing.chunkSeconds),
    '--clock',
    timing.clock,
  ];
  if (grid) args.push('--grid', [grid.xMin, grid.xMax, grid.yMin, grid.yMax, grid.width, grid.height].join(','));
  if (metricsEveryStep) args.push('--metrics-every-step');
  const stdout = execFileSync(nativeBench, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(stdout);
}

export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-bench-'));
}
