// <actlab-playground>: the training playground. Pick a data set, build a
// network layer by layer (units, activation and its parameters), pick the
// output/loss pair, the optimizer and its hyper-parameters, and watch it learn:
// decision boundary with train and test points (or the fitted curve, or for the
// real data sets a confusion matrix and misclassified digits), loss curves,
// accuracy, epoch counter, the network with a heatmap per unit, and the
// diagnostics (gradient norms, pre-activation histograms over f and f', dead units).
//
// Training runs in time slices on the main thread (web/trainer-runner.ts says why).
//
// Test hooks beyond the shared ones (web/index.ts): play(), pause(), stepOnce(n),
// resetTraining(), metrics(), trainingStats(), exports() (a Promise), whenDataReady().
import type { ActLab } from '../actlab';
import {
  DATASET_IDS,
  DATASET_LABELS,
  isReal,
  kindOf,
  loadRealTable,
  splitReal,
  toyDataset,
  type DataSplit,
  type DatasetModule,
  type TaskKind,
} from '../models/datasets';
import { parseWeights, type WeightsJson } from '../models/weights';
import {
  activationOf,
  boundaryScale,
  INIT_LABELS,
  INITS,
  lossesFor,
  MAX_LAYERS,
  MAX_UNITS,
  OPTIMIZER_LABELS,
  OPTIMIZERS,
  OUTPUT_LOSSES,
  paramsOf,
  parameterCount,
  playgroundFields,
  saferLearningRate,
  shapeOf,
  SPEEDS,
  STANDARDIZE_FORCED_NOTE,
  trainerConfig,
  type PlaygroundState,
  type TrainerConfigJson,
} from '../models/playground';
import {
  Curve,
  EvaluationCost,
  openTrainer,
  TrainingLoop,
  type Evaluation,
  type TrainerLike,
  type TrainerMetrics,
} from '../trainer-runner';
import { GradNormChart } from './diagnostics/grad-norm';
import { NetworkView } from './diagnostics/network-view';
import { layerView, PreActivationPanels } from './diagnostics/preactivation';
import { legendList, logStepChart } from './diagnostics/legend';
import { adoptTrainerStyles } from './diagnostics/styles';
import { download, downloadCanvasesPng } from './diagnostics/download';
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
import { Chart, DEFERRED_CHART_MARGIN_PX, themedAxis } from './shared/chart';
import {
  button,
  checkbox,
  el,
  formatShort,
  nextId,
  numberInput,
  paramSliders,
  selectControl,
  slider,
  type CheckboxControl,
  type Listen,
  type NumberControl,
  type SelectControl,
  type SliderControl,
} from './shared/controls';
import { siteRoot } from './shared/embed';
import { loadOnce, watchNearness } from './shared/lazy';
import { DIVERGING, Heatmap, paintColourBar } from './shared/heatmap';
import { PALETTE } from './shared/styles';

const GRID = 50;
/** The settings that make a new data set (the others make a new network only). */
const DATA_KEYS: readonly string[] = ['dataset', 'noise', 'samples', 'test', 'dataseed'];
const BUDGET_MS = 6;
const SLOW_VIEW_MS = 400;
type SlowView = 'boundary' | 'confusion' | 'network' | 'diagnostics';
const SLOW_VIEWS: readonly SlowView[] = ['boundary', 'confusion', 'network', 'diagnostics'];
const CLASS_COLOURS = ['#2166ac', '#d6604d'];
const FIT_SAMPLES = 161;
/** Above this many parameters the network view leaves out the edges (exporting the weights would take too long). */
const MAX_DRAWN_PARAMETERS = 20_000;

type State = PlaygroundState;

/** One hidden layer's controls. */
interface LayerRow {
  root: HTMLElement;
  units: NumberControl;
  act: SelectControl;
  /** holds the parameter sliders (display: contents: they sit in the row's flex line) */
  params: HTMLElement;
  sliders: SliderControl[];
  /** the activation the sliders are for */
  paramsFor: string;
}

/** The gradient-norm chart's series: one per hidden layer, then the output layer. */
function gradNormLabels(config: TrainerConfigJson): string[] {
  return [...config.layers.map((l, i) => `第 ${i + 1} 层（${l.activation}）`), '输出层'];
}

/** The code that writes the exports (web/models/export.ts), imported once on first use. */
const loadExportCode = loadOnce(() => import('../models/export'));

export class PlaygroundWidget extends ActlabWidget<State> {
  static widget = 'playground' as const;
  static usesTrainer = true;
  static heading = '训练游乐场';
  static observedAttributes = playgroundFields().map((f) => f.key);

  private data: DataSplit | null = null;
  private dataKey = '';
  private dataError = '';
  private dataPromise: Promise<void> = Promise.resolve();
  private trainer: TrainerLike | null = null;
  private config: TrainerConfigJson | null = null;
  private metricsNow: TrainerMetrics | null = null;
  /** The exact losses and accuracies of the weights at a step (withExact), and what evaluating them cost. */
  private exact: (Evaluation & { step: number }) | null = null;
  private exactCost = new EvaluationCost();
  private loop: TrainingLoop | null = null;
  private lossCurve = new Curve(2);
  private gradCurve = new Curve(9);
  private lastSlowView = 0;
  private lastGrid: Float32Array | null = null;
  private generationOfTrainer = 0;
  /** Milliseconds spent in each part of rendering since the last reset (for the benchmark). */
  private profile = { fastMs: 0, slowMs: 0, maxFastMs: 0, maxSlowMs: 0, slowParts: {} as Record<string, number> };

  // views
  private playButton!: HTMLButtonElement;
  private changeNote!: HTMLElement;
  private stats!: HTMLElement;
  private divergence!: DivergedAlert;
  private boundaryPanel!: HTMLElement;
  private boundaryCanvas!: HTMLCanvasElement;
  private boundaryLegend!: HTMLElement;
  private boundaryHeatmap = new Heatmap();
  private boundaryWidth = 0;
  private fitBox!: HTMLElement;
  private fitChart: Chart | null = null;
  private fitX: number[] = [];
  private fitIndex: { grid: number[]; train: number[]; test: number[] } | null = null;
  private realBox!: HTMLElement;
  private lossBox!: HTMLElement;
  private lossChart: Chart | null = null;
  private lossSummary!: HTMLElement;
  private lossLegend!: HTMLElement;
  private fitLegend!: HTMLElement;
  private network!: NetworkView;
  private gradChart!: GradNormChart;
  private preact!: PreActivationPanels;
  private diagDetails!: HTMLDetailsElement;
  private netDetails!: HTMLDetailsElement;
  private sizeNote!: HTMLElement;
  private codeBox!: HTMLTextAreaElement;
  private exportStatus!: HTMLElement;
  private confusion: number[][] | null = null;
  private mistakes: { index: number; truth: number; guess: number }[] = [];

  // controls
  private datasetSelect!: SelectControl;
  private noiseSlider!: SliderControl;
  private testSlider!: SliderControl;
  private samplesInput!: NumberControl;
  private standardizeBox!: CheckboxControl;
  private standardizeNote!: HTMLElement;
  private layerBox!: HTMLElement;
  private layerCount!: HTMLElement;
  private layerSignature = '';
  private layerRows: LayerRow[] = [];
  /** listen for the layer rows, built again when the number of layers changes */
  private layerListen: () => Listen = () => this.listen;
  /** listen for layer i's parameter sliders, built again when its activation changes */
  private layerParamListen: (() => Listen)[] = [];
  private lossSelect!: SelectControl;
  private initSelect!: SelectControl;
  private optimizerSelect!: SelectControl;
  private lrInput!: NumberControl;
  private momentumSlider!: SliderControl;
  private beta1Slider!: SliderControl;
  private beta2Slider!: SliderControl;
  private wdSlider!: SliderControl;
  private batchInput!: NumberControl;
  private l1Input!: NumberControl;
  private l2Input!: NumberControl;
  private seedInput!: NumberControl;
  private speedSelect!: SelectControl;

  protected fields(): WidgetField[] {
    return playgroundFields() as unknown as WidgetField[];
  }

  // ---- public test hooks -------------------------------------------------------------

  play(): void {
    this.ensureStarted();
    this.applyPendingChange();
    if (!this.trainer && !this.data) {
      this.playRequested = true; // a real data set is still loading: start once it is there
      return;
    }
    this.playRequested = false;
    if (!this.trainer || this.metricsNow?.status === 'diverged') return;
    this.loop?.start();
    this.syncPlayButton();
  }

  private playRequested = false;

  pause(): void {
    this.playRequested = false;
    this.loop?.stop();
    this.applyPendingChange(); // after the stop: the new network stays paused
    this.settleExact();
    this.syncPlayButton();
    this.renderFrame(true);
  }

  stepOnce(n = 1): void {
    this.ensureStarted();
    this.applyPendingChange();
    if (!this.trainer) return;
    this.trainSteps(n);
    this.sampleMetrics(true);
    this.renderFrame(true);
  }

  resetTraining(): void {
    if (this.pendingChange) {
      this.applyPendingChange(); // that builds the network from the state already
      return;
    }
    const wasRunning = this.loop?.running ?? false;
    this.rebuildTrainer();
    if (wasRunning) this.play();
  }

  metrics(): TrainerMetrics | null {
    this.applyPendingChange();
    return this.metricsNow;
  }

  /** Exact losses and accuracies over all rows with the current weights (null without a trainer). */
  evaluate(): Evaluation | null {
    this.applyPendingChange();
    return this.trainer ? this.trainer.evaluate() : null;
  }

  trainingStats(): {
    frames: number;
    steps: number;
    running: boolean;
    lastSliceMs: number;
    longestFrameWorkMs: number;
    render: unknown;
  } {
    return {
      ...(this.loop?.stats ?? { frames: 0, steps: 0, lastSliceMs: 0, longestFrameWorkMs: 0 }),
      running: this.loop?.running ?? false,
      render: { ...this.profile, slowParts: { ...this.profile.slowParts } },
    };
  }

  /**
   * The three exports for the current setup (weights need a trainer whose weights are
   * finite: none after a divergence). The code that writes them is imported on first
   * use, so this resolves a task later.
   */
  async exports(): Promise<{ pytorch: string; numpy: string; weights: string | null; parameters: number } | null> {
    this.ensureStarted();
    const { numpySnippet, pytorchSnippet, weightsFile } = await loadExportCode();
    this.applyPendingChange();
    // the setup as it is now, after the import (the reader may have changed it meanwhile)
    if (!this.config || !this.data) return null;
    return {
      pytorch: pytorchSnippet(this.config, this.data.nFeatures, DATASET_LABELS[this.data.id]),
      numpy: numpySnippet(this.config),
      weights:
        this.trainer && this.metricsNow?.status !== 'diverged'
          ? weightsFile(this.trainer.exportWeights(), this.getState(), this.data.id)
          : null,
      parameters: parameterCount(this.config, this.data.nFeatures),
    };
  }

  /** Resolves when the current data set is loaded (real sets are fetched). */
  whenDataReady(): Promise<void> {
    this.ensureStarted();
    this.applyPendingChange();
    return this.dataPromise;
  }

  private readonly startState = new DeferredStart();

  /** Builds the data and the network now if the widget has not started yet (it starts when scrolled near). */
  private ensureStarted(): void {
    if (this.startState.started || !this.ready) return;
    this.startState.begin();
    // the first picture is drawn in turns (renderFirstPicture), not in the task that builds the network
    this.loadData(true);
  }

  // ---- build -----------------------------------------------------------------------

  protected build(): void {
    adoptTrainerStyles(this.shadowRoot!);
    this.layerListen = this.rebuiltListeners();
    this.layerParamListen = Array.from({ length: MAX_LAYERS }, () => this.rebuiltListeners());
    const lab = this.lab;
    const s = this.state;

    // toolbar
    const toolbar = el('div', 'toolbar');
    const { playButton, act } = playControls(
      this.listen,
      '▶ 开始训练',
      { running: () => this.loop?.running ?? false, play: () => this.play(), pause: () => this.pause() },
      () => this.clearChangeNote(),
    );
    this.playButton = playButton;
    const stepButton = button(
      this.listen,
      '单步',
      act(() => this.stepOnce(1)),
      '训练一个小批量步',
    );
    const resetButton = button(
      this.listen,
      '重置',
      act(() => this.resetTraining()),
      '重置：重新初始化权重',
    );
    this.speedSelect = speedSelect(this.listen, this.state.speed, BUDGET_MS, (speed) => this.setState({ speed }));
    this.stats = el('div', 'stats');
    this.stats.setAttribute('aria-live', 'off');
    toolbar.append(this.playButton, stepButton, resetButton, this.speedSelect.root, this.stats);

    this.changeNote = el('p', 'hint change-note');
    this.changeNote.setAttribute('role', 'status');
    this.changeNote.hidden = true;

    this.divergence = divergedAlert(this.listen, () => {
      this.setState({ lr: saferLearningRate(this.state.lr) });
      this.play();
      this.clearChangeNote(); // the button said it starts again
    });

    // settings
    const settings = el('div', 'settings');
    settings.append(this.buildDataControls(), this.buildNetworkControls(lab), this.buildOptimizerControls());

    // views
    const panels = el('div', 'panels');
    this.boundaryPanel = el('div', 'panel');
    const boundaryTitle = el('p', 'panel-title', '模型输出与数据');
    this.boundaryCanvas = el('canvas', 'boundary');
    this.boundaryCanvas.setAttribute('role', 'img');
    this.boundaryCanvas.setAttribute('aria-label', '决策边界热图（训练开始后绘制）');
    // its size comes from a ResizeObserver, so drawing a frame never forces a layout
    const observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[entries.length - 1].contentRect.width);
      if (width > 0 && width !== this.boundaryWidth) {
        this.boundaryWidth = width;
        this.renderFrame(false);
      }
    });
    observer.observe(this.boundaryCanvas);
    this.onDispose(() => observer.disconnect());
    this.boundaryLegend = el('div', 'colorbar');
    const bar = el('canvas');
    paintColourBar(bar, DIVERGING);
    bar.setAttribute('aria-hidden', 'true');
    this.boundaryLegend.append(el('span', 'nowrap', '类别 0'), bar, el('span', 'nowrap', '类别 1'));
    const pointsHint = el('p', 'hint', '实心点：训练集；空心点：测试集。底色是网络的输出。');
    this.fitBox = el('div', 'chart');
    this.fitBox.setAttribute('role', 'img');
    this.fitBox.setAttribute('aria-label', '回归拟合曲线（训练开始后绘制）');
    this.realBox = el('div');
    this.fitLegend = legendList([
      { label: '网络输出', colour: PALETTE[1] },
      { label: '训练集（实心点）', colour: CLASS_COLOURS[0] },
      { label: '测试集（空心点）', colour: PALETTE[2] },
    ]);
    this.boundaryPanel.append(
      boundaryTitle,
      this.boundaryCanvas,
      this.boundaryLegend,
      pointsHint,
      this.fitBox,
      this.fitLegend,
      this.realBox,
    );

    const lossPanel = el('div', 'panel');
    const lossTitle = el('p', 'panel-title', '损失曲线（对数坐标）');
    this.lossBox = el('div', 'chart');
    this.lossBox.setAttribute('role', 'img');
    this.lossBox.setAttribute('aria-label', '训练损失与测试损失随步数变化的曲线');
    this.lossChart = new Chart(this.lossBox, (w) => (w < 480 ? 200 : 260), true);
    this.lossSummary = el('p', 'readout');
    this.lossLegend = legendList([
      { label: '训练损失', colour: PALETTE[0] },
      { label: '测试损失', colour: PALETTE[1], dashed: true },
    ]);
    lossPanel.append(lossTitle, this.lossBox, this.lossLegend, this.lossSummary);
    panels.append(this.boundaryPanel, lossPanel);

    // network and diagnostics
    const colours = () => this.colours;
    this.network = new NetworkView(colours);
    this.netDetails = el('details', 'section');
    this.netDetails.open = true;
    this.netDetails.append(el('summary', undefined, '网络结构与每个单元'), this.network.root);
    this.gradChart = new GradNormChart(colours);
    this.preact = new PreActivationPanels(colours);
    this.diagDetails = el('details', 'section');
    this.diagDetails.open = true;
    this.diagDetails.append(
      el('summary', undefined, '诊断：梯度范数、预激活分布、饱和与死亡单元'),
      this.gradChart.root,
      this.preact.root,
    );
    this.listen(this.diagDetails, 'toggle', () => this.renderFrame(true));
    this.listen(this.netDetails, 'toggle', () => this.renderFrame(true));
    this.watchNearViews([
      ['network', this.netDetails],
      ['diagnostics', this.diagDetails],
    ]);

    const exportDetails = this.buildExport();
    this.body.append(
      toolbar,
      this.changeNote,
      this.divergence.box,
      settings,
      this.sizeNote,
      panels,
      this.netDetails,
      this.diagDetails,
      exportDetails,
    );
    this.syncControls();
    this.renderStats(null);
    // the panels as the first picture will have them, so nothing moves when it comes
    const kind = kindOf(this.state.dataset);
    this.showPanelsFor(kind === 'binary', kind);
    this.lossChart.reserve();

    this.loop = new TrainingLoop({
      budgetMs: BUDGET_MS,
      train: (n) => this.trainSteps(n),
      render: () => this.renderFrame(false),
      onStop: () => this.syncPlayButton(),
      stepsPerFrame: () => SPEEDS[this.state.speed]?.steps ?? null,
      renderCostHint: () => (performance.now() - this.lastSlowView > this.slowInterval() ? this.slowCost : 0),
    });
    this.onDispose(() => this.loop?.stop());
    this.startState.watch(this, () => this.ensureStarted());
    this.onDispose(() => this.startState.unwatch());
  }

  private buildDataControls(): HTMLElement {
    const box = el('fieldset');
    box.append(el('legend', undefined, '数据'));
    const controls = el('div', 'controls');
    this.datasetSelect = selectControl(this.listen, {
      label: '数据集',
      options: DATASET_IDS.map((id) => ({ value: id, label: DATASET_LABELS[id] })),
      value: this.state.dataset,
      onChange: (dataset) => this.setState({ dataset: dataset as State['dataset'] }),
    });
    this.noiseSlider = slider(this.listen, {
      label: '噪声',
      min: 0,
      max: 0.5,
      step: 0.01,
      value: this.state.noise,
      onInput: (noise) => this.sliding(() => this.setState({ noise })),
    });
    this.testSlider = slider(this.listen, {
      label: '测试集比例',
      min: 0.1,
      max: 0.9,
      step: 0.01,
      value: this.state.test,
      format: (v) => `${Math.round(v * 100)}%`,
      onInput: (test) => this.sliding(() => this.setState({ test })),
    });
    this.samplesInput = numberInput(this.listen, {
      label: '样本数（50–2000）',
      min: 50,
      max: 2000,
      step: 50,
      value: this.state.samples,
      onChange: (samples) => this.setState({ samples: Math.round(samples) }),
    });
    this.standardizeBox = checkbox(this.listen, {
      label: '标准化特征',
      value: this.state.standardize,
      onChange: (standardize) => this.setState({ standardize }),
    });
    const regenerate = button(
      this.listen,
      '重新生成数据',
      () => this.setState({ dataseed: this.state.dataseed + 1 }),
      '用新的随机种子重新生成（或重新划分）数据',
    );
    controls.append(
      this.datasetSelect.root,
      this.noiseSlider.root,
      this.testSlider.root,
      this.samplesInput.root,
      this.standardizeBox.root,
      regenerate,
    );
    const credit = el(
      'p',
      'hint',
      'digits 与 iris 来自 UCI 机器学习库（CC BY 4.0），随 scikit-learn 1.2.1 发布的副本。',
    );
    this.standardizeNote = el('p', 'hint', STANDARDIZE_FORCED_NOTE);
    this.standardizeNote.id = nextId('standardize-note');
    this.standardizeBox.input.setAttribute('aria-describedby', this.standardizeNote.id);
    box.append(controls, this.standardizeNote, credit);
    return box;
  }

  private buildNetworkControls(lab: ActLab): HTMLElement {
    const box = el('fieldset');
    box.append(el('legend', undefined, '网络'));
    const counter = el('div', 'control inline');
    const minus = button(this.listen, '−', () => this.changeLayerCount(-1), '减少一个隐藏层');
    const plus = button(this.listen, '+', () => this.changeLayerCount(1), '增加一个隐藏层');
    this.layerCount = el('span', 'value');
    this.layerCount.setAttribute('aria-live', 'polite');
    counter.append(el('span', 'label', '隐藏层'), minus, this.layerCount, plus);
    this.layerBox = el('div');
    this.lossSelect = selectControl(this.listen, {
      label: '输出与损失',
      options: lossesFor(kindOf(this.state.dataset)).map((id) => ({ value: id, label: OUTPUT_LOSSES[id].label })),
      value: this.state.loss,
      onChange: (loss) => this.setState({ loss }),
    });
    this.initSelect = selectControl(this.listen, {
      label: '初始化',
      options: INITS.map((id) => ({ value: id, label: INIT_LABELS[id] })),
      value: this.state.init,
      onChange: (init) => this.setState({ init }),
    });
    this.sizeNote = el('p', 'hint');
    this.sizeNote.setAttribute('role', 'status');
    const tail = el('div', 'controls');
    tail.append(this.lossSelect.root, this.initSelect.root);
    box.append(counter, this.layerBox, tail);
    void lab;
    return box;
  }

  private buildOptimizerControls(): HTMLElement {
    const box = el('fieldset');
    box.append(el('legend', undefined, '优化'));
    const controls = el('div', 'controls');
    this.optimizerSelect = selectControl(this.listen, {
      label: '优化器',
      options: OPTIMIZERS.map((id) => ({ value: id, label: OPTIMIZER_LABELS[id] })),
      value: this.state.optimizer,
      onChange: (optimizer) => this.setState({ optimizer }),
    });
    this.lrInput = numberInput(this.listen, {
      label: '学习率 lr（0.0001–10）',
      min: 0.0001,
      max: 10,
      step: 0.0001,
      value: this.state.lr,
      onChange: (lr) => this.setState({ lr }),
    });
    this.batchInput = numberInput(this.listen, {
      label: '批大小（1–512）',
      min: 1,
      max: 512,
      step: 1,
      value: this.state.batch,
      onChange: (batch) => this.setState({ batch: Math.round(batch) }),
    });
    this.momentumSlider = slider(this.listen, {
      label: '动量 momentum',
      min: 0,
      max: 0.99,
      step: 0.01,
      value: this.state.momentum,
      onInput: (momentum) => this.sliding(() => this.setState({ momentum })),
    });
    this.beta1Slider = slider(this.listen, {
      label: 'β₁',
      min: 0,
      max: 0.99,
      step: 0.01,
      value: this.state.beta1,
      onInput: (beta1) => this.sliding(() => this.setState({ beta1 })),
    });
    this.beta2Slider = slider(this.listen, {
      label: 'β₂',
      min: 0.9,
      max: 0.9999,
      step: 0.0001,
      value: this.state.beta2,
      onInput: (beta2) => this.sliding(() => this.setState({ beta2 })),
    });
    this.wdSlider = slider(this.listen, {
      label: '权重衰减',
      min: 0,
      max: 0.2,
      step: 0.005,
      value: this.state.wd,
      onInput: (wd) => this.sliding(() => this.setState({ wd })),
    });
    this.l1Input = numberInput(this.listen, {
      label: 'L1（0–0.1）',
      min: 0,
      max: 0.1,
      step: 0.0001,
      value: this.state.l1,
      onChange: (l1) => this.setState({ l1 }),
    });
    this.l2Input = numberInput(this.listen, {
      label: 'L2（0–0.1）',
      min: 0,
      max: 0.1,
      step: 0.0001,
      value: this.state.l2,
      onChange: (l2) => this.setState({ l2 }),
    });
    this.seedInput = numberInput(this.listen, {
      label: '权重随机种子',
      min: 0,
      max: 1e9,
      step: 1,
      value: this.state.seed,
      onChange: (seed) => this.setState({ seed: Math.round(seed) }),
    });
    controls.append(
      this.optimizerSelect.root,
      this.lrInput.root,
      this.batchInput.root,
      this.momentumSlider.root,
      this.beta1Slider.root,
      this.beta2Slider.root,
      this.wdSlider.root,
      this.l1Input.root,
      this.l2Input.root,
      this.seedInput.root,
    );
    box.append(controls);
    return box;
  }

  private buildExport(): HTMLElement {
    const details = el('details', 'section');
    details.append(el('summary', undefined, '分享与导出'));
    const buttons = el('div', 'export-buttons');
    this.exportStatus = el('p', 'hint');
    this.exportStatus.setAttribute('role', 'status');
    this.codeBox = el('textarea', 'code');
    this.codeBox.readOnly = true;
    this.codeBox.hidden = true;
    this.codeBox.setAttribute('aria-label', '导出的代码');
    const exportsOrNote = () =>
      this.exports().catch((error: Error) => {
        this.exportStatus.textContent = `导出失败：${error.message}`;
        return null;
      });
    const showCode = async (kind: 'pytorch' | 'numpy') => {
      const out = await exportsOrNote();
      if (!out) return;
      this.codeBox.value = kind === 'pytorch' ? out.pytorch : out.numpy;
      this.codeBox.hidden = false;
      this.codeBox.dataset.kind = kind;
      this.exportStatus.textContent =
        kind === 'pytorch'
          ? `PyTorch 代码：nn.Sequential，与这里相同的层、激活函数、损失、优化器与超参数（共 ${out.parameters} 个参数）。`
          : 'NumPy 前向传播：读入“下载权重”得到的 JSON 计算网络输出。';
    };
    buttons.append(
      button(this.listen, '下载权重（JSON）', async () => {
        if (this.metricsNow?.status === 'diverged') {
          this.exportStatus.textContent = '训练已发散，权重不是有限数，无法导出。请先点“重置”或降低学习率再训练。';
          return;
        }
        const out = await exportsOrNote();
        if (!out?.weights) return;
        download(new Blob([out.weights], { type: 'application/json' }), 'actlab-weights.json');
        this.exportStatus.textContent = '已下载 actlab-weights.json（含复现这个设置所需的全部状态）。';
      }),
      button(this.listen, 'PyTorch 代码', () => showCode('pytorch')),
      button(this.listen, 'NumPy 前向传播', () => showCode('numpy')),
      button(this.listen, '下载代码', async () => {
        if (this.codeBox.hidden) await showCode('pytorch');
        if (this.codeBox.hidden) return; // no code to save (the note says why)
        const name = this.codeBox.dataset.kind === 'numpy' ? 'actlab_forward.py' : 'actlab_model.py';
        download(new Blob([this.codeBox.value], { type: 'text/x-python' }), name);
      }),
      button(this.listen, '下载图表（PNG）', () => this.downloadPng()),
    );
    const hint = el(
      'p',
      'hint',
      '页面地址里已经包含全部设置：复制地址栏即可分享；“嵌入”按钮给出同样设置的 iframe 代码。',
    );
    details.append(buttons, this.exportStatus, this.codeBox, hint);
    // the export code is fetched when the section opens, before a button needs it
    this.listen(details, 'toggle', () => {
      if (details.open) void loadExportCode().catch(() => {});
    });
    return details;
  }

  private async downloadPng(): Promise<void> {
    // the charts below the network picture are built only near the viewport: build
    // those the reader has not scrolled to yet, so the PNG has every chart shown here
    // and the diagnostics the reader has not scrolled to are brought up to date first
    this.drawStaleViews();
    const charts: [HTMLElement, { buildNow(): Promise<void> } | null][] = [
      [this.fitBox, this.fitChart],
      [this.lossBox, this.lossChart],
      [this.gradChart.root, this.gradChart],
    ];
    try {
      await Promise.all(charts.filter(([box, chart]) => chart && !box.hidden).map(([, chart]) => chart!.buildNow()));
    } catch (error) {
      this.exportStatus.textContent = `无法绘制图表：${(error as Error).message}`;
      return;
    }
    const sources: HTMLCanvasElement[] = [];
    if (!this.boundaryCanvas.hidden && this.boundaryCanvas.width) sources.push(this.boundaryCanvas);
    for (const [box] of charts) {
      const c = box.querySelector('canvas');
      if (c && !box.hidden) sources.push(c);
    }
    downloadCanvasesPng(sources, this.colours.bg, 'actlab-playground.png', () => {
      this.exportStatus.textContent = '已下载 actlab-playground.png（决策边界、损失曲线与梯度范数）。';
    });
  }

  private changeLayerCount(delta: number): void {
    const layers = [...this.state.layers];
    if (delta > 0) {
      if (layers.length >= MAX_LAYERS) {
        this.sizeNote.textContent = `最多 ${MAX_LAYERS} 个隐藏层。`;
        return;
      }
      layers.push(layers[layers.length - 1] ?? 4);
    } else {
      if (layers.length <= 1) {
        this.sizeNote.textContent = '至少要有 1 个隐藏层。';
        return;
      }
      layers.pop();
    }
    this.sizeNote.textContent = '';
    const act = this.state.act.slice(0, layers.length);
    const params = this.state.params.slice(0, layers.length);
    this.setState({ layers, act, params });
  }

  private setLayer(i: number, changes: { units?: number; act?: string; params?: number[] }): void {
    const layers = [...this.state.layers];
    const act = layers.map((_, k) => activationOf(this.state, k));
    const params = layers.map((_, k) => [...(this.state.params[k] ?? [])]);
    if (changes.units !== undefined) layers[i] = changes.units;
    if (changes.act !== undefined) {
      act[i] = changes.act;
      params[i] = [];
    }
    if (changes.params !== undefined) params[i] = changes.params;
    // keep the list short when every layer has the same activation
    const compactAct = act.every((a) => a === act[0]) ? [act[0]] : act;
    const compactParams = params.every((p) => p.length === 0) ? [] : params;
    this.setState({ layers, act: compactAct, params: compactParams });
  }

  /** The hidden layers' rows, built again only when the number of layers changes. */
  private buildLayerRows(): void {
    const listen = this.layerListen();
    this.layerRows = this.state.layers.map((units, i) => {
      const root = el('div', 'layer-row');
      root.setAttribute('role', 'group');
      root.setAttribute('aria-label', `第 ${i + 1} 个隐藏层`);
      root.append(el('span', 'layer-name', `第 ${i + 1} 层`));
      const unitsInput = numberInput(listen, {
        label: `单元数（1–${MAX_UNITS}）`,
        min: 1,
        max: MAX_UNITS,
        step: 1,
        value: units,
        onChange: (v) => this.setLayer(i, { units: Math.round(v) }),
      });
      const act = selectControl(listen, {
        label: '激活函数',
        options: this.lab.activations.map((a) => ({ value: a.id, label: a.id })),
        value: activationOf(this.state, i),
        onChange: (v) => this.setLayer(i, { act: v }),
      });
      const params = el('span', 'layer-params');
      root.append(unitsInput.root, act.root, params);
      return { root, units: unitsInput, act, params, sliders: [], paramsFor: '' };
    });
    this.layerRows.forEach((_, i) => this.buildLayerParams(i));
    // the rows removed take their parameter sliders' listeners with them
    for (let i = this.layerRows.length; i < MAX_LAYERS; ++i) this.layerParamListen[i]();
    this.layerBox.replaceChildren(...this.layerRows.map((row) => row.root));
  }

  /** Layer i's parameter sliders, for its activation now. */
  private buildLayerParams(i: number): void {
    const row = this.layerRows[i];
    const id = activationOf(this.state, i);
    row.sliders = paramSliders(
      this.layerParamListen[i](),
      this.lab.activation(id)?.params ?? [],
      paramsOf(this.state, i, this.lab),
      100,
      () => paramsOf(this.state, i, this.lab),
      (params) => this.sliding(() => this.setLayer(i, { params })),
      { label: (param) => param, grow: false },
    );
    row.params.replaceChildren(...row.sliders.map((c) => c.root));
    row.paramsFor = id;
  }

  /**
   * The rows made to show the state: updated in place, so the control the reader is
   * using (a select stepped with the arrow keys, a slider being dragged) keeps its
   * element and the focus. Only a layer whose activation changed gets new parameter sliders.
   */
  private syncLayerRows(): void {
    const s = this.state;
    if (this.layerRows.length !== s.layers.length) {
      this.buildLayerRows();
      return;
    }
    this.layerRows.forEach((row, i) => {
      row.units.set(s.layers[i]);
      const id = activationOf(s, i);
      row.act.set(id);
      if (row.paramsFor !== id) this.buildLayerParams(i);
      else {
        // a pushed partner (hardtanh's min_val and max_val) shows the value the state now holds
        const values = paramsOf(s, i, this.lab);
        row.sliders.forEach((c, k) => c.set(values[k]));
      }
    });
  }

  // ---- state ------------------------------------------------------------------------

  protected syncControls(): void {
    const s = this.state;
    const real = isReal(s.dataset);
    this.datasetSelect.set(s.dataset);
    this.noiseSlider.set(s.noise);
    this.noiseSlider.input.disabled = real;
    this.testSlider.set(s.test);
    this.samplesInput.set(s.samples);
    this.samplesInput.input.disabled = real;
    this.standardizeBox.set(s.standardize);
    this.standardizeBox.input.disabled = real;
    this.standardizeNote.hidden = !real;
    this.layerCount.textContent = String(s.layers.length);
    const signature = JSON.stringify([s.layers, s.act, s.params]);
    if (signature !== this.layerSignature) {
      this.syncLayerRows();
      this.layerSignature = signature;
    }
    this.lossSelect.setOptions(
      lossesFor(kindOf(s.dataset)).map((id) => ({ value: id, label: OUTPUT_LOSSES[id].label })),
    );
    this.lossSelect.set(s.loss);
    this.initSelect.set(s.init);
    this.optimizerSelect.set(s.optimizer);
    this.lrInput.set(s.lr);
    this.batchInput.set(s.batch);
    this.momentumSlider.set(s.momentum);
    this.beta1Slider.set(s.beta1);
    this.beta2Slider.set(s.beta2);
    this.wdSlider.set(s.wd);
    this.momentumSlider.root.hidden = !['momentum', 'nesterov'].includes(s.optimizer);
    this.beta1Slider.root.hidden = !['adam', 'adamw'].includes(s.optimizer);
    this.beta2Slider.root.hidden = !['adam', 'adamw'].includes(s.optimizer);
    this.wdSlider.root.hidden = s.optimizer !== 'adamw';
    this.l1Input.set(s.l1);
    this.l2Input.set(s.l2);
    this.seedInput.set(s.seed);
    this.speedSelect.set(s.speed);
  }

  protected stateChanged(keys: readonly string[]): void {
    this.syncControls();
    if (!this.startState.started) return; // the data and network are built from the state when it starts
    if (keys.every((k) => k === 'speed')) return;
    const dataChanged = keys.some((k) => DATA_KEYS.includes(k));
    if (this.inSlide) {
      // a dragged slider sends an input event per pixel: one new network per frame
      this.pendingChange = { data: dataChanged || (this.pendingChange?.data ?? false) };
      this.pendingFrame ||= requestAnimationFrame(() => this.applyPendingChange());
      return;
    }
    this.applyChange(dataChanged || (this.pendingChange?.data ?? false));
  }

  private inSlide = false;
  private pendingChange: { data: boolean } | null = null;
  private pendingFrame = 0;

  /** Runs a slider's state change; the network it changes is rebuilt at the next frame (stateChanged). */
  private sliding(apply: () => void): void {
    this.inSlide = true;
    try {
      apply();
    } finally {
      this.inSlide = false;
    }
  }

  /** A change a slider left for the next frame, applied now (the test hooks see the network the state describes). */
  private applyPendingChange(): void {
    if (this.pendingChange) this.applyChange(this.pendingChange.data);
  }

  /**
   * A new network (and new data, if a data setting changed) for the state as it is now.
   * Training that was running goes on with the new network, and a note says it started
   * again: the trainer's settings are fixed when it is made.
   */
  private applyChange(dataChanged: boolean): void {
    cancelAnimationFrame(this.pendingFrame);
    this.pendingFrame = 0;
    this.pendingChange = null;
    const wasRunning = (this.loop?.running ?? false) || this.playRequested;
    const trained = (this.metricsNow?.step ?? 0) > 0;
    if (dataChanged) this.loadData();
    else this.rebuildTrainer();
    // loadData goes on by itself once a real data set it fetches is there
    const loading = this.data === null && !this.dataError;
    if (wasRunning && !loading && !this.loop?.running) this.play();
    this.changeNote.textContent = restartNote('网络', wasRunning && (this.loop?.running || loading), trained);
    this.changeNote.hidden = this.changeNote.textContent === '';
  }

  /** Clears the note of a restart (the reader has acted since). */
  private clearChangeNote(): void {
    if (this.changeNote && !this.changeNote.hidden) {
      this.changeNote.textContent = '';
      this.changeNote.hidden = true;
    }
  }

  // ---- data and trainer ---------------------------------------------------------------

  /** Makes (or fetches) the data set, then the network; firstPicture as in rebuildTrainer. */
  private loadData(firstPicture = false): void {
    const s = this.state;
    const key = JSON.stringify([s.dataset, s.noise, s.samples, s.test, s.dataseed]);
    if (key === this.dataKey && this.data) {
      this.rebuildTrainer(firstPicture);
      return;
    }
    this.dataKey = key;
    this.dataError = '';
    this.fitIndex = null;
    // training, or waiting to train once a real data set still loading is there
    const wasRunning = (this.loop?.running ?? false) || this.playRequested;
    this.loop?.stop();
    if (isReal(s.dataset)) {
      this.playRequested = wasRunning; // kept across further changes while it loads
      const id = s.dataset;
      this.data = null;
      this.disposeTrainer();
      // the status cells are rebuilt by renderStats once the data and the network are there
      this.statCells = [];
      this.stats.textContent = '正在加载数据…';
      this.dataPromise = loadRealTable(id, siteRoot()).then(
        (table) => {
          if (this.dataKey !== key || !this.ready) return;
          this.data = splitReal(id, table, this.state.test, this.state.dataseed);
          this.rebuildTrainer(firstPicture);
          if (this.playRequested) this.play();
        },
        (error: Error) => {
          if (this.dataKey !== key) return;
          this.dataError = `无法加载数据集 ${id}：${error.message}`;
          this.showAlert(this.dataError);
          this.stats.textContent = '数据没有加载成功（见上方提示）';
        },
      );
      return;
    }
    this.data = toyDataset(
      { id: s.dataset, samples: s.samples, noise: s.noise, testRatio: s.test, seed: s.dataseed },
      this.lab.module as DatasetModule,
    );
    this.dataPromise = Promise.resolve();
    this.rebuildTrainer(firstPicture);
    if (wasRunning) this.play();
    else this.playRequested = false;
  }

  private disposeTrainer(): void {
    this.trainer?.dispose();
    this.trainer = null;
    this.metricsNow = null;
    this.exact = null;
    this.exactCost.reset();
  }

  /** A new network for the current data; with firstPicture its views are drawn in turns (renderFirstPicture). */
  private rebuildTrainer(firstPicture = false): void {
    const data = this.data;
    this.loop?.stop();
    this.loop?.resetEstimate();
    this.disposeTrainer();
    this.lossCurve.clear();
    this.gradCurve.clear();
    this.confusion = null;
    this.sweepGuesses = null;
    this.sweepNext = 0;
    this.sweepReady = false;
    this.mistakes = [];
    this.generationOfTrainer += 1;
    this.divergence.box.hidden = true;
    if (!data) {
      this.syncPlayButton();
      return;
    }
    const config = trainerConfig(this.state, shapeOf(data), this.lab);
    this.config = config;
    try {
      const trainer = openTrainer(this.lab, config);
      try {
        const nOut = data.kind === 'multiclass' ? data.nClasses : 1;
        trainer.setData(data.train.x, data.train.y, data.nFeatures, nOut);
        if (data.test.rows > 0) trainer.setTestData(data.test.x, data.test.y, data.nFeatures, nOut);
      } catch (error) {
        trainer.dispose();
        throw error;
      }
      this.trainer = trainer;
      this.showAlert(this.dataError);
    } catch (error) {
      this.showAlert(`无法建立网络：${(error as Error).message}`);
      this.syncPlayButton();
      return;
    }
    const count = parameterCount(config, data.nFeatures);
    this.sizeNote.textContent =
      count > 200_000
        ? `这个网络有 ${count} 个参数，训练会比较慢（每帧只训练几毫秒，页面不会卡住）。`
        : this.sizeNote.textContent?.startsWith('每层')
          ? this.sizeNote.textContent
          : '';
    this.sampleMetrics();
    this.syncPlayButton();
    if (firstPicture) this.renderFirstPicture();
    else this.renderFrame(true);
  }

  /**
   * The widget's first picture, one view per task (startInTurn): the boundary and
   * the charts, then each slow view. Drawn in the task that built the network, it
   * made one long task that held up the page while it loaded. A step is dropped
   * if the network has been rebuilt (or the widget removed) before its turn.
   */
  private renderFirstPicture(): void {
    const generation = this.generationOfTrainer;
    const data = this.data;
    const current = () => this.ready && this.generationOfTrainer === generation && this.data === data;
    startInTurn(() => {
      if (current()) this.renderFrame(true, false);
    });
    for (const view of SLOW_VIEWS) {
      startInTurn(() => {
        if (current() && data) this.renderSlowViews(data, [view]);
      });
    }
  }

  /** Trains n steps; false when training must stop (divergence). */
  private trainSteps(n: number): boolean {
    const trainer = this.trainer;
    if (!trainer) return false;
    let taken = n;
    try {
      taken = trainer.step(n);
    } catch (error) {
      this.showAlert(`训练出错：${(error as Error).message}`);
      return false;
    }
    if (taken < n) {
      this.sampleMetrics();
      return false;
    }
    return true;
  }

  private sampleMetrics(exactNow = false): void {
    if (!this.trainer) return;
    const m = this.withExact(this.trainer.metrics(), exactNow);
    this.metricsNow = m;
    const diverged = m.status === 'diverged';
    // A diverged sample: the training loss is the running mean that blew up (drawn, if
    // finite, as the jump it was); the test loss is the last sweep's, taken before the
    // blow-up, and the gradient norms are those of the step that was abandoned: both left out.
    const losses = [m.trainLoss, diverged ? NaN : m.testLoss];
    const grads = m.layers.map((l) => (diverged ? NaN : l.gradNorm));
    const x = this.lossCurve.x;
    if (diverged && x.length > 0 && x[x.length - 1] === m.step) {
      // The step that failed left the step count where the last sample already was (or this
      // divergence was sampled before): its losses are replaced, not repeated; its gradient
      // norms, of the last step that completed, stay.
      const last = x.length - 1;
      losses.forEach((v, k) => (this.lossCurve.ys[k][last] = v));
    } else {
      this.lossCurve.push(m.step, losses);
      this.gradCurve.push(m.step, grads);
    }
    if (diverged) this.showDiverged(m);
  }

  /**
   * The metrics with the losses and accuracies of the current weights. The trainer's own
   * figures are cheaper and lag: the training ones are a running mean over about an epoch
   * of batches, and the test ones those of its last complete sweep of the test set, which
   * it pays for a few rows per step (on digits a sweep takes 270 steps, so the test figures
   * and curve lagged the weights by up to seven epochs). An exact evaluation (evaluate(), a
   * forward pass over both sets) is made at every sample when it is cheap, else on the slow
   * views' cadence (renderSlowViews), and whenever training stops (now).
   */
  private withExact(m: TrainerMetrics, now: boolean): TrainerMetrics {
    const trainer = this.trainer;
    if (!trainer || m.status === 'diverged') return m;
    const stale = this.exact?.step !== m.step;
    if (stale && (now || !this.exact || this.exactCost.cheap)) {
      this.exact = { ...this.exactCost.measure(() => trainer.evaluate()), step: m.step };
      // evaluate() is also where weights sent out of range by the last step are noticed
      m = trainer.metrics();
      if (m.status === 'diverged') return m;
    }
    const e = this.exact;
    if (!e) return m;
    const { trainLoss, trainAccuracy, testLoss, testAccuracy } = e;
    return { ...m, trainLoss, trainAccuracy, testLoss, testAccuracy };
  }

  /** The shown figures (and the loss curve's last point) made those of the current weights, if they are not yet. */
  private settleExact(): void {
    const m = this.metricsNow;
    if (!this.trainer || !m || m.status === 'diverged' || this.exact?.step === m.step) return;
    const now = (this.metricsNow = this.withExact(m, true));
    const { x, ys } = this.lossCurve;
    if (now.status !== 'diverged' && x[x.length - 1] === m.step) {
      ys[0][x.length - 1] = now.trainLoss;
      ys[1][x.length - 1] = now.testLoss;
    }
  }

  private showDiverged(m: TrainerMetrics): void {
    this.loop?.stop();
    const lr = this.state.lr;
    showDiverged(
      this.divergence,
      `训练发散了：第 ${m.divergedAtStep || m.step} 步的损失变成了 NaN 或无穷大，训练已停止。学习率 lr = ${formatShort(lr)} 太大，参数每一步都被推得更远。`,
      lr,
    );
    this.syncPlayButton();
    // the last frame drawn before the loop stopped is older than the divergence: draw this state
    this.renderFrame(true);
  }

  private syncPlayButton(): void {
    if (!this.playButton) return;
    const running = this.loop?.running ?? false;
    this.playButton.textContent = running ? '暂停' : '▶ 开始训练';
    this.playButton.disabled = !this.trainer || this.metricsNow?.status === 'diverged';
  }

  // ---- rendering ----------------------------------------------------------------------

  protected draw(): void {
    this.renderFrame(true);
  }

  /** Shows the decision boundary (2-D data), the fitted curve (regression) or the per-class view. */
  private showPanelsFor(twoD: boolean, kind: TaskKind): void {
    this.boundaryCanvas.hidden = !twoD;
    this.boundaryLegend.hidden = !twoD;
    (this.boundaryLegend.nextElementSibling as HTMLElement).hidden = !twoD;
    this.fitBox.hidden = kind !== 'regression';
    this.fitLegend.hidden = kind !== 'regression';
    this.realBox.hidden = kind !== 'multiclass';
  }

  /**
   * Draws the views, once per animation frame while training and on every change; with
   * full, all of them now (the slow views too, unless slowViews is false).
   */
  private renderFrame(full: boolean, slowViews = true): void {
    if (!this.ready || !this.body) return;
    const t0 = performance.now();
    if (this.trainer && this.loop?.running) this.sampleMetrics();
    const data = this.data;
    const m = this.metricsNow;
    // text and the loss chart at ~20 Hz while training; the heatmap every frame
    const tick = performance.now();
    const textDue = full || tick - this.lastTextAt > 50;
    if (textDue) {
      this.lastTextAt = tick;
      this.renderStats(m);
    }
    if (!data || !this.trainer) return;
    const twoD = data.nFeatures === 2;
    this.showPanelsFor(twoD, data.kind);
    if (twoD) this.renderBoundary(data);
    else if (data.kind === 'regression') this.renderFit(data);
    else if (this.loop?.running && this.advanceSweep(data, 2)) this.sweepReady = true;
    if (textDue) this.renderLoss();
    const t1 = performance.now();
    this.profile.fastMs += t1 - t0;
    this.profile.maxFastMs = Math.max(this.profile.maxFastMs, t1 - t0);
    if (slowViews && (full || t1 - this.lastSlowView > this.slowInterval())) {
      this.lastSlowView = t1;
      this.renderSlowViews(data, SLOW_VIEWS);
    }
  }

  /** The views refreshed a few times a second: the boundary's description, the confusion matrix, the network, the diagnostics. */
  private renderSlowViews(data: DataSplit, views: readonly SlowView[], force = false): void {
    const t1 = performance.now();
    const part = (name: string, run: () => void) => {
      const a = performance.now();
      run();
      this.profile.slowParts[name] = Math.max(this.profile.slowParts[name] ?? 0, performance.now() - a);
    };
    if (this.loop?.running && !this.exactCost.cheap) part('evaluate', () => this.settleExact());
    if (views.includes('boundary') && data.nFeatures === 2) this.describeBoundary(data);
    if (views.includes('confusion') && data.kind === 'multiclass' && (this.sweepReady || !this.loop?.running)) {
      part('confusion', () => {
        if (!this.loop?.running) {
          this.sweepNext = 0;
          while (!this.advanceSweep(data, 50)); // paused: one whole sweep now
        }
        this.sweepReady = false;
        this.renderConfusion(data);
      });
    }
    if (views.includes('network') && this.netDetails.open && this.drawsNow('network', force))
      part('network', () => this.renderNetwork(data));
    if (views.includes('diagnostics') && this.diagDetails.open && this.drawsNow('diagnostics', force))
      part('diagnostics', () => this.renderDiagnostics());
    const t2 = performance.now();
    // a running estimate of the slow views' cost, which sets how often they run
    this.slowCost = 0.7 * this.slowCost + 0.3 * (t2 - t1);
    this.profile.slowMs += t2 - t1;
    this.profile.maxSlowMs = Math.max(this.profile.maxSlowMs, t2 - t1);
  }

  // ---- the views drawn only near the viewport ---------------------------------------
  //
  // The network picture and the diagnostics sit below the controls and the decision
  // boundary: on a phone, two or three screens down. Drawing them costs more than
  // the rest of a frame (a forward pass per unit heatmap, the histograms), so while
  // they are far from the viewport they are not drawn, only marked stale, and a stale
  // view is drawn (in a task of its own) as soon as it comes within
  // DEFERRED_CHART_MARGIN_PX of the viewport. Nothing is lost: each is drawn from the
  // trainer's current state.

  private readonly nearViews = new Set<SlowView>();
  private readonly staleViews = new Set<SlowView>();

  private watchNearViews(views: readonly [SlowView, Element][]): void {
    for (const [view, box] of views) {
      const stop = watchNearness(box, DEFERRED_CHART_MARGIN_PX, (near) => {
        if (!near) {
          this.nearViews.delete(view);
          return;
        }
        this.nearViews.add(view);
        if (this.staleViews.has(view)) startInTurn(() => this.drawStaleViews([view]));
      });
      this.onDispose(stop);
    }
  }

  /** Whether a slow view is drawn now (near the viewport, or forced); one that is not is marked stale and keeps its place. */
  private drawsNow(view: SlowView, force: boolean): boolean {
    if (!force && !this.nearViews.has(view)) {
      this.staleViews.add(view);
      this.keepPlace(view);
      return false;
    }
    this.staleViews.delete(view);
    return true;
  }

  /**
   * Gives a view that is not drawn the place it will take when drawn (from the network's
   * shape alone), so that drawing it as the reader arrives moves nothing below it.
   */
  private keepPlace(view: SlowView): void {
    const config = this.config;
    const data = this.data;
    if (!config || !data) return;
    if (view === 'network') {
      this.network.reserve(
        { inputs: data.nFeatures, hidden: config.layers, outputs: config.output.units },
        parameterCount(config, data.nFeatures) <= MAX_DRAWN_PARAMETERS,
      );
    } else if (view === 'diagnostics') {
      this.gradChart.reserve(this.gradCurve, gradNormLabels(config));
      this.preact.reserve(config.layers);
    }
  }

  /** Draws the stale views among these (all of them by default) now, near the viewport or not. */
  private drawStaleViews(views: readonly SlowView[] = SLOW_VIEWS): void {
    const data = this.data;
    const stale = views.filter((v) => this.staleViews.has(v));
    if (!this.ready || !data || !this.trainer || stale.length === 0) return;
    this.renderSlowViews(data, stale, true);
  }

  private statCells: HTMLElement[] = [];

  private slowCost = 0;
  private lastTextAt = 0;

  /** How often the slow views (network, diagnostics, confusion matrix) refresh: at most ~5% of the time. */
  private slowInterval(): number {
    return Math.max(SLOW_VIEW_MS, this.slowCost * 20);
  }

  /**
   * The numbers in the toolbar. Without metrics (no network yet) the same cells show
   * "—", so the toolbar has its final height from the build on: on a phone the cells
   * take two or three lines, and filling them later would push everything below down.
   */
  private renderStats(m: TrainerMetrics | null): void {
    // while a data set loads, or after it failed to, the line says so (loadData)
    if (!m && !this.data && this.statCells.length === 0 && this.stats.textContent !== '') return;
    if (!this.statCells[0]?.isConnected) this.statCells = [];
    // After divergence the running means mix in non-finite batches and the test loss
    // is from a sweep before the blow-up: neither describes the network any more.
    const diverged = m?.status === 'diverged';
    const acc = (v: number | undefined) =>
      v !== undefined && Number.isFinite(v) && !diverged ? `${(v * 100).toFixed(1)}%` : '—';
    const loss = (v: number | undefined) => (diverged ? '发散' : v === undefined ? '—' : formatShort(v, 4));
    const items: [string, string][] = [
      ['轮次（epoch）', m ? String(m.epoch) : '—'],
      ['步数', m ? String(m.step) : '—'],
      ['训练损失', loss(m?.trainLoss)],
      ['测试损失', loss(m?.testLoss)],
    ];
    if (kindOf(this.state.dataset) !== 'regression')
      items.push(['训练准确率', acc(m?.trainAccuracy)], ['测试准确率', acc(m?.testAccuracy)]);
    if (this.statCells.length !== items.length) {
      this.statCells = items.map(() => el('b'));
      this.stats.replaceChildren(
        ...items.map(([k], i) => {
          const span = el('span');
          span.append(`${k} `, this.statCells[i]);
          return span;
        }),
      );
    }
    items.forEach(([, v], i) => {
      if (this.statCells[i].textContent !== v) this.statCells[i].textContent = v;
    });
    // the line under the loss chart repeats the same numbers, updated at the same moment
    const summary = items.map(([k, v]) => `${k} ${v}`).join('，');
    if (this.lossSummary.textContent !== summary) this.lossSummary.textContent = summary;
  }

  private renderBoundary(data: DataSplit): void {
    const trainer = this.trainer!;
    const [x0, x1, y0, y1] = data.extent;
    const grid = trainer.predictGrid(x0, x1, y0, y1, GRID, GRID);
    const scale = boundaryScale(this.config!.output.activation);
    this.boundaryHeatmap.paint(grid, GRID, GRID, DIVERGING, scale, true);
    if (!this.lastGrid || this.lastGrid.length !== grid.length) this.lastGrid = new Float32Array(grid.length);
    this.lastGrid.set(grid);
    const canvas = this.boundaryCanvas;
    const css = Math.max(200, Math.min(420, this.boundaryWidth || 320));
    const ratio = window.devicePixelRatio || 1;
    const size = Math.round(css * ratio);
    if (canvas.width !== size) {
      canvas.width = size;
      canvas.height = size;
    }
    const ctx = canvas.getContext('2d')!;
    this.boundaryHeatmap.drawInto(ctx, 0, 0, size, size);
    // the points never move between frames: drawn once into a layer, then copied
    const key = `${this.dataKey}|${size}`;
    if (this.pointsKey !== key) {
      this.pointsKey = key;
      this.pointsLayer.width = size;
      this.pointsLayer.height = size;
      this.drawPoints(this.pointsLayer.getContext('2d')!, data, size, ratio);
    }
    ctx.drawImage(this.pointsLayer, 0, 0);
  }

  private pointsLayer = document.createElement('canvas');
  private pointsKey = '';

  private drawPoints(ctx: CanvasRenderingContext2D, data: DataSplit, size: number, ratio: number): void {
    const [x0, x1, y0, y1] = data.extent;
    const px = (x: number) => ((x - x0) / (x1 - x0)) * size;
    const py = (y: number) => (1 - (y - y0) / (y1 - y0)) * size;
    const r = 3.5 * ratio;
    const draw = (rows: DataSplit['train'], hollow: boolean) => {
      ctx.lineWidth = hollow ? 1.8 * ratio : 1.2 * ratio;
      for (const cls of [0, 1]) {
        ctx.beginPath();
        for (let i = 0; i < rows.rows; ++i) {
          if ((rows.y[i] > 0.5 ? 1 : 0) !== cls) continue;
          const cx = px(rows.x[2 * i]);
          const cy = py(rows.x[2 * i + 1]);
          ctx.moveTo(cx + r, cy);
          ctx.arc(cx, cy, r, 0, Math.PI * 2);
        }
        ctx.fillStyle = hollow ? 'rgba(255,255,255,0.85)' : CLASS_COLOURS[cls];
        ctx.strokeStyle = hollow ? CLASS_COLOURS[cls] : '#ffffff';
        ctx.fill();
        ctx.stroke();
      }
    };
    draw(data.train, false);
    draw(data.test, true);
  }

  /** The boundary's text alternative (refreshed with the slow views, not every frame). */
  private describeBoundary(data: DataSplit): void {
    const m = this.metricsNow;
    const label =
      `决策边界热图：${DATASET_LABELS[data.id]}，${data.train.rows} 个训练点（实心）与 ${data.test.rows} 个测试点（空心）` +
      (m && Number.isFinite(m.testAccuracy) ? `，测试准确率 ${(m.testAccuracy * 100).toFixed(1)}%` : '');
    if (this.boundaryCanvas.getAttribute('aria-label') !== label) this.boundaryCanvas.setAttribute('aria-label', label);
  }

  private renderFit(data: DataSplit): void {
    if (!this.fitChart) this.fitChart = new Chart(this.fitBox, (w) => (w < 480 ? 220 : 280));
    const [x0, x1] = data.extent;
    if (!this.fitIndex) {
      // one shared, sorted x axis for the fitted curve and the points (uPlot's aligned data)
      const entries: [number, 'grid' | 'train' | 'test', number][] = [];
      for (let i = 0; i < FIT_SAMPLES; ++i) entries.push([x0 + ((x1 - x0) * i) / (FIT_SAMPLES - 1), 'grid', i]);
      for (let i = 0; i < data.train.rows; ++i) entries.push([data.train.x[i], 'train', i]);
      for (let i = 0; i < data.test.rows; ++i) entries.push([data.test.x[i], 'test', i]);
      entries.sort((a, b) => a[0] - b[0]);
      this.fitX = entries.map((e) => e[0]);
      const index = { grid: [] as number[], train: [] as number[], test: [] as number[] };
      entries.forEach((e, k) => (index[e[1]][e[2]] = k));
      this.fitIndex = index;
    }
    const index = this.fitIndex;
    const n = this.fitX.length;
    const gridX = new Float32Array(FIT_SAMPLES);
    for (let i = 0; i < FIT_SAMPLES; ++i) gridX[i] = this.fitX[index.grid[i]];
    const pred = this.trainer!.predict(gridX);
    const predY: (number | null)[] = new Array(n).fill(null);
    const trainY: (number | null)[] = new Array(n).fill(null);
    const testY: (number | null)[] = new Array(n).fill(null);
    for (let i = 0; i < FIT_SAMPLES; ++i) predY[index.grid[i]] = pred[i];
    for (let i = 0; i < data.train.rows; ++i) trainY[index.train[i]] = data.train.y[i];
    for (let i = 0; i < data.test.rows; ++i) testY[index.test[i]] = data.test.y[i];
    const colours = () => this.colours;
    this.fitChart.show(
      `fit:${this.dataKey}`,
      (size) => ({
        ...size,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false }, y: { auto: false, range: [data.extent[2], data.extent[3]] } },
        axes: [themedAxis(colours, { label: 'x', labelSize: 18 }), themedAxis(colours, { size: 44 })],
        series: [
          { label: 'x' },
          { label: '网络输出', stroke: PALETTE[1], width: 2.5, spanGaps: true, points: { show: false } },
          {
            label: '训练集',
            stroke: CLASS_COLOURS[0],
            paths: () => null,
            points: { show: true, size: 5, fill: CLASS_COLOURS[0] },
          },
          {
            label: '测试集',
            stroke: PALETTE[2],
            paths: () => null,
            points: { show: true, size: 6, fill: 'transparent' },
          },
        ],
      }),
      [this.fitX, predY, trainY, testY] as never,
    );
    this.fitBox.setAttribute('aria-label', `回归拟合：${DATASET_LABELS[data.id]}，网络输出曲线与训练、测试点`);
  }

  private renderLoss(): void {
    const c = this.lossCurve;
    const floor = (v: number) => (Number.isFinite(v) ? Math.max(v, 1e-6) : null);
    const colours = () => this.colours;
    this.lossChart!.show(
      'loss',
      logStepChart(colours, () => [
        { label: '训练损失', stroke: PALETTE[0], width: 2, points: { show: false } },
        { label: '测试损失', stroke: PALETTE[1], width: 2, dash: [6, 3], points: { show: false } },
      ]),
      [c.x, c.ys[0].map(floor), c.ys[1].map(floor)] as never,
    );
  }

  private renderNetwork(data: DataSplit): void {
    const config = this.config!;
    // The edges and unit heatmaps need the weights, which the trainer hands out as
    // JSON: cheap for small nets, seconds for 8 × 256. Large nets are drawn without them.
    let weights: WeightsJson | null = null;
    if (parameterCount(config, data.nFeatures) <= MAX_DRAWN_PARAMETERS) {
      try {
        weights = parseWeights(this.trainer!.exportWeights());
      } catch {
        weights = null;
      }
    }
    const m = this.metricsNow;
    this.network.update(this.lab, {
      inputs: data.nFeatures,
      inputLabels: data.nFeatures === 2 ? ['x₁', 'x₂'] : data.nFeatures === 1 ? ['x'] : [],
      hidden: config.layers.map((l) => ({ units: l.units, activation: l.activation, params: l.params })),
      outputs: config.output.units,
      outputActivation: config.output.activation,
      dead: config.layers.map((_, i) => m?.layers[i]?.deadUnits ?? []),
      weights,
      extent: data.nFeatures === 2 ? data.extent : null,
    });
  }

  private renderDiagnostics(): void {
    const config = this.config!;
    const m = this.metricsNow;
    if (!m) return;
    this.gradChart.update(
      this.gradCurve,
      gradNormLabels(config),
      m.status === 'diverged'
        ? `没有梯度范数可画：训练在第 ${m.divergedAtStep || m.step} 步发散，在那之前还没有记录过梯度范数（每帧记录一次，发散发生在一帧之内）。`
        : undefined,
    );
    this.preact.update(
      this.lab,
      config.layers.map((l, i) =>
        layerView(
          l,
          m.layers[i] ?? {
            gradNorm: NaN,
            weightNorm: NaN,
            preActMean: NaN,
            preActStd: NaN,
            histogram: { min: NaN, max: NaN, counts: [] },
            saturatedFraction: NaN,
            deadFraction: NaN,
            deadUnits: [],
            preluWeight: NaN,
          },
        ),
      ),
    );
  }

  private confusionCells: HTMLTableCellElement[][] = [];
  private confusionFor = '';
  private mistakeList: HTMLElement | null = null;
  private mistakeTitle: HTMLElement | null = null;
  private mistakeKey = '';

  private sweepGuesses: Int32Array | null = null;
  private sweepNext = 0;
  private sweepRows = 32;
  private sweepReady = false;

  /**
   * Predicts the next slice of the test set (about budgetMs worth of rows; the
   * slice size adapts to the measured cost) into sweepGuesses. Returns true when
   * the sweep over all test rows completed. For a large network the confusion
   * matrix is thus built over several frames instead of in one long task.
   */
  private advanceSweep(data: DataSplit, budgetMs: number): boolean {
    const rows = data.test.rows;
    if (!rows || !this.trainer) return false;
    if (!this.sweepGuesses || this.sweepGuesses.length !== rows) {
      this.sweepGuesses = new Int32Array(rows);
      this.sweepNext = 0;
    }
    const f = data.nFeatures;
    const k = data.nClasses;
    const start = this.sweepNext;
    const n = Math.min(this.sweepRows, rows - start);
    const t0 = performance.now();
    const probs = this.trainer.predict(data.test.x.subarray(start * f, (start + n) * f));
    for (let r = 0; r < n; ++r) {
      let best = 0;
      for (let c = 1; c < k; ++c) if (probs[r * k + c] > probs[r * k + best]) best = c;
      this.sweepGuesses[start + r] = best;
    }
    const ms = performance.now() - t0;
    this.sweepRows = Math.max(4, Math.min(rows, Math.round((n * budgetMs) / Math.max(ms, 0.05))));
    this.sweepNext = start + n >= rows ? 0 : start + n;
    return this.sweepNext === 0;
  }

  private renderConfusion(data: DataSplit): void {
    const k = data.nClasses;
    const guesses = this.sweepGuesses!;
    const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const mistakes: { index: number; truth: number; guess: number }[] = [];
    for (let r = 0; r < data.test.rows; ++r) {
      const best = guesses[r];
      const truth = data.test.y[r];
      matrix[truth][best] += 1;
      if (best !== truth && mistakes.length < 8) mistakes.push({ index: r, truth, guess: best });
    }
    this.confusion = matrix;
    this.mistakes = mistakes;
    if (this.confusionFor !== this.dataKey) {
      // the table is built once per data set; later frames only change the numbers
      this.confusionFor = this.dataKey;
      const table = el('table', 'confusion');
      table.append(el('caption', undefined, `测试集混淆矩阵（行：真实类别，列：预测类别；共 ${data.test.rows} 个）`));
      const head = el('tr');
      head.append(el('th', undefined, '真\\判'), ...data.classNames.map((n) => el('th', undefined, n)));
      table.append(head);
      this.confusionCells = data.classNames.map((name) => {
        const tr = el('tr');
        const th = el('th', undefined, name);
        th.scope = 'row';
        tr.append(th);
        const cells = data.classNames.map(() => el('td'));
        tr.append(...cells);
        table.append(tr);
        return cells;
      });
      const scroll = el('div', 'table-scroll');
      scroll.append(table);
      const parts: HTMLElement[] = [scroll];
      this.mistakeList = null;
      this.mistakeKey = '';
      if (data.id === 'digits') {
        this.mistakeTitle = el('p', 'panel-title');
        this.mistakeList = el('ul', 'mistakes');
        parts.push(this.mistakeTitle, this.mistakeList);
      } else {
        parts.push(el('p', 'hint', `iris 有 ${data.nFeatures} 个特征，画不出二维决策边界；看混淆矩阵即可。`));
      }
      this.realBox.replaceChildren(...parts);
    }
    const peak = Math.max(1, ...matrix.flat());
    matrix.forEach((row, i) =>
      row.forEach((v, j) => {
        const td = this.confusionCells[i][j];
        const text = String(v);
        if (td.textContent !== text) td.textContent = text;
        // light tints only, so the numbers keep their contrast (WCAG AA)
        const alpha = (0.08 + (0.27 * v) / peak).toFixed(2);
        const background = v === 0 ? '' : i === j ? `rgba(22, 163, 74, ${alpha})` : `rgba(220, 38, 38, ${alpha})`;
        if (td.style.background !== background) td.style.background = background;
      }),
    );
    const key = mistakes.map((m) => `${m.index}:${m.guess}`).join(',');
    if (this.mistakeList && this.mistakeTitle && key !== this.mistakeKey) {
      this.mistakeKey = key;
      this.mistakeTitle.textContent = mistakes.length ? '几张被判错的测试图片' : '测试集里暂时没有判错的图片';
      this.mistakeList.replaceChildren(
        ...mistakes.map((mistake) => {
          const item = el('li');
          const canvas = el('canvas');
          canvas.width = 8;
          canvas.height = 8;
          const ctx = canvas.getContext('2d')!;
          const image = ctx.createImageData(8, 8);
          for (let p = 0; p < 64; ++p) {
            const v = 255 - Math.round((data.test.x[mistake.index * 64 + p] / 16) * 255);
            image.data.set([v, v, v, 255], p * 4);
          }
          ctx.putImageData(image, 0, 0);
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', `真实 ${mistake.truth}，被判为 ${mistake.guess}`);
          item.append(canvas, el('span', undefined, `真 ${mistake.truth} → 判 ${mistake.guess}`));
          return item;
        }),
      );
    }
  }

  protected onTheme(): void {
    this.renderFrame(true);
  }

  protected snapshot(): Plotted {
    this.ensureStarted();
    const m = this.metricsNow;
    const data = this.data;
    const out: Plotted = {
      x: [...this.lossCurve.x],
      series: [
        { id: 'trainLoss', label: '训练损失', y: [...this.lossCurve.ys[0]] },
        { id: 'testLoss', label: '测试损失', y: [...this.lossCurve.ys[1]] },
      ],
      metrics: m ? { ...m, layers: m.layers.map((l) => ({ ...l })) } : null,
      dataset: data
        ? {
            id: data.id,
            kind: data.kind,
            train: data.train.rows,
            test: data.test.rows,
            nFeatures: data.nFeatures,
            source: data.source,
          }
        : null,
      config: this.config,
      network: this.network.snapshot(),
      diagnostics: this.preact.snapshot(),
      gradNorms: { x: [...this.gradCurve.x], ys: this.gradCurve.ys.map((y) => [...y]) },
      confusion: this.confusion?.map((r) => [...r]) ?? null,
      mistakes: this.mistakes.map((x) => ({ ...x })),
      diverged: !this.divergence.box.hidden,
    };
    if (data && data.nFeatures === 2 && this.lastGrid) {
      const [x0, x1, y0, y1] = data.extent;
      const xs = Array.from({ length: GRID }, (_, i) => x0 + ((i + 0.5) * (x1 - x0)) / GRID);
      const ys = Array.from({ length: GRID }, (_, j) => y0 + ((j + 0.5) * (y1 - y0)) / GRID);
      // plotted().grid has row 0 at the lowest y; predictGrid's row 0 is the top
      const values: number[] = [];
      for (let j = 0; j < GRID; ++j)
        for (let i = 0; i < GRID; ++i) values.push(this.lastGrid[(GRID - 1 - j) * GRID + i]);
      out.grid = { x: xs, y: ys, values };
    }
    return out;
  }

  protected teardown(): void {
    this.startState.reset();
    this.loop?.stop();
    this.loop = null;
    this.disposeTrainer();
    this.lossChart?.destroy();
    this.lossChart = null;
    this.fitChart?.destroy();
    this.fitChart = null;
    this.fitIndex = null;
    this.gradChart?.destroy();
    this.preact?.destroy();
    this.network?.destroy();
    this.boundaryHeatmap.dispose();
    this.boundaryHeatmap = new Heatmap();
    this.lossCurve.clear();
    this.gradCurve.clear();
    this.data = null;
    this.dataKey = '';
    // the rows are built again in the next connection's layer box
    this.layerSignature = '';
    this.layerRows = [];
    // a slider's change still waiting for its frame: the next connection builds from the state
    cancelAnimationFrame(this.pendingFrame);
    this.pendingFrame = 0;
    this.pendingChange = null;
    this.lastGrid = null;
    this.pointsKey = '';
    this.confusionFor = '';
    this.confusionCells = [];
    this.sweepGuesses = null;
    this.sweepReady = false;
    this.statCells = [];
  }
}

defineOnce('actlab-playground', PlaygroundWidget);
