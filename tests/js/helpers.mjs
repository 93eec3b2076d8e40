// Helpers shared by the tests of the wasm trainer and of web/actlab.ts in Node.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The fields of a trainer's metrics() snapshot, in order. */
export const TOP_FIELDS = [
  'step',
  'epoch',
  'batchLoss',
  'trainLoss',
  'testLoss',
  'trainAccuracy',
  'testAccuracy',
  'status',
  'divergedAtStep',
  'layers',
];
/** The fields of each entry of metrics().layers, in order. */
export const LAYER_FIELDS = [
  'gradNorm',
  'weightNorm',
  'preActMean',
  'preActStd',
  'histogram',
  'saturatedFraction',
  'deadFraction',
  'deadUnits',
  'preluWeight',
];

/**
 * A trainer config for a binary classifier: sigmoid output, BCE, Adam with the
 * given learning rate, batches of 16. Other fields (a dataset, l2, ...) go in
 * `rest` and come last, so they can replace any of the defaults.
 */
export function binaryConfig({ layers, lr, seed, ...rest }) {
  return {
    layers,
    output: { units: 1, activation: 'sigmoid' },
    loss: { id: 'bce' },
    optimizer: { id: 'adam', lr },
    batchSize: 16,
    seed,
    ...rest,
  };
}

/** Runs body with a new module.Trainer(config) and always frees the trainer; returns what body returns. */
export function withTrainer(module, config, body) {
  const t = new module.Trainer(config);
  try {
    return body(t);
  } finally {
    t.delete();
  }
}

/**
 * Transpiles web/actlab.ts (types stripped, nothing else) into actlab.mjs in a new
 * temporary folder, importing the built glue wasm/dist/actlab.mjs; returns the folder.
 */
export function transpileActLabWrapper(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const source = fs.readFileSync(path.join(repoRoot, 'web/actlab.ts'), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const glue = pathToFileURL(path.join(repoRoot, 'wasm/dist/actlab.mjs')).href;
  fs.writeFileSync(path.join(dir, 'actlab.mjs'), js.replace("'../wasm/dist/actlab.mjs'", JSON.stringify(glue)));
  return dir;
}
