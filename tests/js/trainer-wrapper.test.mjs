// web/actlab.ts's Trainer wrapper (createTrainer, dispose), run in Node after a
// plain TypeScript transpile of the module into a temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot as root, transpileActLabWrapper } from './helpers.mjs';

const dir = transpileActLabWrapper('actlab-wrapper-');
const { loadActLab, Trainer } = await import(pathToFileURL(path.join(dir, 'actlab.mjs')).href);
const lab = await loadActLab({ wasmBinary: fs.readFileSync(path.join(root, 'wasm/dist/actlab.wasm')) });
fs.rmSync(dir, { recursive: true });

const config = {
  layers: [{ units: 6, activation: 'tanh' }],
  output: { units: 1, activation: 'sigmoid' },
  loss: { id: 'bce' },
  dataset: { id: 'circle', samples: 100 },
};

test('createTrainer gives a Trainer that trains, and dispose frees it once', () => {
  const t = lab.createTrainer(config);
  assert.ok(t instanceof Trainer);
  assert.equal(t.step(20), 20);
  assert.equal(t.metrics().step, 20);
  assert.equal(t.config().optimizer.lr, 0.03);
  assert.equal(t.predict([0.1, 0.2, 0.9, 0.9]).length, 2);
  t.dispose();
  assert.ok(t.disposed);
  t.dispose(); // a second dispose is harmless
  assert.throws(() => t.step(1), /disposed/);
});

test('createTrainer throws the named config error and leaks nothing', () => {
  const before = lab.module.HEAP8.buffer.byteLength;
  for (let i = 0; i < 200; ++i)
    assert.throws(() => lab.createTrainer({ ...config, batchSize: 0 }), /batchSize = 0 is outside \[1, 4096\]/);
  assert.equal(lab.module.HEAP8.buffer.byteLength, before);
  const t = lab.createTrainer(JSON.stringify(config));
  t.dispose();
});
