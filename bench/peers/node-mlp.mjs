// A plain JavaScript MLP in the TensorFlow Playground's style: the network is a
// list of layers of Neuron objects joined by Synapse objects; every example is
// pushed forward and backward one at a time; gradients accumulate on the
// objects and are applied once per mini-batch. Nothing is vectorised or pooled:
// this is the straightforward design ActLab's batched core is measured against.
// Extended beyond what Playground offers (adam, sigmoid + bce, softmax + ce) so
// that it can run all three workloads.
import { seededRandom } from '../lib/data.mjs';

const activations = {
  linear: { value: (z) => z, slope: () => 1 },
  tanh: {
    value: (z) => Math.tanh(z),
    slope: (z) => {
      const t = Math.tanh(z);
      return 1 - t * t;
    },
  },
  relu: { value: (z) => (z > 0 ? z : 0), slope: (z) => (z > 0 ? 1 : 0) },
  sigmoid: {
    value: (z) => 1 / (1 + Math.exp(-z)),
    slope: (z) => {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    },
  },
};

class Synapse {
  constructor(from, to, weight) {
    this.from = from;
    this.to = to;
    this.weight = weight;
    this.gradSum = 0; // dL/dw summed over the examples of the current batch
    this.m = 0; // adam first moment
    this.v = 0; // adam second moment
  }
}

class Neuron {
  constructor(activation) {
    this.activation = activation;
    this.bias = 0;
    this.biasGradSum = 0;
    this.biasM = 0;
    this.biasV = 0;
    this.incoming = [];
    this.outgoing = [];
    this.preActivation = 0;
    this.output = 0;
    this.lossGradZ = 0; // dL/dz for the current example
  }

  fire() {
    let sum = this.bias;
    for (const synapse of this.incoming) sum += synapse.weight * synapse.from.output;
    this.preActivation = sum;
    this.output = this.activation.value(sum);
  }
}

export class NodeMlp {
  // config: ActLab's trainer config (layers, output, loss, optimizer, batchSize, seed).
  constructor(config, nFeatures) {
    this.config = config;
    this.random = seededRandom(config.seed ?? 1);
    const widths = [nFeatures, ...config.layers.map((l) => l.units), config.output.units];
    const outputKind = config.output.activation;
    this.softmax = outputKind === 'softmax';
    this.layers = widths.map((width, depth) => {
      let act = activations.linear;
      if (depth > 0 && depth < widths.length - 1) act = activations[config.layers[depth - 1].activation];
      if (depth === widths.length - 1) act = this.softmax ? activations.linear : activations[outputKind];
      if (!act) throw new Error(`node-mlp: activation not supported`);
      return Array.from({ length: width }, () => new Neuron(act));
    });
    for (let depth = 1; depth < this.layers.length; ++depth) {
      const fanIn = this.layers[depth - 1].length;
      const fanOut = this.layers[depth].length;
      const he = config.layers[depth - 1]?.activation === 'relu';
      const limit = he ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
      for (const to of this.layers[depth]) {
        for (const from of this.layers[depth - 1]) {
          const synapse = new Synapse(from, to, (this.random() * 2 - 1) * limit);
          from.outgoing.push(synapse);
          to.incoming.push(synapse);
        }
      }
    }
    this.lossId = config.loss.id;
    this.optimizer = config.optimizer;
    this.batchSize = config.batchSize;
    this.updates = 0;
    this.inBatch = 0;
  }

  // One example through the network; returns the output layer's neurons.
  forward(x, offset) {
    const inputs = this.layers[0];
    for (let i = 0; i < inputs.length; ++i) inputs[i].output = x[offset + i];
    for (let depth = 1; depth < this.layers.length; ++depth) {
      for (const neuron of this.layers[depth]) neuron.fire();
    }
    const outputs = this.layers[this.layers.length - 1];
    if (this.softmax) {
      let max = -Infinity;
      for (const n of outputs) max = Math.max(max, n.preActivation);
      let total = 0;
      for (const n of outputs) {
        n.output = Math.exp(n.preActivation - max);
        total += n.output;
      }
      for (const n of outputs) n.output /= total;
    }
    return outputs;
  }

  // dL/dz of the output neurons for one example, then back through the hidden
  // layers, adding every gradient into the batch sums.
  backward(target) {
    const outputs = this.layers[this.layers.length - 1];
    const scale = 1 / this.batchSize; // losses are means over the batch
    if (this.softmax) {
      for (let k = 0; k < outputs.length; ++k)
        outputs[k].lossGradZ = (outputs[k].output - (k === target[0] ? 1 : 0)) * scale;
    } else if (this.lossId === 'bce') {
      // sigmoid output + bce, fused: dL/dz = p - y.
      for (let k = 0; k < outputs.length; ++k) outputs[k].lossGradZ = (outputs[k].output - target[k]) * scale;
    } else {
      // mse: dL/dy = 2 (y - t) / (batch * outputs).
      for (let k = 0; k < outputs.length; ++k) {
        const n = outputs[k];
        n.lossGradZ = ((2 * (n.output - target[k])) / outputs.length) * scale * n.activation.slope(n.preActivation);
      }
    }
    for (let depth = this.layers.length - 1; depth >= 1; --depth) {
      for (const neuron of this.layers[depth]) {
        neuron.biasGradSum += neuron.lossGradZ;
        for (const synapse of neuron.incoming) synapse.gradSum += neuron.lossGradZ * synapse.from.output;
      }
      if (depth === 1) break;
      for (const neuron of this.layers[depth - 1]) {
        let grad = 0;
        for (const synapse of neuron.outgoing) grad += synapse.weight * synapse.to.lossGradZ;
        neuron.lossGradZ = grad * neuron.activation.slope(neuron.preActivation);
      }
    }
  }

  // Applies and clears the accumulated gradients.
  update() {
    const { id, lr } = this.optimizer;
    const beta1 = this.optimizer.beta1 ?? 0.9;
    const beta2 = this.optimizer.beta2 ?? 0.999;
    const eps = this.optimizer.eps ?? 1e-8;
    this.updates += 1;
    if (id !== 'adam') {
      for (let depth = 1; depth < this.layers.length; ++depth) {
        for (const neuron of this.layers[depth]) {
          neuron.bias -= lr * neuron.biasGradSum;
          neuron.biasGradSum = 0;
          for (const synapse of neuron.incoming) {
            synapse.weight -= lr * synapse.gradSum;
            synapse.gradSum = 0;
          }
        }
      }
      return;
    }
    // Adam with bias correction folded into the step size.
    const stepSize = (lr * Math.sqrt(1 - beta2 ** this.updates)) / (1 - beta1 ** this.updates);
    const epsHat = eps * Math.sqrt(1 - beta2 ** this.updates);
    for (let depth = 1; depth < this.layers.length; ++depth) {
      for (const neuron of this.layers[depth]) {
        const g = neuron.biasGradSum;
        neuron.biasM = beta1 * neuron.biasM + (1 - beta1) * g;
        neuron.biasV = beta2 * neuron.biasV + (1 - beta2) * g * g;
        neuron.bias -= (stepSize * neuron.biasM) / (Math.sqrt(neuron.biasV) + epsHat);
        neuron.biasGradSum = 0;
        for (const synapse of neuron.incoming) {
          const gw = synapse.gradSum;
          synapse.m = beta1 * synapse.m + (1 - beta1) * gw;
          synapse.v = beta2 * synapse.v + (1 - beta2) * gw * gw;
          synapse.weight -= (stepSize * synapse.m) / (Math.sqrt(synapse.v) + epsHat);
          synapse.gradSum = 0;
        }
      }
    }
  }

  // Mean data loss over `rows` examples (the same definitions as the gradients above).
  loss(x, y, rows) {
    let total = 0;
    const signed = this.config.output.activation === 'tanh';
    for (let i = 0; i < rows; ++i) {
      const out = this.forward(x, i * this.layers[0].length);
      if (this.softmax) {
        total -= Math.log(out[y[i]].output);
      } else if (this.lossId === 'bce') {
        const p = out[0].output;
        total -= y[i] > 0.5 ? Math.log(p) : Math.log(1 - p);
      } else {
        let sum = 0;
        for (let k = 0; k < out.length; ++k) {
          const t = signed ? (y[i * out.length + k] > 0.5 ? 1 : -1) : y[i * out.length + k];
          sum += (out[k].output - t) ** 2;
        }
        total += sum / out.length;
      }
    }
    return total / rows;
  }

  // Weights per layer as { weights: in x out row-major by input, biases }.
  exportWeights() {
    const layers = [];
    for (let depth = 1; depth < this.layers.length; ++depth) {
      const inputs = this.layers[depth - 1].length;
      const outputs = this.layers[depth].length;
      const weights = new Float64Array(inputs * outputs);
      const biases = new Float64Array(outputs);
      this.layers[depth].forEach((neuron, o) => {
        biases[o] = neuron.bias;
        neuron.incoming.forEach((synapse, i) => (weights[i * outputs + o] = synapse.weight));
      });
      layers.push({ weights, biases });
    }
    return layers;
  }

  // The first output of one example (for the grid).
  predictOne(x, offset) {
    return this.forward(x, offset)[0].output;
  }
}

// A runner for bench/lib/timing.mjs: mini-batches drawn from a reshuffled order each epoch.
export function createNodeMlpRunner(workload) {
  const { data, config } = workload;
  const net = new NodeMlp(config, data.nFeatures);
  const n = data.samples;
  const outputs = config.output.activation === 'softmax' ? 1 : data.nOutputs;
  // tanh + mse is trained on ±1 targets, as ActLab maps its 0/1 labels.
  const signed = config.output.activation === 'tanh';
  const targets = Float32Array.from(data.y, (v) => (signed ? (v > 0.5 ? 1 : -1) : v));
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  let cursor = n;
  const target = new Float32Array(outputs);
  const reshuffle = () => {
    for (let i = n - 1; i > 0; --i) {
      const j = Math.floor(net.random() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    cursor = 0;
  };
  return {
    net,
    examplesPerStep: config.batchSize,
    run(steps) {
      for (let s = 0; s < steps; ++s) {
        for (let b = 0; b < config.batchSize; ++b) {
          if (cursor === n) reshuffle();
          const i = order[cursor++];
          for (let k = 0; k < outputs; ++k) target[k] = targets[i * outputs + k];
          net.forward(data.x, i * data.nFeatures);
          net.backward(target);
        }
        net.update();
      }
    },
    // Training-set accuracy (a sanity check that it learns).
    accuracy() {
      let correct = 0;
      for (let i = 0; i < n; ++i) {
        const out = net.forward(data.x, i * data.nFeatures);
        if (config.output.activation === 'softmax') {
          let best = 0;
          for (let k = 1; k < out.length; ++k) if (out[k].output > out[best].output) best = k;
          correct += best === data.y[i] ? 1 : 0;
        } else {
          const threshold = signed ? 0 : 0.5;
          correct += (out[0].output > threshold ? 1 : 0) === data.y[i] ? 1 : 0;
        }
      }
      return correct / n;
    },
  };
}
