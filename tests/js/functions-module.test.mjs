// wasm/dist/actlab-functions.mjs, the build for pages without a trainer, is the
// same core code as actlab.mjs: every activation and loss, its metadata and its
// errors must match the full module exactly, and the trainer must be absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFunctionsModule, loadModule } from './load-module.mjs';

const [full, lite] = await Promise.all([loadModule(), loadFunctionsModule()]);

function grid() {
  const xs = [];
  for (let x = -12; x <= 12; x += 0.0625) xs.push(x);
  xs.push(0, -0, 1e-12, -1e-12, 1e300, -1e300, Infinity, -Infinity, NaN, 3, -3, 6, 1, -1);
  return Float64Array.from(xs);
}

function sameBits(a, b, what) {
  assert.equal(a.length, b.length, what);
  const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  assert.deepEqual(ua, ub, what);
}

test('the functions build has no trainer and no data sets', () => {
  assert.equal(lite.Trainer, undefined);
  assert.equal(lite.generateDataset, undefined);
  assert.equal(typeof full.Trainer, 'function');
});

test('the same activation and loss lists, metadata included', () => {
  assert.deepEqual(lite.activationList(), full.activationList());
  assert.deepEqual(lite.lossList(), full.lossList());
});

test('every activation gives bit-identical values and derivatives', () => {
  const xs = grid();
  for (const a of full.activationList()) {
    for (const params of [undefined, Float64Array.from(a.params.map((p) => p.sliderMax ?? p.max))]) {
      sameBits(lite.activationEval(a.id, xs, params), full.activationEval(a.id, xs, params), `${a.id} value`);
      sameBits(lite.activationGrad(a.id, xs, params), full.activationGrad(a.id, xs, params), `${a.id} grad`);
    }
  }
});

test('every loss gives bit-identical values, gradients and per-example losses', () => {
  for (const l of full.lossList()) {
    const k = l.id === 'cross_entropy' ? 3 : 1;
    const n = 12;
    const pred = Float64Array.from({ length: n * k }, (_, i) =>
      l.id === 'bce' ? 0.05 + (0.9 * i) / (n * k) : i / 3 - 2,
    );
    const target = Float64Array.from({ length: n }, (_, i) =>
      l.id === 'cross_entropy' ? i % k : l.id === 'hinge' ? (i % 2 ? 1 : -1) : l.id === 'kl_div' ? 0.1 + i / 20 : i % 2,
    );
    const args = [l.id, pred, target];
    assert.equal(Object.is(lite.lossEval(...args), full.lossEval(...args)), true, `${l.id} value`);
    sameBits(lite.lossGrad(...args), full.lossGrad(...args), `${l.id} grad`);
    sameBits(lite.lossPerExample(...args), full.lossPerExample(...args), `${l.id} per example`);
  }
});

test('bad calls give the same errors, and the module keeps working', () => {
  const bad = [
    () => ['nope', new Float64Array([1])],
    () => ['elu', new Float64Array([1]), new Float64Array([1, 2, 3])],
    () => [42, new Float64Array([1])],
    () => ['relu', 'not an array'],
  ];
  for (const make of bad) {
    const message = (m) => {
      try {
        m.activationEval(...make());
      } catch (error) {
        return `${error.constructor.name}: ${error.message}`;
      }
      return 'no error';
    };
    const got = message(lite);
    assert.notEqual(got, 'no error');
    assert.equal(got, message(full));
  }
  sameBits(lite.activationEval('tanh', grid()), full.activationEval('tanh', grid()), 'after errors');
});

test('the same descent surfaces, grids and paths, bit for bit', () => {
  assert.deepEqual(lite.surfaceList(), full.surfaceList());
  const xs = Float64Array.from({ length: 41 }, (_, i) => -3 + 0.15 * i);
  for (const s of full.surfaceList()) {
    sameBits(lite.surfaceGrid(s.id, xs, xs), full.surfaceGrid(s.id, xs, xs), `${s.id} grid`);
    for (const optimizer of ['sgd', 'momentum', 'adam']) {
      for (const lr of [0.01, 0.3, 3]) {
        const a = lite.descentPath(s.id, optimizer, lr, 200);
        const b = full.descentPath(s.id, optimizer, lr, 200);
        for (const key of ['x', 'y', 'loss']) sameBits(a[key], b[key], `${s.id} ${optimizer} ${lr} ${key}`);
        assert.equal(a.divergedAt, b.divergedAt);
      }
    }
  }
});
