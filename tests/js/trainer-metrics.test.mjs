// metrics() of the wasm trainer through Module.Trainer: a plain-object snapshot
// with exactly the documented fields, the diagnostics switch, and per-layer
// numbers checked against references computed from the exported weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryConfig, LAYER_FIELDS, TOP_FIELDS, withTrainer as withTrainerOf } from './helpers.mjs';
import { loadModule } from './load-module.mjs';

const m = await loadModule();

function config(overrides = {}) {
  return binaryConfig({
    layers: [
      { units: 6, activation: 'tanh' },
      { units: 5, activation: 'relu' },
    ],
    lr: 0.02,
    seed: 5,
    dataset: { id: 'moons', samples: 200, testRatio: 0.25 },
    ...overrides,
  });
}

const withTrainer = (cfg, body) => withTrainerOf(m, cfg, body);

test('metrics() is a plain object with exactly the documented fields, also per layer', () => {
  withTrainer(config(), (t) => {
    t.step(12);
    const mm = t.metrics();
    assert.equal(Object.getPrototypeOf(mm), Object.prototype);
    assert.deepEqual(Object.keys(mm), TOP_FIELDS);
    assert.equal(mm.layers.length, 3);
    for (const layer of mm.layers) {
      assert.equal(Object.getPrototypeOf(layer), Object.prototype);
      assert.deepEqual(Object.keys(layer), LAYER_FIELDS);
      assert.deepEqual(Object.keys(layer.histogram), ['min', 'max', 'counts']);
      assert.ok(Array.isArray(layer.histogram.counts) && Array.isArray(layer.deadUnits));
    }
    assert.deepEqual(JSON.parse(JSON.stringify(mm)), mm);
    assert.deepEqual(structuredClone(mm), mm);
  });
});

test('metrics() is a snapshot: later steps and calls do not change an object already returned', () => {
  withTrainer(config(), (t) => {
    t.step(5);
    const first = t.metrics();
    const copy = JSON.parse(JSON.stringify(first));
    t.step(9);
    const second = t.metrics();
    assert.notEqual(first, second);
    assert.notEqual(first.layers, second.layers);
    assert.deepEqual(first, copy);
    assert.equal(first.step, 5);
    assert.equal(second.step, 14);
    assert.notDeepEqual(first.layers[0].histogram, second.layers[0].histogram);
    // A caller may change its copy without touching the next one.
    second.layers[0].histogram.counts[0] = -1;
    second.layers.length = 0;
    const third = t.metrics();
    assert.equal(third.layers.length, 3);
    assert.ok(third.layers[0].histogram.counts[0] >= 0);
    assert.deepEqual(third.layers[1], t.metrics().layers[1]); // no step in between: the same numbers
  });
});

test('metrics() reads the right numbers after the wasm memory grows', () => {
  withTrainer(config(), (t) => {
    t.step(3);
    const before = t.metrics();
    // A large predict makes the module grow its memory (and replace HEAPF64).
    const bufferBefore = m.HEAPF64.buffer;
    for (let rows = 1 << 20; rows <= 1 << 23 && m.HEAPF64.buffer === bufferBefore; rows *= 2)
      t.predict(new Float32Array(2 * rows));
    assert.notEqual(m.HEAPF64.buffer, bufferBefore, 'the memory did not grow; the test needs a larger predict');
    assert.deepEqual(t.metrics(), before);
  });
});

test('with diagnostics: false, metrics() keeps step, epoch, losses and status, and layers is []', () => {
  withTrainer(config({ diagnostics: false }), (t) => {
    assert.equal(t.config().diagnostics, false);
    t.step(25);
    const mm = t.metrics();
    assert.deepEqual(Object.keys(mm), TOP_FIELDS);
    assert.equal(mm.step, 25);
    assert.equal(mm.epoch, 2); // 150 training rows in batches of 16: 10 steps a pass
    for (const key of ['batchLoss', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy'])
      assert.ok(Number.isFinite(mm[key]), key);
    assert.equal(mm.status, 'ok');
    assert.deepEqual(mm.layers, []);
  });
  withTrainer(config(), (t) => assert.equal(t.config().diagnostics, true));
});

test('diagnostics must be a boolean; the error names the field', () => {
  for (const bad of [1, 'yes', null, []])
    assert.throws(
      () => new m.Trainer(config({ diagnostics: bad })),
      (e) => e instanceof Error && e.message.includes('diagnostics must be true or false'),
    );
});

test('diagnostics on or off train the same weights bit for bit', () => {
  const weights = (diagnostics) =>
    withTrainer(config({ diagnostics }), (t) => {
      t.step(40);
      const w = JSON.parse(t.exportWeights());
      return { layers: w.layers, loss: t.metrics().batchLoss };
    });
  assert.deepEqual(weights(true), weights(false));
});

test('weightNorm equals the norm of the exported weights; gradNorm is 0 before the first step', () => {
  withTrainer(config(), (t) => {
    for (let round = 0; round < 3; ++round) {
      const mm = t.metrics();
      const exported = JSON.parse(t.exportWeights()).layers;
      mm.layers.forEach((layer, l) => {
        const norm = Math.hypot(...exported[l].weights);
        assert.ok(Math.abs(layer.weightNorm - norm) <= 1e-5 * norm, `round ${round} layer ${l}`);
        if (round === 0) assert.equal(layer.gradNorm, 0);
        else assert.ok(layer.gradNorm > 0);
      });
      t.step(6);
    }
  });
});
