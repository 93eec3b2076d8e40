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

export interface ActLabModule {
  activationEval(id: string, xs: Float64Array, params?: Float64Array): Float64Array;
  activationGrad(id: string, xs: Float64Array, params?: Float64Array): Float64Array;
  lossEval(id: string, pred: Float64Array, target: Float64Array, params?: Float64Array): number;
  lossGrad(id: string, pred: Float64Array, target: Float64Array, params?: Float64Array): Float64Array;
  activationList(): ActivationInfo[];
  lossList(): LossInfo[];
  HEAP8: Int8Array;
}

export interface ActLabFactoryOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

declare function createActLab(options?: ActLabFactoryOptions): Promise<ActLabModule>;
export default createActLab;
