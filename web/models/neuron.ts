// DOM-free model of one neuron with two inputs: y = φ(w1·x1 + w2·x2 + b) over a
// grid of inputs. The pre-activation is plain arithmetic; every y comes from the
// wasm module's activationValue.
import { linspace, type ActLab } from '../actlab';

export interface NeuronState {
  fn: string;
  w1: number;
  w2: number;
  b: number;
}

export const INPUT_EXTENT = 3; // inputs x1, x2 in [-3, 3]

export interface NeuronGrid {
  x1: Float64Array;
  x2: Float64Array;
  /** Pre-activations and outputs, row-major: index j * x1.length + i is (x1[i], x2[j]). */
  z: Float64Array;
  y: Float64Array;
  min: number;
  max: number;
}

export function neuronGrid(lab: ActLab, state: NeuronState, size: number, z?: Float64Array): NeuronGrid {
  const x1 = linspace(-INPUT_EXTENT, INPUT_EXTENT, size);
  const x2 = linspace(-INPUT_EXTENT, INPUT_EXTENT, size);
  const pre = z && z.length === size * size ? z : new Float64Array(size * size);
  for (let j = 0; j < size; ++j) {
    const row = state.w2 * x2[j] + state.b;
    for (let i = 0; i < size; ++i) pre[j * size + i] = state.w1 * x1[i] + row;
  }
  const info = lab.activation(state.fn);
  const y = lab.activationValue(state.fn, pre, info ? lab.defaults(info.params) : []);
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < y.length; ++k) {
    if (y[k] < min) min = y[k];
    if (y[k] > max) max = y[k];
  }
  return { x1, x2, z: pre, y, min, max };
}

/** The neuron's output at one input (for the hover readout). */
export function neuronAt(lab: ActLab, state: NeuronState, x1: number, x2: number): { z: number; y: number } {
  const z = state.w1 * x1 + state.w2 * x2 + state.b;
  const info = lab.activation(state.fn);
  const y = lab.activationValue(state.fn, [z], info ? lab.defaults(info.params) : [])[0];
  return { z, y };
}

/**
 * The colour scale for an output grid: the activation's own output range where
 * it is bounded (so colours mean the same thing as the weights change),
 * otherwise the range of the values drawn.
 */
export function colourRange(
  range: { min: number | null; max: number | null },
  gridMin: number,
  gridMax: number,
): [number, number] {
  const lo = range.min !== null && Number.isFinite(range.min) ? range.min : gridMin;
  const hi = range.max !== null && Number.isFinite(range.max) ? range.max : gridMax;
  if (!(hi > lo)) return [lo - 1, lo + 1];
  return [lo, hi];
}
