// brain.js 1.6.1 (NeuralNetwork, CPU) with the closest settings it offers.
// What it cannot match, and what we use instead:
//   - one activation for every layer, output included (W2's sigmoid output and
//     W3's softmax become relu, W1 stays tanh throughout);
//   - its error is target - output with the activation's slope, i.e. an mse-like
//     delta, for every workload (no bce, no cross entropy);
//   - it updates after every example (batch size 1), so it does
//     batchSize times more updates for the same examples;
//   - plain sgd is not available: W1 uses its momentum update with momentum
//     1e-9 (it rejects 0); W2 and W3 use praxis 'adam'.
// Examples are fed through trainPattern in a reshuffled order each epoch, so
// the cost of its train() bookkeeping (error checks every few epochs) is left out.
import brain from 'brain.js';
import { seededRandom, oneHot, signedLabels } from '../lib/data.mjs';

export function brainSettings(config) {
  const hidden = config.layers.map((l) => l.units);
  const activation = config.layers[0].activation; // tanh or relu here
  const adam = config.optimizer.id === 'adam';
  return {
    network: { hiddenLayers: hidden, activation },
    training: {
      iterations: 1,
      learningRate: config.optimizer.lr,
      momentum: adam ? 0.1 : 1e-9,
      praxis: adam ? 'adam' : null,
      beta1: config.optimizer.beta1,
      beta2: config.optimizer.beta2,
      epsilon: config.optimizer.eps,
      errorThresh: 1e-9,
    },
  };
}

export function createBrainRunner(workload) {
  const { data, config } = workload;
  const settings = brainSettings(config);
  const random = seededRandom(config.seed ?? 1);
  const n = data.samples;
  let targets;
  let width;
  if (config.output.activation === 'softmax') {
    targets = oneHot(data.y, data.nOutputs);
    width = data.nOutputs;
  } else if (config.output.activation === 'tanh') {
    targets = signedLabels(data.y);
    width = 1;
  } else {
    targets = data.y;
    width = data.nOutputs;
  }
  // brain.js wants plain arrays of numbers.
  const patterns = Array.from({ length: n }, (_, i) => ({
    input: Array.from(data.x.subarray(i * data.nFeatures, (i + 1) * data.nFeatures)),
    output: Array.from(targets.subarray(i * width, (i + 1) * width)),
  }));
  const net = new brain.NeuralNetwork(settings.network);
  // One pass through its own train() sets the sizes, the weights and adam's state.
  net.train(patterns.slice(0, 1), settings.training);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
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
  // One "step" is config.batchSize examples, as for everyone else.
  return {
    net,
    settings,
    examplesPerStep: config.batchSize,
    run(steps) {
      const examples = steps * config.batchSize;
      for (let e = 0; e < examples; ++e) {
        if (cursor === n) reshuffle();
        net.trainPattern(patterns[order[cursor++]]);
      }
    },
    accuracy() {
      let correct = 0;
      for (let i = 0; i < n; ++i) {
        const out = net.run(patterns[i].input);
        if (width > 1) {
          let best = 0;
          for (let k = 1; k < width; ++k) if (out[k] > out[best]) best = k;
          correct += best === data.y[i] ? 1 : 0;
        } else {
          const threshold = config.output.activation === 'tanh' ? 0 : 0.5;
          correct += (out[0] > threshold ? 1 : 0) === data.y[i] ? 1 : 0;
        }
      }
      return correct / n;
    },
  };
}
