// DOM-free model of gradient descent on a 2-D loss surface.
//
// Every number comes from the wasm module (core/src/descent.cpp): the surfaces'
// values, formulas, views, start points and minima, and the paths, which follow
// torch.optim's update rules in double precision (SGD; SGD with momentum 0.9;
// Adam with betas 0.9 and 0.999, eps 1e-8). What is left here is presentation:
// the Chinese names, the grid's coordinates, the contour levels and the
// marching squares that draw them.

import type { ActLab } from '../actlab';
import type { DescentOptimizerId as OptimizerId, SurfaceId, SurfaceInfo } from '../actlab-module';

export type { OptimizerId, SurfaceId };

export const SURFACE_IDS: readonly SurfaceId[] = ['bowl', 'ravine', 'rosenbrock', 'saddle'];
export const OPTIMIZER_IDS: readonly OptimizerId[] = ['sgd', 'momentum', 'adam'];

/** What each surface is called on the page. */
export const SURFACE_NAMES: Record<SurfaceId, string> = {
  bowl: '碗形',
  ravine: '狭长山谷',
  rosenbrock: 'Rosenbrock 弯曲山谷',
  saddle: '鞍点',
};

/** The module's description of a surface: its formula, view, start point and minima. */
export function surfaceInfo(lab: ActLab, id: SurfaceId): SurfaceInfo {
  const info = lab.surface(id);
  if (!info) throw new Error(`unknown surface '${id}'`);
  return info;
}

export interface DescentState {
  surface: SurfaceId;
  optimizer: OptimizerId;
  lr: number;
  steps: number;
}

export interface DescentPath {
  x: number[];
  y: number[];
  loss: number[];
  /** The step at which the run diverged (see DescentPath in actlab-module.d.ts for the rule), or -1. */
  divergedAt: number;
}

/** The path from the surface's start, computed by the module. */
export function runDescent(lab: ActLab, state: DescentState): DescentPath {
  const p = lab.module.descentPath(state.surface, state.optimizer, state.lr, state.steps);
  return { x: Array.from(p.x), y: Array.from(p.y), loss: Array.from(p.loss), divergedAt: p.divergedAt };
}

export interface ContourGrid {
  width: number;
  height: number;
  xs: Float64Array;
  ys: Float64Array;
  /** f at (xs[i], ys[j]) at index j * width + i. */
  values: Float64Array;
  levels: number[];
  /** Where a value lies on the log scale the levels are spaced on: 0 at the minimum, 1 at the grid's largest value. */
  shade: (v: number) => number;
}

/** f on a grid over the surface's view, with contour levels spaced evenly in log(f − min + 0.01). */
export function contourGrid(
  lab: ActLab,
  surfaceId: SurfaceId,
  width: number,
  height: number,
  levelCount = 14,
): ContourGrid {
  const surface = surfaceInfo(lab, surfaceId);
  const xs = new Float64Array(width);
  const ys = new Float64Array(height);
  for (let i = 0; i < width; ++i) xs[i] = surface.xmin + ((surface.xmax - surface.xmin) * i) / (width - 1);
  for (let j = 0; j < height; ++j) ys[j] = surface.ymin + ((surface.ymax - surface.ymin) * j) / (height - 1);
  const values = lab.module.surfaceGrid(surfaceId, xs, ys);
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  const offset = 0.01;
  const lo = Math.log(offset);
  const hi = Math.log(max - surface.minimum + offset);
  const levels: number[] = [];
  for (let k = 1; k <= levelCount; ++k)
    levels.push(Math.exp(lo + ((hi - lo) * k) / (levelCount + 1)) - offset + surface.minimum);
  const shade = (v: number) => (Math.log(v - surface.minimum + offset) - lo) / (hi - lo);
  return { width, height, xs, ys, values, levels, shade };
}

/** Marching squares: for each corner code (bit 0 = (i, j), 1 = (i+1, j), 2 = (i+1, j+1), 3 = (i, j+1) above the level), the segments as pairs of cell edges (0 bottom, 1 right, 2 top, 3 left). */
const CELL_SEGMENTS: readonly (readonly number[])[] = [
  [],
  [3, 0],
  [0, 1],
  [3, 1],
  [1, 2],
  [3, 2, 0, 1], // saddle: two segments
  [0, 2],
  [3, 2],
  [3, 2],
  [0, 2],
  [3, 0, 1, 2], // saddle: two segments
  [1, 2],
  [3, 1],
  [0, 1],
  [3, 0],
  [],
];

/**
 * Contour lines by marching squares: for each level, the line segments
 * [x0, y0, x1, y1] (in data coordinates) where the grid crosses that level.
 * One pass over the cells with no allocation per cell: the first draw of the
 * descent widget computes 14 levels on a 120 x 96 grid.
 */
export function contourSegments(grid: ContourGrid, level: number): number[] {
  const { width, height, xs, ys, values } = grid;
  const out: number[] = [];
  // the current cell: corners, values and the crossing point on one of its edges
  let x0 = 0;
  let x1 = 0;
  let y0 = 0;
  let y1 = 0;
  let v00 = 0;
  let v10 = 0;
  let v01 = 0;
  let v11 = 0;
  const push = (edge: number) => {
    switch (edge) {
      case 0: // bottom
        out.push(x0 + ((level - v00) / (v10 - v00)) * (x1 - x0), y0);
        break;
      case 1: // right
        out.push(x1, y0 + ((level - v10) / (v11 - v10)) * (y1 - y0));
        break;
      case 2: // top
        out.push(x0 + ((level - v01) / (v11 - v01)) * (x1 - x0), y1);
        break;
      default: // left
        out.push(x0, y0 + ((level - v00) / (v01 - v00)) * (y1 - y0));
    }
  };
  for (let j = 0; j + 1 < height; ++j) {
    for (let i = 0; i + 1 < width; ++i) {
      v00 = values[j * width + i];
      v10 = values[j * width + i + 1];
      v01 = values[(j + 1) * width + i];
      v11 = values[(j + 1) * width + i + 1];
      const code = (v00 > level ? 1 : 0) | (v10 > level ? 2 : 0) | (v11 > level ? 4 : 0) | (v01 > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      x0 = xs[i];
      x1 = xs[i + 1];
      y0 = ys[j];
      y1 = ys[j + 1];
      for (const edge of CELL_SEGMENTS[code]) push(edge);
    }
  }
  return out;
}
