// <actlab-descent>: gradient descent on a 2-D loss surface. Filled contours and
// contour lines, a choice of surface, optimizer and learning rate, the path
// animated with play/pause/reset, and divergence shown when lr is too large.
// Every plotted number (the surface, its minima, the path) comes from the wasm module.
import type { ActLab } from '../actlab';
import {
  contourGrid,
  contourSegments,
  OPTIMIZER_IDS,
  runDescent,
  SURFACE_IDS,
  SURFACE_NAMES,
  surfaceInfo,
  type ContourGrid,
  type DescentPath,
  type DescentState,
} from '../models/descent';
import { type Plotted, type WidgetField } from './shared/base';
import { themedAxis, type UPlot } from './shared/chart';
import { ChartWidget, clipToPlot, heatmapUnderlay, planeHeight } from './shared/chart-widget';
import {
  button,
  el,
  formatShort,
  selectControl,
  slider,
  type SelectControl,
  type SliderControl,
  setAttributeIfChanged,
} from './shared/controls';
import { Heatmap, SEQUENTIAL } from './shared/heatmap';
import { enumField, numberField } from './shared/state';

const LR_MIN = 0.0001;
const LR_MAX = 10;
// The learning-rate slider's stops: ten round values per decade (1, 1.2, 1.5, 2, 2.5, 3,
// 4, 5, 6, 8 times a power of ten), spaced about evenly on a log scale, from LR_MIN to
// LR_MAX, so the rates the text talks about (0.001, 0.01, 0.1, 0.2, 0.25, 0.3, 0.5, ...)
// can be set exactly. A link may still give any rate in the range; the slider then sits
// at the nearest stop and its label shows the rate in use.
const LR_MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
const LR_STOPS = [
  ...Array.from({ length: 50 }, (_, i) =>
    Number((LR_MANTISSAS[i % 10] * 10 ** (Math.floor(i / 10) + Math.log10(LR_MIN))).toPrecision(2)),
  ),
  LR_MAX,
];
/** The index of the stop nearest to lr on a log scale. */
function nearestLrStop(lr: number): number {
  let best = 0;
  for (let i = 1; i < LR_STOPS.length; ++i)
    if (Math.abs(Math.log(LR_STOPS[i] / lr)) < Math.abs(Math.log(LR_STOPS[best] / lr))) best = i;
  return best;
}
const STEPS_MAX = 500;
const GRID_W = 120;
const GRID_H = 96;
type State = DescentState & Record<string, unknown>;

const OPTIMIZER_NAMES: Record<string, string> = { sgd: 'SGD', momentum: 'SGD + 动量 (0.9)', adam: 'Adam' };

export class DescentWidget extends ChartWidget<State> {
  static widget = 'descent' as const;
  static heading = '二维损失曲面上的梯度下降';
  static observedAttributes = ['surface', 'optimizer', 'lr', 'steps'];

  private heatmap: Heatmap | null = null;
  private grid: ContourGrid | null = null;
  private contours: number[][] = [];
  private gridFor = '';
  private path: DescentPath | null = null;
  private shown = 0;
  private playing = false;
  private animation = 0;
  private progress = 0;
  private surfaceSelect!: SelectControl;
  private optimizerSelect!: SelectControl;
  private lrSlider!: SliderControl;
  private stepsSlider!: SliderControl;
  private playButton!: HTMLButtonElement;
  private status!: HTMLElement;
  private formula!: HTMLElement;

  protected fields(): WidgetField[] {
    return [
      enumField<ActLab>('surface', SURFACE_IDS, 'bowl') as WidgetField,
      enumField<ActLab>('optimizer', OPTIMIZER_IDS, 'sgd') as WidgetField,
      numberField<ActLab>('lr', { min: LR_MIN, max: LR_MAX, default: 0.1 }) as WidgetField,
      numberField<ActLab>('steps', { min: 1, max: STEPS_MAX, default: 60, integer: true }) as WidgetField,
    ];
  }

  protected build(): void {
    const controls = el('div', 'controls');
    this.surfaceSelect = selectControl(this.listen, {
      label: '损失曲面',
      options: SURFACE_IDS.map((id) => ({ value: id, label: `${SURFACE_NAMES[id]}（${id}）` })),
      value: this.state.surface,
      onChange: (surface) => this.setState({ surface: surface as State['surface'] }),
    });
    this.optimizerSelect = selectControl(this.listen, {
      label: '优化器',
      options: OPTIMIZER_IDS.map((id) => ({ value: id, label: OPTIMIZER_NAMES[id] })),
      value: this.state.optimizer,
      onChange: (optimizer) => this.setState({ optimizer: optimizer as State['optimizer'] }),
    });
    // the learning-rate slider moves over LR_STOPS; at the stop nearest to the rate in use
    // (which a link may have set off the stops) its label shows that rate
    this.lrSlider = slider(this.listen, {
      label: '学习率 lr',
      min: 0,
      max: LR_STOPS.length - 1,
      step: 1,
      value: nearestLrStop(this.state.lr),
      format: (i) => formatShort(i === nearestLrStop(this.state.lr) ? this.state.lr : LR_STOPS[i], 4),
      onInput: (i) => this.setState({ lr: LR_STOPS[i] }),
    });
    this.stepsSlider = slider(this.listen, {
      label: '步数',
      min: 1,
      max: STEPS_MAX,
      step: 1,
      value: this.state.steps,
      format: (v) => String(Math.round(v)),
      onInput: (v) => this.setState({ steps: Math.round(v) }),
    });
    controls.append(this.surfaceSelect.root, this.optimizerSelect.root, this.lrSlider.root, this.stepsSlider.root);

    const transport = el('div', 'controls');
    this.playButton = button(this.listen, '播放', () => this.togglePlay());
    const stepButton = button(this.listen, '单步', () => this.stepOnce(), '单步：前进一步');
    const reset = button(this.listen, '重置', () => this.resetAnimation(), '重置到起点');
    const group = el('div', 'control inline');
    group.append(this.playButton, stepButton, reset);
    transport.append(group);

    this.formula = el('p', 'formula');
    this.createChart(planeHeight(400));
    this.heatmap = new Heatmap();
    this.status = el('p', 'readout');
    const hint = el('p', 'hint', '颜色越亮损失越大；细线是等高线，白色折线是优化路径，★ 是最小值。');
    this.body.append(controls, transport, this.formula, this.chartBox, this.status, hint);
    this.onDispose(() => this.stopAnimation());
    this.syncControls();
  }

  protected syncControls(): void {
    const s = this.state;
    this.surfaceSelect.set(s.surface);
    this.optimizerSelect.set(s.optimizer);
    this.lrSlider.set(nearestLrStop(s.lr));
    this.stepsSlider.set(s.steps);
  }

  protected stateChanged(keys: readonly string[]): void {
    super.stateChanged(keys);
    this.path = null; // recomputed in draw; show the whole new path unless an animation is running
    if (this.playing) this.progress = 0;
  }

  private ensureGrid(): void {
    const s = this.state;
    if (this.gridFor === s.surface && this.grid) return;
    this.gridFor = s.surface;
    this.grid = contourGrid(this.lab, s.surface, GRID_W, GRID_H);
    this.heatmap!.paint(this.grid.values, GRID_W, GRID_H, SEQUENTIAL, this.grid.shade);
    this.contours = this.grid.levels.map((level) => contourSegments(this.grid!, level));
  }

  protected draw(): void {
    const s = this.state;
    this.ensureGrid();
    if (!this.path) {
      this.path = runDescent(this.lab, s);
      this.shown = this.playing ? Math.min(this.shown, 0) : this.path.x.length - 1;
    }
    const surface = surfaceInfo(this.lab, s.surface);
    this.formula.textContent = `${SURFACE_NAMES[s.surface]}：${surface.formula}；${OPTIMIZER_NAMES[s.optimizer]}，lr = ${formatShort(s.lr, 4)}`;
    const colours = () => this.colours;
    this.chart!.show(
      `descent:${s.surface}`,
      (size) => ({
        ...size,
        legend: { show: false },
        scales: {
          x: { time: false, auto: false, range: [surface.xmin, surface.xmax] },
          y: { auto: false, range: [surface.ymin, surface.ymax] },
        },
        axes: [
          themedAxis(colours, { label: '参数 x', labelSize: 18, grid: { show: false } }),
          themedAxis(colours, { label: '参数 y', labelSize: 18, size: 40, grid: { show: false } }),
        ],
        series: [{ label: 'x' }, { label: 'y', stroke: 'transparent', points: { show: false } }],
        cursor: { show: false, drag: { x: false, y: false } },
        hooks: {
          drawClear: [heatmapUnderlay(() => this.heatmap)],
          draw: [(u: UPlot) => this.drawOverlay(u)],
        },
      }),
      [
        [surface.xmin, surface.xmax],
        [null, null],
      ],
    );
    setAttributeIfChanged(
      this.chartBox,
      'aria-label',
      `${SURFACE_NAMES[s.surface]}曲面的等高线图与 ${OPTIMIZER_NAMES[s.optimizer]} 的优化路径`,
    );
    this.updateStatus();
  }

  private drawOverlay(u: UPlot): void {
    const path = this.path;
    const dpr = devicePixelRatio;
    const px = (x: number) => u.valToPos(x, 'x', true);
    const py = (y: number) => u.valToPos(y, 'y', true);
    const { bbox } = u;
    const ctx = clipToPlot(u);
    // contour lines
    ctx.lineWidth = 1 * dpr;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.45)';
    ctx.beginPath();
    for (const segments of this.contours) {
      for (let k = 0; k < segments.length; k += 4) {
        ctx.moveTo(px(segments[k]), py(segments[k + 1]));
        ctx.lineTo(px(segments[k + 2]), py(segments[k + 3]));
      }
    }
    ctx.stroke();
    // the minimum (or minima)
    const { minima } = surfaceInfo(this.lab, this.state.surface);
    ctx.fillStyle = '#ffffff';
    ctx.font = `${16 * dpr}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const [mx, my] of minima) ctx.fillText('★', px(mx), py(my));
    if (path) {
      const last = Math.min(this.shown, path.x.length - 1);
      ctx.lineWidth = 2 * dpr;
      ctx.strokeStyle = '#ffffff';
      ctx.beginPath();
      for (let i = 0; i <= last; ++i) {
        const x = px(path.x[i]);
        const y = py(path.y[i]);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
      // a dot per step, thinned out on long paths so the line stays visible
      ctx.fillStyle = '#e4572e';
      const every = Math.max(1, Math.ceil(path.x.length / 80));
      for (let i = 0; i <= last; ++i) {
        if (i % every !== 0 && i !== last) continue;
        ctx.beginPath();
        ctx.arc(px(path.x[i]), py(path.y[i]), (i === last ? 4.5 : every > 1 ? 1.8 : 2.5) * dpr, 0, Math.PI * 2);
        ctx.fill();
      }
      // start marker
      ctx.strokeStyle = '#111827';
      ctx.lineWidth = 1.5 * dpr;
      ctx.beginPath();
      ctx.arc(px(path.x[0]), py(path.y[0]), 6 * dpr, 0, Math.PI * 2);
      ctx.stroke();
      if (path.divergedAt >= 0 && last >= path.x.length - 1) {
        // a red cross at the last point, pulled back inside the view when it flew off
        const cx = Math.min(bbox.left + bbox.width - 12 * dpr, Math.max(bbox.left + 12 * dpr, px(path.x[last])));
        const cy = Math.min(bbox.top + bbox.height - 12 * dpr, Math.max(bbox.top + 12 * dpr, py(path.y[last])));
        ctx.strokeStyle = '#dc2626';
        ctx.lineWidth = 4 * dpr;
        const r = 9 * dpr;
        ctx.beginPath();
        ctx.moveTo(cx - r, cy - r);
        ctx.lineTo(cx + r, cy + r);
        ctx.moveTo(cx + r, cy - r);
        ctx.lineTo(cx - r, cy + r);
        ctx.stroke();
      }
    }
    ctx.restore();
  }

  private updateStatus(): void {
    const path = this.path;
    if (!path) return;
    const i = Math.min(this.shown, path.x.length - 1);
    const text = `第 ${i} / ${this.state.steps} 步：(x, y) = (${formatShort(path.x[i], 3)}, ${formatShort(path.y[i], 3)})，损失 f = ${formatShort(path.loss[i], 4)}`;
    this.status.textContent = text;
    if (path.divergedAt >= 0 && i >= path.x.length - 1) {
      this.showAlert(
        `发散：学习率 lr = ${formatShort(this.state.lr, 4)} 太大，第 ${path.divergedAt} 步时参数飞出了合理范围（损失趋于无穷）。请把 lr 调小。`,
      );
    } else {
      this.showAlert('');
    }
  }

  // ---- animation --------------------------------------------------------------------

  private togglePlay(): void {
    if (this.playing) this.stopAnimation();
    else this.startAnimation();
  }

  private startAnimation(): void {
    if (!this.path) return;
    if (this.shown >= this.path.x.length - 1) this.shown = 0;
    this.progress = this.shown;
    // with reduced motion, no animation: step through the path with 单步, or see it whole
    const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (reduced) {
      this.shown = this.path.x.length - 1;
      this.chart?.redraw();
      this.updateStatus();
      return;
    }
    this.playing = true;
    this.playButton.textContent = '暂停';
    const tick = () => {
      this.animation = 0;
      const path = this.path;
      if (!this.playing) return;
      // a setting changed mid-play: the path is recomputed in this frame's draw, which
      // restarts it from step 0; keep the loop going so the new path plays
      if (!path) {
        this.animation = requestAnimationFrame(tick);
        return;
      }
      // the whole path takes about two seconds, and at least one step per two frames
      this.progress += Math.max(0.5, this.state.steps / 120);
      this.shown = Math.min(path.x.length - 1, Math.floor(this.progress));
      this.chart?.redraw();
      this.updateStatus();
      if (this.shown >= path.x.length - 1) this.stopAnimation();
      else this.animation = requestAnimationFrame(tick);
    };
    this.animation = requestAnimationFrame(tick);
  }

  private stopAnimation(): void {
    this.playing = false;
    if (this.animation) cancelAnimationFrame(this.animation);
    this.animation = 0;
    if (this.playButton) {
      this.playButton.textContent = '播放';
    }
  }

  private stepOnce(): void {
    this.stopAnimation();
    if (!this.path) return;
    this.shown = this.shown >= this.path.x.length - 1 ? 0 : this.shown + 1;
    this.chart?.redraw();
    this.updateStatus();
  }

  private resetAnimation(): void {
    this.stopAnimation();
    this.shown = 0;
    this.progress = 0;
    this.chart?.redraw();
    this.updateStatus();
  }

  protected snapshot(): Plotted {
    const path = this.path!;
    const grid = this.grid!;
    return {
      x: [...path.x],
      series: [
        { id: 'path-y', label: '路径 y', y: [...path.y] },
        { id: 'loss', label: '损失 f', y: [...path.loss] },
      ],
      grid: { x: Array.from(grid.xs), y: Array.from(grid.ys), values: Array.from(grid.values) },
      shown: Math.min(this.shown, path.x.length - 1),
      divergedAt: path.divergedAt,
      playing: this.playing,
    };
  }

  protected freeView(): void {
    this.stopAnimation();
    this.heatmap?.dispose();
    this.heatmap = null;
    this.grid = null;
    this.contours = [];
    this.gridFor = '';
    this.path = null;
  }
}
