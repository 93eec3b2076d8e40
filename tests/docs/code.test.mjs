// The code in the text: every Python block compiles; every activation and
// loss appears in NumPy and in PyTorch; and the NumPy definitions give the
// same numbers as the core, including at the kinks (PyTorch's conventions).
// Every block also runs, with real NumPy and PyTorch (Debian's python3-numpy
// and python3-torch, installed by scripts/setup.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blocks, core, read, rel, tutorialPages } from './lib.mjs';

// Debian's python3, where scripts/setup.sh installs python3-torch and python3-numpy.
const PYTHON = '/usr/bin/python3';

function pythonBlocks() {
  const out = [];
  for (const file of tutorialPages()) {
    for (const b of blocks(read(file))) {
      if (b.kind === 'code' && b.lang === 'python')
        out.push({ where: `${rel(file)}:${b.line}`, code: b.text, quotedWrong: /\bquoted-wrong\b/.test(b.info) });
    }
  }
  return out;
}

const isNumpy = (code) => /^import numpy as np$/m.test(code) && !/\btorch\b/.test(code);
const isTorch = (code) => /^import torch/m.test(code);

// Points that include every kink of the core's functions.
const XS = [-7, -3.5, -3, -2, -1, -0.5, -1e-3, 0, 1e-3, 0.5, 1, 2, 3, 3.5, 5, 6, 6.5, 8, 25];

const LOSS_CASES = {
  mse: [
    [
      [0.5, -1, 2],
      [0, 0.5, 2],
    ],
  ],
  mae: [
    [
      [0.5, -1, 2],
      [0, 0.5, 2.5],
    ],
  ],
  huber: [
    [
      [0.5, -1, 3],
      [0, 0.5, 0],
    ],
  ],
  smooth_l1: [
    [
      [0.5, -1, 3],
      [0, 0.5, 0],
    ],
  ],
  log_cosh: [
    [
      [0.5, -1, 3],
      [0, 0.5, 0],
    ],
  ],
  bce: [
    [
      [0.2, 0.7, 0.99],
      [0, 1, 1],
    ],
    // the ends of the domain: PyTorch's log clamp at -100 and 1e-12 floor in the gradient
    [
      [0, 1, 0, 1],
      [0, 1, 1, 0],
    ],
  ],
  bce_logits: [
    [
      [-2, 0.5, 30],
      [0, 1, 1],
    ],
  ],
  hinge: [
    [
      [0.3, -2, 1.5],
      [1, 1, -1],
    ],
  ],
  cross_entropy: [
    [[2, -1, 0.5], [0]],
    [[1000, 0, -1000], [2]],
  ],
  kl_div: [
    [
      [Math.log(0.2), Math.log(0.5), Math.log(0.3)],
      [0.1, 0.6, 0.3],
    ],
  ],
};

test('every Python block in the book compiles', () => {
  const all = pythonBlocks();
  assert.ok(all.length >= 20, `only ${all.length} Python blocks`);
  const dir = mkdtempSync(join(tmpdir(), 'actlab-snippets-'));
  try {
    const files = all.map((b, i) => {
      const path = join(dir, `block${i}.py`);
      writeFileSync(path, b.code);
      return path;
    });
    const r = spawnSync(
      PYTHON,
      ['-c', 'import py_compile,sys\nfor f in sys.argv[1:]:\n    py_compile.compile(f, doraise=True)', ...files],
      {
        encoding: 'utf8',
      },
    );
    const where = (msg) => msg.replace(/block(\d+)\.py/g, (_, i) => all[Number(i)].where);
    assert.equal(r.status, 0, where(r.stderr));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every activation and loss has a NumPy definition and a PyTorch call in the text', async () => {
  const m = await core();
  const all = pythonBlocks();
  const numpy = all
    .filter((b) => isNumpy(b.code))
    .map((b) => b.code)
    .join('\n');
  const torch = all
    .filter((b) => isTorch(b.code))
    .map((b) => b.code)
    .join('\n');
  const missing = [];
  for (const a of m.activationList()) {
    if (a.id === 'linear') continue;
    if (!new RegExp(`^def ${a.id}\\(`, 'm').test(numpy)) missing.push(`numpy ${a.id}`);
    if (!new RegExp(`^def ${a.id}_grad\\(`, 'm').test(numpy)) missing.push(`numpy ${a.id}_grad`);
    const call = a.torch.match(/^[\w.]+(?=\()/)?.[0] ?? a.torch.split(/\s/)[0];
    if (!torch.includes(call)) missing.push(`torch ${a.id} (${call})`);
  }
  for (const l of m.lossList()) {
    if (!new RegExp(`^def ${l.id}_loss\\(`, 'm').test(numpy)) missing.push(`numpy ${l.id}_loss`);
    if (!new RegExp(`^def ${l.id}_loss_grad\\(`, 'm').test(numpy)) missing.push(`numpy ${l.id}_loss_grad`);
    const call = l.torch.match(/^[\w.]+(?=\()/)?.[0];
    if (!torch.includes(call)) missing.push(`torch ${l.id} (${call})`);
  }
  assert.deepEqual(missing, []);
});

test('the NumPy definitions agree with the core, kinks included', async () => {
  const m = await core();
  const activations = Object.fromEntries(m.activationList().map((a) => [a.id, XS]));
  // Only blocks that define a checkable function run here (the others may use
  // parts of NumPy the stand-in lacks, such as matrices); all blocks compile above.
  const checkable = new Set([
    ...m.activationList().flatMap((a) => [a.id, `${a.id}_grad`]),
    ...m.lossList().flatMap((l) => [`${l.id}_loss`, `${l.id}_loss_grad`]),
  ]);
  const blocksIn = pythonBlocks().filter(
    (b) => isNumpy(b.code) && [...b.code.matchAll(/^def (\w+)\(/gm)].some((d) => checkable.has(d[1])),
  );
  const r = spawnSync(PYTHON, [new URL('./run_snippets.py', import.meta.url).pathname], {
    input: JSON.stringify({ blocks: blocksIn, activations, losses: LOSS_CASES }),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.errors, []);
  assert.equal(
    out.numpy,
    'real',
    'the snippets must run against real NumPy (python3-numpy, installed by scripts/setup.sh)',
  );
  const problems = [];
  const checked = new Set();
  for (const res of out.results) {
    checked.add(`${res.kind}:${res.id}`);
    let expected;
    if (res.kind === 'value') expected = Array.from(m.activationEval(res.id, XS, []));
    else if (res.kind === 'grad') expected = Array.from(m.activationGrad(res.id, XS, []));
    else {
      const [pred, target] = LOSS_CASES[res.id][res.case];
      expected =
        res.kind === 'loss' ? m.lossEval(res.id, pred, target, []) : Array.from(m.lossGrad(res.id, pred, target, []));
    }
    const got = res.value;
    const same = (a, b) => a !== null && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    const ok = Array.isArray(expected)
      ? Array.isArray(got) && got.length === expected.length && got.every((g, i) => same(g, expected[i]))
      : same(got, expected);
    if (!ok) problems.push(`${res.where} ${res.name}: got ${JSON.stringify(got)}, core ${JSON.stringify(expected)}`);
  }
  assert.deepEqual(problems, []);
  const missing = [];
  for (const a of m.activationList()) {
    if (a.id === 'linear') continue;
    for (const k of ['value', 'grad']) if (!checked.has(`${k}:${a.id}`)) missing.push(`${k}:${a.id}`);
  }
  for (const l of m.lossList())
    for (const k of ['loss', 'loss_grad']) if (!checked.has(`${k}:${l.id}`)) missing.push(`${k}:${l.id}`);
  assert.deepEqual(missing, [], `NumPy (${out.numpy}) functions not checked`);
});

test('the checker rejects a wrong derivative (seed 001 wrote np.maximum(1, z))', () => {
  const code = 'import numpy as np\n\ndef relu_grad(x):\n    return np.maximum(1, x)\n';
  const r = spawnSync(PYTHON, [new URL('./run_snippets.py', import.meta.url).pathname], {
    input: JSON.stringify({ blocks: [{ where: 'seed', code }], activations: { relu: [-1, 0, 2] }, losses: {} }),
    encoding: 'utf8',
  });
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.results[0].value, [1, 1, 2]);
});

test('every Python block runs without error with real NumPy and PyTorch', () => {
  // A block fenced as `python quoted-wrong` quotes a seed's broken code on purpose.
  const all = pythonBlocks().filter((b) => !b.quotedWrong);
  const script = [
    'import contextlib, io, json, signal, sys, traceback',
    'bad = []',
    'for b in json.load(sys.stdin):',
    '    signal.alarm(30)',
    '    try:',
    '        with contextlib.redirect_stdout(io.StringIO()):',
    '            exec(compile(b["code"], b["where"], "exec"), {"__name__": "__snippet__"})',
    '    except BaseException:',
    '        bad.append(b["where"] + ": " + traceback.format_exc(limit=1).splitlines()[-1])',
    '    signal.alarm(0)',
    'print(json.dumps(bad))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(all), encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), []);
});
