// A thin wrapper over uPlot: it sizes the chart to its container (ResizeObserver),
// rebuilds it when the set of series changes, takes its axis colours from the
// page theme at draw time, and frees everything in destroy(). uPlot draws every
// axis and tick; nothing here computes ticks.
import uPlot from 'uplot';
import type { ThemeColours } from './styles';

export type { default as UPlot } from 'uplot';

export interface ChartSize {
  width: number;
  height: number;
}

/** Builds uPlot options for a size; called again whenever the chart is rebuilt. */
export type OptionsFactory = (size: ChartSize) => uPlot.Options;

export function chartHeight(width: number): number {
  return width < 480 ? 240 : 300;
}

export class Chart {
  plot: uPlot | null = null;
  private key = '';
  private factory: OptionsFactory | null = null;
  private data: uPlot.AlignedData = [[]];
  private readonly resizeObserver: ResizeObserver;
  private resizeFrame = 0;
  private lastWidth = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly heightFor: (width: number) => number = chartHeight,
  ) {
    this.resizeObserver = new ResizeObserver(() => {
      if (this.resizeFrame) return;
      this.resizeFrame = requestAnimationFrame(() => {
        this.resizeFrame = 0;
        this.fitWidth();
      });
    });
    this.resizeObserver.observe(container);
  }

  private size(): ChartSize {
    const width = Math.max(200, Math.floor(this.container.clientWidth || 320));
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
   */
  show(key: string, factory: OptionsFactory, data: uPlot.AlignedData, resetScales = true): void {
    this.data = data;
    if (!this.plot || key !== this.key) {
      this.plot?.destroy();
      this.key = key;
      this.factory = factory;
      const size = this.size();
      this.lastWidth = size.width;
      this.plot = new uPlot(factory(size), data, this.container);
    } else {
      this.factory = factory;
      this.plot.setData(data, resetScales);
    }
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
    this.resizeObserver.disconnect();
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
    ...extra,
  };
}

export { uPlot };
