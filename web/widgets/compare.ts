// <actlab-compare>: the comparison lab. The same data, the same architecture
// and the same initial weights (one seed) trained side by side with 2 to 8
// variants of one choice (activation, output/loss pair or optimizer). All runs
// take the same steps in lockstep, so their loss curves share one step axis.
// Shows the loss curves on one chart, a small decision boundary per run, the
// first layer's gradient norm per run, and a table: steps to reach the loss
// threshold, final test accuracy, dead fraction. Presets reproduce the
// tutorial's claims: preset="vanishing | dead-relu | xor-linear | mse-vs-bce | optimizers".
//
// Test hooks beyond the shared ones (web/index.ts): play(), pause(), resetRuns(),
// runSummary(), trainingStats(), whenFinished().
import { DATASET_LABELS, toyDataset, TOY_CLASSIFICATION, type DataSplit, type DatasetModule } from '../models/datasets';
import {
  ACCURACY_MARK,
  compareFields,
  deadFraction,
  firstToAccuracy,
  firstToThreshold,
  MAX_RUNS,
  MIN_RUNS,
  newRunRecord,
  noteMetrics,
  noteSample,
  recount,
  runChoices,
  runConfig,
  runLabel,
  VARY_LABELS,
  type CompareState,
  type RunRecord,
} from '../models/compare';
import { boundaryScale, saferLearningRate, SPEEDS, type TrainerConfigJson } from '../models/playground';
import { PRESET_IDS, PRESETS, type Vary } from '../models/presets';
import { Curve, EvaluationCost, openTrainer, TrainingLoop, type TrainerLike } from '../trainer-runner';
import { GradNormChart } from './diagnostics/grad-norm';
import { layerView, PreActivationPanels } from './diagnostics/preactivation';
import { legendList, logStepChart } from './diagnostics/legend';
import { adoptTrainerStyles } from './diagnostics/styles';
import { downloadCanvasesPng } from './diagnostics/download';
import {
  divergedAlert,
  playControls,
  restartNote,
  showDiverged,
  speedSelect,
  type DivergedAlert,
} from './diagnostics/training-controls';
import { DeferredStart } from './diagnostics/visibility';
import { ActlabWidget, defineOnce, startInTurn, type Plotted, type WidgetField } from './shared/base';
import { Chart } from './shared/chart';
import {
  button,
  el,
  formatShort,
  nextId,
  numberInput,
  selectControl,
  type NumberControl,
  type Listen,
  type SelectControl,
} from './shared/controls';
import { DIVERGING, Heatmap } from './shared/heatmap';
import { PALETTE } from './shared/styles';

/** Steps between checks of the loss threshold and the accuracy mark (see trainAll). */
const CHECK_EVERY = 10;
const GRID = 32;
const BUDGET_MS = 8;
const SLOW_VIEW_MS = 300;

type State = CompareState;

interface Run {
  id: string;
  config: TrainerConfigJson;
  trainer: TrainerLike | null;
  record: RunRecord;
  heatmap: Heatmap;
  canvas: HTMLCanvasElement;
  caption: HTMLElement;
  error: string;
  /** The test accuracy of the run's current weights (evaluate()), and at which step. */
  testAccuracy: number;
  testAccuracyStep: number;
}

/** A run's tile: its name, its decision-boundary canvas and a caption. */
function runTile(
  vary: Vary,
  id: string,
  k: number,
): { tile: HTMLElement; canvas: HTMLCanvasElement; caption: HTMLElement } {
  const canvas = el('canvas');
  canvas.width = GRID * 4;
  canvas.height = GRID * 4;
  canvas.style.borderColor = PALETTE[k % PALETTE.length];
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${runLabel(vary, id)} 的决策边界`);
  const caption = el('div', undefined, captionText(null, NaN));
  const tile = el('div', 'run');
  tile.append(el('div', 'run-name', runLabel(vary, id)), canvas, caption);
  return { tile, canvas, caption };
}

/** An accuracy as a percentage, a dash for what is not known. */
const percent = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');

/** A live run's caption: loss and test accuracy, a dash for what is not known yet. */
function captionText(m: RunRecord['metrics'], testAccuracy: number): string {
  return `损失 ${formatShort(m?.trainLoss ?? NaN, 3)} · 测试准确率 ${percent(testAccuracy)}`;
}

export class CompareWidget extends ActlabWidget<State> {
  static widget = 'compare' as const;
  static usesTrainer = true;
  static heading = '对比实验室';
  static observedAttributes = compareFields().map((f) => f.key);

  private data: DataSplit | null = null;
  private runs: Run[] = [];
  private loop: TrainingLoop | null = null;
  private lossCurve = new Curve(MAX_RUNS);
  private gradCurve = new Curve(MAX_RUNS);
  private stepsDone = 0;
  private lastSlow = 0;
  private lastTextAt = 0;
  private tileFrame = 0;
  private finishedResolvers: (() => void)[] = [];

  private presetSelect!: SelectControl;
  private explanation!: HTMLElement;
  private varySelect!: SelectControl;
  private datasetSelect!: SelectControl;
  private runsSummary!: HTMLElement;
  private runsChecks!: HTMLElement;
  private runsFor = '';
  /** listen for the run check boxes, which are built again for each varied setting */
  private runsListen: () => Listen = () => this.listen;
  private depthInput!: NumberControl;
  private unitsInput!: NumberControl;
  private lrInput!: NumberControl;
  private stepsInput!: NumberControl;
  private thresholdInput!: NumberControl;
  private seedInput!: NumberControl;
  private speedSelect!: SelectControl;
  private playButton!: HTMLButtonElement;
  private progress!: HTMLElement;
  private lossBox!: HTMLElement;
  private lossChart: Chart | null = null;
  private lossLegend!: HTMLElement;
  private grad!: GradNormChart;
  private preact!: PreActivationPanels;
  private diagDetails!: HTMLDetailsElement;
  private diagRun!: SelectControl;
  private runsBox!: HTMLElement;
  private table!: HTMLTableElement;
  private verdict!: HTMLElement;
  private divergence!: DivergedAlert;
  private note!: HTMLElement;

  protected fields(): WidgetField[] {
    return compareFields() as unknown as WidgetField[];
  }

  // ---- test hooks ----------------------------------------------------------------------

  play(): void {
    this.ensureStarted();
    if (!this.runs.some((r) => r.trainer) || this.finished()) return;
    this.loop?.start();
    this.syncPlay();
    if (this.data) this.renderTable(); // the status column says 训练中 from now on
  }

  pause(): void {
    this.loop?.stop();
    this.evaluateRuns(true);
    this.syncPlay();
    this.render(true);
  }

  resetRuns(): void {
    this.startState.begin();
    this.rebuild();
  }

  private readonly startState = new DeferredStart();

  /** Builds the runs now if the lab has not started yet (it starts when scrolled near). */
  private ensureStarted(): void {
    if (this.startState.started || !this.ready) return;
    this.startState.begin();
    this.rebuild(true);
  }

  runSummary(): {
    id: string;
    reachedAt: number | null;
    accurateAt: number | null;
    testAccuracy: number;
    deadFraction: number;
    diverged: boolean;
    step: number;
  }[] {
    return this.runs.map((r) => ({
      id: r.id,
      reachedAt: r.record.reachedAt,
      accurateAt: r.record.accurateAt,
      testAccuracy: r.record.diverged ? NaN : r.testAccuracy,
      deadFraction: r.record.metrics
        ? deadFraction(
            r.record.metrics,
            r.config.layers.map((l) => l.units),
          )
        : NaN,
      diverged: r.record.diverged,
      step: r.record.metrics?.step ?? 0,
    }));
  }

  trainingStats(): {
    frames: number;
    steps: number;
    running: boolean;
    runs: number;
    lastSliceMs: number;
    longestFrameWorkMs: number;
  } {
    return {
      ...(this.loop?.stats ?? { frames: 0, steps: 0, lastSliceMs: 0, longestFrameWorkMs: 0 }),
      running: this.loop?.running ?? false,
      runs: this.runs.length,
    };
  }

  /** Resolves when every run has trained its steps (or diverged). */
  whenFinished(): Promise<void> {
    if (this.finished()) return Promise.resolve();
    return new Promise((resolve) => this.finishedResolvers.push(resolve));
  }

  private finished(): boolean {
    return (
      this.runs.length > 0 &&
      this.runs.every((r) => !r.trainer || r.record.diverged || (r.record.metrics?.step ?? 0) >= this.state.steps)
    );
  }

  // ---- build ----------------------------------------------------------------------------

  protected build(): void {
    adoptTrainerStyles(this.shadowRoot!);
    this.runsListen = this.rebuiltListeners();
    const s = this.state;
    const top = el('div', 'controls');
    this.presetSelect = selectControl(this.listen, {
      label: '预设实验',
      options: PRESET_IDS.map((id) => ({ value: id, label: PRESETS[id].title })),
      value: s.preset,
      onChange: (preset) => this.setState({ preset }),
    });
    top.append(this.presetSelect.root);
    this.explanation = el('p', 'explanation');

    const controls = el('div', 'controls');
    this.varySelect = selectControl(this.listen, {
      label: '对比的是',
      options: (Object.keys(VARY_LABELS) as Vary[]).map((v) => ({ value: v, label: VARY_LABELS[v] })),
      value: s.vary,
      onChange: (vary) => this.setState({ vary: vary as Vary }),
    });
    this.datasetSelect = selectControl(this.listen, {
      label: '数据集',
      options: TOY_CLASSIFICATION.map((id) => ({ value: id, label: DATASET_LABELS[id] })),
      value: s.dataset,
      onChange: (dataset) => this.setState({ dataset: dataset as State['dataset'] }),
    });
    const runsDetails = el('details', 'control');
    const summary = el('summary');
    this.runsSummary = el('span');
    summary.append(this.runsSummary);
    const fieldset = el('fieldset');
    fieldset.append(el('legend', undefined, `选择 ${MIN_RUNS} 到 ${MAX_RUNS} 个取值`));
    this.runsChecks = el('div', 'checks');
    fieldset.append(this.runsChecks);
    runsDetails.append(summary, fieldset);
    this.depthInput = numberInput(this.listen, {
      label: '隐藏层数（1–8）',
      min: 1,
      max: 8,
      step: 1,
      value: s.layers.length,
      onChange: (v) => this.setState({ layers: new Array(Math.round(v)).fill(this.state.layers[0] ?? 8) }),
    });
    this.unitsInput = numberInput(this.listen, {
      label: '每层单元（1–64）',
      min: 1,
      max: 64,
      step: 1,
      value: s.layers[0],
      onChange: (v) => this.setState({ layers: this.state.layers.map(() => Math.round(v)) }),
    });
    this.lrInput = numberInput(this.listen, {
      label: '学习率 lr（0.0001–10）',
      min: 0.0001,
      max: 10,
      step: 0.0001,
      value: s.lr,
      onChange: (lr) => this.setState({ lr }),
    });
    this.stepsInput = numberInput(this.listen, {
      label: '训练步数（10–20000）',
      min: 10,
      max: 20000,
      step: 10,
      value: s.steps,
      onChange: (v) => this.setState({ steps: Math.round(v) }),
    });
    this.thresholdInput = numberInput(this.listen, {
      label: '损失阈值',
      min: 0.001,
      max: 5,
      step: 0.01,
      value: s.threshold,
      onChange: (threshold) => this.setState({ threshold }),
    });
    this.seedInput = numberInput(this.listen, {
      label: '随机种子',
      min: 0,
      max: 1e9,
      step: 1,
      value: s.seed,
      onChange: (v) => this.setState({ seed: Math.round(v) }),
    });
    controls.append(
      this.varySelect.root,
      runsDetails,
      this.datasetSelect.root,
      this.depthInput.root,
      this.unitsInput.root,
      this.lrInput.root,
      this.stepsInput.root,
      this.thresholdInput.root,
      this.seedInput.root,
    );
    this.note = el('p', 'hint change-note');
    this.note.setAttribute('role', 'status');

    const toolbar = el('div', 'toolbar');
    const { playButton, act } = playControls(
      this.listen,
      '▶ 开始对比',
      { running: () => this.loop?.running ?? false, play: () => this.play(), pause: () => this.pause() },
      () => (this.note.textContent = ''),
    );
    this.playButton = playButton;
    const reset = button(
      this.listen,
      '重置',
      act(() => this.resetRuns()),
      '重置：所有网络回到同样的初始权重',
    );
    const png = button(this.listen, '下载图表（PNG）', async () => {
      // the loss chart is built only near the viewport: build it now if the reader has not scrolled to it
      await this.lossChart?.buildNow().catch(() => {});
      const loss = this.lossBox.querySelector('canvas');
      downloadCanvasesPng(
        [...(loss ? [loss] : []), ...this.runs.map((r) => r.canvas)],
        this.colours.bg,
        'actlab-compare.png',
      );
    });
    this.speedSelect = speedSelect(this.listen, s.speed, BUDGET_MS, (speed) => this.setState({ speed }));
    this.progress = el('span', 'stats');
    toolbar.append(this.playButton, reset, this.speedSelect.root, png, this.progress);

    this.divergence = divergedAlert(this.listen, () => {
      this.setState({ lr: saferLearningRate(this.state.lr) });
      this.play();
      this.note.textContent = ''; // the button said it starts again
    });

    const lossTitle = el('p', 'panel-title', '训练损失（所有网络同步训练，对数坐标；虚线是阈值）');
    this.lossBox = el('div', 'chart');
    this.lossBox.setAttribute('role', 'img');
    this.lossBox.setAttribute('aria-label', '各网络的训练损失随步数变化的曲线');
    this.lossChart = new Chart(this.lossBox, (w) => (w < 480 ? 220 : 280), true);
    this.lossLegend = legendList([]);
    this.runsBox = el('div', 'runs');
    this.grad = new GradNormChart(
      () => this.colours,
      '每个网络第一层的梯度范数 ‖∂L/∂W₁‖（对数坐标）：梯度消失时它比其他网络小几个数量级',
    );
    const gradDetails = el('details', 'section');
    this.diagDetails = gradDetails;
    this.preact = new PreActivationPanels(() => this.colours);
    this.diagRun = selectControl(this.listen, {
      label: '预激活分布：查看哪个网络',
      options: [],
      value: '',
      onChange: () => this.renderDiagnostics(),
    });
    gradDetails.append(
      el('summary', undefined, '诊断：梯度范数、预激活分布与死亡单元'),
      this.grad.root,
      this.diagRun.root,
      this.preact.root,
    );
    this.listen(gradDetails, 'toggle', () => this.renderDiagnostics());
    this.table = el('table', 'summary');
    this.verdict = el('p', 'readout');
    this.verdict.setAttribute('aria-live', 'polite');
    const tableScroll = el('div', 'table-scroll');
    // scrollable sideways on a narrow screen: focusable so the keyboard can scroll it
    tableScroll.tabIndex = 0;
    tableScroll.setAttribute('role', 'region');
    tableScroll.setAttribute('aria-label', '对比结果表（窄屏上可左右滚动）');
    tableScroll.append(this.table);
    this.body.append(
      top,
      this.explanation,
      controls,
      this.note,
      toolbar,
      this.divergence.box,
      lossTitle,
      this.lossBox,
      this.lossLegend,
      this.runsBox,
      tableScroll,
      this.verdict,
      gradDetails,
    );
    this.lossChart.reserve();
    this.layOutRuns();

    this.loop = new TrainingLoop({
      budgetMs: BUDGET_MS,
      train: (n) => this.trainAll(n),
      render: () => this.render(false),
      onStop: () => {
        this.syncPlay();
        this.render(true);
        this.notifyFinished();
      },
      maxChunk: 500,
      stepsPerFrame: () => SPEEDS[this.state.speed]?.steps ?? null,
    });
    this.onDispose(() => this.loop?.stop());
    this.syncControls();
    this.startState.watch(this, () => this.ensureStarted());
    this.onDispose(() => this.startState.unwatch());
  }

  protected syncControls(): void {
    const s = this.state;
    this.presetSelect.set(s.preset);
    this.explanation.textContent = PRESETS[s.preset]?.explanation ?? '';
    this.varySelect.set(s.vary);
    this.datasetSelect.set(s.dataset);
    this.depthInput.set(s.layers.length);
    this.unitsInput.set(s.layers[0]);
    this.lrInput.set(s.lr);
    this.stepsInput.set(s.steps);
    this.thresholdInput.set(s.threshold);
    this.seedInput.set(s.seed);
    this.speedSelect.set(s.speed);
    if (this.runsFor !== s.vary) {
      this.runsFor = s.vary;
      const listen = this.runsListen();
      const boxes = runChoices(s.vary, this.lab).map((id) => {
        const label = el('label');
        const box = el('input');
        box.type = 'checkbox';
        box.id = nextId('run');
        box.value = id;
        label.htmlFor = box.id;
        label.append(box, document.createTextNode(runLabel(s.vary, id)));
        listen(box, 'change', () => {
          const chosen = [...this.runsChecks.querySelectorAll('input')].filter((b) => b.checked).map((b) => b.value);
          if (chosen.length > MAX_RUNS || chosen.length < MIN_RUNS) {
            box.checked = !box.checked;
            this.note.textContent = `一次对比 ${MIN_RUNS} 到 ${MAX_RUNS} 个网络。`;
            return;
          }
          this.note.textContent = '';
          this.setState({ runs: chosen });
        });
        return label;
      });
      this.runsChecks.replaceChildren(...boxes);
    }
    for (const box of this.runsChecks.querySelectorAll('input')) box.checked = s.runs.includes(box.value);
    this.runsSummary.textContent = `参与对比（${s.runs.length} 个）：${s.runs.map((id) => runLabel(s.vary, id)).join('、')}`;
  }

  protected stateChanged(keys: readonly string[]): void {
    this.syncControls();
    const changed = keys.filter((k) => k !== 'speed');
    if (!changed.length) return;
    if (!this.startState.started) this.layOutRuns();
    else if (changed.every((k) => k === 'threshold')) {
      // the runs are the same: their crossings of the new threshold come from their checks
      for (const r of this.runs) recount(r.record, this.state.threshold);
      this.render(true);
    } else if (changed.every((k) => k === 'steps') && this.stepsDone <= this.state.steps) {
      this.keepRunsForSteps();
      this.syncPlay();
      this.notifyFinished();
      this.render(true);
    } else {
      // every run is built again at step 0 (a trainer's settings are fixed when it is made);
      // runs that were training go on, and the note says why the steps went back to 0
      const wasRunning = this.loop?.running ?? false;
      const trained = this.stepsDone > 0;
      this.rebuild();
      if (wasRunning) this.play();
      this.note.textContent = restartNote('所有网络', wasRunning && (this.loop?.running ?? false), trained);
    }
  }

  /**
   * A new step count at or above the steps done: the runs go on from where they are when
   * played, with the checks a run trained to the new count from the start would have (every
   * CHECK_EVERY steps and at the last step): the check made at an old last step between two
   * multiples goes, and a last step reached now gets its check.
   */
  private keepRunsForSteps(): void {
    const steps = this.state.steps;
    const onGrid = (step: number) => step % CHECK_EVERY === 0 || step === steps;
    for (const r of this.runs) {
      // a diverged run's checks end at its last step, whatever the count: they stay as they are
      if (!r.trainer || r.record.diverged) continue;
      recount(r.record, this.state.threshold, onGrid);
      const last = r.record.checks.at(-1)?.[0];
      if (this.stepsDone === steps && last !== steps) noteMetrics(r.record, r.trainer.metrics(), this.state.threshold);
    }
  }

  // ---- runs -----------------------------------------------------------------------------

  private disposeRuns(): void {
    for (const r of this.runs) {
      r.trainer?.dispose();
      r.trainer = null;
      r.heatmap.dispose();
    }
    this.runs = [];
  }

  /** Builds the runs afresh; with firstPicture, their views are drawn in later tasks (renderInTurns). */
  private rebuild(firstPicture = false): void {
    const s = this.state;
    const preset = PRESETS[s.preset] ?? PRESETS.vanishing;
    this.loop?.stop();
    this.loop?.resetEstimate();
    this.disposeRuns();
    this.pointsLayer = null;
    this.lossCurve.clear();
    this.gradCurve.clear();
    this.stepsDone = 0;
    this.divergence.box.hidden = true;
    this.data = toyDataset(
      { id: s.dataset, samples: preset.samples, noise: preset.noise, testRatio: 0.3, seed: 1 },
      this.lab.module as DatasetModule,
    );
    const data = this.data;
    const tiles: HTMLElement[] = [];
    s.runs.forEach((id, k) => {
      const config = runConfig(s, id, this.lab);
      const { tile, canvas, caption } = runTile(s.vary, id, k);
      tiles.push(tile);
      const run: Run = {
        id,
        config,
        trainer: null,
        record: newRunRecord(id),
        heatmap: new Heatmap(),
        canvas,
        caption,
        error: '',
        testAccuracy: NaN,
        testAccuracyStep: -1,
      };
      try {
        const trainer = openTrainer(this.lab, config);
        try {
          trainer.setData(data.train.x, data.train.y, 2, 1);
          trainer.setTestData(data.test.x, data.test.y, 2, 1);
        } catch (error) {
          trainer.dispose();
          throw error;
        }
        run.trainer = trainer;
        noteMetrics(run.record, trainer.metrics(), s.threshold);
      } catch (error) {
        run.error = (error as Error).message;
      }
      this.runs.push(run);
    });
    this.runsBox.replaceChildren(...tiles);
    const errors = this.runs.filter((r) => r.error).map((r) => `${r.id}：${r.error}`);
    this.showAlert(errors.length ? `有网络无法建立：${errors.join('；')}` : '');
    this.sample();
    this.syncPlay();
    if (firstPicture) this.renderInTurns();
    else this.render(true);
  }

  /**
   * The first picture of the runs, one view per task (startInTurn): drawn in the
   * task that built up to eight networks, it made one long task while the page
   * loaded. A step is dropped if the runs have been rebuilt before its turn.
   */
  private renderInTurns(): void {
    const runs = this.runs;
    const current = () => this.ready && this.runs === runs && this.data !== null;
    const views = [
      () => {
        this.progress.textContent = `步数 ${this.stepsDone} / ${this.state.steps}`;
        this.renderLoss();
      },
      () => this.renderBoundaries(),
      () => {
        this.renderCaptions();
        this.renderTable();
      },
      () => this.renderDiagnostics(),
    ];
    for (const view of views) {
      startInTurn(() => {
        if (current()) view();
      });
    }
  }

  /**
   * n steps for every live run (fewer at the end of the step budget); false when all are done.
   * The threshold columns are checked at every multiple of CHECK_EVERY steps, whatever the
   * frame's slice size, so the same settings give the same table on every run.
   */
  private trainAll(n: number): boolean {
    let left = Math.max(0, Math.min(n, this.state.steps - this.stepsDone));
    while (left > 0) {
      const take = Math.min(left, CHECK_EVERY - (this.stepsDone % CHECK_EVERY));
      for (const r of this.runs) {
        if (!r.trainer || r.record.diverged) continue;
        try {
          const done = r.trainer.step(take);
          if (done < take) r.record.diverged = true;
        } catch (error) {
          r.error = (error as Error).message;
          r.record.diverged = true;
        }
      }
      this.stepsDone += take;
      left -= take;
      if (this.stepsDone % CHECK_EVERY === 0 || this.stepsDone === this.state.steps) {
        for (const r of this.runs) if (r.trainer) noteMetrics(r.record, r.trainer.metrics(), this.state.threshold);
      }
    }
    return this.stepsDone < this.state.steps && this.runs.some((r) => r.trainer && !r.record.diverged);
  }

  private evaluation = new EvaluationCost();

  /**
   * The test accuracy of each run's current weights (EvaluationCost says why not the
   * trainer's own figure: here the table's final figure changed with the speed setting).
   * Evaluated at every sample while that is cheap, else twice a second, and always when
   * training stops.
   */
  private evaluateRuns(now: boolean): void {
    if (!now && !this.evaluation.cheap && this.evaluation.sinceLast() < 500) return;
    this.evaluation.measure(() => {
      for (const r of this.runs) {
        if (!r.trainer || r.record.diverged || r.testAccuracyStep === this.stepsDone) continue;
        r.testAccuracy = r.trainer.evaluate().testAccuracy;
        r.testAccuracyStep = this.stepsDone;
      }
    });
  }

  private sample(): void {
    this.evaluateRuns(!this.loop?.running || this.stepsDone >= this.state.steps);
    const losses: number[] = [];
    const grads: number[] = [];
    for (const r of this.runs) {
      if (!r.trainer) {
        losses.push(NaN);
        grads.push(NaN);
        continue;
      }
      const m = r.trainer.metrics();
      noteSample(r.record, m);
      losses.push(m.status === 'diverged' ? NaN : m.trainLoss);
      grads.push(m.layers[0]?.gradNorm ?? NaN);
    }
    this.lossCurve.push(this.stepsDone, losses);
    this.gradCurve.push(this.stepsDone, grads);
    const diverged = this.runs.filter((r) => r.record.diverged);
    if (diverged.length) {
      const lr = this.state.lr;
      showDiverged(
        this.divergence,
        `${diverged.map((r) => r.id).join('、')} 发散了（损失变成 NaN 或无穷大，已停止）：学习率 lr = ${formatShort(lr)} 对它太大。`,
        lr,
      );
    }
  }

  private syncPlay(): void {
    const running = this.loop?.running ?? false;
    this.playButton.textContent = running ? '暂停' : this.finished() ? '已训练完' : '▶ 开始对比';
    this.playButton.disabled = !running && this.finished();
  }

  private notifyFinished(): void {
    if (!this.finished()) return;
    for (const resolve of this.finishedResolvers.splice(0)) resolve();
  }

  // ---- rendering --------------------------------------------------------------------------

  protected draw(): void {
    this.render(true);
  }

  private render(full: boolean): void {
    if (!this.ready || !this.data) return;
    if (this.loop?.running) this.sample();
    const s = this.state;
    // eight networks: the text and the loss chart at ~20 Hz, the tiles at ~30 Hz
    const now = performance.now();
    if (full || now - this.lastTextAt > 50) {
      this.lastTextAt = now;
      this.progress.textContent = `步数 ${this.stepsDone} / ${s.steps}`;
      this.renderLoss();
    }
    this.tileFrame += 1;
    if (full || this.tileFrame % 2 === 0) this.renderBoundaries();
    if (full || now - this.lastSlow > SLOW_VIEW_MS) {
      this.lastSlow = now;
      this.renderCaptions();
      this.renderTable();
      this.renderDiagnostics();
    }
  }

  private renderLegend(ids: readonly string[]): void {
    legendList(
      [
        ...ids.map((id, k) => ({ label: runLabel(this.state.vary, id), colour: PALETTE[k % PALETTE.length] })),
        { label: `阈值 ${formatShort(this.state.threshold)}`, colour: this.colours.muted, dashed: true },
      ],
      this.lossLegend,
    );
  }

  /**
   * Before the runs are built (a later task, once the module has loaded and the
   * widget is near the viewport): the step count, the legend and empty tiles of the
   * runs' size, so nothing below them moves when the first picture arrives.
   */
  private layOutRuns(): void {
    const s = this.state;
    this.progress.textContent = `步数 0 / ${s.steps}`;
    this.renderLegend(s.runs);
    this.runsBox.replaceChildren(...s.runs.map((id, k) => runTile(s.vary, id, k).tile));
  }

  private renderLoss(): void {
    const c = this.lossCurve;
    const floor = (v: number) => (Number.isFinite(v) ? Math.max(v, 1e-6) : null);
    const threshold = this.state.threshold;
    const ids = this.runs.map((r) => r.id);
    const colours = () => this.colours;
    this.lossChart!.show(
      `loss:${ids.join('|')}`,
      logStepChart(colours, () => [
        ...ids.map((id, k) => ({
          label: id,
          stroke: PALETTE[k % PALETTE.length],
          width: 2,
          points: { show: false },
        })),
        { label: `阈值 ${threshold}`, stroke: this.colours.muted, dash: [4, 4], width: 1, points: { show: false } },
      ]),
      [c.x, ...ids.map((_, k) => c.ys[k].map(floor)), c.x.map(() => threshold)] as never,
    );
    this.renderLegend(ids);
  }

  /** The test points, the same for every run: drawn once into a layer, then copied onto each tile. */
  private pointsLayer: HTMLCanvasElement | null = null;

  private pointsFor(size: number): HTMLCanvasElement {
    const data = this.data!;
    if (this.pointsLayer && this.pointsLayer.width === size) return this.pointsLayer;
    const layer = document.createElement('canvas');
    layer.width = size;
    layer.height = size;
    const ctx = layer.getContext('2d')!;
    const [x0, x1, y0, y1] = data.extent;
    for (const [colour, grow] of [
      ['#ffffff', 2.5],
      ['', 1.5],
    ] as const) {
      for (const cls of [0, 1]) {
        ctx.fillStyle = colour || (cls === 1 ? '#b2182b' : '#2166ac');
        for (let i = 0; i < data.test.rows; ++i) {
          if ((data.test.y[i] > 0.5 ? 1 : 0) !== cls) continue;
          const px = ((data.test.x[2 * i] - x0) / (x1 - x0)) * size;
          const py = (1 - (data.test.x[2 * i + 1] - y0) / (y1 - y0)) * size;
          ctx.fillRect(px - grow, py - grow, 2 * grow, 2 * grow);
        }
      }
    }
    this.pointsLayer = layer;
    return layer;
  }

  private renderBoundaries(): void {
    const data = this.data!;
    const [x0, x1, y0, y1] = data.extent;
    for (const r of this.runs) {
      if (!r.trainer) continue;
      const grid = r.trainer.predictGrid(x0, x1, y0, y1, GRID, GRID);
      r.heatmap.paint(grid, GRID, GRID, DIVERGING, boundaryScale(r.config.output.activation), true);
      const ctx = r.canvas.getContext('2d')!;
      const size = r.canvas.width;
      r.heatmap.drawInto(ctx, 0, 0, size, size);
      ctx.drawImage(this.pointsFor(size), 0, 0);
    }
  }

  /** The captions under the tiles (with the slow views: text changes cost a layout). */
  private renderCaptions(): void {
    for (const r of this.runs) {
      if (!r.trainer) {
        r.caption.textContent = `无法建立：${r.error}`;
        continue;
      }
      const text = r.record.diverged ? '已发散' : captionText(r.record.metrics, r.testAccuracy);
      if (r.caption.textContent !== text) r.caption.textContent = text;
      const label = `${r.id} 的决策边界：${text}`;
      if (r.canvas.getAttribute('aria-label') !== label) r.canvas.setAttribute('aria-label', label);
    }
  }

  private renderTable(): void {
    const s = this.state;
    const head = el('tr');
    const headers = [
      VARY_LABELS[s.vary],
      `训练损失降到 ${formatShort(s.threshold)} 的步数`,
      `训练准确率达到 ${ACCURACY_MARK * 100}% 的步数`,
      '最终测试准确率',
      '死亡单元比例',
      '状态',
    ];
    for (const [i, h] of headers.entries()) {
      const th = el('th', i >= 1 && i <= 4 ? 'num' : undefined, h);
      th.scope = 'col';
      head.append(th);
    }
    const rows = this.runs.map((r, k) => {
      const tr = el('tr');
      const m = r.record.metrics;
      const name = el('th');
      name.scope = 'row';
      const swatch = el('span', 'swatch');
      swatch.style.color = PALETTE[k % PALETTE.length];
      swatch.style.marginRight = '6px';
      swatch.setAttribute('aria-hidden', 'true');
      name.append(swatch, runLabel(s.vary, r.id));
      const reached = el('td', 'num', r.record.reachedAt === null ? '未达到' : String(r.record.reachedAt));
      const accurate = el('td', 'num', r.record.accurateAt === null ? '未达到' : String(r.record.accurateAt));
      const acc = el('td', 'num', r.record.diverged || !m ? '—' : percent(r.testAccuracy));
      const dead = el(
        'td',
        'num',
        m
          ? `${(
              deadFraction(
                m,
                r.config.layers.map((l) => l.units),
              ) * 100
            ).toFixed(0)}%`
          : '—',
      );
      const status = el('td', 'status', this.runStatus(r));
      tr.append(name, reached, accurate, acc, dead, status);
      return tr;
    });
    const caption = el('caption', undefined, '对比结果');
    caption.className = 'visually-hidden';
    this.table.replaceChildren(caption, head, ...rows);
    this.verdict.textContent = this.verdictText();
  }

  /** What a run is doing now, as the table's last column says it. */
  private runStatus(r: Run): string {
    const m = r.record.metrics;
    if (r.error && !r.trainer) return '无法建立';
    if (r.record.diverged) return `发散（第 ${m?.divergedAtStep || m?.step || 0} 步）`;
    if (r.error) return '出错';
    if ((m?.step ?? 0) >= this.state.steps) return '已完成';
    if (this.loop?.running) return '训练中';
    return this.stepsDone === 0 ? '未开始' : '已暂停';
  }

  /**
   * The sentence under the table. When the runs differ in their loss, the loss values
   * are on different scales (MSE starts near 0.25, BCE near 0.69), so the runs are
   * ranked by the steps to the accuracy mark instead of the loss threshold.
   */
  private verdictText(): string {
    const s = this.state;
    const records = this.runs.map((r) => r.record);
    const byAccuracy = s.vary === 'loss';
    const first = byAccuracy ? firstToAccuracy(records) : firstToThreshold(records);
    const mark = `${ACCURACY_MARK * 100}%`;
    const goal = byAccuracy ? `训练准确率达到 ${mark}` : `训练损失降到阈值 ${formatShort(s.threshold)}`;
    const scales = byAccuracy ? '各网络的损失函数不同、数值尺度不同，所以比较准确率：' : '';
    if (first) {
      const record = records.find((r) => r.id === first)!;
      const at = byAccuracy ? record.accurateAt : record.reachedAt;
      return `${scales}最先${goal} 的是 ${runLabel(s.vary, first)}（第 ${at} 步）。`;
    }
    if (this.stepsDone === 0) return '按“开始对比”同时训练所有网络。';
    if (this.finished()) return `${scales}训练结束（${this.stepsDone} 步），没有网络${goal}。`;
    return `${scales}到第 ${this.stepsDone} 步为止，还没有网络${goal}${this.loop?.running ? '' : '（已暂停）'}。`;
  }

  /** First-layer gradient norms of every run, and the chosen run's per-layer histograms over f and f'. */
  private renderDiagnostics(): void {
    if (!this.diagDetails?.open) return;
    this.grad.update(
      this.gradCurve,
      this.runs.map((r) => r.id),
    );
    const ids = this.runs.map((r) => r.id);
    if (
      this.diagRun.select.options.length !== ids.length ||
      ids.some((id, i) => this.diagRun.select.options[i].value !== id)
    ) {
      const keep = this.diagRun.select.value;
      this.diagRun.setOptions(ids.map((id) => ({ value: id, label: runLabel(this.state.vary, id) })));
      this.diagRun.set(ids.includes(keep) ? keep : (ids[ids.length - 1] ?? ''));
    }
    const run = this.runs.find((r) => r.id === this.diagRun.select.value);
    const m = run?.record.metrics;
    if (!run || !m) return;
    // layers without metrics (none yet) get no panel
    this.preact.update(
      this.lab,
      run.config.layers.flatMap((layer, i) => (m.layers[i] ? [layerView(layer, m.layers[i])] : [])),
    );
  }

  protected onTheme(): void {
    this.render(true);
  }

  protected snapshot(): Plotted {
    this.ensureStarted();
    const c = this.lossCurve;
    return {
      x: [...c.x],
      series: this.runs.map((r, k) => ({ id: r.id, label: runLabel(this.state.vary, r.id), y: [...c.ys[k]] })),
      runs: this.runSummary(),
      firstToThreshold: firstToThreshold(this.runs.map((r) => r.record)),
      firstToAccuracy: firstToAccuracy(this.runs.map((r) => r.record)),
      verdict: this.verdict.textContent ?? '',
      steps: this.stepsDone,
      configs: this.runs.map((r) => r.config),
      diagnostics: this.preact.snapshot(),
    };
  }

  protected teardown(): void {
    this.startState.reset();
    this.loop?.stop();
    this.loop = null;
    this.disposeRuns();
    this.lossChart?.destroy();
    this.lossChart = null;
    this.grad?.destroy();
    this.preact?.destroy();
    this.lossCurve.clear();
    this.gradCurve.clear();
    this.data = null;
    this.runsFor = '';
    for (const resolve of this.finishedResolvers.splice(0)) resolve();
  }
}

defineOnce('actlab-compare', CompareWidget);
