// Hand-written types for wasm/dist/actlab.mjs, the Embind module (Emscripten 3.1.6
// cannot emit them). Only web/actlab.ts imports this; widgets use that wrapper.

export interface ParamSpec {
  id: string;
  default: number;
  /** The range the module accepts. */
  min: number;
  max: number;
  /** The range a slider should offer. */
  sliderMin: number;
  sliderMax: number;
  /** Set when this parameter must be strictly greater than the earlier parameter it names (hardtanh: max_val > min_val). */
  above?: string;
}

export interface ActivationProperties {
  monotonic: boolean;
  smooth: boolean;
  zeroCentred: boolean;
  boundedAbove: boolean;
  boundedBelow: boolean;
  saturating: boolean;
}

export interface ActivationInfo {
  id: string;
  name: string;
  torch: string;
  /** LaTeX of f(x) and f'(x). */
  formula: string;
  derivative: string;
  origin: string;
  params: ParamSpec[];
  /** Output range at the default parameters; infinite ends are ±Infinity. */
  range: { min: number; max: number; minAttained: boolean; maxAttained: boolean };
  properties: ActivationProperties;
}

export type TargetKind = 'real' | 'probability' | 'sign' | 'class_index' | 'distribution';

export interface LossInfo {
  id: string;
  name: string;
  torch: string;
  formula: string;
  gradient: string;
  prediction: 'value' | 'probability' | 'logit' | 'log-probability';
  target: TargetKind;
  params: ParamSpec[];
  properties: { convex: boolean; smooth: boolean; boundedGradient: boolean };
}

export interface DatasetSpecInput {
  id: 'circle' | 'xor' | 'gaussians' | 'spiral' | 'moons' | 'sin' | 'abs' | 'step' | 'cubic';
  /** 10..100000 points in all (train + test); default 500. */
  samples?: number;
  /** [0, 1]; default 0. */
  noise?: number;
  /** [0, 0.9]; default 0.2. */
  testRatio?: number;
  /** 0..2^53; default 1. */
  seed?: number;
}

export interface GeneratedDataset {
  trainX: Float32Array;
  trainY: Float32Array;
  testX: Float32Array;
  testY: Float32Array;
  nFeatures: number;
  classification: boolean;
}

export type SurfaceId = 'bowl' | 'ravine' | 'rosenbrock' | 'saddle';
export type DescentOptimizerId = 'sgd' | 'momentum' | 'adam';

/** A 2-D test surface of the descent widget. */
export interface SurfaceInfo {
  id: SurfaceId;
  /** Plain text, e.g. "f = 0.5 (x^2 + y^2)". */
  formula: string;
  /** The view. */
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
  /** Where a path starts. */
  start: [number, number];
  /** The lowest value of f. */
  minimum: number;
  /** Where f takes it. */
  minima: [number, number][];
}

export interface DescentPath {
  /** The start and one point per step taken. */
  x: Float64Array;
  y: Float64Array;
  loss: Float64Array;
  /**
   * The step at which the path diverged, or -1: |x| or |y| above 50 times the view's larger side,
   * f − minimum above 10⁶ · max(1, f(start) − minimum), or a value not finite. The path stops there,
   * keeping that point when it is finite.
   */
  divergedAt: number;
}

export interface ActLabModule {
  activationEval(id: string, xs: Float64Array, params?: Float64Array): Float64Array;
  activationGrad(id: string, xs: Float64Array, params?: Float64Array): Float64Array;
  lossEval(id: string, pred: Float64Array, target: Float64Array, params?: Float64Array): number;
  lossGrad(id: string, pred: Float64Array, target: Float64Array, params?: Float64Array): Float64Array;
  /**
   * The loss of each example, whose mean is lossEval's value: one per prediction (PyTorch's
   * reduction 'none'), one per row for cross_entropy, and for kl_div each row's sum of 'none'.
   */
  lossPerExample(id: string, pred: Float64Array, target: Float64Array, params?: Float64Array): Float64Array;
  activationList(): ActivationInfo[];
  lossList(): LossInfo[];
  surfaceList(): SurfaceInfo[];
  /** f at every (xs[i], ys[j]), at index j * xs.length + i (at most 10^6 points). */
  surfaceGrid(surface: SurfaceId, xs: Float64Array, ys: Float64Array): Float64Array;
  /**
   * Gradient descent from the surface's start with torch.optim's rule: SGD, SGD with momentum 0.9,
   * or Adam (betas 0.9, 0.999, eps 1e-8); lr in [1e-6, 100], steps a whole number in [0, 10000].
   */
  descentPath(surface: SurfaceId, optimizer: DescentOptimizerId, lr: number, steps: number): DescentPath;
  /** One of the core's built-in data sets (the same generators the trainer's `dataset` config uses). */
  generateDataset(spec: string | DatasetSpecInput): GeneratedDataset;
  HEAP8: Int8Array;
}

export interface ActLabFactoryOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

declare function createActLab(options?: ActLabFactoryOptions): Promise<ActLabModule>;
export default createActLab;

/** wasm/dist/actlab-functions.mjs: the same functions and surfaces, without the data sets and the Trainer. */
export type ActLabFunctionsModule = Omit<ActLabModule, 'generateDataset' | 'Trainer'>;

// ---- Trainer (issue 3). Fields, defaults and ranges: docs/trainer-config.md ----

export type OutputActivation = 'linear' | 'sigmoid' | 'tanh' | 'softmax';
export type OptimizerId = 'sgd' | 'momentum' | 'nesterov' | 'rmsprop' | 'adam' | 'adamw';
export type InitId = 'xavier_uniform' | 'xavier_normal' | 'he_uniform' | 'he_normal' | 'lecun_normal' | 'zeros';
export type DatasetId = 'circle' | 'xor' | 'gaussians' | 'spiral' | 'moons' | 'sin' | 'abs' | 'step' | 'cubic';

export interface TrainerLayerConfig {
  /** 1..256 */
  units: number;
  /** Any activation id of activationList(). */
  activation: string;
  /** In the activation's parameter order; omitted ones take their defaults. prelu: the initial slope. */
  params?: number[];
}

export interface TrainerConfig {
  /** 1..8 hidden layers. */
  layers: TrainerLayerConfig[];
  /** units 1..256 (softmax: 2..256 classes). */
  output: { units: number; activation: OutputActivation };
  /** linear: mse | mae | huber | smooth_l1 | log_cosh | hinge; sigmoid: bce | mse; tanh: mse; softmax: cross_entropy. */
  loss: { id: string; params?: number[] };
  optimizer?: {
    id?: OptimizerId;
    /** (0, 1000]; default 0.03 (sgd, momentum, nesterov), 0.01 (rmsprop), 0.001 (adam, adamw). */
    lr?: number;
    momentum?: number;
    rho?: number;
    beta1?: number;
    beta2?: number;
    eps?: number;
    /** Default 0.01 for adamw (decoupled), 0 otherwise (L2 added to the gradient). */
    weightDecay?: number;
  };
  /** 1..4096, default 32. */
  batchSize?: number;
  /** Default xavier_uniform. */
  init?: InitId;
  l1?: number;
  l2?: number;
  /** 0..2^53, default 1. */
  seed?: number;
  /** z-score every feature with the training set's mean and std. Default false. */
  standardize?: boolean;
  /** The input width, if the network should exist before setData. */
  inputs?: number;
  /** A built-in data set instead of setData. */
  dataset?: { id: DatasetId; samples?: number; noise?: number; testRatio?: number; seed?: number };
  /**
   * Per-layer diagnostics, gathered during every step. Default true; with false
   * the steps skip that work and metrics().layers is []. The weights are the
   * same bits either way.
   */
  diagnostics?: boolean;
}

export interface TrainerLayerMetrics {
  /** L2 norm of the last step's gradient of W and b (penalties included); 0 before the first step. */
  gradNorm: number;
  /** L2 norm of W (biases excluded). */
  weightNorm: number;
  /** Mean and (population) std of the last batch's pre-activations (its first rows, up to 128 values). */
  preActMean: number;
  preActStd: number;
  /** 20 equal bins over [min, max] of the same pre-activations. */
  histogram: { min: number; max: number; counts: number[] };
  /** Share of the whole last batch's (row, unit) pairs with |f'(z)| < 0.01. */
  saturatedFraction: number;
  /** Units that output 0 on every training row of the last complete epoch (relu-like layers). */
  deadFraction: number;
  deadUnits: number[];
  /** The learned slope of a prelu layer; 0 otherwise. */
  preluWeight: number;
}

/**
 * null where a number does not apply (no test set; accuracy of a regression; before the first step).
 * A plain object and a snapshot: later steps and calls do not change it.
 */
export interface TrainerMetrics {
  step: number;
  epoch: number;
  batchLoss: number | null;
  trainLoss: number | null;
  testLoss: number | null;
  trainAccuracy: number | null;
  testAccuracy: number | null;
  status: 'ok' | 'diverged';
  divergedAtStep: number | null;
  /** Hidden layers, then the output layer; [] when the config has diagnostics: false. */
  layers: TrainerLayerMetrics[];
}

/** An exact pass over the whole training and test sets. */
export interface TrainerEvaluation {
  trainLoss: number | null;
  trainAccuracy: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
  /** Per hidden layer. */
  deadUnits: number[][];
}

/** The Embind object; free it with delete(). Every method throws an Error naming the problem. */
export interface RawTrainer {
  setData(x: Float32Array, y: Float32Array, nFeatures: number, nOutputs: number): void;
  setTestData(x: Float32Array, y: Float32Array, nFeatures: number, nOutputs: number): void;
  /** 1 <= n <= 100000; returns the steps taken (fewer once diverged). */
  step(n?: number): number;
  epoch(): number;
  reset(): void;
  metrics(): TrainerMetrics;
  evaluate(): TrainerEvaluation;
  predict(x: Float32Array): Float32Array;
  /** A view into wasm memory, valid until the next call into the module. */
  predictGrid(xMin: number, xMax: number, yMin: number, yMax: number, width: number, height: number): Float32Array;
  exportWeights(): string;
  importWeights(json: string | object): void;
  config(): TrainerConfig;
  inputWidth(): number;
  delete(): void;
  isDeleted(): boolean;
}

export interface ActLabModule {
  Trainer: new (config: string | TrainerConfig) => RawTrainer;
}
