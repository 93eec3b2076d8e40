// web/actlab.ts's choice between the two builds of the module: { trainer: false }
// loads actlab-functions unless the full module is already there, the full one
// serves every request once loaded, and each build loads once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { bundleFiles, root } from './web-bundle.mjs';

const bytes = (name) => fs.readFileSync(path.join(root, 'wasm/dist', name));
const config = {
  layers: [{ units: 3, activation: 'relu' }],
  output: { units: 1, activation: 'linear' },
  loss: { id: 'mse' },
  dataset: { id: 'sin', samples: 50 },
};

test('functions first: the small build, then the full one serves everything', async () => {
  const web = await bundleFiles(['web/actlab.ts']);
  const small = await web.loadActLab({ trainer: false, wasmBinary: bytes('actlab-functions.wasm') });
  assert.equal(small.module.Trainer, undefined);
  assert.equal(await web.loadActLab({ trainer: false }), small, 'cached');
  assert.throws(() => small.createTrainer(config), /no trainer in the actlab-functions build/);
  assert.deepEqual(Array.from(small.activationValue('relu', [-1, 0, 2])), [0, 0, 2]);

  const full = await web.loadActLab({ wasmBinary: bytes('actlab.wasm') });
  assert.notEqual(full, small);
  assert.equal(typeof full.module.Trainer, 'function');
  assert.equal(await web.loadActLab({ trainer: false }), full, 'the full build once it is loaded');
  const t = full.createTrainer(config);
  assert.equal(t.step(1), 1);
  t.dispose();
});

test('full first: a later { trainer: false } reuses it instead of loading the small build', async () => {
  const web = await bundleFiles(['web/actlab.ts']);
  const full = await web.loadActLab({ wasmBinary: bytes('actlab.wasm') });
  assert.equal(await web.loadActLab({ trainer: false }), full);
  assert.equal(await web.loadActLab(), full);
});
