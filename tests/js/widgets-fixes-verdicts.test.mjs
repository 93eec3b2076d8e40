// The chain widget's verdict and the loss widget's gradient remark (web/models/),
// checked without a DOM: the verdict must follow the computed product, and the
// remark must match the kind of loss. The models are bundled with esbuild.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { bundleWeb, loadLab, webFile } from './web-bundle.mjs';

let m;
let lab;

before(async () => {
  m = await bundleWeb([
    `export { loadActLab } from ${webFile('web/actlab.ts')};`,
    `export * as chain from ${webFile('web/models/chain.ts')};`,
    `export * as loss from ${webFile('web/models/loss.ts')};`,
  ]);
  lab = await loadLab(m);
});

function finalVerdict(state) {
  const r = m.chain.chainGradients(lab, state);
  const last = r.product[state.layers - 1];
  return { last, verdict: m.chain.chainVerdict(last, state) };
}

describe('chain verdict', () => {
  test('3 sigmoid layers (product about 0.01) is vanishing, not preserved', () => {
    const { last, verdict } = finalVerdict({ fn: 'sigmoid', layers: 3, z: 0.5, weight: 1 });
    assert.ok(Math.abs(last) < 0.1 && Math.abs(last) > 1e-3, `product ${last}`);
    assert.equal(verdict.kind, 'vanishing');
    assert.match(verdict.text, /梯度消失/);
    assert.doesNotMatch(verdict.text, /基本保持/);
  });

  test('10 relu layers with weight 2 (product 512) is exploding', () => {
    const { last, verdict } = finalVerdict({ fn: 'relu', layers: 10, z: 0.5, weight: 2 });
    assert.equal(last, 512);
    assert.equal(verdict.kind, 'exploding');
    assert.match(verdict.text, /梯度爆炸/);
  });

  test('a relu chain with a negative input is an exact 0: dead unit', () => {
    const { last, verdict } = finalVerdict({ fn: 'relu', layers: 5, z: -1, weight: 1 });
    assert.equal(last, 0);
    assert.equal(verdict.kind, 'dead');
    assert.match(verdict.text, /0/);
    assert.match(verdict.text, /死单元/);
    assert.match(verdict.text, /ReLU 的输入 ≤ 0/);
  });

  test('a zero weight between layers is named as the cause of the exact 0', () => {
    const { last, verdict } = finalVerdict({ fn: 'sigmoid', layers: 4, z: 0.5, weight: 0 });
    assert.equal(last, 0);
    assert.equal(verdict.kind, 'dead');
    assert.match(verdict.text, /w = 0/);
  });

  test('relu with weight 1 and a positive input keeps the product at 1', () => {
    const { last, verdict } = finalVerdict({ fn: 'relu', layers: 20, z: 0.5, weight: 1 });
    assert.equal(last, 1);
    assert.equal(verdict.kind, 'preserved');
  });

  test('the thresholds follow the magnitude, for either sign', () => {
    const kind = (p) => m.chain.chainVerdict(p).kind;
    assert.equal(kind(0.09), 'vanishing');
    assert.equal(kind(-0.09), 'vanishing');
    assert.equal(kind(0.11), 'preserved');
    assert.equal(kind(-9.9), 'preserved');
    assert.equal(kind(10.5), 'exploding');
    assert.equal(kind(-12), 'exploding');
    assert.equal(kind(-0), 'dead');
    assert.equal(kind(Infinity), 'exploding');
    assert.equal(kind(NaN), 'invalid');
    assert.equal(kind(1e-300), 'vanishing');
  });

  test('every chain the widget can draw gets a verdict consistent with its product', () => {
    for (const fn of m.chain.CHAIN_FUNCTIONS) {
      for (const layers of [1, 3, 10, 50]) {
        for (const z of [-2, 0, 0.5, 3]) {
          for (const weight of [-3, 0.5, 1, 2, 5]) {
            const { last, verdict } = finalVerdict({ fn, layers, z, weight });
            const a = Math.abs(last);
            const expected = last === 0 ? 'dead' : a < 0.1 ? 'vanishing' : a > 10 ? 'exploding' : 'preserved';
            assert.equal(verdict.kind, expected, `${fn} n=${layers} z=${z} w=${weight}: product ${last}`);
          }
        }
      }
    }
  });
});

describe('loss gradient remark', () => {
  const remark = (id) => m.loss.gradientRemark(lab.loss(id));

  test('logit losses talk about the bounded logit gradient, not outliers', () => {
    for (const id of ['bce_logits', 'cross_entropy']) {
      const text = remark(id);
      assert.doesNotMatch(text, /离群点/, id);
      assert.match(text, /logit/, id);
      assert.match(text, /≤ 1/, id);
      assert.match(text, /σ\(z\) − y/, id);
    }
  });

  test('bce on probabilities warns that the gradient blows up near 0 and 1', () => {
    const text = remark('bce');
    assert.doesNotMatch(text, /离群点/);
    assert.match(text, /无界/);
    assert.match(text, /0 或 1/);
  });

  test('regression losses keep the outlier remark, bounded only where it is true', () => {
    for (const id of ['mae', 'huber', 'smooth_l1', 'log_cosh']) {
      assert.match(remark(id), /有界：离群点不会产生过大的梯度/, id);
    }
    assert.match(remark('mse'), /无界/);
    assert.doesNotMatch(remark('mse'), /不会产生过大的梯度/);
  });

  test('the remark agrees with the gradient the module computes', () => {
    // bce_logits: |dL/dz| <= 1 even far out; bce: |dL/dp| large near the wrong end.
    const far = m.loss.lossCurve(
      lab,
      { loss: 'bce_logits', target: 1, params: [], pmin: -40, pmax: 40, mode: 'loss' },
      81,
    );
    for (const g of far.grad) assert.ok(Math.abs(g) <= 1 + 1e-12, `bce_logits grad ${g}`);
    const p = m.loss.lossCurve(lab, { loss: 'bce', target: 1, params: [], pmin: 0.001, pmax: 0.5, mode: 'loss' }, 11);
    assert.ok(Math.abs(p.grad[0]) > 100, `bce grad near 0: ${p.grad[0]}`);
  });
});
