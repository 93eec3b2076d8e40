// DOM-free model of the loss explorer: the loss and its gradient as functions of
// one prediction, for a fixed target, with every value from the wasm module.
//
// The curve is n examples in one call: lossPerExample gives each one's loss;
// lossGrad, of the mean over the n examples, gives each one's gradient divided
// by n, so it is multiplied back by n.
// cross_entropy is shown for two classes: the prediction is the logit of
// class 1 with the logit of class 0 held at 0, and the target is a class index.
import { linspace, type ActLab, type LossInfo } from '../actlab';

export type LossMode = 'loss' | 'logit-grad';

export interface LossState {
  loss: string;
  target: number;
  params: number[];
  pmin: number;
  pmax: number;
  mode: LossMode;
}

export interface LossCurve {
  x: Float64Array;
  loss: Float64Array;
  grad: Float64Array;
}

export interface LogitGradCurve {
  /** The logit z; p = sigmoid(z). */
  x: Float64Array;
  p: Float64Array;
  /** d loss / d z for sigmoid followed by MSE, and by BCE. */
  mse: Float64Array;
  bce: Float64Array;
}

/** The prediction range the loss accepts, and the range shown by default. */
export function predictionDomain(info: LossInfo): { min: number; max: number; defaultMin: number; defaultMax: number } {
  switch (info.prediction) {
    case 'probability':
      return { min: 0, max: 1, defaultMin: 0.001, defaultMax: 0.999 };
    case 'log-probability':
      return { min: -50, max: 0, defaultMin: -5, defaultMax: 0 };
    case 'logit':
      return { min: -50, max: 50, defaultMin: -6, defaultMax: 6 };
    default:
      return { min: -50, max: 50, defaultMin: -3, defaultMax: 3 };
  }
}

/** In logit-grad mode the x axis is the logit; beyond ±20 sigmoid rounds to 0 or 1 in double precision. */
export const LOGIT_LIMIT = 20;
export const LOGIT_DEFAULT: [number, number] = [-6, 6];

/** The allowed target values for the loss, and the default target. */
export function targetDomain(info: LossInfo): {
  min: number;
  max: number;
  step: number;
  integer: boolean;
  default: number;
  choices?: number[];
} {
  switch (info.target) {
    case 'probability':
      return { min: 0, max: 1, step: 0.01, integer: false, default: 1 };
    case 'distribution':
      return { min: 0, max: 1, step: 0.01, integer: false, default: 1 };
    case 'sign':
      return { min: -1, max: 1, step: 2, integer: true, default: 1, choices: [-1, 1] };
    case 'class_index':
      return { min: 0, max: 1, step: 1, integer: true, default: 1, choices: [0, 1] };
    default:
      return { min: -5, max: 5, step: 0.1, integer: false, default: 1 };
  }
}

/** The loss's user-facing parameters (cross_entropy's and kl_div's k are fixed by the two-class set-up). */
export function tunableParams(info: LossInfo) {
  return info.params.filter((p) => p.id !== 'k');
}

/** The full parameter vector the core expects, from the tunable values. */
export function fullParams(info: LossInfo, tunable: readonly number[]): number[] {
  let t = 0;
  return info.params.map((p) => {
    if (p.id === 'k') return info.id === 'cross_entropy' ? 2 : 1;
    const v = tunable[t];
    t += 1;
    return v ?? p.default;
  });
}

/** Loss and gradient over n predictions in [pmin, pmax]. */
export function lossCurve(lab: ActLab, state: LossState, n: number): LossCurve {
  const info = lab.loss(state.loss);
  if (!info) throw new Error(`未知的损失函数 ${state.loss}`);
  const params = Float64Array.from(fullParams(info, state.params));
  const x = linspace(state.pmin, state.pmax, n);
  const grad = new Float64Array(n);
  const targets = new Float64Array(n).fill(state.target);
  if (info.id === 'cross_entropy') {
    const rows = new Float64Array(2 * n); // [0, x_i] per row
    for (let i = 0; i < n; ++i) rows[2 * i + 1] = x[i];
    const g = lab.lossGrad(info.id, rows, targets, params);
    for (let i = 0; i < n; ++i) grad[i] = g[2 * i + 1] * n;
    return { x, loss: lab.lossPerExample(info.id, rows, targets, params), grad };
  }
  const g = lab.lossGrad(info.id, x, targets, params);
  for (let i = 0; i < n; ++i) grad[i] = g[i] * n;
  return { x, loss: lab.lossPerExample(info.id, x, targets, params), grad };
}

/**
 * The gradient reaching the logit z when the prediction is p = sigmoid(z):
 * dL/dz = dL/dp · sigmoid'(z), for MSE and for BCE, by the chain rule with both
 * factors from the module. For BCE the product is p − t; for MSE it is
 * 2(p − t)·p(1 − p), which vanishes when the unit saturates on the wrong side.
 */
export function logitGradCurve(lab: ActLab, target: number, zmin: number, zmax: number, n: number): LogitGradCurve {
  const x = linspace(zmin, zmax, n);
  const p = lab.activationValue('sigmoid', x);
  const slope = lab.activationGrad('sigmoid', x);
  const targets = new Float64Array(n).fill(target);
  const mseGrad = lab.lossGrad('mse', p, targets);
  const bceGrad = lab.lossGrad('bce', p, targets);
  const mse = new Float64Array(n);
  const bce = new Float64Array(n);
  for (let i = 0; i < n; ++i) {
    mse[i] = mseGrad[i] * n * slope[i];
    bce[i] = bceGrad[i] * n * slope[i];
  }
  return { x, p, mse, bce };
}

/**
 * A one-sentence remark on how large the gradient can get, chosen by the kind of
 * loss (what the prediction is, what the target is) and its boundedGradient
 * property, so that logit and probability losses are not described in
 * regression terms.
 */
export function gradientRemark(info: LossInfo): string {
  const bounded = info.properties.boundedGradient;
  if (info.prediction === 'logit') {
    return bounded
      ? '对 logit z 的梯度有界：∂L/∂z = σ(z) − y，|σ(z) − y| ≤ 1，所以即使预测得很自信却错了，梯度最多为 1，不会爆炸。'
      : '对 logit 的梯度无界：预测越自信地错误，梯度越大。';
  }
  if (info.prediction === 'probability') {
    return bounded
      ? '对概率 p 的梯度有界。'
      : '对概率 p 的梯度无界：当 p 靠近 0 或 1 而目标在另一端时，梯度 −y/p + (1 − y)/(1 − p) 会急剧增大；实际训练中通常改用 BCEWithLogits 直接对 logit 求导。';
  }
  if (info.prediction === 'log-probability') {
    return bounded ? '对对数概率的梯度有界：每个分量的梯度就是 −目标概率，与预测无关。' : '对对数概率的梯度无界。';
  }
  if (info.target === 'sign') {
    return bounded
      ? '梯度有界：间隔不足时梯度为 −y，间隔足够时为 0，离群点不会产生过大的梯度。'
      : '梯度无界：预测离目标越远，梯度越大。';
  }
  return bounded
    ? '这个损失的梯度有界：离群点不会产生过大的梯度。'
    : '这个损失的梯度无界：预测离目标越远，梯度越大，离群点会主导训练。';
}
