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
