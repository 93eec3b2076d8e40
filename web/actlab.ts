// The one module that owns the ActLab WebAssembly module: it loads it once
// (one cached promise), converts arrays to and from typed arrays, and frees
// every Embind object it hands out. Widgets import this, never the raw module.
import createActLab from '../wasm/dist/actlab.mjs';
import type { ActivationInfo, ActLabModule, LossInfo, ParamSpec } from './actlab-module';

export type { ActivationInfo, LossInfo, ParamSpec } from './actlab-module';

export type Numbers = ArrayLike<number>;

export interface LoadOptions {
  /** The bytes of actlab.wasm; needed in Node, where the module cannot fetch a file path. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export class ActLab {
  readonly activations: readonly ActivationInfo[];
  readonly losses: readonly LossInfo[];
  private readonly activationById: Map<string, ActivationInfo>;
  private readonly lossById: Map<string, LossInfo>;

  constructor(readonly module: ActLabModule) {
    this.activations = module.activationList();
    this.losses = module.lossList();
    this.activationById = new Map(this.activations.map((a) => [a.id, a]));
    this.lossById = new Map(this.losses.map((l) => [l.id, l]));
  }

  activation(id: string): ActivationInfo | undefined {
    return this.activationById.get(id);
  }

  loss(id: string): LossInfo | undefined {
    return this.lossById.get(id);
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

/** n evenly spaced points from a to b inclusive. */
export function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const step = n > 1 ? (b - a) / (n - 1) : 0;
  for (let i = 0; i < n; ++i) out[i] = a + i * step;
  return out;
}

let loading: Promise<ActLab> | undefined;

/** The shared ActLab instance; the module is fetched and compiled once per page. */
export function loadActLab(options: LoadOptions = {}): Promise<ActLab> {
  if (!loading) {
    loading = createActLab(options.wasmBinary ? { wasmBinary: options.wasmBinary } : {}).then(
      (module) => new ActLab(module),
    );
    loading.catch(() => {
      loading = undefined; // let a later call retry after a failed fetch
    });
  }
  return loading;
}
