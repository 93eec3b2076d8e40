// The benchmark's data and workload definitions. Every implementation gets the
// same Float32Arrays, generated once here with a seeded RNG (or read from the
// shared digits file), so differences in speed never come from differences in data.
import fs from 'node:fs';
import zlib from 'node:zlib';

// mulberry32: a small 32-bit generator, good enough for synthetic data.
export function seededRandom(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Two interleaved spiral arms in [-6, 6]^2 (the Playground's spiral shape):
// half the points on each arm, label 0 or 1, uniform noise added to x and y.
export function spiral(samples, noise, seed) {
  const random = seededRandom(seed);
  const x = new Float32Array(samples * 2);
  const y = new Float32Array(samples);
  const perArm = samples / 2;
  for (let i = 0; i < samples; ++i) {
    const arm = i < perArm ? 0 : 1;
    const k = arm === 0 ? i : i - perArm;
    const radius = (k / perArm) * 5;
    const angle = 1.75 * (k / perArm) * 2 * Math.PI + arm * Math.PI;
    x[2 * i] = radius * Math.sin(angle) + (random() * 2 - 1) * noise;
    x[2 * i + 1] = radius * Math.cos(angle) + (random() * 2 - 1) * noise;
    y[i] = arm;
  }
  return { x, y, nFeatures: 2, nOutputs: 1, samples };
}

// The 1797 UCI digits (8x8 pixels 0..16, then the label), pixels scaled to [0, 1];
// the copy the site ships, which a test keeps byte-identical to ../shared/data.
export function digits(file = new URL('../../docs/public/data/digits.csv.gz', import.meta.url)) {
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trim();
  const rows = text.split('\n');
  const x = new Float32Array(rows.length * 64);
  const y = new Float32Array(rows.length);
  rows.forEach((row, r) => {
    const cells = row.split(',').map(Number);
    if (cells.length !== 65) throw new Error(`digits row ${r} has ${cells.length} columns, expected 65`);
    for (let c = 0; c < 64; ++c) x[r * 64 + c] = cells[c] / 16;
    y[r] = cells[64];
  });
  if (rows.length !== 1797) throw new Error(`digits has ${rows.length} rows, expected 1797`);
  return { x, y, nFeatures: 64, nOutputs: 10, samples: rows.length };
}

// Targets in the form a peer that has no label mapping needs.
// ±1 for tanh + mse (what ActLab does itself with 0/1 labels).
export function signedLabels(y) {
  return Float32Array.from(y, (v) => (v > 0.5 ? 1 : -1));
}

// One-hot rows for softmax peers that want dense targets.
export function oneHot(y, classes) {
  const out = new Float32Array(y.length * classes);
  for (let i = 0; i < y.length; ++i) out[i * classes + y[i]] = 1;
  return out;
}

// The three training workloads of issue 3 and the grid workload. `config` is the
// ActLab trainer config; the peers read the same fields.
export function workloads() {
  const w1Data = spiral(500, 0.25, 1);
  const w2Data = spiral(1000, 0.25, 2);
  const w3Data = digits();
  const common = { init: 'xavier_uniform', l1: 0, l2: 0, seed: 42 };
  const w1 = {
    id: 'W1',
    title: 'W1 playground 2-4-2-1 tanh, mse, sgd, batch 10',
    data: w1Data,
    config: {
      layers: [
        { units: 4, activation: 'tanh', params: [] },
        { units: 2, activation: 'tanh', params: [] },
      ],
      output: { units: 1, activation: 'tanh' },
      loss: { id: 'mse', params: [] },
      optimizer: { id: 'sgd', lr: 0.03, momentum: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
      batchSize: 10,
      ...common,
    },
  };
  const w2 = {
    id: 'W2',
    title: 'W2 wide 2-32-32-1 relu, sigmoid+bce, adam, batch 32',
    data: w2Data,
    config: {
      layers: [
        { units: 32, activation: 'relu', params: [] },
        { units: 32, activation: 'relu', params: [] },
      ],
      output: { units: 1, activation: 'sigmoid' },
      loss: { id: 'bce', params: [] },
      optimizer: { id: 'adam', lr: 0.01, momentum: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
      batchSize: 32,
      ...common,
      init: 'he_uniform',
    },
  };
  const w3 = {
    id: 'W3',
    title: 'W3 digits 64-64-10 relu, softmax+ce, adam, batch 32',
    data: w3Data,
    config: {
      layers: [{ units: 64, activation: 'relu', params: [] }],
      output: { units: 10, activation: 'softmax' },
      loss: { id: 'cross_entropy', params: [] },
      optimizer: { id: 'adam', lr: 0.001, momentum: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
      batchSize: 32,
      ...common,
      init: 'he_uniform',
    },
  };
  return [w1, w2, w3];
}

// W4: W1's network evaluated on a 100 x 100 grid over the spiral's extent.
export const grid = { xMin: -6, xMax: 6, yMin: -6, yMax: 6, width: 100, height: 100 };

// The grid's cell centres as a row-major (row 0 at yMax) 2-column Float32Array,
// for peers that have no predictGrid.
export function gridPoints({ xMin, xMax, yMin, yMax, width, height } = grid) {
  const points = new Float32Array(width * height * 2);
  for (let row = 0; row < height; ++row) {
    const py = yMax - ((row + 0.5) / height) * (yMax - yMin);
    for (let col = 0; col < width; ++col) {
      const px = xMin + ((col + 0.5) / width) * (xMax - xMin);
      const i = row * width + col;
      points[2 * i] = px;
      points[2 * i + 1] = py;
    }
  }
  return points;
}
