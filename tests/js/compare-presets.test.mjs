// The comparison lab's presets against what their texts say (web/models/presets.ts,
// docs/07-lab/02-compare.md, docs/06-optimizers/02-momentum-adam.md): each preset is
// trained in Node with the real wasm module exactly as the widget trains it (same
// config, same data, the threshold columns checked every 10 steps), and the numbers
// the texts quote ("约 300 步" and so on) must hold for the preset's fixed seed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { bundleTrainerModels, loadLab, root } from './web-bundle.mjs';

let M;
let lab;

before(async () => {
  M = await bundleTrainerModels();
  lab = await loadLab(M);
});

/** Trains every run of a preset (with attributes changed as in extra) to its step budget; the records the widget's table is made of. */
function trainPreset(id, extra = {}) {
  const source = (k) => extra[k] ?? (k === 'preset' ? id : null);
  const { state, notices } = M.resolveState(M.compareFields(), [source], lab);
  assert.equal(notices.size, 0);
  const preset = M.PRESETS[id];
  const data = M.toyDataset(
    { id: state.dataset, samples: preset.samples, noise: preset.noise, testRatio: 0.3, seed: 1 },
    lab.module, // as the widget does: the data come from the wasm generator
  );
  const records = state.runs.map((run) => {
    const trainer = M.openTrainer(lab, M.runConfig(state, run, lab));
    const record = { ...M.newRunRecord(run), deadAt: [] };
    try {
      trainer.setData(data.train.x, data.train.y, 2, 1);
      trainer.setTestData(data.test.x, data.test.y, 2, 1);
      M.noteMetrics(record, trainer.metrics(), state.threshold);
      record.deadAt.push(M.deadFraction(record.metrics, state.layers));
      for (let s = 0; s < state.steps && !record.diverged; s += 10) {
        if (trainer.step(10) < 10) record.diverged = true;
        M.noteMetrics(record, trainer.metrics(), state.threshold);
        record.deadAt.push(M.deadFraction(record.metrics, state.layers));
      }
      record.evaluation = trainer.evaluate();
    } finally {
      trainer.dispose();
    }
    return record;
  });
  return { state, byId: Object.fromEntries(records.map((r) => [r.id, r])), records };
}

const within = (value, lo, hi, what) => assert.ok(value !== null && value >= lo && value <= hi, `${what}: ${value}`);

const text = (file) => fs.readFileSync(path.join(root, file), 'utf8');

describe('comparison lab presets do what their texts say', () => {
  test('optimizers: adam reaches the 0.2 threshold in about 300 steps, momentum in about 700, sgd not within 3000', () => {
    const { state, byId, records } = trainPreset('optimizers');
    assert.deepEqual([state.dataset, state.lr, state.steps, state.threshold], ['circle', 0.01, 3000, 0.2]);
    within(byId.adam.reachedAt, 200, 400, 'adam steps to threshold');
    within(byId.momentum.reachedAt, 600, 800, 'momentum steps to threshold');
    assert.equal(byId.sgd.reachedAt, null, 'sgd reached the threshold');
    within(byId.sgd.evaluation.testAccuracy, 0.6, 0.73, 'sgd test accuracy (三分之二左右)');
    assert.equal(M.firstToThreshold(records), 'adam');
    for (const run of ['momentum', 'adam']) within(byId[run].evaluation.testAccuracy, 0.95, 1, `${run} test accuracy`);
    const explanation = M.PRESETS.optimizers.explanation;
    for (const phrase of ['0.01', '3000 步', '阈值 0.2', '约 700 步', '约 300 步'])
      assert.ok(explanation.includes(phrase), phrase);
    for (const file of ['docs/07-lab/02-compare.md', 'docs/06-optimizers/02-momentum-adam.md'])
      for (const phrase of ['circle', '约 300 步', '约 700 步', '阈值 0.2'])
        assert.ok(text(file).includes(phrase), `${file}: ${phrase}`);
  });

  test('mse-vs-bce: ranked by steps to 90% training accuracy, BCE about 500 and MSE about 1000, both end near 100%', () => {
    const { byId, records } = trainPreset('mse-vs-bce');
    within(byId.bce.accurateAt, 400, 600, 'bce steps to 90%');
    within(byId.sigmoid_mse.accurateAt, 900, 1100, 'mse steps to 90%');
    assert.equal(M.firstToAccuracy(records), 'bce');
    for (const run of ['bce', 'sigmoid_mse'])
      within(byId[run].evaluation.testAccuracy, 0.95, 1, `${run} test accuracy`);
    // the loss scales the text gives: at the start MSE near 0.25, BCE near 0.69
    for (const phrase of ['约 500 步', '约 1000 步', '0.25', '0.69'])
      assert.ok(M.PRESETS['mse-vs-bce'].explanation.includes(phrase), phrase);
    for (const phrase of ['约 500 步', '约 1000 步'])
      assert.ok(text('docs/07-lab/02-compare.md').includes(phrase), phrase);
  });

  test('vanishing: relu goes below the threshold, sigmoid stays on its plateau near ln 2', () => {
    const { byId, records } = trainPreset('vanishing');
    assert.equal(M.firstToThreshold(records), 'relu');
    assert.equal(byId.sigmoid.reachedAt, null);
    within(byId.sigmoid.evaluation.trainLoss, 0.68, 0.71, 'sigmoid final loss');
  });

  test('dead-relu: relu has dead units at step 0 and more later; leaky_relu never has any', () => {
    const { byId } = trainPreset('dead-relu');
    const relu = byId.relu.deadAt;
    assert.ok(relu[0] > 0, `dead at step 0: ${relu[0]}`);
    assert.ok(relu[relu.length - 1] > relu[0], `dead at the end ${relu[relu.length - 1]} vs at 0 ${relu[0]}`);
    assert.ok(byId.leaky_relu.deadAt.every((d) => d === 0));
  });

  test('dead-relu with prelu and elu ticked too (04-relu/02): few dead units is not high accuracy', () => {
    const { state, byId } = trainPreset('dead-relu', { runs: 'relu,leaky_relu,prelu,elu' });
    assert.equal(state.lr, 1);
    const accuracy = (id) => byId[id].evaluation.testAccuracy;
    for (const id of ['leaky_relu', 'elu']) assert.equal(byId[id].deadAt.at(-1), 0, `${id} dead units`);
    assert.ok(byId.relu.deadAt.at(-1) > 0.2, `relu dead at the end: ${byId.relu.deadAt.at(-1)}`);
    within(accuracy('relu'), 0.57, 0.62, 'relu test accuracy (约 59%)');
    within(accuracy('elu'), 0.56, 0.61, 'elu test accuracy (约 58%)');
    within(accuracy('leaky_relu'), 0.66, 0.71, 'leaky_relu test accuracy (约 68%)');
    assert.ok(byId.prelu.diverged, 'prelu diverges');
    const claim = text('docs/04-relu/02-fixes.md');
    for (const quoted of ['约 58%', '约 59%', '约 68%'])
      assert.ok(claim.includes(quoted), `the text no longer says ${quoted}`);
  });

  test('xor-linear: linear stays near chance with a loss near ln 2; tanh separates xor', () => {
    const { byId } = trainPreset('xor-linear');
    within(byId.linear.evaluation.testAccuracy, 0.3, 0.65, 'linear test accuracy');
    within(byId.linear.evaluation.trainLoss, 0.68, 0.71, 'linear final loss');
    within(byId.tanh.evaluation.testAccuracy, 0.95, 1, 'tanh test accuracy');
  });

  test('a threshold changed after training gives the steps a run trained at that threshold gives', () => {
    const trained = trainPreset('optimizers');
    const recounted = (record, threshold, keep) => {
      const copy = structuredClone(record);
      M.recount(copy, threshold, keep);
      return copy;
    };
    for (const threshold of [0.5, 0.3, 0.1, 0.05]) {
      const again = trainPreset('optimizers', { threshold: String(threshold) });
      for (const r of trained.records) {
        const copy = recounted(r, threshold);
        assert.equal(copy.reachedAt, again.byId[r.id].reachedAt, `${r.id} at ${threshold}`);
        assert.equal(copy.accurateAt, again.byId[r.id].accurateAt, `${r.id}: the accuracy mark`);
      }
    }
    assert.ok(
      recounted(trained.byId.adam, 0.5).reachedAt < trained.byId.adam.reachedAt,
      'a higher threshold is reached sooner',
    );
    assert.equal(recounted(trained.byId.sgd, 1e-9).reachedAt, null);
    // without the checks past step 250, adam has not reached 0.2 yet
    const early = recounted(trained.byId.adam, 0.2, (step) => step <= 250);
    assert.equal(early.reachedAt, null);
    assert.ok(early.checks.every(([step]) => step <= 250) && early.checks.length === 26);
  });
});
