// DOM-free model of gradient descent on a 2-D loss surface.
//
// The surfaces are the model's own closed forms, with their gradients written
// out by hand, computed in JavaScript: the C++ core has activations and losses
// but no 2-D test surfaces, and these four are textbook examples rather than
// part of the tutorial's numerics. Each is chosen so that lr = 0.1 with SGD
// converges, and a few times that diverges.
//
//   bowl        f = ½(x² + y²)                      minimum (0, 0); SGD diverges for lr > 2
//   ravine      f = 0.1x² + 4y²                     minimum (0, 0); curvatures 0.2 and 8,
//                                                   SGD diverges for lr > 0.25, crawls along x
//   rosenbrock  f = 0.1[(1 − x)² + 10(y − x²)²]     minimum (1, 1) in a curved valley
//   saddle      f = ½x² + ¼y⁴ − ½y²                 saddle at (0, 0), minima (0, ±1)
//
// The optimisers follow PyTorch's torch.optim update rules: SGD θ ← θ − lr·g;
// momentum v ← μv + g, θ ← θ − lr·v (μ = 0.9); Adam with β₁ = 0.9, β₂ = 0.999,
// ε = 1e-8 and bias correction.

export type SurfaceId = 'bowl' | 'ravine' | 'rosenbrock' | 'saddle';
export type OptimizerId = 'sgd' | 'momentum' | 'adam';

export const SURFACE_IDS: readonly SurfaceId[] = ['bowl', 'ravine', 'rosenbrock', 'saddle'];
export const OPTIMIZER_IDS: readonly OptimizerId[] = ['sgd', 'momentum', 'adam'];

export interface Surface {
  id: SurfaceId;
  name: string;
  formula: string;
  /** The view: x in [xmin, xmax], y in [ymin, ymax]. */
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
  start: [number, number];
  minimum: number;
  f(x: number, y: number): number;
  grad(x: number, y: number): [number, number];
}

export const SURFACES: Record<SurfaceId, Surface> = {
  bowl: {
    id: 'bowl',
    name: '碗形',
    formula: 'f = ½(x² + y²)',
    xmin: -3,
    xmax: 3,
    ymin: -2.5,
    ymax: 2.5,
    start: [-2.5, 2],
    minimum: 0,
    f: (x, y) => 0.5 * (x * x + y * y),
    grad: (x, y) => [x, y],
  },
  ravine: {
    id: 'ravine',
    name: '狭长山谷',
    formula: 'f = 0.1x² + 4y²',
    xmin: -5,
    xmax: 5,
    ymin: -2,
    ymax: 2,
    start: [-4.5, 1.5],
    minimum: 0,
    f: (x, y) => 0.1 * x * x + 4 * y * y,
    grad: (x, y) => [0.2 * x, 8 * y],
  },
  rosenbrock: {
    id: 'rosenbrock',
    name: 'Rosenbrock 弯曲山谷',
    formula: 'f = 0.1[(1 − x)² + 10(y − x²)²]',
    xmin: -2,
    xmax: 2,
    ymin: -1,
    ymax: 3,
    start: [-1.2, 1],
    minimum: 0,
    f: (x, y) => 0.1 * ((1 - x) ** 2 + 10 * (y - x * x) ** 2),
    grad: (x, y) => [0.1 * (-2 * (1 - x) - 40 * x * (y - x * x)), 0.1 * (20 * (y - x * x))],
  },
  saddle: {
    id: 'saddle',
    name: '鞍点',
    formula: 'f = ½x² + ¼y⁴ − ½y²',
    xmin: -2,
    xmax: 2,
    ymin: -2,
    ymax: 2,
    start: [-1.8, 0.01],
    minimum: -0.25,
    f: (x, y) => 0.5 * x * x + 0.25 * y ** 4 - 0.5 * y * y,
    grad: (x, y) => [x, y ** 3 - y],
  },
};

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
  /** The step at which the run diverged (values became non-finite or left the bound), or -1. */
  divergedAt: number;
}

/** A point this far from the view (in view widths) or this much above the start's loss counts as divergence. */
const ESCAPE_FACTOR = 50;
const LOSS_BLOWUP = 1e6;

export function runDescent(state: DescentState): DescentPath {
  const surface = SURFACES[state.surface];
  let [x, y] = surface.start;
  const path: DescentPath = { x: [x], y: [y], loss: [surface.f(x, y)], divergedAt: -1 };
  const span = Math.max(surface.xmax - surface.xmin, surface.ymax - surface.ymin);
  const bound = ESCAPE_FACTOR * span;
  const startLoss = path.loss[0];
  const momentum = 0.9;
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  let vx = 0;
  let vy = 0;
  let mx = 0;
  let my = 0;
  let sx = 0;
  let sy = 0;
  for (let t = 1; t <= state.steps; ++t) {
    const [gx, gy] = surface.grad(x, y);
    if (state.optimizer === 'sgd') {
      x -= state.lr * gx;
      y -= state.lr * gy;
    } else if (state.optimizer === 'momentum') {
      vx = momentum * vx + gx;
      vy = momentum * vy + gy;
      x -= state.lr * vx;
      y -= state.lr * vy;
    } else {
      mx = beta1 * mx + (1 - beta1) * gx;
      my = beta1 * my + (1 - beta1) * gy;
      sx = beta2 * sx + (1 - beta2) * gx * gx;
      sy = beta2 * sy + (1 - beta2) * gy * gy;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      x -= (state.lr * (mx / c1)) / (Math.sqrt(sx / c2) + eps);
      y -= (state.lr * (my / c1)) / (Math.sqrt(sy / c2) + eps);
    }
    const loss = surface.f(x, y);
    const escaped =
      !Number.isFinite(x) ||
      !Number.isFinite(y) ||
      !Number.isFinite(loss) ||
      Math.abs(x) > bound ||
      Math.abs(y) > bound ||
      loss - surface.minimum > LOSS_BLOWUP * Math.max(1, startLoss - surface.minimum);
    if (escaped) {
      path.divergedAt = t;
      // keep the first runaway point (finite ones only) so the path shows where it went
      if (Number.isFinite(x) && Number.isFinite(y)) {
        path.x.push(x);
        path.y.push(y);
        path.loss.push(loss);
      }
      break;
    }
    path.x.push(x);
    path.y.push(y);
    path.loss.push(loss);
  }
  return path;
}

export interface ContourGrid {
  width: number;
  height: number;
  xs: Float64Array;
  ys: Float64Array;
  /** f at (xs[i], ys[j]) at index j * width + i. */
  values: Float64Array;
  levels: number[];
}

/** f on a grid over the surface's view, with contour levels spaced evenly in log(f − min + 0.01). */
export function contourGrid(surfaceId: SurfaceId, width: number, height: number, levelCount = 14): ContourGrid {
  const surface = SURFACES[surfaceId];
  const xs = new Float64Array(width);
  const ys = new Float64Array(height);
  for (let i = 0; i < width; ++i) xs[i] = surface.xmin + ((surface.xmax - surface.xmin) * i) / (width - 1);
  for (let j = 0; j < height; ++j) ys[j] = surface.ymin + ((surface.ymax - surface.ymin) * j) / (height - 1);
  const values = new Float64Array(width * height);
  let max = -Infinity;
  for (let j = 0; j < height; ++j) {
    for (let i = 0; i < width; ++i) {
      const v = surface.f(xs[i], ys[j]);
      values[j * width + i] = v;
      if (v > max) max = v;
    }
  }
  const offset = 0.01;
  const lo = Math.log(offset);
  const hi = Math.log(max - surface.minimum + offset);
  const levels: number[] = [];
  for (let k = 1; k <= levelCount; ++k)
    levels.push(Math.exp(lo + ((hi - lo) * k) / (levelCount + 1)) - offset + surface.minimum);
  return { width, height, xs, ys, values, levels };
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
