// The comparison lab's model, DOM-free: its state fields, the per-run trainer
// configs (one shared seed, data and architecture; one varied choice), and the
// summary table (steps to reach the loss threshold, final test accuracy, dead fraction).
import { clip, enumField, numberField, parseUnitList, type Field, type Values } from '../widgets/shared/state';
import { TOY_CLASSIFICATION, type DatasetId } from './datasets';
import {
  defaultPlaygroundState,
  lossesFor,
  MAX_LAYERS,
  MAX_UNITS,
  OPTIMIZERS,
  OUTPUT_LOSSES,
  SPEEDS,
  trainerConfig,
  type Catalogue,
  type PlaygroundState,
  type TrainerConfigJson,
} from './playground';
import { PRESET_IDS, PRESETS, type Preset, type Vary } from './presets';
import type { TrainerMetrics } from '../trainer-runner';

export const MIN_RUNS = 2;
export const ACCURACY_MARK = 0.9;
export const MAX_RUNS = 8;
export const VARY_LABELS: Record<Vary, string> = { activation: '激活函数', loss: '输出与损失', optimizer: '优化器' };

export interface CompareState extends Values {
  preset: string;
  dataset: DatasetId;
  vary: Vary;
  runs: string[];
  layers: number[];
  lr: number;
  steps: number;
  threshold: number;
  seed: number;
  speed: string;
}

export type CompareField = Field<unknown, Catalogue> & { dependsOn?: readonly string[] };

const presetOf = (s: Values): Preset => PRESETS[String(s.preset)] ?? PRESETS.vanishing;

export function runChoices(vary: Vary, catalogue: Catalogue): string[] {
  if (vary === 'activation') return catalogue.activations.map((a) => a.id);
  if (vary === 'loss') return lossesFor('binary');
  return [...OPTIMIZERS];
}

export function runLabel(vary: Vary, id: string): string {
  if (vary === 'loss') return OUTPUT_LOSSES[id]?.label ?? id;
  return id;
}

function runsField(): CompareField {
  const field: Field<string[], Catalogue> & { dependsOn: string[] } = {
    key: 'runs',
    dependsOn: ['preset', 'vary'],
    defaultValue: (s) => {
      const preset = presetOf(s);
      if (s.vary === preset.vary) return [...preset.runs];
      if (s.vary === 'loss') return ['sigmoid_mse', 'bce'];
      if (s.vary === 'optimizer') return ['sgd', 'momentum', 'adam'];
      return ['sigmoid', 'tanh', 'relu'];
    },
    parse(raw, s, catalogue) {
      const allowed = runChoices(s.vary as Vary, catalogue);
      const ids = raw.split(',').map((t) => t.trim());
      const unique = [...new Set(ids)];
      if (
        unique.length !== ids.length ||
        ids.length < MIN_RUNS ||
        ids.length > MAX_RUNS ||
        ids.some((id) => !allowed.includes(id))
      )
        return {
          ok: false,
          message: `runs 必须是 ${MIN_RUNS} 到 ${MAX_RUNS} 个不同的 ${String(s.vary)} 取值（${allowed.join('、')}）`,
        };
      return { ok: true, value: unique };
    },
    format: (v) => v.join(','),
  };
  return field as CompareField;
}

function layersField(): CompareField {
  const field: Field<number[], Catalogue> & { dependsOn: string[] } = {
    key: 'layers',
    dependsOn: ['preset'],
    defaultValue: (s) => [...presetOf(s).layers],
    parse(raw) {
      const units = parseUnitList(raw, MAX_LAYERS, 64);
      if (!units)
        return {
          ok: false,
          message: `layers 必须是 1 到 ${MAX_LAYERS} 个逗号分隔的整数，对比实验里每层 1 到 64 个单元（收到“${clip(raw, 40)}”）`,
        };
      return { ok: true, value: units };
    },
    format: (v) => v.join(','),
  };
  return field as CompareField;
}

export function compareFields(): CompareField[] {
  const f = (field: Field<any, Catalogue>, dependsOn?: string[]) =>
    (dependsOn ? { ...field, dependsOn } : field) as CompareField;
  return [
    f(enumField<Catalogue>('preset', PRESET_IDS, 'vanishing')),
    f(
      enumField<Catalogue>('dataset', TOY_CLASSIFICATION, (s) => presetOf(s).dataset),
      ['preset'],
    ),
    f(
      enumField<Catalogue>('vary', ['activation', 'loss', 'optimizer'], (s) => presetOf(s).vary),
      ['preset'],
    ),
    runsField(),
    layersField(),
    f(numberField<Catalogue>('lr', { min: 0.0001, max: 10, default: (s) => presetOf(s).lr }), ['preset']),
    f(numberField<Catalogue>('steps', { min: 10, max: 20000, default: (s) => presetOf(s).steps, integer: true }), [
      'preset',
    ]),
    f(numberField<Catalogue>('threshold', { min: 0.001, max: 5, default: (s) => presetOf(s).threshold }), ['preset']),
    f(numberField<Catalogue>('seed', { min: 0, max: 1e9, default: (s) => presetOf(s).seed, integer: true }), [
      'preset',
    ]),
    f(enumField<Catalogue>('speed', Object.keys(SPEEDS), 'normal')),
  ];
}

/** The playground state of one run: the preset's fixed parts, the lab's shared settings, one varied choice. */
export function runState(state: CompareState, run: string, catalogue: Catalogue): PlaygroundState {
  const preset = presetOf(state);
  const base = defaultPlaygroundState(catalogue, {
    dataset: state.dataset,
    noise: preset.noise,
    samples: preset.samples,
    layers: [...state.layers],
    act: [preset.activation],
    loss: preset.loss,
    optimizer: preset.optimizer,
    lr: state.lr,
    batch: preset.batch,
    init: preset.init,
    seed: state.seed,
  });
  if (state.vary === 'activation') base.act = [run];
  if (state.vary === 'loss') base.loss = run;
  if (state.vary === 'optimizer') base.optimizer = run;
  return base;
}

export function runConfig(state: CompareState, run: string, catalogue: Catalogue): TrainerConfigJson {
  return trainerConfig(runState(state, run, catalogue), { kind: 'binary', nFeatures: 2, nClasses: 2 }, catalogue);
}

// ---- the summary table -----------------------------------------------------------------

export interface RunRecord {
  id: string;
  /** The first step whose training loss was at or below the threshold, or null. */
  reachedAt: number | null;
  /** The first step whose training accuracy was at least ACCURACY_MARK, or null. */
  accurateAt: number | null;
  metrics: TrainerMetrics | null;
  diverged: boolean;
  /** [step, training loss, training accuracy] at every check (noteMetrics): the crossings again without training (recount). */
  checks: [number, number, number][];
}

/** A run that has not been checked yet. */
export function newRunRecord(id: string): RunRecord {
  return { id, reachedAt: null, accurateAt: null, metrics: null, diverged: false, checks: [] };
}

/** Keeps a metrics sample (and whether the run diverged), without looking for crossings. */
export function noteSample(record: RunRecord, metrics: TrainerMetrics): void {
  record.metrics = metrics;
  if (metrics.status === 'diverged') record.diverged = true;
}

/**
 * Keeps a sample and records the threshold crossings. Call it at fixed steps only (the
 * widget: every CHECK_EVERY steps), so the crossings do not depend on where frames end.
 */
export function noteMetrics(record: RunRecord, metrics: TrainerMetrics, threshold: number): void {
  noteSample(record, metrics);
  record.checks.push([metrics.step, metrics.trainLoss, metrics.trainAccuracy]);
  if (record.reachedAt === null && reaches(metrics.trainLoss, threshold)) record.reachedAt = metrics.step;
  if (record.accurateAt === null && metrics.trainAccuracy >= ACCURACY_MARK) record.accurateAt = metrics.step;
}

const reaches = (loss: number, threshold: number) => Number.isFinite(loss) && loss <= threshold;

/**
 * The crossings found again from the checks kept (all, or those `keep` leaves): for another
 * threshold after training, or without the check at a last step that training goes past.
 */
export function recount(record: RunRecord, threshold: number, keep: (step: number) => boolean = () => true): void {
  record.checks = record.checks.filter(([step]) => keep(step));
  record.reachedAt = record.checks.find(([, loss]) => reaches(loss, threshold))?.[0] ?? null;
  record.accurateAt = record.checks.find(([, , accuracy]) => accuracy >= ACCURACY_MARK)?.[0] ?? null;
}

/** The share of hidden units that are dead (output 0 on every training row), over all hidden layers. */
export function deadFraction(metrics: TrainerMetrics, layers: readonly number[]): number {
  let dead = 0;
  let total = 0;
  layers.forEach((units, i) => {
    const layer = metrics.layers[i];
    if (!layer) return;
    dead += layer.deadUnits.length;
    total += units;
  });
  return total ? dead / total : 0;
}

/** The run that reached the accuracy mark first (fewest steps), or null if none did. */
export function firstToAccuracy(records: readonly RunRecord[]): string | null {
  let best: RunRecord | null = null;
  for (const r of records) if (r.accurateAt !== null && (best === null || r.accurateAt < best.accurateAt!)) best = r;
  return best?.id ?? null;
}

/** The run that reached the threshold first (fewest steps), or null if none did. */
export function firstToThreshold(records: readonly RunRecord[]): string | null {
  let best: RunRecord | null = null;
  for (const r of records) if (r.reachedAt !== null && (best === null || r.reachedAt < best.reachedAt!)) best = r;
  return best?.id ?? null;
}
