// The trainer widgets' DOM-free models (web/models/{playground,compare,presets,datasets}.ts
// and web/trainer-runner.ts), run in Node against the real wasm module: state
// fields and their Chinese fallbacks, the trainer configs they produce (accepted
// by the trainer for every output/loss pair and optimizer), the real data files
// the site ships, and the presets' claims. TypeScript is bundled with esbuild.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { before, describe, test } from 'node:test';
import { bundleTrainerModels, loadLab, root } from './web-bundle.mjs';

let M;
let lab;

before(async () => {
  M = await bundleTrainerModels();
  lab = await loadLab(M);
});

function resolveFrom(fields, attrs) {
  return M.resolveState(fields, [(k) => (k in attrs ? attrs[k] : null)], lab);
}

function trainOn(config, data, steps) {
  const trainer = M.openTrainer(lab, config);
  try {
    const nOut = data.kind === 'multiclass' ? data.nClasses : 1;
    trainer.setData(data.train.x, data.train.y, data.nFeatures, nOut);
    trainer.setTestData(data.test.x, data.test.y, data.nFeatures, nOut);
    trainer.step(steps);
    return { metrics: trainer.metrics(), evaluation: trainer.evaluate() };
  } finally {
    trainer.dispose();
  }
}

describe('playground state', () => {
  test('the defaults are a 2-8-8-1 tanh network with sigmoid + BCE and Adam on the circle set', () => {
    const { state, notices } = resolveFrom(M.playgroundFields(), {});
    assert.equal(notices.size, 0);
    assert.equal(state.dataset, 'circle');
    assert.deepEqual(state.layers, [8, 8]);
    assert.deepEqual(state.act, ['tanh']);
    assert.equal(state.loss, 'bce');
    assert.equal(state.optimizer, 'adam');
  });

  test('bad attribute values fall back with a Chinese notice naming the allowed range', () => {
    const { state, notices } = resolveFrom(M.playgroundFields(), {
      layers: '8,300',
      lr: '50',
      act: 'nope',
      dataset: 'mnist',
      loss: 'hinge',
    });
    assert.deepEqual(state.layers, [8, 8]);
    assert.match(notices.get('layers'), /layers 必须是 1 到 8 个.*1 到 256 个单元.*已改用默认值 8,8/);
    assert.equal(state.lr, 0.03);
    assert.match(notices.get('lr'), /lr 必须是 0\.0001 到 10 之间的数.*已改用默认值 0\.03/);
    assert.match(notices.get('act'), /act 必须是/);
    assert.match(notices.get('dataset'), /dataset 必须是 circle、xor/);
    assert.equal(notices.has('loss'), false, 'hinge suits the (default) binary data set');
  });

  test('layers takes plain decimal unit counts only, in both trainer widgets', () => {
    assert.deepEqual(M.parseUnitList(' 16, 8 ,1', 8, 256), [16, 8, 1]);
    for (const bad of ['0x10', '1e1', '8.0', '+8', '8,', ',8', '8,,8', '', '0', '257', '1,2,3,4,5,6,7,8,9', '8 8'])
      assert.equal(M.parseUnitList(bad, 8, 256), null, bad);
    const a = resolveFrom(M.playgroundFields(), { layers: '0x10' });
    assert.deepEqual(a.state.layers, [8, 8]);
    assert.match(a.notices.get('layers'), /收到“0x10”/);
    const b = resolveFrom(M.compareFields(), { layers: '1e1,4' });
    assert.match(b.notices.get('layers'), /每层 1 到 64 个单元（收到“1e1,4”）/);
  });

  test('a loss must suit the data set: cross_entropy is refused for circle, accepted for digits', () => {
    const a = resolveFrom(M.playgroundFields(), { loss: 'cross_entropy' });
    assert.equal(a.state.loss, 'bce');
    assert.match(a.notices.get('loss'), /loss 必须是 bce、sigmoid_mse、tanh_mse、hinge 之一/);
    const b = resolveFrom(M.playgroundFields(), { dataset: 'digits', loss: 'cross_entropy' });
    assert.equal(b.state.loss, 'cross_entropy');
    assert.deepEqual(b.state.layers, [64], 'digits defaults to one hidden layer of 64');
  });

  test('per-layer activations and parameters round-trip through their attribute strings', () => {
    const fields = M.playgroundFields();
    const attrs = { layers: '4,3,2', act: 'leaky_relu,elu,tanh', params: '0.2;0.5;' };
    const { state, notices } = resolveFrom(fields, attrs);
    assert.equal(notices.size, 0, [...notices.values()].join('; '));
    assert.deepEqual(M.paramsOf(state, 0, lab), [0.2]);
    assert.deepEqual(M.paramsOf(state, 1, lab), [0.5]);
    const formatted = Object.fromEntries(fields.map((f) => [f.key, f.format(state[f.key])]));
    assert.equal(formatted.layers, '4,3,2');
    assert.equal(formatted.act, 'leaky_relu,elu,tanh');
    assert.equal(formatted.params, '0.2;0.5;');
    const again = resolveFrom(fields, formatted).state;
    assert.deepEqual(again, state);
  });

  test('a parameter outside the activation range is refused with that range', () => {
    const { notices } = resolveFrom(M.playgroundFields(), { act: 'celu', params: '0' });
    assert.match(notices.get('params'), /celu.*alpha ∈ \[0\.01, 10\]/);
  });
});

describe('trainer configs from the playground state', () => {
  test('every output/loss pair and every optimizer gives a config the trainer accepts and trains', () => {
    for (const [loss, pair] of Object.entries(M.OUTPUT_LOSSES)) {
      const dataset = pair.kind === 'binary' ? 'xor' : pair.kind === 'regression' ? 'sin' : 'circle';
      if (pair.kind === 'multiclass') continue; // the real sets are covered below
      const state = M.defaultPlaygroundState(lab, { dataset, loss });
      const data = M.toyDataset({ id: dataset, samples: 200, noise: 0.05, testRatio: 0.3, seed: 2 }, lab.module);
      const { metrics } = trainOn(M.trainerConfig(state, M.shapeOf(data), lab), data, 20);
      assert.equal(metrics.status, 'ok', loss);
      assert.ok(Number.isFinite(metrics.trainLoss), `${loss}: train loss ${metrics.trainLoss}`);
    }
    for (const optimizer of M.OPTIMIZERS) {
      const state = M.defaultPlaygroundState(lab, { optimizer, l1: 0.001, l2: 0.001 });
      const data = M.toyDataset({ id: 'circle', samples: 200, noise: 0.05, testRatio: 0.3, seed: 2 }, lab.module);
      const { metrics } = trainOn(M.trainerConfig(state, M.shapeOf(data), lab), data, 20);
      assert.equal(metrics.status, 'ok', optimizer);
    }
  });

  test('the default playground reaches at least 90% test accuracy on circle within 600 steps', () => {
    const state = M.defaultPlaygroundState(lab);
    const data = M.toyDataset(
      {
        id: state.dataset,
        samples: state.samples,
        noise: state.noise,
        testRatio: state.test,
        seed: state.dataseed,
      },
      lab.module,
    );
    const { evaluation } = trainOn(M.trainerConfig(state, M.shapeOf(data), lab), data, 600);
    assert.ok(evaluation.testAccuracy >= 0.9, `test accuracy ${evaluation.testAccuracy}`);
  });

  test('parameterCount counts weights, biases and prelu slopes', () => {
    const state = M.defaultPlaygroundState(lab, { layers: [8, 4], act: ['prelu', 'tanh'] });
    const config = M.trainerConfig(state, { kind: 'binary', nFeatures: 2, nClasses: 2 }, lab);
    assert.equal(M.parameterCount(config, 2), 2 * 8 + 8 + 1 + 8 * 4 + 4 + 4 * 1 + 1);
  });

  test('the divergence fix proposes a tenth of the learning rate, never below 0.0001', () => {
    assert.equal(M.saferLearningRate(10), 1);
    assert.equal(M.saferLearningRate(0.3), 0.03);
    assert.equal(M.saferLearningRate(0.0005), 0.0001);
  });
});

describe('toy data sets', () => {
  test("toyDataset hands on the wasm generator's rows unchanged, for every toy set", () => {
    for (const id of [...M.TOY_CLASSIFICATION, ...M.TOY_REGRESSION]) {
      const spec = { id, samples: 120, noise: 0.1, testRatio: 0.25, seed: 5 };
      const data = M.toyDataset(spec, lab.module);
      const raw = lab.module.generateDataset(JSON.stringify(spec));
      const width = id === 'sin' || id === 'abs' || id === 'step' ? 1 : 2;
      assert.equal(data.source, 'wasm');
      assert.equal(data.nFeatures, width, id);
      assert.equal(data.train.rows + data.test.rows, 120, id);
      assert.equal(data.test.rows, 30, id);
      assert.deepEqual([...data.train.x], [...raw.trainX], id);
      assert.deepEqual([...data.train.y], [...raw.trainY], id);
      assert.deepEqual([...data.test.x], [...raw.testX], id);
      assert.deepEqual([...data.test.y], [...raw.testY], id);
    }
  });
});

describe('real data sets shipped with the site', () => {
  test('digits.csv.gz has 1797 images of 64 pixels in 0..16 and ten classes of about 180', () => {
    const text = gunzipSync(fs.readFileSync(path.join(root, 'docs/public/data/digits.csv.gz'))).toString('utf8');
    const t = M.parseDigits(text);
    assert.equal(t.rows, 1797);
    assert.equal(t.nFeatures, 64);
    assert.ok(t.x.every((v) => v >= 0 && v <= 16));
    const counts = new Array(10).fill(0);
    for (const y of t.y) counts[y] += 1;
    assert.ok(
      counts.every((c) => c >= 170 && c <= 190),
      counts.join(','),
    );
  });

  test('iris.csv has 150 rows, 4 features and 50 of each of the three classes', () => {
    const t = M.parseIris(fs.readFileSync(path.join(root, 'docs/public/data/iris.csv'), 'utf8'));
    assert.equal(t.rows, 150);
    assert.equal(t.nFeatures, 4);
    assert.deepEqual(t.classNames, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(
      [0, 1, 2].map((c) => t.y.filter((y) => y === c).length),
      [50, 50, 50],
    );
  });

  // The data sets sit beside the checkout, in ../shared/data (as on the CI machines).
  const sharedData = path.join(root, '..', 'shared', 'data');
  test(
    'the shipped files are byte-for-byte the shared originals',
    { skip: !fs.existsSync(sharedData) && `no ${sharedData} beside this checkout to compare with` },
    () => {
      for (const name of ['digits.csv.gz', 'iris.csv']) {
        const shipped = fs.readFileSync(path.join(root, 'docs/public/data', name));
        assert.ok(shipped.equals(fs.readFileSync(path.join(sharedData, name))), name);
      }
    },
  );

  test('a seeded split keeps every row once and the same seed gives the same split', () => {
    const t = M.parseIris(fs.readFileSync(path.join(root, 'docs/public/data/iris.csv'), 'utf8'));
    const a = M.splitReal('iris', t, 0.3, 5);
    const b = M.splitReal('iris', t, 0.3, 5);
    assert.equal(a.test.rows, 45);
    assert.equal(a.train.rows + a.test.rows, 150);
    assert.deepEqual(Array.from(a.test.y), Array.from(b.test.y));
  });
});

describe('comparison lab presets', () => {
  for (const id of ['vanishing', 'dead-relu', 'xor-linear', 'mse-vs-bce', 'optimizers']) {
    test(`preset ${id} has a one-line Chinese explanation and 2 to 8 runs the trainer accepts`, () => {
      const { state, notices } = resolveFrom(M.compareFields(), { preset: id });
      assert.equal(notices.size, 0);
      const preset = M.PRESETS[id];
      assert.match(preset.explanation, /[\u4e00-\u9fff]/);
      assert.ok(!preset.explanation.includes('\n'));
      assert.ok(state.runs.length >= 2 && state.runs.length <= 8);
      for (const run of state.runs) {
        const trainer = M.openTrainer(lab, M.runConfig(state, run, lab));
        trainer.dispose();
      }
    });
  }

  test('runs must name distinct values, with no empty entry', () => {
    const ok = resolveFrom(M.compareFields(), { preset: 'vanishing', runs: 'relu, tanh' });
    assert.equal(ok.notices.size, 0);
    assert.deepEqual(ok.state.runs, ['relu', 'tanh']);
    for (const runs of ['relu,,tanh', 'relu,tanh,', 'relu,relu,tanh', 'relu']) {
      const { state, notices } = resolveFrom(M.compareFields(), { preset: 'vanishing', runs });
      assert.match(notices.get('runs') ?? '', /runs 必须是 2 到 8 个不同的 activation 取值/, runs);
      assert.deepEqual(state.runs, [...M.PRESETS.vanishing.runs], runs);
    }
  });

  function runPreset(id, stepsOverride) {
    const { state } = resolveFrom(M.compareFields(), { preset: id });
    const preset = M.PRESETS[id];
    const data = M.toyDataset(
      {
        id: state.dataset,
        samples: preset.samples,
        noise: preset.noise,
        testRatio: 0.3,
        seed: 1,
      },
      lab.module,
    );
    const steps = stepsOverride ?? state.steps;
    return state.runs.map((run) => {
      const trainer = M.openTrainer(lab, M.runConfig(state, run, lab));
      const record = M.newRunRecord(run);
      try {
        trainer.setData(data.train.x, data.train.y, 2, 1);
        trainer.setTestData(data.test.x, data.test.y, 2, 1);
        for (let s = 0; s < steps && !record.diverged; s += 10) {
          trainer.step(10);
          M.noteMetrics(record, trainer.metrics(), state.threshold);
        }
      } finally {
        trainer.dispose();
      }
      return record;
    });
  }

  test('vanishing: relu reaches the loss threshold first; sigmoid in 6 layers does not reach it', () => {
    const records = runPreset('vanishing', 1500);
    assert.equal(M.firstToThreshold(records), 'relu');
    assert.equal(records.find((r) => r.id === 'sigmoid').reachedAt, null);
  });

  test('xor-linear: linear activations stay near chance on xor while tanh separates it', () => {
    const records = runPreset('xor-linear');
    assert.ok(records.find((r) => r.id === 'linear').metrics.testAccuracy < 0.65);
    assert.ok(records.find((r) => r.id === 'tanh').metrics.testAccuracy > 0.9);
  });

  test('dead-relu: relu ends with dead units, leaky_relu with none', () => {
    const records = runPreset('dead-relu');
    const layers = M.PRESETS['dead-relu'].layers;
    assert.ok(M.deadFraction(records.find((r) => r.id === 'relu').metrics, layers) > 0.1);
    assert.equal(M.deadFraction(records.find((r) => r.id === 'leaky_relu').metrics, layers), 0);
  });
});

describe('training loop helpers', () => {
  test('a Curve keeps at most its limit of points, with the first and the latest', () => {
    const c = new M.Curve(1, 50);
    for (let i = 0; i <= 1000; ++i) c.push(i, [i * 2]);
    assert.ok(c.x.length <= 51, `${c.x.length} points`);
    assert.equal(c.x[0], 0);
    assert.equal(c.x[c.x.length - 1], 1000);
    assert.equal(c.ys[0][c.ys[0].length - 1], 2000);
    assert.ok(c.x.every((x, i) => i === 0 || x > c.x[i - 1]));
  });

  test('EvaluationCost: cheap until an evaluation over 2 ms is measured, again after reset', () => {
    const cost = new M.EvaluationCost();
    assert.equal(cost.cheap, true, 'nothing measured yet');
    assert.equal(cost.sinceLast(), Infinity);
    assert.equal(
      cost.measure(() => 7),
      7,
    );
    assert.equal(cost.cheap, true);
    const busy = (ms) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    cost.measure(() => busy(5));
    assert.equal(cost.cheap, false);
    assert.ok(cost.sinceLast() >= 0 && cost.sinceLast() < 1000);
    assert.throws(() => cost.measure(() => (busy(5), JSON.parse('{'))), SyntaxError);
    assert.equal(cost.cheap, false, 'a failed evaluation counts its cost too');
    cost.reset();
    assert.equal(cost.cheap, true);
  });

  test('normaliseMetrics reads the binding object and turns null into NaN', () => {
    const m = M.normaliseMetrics({
      step: 3,
      epoch: 0,
      trainLoss: 0.5,
      testLoss: null,
      trainAccuracy: 0.5,
      testAccuracy: null,
      status: 'diverged',
      divergedAtStep: 3,
      layers: [{ gradNorm: 1, histogram: { min: -1, max: 1, counts: [1, 2] }, deadUnits: [0, 2] }],
    });
    assert.equal(m.status, 'diverged');
    assert.ok(Number.isNaN(m.testLoss));
    assert.deepEqual(m.layers[0].deadUnits, [0, 2]);
    assert.deepEqual(m.layers[0].histogram.counts, [1, 2]);
  });
});
