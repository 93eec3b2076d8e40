// Issue 7, sections 1 and 4: every entry point of the wasm module rejects bad
// input with a JS Error carrying a clear message, 10 000 times per kind of bad
// call, and afterwards the module still gives the answers it gave before and
// its heap has not grown. Also 10 000 create/step/delete cycles of a Trainer,
// and web/actlab.ts's wrapper: dispose, double dispose, and the
// FinalizationRegistry freeing a trainer that was dropped (in a child process
// started with --expose-gc).
//
// Heap measures (only what the module exposes):
//   - HEAP8.length: the wasm memory size (grows, never shrinks);
//   - "top": the address _malloc gives a fresh 4 MiB block. dlmalloc serves a
//     block that size from the top of the heap, so leaked allocations push it up;
//   - count_emval_handles(): live Embind handles to JS values;
//   - getLiveInheritedInstances(): live Embind class instances (when the build
//     tracks them; it returns an empty list otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { binaryConfig, repoRoot as root, transpileActLabWrapper } from './helpers.mjs';
import { loadModule } from './load-module.mjs';

const m = await loadModule();
const N = 10_000;
const MiB = 1 << 20;

function heapTop() {
  const p = m._malloc(4 * MiB);
  assert.ok(p > 0, 'malloc probe failed');
  m._free(p);
  return p;
}

function snapshot() {
  return {
    memory: m.HEAP8.length,
    top: heapTop(),
    handles: typeof m.count_emval_handles === 'function' ? m.count_emval_handles() : 0,
    instances: typeof m.getLiveInheritedInstances === 'function' ? m.getLiveInheritedInstances().length : 0,
  };
}

const CONFIG = binaryConfig({ layers: [{ units: 6, activation: 'tanh' }], lr: 0.01, seed: 3, batchSize: 8 });
const X = new Float32Array([0, 0, 1, 1, 0, 1, 1, 0, 0.5, -0.5, -1, 0.25, 0.2, 0.9, -0.7, -0.3]);
const Y = new Float32Array([0, 1, 1, 0, 1, 0, 1, 0]);
const XS = new Float64Array([-3, -1, -0.5, 0, 0.25, 1, 2.5]);
const PRED = new Float64Array([0.1, 0.5, 0.9]);
const TARGET = new Float64Array([0, 1, 1]);

// Everything the module answers, computed from fresh objects, for a before/after comparison.
function reference() {
  const t = new m.Trainer(CONFIG);
  try {
    t.setData(X, Y, 2, 1);
    t.step(25);
    const weights = t.exportWeights();
    return {
      relu: Array.from(m.activationEval('relu', XS)),
      gelu: Array.from(m.activationGrad('gelu', XS)),
      elu: Array.from(m.activationEval('elu', XS, [0.7])),
      huber: Array.from(m.lossEval('huber', PRED, TARGET, [0.5])),
      bce: Array.from(m.lossGrad('bce', PRED, TARGET)),
      metrics: JSON.stringify(t.metrics()),
      predict: Array.from(t.predict(X)),
      grid: Array.from(t.predictGrid(-1, 1, -1, 1, 7, 5)),
      weights,
    };
  } finally {
    t.delete();
  }
}

// A trainer the bad calls are made on; it must keep working afterwards.
const live = new m.Trainer(CONFIG);
live.setData(X, Y, 2, 1);
live.setTestData(X, Y, 2, 1);
live.step(5);
const goodWeights = JSON.parse(live.exportWeights());

const deep = '['.repeat(5000) + ']'.repeat(5000);
const cfg = (extra) => JSON.stringify({ ...CONFIG, ...extra });
const withLayer = (change) => {
  const w = structuredClone(goodWeights);
  change(w);
  return JSON.stringify(w);
};

// [name, call, message pattern]. Each is made N times (the 10 MB ones fewer, see below).
const BAD_CALLS = [
  ['activationEval unknown id', () => m.activationEval('nope', XS), /unknown activation 'nope'/],
  ['activationEval id not a string', () => m.activationEval(42, XS), /id must be a string/],
  ['activationEval 1000-char id', () => m.activationEval('r'.repeat(1000), XS), /unknown activation/],
  ['activationEval xs not an array', () => m.activationEval('relu', 'abc'), /xs must be a Float64Array/],
  ['activationEval xs with a string', () => m.activationEval('relu', [1, '2']), /xs\[1\] is not a number/],
  ['activationEval params count', () => m.activationEval('leaky_relu', XS, [1, 2]), /takes 1 parameter/],
  ['activationEval NaN param', () => m.activationEval('elu', XS, [NaN]), /alpha is NaN/],
  ['activationEval inf param', () => m.activationEval('elu', XS, [Infinity]), /alpha = inf is outside/],
  ['activationEval huge param', () => m.activationEval('celu', XS, [1e300]), /outside \[/],
  ['activationGrad unknown id', () => m.activationGrad('relu ', XS), /unknown activation/],
  ['activationGrad NaN param', () => m.activationGrad('leaky_relu', XS, [NaN]), /is NaN/],
  ['lossEval unknown id', () => m.lossEval('nope', PRED, TARGET), /unknown loss 'nope'/],
  ['lossEval length mismatch', () => m.lossEval('mse', PRED, [1]), /length 3 differs from target length 1/],
  ['lossEval NaN param', () => m.lossEval('huber', PRED, TARGET, [NaN]), /delta is NaN/],
  ['lossEval bce target out of range', () => m.lossEval('bce', [0.5], [2]), /target 2 is outside \[0, 1\]/],
  ['lossGrad length mismatch', () => m.lossGrad('mae', PRED, [1, 2]), /differs from target length/],
  ['lossGrad params count', () => m.lossGrad('mse', PRED, TARGET, [1]), /takes 0 parameter/],
  ['descentPath unknown surface', () => m.descentPath('cliff', 'sgd', 0.1, 10), /unknown surface 'cliff'/],
  ['descentPath lr out of range', () => m.descentPath('bowl', 'adam', 1e9, 10), /lr = 1000000000 is outside/],
  ['descentPath steps not whole', () => m.descentPath('bowl', 'sgd', 0.1, 1.5), /not a whole number/],
  ['surfaceGrid xs not an array', () => m.surfaceGrid('bowl', 'abc', XS), /xs must be a Float64Array/],
  [
    'surfaceGrid too many points',
    () => m.surfaceGrid('bowl', new Float64Array(1001), new Float64Array(1000)),
    /more than 1000000/,
  ],
  ['Trainer config a number', () => new m.Trainer(5), /JSON string or an object/],
  ['Trainer config broken JSON', () => new m.Trainer('{"layers": ['), /JSON error/],
  ['Trainer config an array', () => new m.Trainer('[1,2]'), /must be an object, got an array/],
  ['Trainer config deep nesting', () => new m.Trainer(deep), /nesting deeper than/],
  ['Trainer config wrong type', () => new m.Trainer(cfg({ layers: 'abc' })), /layers must be an array/],
  [
    'Trainer config huge number',
    () => new m.Trainer(cfg({ layers: [{ units: 1e300, activation: 'tanh' }] })),
    /units = 1e\+300 is outside \[1, 256\]/,
  ],
  [
    'Trainer config NaN as a string',
    () => new m.Trainer(cfg({ optimizer: { id: 'sgd', lr: 'NaN' } })),
    /lr must be a number/,
  ],
  ['Trainer config NaN literal', () => new m.Trainer(cfg({}).replace('"lr":0.01', '"lr":NaN')), /JSON error/],
  ['Trainer config NaN object', () => new m.Trainer({ ...CONFIG, l2: NaN }), /l2/],
  ['Trainer config unknown field', () => new m.Trainer(cfg({ extra: 1 })), /extra is not a known field/],
  ['Trainer config bad pairing', () => new m.Trainer(cfg({ loss: { id: 'cross_entropy' } })), /not allowed/],
  ['setData bad length', () => live.setData([1, 2, 3], [1], 2, 1), /not a positive multiple of nFeatures = 2/],
  ['setData NaN x', () => live.setData([NaN, 1], [1], 2, 1), /x\[0\] is not a finite number/],
  ['setData inf y', () => live.setData([0, 1], [Infinity], 2, 1), /y\[0\] is not a finite number/],
  ['setData negative nFeatures', () => live.setData([0, 1], [1], -1, 1), /nFeatures = -1 must be an integer/],
  [
    'setData huge nFeatures',
    () => live.setData([0, 1], [1], 1e10, 1),
    /nFeatures = 10000000000 must be an integer in \[1, 1024\]/,
  ],
  ['setData NaN nFeatures', () => live.setData([0, 1], [1], NaN, 1), /nFeatures = NaN must be an integer/],
  ['setData wrong nOutputs', () => live.setData([0, 1], [1, 0], 2, 2), /must equal output.units/],
  ['setTestData wrong width', () => live.setTestData([0, 1, 2], [1], 3, 1), /does not match the network's input width/],
  ['setTestData NaN', () => live.setTestData([1, NaN], [1], 2, 1), /x\[1\] is not a finite number/],
  ['step 0', () => live.step(0), /n = 0 must be an integer in \[1, 100000\]/],
  ['step -1', () => live.step(-1), /n = -1/],
  ['step NaN', () => live.step(NaN), /n = NaN must be an integer/],
  ['step 1e9', () => live.step(1e9), /n = 1000000000/],
  ['step 1.5', () => live.step(1.5), /n = 1.5/],
  ['step a string', () => live.step('5'), /n must be a number/],
  ['predict wrong width', () => live.predict([1, 2, 3]), /not a positive multiple of the input width 2/],
  ['predict NaN', () => live.predict([NaN, 1]), /not a finite number/],
  ['predictGrid width 0', () => live.predictGrid(-1, 1, -1, 1, 0, 10), /width = 0/],
  ['predictGrid negative height', () => live.predictGrid(-1, 1, -1, 1, 10, -5), /height = -5/],
  ['predictGrid huge', () => live.predictGrid(-1, 1, -1, 1, 1e6, 1e6), /width = 1000000/],
  ['predictGrid NaN bounds', () => live.predictGrid(NaN, 1, -1, 1, 10, 10), /finite xMin < xMax/],
  ['predictGrid inverted', () => live.predictGrid(-1, 1, 1, -1, 10, 10), /yMin < yMax/],
  ['importWeights broken JSON', () => live.importWeights('{"format":'), /JSON error/],
  ['importWeights not JSON', () => live.importWeights(7), /JSON string or an object/],
  ['importWeights wrong format', () => live.importWeights({}), /format must be "actlab-weights"/],
  ['importWeights deep nesting', () => live.importWeights(deep), /nesting deeper than/],
  [
    'importWeights another version',
    () => live.importWeights(withLayer((w) => (w.version = 2))),
    /importWeights: version must be 1/,
  ],
  [
    'importWeights short weights',
    () => live.importWeights(withLayer((w) => w.layers[0].weights.pop())),
    /importWeights/,
  ],
  [
    'importWeights long weights',
    () => live.importWeights(withLayer((w) => w.layers[0].weights.push(0.5))),
    /weights has 13 values; the network needs 12/,
  ],
  [
    'importWeights other activation',
    () =>
      live.importWeights(
        withLayer((w) => {
          w.layers[0].activation = 'relu';
        }),
      ),
    /activation does not match/,
  ],
  [
    'importWeights other input width',
    () =>
      live.importWeights(
        withLayer((w) => {
          w.inputs = 3;
        }),
      ),
    /inputs = 3 does not match/,
  ],
  [
    'importWeights extra layer',
    () => live.importWeights(withLayer((w) => w.layers.push(w.layers[1]))),
    /importWeights/,
  ],
  [
    'importWeights NaN weight',
    () =>
      live.importWeights(
        withLayer((w) => {
          w.layers[1].weights[0] = 'NaN';
        }),
      ),
    /importWeights/,
  ],
  [
    'importWeights null bias',
    () =>
      live.importWeights(
        withLayer((w) => {
          w.layers[0].biases[0] = null;
        }),
      ),
    /importWeights/,
  ],
  [
    'importWeights huge weight',
    () =>
      live.importWeights(
        withLayer((w) => {
          w.layers[0].weights[0] = 1e300;
        }),
      ),
    /importWeights/,
  ],
];

// 10 MB inputs: each call copies 10 MB into wasm memory, so fewer repetitions.
const HUGE = 'x'.repeat(10_000_000);
const HUGE_CALLS = [
  ['Trainer config 10 MB string field', () => new m.Trainer(cfg({ note: HUGE })), /more than the limit/],
  ['Trainer config 10 MB loss id', () => new m.Trainer({ ...CONFIG, loss: { id: HUGE } }), /more than the limit/],
  ['importWeights 10 MB', () => live.importWeights(HUGE), /importWeights/],
  ['activationEval 10 MB id', () => m.activationEval(HUGE, XS), /unknown activation/],
  ['descentPath 10 MB surface id', () => m.descentPath(HUGE, 'sgd', 0.1, 10), /unknown surface/],
];
const HUGE_REPEATS = 40;

function expectError(name, call, pattern) {
  let caught;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `${name}: no error thrown`);
  assert.ok(caught instanceof Error, `${name}: threw ${typeof caught} ${String(caught)}, not an Error`);
  assert.match(caught.message, pattern, `${name}: unclear message`);
  assert.ok(caught.message.length < 400, `${name}: message of ${caught.message.length} characters`);
}

test('bad calls of every kind throw Errors with clear messages; answers unchanged and no heap growth', () => {
  // Warm up every path once so lazily created structures are in place before measuring.
  const before = reference();
  for (const [name, call, pattern] of BAD_CALLS) expectError(name, call, pattern);
  for (const [name, call, pattern] of HUGE_CALLS) expectError(name, call, pattern);
  live.step(1);
  const start = snapshot();
  const liveMetricsBefore = live.metrics().step;

  for (const [name, call, pattern] of BAD_CALLS) {
    for (let i = 0; i < N; ++i) expectError(name, call, pattern);
  }
  for (const [name, call, pattern] of HUGE_CALLS) {
    for (let i = 0; i < HUGE_REPEATS; ++i) expectError(name, call, pattern);
  }

  const end = snapshot();
  assert.equal(end.memory, start.memory, `wasm memory grew from ${start.memory} to ${end.memory} bytes`);
  // dlmalloc's smallest chunk is 16 bytes, so one leaked allocation per call of
  // any single kind (10 000 calls) would move the top by at least 160 KB; a few
  // KB of movement is free-list reshuffling, not a leak.
  assert.ok(end.top - start.top < 64 * 1024, `heap top moved from ${start.top} to ${end.top}: leaked allocations`);
  assert.equal(end.handles, start.handles, 'Embind value handles leaked');
  assert.equal(end.instances, start.instances, 'Embind instances leaked');

  // The trainer that took all the bad calls is untouched and still trains.
  assert.equal(live.metrics().step, liveMetricsBefore);
  assert.equal(live.step(3), 3);
  assert.deepEqual(reference(), before);
  console.log(
    `# ${BAD_CALLS.length} kinds x ${N} bad calls + ${HUGE_CALLS.length} x ${HUGE_REPEATS} 10 MB calls: ` +
      `memory ${start.memory} -> ${end.memory} bytes, heap top ${start.top} -> ${end.top}`,
  );
});

test('10 000 create/step/delete cycles of Trainer keep the heap within 1 MiB', () => {
  const cycle = (i) => {
    const t = new m.Trainer({ ...CONFIG, seed: i });
    t.setData(X, Y, 2, 1);
    t.step(2);
    t.metrics();
    t.predictGrid(-1, 1, -1, 1, 4, 4);
    t.delete();
  };
  for (let i = 0; i < 50; ++i) cycle(i);
  const start = snapshot();
  for (let i = 0; i < N; ++i) cycle(i);
  const end = snapshot();
  assert.ok(end.memory - start.memory <= MiB, `wasm memory grew by ${end.memory - start.memory} bytes`);
  assert.ok(end.top - start.top <= MiB, `heap top moved by ${end.top - start.top} bytes`);
  assert.equal(end.handles, start.handles, 'Embind value handles leaked');
  assert.equal(end.instances, start.instances, 'Embind instances leaked');
  console.log(`# ${N} cycles: memory ${start.memory} -> ${end.memory}, heap top ${start.top} -> ${end.top}`);
});

test('a deleted raw trainer refuses calls instead of touching freed memory', () => {
  const t = new m.Trainer(CONFIG);
  t.delete();
  assert.throws(
    () => t.step(1),
    (e) => e instanceof Error,
  );
  assert.throws(
    () => t.delete(),
    (e) => e instanceof Error,
  );
});

// ---- web/actlab.ts wrapper -------------------------------------------------------
// Transpiled into a temporary folder, importing the built glue.
const transpiledWrapper = () => transpileActLabWrapper('actlab-hardening-');

// Run in a child process with --expose-gc: the wrapper is the only owner of its
// Embind objects; dispose() and the FinalizationRegistry must each free them.
const CHILD = String.raw`
import fs from 'node:fs';
const dir = process.argv[2];
const root = process.argv[3];
const { loadActLab } = await import(dir + '/actlab.mjs');
const lab = await loadActLab({ wasmBinary: fs.readFileSync(root + '/wasm/dist/actlab.wasm') });
const m = lab.module;
const config = { ...${JSON.stringify(CONFIG)}, dataset: { id: 'xor', samples: 10 } };
const top = () => { const p = m._malloc(4 << 20); m._free(p); return p; };
const out = {};
// The raw trainer is reachable only through the wrapper; spy on delete() to count frees.
let deletes = 0;
const proto = m.Trainer.prototype;
const realDelete = proto.delete;
proto.delete = function () { deletes += 1; return realDelete.call(this); };

const t = lab.createTrainer(config);
t.setData([0, 0, 1, 1, 0, 1, 1, 0], [0, 0, 1, 1], 2, 1);
t.step(3);
t.dispose();
t.dispose();
out.afterDispose = deletes;
try { t.step(1); out.stepAfterDispose = 'no error'; } catch (e) { out.stepAfterDispose = e.message; }

// Dropped without dispose(): the registry must delete it after collection.
for (let i = 0; i < 50; ++i) lab.createTrainer(config).step(1);
const topBefore = top();
for (let round = 0; round < 50 && deletes < 51; ++round) {
  global.gc();
  await new Promise((r) => setTimeout(r, 20));
}
out.afterGc = deletes;
// Heap top after many dropped trainers collected: compare with the start of a second batch.
for (let i = 0; i < 2000; ++i) lab.createTrainer(config).step(1);
for (let round = 0; round < 100 && deletes < 2051; ++round) {
  global.gc();
  await new Promise((r) => setTimeout(r, 20));
}
out.afterSecondBatch = deletes;
out.topGrowth = top() - topBefore;
console.log(JSON.stringify(out));
`;

test('the TypeScript wrapper frees on dispose, once, and its FinalizationRegistry frees dropped trainers', () => {
  const dir = transpiledWrapper();
  try {
    const script = path.join(dir, 'child.mjs');
    fs.writeFileSync(script, CHILD);
    const run = spawnSync(process.execPath, ['--expose-gc', script, dir, root], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, `child failed: ${run.stderr}`);
    const out = JSON.parse(run.stdout.trim().split('\n').pop());
    assert.equal(out.afterDispose, 1, 'dispose() twice must delete exactly once');
    assert.match(out.stepAfterDispose, /disposed/);
    assert.equal(out.afterGc, 51, `the registry freed ${out.afterGc - 1} of 50 dropped trainers`);
    assert.equal(
      out.afterSecondBatch,
      2051,
      `the registry freed ${out.afterSecondBatch - 51} of 2000 dropped trainers`,
    );
    assert.ok(
      out.topGrowth <= MiB,
      `heap top grew by ${out.topGrowth} bytes after 2000 dropped trainers were collected`,
    );
    console.log(`# wrapper: ${JSON.stringify(out)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
