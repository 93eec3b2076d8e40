// The wasm module's contract in Node: entry points, metadata, defaults, errors
// that name the problem, and a module that keeps working after them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load-module.mjs';

const m = await loadModule();
const F64 = (...v) => new Float64Array(v);
const ACTIVATIONS = [
  'step',
  'linear',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'prelu',
  'elu',
  'selu',
  'celu',
  'gelu',
  'gelu_tanh',
  'silu',
  'swish',
  'softplus',
  'softsign',
  'mish',
  'hardsigmoid',
  'hardswish',
  'hardtanh',
  'relu6',
  'logsigmoid',
];
const LOSSES = [
  'mse',
  'mae',
  'huber',
  'smooth_l1',
  'bce',
  'bce_logits',
  'cross_entropy',
  'hinge',
  'log_cosh',
  'kl_div',
];

test('the module lists every activation id with its metadata', () => {
  const list = m.activationList();
  assert.deepEqual(
    list.map((a) => a.id),
    ACTIVATIONS,
  );
  for (const a of list) {
    assert.equal(typeof a.formula, 'string');
    assert.ok(a.formula.length > 0 && a.derivative.length > 0, a.id);
    assert.ok(Array.isArray(a.params));
    assert.equal(typeof a.range.min, 'number');
    for (const key of ['monotonic', 'smooth', 'zeroCentred', 'boundedAbove', 'boundedBelow', 'saturating'])
      assert.equal(typeof a.properties[key], 'boolean', `${a.id}.${key}`);
  }
  const relu = list.find((a) => a.id === 'relu');
  assert.equal(relu.range.min, 0);
  assert.equal(relu.range.max, Infinity);
  const softplus = list.find((a) => a.id === 'softplus');
  assert.deepEqual(
    softplus.params.map((p) => [p.id, p.default]),
    [
      ['beta', 1],
      ['threshold', 20],
    ],
  );
});

test('the module lists every loss id with its metadata', () => {
  const list = m.lossList();
  assert.deepEqual(
    list.map((l) => l.id),
    LOSSES,
  );
  assert.deepEqual(
    list.find((l) => l.id === 'huber').params.map((p) => [p.id, p.default]),
    [['delta', 1]],
  );
  assert.equal(list.find((l) => l.id === 'cross_entropy').target, 'class_index');
});

test('the metadata lists are fresh copies each call', () => {
  const a = m.activationList();
  a[0].id = 'changed';
  assert.equal(m.activationList()[0].id, 'step');
});

test('activationEval and activationGrad return Float64Arrays of the input length', () => {
  for (const id of ACTIVATIONS) {
    const xs = F64(-2, -0.5, 0, 0.5, 2);
    const y = m.activationEval(id, xs, F64());
    const dy = m.activationGrad(id, xs, F64());
    assert.ok(y instanceof Float64Array && dy instanceof Float64Array, id);
    assert.equal(y.length, 5);
    assert.equal(dy.length, 5);
  }
});

test('an empty params array means the defaults', () => {
  const xs = F64(-2, 3);
  assert.deepEqual(m.activationEval('leaky_relu', xs, F64()), m.activationEval('leaky_relu', xs, F64(0.01)));
  assert.deepEqual(m.activationEval('softplus', xs, F64()), m.activationEval('softplus', xs, F64(1, 20)));
  assert.deepEqual(m.activationEval('elu', F64(-1), F64(2)), F64(2 * Math.expm1(-1)));
});

test('the PyTorch conventions hold at kinks through the module', () => {
  const g = (id, x, p = []) => m.activationGrad(id, F64(x), new Float64Array(p))[0];
  assert.equal(g('relu', 0), 0);
  assert.equal(g('leaky_relu', 0), 0.01);
  assert.equal(g('relu6', 6), 0);
  assert.equal(g('relu6', 0), 0);
  assert.equal(g('hardswish', -3), -0.5);
  assert.equal(g('hardswish', 3), 1.5);
  assert.equal(m.activationEval('step', F64(0), F64())[0], 0);
});

test('extreme inputs give exact, finite results', () => {
  const v = (id, x) => m.activationEval(id, F64(x), F64())[0];
  assert.equal(v('sigmoid', -1000), 0);
  assert.equal(v('softplus', 1000), 1000);
  assert.equal(v('logsigmoid', -1000), -1000);
  assert.equal(m.lossEval('bce_logits', F64(1000, -1000), F64(0, 1), F64()), 1000);
  assert.equal(m.lossEval('cross_entropy', F64(1000, -1000), F64(1), F64()), 2000);
  assert.equal(m.lossEval('log_cosh', F64(1000), F64(0), F64()), 1000 - Math.LN2);
  for (const id of ACTIVATIONS) {
    const xs = F64(1e4, -1e4, 1000, -1000, 710, -710, 0, 1e-12, -1e-12, 1e300, -1e300);
    for (const y of [...m.activationEval(id, xs, F64()), ...m.activationGrad(id, xs, F64())])
      assert.ok(Number.isFinite(y), id);
  }
});

test('NaN in gives NaN out', () => {
  for (const id of ACTIVATIONS) {
    assert.ok(Number.isNaN(m.activationEval(id, F64(NaN), F64())[0]), id);
    assert.ok(Number.isNaN(m.activationGrad(id, F64(NaN), F64())[0]), id);
  }
  assert.ok(Number.isNaN(m.lossEval('mse', F64(NaN), F64(1), F64())));
});

test('losses: value with mean reduction and gradient with respect to the prediction', () => {
  assert.equal(m.lossEval('mse', F64(1, 3), F64(0, 0), F64()), 5);
  assert.deepEqual(m.lossGrad('mse', F64(1, 3), F64(0, 0), F64()), F64(1, 3));
  // cross_entropy: pred is n*k logits row-major, target n class indices
  const ce = m.lossEval('cross_entropy', F64(0, 0, 0, 0), F64(1, 0), F64());
  assert.ok(Math.abs(ce - Math.LN2) < 1e-15);
  assert.deepEqual(m.lossGrad('cross_entropy', F64(0, 0), F64(1), F64(2)), F64(0.5, -0.5));
  // kl_div: batchmean over rows of k
  const kl = m.lossEval('kl_div', F64(Math.log(0.5), Math.log(0.5)), F64(1, 0), F64(2));
  assert.ok(Math.abs(kl - Math.LN2) < 1e-15);
});

// The wasm link replaces the C library's exp and log with core's table-free ones
// (wasm/libm_overrides.cpp). Both sides here are within 1 ulp of the exact value,
// so they may differ by 2 ulp at most: selu'(x) = scale alpha e^x below 0, and
// bce against target 1 is -log p.
test("exp and log inside the module agree with JavaScript's to the last bits", () => {
  const SCALE_ALPHA = 1.0507009873554804934193349852946 * 1.6732632423543772848170429916717;
  const xs = Float64Array.from({ length: 4001 }, (_, i) => -700 + (700 * i) / 4000);
  const grad = m.activationGrad('selu', xs, F64());
  const ps = Float64Array.from({ length: 4001 }, (_, i) => Math.pow(10, -40 + (40 * i) / 4000));
  const bce = m.lossPerExample('bce', ps, new Float64Array(ps.length).fill(1), F64());
  for (let i = 0; i < xs.length; i++) {
    const want = SCALE_ALPHA * Math.exp(xs[i]);
    assert.ok(Math.abs(grad[i] - want) <= 4.5e-16 * want, `selu'(${xs[i]}) = ${grad[i]}, e^x gives ${want}`);
    const logp = -Math.log(ps[i]);
    assert.ok(
      Math.abs(bce[i] - logp) <= 4.5e-16 * Math.abs(logp) + 1e-300,
      `bce(${ps[i]}, 1) = ${bce[i]}, -log p = ${logp}`,
    );
  }
});

test("losses: the loss of each example (reduction 'none'), whose mean is the value", () => {
  assert.deepEqual(m.lossPerExample('mse', F64(1, 3), F64(0, 0), F64()), F64(1, 9));
  // cross_entropy and kl_div: one loss per row of k
  const ce = m.lossPerExample('cross_entropy', F64(0, 0, 0, 5), F64(1, 0), F64());
  assert.equal(ce.length, 2);
  assert.ok(Math.abs(ce[0] - Math.LN2) < 1e-15);
  assert.ok(Math.abs(ce[1] - (Math.log(1 + Math.exp(5)) - 0)) < 1e-12);
  const kl = m.lossPerExample('kl_div', F64(Math.log(0.5), Math.log(0.5), 0, -1), F64(1, 0, 1, 0), F64(2));
  assert.equal(kl.length, 2);
  assert.ok(Math.abs(kl[0] - Math.LN2) < 1e-15);
  assert.equal(kl[1], 0);
  assert.throws(() => m.lossPerExample('mse', F64(1, 2), F64(1), F64()), /length 2 differs from target length 1/);
  assert.throws(() => m.lossPerExample('hinge', F64(1), F64(0)), /must be -1 or \+1/);
  assert.deepEqual(m.lossPerExample('mae', [1, -2], [0, 0]), F64(1, 2));
});

test('bad input throws an Error whose message names the problem', () => {
  const cases = [
    [() => m.activationEval('nope', F64(1), F64()), /unknown activation 'nope'/],
    [() => m.activationEval('elu', F64(1), F64(NaN)), /alpha is NaN/],
    [() => m.activationEval('elu', F64(1), F64(1, 2)), /takes 1 parameter/],
    [() => m.activationEval('leaky_relu', F64(1), F64(1e9)), /negative_slope = 1000000000 is outside \[-10, 10\]/],
    [() => m.activationEval('hardtanh', F64(1), F64(0.5, 0.5)), /max_val = 0.5 must be greater than min_val = 0.5/],
    [() => m.activationEval(42, F64(1), F64()), /id must be a string/],
    [() => m.activationEval('relu', 'abc', F64()), /xs must be a Float64Array/],
    [() => m.activationEval('relu', [1, 'x'], F64()), /xs\[1\] is not a number/],
    [() => m.lossEval('nope', F64(1), F64(1), F64()), /unknown loss 'nope'/],
    [() => m.lossEval('mse', F64(1, 2), F64(1), F64()), /length 2 differs from target length 1/],
    [() => m.lossEval('cross_entropy', F64(1, 2, 3), F64(0, 1), F64()), /not a multiple/],
    [() => m.lossEval('cross_entropy', F64(1, 2), F64(0), F64(0.5)), /k = 0\.5 must be a whole number/],
    [() => m.lossEval('cross_entropy', F64(1, 2), F64(5), F64()), /not a class index/],
    [() => m.lossGrad('hinge', F64(1), F64(0), F64()), /must be -1 or \+1/],
    [() => m.lossEval('huber', F64(1), F64(1), F64(NaN)), /delta is NaN/],
    [() => m.lossEval('mse', F64(), F64(), F64()), /prediction is empty/],
  ];
  for (const [call, pattern] of cases) {
    assert.throws(call, (error) => error instanceof Error && pattern.test(error.message), String(pattern));
  }
});

test('error messages keep a non-ASCII id as it was given (UTF-8, not Latin-1)', () => {
  assert.throws(() => m.lossEval('交叉熵', F64(1), F64(1), F64()), /unknown loss '交叉熵'/);
  assert.throws(() => m.activationEval('é', F64(1), F64()), /unknown activation 'é'/);
  assert.throws(() => m.lossPerExample('损失', F64(1), F64(1)), /unknown loss '损失'/);
  assert.throws(() => m.generateDataset({ id: '圆环' }), /dataset.id = '圆环' is unknown/);
});

test('the module keeps working after many bad calls, and its memory does not grow', () => {
  const before = m.HEAP8.length;
  const xs = F64(-1, 0, 1);
  for (let i = 0; i < 2000; ++i) {
    assert.throws(() => m.activationEval('nope', xs, F64()));
    assert.throws(() => m.activationGrad('elu', xs, F64(NaN)));
    assert.throws(() => m.lossEval('cross_entropy', F64(1, 2, 3), F64(0, 1), F64()));
    assert.throws(() => m.lossGrad('bce', F64(2), F64(1), F64()));
  }
  assert.equal(m.HEAP8.length, before);
  assert.deepEqual(m.activationEval('relu', xs, F64()), F64(0, 0, 1));
  assert.deepEqual(m.activationGrad('relu', xs, F64()), F64(0, 0, 1));
});

test('generateDataset gives the core data sets, seeded and split, and rejects bad specs', () => {
  const a = m.generateDataset({ id: 'circle', samples: 100, noise: 0.1, testRatio: 0.2, seed: 3 });
  assert.equal(a.nFeatures, 2);
  assert.equal(a.classification, true);
  assert.equal(a.trainY.length, 80);
  assert.equal(a.testY.length, 20);
  assert.equal(a.trainX.length, 160);
  assert.ok([...a.trainY, ...a.testY].every((y) => y === 0 || y === 1));
  const b = m.generateDataset(JSON.stringify({ id: 'circle', samples: 100, noise: 0.1, testRatio: 0.2, seed: 3 }));
  assert.deepEqual(b.trainX, a.trainX);
  const c = m.generateDataset({ id: 'circle', samples: 100, noise: 0.1, testRatio: 0.2, seed: 4 });
  assert.notDeepEqual(c.trainX, a.trainX);
  const sin = m.generateDataset({ id: 'sin', samples: 50, testRatio: 0 });
  assert.equal(sin.nFeatures, 1);
  assert.equal(sin.classification, false);
  assert.equal(sin.trainY.length, 50);
  assert.throws(() => m.generateDataset({ id: 'nope' }), /dataset/);
  assert.throws(() => m.generateDataset({ id: 'circle', samples: 5 }), /samples = 5 is outside \[10, 100000\]/);
  assert.throws(() => m.generateDataset({ id: 'circle', noise: NaN }), /noise/);
  assert.throws(() => m.generateDataset('{'), /dataset/);
  assert.throws(() => m.generateDataset(42), TypeError);
  assert.equal(m.generateDataset({ id: 'xor', samples: 10 }).nFeatures, 2);
});

test('descentPath and surfaceGrid check their arguments and stay usable after an error', () => {
  assert.throws(() => m.descentPath('bowl', 'sgd', '0.1', 10), TypeError);
  assert.throws(() => m.descentPath('bowl', 'sgd', 0.1, null), TypeError);
  assert.throws(() => m.descentPath(3, 'sgd', 0.1, 10), TypeError);
  assert.throws(() => m.descentPath('bowl', 'sgd', Infinity, 10), /lr = inf is outside \[1e-06, 100\]/);
  assert.throws(() => m.descentPath('bowl', 'sgd', 0.1, -1), /steps = -1 is not a whole number in \[0, 10000\]/);
  assert.throws(() => m.descentPath('bowl', 'nadam', 0.1, 10), /unknown optimizer 'nadam'; known: sgd, momentum, adam/);
  assert.throws(() => m.surfaceGrid('bowl', 'abc', []), TypeError);
  const p = m.descentPath('rosenbrock', 'adam', 0.05, 500);
  assert.ok(p.x instanceof Float64Array && p.x.length === 501 && p.divergedAt === -1);
  assert.ok(Math.hypot(p.x.at(-1) - 1, p.y.at(-1) - 1) < 0.2, `Adam ends near (1, 1): ${p.x.at(-1)}, ${p.y.at(-1)}`);
});
