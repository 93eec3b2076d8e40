// The wasm trainer through its JS API (Module.Trainer), in Node: convergence,
// diagnostics, errors, determinism, several trainers side by side, and
// agreement with the native build (build/native/tests/actlab_trainer_trace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { binaryConfig, repoRoot as root, TOP_FIELDS, withTrainer as withTrainerOf } from './helpers.mjs';
import { loadModule } from './load-module.mjs';

const m = await loadModule();

function config(overrides = {}) {
  return binaryConfig({
    layers: [
      { units: 8, activation: 'tanh' },
      { units: 8, activation: 'tanh' },
    ],
    lr: 0.03,
    seed: 3,
    ...overrides,
  });
}

// Runs body with a trainer made from the config as JSON text, and always frees it.
const withTrainer = (cfg, body) => withTrainerOf(m, JSON.stringify(cfg), body);

function loadDigits() {
  const text = zlib.gunzipSync(fs.readFileSync(path.join(root, 'docs/public/data/digits.csv.gz'))).toString('utf8');
  const rows = text.trim().split('\n');
  const x = new Float32Array(rows.length * 64);
  const y = new Float32Array(rows.length);
  rows.forEach((line, r) => {
    const v = line.split(',').map(Number);
    assert.equal(v.length, 65);
    for (let k = 0; k < 64; ++k) x[r * 64 + k] = v[k] / 16;
    y[r] = v[64];
  });
  return { x, y, rows: rows.length };
}

test('circle with tanh reaches at least 95% test accuracy', () => {
  withTrainer(config({ dataset: { id: 'circle', samples: 600, noise: 0.05, testRatio: 0.3 } }), (t) => {
    assert.ok(t instanceof m.Trainer);
    for (let i = 0; i < 60; ++i) t.epoch();
    const e = t.evaluate();
    assert.ok(e.testAccuracy >= 0.95, `test accuracy ${e.testAccuracy}`);
    assert.equal(t.metrics().status, 'ok');
  });
});

test('xor with linear activations stays below 60% test accuracy', () => {
  // A linear net is a linear function, and on xor's mirrored pairs its best fit is
  // the constant: the loss stays at ln 2 and accuracy at chance. Where the final,
  // almost-zero boundary falls is luck, so the accuracy is averaged over ten seeds.
  const linear = [
    { units: 8, activation: 'linear' },
    { units: 8, activation: 'linear' },
  ];
  let sum = 0;
  for (let seed = 1; seed <= 10; ++seed) {
    withTrainer(
      config({ layers: linear, seed, dataset: { id: 'xor', samples: 600, testRatio: 0.3, noise: 0.1, seed } }),
      (t) => {
        for (let i = 0; i < 60; ++i) t.epoch();
        const e = t.evaluate();
        assert.ok(e.trainLoss > 0.68, `seed ${seed}: train loss ${e.trainLoss} fell below ln 2`);
        sum += e.testAccuracy;
      },
    );
  }
  assert.ok(sum / 10 < 0.6, `mean test accuracy ${sum / 10}`);
  // The same net with tanh solves it, so the data can be learnt.
  withTrainer(config({ dataset: { id: 'xor', samples: 600, testRatio: 0.3 } }), (t) => {
    for (let i = 0; i < 60; ++i) t.epoch();
    assert.ok(t.evaluate().testAccuracy >= 0.95);
  });
});

test('digits with relu reaches at least 95% test accuracy', () => {
  const d = loadDigits();
  assert.equal(d.rows, 1797);
  // Every fifth image is held out.
  const trainRows = [];
  const testRows = [];
  for (let r = 0; r < d.rows; ++r) (r % 5 === 0 ? testRows : trainRows).push(r);
  const pick = (rows) => {
    const x = new Float32Array(rows.length * 64);
    const y = new Float32Array(rows.length);
    rows.forEach((r, i) => {
      x.set(d.x.subarray(r * 64, r * 64 + 64), i * 64);
      y[i] = d.y[r];
    });
    return { x, y };
  };
  const train = pick(trainRows);
  const held = pick(testRows);
  const cfg = {
    layers: [{ units: 64, activation: 'relu' }],
    output: { units: 10, activation: 'softmax' },
    loss: { id: 'cross_entropy' },
    optimizer: { id: 'adam', lr: 0.003 },
    batchSize: 32,
    init: 'he_uniform',
    seed: 1,
  };
  withTrainer(cfg, (t) => {
    t.setData(train.x, train.y, 64, 10);
    t.setTestData(held.x, held.y, 64, 10);
    for (let i = 0; i < 30; ++i) t.epoch();
    const e = t.evaluate();
    assert.ok(e.testAccuracy >= 0.95, `test accuracy ${e.testAccuracy}`);
    // The cheap running metrics agree with the exact evaluation.
    const mm = t.metrics();
    assert.ok(Math.abs(mm.testAccuracy - e.testAccuracy) < 0.03);
    // predict gives probabilities that sum to 1, row by row.
    const p = t.predict(held.x.subarray(0, 64 * 3));
    assert.equal(p.length, 30);
    for (let r = 0; r < 3; ++r) {
      const sum = p.subarray(r * 10, r * 10 + 10).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5);
    }
  });
});

test('metrics() is a plain object with the documented fields', () => {
  withTrainer(config({ dataset: { id: 'moons', samples: 200 } }), (t) => {
    t.step(10);
    const mm = t.metrics();
    for (const key of TOP_FIELDS) assert.ok(key in mm, key);
    assert.equal(mm.step, 10);
    assert.equal(mm.status, 'ok');
    assert.equal(mm.divergedAtStep, null);
    assert.equal(mm.layers.length, 3);
    for (const layer of mm.layers) {
      assert.equal(layer.histogram.counts.length, 20);
      assert.equal(
        layer.histogram.counts.reduce((a, b) => a + b, 0),
        16 * (layer === mm.layers[2] ? 1 : 8),
      );
      assert.ok(layer.gradNorm > 0 && layer.weightNorm > 0);
      assert.ok(layer.saturatedFraction >= 0 && layer.saturatedFraction <= 1);
      assert.ok(Array.isArray(layer.deadUnits));
    }
    assert.deepEqual(JSON.parse(JSON.stringify(mm)), mm);
  });
  // Regression: accuracy does not apply and is null; without a test set so is the test loss.
  const regression = config({
    output: { units: 1, activation: 'linear' },
    loss: { id: 'mse' },
    dataset: { id: 'sin', samples: 100, testRatio: 0 },
  });
  withTrainer(regression, (t) => {
    t.step(5);
    const mm = t.metrics();
    assert.equal(mm.trainAccuracy, null);
    assert.equal(mm.testLoss, null);
    assert.equal(typeof mm.trainLoss, 'number');
  });
});

test('the dead-unit counter finds units made dead by a huge negative bias', () => {
  const cfg = config({ layers: [{ units: 6, activation: 'relu' }], dataset: { id: 'circle', samples: 200 } });
  withTrainer(cfg, (t) => {
    const w = JSON.parse(t.exportWeights());
    w.layers[0].biases = [0, -1000, 0, 0, 0, -1000];
    t.importWeights(JSON.stringify(w));
    assert.deepEqual(t.metrics().layers[0].deadUnits, [1, 5]);
    assert.equal(t.metrics().layers[0].deadFraction, 2 / 6);
    for (let i = 0; i < 3; ++i) t.epoch();
    // Training may kill more units, but no gradient reaches these two: they stay dead.
    for (const dead of [t.metrics().layers[0].deadUnits, t.evaluate().deadUnits[0]]) {
      assert.ok(dead.includes(1) && dead.includes(5), `dead units ${dead}`);
    }
  });
});

test('lr = 100 is reported as diverged, and predictGrid stays finite', () => {
  const cfg = {
    layers: [
      { units: 16, activation: 'relu' },
      { units: 16, activation: 'relu' },
    ],
    output: { units: 1, activation: 'linear' },
    loss: { id: 'mse' },
    optimizer: { id: 'sgd', lr: 100 },
    dataset: { id: 'cubic', samples: 200 },
  };
  withTrainer(cfg, (t) => {
    const done = t.step(1000);
    const mm = t.metrics();
    assert.ok(done < 1000);
    assert.equal(mm.status, 'diverged');
    assert.ok(mm.divergedAtStep >= 1 && mm.divergedAtStep <= done + 1);
    assert.equal(t.step(10), 0);
    const p = t.predict(new Float32Array([0.1, 0.5, -0.3]));
    assert.ok(p.every(Number.isFinite));
    t.reset();
    assert.equal(t.metrics().status, 'ok');
  });
  const twoD = config({
    optimizer: { id: 'sgd', lr: 100 },
    layers: [{ units: 8, activation: 'relu' }],
    output: { units: 1, activation: 'linear' },
    loss: { id: 'hinge' },
    dataset: { id: 'circle', samples: 100 },
  });
  withTrainer(twoD, (t) => {
    t.step(2000);
    const g = t.predictGrid(-1, 1, -1, 1, 30, 30);
    assert.ok(g.every(Number.isFinite));
  });
});

test('bad configs give errors that name the field and its range, and the module keeps working', () => {
  const good = config({ dataset: { id: 'circle', samples: 100 } });
  const cases = [
    [{ ...good, layers: undefined }, /layers is missing/],
    [{ ...good, layers: [{ units: 0, activation: 'relu' }] }, /layers\[0\]\.units = 0 is outside \[1, 256\]/],
    [
      {
        ...good,
        layers: [
          { units: 4, activation: 'relu' },
          { units: 1e9, activation: 'relu' },
        ],
      },
      /layers\[1\]\.units = 1000000000 is outside \[1, 256\]/,
    ],
    [{ ...good, layers: [{ units: 4, activation: 'swish2' }] }, /layers\[0\]\.activation = 'swish2' is unknown/],
    [{ ...good, output: { units: 1, activation: 'relu' } }, /output\.activation = 'relu' is unknown/],
    [{ ...good, loss: { id: 'huber' } }, /loss\.id = 'huber' is not allowed with output\.activation = 'sigmoid'/],
    [{ ...good, optimizer: { id: 'adam', lr: -1 } }, /optimizer\.lr = -1 is outside \(0, 1000\]/],
    [{ ...good, optimizer: { id: 'adam', lr: NaN } }, /optimizer\.lr must be a number in \(0, 1000\], got null/],
    [{ ...good, optimizer: { id: 'newton' } }, /optimizer\.id = 'newton' is unknown/],
    [{ ...good, init: 'random' }, /init = 'random' is unknown/],
    [{ ...good, batchSize: 1e6 }, /batchSize = 1000000 is outside \[1, 4096\]/],
    [
      { ...good, layers: Array.from({ length: 9 }, () => ({ units: 2, activation: 'relu' })) },
      /layers has 9 entries; allowed \[1, 8\]/,
    ],
    [{ ...good, dataset: { id: 'galaxy' } }, /dataset\.id = 'galaxy' is unknown/],
    ['{"layers": [', /JSON error at line 1/],
  ];
  const before = m.HEAP8.buffer.byteLength;
  for (let round = 0; round < 50; ++round) {
    for (const [cfg, pattern] of cases) {
      assert.throws(
        () => new m.Trainer(typeof cfg === 'string' ? cfg : JSON.stringify(cfg)),
        (e) => e instanceof Error && pattern.test(e.message),
      );
    }
  }
  assert.equal(m.HEAP8.buffer.byteLength, before, 'failed constructions must not grow wasm memory');
  assert.throws(() => new m.Trainer(42), TypeError);
  withTrainer(good, (t) => {
    assert.throws(() => t.step(0), /n = 0 must be an integer in \[1, 100000\]/);
    assert.throws(() => t.step(100001), /must be an integer in \[1, 100000\]/);
    assert.throws(() => t.step(NaN), /n = NaN must be an integer/);
    assert.throws(() => t.setData(new Float32Array(3), new Float32Array(2), 2, 1), /x has 3 values/);
    assert.throws(
      () => t.setData(new Float32Array(4), new Float32Array(2), 2, 3),
      /nOutputs = 3 must equal output\.units = 1/,
    );
    assert.throws(
      () => t.setData(new Float32Array([0, 0, 1, 1]), new Float32Array([0, 7]), 2, 1),
      /y\[1\] = 7 is outside \[0, 1\]/,
    );
    assert.throws(() => t.predict(new Float32Array(3)), /not a positive multiple of the input width 2/);
    assert.throws(() => t.importWeights('{'), /importWeights: JSON error/);
    assert.throws(() => t.predictGrid(0, 1, 0, 1, 0, 5), /width = 0 must be an integer in \[1, 1024\]/);
    assert.throws(() => t.predictGrid(1, 0, 0, 1, 5, 5), /xMin < xMax/);
    assert.equal(t.step(5), 5);
    assert.equal(t.metrics().step, 5);
  });
  assert.deepEqual(m.activationEval('relu', new Float64Array([-1, 2])), new Float64Array([0, 2]));
});

test('0/1 labels become -1/+1 for hinge and for tanh with mse', () => {
  for (const [output, loss] of [
    [{ units: 1, activation: 'linear' }, { id: 'hinge' }],
    [{ units: 1, activation: 'tanh' }, { id: 'mse' }],
  ]) {
    withTrainer(
      config({ layers: [{ units: 4, activation: 'tanh' }], output, loss, optimizer: { id: 'sgd', lr: 0.1 } }),
      (t) => {
        const x = new Float32Array([-1, -1, 1, 1]);
        t.setData(x, new Float32Array([0, 1]), 2, 1);
        t.step(300);
        const p = t.predict(x);
        assert.ok(p[0] < -0.5 && p[1] > 0.5, `${loss.id}: ${p}`);
      },
    );
  }
});

test('predictGrid is a zero-copy view, row 0 at yMax, column 0 at xMin, cell centres', () => {
  const cfg = {
    layers: [{ units: 1, activation: 'linear' }],
    output: { units: 1, activation: 'linear' },
    loss: { id: 'mse' },
    inputs: 2,
  };
  withTrainer(cfg, (t) => {
    t.importWeights({
      format: 'actlab-weights',
      inputs: 2,
      layers: [
        { weights: [1, 10], biases: [0] },
        { weights: [1], biases: [0] },
      ],
    });
    const g = t.predictGrid(0, 4, 0, 2, 4, 2);
    assert.ok(g instanceof Float32Array);
    assert.equal(g.buffer, m.HEAP8.buffer);
    assert.deepEqual(Array.from(g), [15.5, 16.5, 17.5, 18.5, 5.5, 6.5, 7.5, 8.5]);
  });
});

test('the same config and seed give bit-identical weights, also with eight trainers side by side', () => {
  const cfg = config({
    layers: [
      { units: 8, activation: 'prelu' },
      { units: 6, activation: 'gelu' },
    ],
    output: { units: 3, activation: 'softmax' },
    loss: { id: 'cross_entropy' },
    optimizer: { id: 'adamw' },
    dataset: { id: 'spiral', samples: 300 },
  });
  const alone = withTrainer(cfg, (t) => {
    t.step(300);
    return t.exportWeights();
  });
  const trainers = Array.from(
    { length: 8 },
    (_, i) => new m.Trainer(JSON.stringify(i % 2 ? cfg : { ...cfg, seed: 100 + i })),
  );
  try {
    for (let round = 0; round < 30; ++round) for (const t of trainers) t.step(10);
    for (let i = 0; i < 8; ++i) {
      if (i % 2) assert.equal(trainers[i].exportWeights(), alone);
      else assert.notEqual(trainers[i].exportWeights(), alone);
    }
  } finally {
    for (const t of trainers) t.delete();
  }
});

test('exported weights import into a new trainer and predict the same', () => {
  const cfg = config({ standardize: true, dataset: { id: 'moons', samples: 200 } });
  withTrainer(cfg, (a) => {
    a.step(200);
    const saved = a.exportWeights();
    const x = new Float32Array([0.3, -0.2, -0.7, 0.4]);
    const { dataset, ...bare } = cfg;
    withTrainer(bare, (b) => {
      b.importWeights(saved);
      assert.deepEqual(b.predict(x), a.predict(x));
    });
  });
});

test('native and wasm builds agree to 1e-5 after 100 steps', () => {
  const trace = path.join(root, 'build/native/tests/actlab_trainer_trace');
  assert.ok(fs.existsSync(trace), `${trace} is missing: run npm run build:native`);
  const configs = [
    config({
      batchSize: 10,
      optimizer: { id: 'sgd', lr: 0.03 },
      output: { units: 1, activation: 'tanh' },
      loss: { id: 'mse' },
      dataset: { id: 'spiral', samples: 300, noise: 0.1 },
    }),
    config({
      layers: [
        { units: 32, activation: 'relu' },
        { units: 32, activation: 'relu' },
      ],
      init: 'he_uniform',
      dataset: { id: 'moons', samples: 400, noise: 0.1 },
    }),
    config({
      layers: [
        { units: 12, activation: 'gelu' },
        { units: 12, activation: 'selu' },
      ],
      init: 'lecun_normal',
      output: { units: 3, activation: 'softmax' },
      loss: { id: 'cross_entropy' },
      optimizer: { id: 'rmsprop' },
      dataset: { id: 'gaussians', samples: 300, noise: 0.2 },
    }),
    config({
      layers: [
        { units: 10, activation: 'prelu' },
        { units: 10, activation: 'mish' },
      ],
      output: { units: 1, activation: 'linear' },
      loss: { id: 'huber' },
      optimizer: { id: 'nesterov', lr: 0.05 },
      l2: 0.01,
      l1: 0.001,
      dataset: { id: 'sin', samples: 300, noise: 0.05 },
    }),
  ];
  for (const cfg of configs) {
    const text = JSON.stringify(cfg);
    const native = JSON.parse(execFileSync(trace, [text, '100'], { encoding: 'utf8' }));
    withTrainer(cfg, (t) => {
      const losses = [];
      for (let i = 0; i < 100; ++i) {
        t.step(1);
        losses.push(t.metrics().batchLoss);
      }
      const wasm = JSON.parse(t.exportWeights());
      let worst = 0;
      losses.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - native.losses[i]))));
      wasm.layers.forEach((layer, l) => {
        const other = native.weights.layers[l];
        layer.weights.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - other.weights[i]))));
        layer.biases.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - other.biases[i]))));
      });
      assert.ok(worst <= 1e-5, `${cfg.layers[0].activation}: largest difference ${worst}`);
    });
  }
});
