// Checks that the peers do the work the benchmark says they do, before any
// timing: the plain-JS MLP's gradients against central finite differences, and
// its loss against TensorFlow.js's on the same weights (so that both run the
// same network and loss). Run alone (node bench/check.mjs) or from run.mjs;
// throws on a mismatch.
import { workloads as allWorkloads } from './lib/data.mjs';
import { NodeMlp } from './peers/node-mlp.mjs';
import { useBackend, createTfjsRunner } from './peers/tfjs.mjs';

// Largest relative error of the analytic gradient of the mean loss over the
// first `rows` examples, probing `probes` weights of every layer.
function gradientError(workload, rows, probes) {
  const { data, config } = workload;
  const net = new NodeMlp({ ...config, batchSize: rows }, data.nFeatures);
  const outputs = config.output.activation === 'softmax' ? 1 : data.nOutputs;
  const signed = config.output.activation === 'tanh';
  for (let i = 0; i < rows; ++i) {
    net.forward(data.x, i * data.nFeatures);
    const target = Array.from({ length: outputs }, (_, k) => {
      const v = data.y[i * outputs + k];
      return signed ? (v > 0.5 ? 1 : -1) : v;
    });
    net.backward(target);
  }
  let worst = 0;
  for (let depth = 1; depth < net.layers.length; ++depth) {
    const synapses = net.layers[depth].flatMap((n) => n.incoming);
    for (let p = 0; p < probes; ++p) {
      const synapse = synapses[Math.floor((p * synapses.length) / probes)];
      const h = 1e-6;
      const saved = synapse.weight;
      synapse.weight = saved + h;
      const up = net.loss(data.x, data.y, rows);
      synapse.weight = saved - h;
      const down = net.loss(data.x, data.y, rows);
      synapse.weight = saved;
      const numeric = (up - down) / (2 * h);
      const error = Math.abs(numeric - synapse.gradSum) / Math.max(1e-4, Math.abs(numeric) + Math.abs(synapse.gradSum));
      worst = Math.max(worst, error);
    }
  }
  return worst;
}

export async function checkPeers(workloads = allWorkloads()) {
  const report = {};
  for (const workload of workloads) {
    const gradient = gradientError(workload, 16, 6);
    if (!(gradient < 1e-4))
      throw new Error(`plain-JS MLP gradient check failed on ${workload.id}: relative error ${gradient}`);
    // Same weights in tfjs: the full-data losses must agree (float32 vs float64).
    const net = new NodeMlp(workload.config, workload.data.nFeatures);
    const jsLoss = net.loss(workload.data.x, workload.data.y, workload.data.samples);
    await useBackend('cpu');
    const tfjs = createTfjsRunner(workload);
    tfjs.setWeights(net.exportWeights());
    const tfLoss = tfjs.loss();
    tfjs.dispose();
    const lossGap = Math.abs(jsLoss - tfLoss) / Math.max(1, Math.abs(jsLoss));
    if (!(lossGap < 1e-4))
      throw new Error(`${workload.id}: plain-JS loss ${jsLoss} and tfjs loss ${tfLoss} differ on the same weights`);
    report[workload.id] = { gradientRelativeError: gradient, plainJsLoss: jsLoss, tfjsLoss: tfLoss };
  }
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await checkPeers();
  for (const [id, r] of Object.entries(report)) {
    console.log(
      `${id}: plain-JS gradient vs finite differences, max relative error ${r.gradientRelativeError.toExponential(2)}; loss on the same weights plain-JS ${r.plainJsLoss.toFixed(6)}, tfjs ${r.tfjsLoss.toFixed(6)}`,
    );
  }
}
