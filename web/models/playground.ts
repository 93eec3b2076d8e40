// The training playground's model, DOM-free: its state (plain, URL-serialisable
// values, one field per attribute), the choices it offers, and the trainer
// config (docs/trainer-config.md) that a state describes.
import type { ActivationInfo } from '../actlab-module';
import {
  clip,
  describeParams,
  enumField,
  formatParamList,
  numberField,
  parseUnitList,
  readParamList,
  toggleField,
  type Field,
  type Values,
} from '../widgets/shared/state';
import { DATASET_IDS, isReal, kindOf, type DatasetId, type DataSplit, type TaskKind } from './datasets';

/** What a field's parser needs to know: the activation table of the wasm module. */
export interface Catalogue {
  activations: readonly ActivationInfo[];
  activation(id: string): ActivationInfo | undefined;
}

export const MAX_LAYERS = 8;
export const MAX_UNITS = 256;
/** The network view draws at most this many units of a layer. */
export const MAX_DRAWN_UNITS = 8;

// ---- output/loss pairs ---------------------------------------------------------

export type OutputActivation = 'linear' | 'sigmoid' | 'tanh' | 'softmax';

export interface OutputLoss {
  kind: TaskKind;
  output: OutputActivation;
  loss: string;
  label: string;
}

export const OUTPUT_LOSSES: Record<string, OutputLoss> = {
  bce: { kind: 'binary', output: 'sigmoid', loss: 'bce', label: 'sigmoid 输出 + 二元交叉熵 BCE' },
  sigmoid_mse: { kind: 'binary', output: 'sigmoid', loss: 'mse', label: 'sigmoid 输出 + 均方误差 MSE' },
  tanh_mse: { kind: 'binary', output: 'tanh', loss: 'mse', label: 'tanh 输出 + MSE（TensorFlow Playground 的设置）' },
  hinge: { kind: 'binary', output: 'linear', loss: 'hinge', label: '线性输出 + hinge 损失' },
  cross_entropy: { kind: 'multiclass', output: 'softmax', loss: 'cross_entropy', label: 'softmax 输出 + 交叉熵' },
  mse: { kind: 'regression', output: 'linear', loss: 'mse', label: '线性输出 + 均方误差 MSE' },
  mae: { kind: 'regression', output: 'linear', loss: 'mae', label: '线性输出 + 平均绝对误差 MAE' },
  huber: { kind: 'regression', output: 'linear', loss: 'huber', label: '线性输出 + Huber' },
  smooth_l1: { kind: 'regression', output: 'linear', loss: 'smooth_l1', label: '线性输出 + Smooth L1' },
  log_cosh: { kind: 'regression', output: 'linear', loss: 'log_cosh', label: '线性输出 + log-cosh' },
};

export function lossesFor(kind: TaskKind): string[] {
  return Object.keys(OUTPUT_LOSSES).filter((id) => OUTPUT_LOSSES[id].kind === kind);
}

export const DEFAULT_LOSS: Record<TaskKind, string> = { binary: 'bce', multiclass: 'cross_entropy', regression: 'mse' };

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw'] as const;
export const OPTIMIZER_LABELS: Record<string, string> = {
  sgd: 'SGD（随机梯度下降）',
  momentum: 'Momentum（动量）',
  nesterov: 'Nesterov 动量',
  rmsprop: 'RMSprop',
  adam: 'Adam',
  adamw: 'AdamW（解耦权重衰减）',
};
export const INITS = ['xavier_uniform', 'xavier_normal', 'he_uniform', 'he_normal', 'lecun_normal', 'zeros'] as const;
export const INIT_LABELS: Record<string, string> = {
  xavier_uniform: 'Xavier 均匀',
  xavier_normal: 'Xavier 正态',
  he_uniform: 'He 均匀',
  he_normal: 'He 正态',
  lecun_normal: 'LeCun 正态（配 selu）',
  zeros: '全零（演示对称性问题）',
};

// ---- state ---------------------------------------------------------------------------

export interface PlaygroundState extends Values {
  dataset: DatasetId;
  noise: number;
  samples: number;
  test: number;
  dataseed: number;
  standardize: boolean;
  layers: number[];
  act: string[];
  params: number[][];
  loss: string;
  optimizer: string;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  wd: number;
  batch: number;
  l1: number;
  l2: number;
  init: string;
  seed: number;
  speed: string;
}

/**
 * Training speed: mini-batch steps per animation frame (max: as many as fit in the widget's
 * training budget per frame, which its speed menu names: speedSelect).
 */
export const SPEEDS: Record<string, { label: string; steps: number | null }> = {
  slow: { label: '慢（每帧 1 步）', steps: 1 },
  normal: { label: '正常（每帧 10 步）', steps: 10 },
  fast: { label: '快（每帧 100 步）', steps: 100 },
  max: { label: '最快', steps: null },
};

export type PlaygroundField = Field<unknown, Catalogue> & { dependsOn?: readonly string[] };

function defaultLayers(dataset: DatasetId): number[] {
  if (dataset === 'digits') return [64];
  if (dataset === 'iris') return [16];
  if (kindOf(dataset) === 'regression') return [16, 16];
  return [8, 8];
}

function defaultActivation(dataset: DatasetId): string {
  return isReal(dataset) ? 'relu' : 'tanh';
}

/** The activation of hidden layer i: the list may be shorter than the layers (its last entry repeats). */
export function activationOf(state: Pick<PlaygroundState, 'act'>, i: number): string {
  return state.act[Math.min(i, state.act.length - 1)] ?? 'tanh';
}

/** The parameters of hidden layer i (the activation's defaults where none are given). */
export function paramsOf(state: Pick<PlaygroundState, 'act' | 'params'>, i: number, catalogue: Catalogue): number[] {
  const info = catalogue.activation(activationOf(state, i));
  const specs = info?.params ?? [];
  const given = state.params[i] ?? [];
  return specs.map((p, k) => (Number.isFinite(given[k]) ? given[k] : p.default));
}

function layersField(): PlaygroundField {
  const field: Field<number[], Catalogue> & { dependsOn: string[] } = {
    key: 'layers',
    dependsOn: ['dataset'],
    defaultValue: (s) => defaultLayers(s.dataset as DatasetId),
    parse(raw) {
      const message = `layers 必须是 1 到 ${MAX_LAYERS} 个用逗号分隔的整数，每层 1 到 ${MAX_UNITS} 个单元`;
      const units = parseUnitList(raw, MAX_LAYERS, MAX_UNITS);
      if (!units) return { ok: false, message: `${message}（收到“${clip(raw, 40)}”）` };
      return { ok: true, value: units };
    },
    format: (v) => v.join(','),
  };
  return field as PlaygroundField;
}

function actField(): PlaygroundField {
  const field: Field<string[], Catalogue> & { dependsOn: string[] } = {
    key: 'act',
    // one entry per layer (or one for all): checked again when layers changes
    dependsOn: ['dataset', 'layers'],
    defaultValue: (s) => [defaultActivation(s.dataset as DatasetId)],
    parse(raw, s, catalogue) {
      const ids = raw.split(',').map((t) => t.trim());
      const known = catalogue.activations.map((a) => a.id);
      const layers = (s.layers as number[]).length;
      if (ids.length < 1 || ids.length > layers || ids.some((id) => !known.includes(id)))
        return {
          ok: false,
          message: `act 必须是 1 到 ${layers} 个用逗号分隔的激活函数 id（${known.join('、')}）`,
        };
      return { ok: true, value: ids };
    },
    format: (v) => v.join(','),
  };
  return field as PlaygroundField;
}

function paramsField(): PlaygroundField {
  const field: Field<number[][], Catalogue> & { dependsOn: string[] } = {
    key: 'params',
    dependsOn: ['dataset', 'layers', 'act'],
    defaultValue: () => [],
    parse(raw, s, catalogue) {
      const state = s as PlaygroundState;
      const text = raw.trim();
      if (text === '') return { ok: true, value: [] };
      const groups = text.split(';');
      if (groups.length > state.layers.length)
        return { ok: false, message: `params 最多 ${state.layers.length} 组（每层一组，用分号分隔）` };
      const out: number[][] = [];
      for (let i = 0; i < groups.length; ++i) {
        const id = activationOf(state, i);
        const specs = catalogue.activation(id)?.params ?? [];
        const describe = specs.length ? describeParams(specs) : '无参数';
        const values = readParamList(groups[i], specs);
        if (!values) return { ok: false, message: `params 第 ${i + 1} 组对 ${id} 应为逗号分隔的数：${describe}` };
        out.push(values);
      }
      return { ok: true, value: out };
    },
    format: (v) => (v.every((g) => g.length === 0) ? '' : v.map(formatParamList).join(';')),
  };
  return field as PlaygroundField;
}

/** Why the real data sets are always standardised (shown next to the greyed-out box). */
export const STANDARDIZE_FORCED_NOTE =
  'digits 与 iris 的特征总是标准化：像素灰度是 0–16，花的尺寸以厘米计，不缩放到同一尺度时同一个学习率对各特征的步长相差很大。';

/**
 * Standardising the features: off by default on the toy sets, always on for the real
 * ones (their features have very different scales), so the state, the URL and the
 * ticked box agree. An explicit "off" for digits or iris falls back with a notice.
 */
function standardizeField(): Field<boolean, Catalogue> {
  const toggle = toggleField('standardize', false);
  return {
    ...toggle,
    defaultValue: (s) => isReal(String(s.dataset)),
    parse(raw, s) {
      const parsed = toggle.parse(raw, s, undefined as never);
      if (parsed.ok && !parsed.value && isReal(String(s.dataset)))
        return { ok: false, message: `standardize 对 ${String(s.dataset)} 只能是 on（${STANDARDIZE_FORCED_NOTE}）` };
      return parsed;
    },
  } as Field<boolean, Catalogue>;
}

export function playgroundFields(): PlaygroundField[] {
  const f = (field: Field<any, Catalogue>, dependsOn?: string[]) =>
    (dependsOn ? { ...field, dependsOn } : field) as PlaygroundField;
  return [
    f(enumField<Catalogue>('dataset', DATASET_IDS, 'circle')),
    f(numberField<Catalogue>('noise', { min: 0, max: 0.5, default: (s) => (isReal(String(s.dataset)) ? 0 : 0.05) }), [
      'dataset',
    ]),
    f(numberField<Catalogue>('samples', { min: 50, max: 2000, default: 400, integer: true })),
    f(numberField<Catalogue>('test', { min: 0.1, max: 0.9, default: 0.3 })),
    f(numberField<Catalogue>('dataseed', { min: 0, max: 1e9, default: 1, integer: true })),
    f(standardizeField(), ['dataset']),
    layersField(),
    actField(),
    paramsField(),
    f(
      enumField<Catalogue>(
        'loss',
        (s) => lossesFor(kindOf(s.dataset as DatasetId)),
        (s) => DEFAULT_LOSS[kindOf(s.dataset as DatasetId)],
      ),
      ['dataset'],
    ),
    f(enumField<Catalogue>('optimizer', OPTIMIZERS, 'adam')),
    f(
      numberField<Catalogue>('lr', { min: 0.0001, max: 10, default: (s) => (isReal(String(s.dataset)) ? 0.01 : 0.03) }),
      ['dataset'],
    ),
    f(numberField<Catalogue>('momentum', { min: 0, max: 0.999, default: 0.9 })),
    f(numberField<Catalogue>('beta1', { min: 0, max: 0.999, default: 0.9 })),
    f(numberField<Catalogue>('beta2', { min: 0, max: 0.9999, default: 0.999 })),
    f(numberField<Catalogue>('wd', { min: 0, max: 1, default: 0.01 })),
    f(
      numberField<Catalogue>('batch', {
        min: 1,
        max: 512,
        default: (s) => (isReal(String(s.dataset)) ? 32 : 16),
        integer: true,
      }),
      ['dataset'],
    ),
    f(numberField<Catalogue>('l1', { min: 0, max: 0.1, default: 0 })),
    f(numberField<Catalogue>('l2', { min: 0, max: 0.1, default: 0 })),
    f(
      enumField<Catalogue>('init', INITS, (s) => (isReal(String(s.dataset)) ? 'he_uniform' : 'xavier_uniform')),
      ['dataset'],
    ),
    f(numberField<Catalogue>('seed', { min: 0, max: 1e9, default: 1, integer: true })),
    f(enumField<Catalogue>('speed', Object.keys(SPEEDS), 'normal')),
  ];
}

/** The state with every field at its default (for tests and exports). */
export function defaultPlaygroundState(
  catalogue: Catalogue,
  overrides: Partial<PlaygroundState> = {},
): PlaygroundState {
  const state: Values = {};
  for (const field of playgroundFields()) {
    state[field.key] = field.key in overrides ? (overrides as Values)[field.key] : field.defaultValue(state, catalogue);
  }
  return state as PlaygroundState;
}

// ---- trainer config ------------------------------------------------------------------

export interface TrainerConfigJson {
  layers: { units: number; activation: string; params: number[] }[];
  output: { units: number; activation: OutputActivation };
  loss: { id: string };
  optimizer: { id: string; lr: number; momentum: number; beta1: number; beta2: number; weightDecay?: number };
  batchSize: number;
  init: string;
  l1: number;
  l2: number;
  seed: number;
  standardize: boolean;
}

/** The shape a network needs from its data. */
export interface DataShape {
  kind: TaskKind;
  nFeatures: number;
  nClasses: number;
}

export function shapeOf(data: DataSplit): DataShape {
  return { kind: data.kind, nFeatures: data.nFeatures, nClasses: data.nClasses };
}

/** The trainer config a state describes (network, loss, optimizer), for data of the given shape. */
export function trainerConfig(state: PlaygroundState, shape: DataShape, catalogue: Catalogue): TrainerConfigJson {
  const pair = OUTPUT_LOSSES[state.loss] ?? OUTPUT_LOSSES[DEFAULT_LOSS[shape.kind]];
  const optimizer: TrainerConfigJson['optimizer'] = {
    id: state.optimizer,
    lr: state.lr,
    momentum: state.momentum,
    beta1: state.beta1,
    beta2: state.beta2,
  };
  if (state.optimizer === 'adamw') optimizer.weightDecay = state.wd;
  return {
    layers: state.layers.map((units, i) => ({
      units,
      activation: activationOf(state, i),
      params: paramsOf(state, i, catalogue),
    })),
    output: { units: pair.kind === 'multiclass' ? shape.nClasses : 1, activation: pair.output },
    loss: { id: pair.loss },
    optimizer,
    batchSize: state.batch,
    init: state.init,
    l1: state.l1,
    l2: state.l2,
    seed: state.seed,
    standardize: state.standardize || isReal(state.dataset),
  };
}

/** The number of trainable parameters (weights, biases and prelu slopes). */
export function parameterCount(config: TrainerConfigJson, nFeatures: number): number {
  let inputs = nFeatures;
  let total = 0;
  for (const layer of config.layers) {
    total += inputs * layer.units + layer.units + (layer.activation === 'prelu' ? 1 : 0);
    inputs = layer.units;
  }
  return total + inputs * config.output.units + config.output.units;
}

/** A value for the decision-boundary colour map, in [0, 1]: 0 is class 0, 1 is class 1. */
export function boundaryScale(output: OutputActivation): (v: number) => number {
  if (output === 'sigmoid') return (v) => v;
  if (output === 'tanh') return (v) => (v + 1) / 2;
  return (v) => 0.5 + 0.5 * Math.tanh(v);
}

/** The learning rate the divergence guard proposes: a tenth, rounded to one significant digit. */
export function saferLearningRate(lr: number): number {
  const next = lr / 10;
  const rounded = Number(next.toPrecision(1));
  return Math.max(0.0001, rounded);
}
