// The playground's exports (web/models/export.ts), checked by running them:
//  - every PyTorch snippet compiles (python3 -m py_compile);
//  - with Debian's python3-torch: the snippet builds nn.Sequential with the same
//    layer sizes, activations and parameter count as the ActLab network, runs a
//    training step, and after load_actlab_weights() its outputs equal the wasm
//    trainer's predictions on the same inputs;
//  - the NumPy forward pass over the exported weights JSON equals the trainer's
//    predictions (every activation, every output).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundleFiles, loadLab, root } from './web-bundle.mjs';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-trainer-export-'));
const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
let M;
let lab;

function pythonHas(module) {
  try {
    execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

before(async () => {
  M = await bundleFiles([
    'web/actlab.ts',
    'web/models/playground.ts',
    'web/models/export.ts',
    'web/models/datasets.ts',
    'web/trainer-runner.ts',
  ]);
  lab = await loadLab(M);
});

after(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** The setups exported: every activation (in nets of up to 8 layers), every output/loss pair, optimizer and init. */
function setups() {
  const out = [];
  const ids = lab.activations.map((a) => a.id);
  for (let i = 0; i < ids.length; i += 6) {
    const act = ids.slice(i, i + 6);
    out.push({
      name: `activations ${act.join(',')}`,
      state: {
        dataset: 'circle',
        layers: act.map(() => 3),
        act,
        params: act.map((id) => lab.activation(id).params.map((p) => (p.sliderMin + p.sliderMax) / 2)),
      },
    });
  }
  // hardtanh with its own ends, narrow enough that most units clip: an export that
  // dropped min_val and max_val would predict something else
  out.push({
    name: 'hardtanh with min_val and max_val',
    state: {
      dataset: 'circle',
      layers: [4, 3],
      act: ['hardtanh', 'hardtanh'],
      params: [
        [0, 0.3],
        [-0.2, 0.25],
      ],
    },
  });
  for (const loss of Object.keys(M.OUTPUT_LOSSES)) {
    const kind = M.OUTPUT_LOSSES[loss].kind;
    const dataset = kind === 'binary' ? 'moons' : kind === 'regression' ? 'sin' : 'iris';
    out.push({ name: `loss ${loss}`, state: { dataset, loss, layers: [5, 4] } });
  }
  for (const optimizer of M.OPTIMIZERS)
    out.push({ name: `optimizer ${optimizer}`, state: { optimizer, lr: 0.02, l1: 0.001, l2: 0.002 } });
  for (const init of M.INITS) out.push({ name: `init ${init}`, state: { init } });
  out.push({ name: 'digits 64-64 relu-10 softmax', state: { dataset: 'digits', layers: [64], act: ['relu'] } });
  return out;
}

const SHAPES = { circle: [2, 2], moons: [2, 2], sin: [1, 1], iris: [4, 3], digits: [64, 10] };

/** A trained trainer for a setup, the exported weights and a few inputs with the trainer's predictions. */
function exportSetup(setup, k) {
  const state = M.defaultPlaygroundState(lab, setup.state);
  const [nFeatures, nClasses] = SHAPES[state.dataset];
  const kind = M.kindOf(state.dataset);
  const config = M.trainerConfig(state, { kind, nFeatures, nClasses }, lab);
  config.standardize = false; // the snippets' inputs below are raw
  const rows = 40;
  const x = Float32Array.from(
    { length: rows * nFeatures },
    (_, i) => Math.sin(i * 1.7 + k) * (state.dataset === 'digits' ? 8 : 1) + (state.dataset === 'digits' ? 8 : 0),
  );
  const y = Float32Array.from({ length: rows }, (_, i) =>
    kind === 'multiclass' ? i % nClasses : kind === 'binary' ? i % 2 : Math.cos(i),
  );
  const trainer = M.openTrainer(lab, config);
  try {
    trainer.setData(x, y, nFeatures, kind === 'multiclass' ? nClasses : 1);
    trainer.step(5);
    const probe = x.slice(0, 6 * nFeatures);
    return {
      name: setup.name,
      config,
      nFeatures,
      pytorch: M.pytorchSnippet(config, nFeatures, state.dataset),
      numpy: M.numpySnippet(config),
      weights: trainer.exportWeights(),
      probe: Array.from(probe),
      predicted: Array.from(trainer.predict(probe)),
      parameters: M.parameterCount(config, nFeatures),
    };
  } finally {
    trainer.dispose();
  }
}

describe('PyTorch and NumPy exports', () => {
  let cases;
  before(() => {
    cases = setups().map(exportSetup);
    cases.forEach((c, i) => {
      fs.writeFileSync(path.join(outdir, `model_${i}.py`), c.pytorch);
      fs.writeFileSync(path.join(outdir, `forward_${i}.py`), c.numpy);
      fs.writeFileSync(path.join(outdir, `weights_${i}.json`), c.weights);
    });
  });

  test('every PyTorch snippet and NumPy forward pass compiles (python3 -m py_compile)', () => {
    const files = cases.flatMap((_, i) => [path.join(outdir, `model_${i}.py`), path.join(outdir, `forward_${i}.py`)]);
    execFileSync(python, ['-m', 'py_compile', ...files], { stdio: 'pipe', timeout: 60_000 });
  });

  test('a setup that cannot be exported says so in Chinese instead of writing bad code', () => {
    assert.throws(() => M.torchActivation('nope', []), /没有与 nope 对应的 PyTorch 模块/);
  });

  const torchTest = pythonHas('torch') ? test : test.skip;
  torchTest('with torch: the same architecture, a training step, and equal outputs after loading the weights', () => {
    const checker = path.join(outdir, 'check_torch.py');
    fs.writeFileSync(
      checker,
      [
        'import json, math, sys',
        'import torch',
        'from torch import nn',
        'results = []',
        'for i, case in enumerate(json.load(open(sys.argv[1]))):',
        '    ns = {"__name__": "actlab_export"}',
        '    exec(open(sys.argv[2] + f"/model_{i}.py").read(), ns)',
        '    model = ns["model"]',
        '    linears = [(m.in_features, m.out_features) for m in model if isinstance(m, nn.Linear)]',
        '    acts = [type(m).__name__ for m in model if not isinstance(m, nn.Linear)]',
        '    params = sum(p.numel() for p in model.parameters())',
        '    x = torch.tensor(case["probe"], dtype=torch.float32).reshape(-1, case["nFeatures"])',
        '    ns["load_actlab_weights"](sys.argv[2] + f"/weights_{i}.json")',
        '    with torch.no_grad():',
        '        out = model(x)',
        '        if case["fused"] == "sigmoid": out = torch.sigmoid(out)',
        '        if case["fused"] == "softmax": out = torch.softmax(out, dim=1)',
        '    n = x.shape[0]',
        '    yb = torch.zeros(n) if case["fused"] != "softmax" else torch.zeros(n, dtype=torch.long)',
        '    loss = ns["train_step"](x, yb)',
        '    results.append({"linears": linears, "acts": acts, "params": params, "out": out.reshape(-1).tolist(), "loss": loss})',
        'print(json.dumps(results))',
      ].join('\n'),
    );
    const meta = cases.map((c) => ({
      probe: c.probe,
      nFeatures: c.nFeatures,
      fused:
        c.config.output.activation === 'softmax'
          ? 'softmax'
          : c.config.output.activation === 'sigmoid' && c.config.loss.id === 'bce'
            ? 'sigmoid'
            : 'none',
    }));
    fs.writeFileSync(path.join(outdir, 'cases.json'), JSON.stringify(meta));
    const results = JSON.parse(
      execFileSync(python, [checker, path.join(outdir, 'cases.json'), outdir], { encoding: 'utf8', timeout: 120_000 }),
    );
    results.forEach((r, i) => {
      const c = cases[i];
      const sizes = [];
      let inputs = c.nFeatures;
      for (const layer of c.config.layers) {
        sizes.push([inputs, layer.units]);
        inputs = layer.units;
      }
      sizes.push([inputs, c.config.output.units]);
      assert.deepEqual(r.linears, sizes, `${c.name}: layer sizes`);
      assert.equal(r.params, c.parameters, `${c.name}: parameter count`);
      const hidden = r.acts.slice(0, c.config.layers.length);
      c.config.layers.forEach((layer, k) => {
        const expected = M.torchActivation(layer.activation, layer.params).replace(/^nn\./, '').replace(/\(.*$/, '');
        assert.equal(hidden[k], expected, `${c.name}: activation of layer ${k + 1}`);
      });
      assert.ok(Number.isFinite(r.loss), `${c.name}: training step loss ${r.loss}`);
      assert.equal(r.out.length, c.predicted.length, `${c.name}: output size`);
      r.out.forEach((v, k) =>
        assert.ok(
          Math.abs(v - c.predicted[k]) <= 1e-4 * Math.max(1, Math.abs(v)),
          `${c.name}: output ${k}: torch ${v} vs ActLab ${c.predicted[k]}`,
        ),
      );
    });
  });

  const numpyTest = pythonHas('numpy') ? test : test.skip;
  numpyTest('with numpy: the forward pass over the exported JSON equals the trainer predictions', () => {
    const checker = path.join(outdir, 'check_numpy.py');
    fs.writeFileSync(
      checker,
      [
        'import json, sys',
        'import numpy as np',
        'results = []',
        'for i, case in enumerate(json.load(open(sys.argv[1]))):',
        '    ns = {"__name__": "actlab_forward"}',
        '    exec(open(sys.argv[2] + f"/forward_{i}.py").read(), ns)',
        '    data = json.load(open(sys.argv[2] + f"/weights_{i}.json"))',
        '    x = np.array(case["probe"]).reshape(-1, case["nFeatures"])',
        '    results.append(ns["forward"](x, data).reshape(-1).tolist())',
        'print(json.dumps(results))',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(outdir, 'ncases.json'),
      JSON.stringify(cases.map((c) => ({ probe: c.probe, nFeatures: c.nFeatures }))),
    );
    const results = JSON.parse(
      execFileSync(python, [checker, path.join(outdir, 'ncases.json'), outdir], { encoding: 'utf8', timeout: 60_000 }),
    );
    results.forEach((out, i) => {
      const c = cases[i];
      assert.equal(out.length, c.predicted.length, `${c.name}: output size`);
      out.forEach((v, k) =>
        assert.ok(
          Math.abs(v - c.predicted[k]) <= 2e-4 * Math.max(1, Math.abs(v)),
          `${c.name}: output ${k}: numpy ${v} vs ActLab ${c.predicted[k]}`,
        ),
      );
    });
  });
});
