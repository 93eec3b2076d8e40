// TensorFlow.js peers (cpu and wasm backends) with a manual training loop:
// the same layers as the workload, weights as tf.variables, one
// optimizer.minimize per mini-batch over a batch gathered from a reshuffled
// order, and the matching fused losses (sigmoidCrossEntropy, softmaxCrossEntropy).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { seededRandom, oneHot, signedLabels } from '../lib/data.mjs';

// The gradient functions ship only as ES module files (see tfjs-esm-hooks.mjs).
register('./../lib/tfjs-esm-hooks.mjs', import.meta.url);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
// Production mode: no per-op NaN checks or debug bookkeeping (the documented
// setting for speed), which also silences the "install tfjs-node" notice.
tf.enableProdMode();

let wasmPathsSet = false;

// Switches tfjs to `backend` ('cpu' or 'wasm') and reports what it runs with.
export async function useBackend(backend) {
  if (backend === 'wasm' && !wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(dist + path.sep);
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(backend);
  if (!ok) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  await tf.ready();
  const info = { backend: tf.getBackend(), version: tf.version_core };
  if (backend === 'wasm') {
    info.simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    info.threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  return info;
}

const hiddenActivation = { tanh: tf.tanh, relu: tf.relu, sigmoid: tf.sigmoid, linear: (z) => z };

function buildModel(config, nFeatures, random) {
  const widths = [nFeatures, ...config.layers.map((l) => l.units), config.output.units];
  const weights = [];
  const biases = [];
  for (let i = 1; i < widths.length; ++i) {
    const fanIn = widths[i - 1];
    const fanOut = widths[i];
    const he = config.layers[i - 1]?.activation === 'relu';
    const limit = he ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    const values = Float32Array.from({ length: fanIn * fanOut }, () => (random() * 2 - 1) * limit);
    weights.push(tf.variable(tf.tensor2d(values, [fanIn, fanOut])));
    biases.push(tf.variable(tf.zeros([fanOut])));
  }
  const activationsOf = config.layers.map((l) => hiddenActivation[l.activation]);
  // Logits (pre-activation of the output layer).
  const logits = (x) => {
    let h = x;
    for (let i = 0; i < weights.length; ++i) {
      h = tf.add(tf.matMul(h, weights[i]), biases[i]);
      if (i < activationsOf.length) h = activationsOf[i](h);
    }
    return h;
  };
  const output = config.output.activation;
  const predict = (x) => {
    const z = logits(x);
    if (output === 'tanh') return tf.tanh(z);
    if (output === 'sigmoid') return tf.sigmoid(z);
    if (output === 'softmax') return tf.argMax(z, 1);
    return z;
  };
  const loss = (x, y) => {
    const z = logits(x);
    if (output === 'tanh') return tf.mean(tf.squaredDifference(tf.tanh(z), y));
    if (output === 'sigmoid') return tf.losses.sigmoidCrossEntropy(y, z);
    if (output === 'softmax') return tf.losses.softmaxCrossEntropy(y, z);
    return tf.mean(tf.squaredDifference(z, y));
  };
  return { weights, biases, logits, predict, loss, variables: [...weights, ...biases] };
}

function makeOptimizer(optimizer) {
  if (optimizer.id === 'sgd') return tf.train.sgd(optimizer.lr);
  if (optimizer.id === 'adam') return tf.train.adam(optimizer.lr, optimizer.beta1, optimizer.beta2, optimizer.eps);
  throw new Error(`tfjs peer: optimizer ${optimizer.id} not wired`);
}

// A runner for bench/lib/timing.mjs on the current backend.
export function createTfjsRunner(workload) {
  const { data, config } = workload;
  const random = seededRandom(config.seed ?? 1);
  const model = buildModel(config, data.nFeatures, random);
  const optimizer = makeOptimizer(config.optimizer);
  const n = data.samples;
  let targets;
  if (config.output.activation === 'softmax') targets = tf.tensor2d(oneHot(data.y, data.nOutputs), [n, data.nOutputs]);
  else if (config.output.activation === 'tanh') targets = tf.tensor2d(signedLabels(data.y), [n, 1]);
  else targets = tf.tensor2d(data.y, [n, data.nOutputs]);
  const inputs = tf.tensor2d(data.x, [n, data.nFeatures]);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const batch = config.batchSize;
  let cursor = n;
  const reshuffle = () => {
    for (let i = n - 1; i > 0; --i) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    cursor = 0;
  };
  // Batches never straddle an epoch: a short tail is dropped, as ActLab's
  // full-batch-only drawing would be irrelevant to speed.
  const nextIndices = () => {
    if (cursor + batch > n) reshuffle();
    const idx = order.subarray(cursor, cursor + batch);
    cursor += batch;
    return idx;
  };
  return {
    examplesPerStep: batch,
    run(steps) {
      for (let s = 0; s < steps; ++s) {
        tf.tidy(() => {
          const idx = tf.tensor1d(nextIndices(), 'int32');
          const xb = tf.gather(inputs, idx);
          const yb = tf.gather(targets, idx);
          optimizer.minimize(() => model.loss(xb, yb), false, model.variables);
        });
      }
    },
    // Output of the network on a [m, features] Float32Array, read back to JS.
    predict(points) {
      return tf.tidy(() =>
        model.predict(tf.tensor2d(points, [points.length / data.nFeatures, data.nFeatures])).dataSync(),
      );
    },
    // Replaces the weights with [{ weights: in x out row-major, biases }] per layer.
    setWeights(layers) {
      layers.forEach((layer, i) => {
        model.weights[i].assign(tf.tensor2d(Float32Array.from(layer.weights), model.weights[i].shape));
        model.biases[i].assign(tf.tensor1d(Float32Array.from(layer.biases)));
      });
    },
    loss() {
      return tf.tidy(() => model.loss(inputs, targets).dataSync()[0]);
    },
    dispose() {
      for (const v of model.variables) v.dispose();
      optimizer.dispose();
      inputs.dispose();
      targets.dispose();
    },
  };
}

export { tf };
