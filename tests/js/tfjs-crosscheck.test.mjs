// Cross-check against TensorFlow.js (tfjs-core with the cpu backend), an
// independent implementation: every activation and loss it has as an op is
// compared directly; the rest are composed from its primitive ops. Derivatives
// come from tfjs's autodiff. tfjs computes in float32, hence the tolerances.
// Kinks are skipped here: tfjs's conventions there differ from PyTorch's, which
// the core follows (those are checked in module.test.mjs and the Catch2 suite).
import test from 'node:test';
import assert from 'node:assert/strict';
import tf from './tfjs.mjs';
import { loadModule } from './load-module.mjs';

const m = await loadModule();

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const softplus = (x) => tf.softplus(x);
// A constant mask (not differentiated) for piecewise definitions.
const above = (x, threshold) =>
  tf.tensor1d(
    Array.from(x.dataSync(), (v) => v > threshold),
    'bool',
  );
// [id, params, tfjs function of a tensor, kinks, 'op' | 'composed']
const ACTIVATIONS = [
  ['step', [], (x) => tf.step(x, 0), [0], 'op'],
  ['linear', [], (x) => tf.mul(x, 1), [], 'op'],
  ['sigmoid', [], (x) => tf.sigmoid(x), [], 'op'],
  ['tanh', [], (x) => tf.tanh(x), [], 'op'],
  ['relu', [], (x) => tf.relu(x), [0], 'op'],
  ['leaky_relu', [], (x) => tf.leakyRelu(x, 0.01), [0], 'op'],
  ['leaky_relu', [0.2], (x) => tf.leakyRelu(x, 0.2), [0], 'op'],
  ['prelu', [], (x) => tf.prelu(x, tf.scalar(0.25)), [0], 'op'],
  ['elu', [], (x) => tf.elu(x), [0], 'op'],
  ['elu', [0.5], (x) => tf.where(above(x, 0), x, tf.mul(0.5, tf.sub(tf.exp(x), 1))), [0], 'composed'],
  ['selu', [], (x) => tf.selu(x), [0], 'op'],
  ['celu', [2], (x) => tf.add(tf.relu(x), tf.minimum(0, tf.mul(2, tf.sub(tf.exp(tf.div(x, 2)), 1)))), [0], 'composed'],
  ['gelu', [], (x) => tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))), [], 'composed'],
  [
    'gelu_tanh',
    [],
    (x) =>
      tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))))))),
    [],
    'composed',
  ],
  ['silu', [], (x) => tf.mul(x, tf.sigmoid(x)), [], 'composed'],
  ['swish', [1.5], (x) => tf.mul(x, tf.sigmoid(tf.mul(1.5, x))), [], 'composed'],
  ['softplus', [], softplus, [], 'op'],
  ['softplus', [2, 10], (x) => tf.where(above(x, 5), x, tf.div(softplus(tf.mul(2, x)), 2)), [5], 'composed'],
  ['softsign', [], (x) => tf.div(x, tf.add(1, tf.abs(x))), [0], 'composed'],
  ['mish', [], (x) => tf.mul(x, tf.tanh(softplus(x))), [], 'composed'],
  ['hardsigmoid', [], (x) => tf.div(tf.relu6(tf.add(x, 3)), 6), [-3, 3], 'composed'],
  ['hardswish', [], (x) => tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6)), [-3, 3], 'composed'],
  ['hardtanh', [], (x) => tf.clipByValue(x, -1, 1), [-1, 1], 'op'],
  ['hardtanh', [-2, 0.5], (x) => tf.clipByValue(x, -2, 0.5), [-2, 0.5], 'op'],
  ['relu6', [], (x) => tf.relu6(x), [0, 6], 'op'],
  ['logsigmoid', [], (x) => tf.logSigmoid(x), [], 'op'],
];

const xs = [];
for (let x = -8; x <= 8; x += 0.0625 + 1e-3) xs.push(x);

function close(got, want, what) {
  const tolerance = 3e-6 + 3e-5 * Math.abs(want);
  assert.ok(Math.abs(got - want) <= tolerance, `${what}: actlab ${got}, tfjs ${want}`);
}

test('the cross-check covers every activation of the core', () => {
  const covered = new Set(ACTIVATIONS.map(([id]) => id));
  assert.deepEqual(
    [...covered].sort(),
    m
      .activationList()
      .map((a) => a.id)
      .sort(),
  );
});

for (const [id, params, fn, kinks, kind] of ACTIVATIONS) {
  test(`${id}(${params.join(', ')}) and its derivative agree with TensorFlow.js (${kind})`, () => {
    const points = xs.filter((x) => kinks.every((k) => Math.abs(x - k) > 1e-3));
    const p = new Float64Array(params);
    const ours = m.activationEval(id, new Float64Array(points), p);
    const ourGrad = m.activationGrad(id, new Float64Array(points), p);
    const input = tf.tensor1d(points, 'float32');
    const theirs = fn(input).dataSync();
    const theirGrad = tf.grad(fn)(input).dataSync();
    points.forEach((x, i) => {
      close(ours[i], theirs[i], `${id}(${x})`);
      close(ourGrad[i], theirGrad[i], `${id}'(${x})`);
    });
  });
}

// [id, params, pred, target, tfjs loss of a prediction tensor]
const pred = [0.3, -1.2, 2.5, 0.05, -0.4, 1.7];
const target = [0.1, -1.0, 1.0, 0.7, -2.0, 1.65];
const probs = [0.2, 0.9, 0.55, 0.05, 0.7, 0.35];
const labels = [0, 1, 1, 0.3, 1, 0];
const logits = [1.0, 2.0, -0.5, 0.3, 0.3, 3.0];
const LOSSES = [
  ['mse', [], pred, target, (p) => tf.losses.meanSquaredError(tf.tensor1d(target), p)],
  ['mae', [], pred, target, (p) => tf.losses.absoluteDifference(tf.tensor1d(target), p)],
  ['huber', [], pred, target, (p) => tf.losses.huberLoss(tf.tensor1d(target), p)],
  ['huber', [0.5], pred, target, (p) => tf.losses.huberLoss(tf.tensor1d(target), p, undefined, 0.5)],
  ['smooth_l1', [], pred, target, (p) => tf.losses.huberLoss(tf.tensor1d(target), p, undefined, 1)],
  ['bce', [], probs, labels, (p) => tf.losses.logLoss(tf.tensor1d(labels), p, undefined, 0)],
  ['bce_logits', [], pred, labels, (p) => tf.losses.sigmoidCrossEntropy(tf.tensor1d(labels), p)],
  [
    'cross_entropy',
    [],
    logits,
    [2, 0],
    (p) => tf.losses.softmaxCrossEntropy(tf.tensor2d([0, 0, 1, 1, 0, 0], [2, 3]), tf.reshape(p, [2, 3])),
  ],
  ['hinge', [], pred, [1, -1, 1, -1, -1, 1], (p) => tf.losses.hingeLoss(tf.tensor1d([1, 0, 1, 0, 0, 1]), p)],
  ['log_cosh', [], pred, target, (p) => tf.mean(tf.log(tf.cosh(tf.sub(p, tf.tensor1d(target)))))],
  [
    'kl_div',
    [3],
    logits.map((z) => z - 4),
    [0.2, 0.3, 0.5, 0, 0.9, 0.1],
    (p) => {
      const y = tf.tensor1d([0.2, 0.3, 0.5, 0, 0.9, 0.1]);
      const ylogy = tf.tensor1d([0.2, 0.3, 0.5, 0, 0.9, 0.1].map((v) => (v === 0 ? 0 : v * Math.log(v))));
      return tf.div(tf.sum(tf.sub(ylogy, tf.mul(y, p))), 2);
    },
  ],
];

test('the cross-check covers every loss of the core', () => {
  assert.deepEqual(
    [...new Set(LOSSES.map(([id]) => id))].sort(),
    m
      .lossList()
      .map((l) => l.id)
      .sort(),
  );
});

for (const [id, params, p, t, fn] of LOSSES) {
  test(`${id} loss and its gradient agree with TensorFlow.js`, () => {
    const c = new Float64Array(params);
    const ours = m.lossEval(id, new Float64Array(p), new Float64Array(t), c);
    const ourGrad = m.lossGrad(id, new Float64Array(p), new Float64Array(t), c);
    const input = tf.tensor1d(p, 'float32');
    close(ours, fn(input).dataSync()[0], `${id} value`);
    const theirGrad = tf.grad(fn)(input).dataSync();
    p.forEach((_, i) => close(ourGrad[i], theirGrad[i], `${id} gradient[${i}]`));
  });
}
