// The DOM-free models behind the widgets (web/models/*.ts), run in Node against
// the real wasm module. The TypeScript is bundled once with esbuild (which ships
// with Vite) into a temporary folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-models-'));
let models;
let lab;

before(async () => {
  const names = ['activation', 'loss', 'neuron', 'descent', 'chain'];
  const entry = path.join(outdir, 'entry.ts');
  fs.writeFileSync(
    entry,
    [
      `export { loadActLab, linspace, roundSampleCount } from ${JSON.stringify(path.join(root, 'web/actlab.ts'))};`,
      ...names.map((n) => `export * as ${n} from ${JSON.stringify(path.join(root, `web/models/${n}.ts`))};`),
    ].join('\n'),
  );
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile: path.join(outdir, 'models.mjs'),
    logLevel: 'error',
  });
  models = await import(pathToFileURL(path.join(outdir, 'models.mjs')).href);
  lab = await models.loadActLab({ wasmBinary: fs.readFileSync(path.join(root, 'wasm/dist/actlab.wasm')) });
});

after(() => fs.rmSync(outdir, { recursive: true, force: true }));

const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

describe('sample grids', () => {
  test('round spacing: the points the text quotes are sample points, and 0 is exactly 0', () => {
    const { linspace, roundSampleCount } = models;
    const cases = [
      // [a, b, target, the count expected, points that must be on the grid]
      [-5, 5, 401, 401, [0, -1, 2.5]],
      [-4, 3, 401, 351, [0, -0.5, 1.24]],
      [0.01, 0.99, 201, 197, [0.1, 0.5, 0.9]],
      [-8, 8, 201, 161, [-5, 0, 4]],
      [-6, 6, 201, 241, [0, -3, 3]],
    ];
    for (const [a, b, target, count, points] of cases) {
      const n = roundSampleCount(a, b, target);
      assert.equal(n, count, `count for [${a}, ${b}]`);
      const x = linspace(a, b, n);
      assert.equal(x[0], a);
      assert.equal(x[n - 1], b);
      for (const p of points) {
        const i = x.findIndex((v) => Math.abs(v - p) < 1e-12);
        assert.ok(i >= 0, `${p} is a sample point of [${a}, ${b}] in ${n}`);
        if (Number.isInteger(p) && Number.isInteger(a) && Number.isInteger(b)) assert.equal(x[i], p, `${p} exactly`);
      }
    }
    // no round spacing fits: the target, evenly spaced
    assert.equal(roundSampleCount(-1.234, 2.5, 401), 401);
    assert.equal(roundSampleCount(2, 1, 401), 401);
    // at a kink the grid point is the kink itself, so the readout follows PyTorch's convention there
    const x = linspace(-4, 3, roundSampleCount(-4, 3, 401));
    const i = x.indexOf(0);
    assert.ok(i > 0);
    assert.equal(lab.activationGrad('relu', x)[i], 0);
  });
});

describe('activation model', () => {
  test('sampled curves are the module values at every point, with compares at default parameters', () => {
    const { sampleActivations } = models.activation;
    const state = {
      fn: 'leaky_relu',
      params: [0.2],
      compare: ['elu'],
      xmin: -4,
      xmax: 4,
      derivative: true,
      saturation: true,
    };
    const s = sampleActivations(lab, state, 401);
    assert.equal(s.x.length, 401);
    assert.equal(s.x[0], -4);
    assert.equal(s.x[400], 4);
    for (let i = 0; i < 401; i += 7) {
      const x = s.x[i];
      close(s.main.f[i], x > 0 ? x : 0.2 * x, 1e-12, `leaky_relu(${x})`);
      close(s.compares[0].f[i], x > 0 ? x : Math.expm1(x), 1e-12, `elu(${x})`);
    }
  });

  test("sigmoid's saturation zones begin where |σ'(x)| crosses 0.01, near |x| = 4.595", () => {
    const { sampleActivations } = models.activation;
    const s = sampleActivations(
      lab,
      { fn: 'sigmoid', params: [], compare: [], xmin: -8, xmax: 8, derivative: true, saturation: true },
      601,
    );
    assert.equal(s.zones.length, 2);
    // σ'(x) = 0.01 where σ(x)(1 − σ(x)) = 0.01, i.e. x = ±ln((1 + √0.96)/(1 − √0.96))
    const edge = Math.log((1 + Math.sqrt(0.96)) / (1 - Math.sqrt(0.96)));
    close(s.zones[0][0], -8, 0, 'left zone starts at the range end');
    close(s.zones[0][1], -edge, 0.01, 'left zone end');
    close(s.zones[1][0], edge, 0.01, 'right zone start');
    close(s.zones[1][1], 8, 0, 'right zone ends at the range end');
  });

  test('relu is saturated exactly on the negative half line; a minimum of gelu or hardswish is not a saturation zone', () => {
    const { sampleActivations, saturationZones } = models.activation;
    const relu = sampleActivations(
      lab,
      { fn: 'relu', params: [], compare: [], xmin: -3, xmax: 3, derivative: true, saturation: true },
      601,
    );
    assert.equal(relu.zones.length, 1);
    close(relu.zones[0][0], -3, 0, 'start');
    close(relu.zones[0][1], 0, 0.011, 'end');
    const sample = (fn, xmin, xmax) =>
      sampleActivations(lab, { fn, params: [], compare: [], xmin, xmax, derivative: true, saturation: true }, 601);
    // GELU's minimum is at x ≈ −0.7518 and hardswish's at −1.5: f′ passes through 0 there, changing sign,
    // and samples on both sides have |f′| < 0.01, but the function is not flat
    const gelu = sample('gelu', -2, 2);
    assert.ok(
      gelu.main.df.some((d) => Math.abs(d) < 0.01),
      'the band exists in the samples',
    );
    assert.deepEqual(gelu.zones, []);
    assert.deepEqual(sample('hardswish', -2.5, 2.5).zones, []);
    // GELU's left tail is flat (f′ → 0 from below as x → −∞): a zone from the range's end to where |f′| = 0.01
    const tail = sample('gelu', -6, 2);
    assert.equal(tail.zones.length, 1, JSON.stringify(tail.zones));
    close(tail.zones[0][0], -6, 0, 'tail start');
    assert.ok(tail.zones[0][1] > -3.2 && tail.zones[0][1] < -3.0, JSON.stringify(tail.zones));
    // The same minimum stays unshaded when an end of the range cuts through its band
    assert.deepEqual(sample('gelu', -0.76, 2).zones, []);
    assert.deepEqual(sample('gelu', -3, -0.75).zones, []);
    // A run between two samples of the same sign stays a zone (a flat stretch inside the range)
    assert.deepEqual(saturationZones([0, 1, 2, 3, 4], [1, 0, 0, 0, 1], 0.5), [[0.5, 3.5]]);
    assert.deepEqual(saturationZones([0, 1, 2, 3, 4], [1, 0, 0, 0, -1], 0.5), []);
    assert.deepEqual(saturationZones([0, 1, 2, 3], [0.1, -0.1, 1, 1], 0.5), []);
    assert.deepEqual(saturationZones([0, 1, 2, 3], [-0.1, -0.2, -1, -1], 0.5), [[0, 1.375]]);
  });

  test('zoomRange halves about the centre and stays inside the limits', () => {
    const { zoomRange } = models.activation;
    assert.deepEqual(zoomRange(-6, 6, 0.5, -50, 50), [-3, 3]);
    assert.deepEqual(zoomRange(40, 50, 4, -50, 50), [10, 50]);
    assert.deepEqual(zoomRange(-50, 50, 2, -50, 50), [-50, 50]);
  });
});

describe('loss model', () => {
  test('every loss curve has a gradient equal to the finite difference of its loss away from kinks', () => {
    const { lossCurve, predictionDomain, targetDomain, tunableParams } = models.loss;
    for (const info of lab.losses) {
      const d = predictionDomain(info);
      const t = targetDomain(info);
      const state = {
        loss: info.id,
        target: t.choices ? t.choices[1] : 0.3,
        params: tunableParams(info).map((p) => p.default),
        pmin: d.defaultMin,
        pmax: d.defaultMax,
        mode: 'loss',
      };
      if (info.target === 'probability' || info.target === 'distribution') state.target = 0.7;
      const n = 201;
      const c = lossCurve(lab, state, n);
      const h = c.x[1] - c.x[0];
      let checked = 0;
      for (let i = 1; i < n - 1; ++i) {
        const fd = (c.loss[i + 1] - c.loss[i - 1]) / (2 * h);
        const curvature = Math.abs(c.grad[i + 1] - c.grad[i - 1]);
        if (curvature > 0.2 * (1 + Math.abs(c.grad[i]))) continue; // a kink or a steep wall between samples
        close(c.grad[i], fd, 2e-2 * (1 + Math.abs(fd)), `${info.id} at ${c.x[i]}`);
        checked += 1;
      }
      assert.ok(checked > n / 2, `${info.id}: only ${checked} points checked`);
    }
  });

  test('MSE against target 1 is (ŷ − 1)² with gradient 2(ŷ − 1)', () => {
    const c = models.loss.lossCurve(lab, { loss: 'mse', target: 1, params: [], pmin: -3, pmax: 3, mode: 'loss' }, 61);
    for (let i = 0; i < 61; ++i) {
      close(c.loss[i], (c.x[i] - 1) ** 2, 1e-12, 'loss');
      close(c.grad[i], 2 * (c.x[i] - 1), 1e-12, 'grad');
    }
  });

  test('two-class cross-entropy for class 1 is softplus(−z) with gradient σ(z) − 1', () => {
    const c = models.loss.lossCurve(
      lab,
      { loss: 'cross_entropy', target: 1, params: [], pmin: -6, pmax: 6, mode: 'loss' },
      41,
    );
    for (let i = 0; i < 41; ++i) {
      const z = c.x[i];
      close(c.loss[i], Math.log1p(Math.exp(-z)), 1e-12, `loss at ${z}`);
      close(c.grad[i], 1 / (1 + Math.exp(-z)) - 1, 1e-12, `grad at ${z}`);
    }
  });

  test('through a sigmoid, the BCE gradient at the logit is p − y while the MSE gradient vanishes on the wrong side', () => {
    const g = models.loss.logitGradCurve(lab, 1, -6, 6, 121);
    for (let i = 0; i < 121; ++i) close(g.bce[i], g.p[i] - 1, 1e-9, `bce at ${g.x[i]}`);
    // z = −6, y = 1: BCE still pushes with about −1; MSE with 2(p − 1)p(1 − p) ≈ −0.005
    close(g.bce[0], -1, 0.01, 'bce at −6');
    assert.ok(Math.abs(g.mse[0]) < 0.006, `mse at −6 is ${g.mse[0]}`);
    close(g.mse[60], 2 * (0.5 - 1) * 0.25, 1e-12, 'mse at 0');
  });
});

describe('neuron model', () => {
  test('the output grid is the activation of w·x + b at every grid point', () => {
    const { neuronGrid } = models.neuron;
    const state = { fn: 'tanh', w1: 1.5, w2: -0.5, b: 0.25 };
    const g = neuronGrid(lab, state, 21);
    assert.equal(g.y.length, 21 * 21);
    for (let j = 0; j < 21; j += 4) {
      for (let i = 0; i < 21; i += 3) {
        const z = 1.5 * g.x1[i] - 0.5 * g.x2[j] + 0.25;
        close(g.y[j * 21 + i], Math.tanh(z), 1e-12, `y(${g.x1[i]}, ${g.x2[j]})`);
      }
    }
    assert.ok(g.min < -0.99 && g.max > 0.99);
  });

  test('the colour range is the activation range where bounded, else the data range', () => {
    const { colourRange } = models.neuron;
    assert.deepEqual(colourRange({ min: 0, max: 1 }, 0.2, 0.7), [0, 1]);
    assert.deepEqual(colourRange({ min: 0, max: null }, 0, 7.5), [0, 7.5]);
    assert.deepEqual(colourRange({ min: null, max: null }, 2, 2), [1, 3]);
  });
});

describe('descent model', () => {
  // The numbers are the core's (tests/core/descent_test.cpp, and PyTorch's optimizers in
  // pytorch-reference.test.mjs); here: that the model passes them through and draws them right.
  test('runDescent gives the module path as arrays; SGD on the bowl is θ₀(1 − lr)^t', () => {
    const { runDescent, surfaceInfo } = models.descent;
    const p = runDescent(lab, { surface: 'bowl', optimizer: 'sgd', lr: 0.1, steps: 30 });
    assert.ok(Array.isArray(p.x) && p.x.length === 31 && p.divergedAt === -1);
    const [x0, y0] = surfaceInfo(lab, 'bowl').start;
    p.x.forEach((x, t) => close(x, x0 * 0.9 ** t, 1e-12 * Math.abs(x0), `x_${t}`));
    p.y.forEach((y, t) => close(y, y0 * 0.9 ** t, 1e-12 * Math.abs(y0), `y_${t}`));
    const diverged = runDescent(lab, { surface: 'bowl', optimizer: 'sgd', lr: 2.5, steps: 100 });
    assert.equal(diverged.divergedAt, 12);
    assert.equal(diverged.x.length, 13);
  });

  test('every surface id has a name, and the module’s formula, view, start and minima', () => {
    const { SURFACE_IDS, SURFACE_NAMES, surfaceInfo } = models.descent;
    assert.deepEqual(
      lab.module.surfaceList().map((s) => s.id),
      [...SURFACE_IDS],
    );
    for (const id of SURFACE_IDS) {
      assert.ok(SURFACE_NAMES[id], id);
      const s = surfaceInfo(lab, id);
      assert.match(s.formula, /^f = .*[xy]/, id);
      assert.ok(s.xmin < s.start[0] && s.start[0] < s.xmax && s.ymin < s.start[1] && s.start[1] < s.ymax, id);
      for (const [x, y] of s.minima) {
        const [v] = lab.module.surfaceGrid(id, new Float64Array([x]), new Float64Array([y]));
        assert.equal(v, s.minimum, `${id} at (${x}, ${y})`);
      }
    }
  });

  test('the contour grid holds the module’s values, and its segments lie on their level', () => {
    const { contourGrid, contourSegments } = models.descent;
    const grid = contourGrid(lab, 'ravine', 60, 40);
    assert.deepEqual(grid.values, lab.module.surfaceGrid('ravine', grid.xs, grid.ys));
    const f = (x, y) => lab.module.surfaceGrid('ravine', new Float64Array([x]), new Float64Array([y]))[0];
    close(f(1, 0.5), 0.1 + 1, 1e-15, 'ravine at (1, 0.5)');
    const level = grid.levels[6];
    const segs = contourSegments(grid, level);
    assert.ok(segs.length > 40);
    for (let k = 0; k < segs.length; k += 2) close(f(segs[k], segs[k + 1]), level, 0.05 * level + 0.05, 'endpoint');
  });

  test('bad settings get the module’s error, naming the value and its range', () => {
    const { runDescent } = models.descent;
    assert.throws(
      () => runDescent(lab, { surface: 'bowl', optimizer: 'sgd', lr: 0, steps: 10 }),
      /lr = 0 is outside \[1e-06, 100\]/,
    );
    assert.throws(
      () => runDescent(lab, { surface: 'bowl', optimizer: 'sgd', lr: 0.1, steps: 2.5 }),
      /steps = 2.5 is not a whole number in \[0, 10000\]/,
    );
    assert.throws(
      () => runDescent(lab, { surface: 'cliff', optimizer: 'sgd', lr: 0.1, steps: 1 }),
      /unknown surface 'cliff'/,
    );
    assert.throws(
      () => lab.module.surfaceGrid('bowl', new Float64Array(2000), new Float64Array(2000)),
      /more than 1000000/,
    );
    // and the module stays usable
    assert.equal(runDescent(lab, { surface: 'bowl', optimizer: 'adam', lr: 0.1, steps: 3 }).x.length, 4);
  });
});

describe('chain model', () => {
  test('the running product is φ′(z₁) times w·φ′(z_l) for each later layer, with φ, φ′ of sigmoid', () => {
    const r = models.chain.chainGradients(lab, { fn: 'sigmoid', layers: 6, z: 0.5, weight: 2 });
    const sig = (x) => 1 / (1 + Math.exp(-x));
    let z = 0.5;
    let product = 1;
    for (let l = 0; l < 6; ++l) {
      const slope = sig(z) * (1 - sig(z));
      product *= (l ? 2 : 1) * slope;
      close(r.pre[l], z, 1e-12, `z_${l + 1}`);
      close(r.product[l], product, 1e-12 * Math.abs(product) + 1e-300, `product_${l + 1}`);
      z = 2 * sig(z);
    }
  });

  test('sigmoid with unit weights vanishes below 0.25ⁿ while relu with a positive input keeps 1', () => {
    const { chainGradients } = models.chain;
    const sig = chainGradients(lab, { fn: 'sigmoid', layers: 20, z: 0.5, weight: 1 });
    assert.ok(sig.product[19] < 0.25 ** 20 * 1.0001 && sig.product[19] > 0);
    const relu = chainGradients(lab, { fn: 'relu', layers: 20, z: 0.5, weight: 1 });
    assert.equal(relu.product[19], 1);
    const dead = chainGradients(lab, { fn: 'relu', layers: 5, z: -0.5, weight: 1 });
    assert.deepEqual(Array.from(dead.product), [0, 0, 0, 0, 0]);
  });
});
