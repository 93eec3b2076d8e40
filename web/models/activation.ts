// DOM-free model of the activation explorer: sampling f and f' of an activation
// (values from the wasm module) and finding its saturation zones.
import { linspace, type ActLab } from '../actlab';

/** |f'(x)| below this counts as saturated (the gradient barely flows). */
export const SATURATION_THRESHOLD = 0.01;

export interface ActivationState {
  fn: string;
  params: number[];
  compare: string[];
  xmin: number;
  xmax: number;
  derivative: boolean;
  saturation: boolean;
}

export interface CurveSet {
  id: string;
  f: Float64Array;
  df: Float64Array;
}

export interface ActivationSample {
  x: Float64Array;
  main: CurveSet;
  compares: CurveSet[];
  /** Intervals [a, b] of x where |f'(x)| < SATURATION_THRESHOLD for the main function. */
  zones: [number, number][];
}

/**
 * Samples the main function and the comparison functions (at their default parameters) on n points.
 * Given the previous sample, its x grid is reused when the range is unchanged, and with it the
 * comparison curves (they depend only on their id and x), so moving a parameter slider
 * evaluates the main function alone.
 */
export function sampleActivations(
  lab: ActLab,
  state: ActivationState,
  n: number,
  previous?: Float64Array | ActivationSample,
): ActivationSample {
  const last = previous instanceof Float64Array ? undefined : previous;
  const x = previous instanceof Float64Array ? previous : previous?.x;
  const xs =
    x && x.length === n && x[0] === state.xmin && x[n - 1] === state.xmax ? x : linspace(state.xmin, state.xmax, n);
  const reusable = last && last.x === xs ? last.compares : [];
  const main: CurveSet = {
    id: state.fn,
    f: lab.activationValue(state.fn, xs, state.params),
    df: lab.activationGrad(state.fn, xs, state.params),
  };
  const compares = state.compare
    .filter((id) => id !== state.fn)
    .map((id) => {
      const kept = reusable.find((c) => c.id === id);
      if (kept) return kept;
      const info = lab.activation(id);
      const params = info ? lab.defaults(info.params) : [];
      return { id, f: lab.activationValue(id, xs, params), df: lab.activationGrad(id, xs, params) };
    });
  return { x: xs, main, compares, zones: saturationZones(xs, main.df) };
}

/**
 * The maximal runs of sample points with |f'| < threshold, as x intervals. An
 * interval's ends are placed where |f'| crosses the threshold, by linear
 * interpolation between the neighbouring samples (or at the range's end).
 * A run where f' takes both signs (over the run and its two neighbours) is left
 * out: there f' only passes through 0 at a minimum or maximum of f (GELU near
 * x = -0.75, hardswish at -1.5), and the function is not flat there, so it is no
 * saturation zone. This also holds when the range's end cuts through such a run.
 */
export function saturationZones(
  x: ArrayLike<number>,
  df: ArrayLike<number>,
  threshold = SATURATION_THRESHOLD,
): [number, number][] {
  const zones: [number, number][] = [];
  const n = x.length;
  const saturated = (i: number) => Math.abs(df[i]) < threshold;
  const crossing = (i: number, j: number) => {
    // |f'| crosses the threshold between samples i and j
    const a = Math.abs(df[i]);
    const b = Math.abs(df[j]);
    if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return (x[i] + x[j]) / 2;
    const t = (threshold - a) / (b - a);
    return x[i] + Math.min(1, Math.max(0, t)) * (x[j] - x[i]);
  };
  let i = 0;
  while (i < n) {
    if (!saturated(i)) {
      i += 1;
      continue;
    }
    let j = i;
    while (j + 1 < n && saturated(j + 1)) j += 1;
    let negative = false;
    let positive = false;
    for (let k = Math.max(0, i - 1); k <= Math.min(n - 1, j + 1); ++k) {
      negative ||= df[k] < 0;
      positive ||= df[k] > 0;
    }
    if (!(negative && positive))
      zones.push([i === 0 ? x[0] : crossing(i - 1, i), j === n - 1 ? x[n - 1] : crossing(j, j + 1)]);
    i = j + 1;
  }
  return zones;
}

/** Zooms the range [xmin, xmax] about its centre by `factor` (< 1 zooms in), clamped to [limitMin, limitMax]. */
export function zoomRange(
  xmin: number,
  xmax: number,
  factor: number,
  limitMin: number,
  limitMax: number,
  minWidth = 0.1,
): [number, number] {
  const centre = (xmin + xmax) / 2;
  const half = Math.max(minWidth / 2, ((xmax - xmin) / 2) * factor);
  let a = centre - half;
  let b = centre + half;
  if (a < limitMin) {
    b = Math.min(limitMax, b + (limitMin - a));
    a = limitMin;
  }
  if (b > limitMax) {
    a = Math.max(limitMin, a - (b - limitMax));
    b = limitMax;
  }
  return [roundTo(a), roundTo(b)];
}

/** Rounds to 4 significant decimals so URLs stay short. */
export function roundTo(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}
