// The training loop of the trainer widgets: time slices on the main thread.
//
// Why time slices and not a Web Worker:
//  - the embed bundle is used from other origins, and a Worker cannot be started
//    from another origin's script URL (it would need a blob: URL, which a strict
//    CSP without `worker-src blob:` blocks);
//  - predictGrid returns a zero-copy view into wasm memory: on the main thread
//    the heatmap reads it directly, a Worker would have to copy and post it;
//  - one wasm instance per page, shared with the explainer widgets.
// The cost is that training shares the main thread, so each animation frame
// trains for a fixed budget of a few milliseconds and then renders. The number
// of steps per slice adapts to the measured cost of a step (and grows at most
// twofold from one slice to the next), so no slice overshoots into a long task.
// bench/web/trainer-fps.mjs measures the frames and steps per second.
import type { ActLab } from './actlab';

// ---- the trainer as the widgets see it ---------------------------------------------

export interface Histogram {
  min: number;
  max: number;
  counts: number[];
}

export interface LayerDiagnostics {
  gradNorm: number;
  weightNorm: number;
  preActMean: number;
  preActStd: number;
  histogram: Histogram;
  saturatedFraction: number;
  deadFraction: number;
  deadUnits: number[];
  preluWeight: number;
}

export interface TrainerMetrics {
  step: number;
  epoch: number;
  batchLoss: number;
  trainLoss: number;
  testLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  status: 'ok' | 'diverged';
  divergedAtStep: number;
  /** One entry per hidden layer, then the output layer. */
  layers: LayerDiagnostics[];
}

export interface TrainerLike {
  setData(x: Float32Array, y: Float32Array, nFeatures: number, nOutputs: number): void;
  setTestData(x: Float32Array, y: Float32Array, nFeatures: number, nOutputs: number): void;
  step(n: number): number;
  metrics(): TrainerMetrics;
  predict(x: Float32Array): Float32Array;
  predictGrid(xMin: number, xMax: number, yMin: number, yMax: number, width: number, height: number): Float32Array;
  exportWeights(): string;
  importWeights(json: string): void;
  /** Exact losses and accuracies over all training and test rows (a forward pass over both). */
  evaluate(): Evaluation;
  dispose(): void;
}

export interface Evaluation {
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  deadUnits: number[][];
}

type RawTrainer = {
  setData(...args: unknown[]): void;
  setTestData(...args: unknown[]): void;
  step(n: number): number;
  metrics(): Record<string, unknown>;
  predict(x: Float32Array): ArrayLike<number>;
  predictGrid(...args: number[]): Float32Array;
  exportWeights(): string;
  importWeights(json: string): void;
  evaluate?(): Record<string, unknown>;
  delete?(): void;
  dispose?(): void;
};

function num(raw: Record<string, unknown>, ...keys: string[]): number {
  for (const key of keys) {
    const v = raw[key];
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
  }
  return Number.NaN;
}

function list(raw: unknown): number[] {
  if (!raw) return [];
  if (Array.isArray(raw)) return raw.map(Number);
  if (typeof raw === 'object' && 'length' in (raw as object)) return Array.from(raw as ArrayLike<number>, Number);
  return [];
}

/** Accepts the binding's metrics object (camelCase or snake_case keys) and gives it one shape. */
export function normaliseMetrics(raw: Record<string, unknown>): TrainerMetrics {
  const layers = (Array.isArray(raw.layers) ? raw.layers : []) as Record<string, unknown>[];
  const status = String(raw.status ?? 'ok') === 'diverged' ? 'diverged' : 'ok';
  return {
    step: num(raw, 'step'),
    epoch: num(raw, 'epoch'),
    batchLoss: num(raw, 'batchLoss', 'batch_loss'),
    trainLoss: num(raw, 'trainLoss', 'train_loss'),
    testLoss: num(raw, 'testLoss', 'test_loss'),
    trainAccuracy: num(raw, 'trainAccuracy', 'train_accuracy'),
    testAccuracy: num(raw, 'testAccuracy', 'test_accuracy'),
    status,
    divergedAtStep: num(raw, 'divergedAtStep', 'diverged_at_step'),
    layers: layers.map((l) => {
      const h = (l.histogram ?? {}) as Record<string, unknown>;
      return {
        gradNorm: num(l, 'gradNorm', 'grad_norm'),
        weightNorm: num(l, 'weightNorm', 'weight_norm'),
        preActMean: num(l, 'preActMean', 'pre_act_mean'),
        preActStd: num(l, 'preActStd', 'pre_act_std'),
        histogram: { min: num(h, 'min'), max: num(h, 'max'), counts: list(h.counts) },
        saturatedFraction: num(l, 'saturatedFraction', 'saturated_fraction'),
        deadFraction: num(l, 'deadFraction', 'dead_fraction'),
        deadUnits: list(l.deadUnits ?? l.dead_units),
        preluWeight: num(l, 'preluWeight', 'prelu_weight'),
      };
    }),
  };
}

/**
 * A trainer for a config object, through web/actlab.ts's createTrainer (which
 * owns the Embind object); dispose() frees it exactly once.
 */
export function openTrainer(lab: ActLab, config: object): TrainerLike {
  const raw = lab.createTrainer(JSON.stringify(config)) as unknown as RawTrainer;
  let alive = true;
  const guard = () => {
    if (!alive) throw new Error('训练器已释放');
  };
  return {
    setData: (x, y, f, o) => (guard(), raw.setData(x, y, f, o)),
    setTestData: (x, y, f, o) => (guard(), raw.setTestData(x, y, f, o)),
    step: (n) => (guard(), Number(raw.step(n))),
    metrics: () => (guard(), normaliseMetrics(raw.metrics())),
    predict: (x) => {
      guard();
      const out = raw.predict(x);
      return out instanceof Float32Array ? out : Float32Array.from(out);
    },
    predictGrid: (a, b, c, d, w, h) => (guard(), raw.predictGrid(a, b, c, d, w, h)),
    exportWeights: () => (guard(), raw.exportWeights()),
    importWeights: (j) => (guard(), raw.importWeights(j)),
    evaluate: () => {
      guard();
      if (!raw.evaluate) throw new Error('这个版本的训练器没有 evaluate()');
      const e = raw.evaluate();
      const dead = (e.deadUnits ?? e.dead_units ?? []) as unknown[];
      return {
        trainLoss: num(e, 'trainLoss', 'train_loss'),
        trainAccuracy: num(e, 'trainAccuracy', 'train_accuracy'),
        testLoss: num(e, 'testLoss', 'test_loss'),
        testAccuracy: num(e, 'testAccuracy', 'test_accuracy'),
        deadUnits: dead.map(list),
      };
    },
    dispose: () => {
      if (!alive) return;
      alive = false;
      if (raw.dispose) raw.dispose();
      else raw.delete?.();
    },
  };
}

// ---- the time-sliced loop --------------------------------------------------------------

export interface LoopStats {
  frames: number;
  steps: number;
  /** Time spent training in the last slice, in ms. */
  lastSliceMs: number;
  /** The longest slice so far (training + render), in ms. */
  longestFrameWorkMs: number;
}

export interface LoopOptions {
  /** Milliseconds of training per animation frame. */
  budgetMs: number;
  /**
   * Trains n steps (all runs, for the comparison lab); returns false to stop the
   * loop (divergence, or every run finished).
   */
  train(n: number): boolean;
  /** Draws the current state; called once per frame after training. */
  render(): void;
  /** The loop stopped by itself (train returned false). */
  onStop?(): void;
  /** Upper bound on steps per slice. */
  maxChunk?: number;
  /**
   * Steps per frame the reader asked for (a speed setting), or null for "as many
   * as the budget allows". The budget still caps it.
   */
  stepsPerFrame?: () => number | null;
  /**
   * Milliseconds the coming render() expects to need beyond the usual (a slow
   * view due this frame); the training budget of the frame shrinks by as much,
   * so training plus rendering stay within one frame.
   */
  renderCostHint?: () => number;
}

export class TrainingLoop {
  readonly stats: LoopStats = { frames: 0, steps: 0, lastSliceMs: 0, longestFrameWorkMs: 0 };
  private frame = 0;
  private msPerStep = 0;
  private lastChunk = 0;
  private active = false;
  /**
   * The training budget actually used: it backs off (x0.75) when a frame came
   * late (the page, or the machine, is busy) and creeps back (+0.25 ms) towards
   * options.budgetMs while frames arrive on time, so training yields to rendering.
   */
  private budget: number;
  private lastFrameAt = 0;

  constructor(private readonly options: LoopOptions) {
    this.budget = options.budgetMs;
  }

  /** The current adaptive training budget per frame, in ms. */
  get budgetMs(): number {
    return this.budget;
  }

  get running(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.frame = requestAnimationFrame(this.tick);
  }

  stop(): void {
    this.active = false;
    this.lastFrameAt = 0;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /** Forget the measured step cost (the network changed). */
  resetEstimate(): void {
    this.msPerStep = 0;
    this.lastChunk = 0;
  }

  /** The number of steps that fit in `ms`, from the measured cost, growing at most twofold. */
  private chunkFor(ms: number): number {
    const cap = this.options.maxChunk ?? 2000;
    if (this.msPerStep <= 0) return 1;
    const fit = Math.floor(ms / this.msPerStep);
    return Math.max(1, Math.min(cap, fit, this.lastChunk * 2 + 1));
  }

  private tick = (now: number): void => {
    this.frame = 0;
    if (!this.active) return;
    const start = performance.now();
    if (this.lastFrameAt > 0) {
      const gap = now - this.lastFrameAt;
      if (gap > 21) this.budget = Math.max(1, this.budget * 0.75);
      else this.budget = Math.min(this.options.budgetMs, this.budget + 0.25);
    }
    this.lastFrameAt = now;
    const budget = Math.max(0.5, this.budget - (this.options.renderCostHint?.() ?? 0));
    const limit = this.options.stepsPerFrame?.() ?? Infinity;
    let keepGoing = true;
    let spent = 0;
    let taken = 0;
    while (keepGoing && spent < budget && taken < limit) {
      const n = Math.min(this.chunkFor(budget - spent), limit - taken);
      taken += n;
      const t0 = performance.now();
      keepGoing = this.options.train(n);
      const dt = performance.now() - t0;
      this.stats.steps += n;
      this.lastChunk = n;
      const perStep = dt / n;
      this.msPerStep = this.msPerStep <= 0 ? perStep : 0.7 * this.msPerStep + 0.3 * perStep;
      spent = performance.now() - start;
      // A slice that ends with less than a step's worth left stops here.
      if (budget - spent < this.msPerStep) break;
    }
    this.stats.lastSliceMs = spent;
    this.options.render();
    this.stats.frames += 1;
    this.stats.longestFrameWorkMs = Math.max(this.stats.longestFrameWorkMs, performance.now() - start);
    if (!keepGoing) {
      this.active = false;
      this.options.onStop?.();
      return;
    }
    if (this.active) this.frame = requestAnimationFrame(this.tick);
  };
}

// ---- exact evaluations, paid for when they are cheap ------------------------------------

/**
 * The cost of the last exact evaluation (evaluate(): a forward pass over the training and
 * test sets) and whether it is cheap enough to make at every sample of the training loop.
 * The trainer's own losses and accuracies lag the weights (metrics(): a running mean and
 * the last complete sweep of the test set), so the trainer widgets show exact ones: at
 * every sample while cheap, else at a slower pace of their own (the playground's slow
 * views, compare's twice a second), and whenever training stops.
 */
export class EvaluationCost {
  /** Up to this many ms an evaluation is made at every sample. */
  static readonly CHEAP_MS = 2;
  private ms = 0;
  private at = -Infinity;

  /** Whether the last evaluation measured was cheap (true before any). */
  get cheap(): boolean {
    return this.ms <= EvaluationCost.CHEAP_MS;
  }

  /** The ms since the last evaluation measured ended. */
  sinceLast(now = performance.now()): number {
    return now - this.at;
  }

  /** Runs an evaluation (or a set of them) and keeps its cost. */
  measure<T>(evaluate: () => T): T {
    const t0 = performance.now();
    try {
      return evaluate();
    } finally {
      this.at = performance.now();
      this.ms = this.at - t0;
    }
  }

  /** For a new network (or set of runs): nothing measured yet. */
  reset(): void {
    this.ms = 0;
    this.at = -Infinity;
  }
}

// ---- curves that stay small -------------------------------------------------------------

/** A series of (step, values...) points that halves its resolution when it grows past `limit`. */
export class Curve {
  readonly x: number[] = [];
  readonly ys: number[][];
  private every = 1;
  private count = 0;

  constructor(
    series: number,
    private readonly limit = 600,
  ) {
    this.ys = Array.from({ length: series }, () => []);
  }

  push(x: number, values: readonly number[]): void {
    this.count += 1;
    if (this.count % this.every !== 0 && this.x.length > 0) {
      // keep the latest point visible: overwrite the tail between kept samples
      this.x[this.x.length - 1] = x;
      values.forEach((v, k) => (this.ys[k][this.ys[k].length - 1] = v));
      return;
    }
    this.x.push(x);
    values.forEach((v, k) => this.ys[k].push(v));
    if (this.x.length > this.limit) {
      const keep = (a: number[]) => a.filter((_, i) => i % 2 === 0 || i === a.length - 1);
      const nx = keep(this.x);
      this.x.splice(0, this.x.length, ...nx);
      for (const y of this.ys) y.splice(0, y.length, ...keep(y));
      this.every *= 2;
    }
  }

  clear(): void {
    this.x.length = 0;
    for (const y of this.ys) y.length = 0;
    this.every = 1;
    this.count = 0;
  }
}
