// The one module that owns the ActLab WebAssembly module: it loads it once
// (one cached promise), converts arrays to and from typed arrays, and frees
// every Embind object it hands out. Widgets import this, never the raw module.
//
// There are two builds of the module (wasm/CMakeLists.txt): the full one, and
// actlab-functions, the same activations, losses and descent surfaces without the
// trainer, about a third of the size. A page whose widgets only plot functions loads the small
// one; the first widget that needs a trainer loads the full one, which then
// serves every later request. Both are imported dynamically, so a page
// downloads only the build it uses.
import type {
  ActivationInfo,
  ActLabFunctionsModule,
  ActLabModule,
  LossInfo,
  ParamSpec,
  SurfaceInfo,
} from './actlab-module';
import type { RawTrainer, TrainerConfig, TrainerEvaluation, TrainerMetrics } from './actlab-module';

export type { ActivationInfo, LossInfo, ParamSpec } from './actlab-module';

export type Numbers = ArrayLike<number>;

export interface LoadOptions {
  /**
   * The bytes of the wasm file (actlab.wasm, or actlab-functions.wasm with
   * trainer: false); needed in Node, where the module cannot fetch a file path.
   */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Whether the caller needs createTrainer (default true). false may load the smaller build. */
  trainer?: boolean;
}

export class ActLab {
  readonly activations: readonly ActivationInfo[];
  readonly losses: readonly LossInfo[];
  private readonly activationById: Map<string, ActivationInfo>;
  private readonly lossById: Map<string, LossInfo>;
  private readonly surfaceById: Map<string, SurfaceInfo>;

  constructor(readonly module: ActLabModule | ActLabFunctionsModule) {
    this.activations = module.activationList();
    this.losses = module.lossList();
    this.activationById = new Map(this.activations.map((a) => [a.id, a]));
    this.lossById = new Map(this.losses.map((l) => [l.id, l]));
    this.surfaceById = new Map(module.surfaceList().map((s) => [s.id, s]));
  }

  activation(id: string): ActivationInfo | undefined {
    return this.activationById.get(id);
  }

  loss(id: string): LossInfo | undefined {
    return this.lossById.get(id);
  }

  /** A descent surface: its formula, view, start point and minima. */
  surface(id: string): SurfaceInfo | undefined {
    return this.surfaceById.get(id);
  }

  /** f(x) for every x. Throws an Error naming the problem for a bad id or parameter. */
  activationValue(id: string, xs: Numbers, params: Numbers = []): Float64Array {
    return this.module.activationEval(id, toFloat64(xs), toFloat64(params));
  }

  /** f'(x) for every x. */
  activationGrad(id: string, xs: Numbers, params: Numbers = []): Float64Array {
    return this.module.activationGrad(id, toFloat64(xs), toFloat64(params));
  }

  /** The mean loss of pred against target. */
  lossValue(id: string, pred: Numbers, target: Numbers, params: Numbers = []): number {
    return this.module.lossEval(id, toFloat64(pred), toFloat64(target), toFloat64(params));
  }

  /** The loss of each example (one per prediction; per row for cross_entropy and kl_div); their mean is lossValue. */
  lossPerExample(id: string, pred: Numbers, target: Numbers, params: Numbers = []): Float64Array {
    return this.module.lossPerExample(id, toFloat64(pred), toFloat64(target), toFloat64(params));
  }

  /** d loss / d pred, one value per prediction. */
  lossGrad(id: string, pred: Numbers, target: Numbers, params: Numbers = []): Float64Array {
    return this.module.lossGrad(id, toFloat64(pred), toFloat64(target), toFloat64(params));
  }

  /** The default parameter values of an activation or a loss. */
  defaults(spec: readonly ParamSpec[]): number[] {
    return spec.map((p) => p.default);
  }
}

export function toFloat64(values: Numbers): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/**
 * n evenly spaced points from a to b inclusive. Each is (a·(n−1−i) + b·i) / (n−1), which is
 * exact wherever that is an integer and a and b are integers: with a = −4, b = 3 and n = 351
 * the point 0 is 0, not a rounding error away from it (relu′ reads 0 there, not 1).
 */
export function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) out[0] = a;
  for (let i = 0; i < n && n > 1; ++i) out[i] = (a * (n - 1 - i) + b * i) / (n - 1);
  return out;
}

/**
 * A sample count near `target` for linspace(a, b, ·) whose spacing is a round number (1, 2,
 * 2.5 or 5 times a power of ten) that divides a and b, so round values between them (0, 0.5,
 * −5, p = 0.9 ...) are sample points a readout can show; between target/2 and 2·target
 * points, the nearest to target on a log scale. `target` when no round spacing fits.
 */
export function roundSampleCount(a: number, b: number, target: number): number {
  const wanted = target - 1;
  if (!(b > a) || wanted < 2) return target;
  const isWhole = (v: number) => Math.abs(v - Math.round(v)) <= 1e-9 * Math.max(1, Math.abs(v));
  let best = 0;
  const top = Math.floor(Math.log10((b - a) / wanted)) + 1;
  for (let e = top - 2; e <= top; ++e)
    for (const m of [1, 2, 2.5, 5]) {
      const step = m * 10 ** e;
      if (!isWhole(a / step) || !isWhole(b / step)) continue;
      const intervals = Math.round((b - a) / step);
      if (intervals * 2 < wanted || intervals > wanted * 2) continue;
      if (!best || Math.abs(Math.log(intervals / wanted)) < Math.abs(Math.log(best / wanted))) best = intervals;
    }
  return best ? best + 1 : target;
}

type Factory = (options: { wasmBinary?: ArrayBuffer | Uint8Array }) => Promise<ActLabModule | ActLabFunctionsModule>;

let loadingFull: Promise<ActLab> | undefined;
let loadingFunctions: Promise<ActLab> | undefined;

function load(factory: Promise<{ default: Factory }>, options: LoadOptions): Promise<ActLab> {
  return factory
    .then((m) => m.default(options.wasmBinary ? { wasmBinary: options.wasmBinary } : {}))
    .then((module) => new ActLab(module));
}

/**
 * The shared ActLab instance; each build is fetched and compiled at most once
 * per page. With { trainer: false } the functions-only build is enough, unless
 * the full one is already loading.
 */
export function loadActLab(options: LoadOptions = {}): Promise<ActLab> {
  if (options.trainer === false && !loadingFull) {
    if (!loadingFunctions) {
      loadingFunctions = load(import('../wasm/dist/actlab-functions.mjs'), options);
      loadingFunctions.catch(() => {
        loadingFunctions = undefined; // let a later call retry after a failed fetch
      });
    }
    return loadingFunctions;
  }
  if (!loadingFull) {
    loadingFull = load(import('../wasm/dist/actlab.mjs'), options);
    loadingFull.catch(() => {
      loadingFull = undefined;
    });
  }
  return loadingFull;
}

// ---- Trainer (issue 3) ---------------------------------------------------------

export type {
  TrainerConfig,
  TrainerEvaluation,
  TrainerLayerConfig,
  TrainerLayerMetrics,
  TrainerMetrics,
} from './actlab-module';

// Frees an Embind trainer that was dropped without dispose(). A safety net only:
// finalizers run late or not at all, so callers should still dispose().
const trainerRegistry =
  typeof FinalizationRegistry === 'undefined'
    ? undefined
    : new FinalizationRegistry<RawTrainer>((raw) => {
        if (!raw.isDeleted()) raw.delete();
      });

export function toFloat32(values: Numbers): Float32Array {
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/** An MLP trainer in the wasm module. Call dispose() when done with it. */
export class Trainer {
  private raw: RawTrainer | undefined;

  /** Throws an Error naming the bad field and its range for an invalid config. */
  constructor(module: ActLabModule | ActLabFunctionsModule, config: TrainerConfig | string) {
    if (!('Trainer' in module))
      throw new Error('no trainer in the actlab-functions build: load the full module with loadActLab()');
    const raw = new module.Trainer(typeof config === 'string' ? config : JSON.stringify(config));
    this.raw = raw;
    trainerRegistry?.register(this, raw, this);
  }

  private get live(): RawTrainer {
    if (!this.raw) throw new Error('trainer already disposed');
    return this.raw;
  }

  get disposed(): boolean {
    return this.raw === undefined;
  }

  /** Rows of nFeatures values; y: class indices for softmax, else nOutputs targets a row. */
  setData(x: Numbers, y: Numbers, nFeatures: number, nOutputs: number): void {
    this.live.setData(toFloat32(x), toFloat32(y), nFeatures, nOutputs);
  }

  setTestData(x: Numbers, y: Numbers, nFeatures: number, nOutputs: number): void {
    this.live.setTestData(toFloat32(x), toFloat32(y), nFeatures, nOutputs);
  }

  /** n mini-batch steps (1..100000); returns the steps taken. */
  step(n = 1): number {
    return this.live.step(n);
  }

  /** To the end of the current pass over the training set; returns the steps taken. */
  epoch(): number {
    return this.live.epoch();
  }

  /** Fresh weights from the seed; clears a divergence. */
  reset(): void {
    this.live.reset();
  }

  /** Cheap enough to call every frame (see docs/trainer-config.md). */
  metrics(): TrainerMetrics {
    return this.live.metrics();
  }

  /** Exact loss and accuracy over all the data (a full forward pass). */
  evaluate(): TrainerEvaluation {
    return this.live.evaluate();
  }

  predict(x: Numbers): Float32Array {
    return this.live.predict(toFloat32(x));
  }

  /** A view into wasm memory: read or copy it before the next call into the module. */
  predictGrid(xMin: number, xMax: number, yMin: number, yMax: number, width: number, height: number): Float32Array {
    return this.live.predictGrid(xMin, xMax, yMin, yMax, width, height);
  }

  exportWeights(): string {
    return this.live.exportWeights();
  }

  importWeights(json: string | object): void {
    this.live.importWeights(json);
  }

  /** The config with every default filled in. */
  config(): TrainerConfig {
    return this.live.config();
  }

  /** Frees the wasm memory; later calls throw. Safe to call twice. */
  dispose(): void {
    if (!this.raw) return;
    trainerRegistry?.unregister(this);
    if (!this.raw.isDeleted()) this.raw.delete();
    this.raw = undefined;
  }
}

export interface ActLab {
  /** A new trainer; throws an Error naming the bad field for an invalid config. */
  createTrainer(config: TrainerConfig | string): Trainer;
}

ActLab.prototype.createTrainer = function createTrainer(this: ActLab, config: TrainerConfig | string): Trainer {
  return new Trainer(this.module, config);
};
