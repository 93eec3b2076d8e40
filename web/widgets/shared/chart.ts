// A thin wrapper over uPlot: it sizes the chart to its container (ResizeObserver),
// rebuilds it when the set of series changes, takes its axis colours from the
// page theme at draw time, and frees everything in destroy(). uPlot draws every
// axis and tick; nothing here computes ticks.
//
// uPlot itself is handed in two ways. The function widgets' chart is their first
// picture, so their code imports uPlot statically and provides it (chart-widget.ts).
// The trainer widgets' charts (loss curves, gradient norms, pre-activation
// histograms) sit below the network picture and say little before training, so
// they are made `deferred`: such a chart is built only when its box comes near the
// viewport, importing uPlot then if no widget has provided it. A reader who never
// scrolls to them neither downloads uPlot nor spends main-thread time on it.
import type uPlot from 'uplot';
import { loadOnce, whenWithin } from './lazy';
import type { ThemeColours } from './styles';

export type { default as UPlot } from 'uplot';

type UPlotClass = typeof uPlot;
let uPlotClass: UPlotClass | null = null;

/** Makes uPlot available to every chart at once (for widgets whose chart is their first picture). */
export function provideUPlot(cls: UPlotClass): void {
  uPlotClass = cls;
}

const importUPlot = loadOnce(() => import('uplot').then((module) => module.default));

/** uPlot, imported on first use unless provided; a failed import may be retried. */
function loadUPlot(): Promise<UPlotClass> {
  return uPlotClass ? Promise.resolve(uPlotClass) : importUPlot().then((cls) => (uPlotClass ??= cls));
}

/** How far outside the viewport (px) a deferred chart is built: a quarter of a phone screen ahead. */
export const DEFERRED_CHART_MARGIN_PX = 200;

export interface ChartSize {
  width: number;
  height: number;
}

/** Builds uPlot options for a size; called again whenever the chart is rebuilt. */
export type OptionsFactory = (size: ChartSize) => uPlot.Options;

export function chartHeight(width: number): number {
  return width < 480 ? 240 : 300;
}

/**
 * Tick labels (an axis's `values`; every themedAxis has them) that stay short at
 * any magnitude: plain numbers between 0.001 and 10 000 (-2.5, 0.125, 1,000),
 * and scientific notation outside it (-1e12, 2.5e-7), with the fewest
 * significant digits that keep the labels of one axis apart. uPlot places the
 * ticks; only their text is made here, without Intl (see web/uplot-lazy-intl.ts)
 * and the same in every browser locale, as the widgets' other readouts are.
 */
export function compactTickValues(_u: uPlot, splits: number[]): string[] {
  const finite = splits.filter((v) => v != null && Number.isFinite(v));
  const large = finite.some((v) => Math.abs(v) >= 1e4);
  const small = finite.some((v) => v !== 0 && Math.abs(v) < 1e-3);
  if (!large && !small) return splits.map((v) => (v == null ? '' : plainNumber(v)));
  for (let digits = 1; ; ++digits) {
    const labels = splits.map((v) => (v == null ? '' : scientific(v, digits)));
    if (digits >= 17 || new Set(labels.filter((l) => l !== '')).size === finite.length) return labels;
  }
}

/** At most three decimals, and thousands grouped with commas (as zh-CN writes them): 1,250.5. */
function plainNumber(value: number): string {
  const text = String(Number(value.toFixed(3)) + 0); // + 0: no "-0"
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function scientific(value: number, digits: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
  return `${Number(mantissa)}e${Number(exponent)}`;
}

/**
 * An axis's `size` that fits its widest tick label (measured in the axis
 * font), so long labels are neither cut at the chart edge nor drawn over the
 * axis title; never narrower than `minimum`.
 */
export function sizeToLabels(minimum = 50): (u: uPlot, values: string[] | null, axisIdx: number) => number {
  return (u, values, axisIdx) => {
    if (!values?.length) return minimum;
    const axis = u.axes[axisIdx];
    const longest = values.reduce((a, b) => (b.length > a.length ? b : a), '');
    // once the chart is built, uPlot keeps the font as [css font scaled to device pixels, device size, css size]
    const font = axis.font as unknown as string | [string, number, number] | undefined;
    const [css, scale] = Array.isArray(font) ? [font[0], font[2] / font[1]] : [font ?? '12px system-ui, sans-serif', 1];
    u.ctx.save();
    u.ctx.font = css;
    const width = u.ctx.measureText(longest).width * scale;
    u.ctx.restore();
    const tickSize = typeof axis.ticks?.size === 'number' ? axis.ticks.size : 10;
    return Math.max(minimum, Math.ceil(tickSize + (axis.gap ?? 5) + width + 4));
  };
}

export class Chart {
  plot: uPlot | null = null;
  private key = '';
  private factory: OptionsFactory | null = null;
  private data: uPlot.AlignedData = [[]];
  private readonly resizeObserver: ResizeObserver;
  private resizeFrame = 0;
  private lastWidth = 0;
  // the first build of a chart that cannot be built at once: 'visible' while a
  // deferred chart waits to come near the viewport, 'load' while uPlot is imported,
  // 'failed' after the import or the build failed (a note in the box says so; only
  // buildNow() tries again, not every show() of a running trainer)
  private waiting: 'no' | 'visible' | 'load' | 'failed' = 'no';
  private stopWaitingForView: (() => void) | null = null;
  private failure: HTMLElement | null = null;
  private destroyed = false;

  /**
   * deferred: build the chart only once its box comes within DEFERRED_CHART_MARGIN_PX
   * of the viewport (show() before that keeps the latest data for it).
   */
  constructor(
    private readonly container: HTMLElement,
    private readonly heightFor: (width: number) => number = chartHeight,
    private readonly deferred = false,
  ) {
    this.resizeObserver = new ResizeObserver((entries) => {
      // Until the chart is first drawn, the empty container keeps the chart's height
      // for its width: set here, after layout and before paint, so the views below
      // never show in a place they leave when the chart appears.
      if (!this.plot)
        container.style.minHeight = `${this.sizeFor(entries[entries.length - 1].contentRect.width).height}px`;
      if (this.resizeFrame) return;
      this.resizeFrame = requestAnimationFrame(() => {
        this.resizeFrame = 0;
        this.fitWidth();
      });
    });
    this.resizeObserver.observe(container);
  }

  /**
   * Gives the empty container the chart's height now, from its current width: for a
   * container just put in the page. The ResizeObserver above does the same, but its
   * first report can come a frame after the container's first paint.
   * Reading the width here forces a layout in the task that builds the widget. Reading
   * it in an animation frame instead was slower in Lighthouse (07-lab/01: median TBT
   * 255 ms against 188 ms over 10 runs each), so the read stays here.
   */
  reserve(): void {
    if (this.plot || this.destroyed || !this.container.isConnected) return;
    this.container.style.minHeight = `${this.size().height}px`;
  }

  private size(): ChartSize {
    return this.sizeFor(this.container.clientWidth);
  }

  /** The chart's size in a container this wide (px; at least 200, and 320 before layout). */
  private sizeFor(containerWidth: number): ChartSize {
    const width = Math.max(200, Math.floor(containerWidth || 320));
    return { width, height: this.heightFor(width) };
  }

  private fitWidth(): void {
    if (!this.plot) return;
    const size = this.size();
    if (size.width === this.lastWidth) return;
    this.lastWidth = size.width;
    this.plot.setSize(size);
  }

  /**
   * Shows data. The chart is (re)built when `key` differs from the last call,
   * i.e. when the series or scales change; otherwise only the data is replaced.
   * A chart not built yet (deferred, or waiting for uPlot) keeps the latest call's
   * key, options and data, and is built from them when it can be.
   */
  show(key: string, factory: OptionsFactory, data: uPlot.AlignedData, resetScales = true): void {
    if (this.destroyed) return;
    this.data = data;
    this.factory = factory;
    if (this.plot && key === this.key) {
      this.plot.setData(data, resetScales);
      return;
    }
    this.key = key;
    if (uPlotClass && (this.plot || !this.deferred)) this.build(uPlotClass);
    else this.buildLater();
  }

  private build(cls: UPlotClass): void {
    this.plot?.destroy();
    this.failure?.remove();
    this.failure = null;
    const size = this.size();
    this.lastWidth = size.width;
    this.plot = new cls(this.factory!(size), this.data, this.container);
  }

  private buildLater(): void {
    if (this.waiting !== 'no' || this.destroyed) return;
    if (this.deferred) {
      this.waiting = 'visible';
      this.stopWaitingForView = whenWithin(this.container, DEFERRED_CHART_MARGIN_PX, () => {
        this.stopWaitingForView = null;
        this.waiting = 'no';
        this.buildWhenLoaded();
      });
      return;
    }
    this.buildWhenLoaded();
  }

  private buildWhenLoaded(): void {
    this.waiting = 'load';
    loadUPlot().then(
      (cls) => {
        this.waiting = 'no';
        if (this.destroyed || this.plot || !this.factory) return;
        try {
          this.build(cls);
        } catch (error) {
          this.fail('图表绘制出错', error);
        }
      },
      (error: unknown) => this.fail('无法加载图表库 uPlot，请检查网络后刷新页面', error),
    );
  }

  private fail(message: string, error: unknown): void {
    this.waiting = 'failed';
    console.error(`ActLab: ${message}`, error);
    if (this.destroyed) return;
    this.failure ??= this.container.appendChild(document.createElement('p'));
    this.failure.className = 'hint';
    this.failure.textContent = `${message}：${(error as Error)?.message ?? String(error)}`;
  }

  /**
   * Builds a chart that is still waiting (deferred, or for uPlot) now, wherever
   * its box is: for a PNG of every chart. Resolves once the chart is built, or at
   * once when it has nothing to show yet; rejects when uPlot cannot be loaded.
   */
  async buildNow(): Promise<void> {
    if (this.plot || this.destroyed || !this.factory) return;
    this.stopWaitingForView?.();
    this.stopWaitingForView = null;
    this.waiting = 'load';
    let cls: UPlotClass;
    try {
      cls = await loadUPlot();
    } finally {
      this.waiting = 'no';
    }
    if (this.destroyed || this.plot || !this.factory) return;
    this.build(cls);
  }

  /** Redraws with the current data (e.g. after a theme change, or when a draw hook's inputs changed). */
  redraw(): void {
    this.plot?.redraw(true, true);
  }

  /** Rebuilds from scratch with the last factory (needed when options themselves changed). */
  rebuild(): void {
    if (!this.factory) return;
    const key = this.key;
    this.key = '';
    this.show(key, this.factory, this.data);
  }

  destroy(): void {
    this.destroyed = true;
    this.resizeObserver.disconnect();
    this.stopWaitingForView?.();
    this.stopWaitingForView = null;
    if (this.resizeFrame) cancelAnimationFrame(this.resizeFrame);
    this.resizeFrame = 0;
    this.plot?.destroy();
    this.plot = null;
    this.factory = null;
    this.data = [[]];
  }
}

/** An axis styled from the theme, read at draw time so a theme switch needs only a redraw. */
export function themedAxis(colours: () => ThemeColours, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: () => colours().text,
    grid: { stroke: () => colours().grid, width: 1 },
    ticks: { stroke: () => colours().grid, width: 1 },
    font: '12px system-ui, sans-serif',
    labelFont: '12px system-ui, sans-serif',
    values: compactTickValues,
    ...extra,
  };
}
