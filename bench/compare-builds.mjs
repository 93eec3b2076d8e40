// A/B of two builds of the wasm module in one Node process:
//
//   node bench/compare-builds.mjs <dirA> <dirB>
//
// Each dir holds wasm/dist/actlab.mjs and actlab.wasm (e.g. a `git archive` of
// an older commit built with emcmake in /tmp). For each workload, both trainers
// train in alternating windows (bench/lib/timing.mjs measurePair), so load and
// training stage hit both alike; prints examples/s of A and B, B / A, and W1's
// predictGrid 100×100 in ms.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { workloads, grid } from './lib/data.mjs';
import { measurePair, measureCallMs } from './lib/timing.mjs';
import { actlabExamplesPerStep } from './peers/actlab.mjs';

async function load(dir) {
  const dist = path.resolve(dir, 'wasm/dist');
  const { default: create } = await import(pathToFileURL(path.join(dist, 'actlab.mjs')).href);
  return create({ wasmBinary: fs.readFileSync(path.join(dist, 'actlab.wasm')) });
}

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: node bench/compare-builds.mjs <dirA> <dirB>');
const modules = [await load(dirA), await load(dirB)];

for (const workload of workloads()) {
  const runners = modules.map((module) => {
    const trainer = new module.Trainer(JSON.stringify(workload.config));
    trainer.setData(workload.data.x, workload.data.y, workload.data.nFeatures, workload.data.nOutputs);
    return {
      trainer,
      examplesPerStep: actlabExamplesPerStep(workload.data.samples, workload.config.batchSize),
      run: (n) => trainer.step(n),
    };
  });
  const pair = measurePair(runners[0], runners[1], { repeats: 5, repeatSeconds: 0.4 });
  let line = `${workload.id}  A ${Math.round(pair.a.median)}  B ${Math.round(pair.b.median)} examples/s  B/A ${pair.ratio.median.toFixed(3)}`;
  if (workload.id === 'W1') {
    const { xMin, xMax, yMin, yMax, width, height } = grid;
    const gridMs = runners.map(
      (r) => measureCallMs(() => r.trainer.predictGrid(xMin, xMax, yMin, yMax, width, height), { repeats: 3 }).median,
    );
    line += `  predictGrid A ${gridMs[0].toFixed(3)} ms  B ${gridMs[1].toFixed(3)} ms`;
  }
  console.log(line);
  for (const r of runners) r.trainer.delete();
}
