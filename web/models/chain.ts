// DOM-free model of backpropagation through a chain of n one-unit layers:
//
//   z₁ = z,  a_l = φ(z_l),  z_{l+1} = w · a_l        (l = 1 … n)
//
// The gradient of the last output with respect to the first pre-activation is
// ∂a_n/∂z₁ = Π φ'(z_l) · w^(n−1). The model returns the running product after
// each layer, so a chart can show how it shrinks (or not) layer by layer.
// Every φ and φ' comes from the wasm module.
import type { ActLab } from '../actlab';

export const CHAIN_FUNCTIONS = ['sigmoid', 'tanh', 'relu'] as const;
export type ChainFunction = (typeof CHAIN_FUNCTIONS)[number];

export interface ChainState {
  fn: ChainFunction;
  layers: number;
  z: number;
  weight: number;
}

export interface ChainResult {
  /** Pre-activation, φ'(z_l) and the running product ∂a_l/∂z₁ for l = 1 … n. */
  pre: Float64Array;
  slope: Float64Array;
  product: Float64Array;
}

export function chainGradients(lab: ActLab, state: ChainState): ChainResult {
  const n = state.layers;
  const pre = new Float64Array(n);
  const one = new Float64Array(1);
  let z = state.z;
  for (let l = 0; l < n; ++l) {
    pre[l] = z;
    one[0] = z;
    const a = lab.activationValue(state.fn, one)[0];
    z = state.weight * a;
  }
  const slope = lab.activationGrad(state.fn, pre);
  const product = new Float64Array(n);
  let running = 1;
  for (let l = 0; l < n; ++l) {
    // the weight between layer l-1 and l multiplies in from the second layer on
    running *= (l > 0 ? state.weight : 1) * slope[l];
    product[l] = running;
  }
  return { pre, slope, product };
}

/** Below this magnitude the gradient reaching the first layer counts as vanished. */
export const VANISHING_BELOW = 0.1;
/** Above this magnitude it counts as exploded. */
export const EXPLODING_ABOVE = 10;

export type ChainVerdictKind = 'dead' | 'vanishing' | 'exploding' | 'preserved' | 'invalid';

export interface ChainVerdict {
  kind: ChainVerdictKind;
  /** One Chinese sentence for the widget's summary line. */
  text: string;
}

/**
 * What the final running product says about the gradient reaching the first
 * layer. The verdict follows the magnitude alone: an exact 0 is a dead unit,
 * |p| < 0.1 vanishing, |p| > 10 exploding, anything in between roughly kept.
 */
export function chainVerdict(product: number, state?: ChainState): ChainVerdict {
  if (Number.isNaN(product)) return { kind: 'invalid', text: '乘积不是数（NaN），无法判断。' };
  if (product === 0) {
    // name the factor that is 0 when the state is known; only a zero derivative is a dead unit
    if (state && state.weight === 0 && state.layers > 1) {
      return { kind: 'dead', text: '梯度恰好为 0：层间权重 w = 0，梯度完全传不回去。' };
    }
    if (state && state.fn !== 'relu') {
      return { kind: 'dead', text: '梯度恰好为 0：乘积小到在浮点数中下溢为 0。' };
    }
    return {
      kind: 'dead',
      text: '梯度恰好为 0（死单元）：有一层的导数为 0（ReLU 的输入 ≤ 0），梯度完全传不回去。',
    };
  }
  const m = Math.abs(product);
  if (m < VANISHING_BELOW) {
    return { kind: 'vanishing', text: '梯度消失：乘积的绝对值小于 0.1，传回第一层的梯度已远小于最后一层的。' };
  }
  if (m > EXPLODING_ABOVE) {
    return { kind: 'exploding', text: '梯度爆炸：乘积的绝对值大于 10，传回第一层的梯度已远大于最后一层的。' };
  }
  return { kind: 'preserved', text: '梯度大小基本保持：乘积在 0.1 到 10 之间。' };
}
