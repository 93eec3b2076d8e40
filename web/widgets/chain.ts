// <actlab-chain>: backpropagation through a stack of n one-unit layers of
// sigmoid, tanh or relu. The running product of derivatives |∂a_l/∂z₁| is
// drawn layer by layer on a log scale; the other two functions are drawn thin
// for comparison. The vanishing (or exploding) gradient at a glance.
import type { ActLab } from '../actlab';
import { CHAIN_FUNCTIONS, chainGradients, chainVerdict, type ChainResult, type ChainState } from '../models/chain';
import { type Plotted, type WidgetField } from './shared/base';
import { themedAxis, type UPlot } from './shared/chart';
import { ChartWidget } from './shared/chart-widget';
import {
  el,
  formatShort,
  legendBox,
  selectControl,
  showLineLegend,
  slider,
  type SelectControl,
  type SliderControl,
  setAttributeIfChanged,
} from './shared/controls';
import { enumField, numberField } from './shared/state';
import { PALETTE } from './shared/styles';

const MAX_LAYERS = 50;
// the live summary for screen readers is written this long after the last redraw
const ANNOUNCE_DELAY_MS = 500;
type State = ChainState & Record<string, unknown>;

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** An axis label for log10 value k: "10⁻³"; 1 and 10 are written out. */
function powerOfTen(k: number): string {
  if (k === 0) return '1';
  if (k === 1) return '10';
  return `10${String(Math.round(k)).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

export class ChainWidget extends ChartWidget<State> {
  static widget = 'chain' as const;
  static heading = '反向传播中的导数连乘';
  static observedAttributes = ['fn', 'layers', 'z', 'weight'];

  private results = new Map<string, ChainResult>();
  private x: Float64Array = new Float64Array(0);
  private fnSelect!: SelectControl;
  private sliders!: Record<'layers' | 'z' | 'weight', SliderControl>;
  private summary!: HTMLElement;
  private announcer!: HTMLElement;
  private announceTimer = 0;
  private readout!: HTMLElement;
  private legend!: HTMLElement;
  private probe!: SliderControl;

  protected fields(): WidgetField[] {
    return [
      enumField<ActLab>('fn', CHAIN_FUNCTIONS, 'sigmoid') as WidgetField,
      numberField<ActLab>('layers', { min: 1, max: MAX_LAYERS, default: 10, integer: true }) as WidgetField,
      numberField<ActLab>('z', { min: -10, max: 10, default: 0.5 }) as WidgetField,
      numberField<ActLab>('weight', { min: -5, max: 5, default: 1 }) as WidgetField,
    ];
  }

  protected build(): void {
    const controls = el('div', 'controls');
    this.fnSelect = selectControl(this.listen, {
      label: '每层的激活函数',
      options: CHAIN_FUNCTIONS.map((id) => ({ value: id, label: this.lab.activation(id)?.name ?? id })),
      value: this.state.fn,
      onChange: (fn) => this.setState({ fn: fn as State['fn'] }),
    });
    this.sliders = {
      layers: slider(this.listen, {
        label: '层数 n',
        min: 1,
        max: MAX_LAYERS,
        step: 1,
        value: this.state.layers,
        format: (v) => String(Math.round(v)),
        onInput: (v) => this.setState({ layers: Math.round(v) }),
      }),
      z: slider(this.listen, {
        label: '第一层输入 z₁',
        min: -10,
        max: 10,
        step: 0.05,
        value: this.state.z,
        onInput: (z) => this.setState({ z }),
      }),
      weight: slider(this.listen, {
        label: '层间权重 w',
        min: -5,
        max: 5,
        step: 0.05,
        value: this.state.weight,
        onInput: (weight) => this.setState({ weight }),
      }),
    };
    controls.append(this.fnSelect.root, this.sliders.layers.root, this.sliders.z.root, this.sliders.weight.root);
    const model = el(
      'p',
      'formula',
      '第 l 层：a_l = φ(z_l)，下一层输入 z_(l+1) = w·a_l；累积乘积 ∂a_l/∂z₁ = φ′(z₁) · w·φ′(z₂) ⋯ w·φ′(z_l)',
    );
    this.createChart();
    this.legend = legendBox();
    this.summary = el('p', 'readout');
    // The summary changes every frame while a slider is dragged; a screen reader hears it
    // from this live copy, written once the changes pause (as other readouts avoid live
    // regions that would announce every frame).
    this.announcer = el('p', 'visually-hidden');
    this.announcer.setAttribute('aria-live', 'polite');
    this.onDispose(() => clearTimeout(this.announceTimer));
    this.readout = el('p', 'readout');
    this.probe = slider(this.listen, {
      label: '查看第几层',
      min: 1,
      max: this.state.layers,
      step: 1,
      value: 1,
      format: (v) => String(Math.round(v)),
      onInput: (v) => {
        const plot = this.chart?.plot;
        const i = Math.round(v) - 1;
        if (plot) plot.setCursor({ left: plot.valToPos(i + 1, 'x'), top: 0 });
        this.onCursor(i);
      },
    });
    this.body.append(
      controls,
      model,
      this.chartBox,
      this.legend,
      this.summary,
      this.announcer,
      this.probe.root,
      this.readout,
    );
    this.syncControls();
  }

  protected syncControls(): void {
    const s = this.state;
    this.fnSelect.set(s.fn);
    this.sliders.layers.set(s.layers);
    this.sliders.z.set(s.z);
    this.sliders.weight.set(s.weight);
    this.probe.setRange(1, Math.max(1, s.layers), 1);
  }

  protected draw(): void {
    const s = this.state;
    const order = [s.fn, ...CHAIN_FUNCTIONS.filter((f) => f !== s.fn)];
    this.results.clear();
    for (const fn of order) this.results.set(fn, chainGradients(this.lab, { ...s, fn }));
    this.x = Float64Array.from({ length: s.layers }, (_, i) => i + 1);
    // The chart plots log10|product| on a linear axis labelled in powers of ten: that is
    // the log scale, without uPlot's log distribution, whose tick generator loops
    // forever on ranges far below 1e-20. An exact 0 has no logarithm and becomes a gap.
    const toLog = (values: Float64Array) =>
      Array.from(values, (v) => (v === 0 || !Number.isFinite(v) ? null : Math.log10(Math.abs(v))));
    const names = (fn: string) => this.lab.activation(fn)?.name ?? fn;
    const lines = order.map((fn, k) => ({
      fn,
      label: `${names(fn)}${k === 0 ? '' : '（对比）'}${this.results.get(fn)!.product.every((v) => v === 0) ? '：全为 0，对数刻度上无法画出' : ''}`,
      colour: PALETTE[CHAIN_FUNCTIONS.indexOf(fn as (typeof CHAIN_FUNCTIONS)[number])],
      width: k === 0 ? 3 : 1.5,
      dash: k === 0 ? undefined : [5, 4],
      y: toLog(this.results.get(fn)!.product),
    }));
    const colours = () => this.colours;
    this.chart!.show(
      `chain:${order.join(',')}`,
      (size) => ({
        ...size,
        legend: { show: false },
        scales: {
          x: { time: false, range: (_u, min, max) => [Math.min(min, 1) - 0.2, Math.max(max, 2) + 0.2] },
          y: {
            range: (_u, min, max) =>
              Number.isFinite(min) && Number.isFinite(max)
                ? [Math.floor(Math.min(min, -0.5)), Math.ceil(Math.max(max, 0.2))]
                : [-3, 1],
          },
        },
        axes: [
          themedAxis(colours, { label: '层 l', labelSize: 18, incrs: [1, 2, 5, 10, 20, 50] }),
          themedAxis(colours, {
            label: '|∂a_l/∂z₁|（对数刻度）',
            labelSize: 18,
            size: 64,
            incrs: [1, 2, 5, 10, 20, 50, 100],
            values: (_u, splits) => splits.map((v) => (v == null ? '' : powerOfTen(v))),
          }),
        ],
        series: [
          { label: '层' },
          ...lines.map((l) => ({
            label: l.label,
            stroke: l.colour,
            width: l.width,
            dash: l.dash,
            spanGaps: false,
            points: { show: true, size: l.width * 2 + 2, fill: l.colour },
          })),
        ],
        cursor: { drag: { x: false, y: false } },
        hooks: { setCursor: [(u: UPlot) => this.onCursor(u.cursor.idx ?? null)] },
      }),
      [this.x, ...lines.map((l) => l.y)],
    );
    showLineLegend(this.legend, lines);
    const main = this.results.get(s.fn)!;
    const last = main.product[s.layers - 1];
    const verdict = chainVerdict(last, s).text;
    this.summary.textContent = `${names(s.fn)}，${s.layers} 层后：|∂a_n/∂z₁| = ${formatShort(Math.abs(last), 3)}。${verdict}`;
    clearTimeout(this.announceTimer);
    const text = this.summary.textContent;
    this.announceTimer = window.setTimeout(() => {
      if (this.announcer.textContent !== text) this.announcer.textContent = text;
    }, ANNOUNCE_DELAY_MS);
    setAttributeIfChanged(
      this.chartBox,
      'aria-label',
      `${s.layers} 层 ${names(s.fn)} 网络中导数连乘的对数刻度折线图。${this.summary.textContent}`,
    );
    this.onCursor(null);
  }

  private onCursor(idx: number | null): void {
    const main = this.results.get(this.state.fn);
    if (!main) return;
    if (idx === null || idx < 0 || idx >= main.product.length) {
      // no point under the pointer: read out at the probe slider's layer
      idx = Math.max(0, Math.min(main.product.length - 1, Math.round(Number(this.probe.input.value)) - 1));
    }
    this.readout.textContent = `第 ${idx + 1} 层：z = ${formatShort(main.pre[idx], 4)}，φ′(z) = ${formatShort(main.slope[idx], 4)}，累积乘积 = ${formatShort(main.product[idx], 4)}`;
    this.probe.set(idx + 1);
    this.probe.input.setAttribute('aria-valuetext', this.readout.textContent);
  }

  protected snapshot(): Plotted {
    const order = [...this.results.keys()];
    return {
      x: Array.from(this.x),
      series: order.map((fn) => ({ id: `product:${fn}`, label: fn, y: Array.from(this.results.get(fn)!.product) })),
      slopes: Array.from(this.results.get(this.state.fn)!.slope),
      preActivations: Array.from(this.results.get(this.state.fn)!.pre),
    };
  }

  protected freeView(): void {
    this.results.clear();
  }
}
