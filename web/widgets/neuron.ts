// <actlab-neuron>: one neuron with two inputs. Sliders for w1, w2 and b, a
// choice of activation, the output y = φ(w1·x1 + w2·x2 + b) as a heatmap over
// the input plane (the line w·x + b = 0 dashed), and the formula with live numbers.
import type { ActLab } from '../actlab';
import { colourRange, INPUT_EXTENT, neuronAt, neuronGrid, type NeuronGrid, type NeuronState } from '../models/neuron';
import { type Plotted, type WidgetField } from './shared/base';
import { themedAxis, type UPlot } from './shared/chart';
import { ChartWidget, clipToPlot, heatmapUnderlay, planeHeight } from './shared/chart-widget';
import {
  el,
  formatShort,
  selectControl,
  slider,
  type SelectControl,
  type SliderControl,
  setAttributeIfChanged,
} from './shared/controls';
import { DIVERGING, Heatmap, paintColourBar } from './shared/heatmap';
import { enumField, numberField } from './shared/state';

const GRID = 72;
const WEIGHT_LIMIT = 5;
type State = NeuronState & Record<string, unknown>;

export class NeuronWidget extends ChartWidget<State> {
  static widget = 'neuron' as const;
  static heading = '单个神经元';
  static observedAttributes = ['fn', 'w1', 'w2', 'b'];

  private heatmap: Heatmap | null = null;
  private grid: NeuronGrid | null = null;
  private scale: [number, number] = [0, 1];
  private fnSelect!: SelectControl;
  private sliders!: Record<'w1' | 'w2' | 'b', SliderControl>;
  private formula!: HTMLElement;
  private readout!: HTMLElement;
  private barMin!: HTMLElement;
  private barMax!: HTMLElement;

  protected fields(): WidgetField[] {
    const weight = (key: string, value: number) =>
      numberField<ActLab>(key, { min: -WEIGHT_LIMIT, max: WEIGHT_LIMIT, default: value }) as WidgetField;
    return [
      enumField<ActLab>('fn', (_s, lab) => lab.activations.map((a) => a.id), 'sigmoid') as WidgetField,
      weight('w1', 1),
      weight('w2', -1),
      weight('b', 0),
    ];
  }

  protected build(): void {
    const lab = this.lab;
    const controls = el('div', 'controls');
    this.fnSelect = selectControl(this.listen, {
      label: '激活函数 φ',
      options: lab.activations.map((a) => ({ value: a.id, label: `${a.name}（${a.id}）` })),
      value: this.state.fn,
      onChange: (fn) => this.setState({ fn }),
    });
    const make = (key: 'w1' | 'w2' | 'b', label: string) =>
      slider(this.listen, {
        label,
        min: -WEIGHT_LIMIT,
        max: WEIGHT_LIMIT,
        step: 0.05,
        value: this.state[key],
        onInput: (v) => this.setState({ [key]: v } as Partial<State>),
      });
    this.sliders = { w1: make('w1', '权重 w₁'), w2: make('w2', '权重 w₂'), b: make('b', '偏置 b') };
    controls.append(this.fnSelect.root, this.sliders.w1.root, this.sliders.w2.root, this.sliders.b.root);

    this.formula = el('p', 'formula');
    this.createChart(planeHeight(380));
    this.heatmap = new Heatmap();

    const bar = el('div', 'colorbar');
    const barCanvas = el('canvas');
    barCanvas.setAttribute('aria-hidden', 'true');
    paintColourBar(barCanvas, DIVERGING);
    this.barMin = el('span');
    this.barMax = el('span');
    bar.append(
      el('span', undefined, '输出 y：'),
      this.barMin,
      barCanvas,
      this.barMax,
      el('span', 'hint', '（虚线：w·x + b = 0）'),
    );
    this.readout = el('p', 'readout');
    this.body.append(controls, this.formula, this.chartBox, bar, this.readout);
    this.syncControls();
  }

  protected syncControls(): void {
    const s = this.state;
    this.fnSelect.set(s.fn);
    this.sliders.w1.set(s.w1);
    this.sliders.w2.set(s.w2);
    this.sliders.b.set(s.b);
  }

  protected draw(): void {
    const s = this.state;
    const lab = this.lab;
    this.grid = neuronGrid(lab, s, GRID, this.grid?.z);
    const grid = this.grid;
    const info = lab.activation(s.fn);
    const range = info?.range ?? { min: null, max: null };
    this.scale = colourRange(
      {
        min: range.min === null || !Number.isFinite(range.min) ? null : range.min,
        max: range.max === null || !Number.isFinite(range.max) ? null : range.max,
      },
      grid.min,
      grid.max,
    );
    const [lo, hi] = this.scale;
    this.heatmap!.paint(grid.y, GRID, GRID, DIVERGING, (v) => (v - lo) / (hi - lo));
    this.barMin.textContent = formatShort(lo);
    this.barMax.textContent = formatShort(hi);

    // the values as set (a link may give 0.004), not rounded to the sliders' 0.05 steps
    const num = (v: number) => (v < 0 ? `(${formatShort(v)})` : formatShort(v));
    this.formula.textContent = `y = ${s.fn}(${num(s.w1)}·x₁ + ${num(s.w2)}·x₂ + ${num(s.b)})`;

    const colours = () => this.colours;
    const ext = INPUT_EXTENT;
    this.chart!.show(
      'neuron',
      (size) => ({
        ...size,
        legend: { show: false },
        scales: { x: { time: false, auto: false, range: [-ext, ext] }, y: { auto: false, range: [-ext, ext] } },
        axes: [
          themedAxis(colours, { label: '输入 x₁', labelSize: 18, grid: { show: false } }),
          themedAxis(colours, { label: '输入 x₂', labelSize: 18, size: 40, grid: { show: false } }),
        ],
        series: [{ label: 'x₁' }, { label: 'x₂', stroke: 'transparent', points: { show: false } }],
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        hooks: {
          drawClear: [heatmapUnderlay(() => this.heatmap)],
          draw: [(u: UPlot) => this.drawBoundary(u)],
          setCursor: [(u: UPlot) => this.onCursor(u)],
        },
      }),
      [
        [-ext, ext],
        [null, null],
      ],
    );
    setAttributeIfChanged(
      this.chartBox,
      'aria-label',
      `神经元输出 ${this.formula.textContent} 在输入平面 x₁, x₂ ∈ [−3, 3] 上的热力图`,
    );
  }

  /** The dashed line where the pre-activation is 0. */
  private drawBoundary(u: UPlot): void {
    const { w1, w2, b } = this.state;
    const ext = INPUT_EXTENT;
    let p0: [number, number];
    let p1: [number, number];
    if (Math.abs(w2) >= Math.abs(w1)) {
      if (w2 === 0) return;
      p0 = [-ext, (-b - w1 * -ext) / w2];
      p1 = [ext, (-b - w1 * ext) / w2];
    } else {
      p0 = [(-b - w2 * -ext) / w1, -ext];
      p1 = [(-b - w2 * ext) / w1, ext];
    }
    const ctx = clipToPlot(u);
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.strokeStyle = 'rgba(20, 20, 20, 0.8)';
    ctx.beginPath();
    ctx.moveTo(u.valToPos(p0[0], 'x', true), u.valToPos(p0[1], 'y', true));
    ctx.lineTo(u.valToPos(p1[0], 'x', true), u.valToPos(p1[1], 'y', true));
    ctx.stroke();
    ctx.restore();
  }

  private onCursor(u: UPlot): void {
    const { left, top } = u.cursor;
    if (left === undefined || top === undefined || left < 0 || top < 0) {
      this.readout.textContent = '将指针移到热力图上查看该点的 z 与 y。';
      return;
    }
    const x1 = u.posToVal(left, 'x');
    const x2 = u.posToVal(top, 'y');
    const { z, y } = neuronAt(this.lab, this.state, x1, x2);
    this.readout.textContent = `x₁ = ${formatShort(x1, 2)}，x₂ = ${formatShort(x2, 2)}，z = w·x + b = ${formatShort(z, 3)}，y = ${formatShort(y, 4)}`;
  }

  protected snapshot(): Plotted {
    const grid = this.grid!;
    const mid = Math.floor(GRID / 2);
    return {
      // the row through x2 ≈ 0 as a curve, plus the whole grid
      x: Array.from(grid.x1),
      series: [
        {
          id: 'y:row-mid',
          label: `y at x₂ = ${formatShort(grid.x2[mid])}`,
          y: Array.from(grid.y.subarray(mid * GRID, (mid + 1) * GRID)),
        },
      ],
      grid: { x: Array.from(grid.x1), y: Array.from(grid.x2), values: Array.from(grid.y) },
      colourRange: [...this.scale],
      formula: this.formula.textContent,
    };
  }

  protected freeView(): void {
    this.heatmap?.dispose();
    this.heatmap = null;
    this.grid = null;
  }
}
