// Per-layer pre-activation histogram drawn over the layer's activation f and
// its derivative f' (both evaluated by the wasm module), so the reader sees
// where on f and f' the units sit; with the saturated fraction (|f'(z)| < 0.01
// on the last batch) and the dead-unit count.
import type { ActLab } from '../../actlab';
import { linspace } from '../../actlab';
import { Chart, themedAxis, type UPlot } from '../shared/chart';
import { el } from '../shared/controls';
import { PALETTE, type ThemeColours } from '../shared/styles';
import type { LayerDiagnostics } from '../../trainer-runner';

const SAMPLES = 121;

export interface LayerView {
  activation: string;
  params: number[];
  units: number;
  diag: LayerDiagnostics;
}

/** A hidden layer's panel input from its config and its metrics; a PReLU layer is drawn with its learned slope. */
export function layerView(
  layer: { activation: string; params: number[]; units: number },
  diag: LayerDiagnostics,
): LayerView {
  return {
    activation: layer.activation,
    params: layer.activation === 'prelu' && Number.isFinite(diag.preluWeight) ? [diag.preluWeight] : layer.params,
    units: layer.units,
    diag,
  };
}

/** The x window of a layer's panel: the histogram's range, widened to at least [-4, 4], at most [-50, 50]. */
export function histogramWindow(h: { min: number; max: number }): [number, number] {
  const lo = Number.isFinite(h.min) ? Math.max(-50, Math.min(h.min, -4)) : -4;
  const hi = Number.isFinite(h.max) ? Math.min(50, Math.max(h.max, 4)) : 4;
  return [lo, hi];
}

class LayerPanel {
  readonly root: HTMLElement;
  readonly caption: HTMLElement;
  readonly chart: Chart;
  readonly box: HTMLElement;
  view: LayerView | null = null;
  curves: { x: Float64Array; f: Float64Array; df: Float64Array } | null = null;
  private curveKey = '';

  constructor(private readonly colours: () => ThemeColours) {
    this.root = el('div', 'diag-layer');
    this.caption = el('p', 'diag-title');
    this.box = el('div', 'chart');
    this.box.setAttribute('role', 'img');
    this.box.setAttribute('aria-label', '预激活值直方图（训练开始后绘制）');
    this.chart = new Chart(this.box, () => 130, true);
    this.root.append(this.caption, this.box);
  }

  update(lab: ActLab, index: number, view: LayerView): void {
    this.view = view;
    const [lo, hi] = histogramWindow(view.diag.histogram);
    const key = `${view.activation}|${view.params.join(',')}|${lo.toFixed(2)}|${hi.toFixed(2)}`;
    if (key !== this.curveKey || !this.curves) {
      const x = linspace(lo, hi, SAMPLES);
      this.curves = {
        x,
        f: lab.activationValue(view.activation, x, view.params),
        df: lab.activationGrad(view.activation, x, view.params),
      };
      this.curveKey = key;
    }
    const sat = view.diag.saturatedFraction;
    const dead = view.diag.deadUnits.length;
    this.caption.textContent =
      `第 ${index + 1} 层 · ${view.activation} · z 均值 ${fmt(view.diag.preActMean)}，标准差 ${fmt(view.diag.preActStd)} · ` +
      `饱和 ${pct(sat)} · 死亡单元 ${dead}/${view.units}`;
    this.box.setAttribute(
      'aria-label',
      `第 ${index + 1} 层预激活值直方图，叠加 ${view.activation} 的 f 与 f′；饱和比例 ${pct(sat)}`,
    );
    const c = this.curves;
    this.chart.show(
      `pre:${view.activation}`,
      (size) => ({
        ...size,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false }, y: { auto: true } },
        axes: [themedAxis(this.colours, { size: 30 }), themedAxis(this.colours, { size: 44 })],
        series: [
          { label: 'z' },
          { label: 'f(z)', stroke: PALETTE[0], width: 1.5, points: { show: false } },
          { label: 'f′(z)', stroke: PALETTE[1], width: 1.2, dash: [5, 3], points: { show: false } },
        ],
        hooks: { drawClear: [(u: UPlot) => this.drawBars(u)] },
      }),
      [c.x, c.f, c.df] as never,
    );
  }

  /** The histogram as bars behind the curves, scaled to the plot's height (counts are relative). */
  private drawBars(u: UPlot): void {
    const v = this.view;
    if (!v) return;
    const { counts, min, max } = v.diag.histogram;
    if (!counts.length || !Number.isFinite(min) || !Number.isFinite(max)) return;
    const peak = Math.max(1, ...counts);
    const width = (max - min) / counts.length || 1e-3;
    const { ctx, bbox } = u;
    ctx.save();
    ctx.fillStyle = this.colours().dark ? 'rgba(148, 163, 184, 0.35)' : 'rgba(100, 116, 139, 0.3)';
    counts.forEach((count, k) => {
      if (count === 0) return;
      const a = u.valToPos(min + k * width, 'x', true);
      const b = u.valToPos(min + (k + 1) * width, 'x', true);
      const left = Math.max(bbox.left, Math.min(a, b));
      const right = Math.min(bbox.left + bbox.width, Math.max(a, b, a + 1));
      const h = (count / peak) * bbox.height * 0.9;
      if (right > left) ctx.fillRect(left, bbox.top + bbox.height - h, right - left, h);
    });
    ctx.restore();
  }

  destroy(): void {
    this.chart.destroy();
  }
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(3))) : '—';
}

function pct(v: number): string {
  return Number.isFinite(v) ? `${Math.round(v * 100)}%` : '—';
}

/** One panel per hidden layer. */
export class PreActivationPanels {
  readonly root: HTMLElement;
  private panels: LayerPanel[] = [];
  private readonly grid: HTMLElement;

  constructor(private readonly colours: () => ThemeColours) {
    this.root = el('div', 'diag-block');
    const title = el(
      'p',
      'diag-title',
      '各隐藏层的预激活值 z 的分布（灰色柱），叠加激活函数 f（实线）与导数 f′（虚线）',
    );
    const legend = el('p', 'hint', '柱子落在 f′ 接近 0 的地方就是饱和；死亡单元对所有训练样本输出都是 0。');
    this.grid = el('div', 'diag-grid');
    this.root.append(title, legend, this.grid);
  }

  update(lab: ActLab, views: readonly LayerView[]): void {
    this.setCount(views.length);
    views.forEach((view, i) => this.panels[i].update(lab, i, view));
    // keep DOM order equal to layer order
    this.panels.forEach((p, i) => {
      if (this.grid.children[i] !== p.root) this.grid.insertBefore(p.root, this.grid.children[i] ?? null);
    });
    while (this.grid.children.length > this.panels.length) this.grid.lastElementChild!.remove();
  }

  /**
   * A panel per layer, captioned with its activation, charts not drawn: while the block
   * is far from the viewport it keeps the height it will have (each chart box reserves
   * its own, see Chart), so drawing it later moves nothing below it.
   */
  reserve(layers: readonly { activation: string; units: number }[]): void {
    this.setCount(layers.length);
    layers.forEach(({ activation, units }, i) => {
      const panel = this.panels[i];
      // the caption update() writes, with its numbers not known yet (the same length, so the same lines)
      if (!panel.view || panel.view.activation !== activation || panel.view.units !== units)
        panel.caption.textContent = `第 ${i + 1} 层 · ${activation} · z 均值 —，标准差 — · 饱和 — · 死亡单元 —/${units}`;
    });
  }

  private setCount(count: number): void {
    while (this.panels.length > count) this.panels.pop()!.destroy();
    while (this.panels.length < count) {
      const panel = new LayerPanel(this.colours);
      this.panels.push(panel);
      this.grid.append(panel.root);
    }
    for (const panel of this.panels) if (!panel.root.isConnected) this.grid.append(panel.root);
  }

  /**
   * For tests: what each panel shows. scale is the chart's [x min, x max, y min,
   * y max, sample count], or [] while the chart waits to come near the viewport.
   */
  snapshot(): {
    activation: string;
    saturatedFraction: number;
    dead: number;
    counts: number[];
    f: number[];
    df: number[];
    x: number[];
    scale: unknown[];
  }[] {
    return this.panels.map((p) => ({
      activation: p.view?.activation ?? '',
      saturatedFraction: p.view?.diag.saturatedFraction ?? NaN,
      dead: p.view?.diag.deadUnits.length ?? 0,
      counts: [...(p.view?.diag.histogram.counts ?? [])],
      x: Array.from(p.curves?.x ?? []),
      f: Array.from(p.curves?.f ?? []),
      df: Array.from(p.curves?.df ?? []),
      scale: p.chart.plot
        ? [
            p.chart.plot.scales.x.min,
            p.chart.plot.scales.x.max,
            p.chart.plot.scales.y.min,
            p.chart.plot.scales.y.max,
            p.chart.plot.data[0].length,
          ]
        : [],
    }));
  }

  destroy(): void {
    for (const p of this.panels) p.destroy();
    this.panels = [];
  }
}
