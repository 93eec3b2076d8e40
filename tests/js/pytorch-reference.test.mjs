// Every activation and loss evaluated through the wasm module agrees with
// PyTorch (float64, Debian's python3-torch) to relative 1e-6 plus absolute 1e-7,
// on a grid, at the kinks and at extremes, for values and derivatives.
// Where PyTorch itself overflows (inf or NaN for a finite input, e.g.
// gelu_tanh' at 1e6 or log(cosh(1000))), the core must instead be finite.
// The descent widget's paths agree with torch.optim's SGD, SGD with momentum and
// Adam on the same surfaces (gradients by autograd) to 1e-12 over 150 steps.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadModule } from './load-module.mjs';

const PYTHON = '/usr/bin/python3'; // Debian's, where python3-torch installs
const script = fileURLToPath(new URL('../pytorch/reference.py', import.meta.url));

let reference;
try {
  reference = JSON.parse(
    execFileSync(PYTHON, [script], { encoding: 'utf8', maxBuffer: 64 << 20 })
      .replace(/\bNaN\b/g, 'null')
      .replace(/-?Infinity/g, 'null'),
  );
} catch (error) {
  throw new Error(`PyTorch reference unavailable: run scripts/setup.sh (installs python3-torch). ${error.message}`);
}
const m = await loadModule();

function agree(ours, theirs, what) {
  if (theirs === null) {
    assert.ok(Number.isFinite(ours), `${what}: PyTorch overflows; ActLab must stay finite, got ${ours}`);
    return;
  }
  assert.ok(Math.abs(ours - theirs) <= 1e-7 + 1e-6 * Math.abs(theirs), `${what}: ActLab ${ours}, PyTorch ${theirs}`);
}

test(`the reference covers every activation and loss (PyTorch ${reference.torch})`, () => {
  assert.deepEqual(
    [...new Set(reference.activations.map((r) => r.id))].sort(),
    m
      .activationList()
      .map((a) => a.id)
      .sort(),
  );
  assert.deepEqual(
    [...new Set(reference.losses.map((r) => r.id))].sort(),
    m
      .lossList()
      .map((l) => l.id)
      .sort(),
  );
});

for (const row of reference.activations) {
  test(`${row.id}(${row.params.join(', ')}) and its derivative match PyTorch at ${row.x.length} points`, () => {
    const xs = new Float64Array(row.x);
    const params = new Float64Array(row.params);
    const y = m.activationEval(row.id, xs, params);
    const dy = m.activationGrad(row.id, xs, params);
    row.x.forEach((x, i) => {
      agree(y[i], row.y[i], `${row.id}(${x})`);
      agree(dy[i], row.dy[i], `${row.id}'(${x})`);
    });
  });
}

for (const row of reference.losses) {
  test(`${row.id}(${row.params.join(', ')}) loss and gradient match PyTorch`, () => {
    const args = [row.id, new Float64Array(row.pred), new Float64Array(row.target), new Float64Array(row.params)];
    agree(m.lossEval(...args), row.value, `${row.id} value`);
    const grad = m.lossGrad(...args);
    row.grad.forEach((g, i) => agree(grad[i], g, `${row.id} gradient[${i}]`));
    // reduction 'none' (kl_div's rows summed)
    const each = m.lossPerExample(...args);
    assert.equal(each.length, row.each.length, `${row.id}: one loss per example`);
    row.each.forEach((v, i) => agree(each[i], v, `${row.id} loss of example ${i}`));
  });
}

test(`the descent paths follow torch.optim on every surface (${reference.descent.length} runs)`, () => {
  assert.deepEqual(
    [...new Set(reference.descent.map((r) => r.surface))],
    m.surfaceList().map((s) => s.id),
  );
  for (const row of reference.descent) {
    const what = `${row.surface} ${row.optimizer} lr ${row.lr}`;
    const ours = m.descentPath(row.surface, row.optimizer, row.lr, row.steps);
    assert.equal(ours.divergedAt, -1, what);
    assert.equal(ours.x.length, row.x.length, what);
    for (const key of ['x', 'y', 'loss'])
      row[key].forEach((v, t) =>
        assert.ok(
          Math.abs(ours[key][t] - v) <= 1e-12 * (1 + Math.abs(v)),
          `${what} ${key}[${t}]: ActLab ${ours[key][t]}, PyTorch ${v}`,
        ),
      );
  }
});
