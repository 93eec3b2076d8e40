// The part the function widgets (activation, loss, neuron, descent, chain) have
// in common: one uPlot chart in a box that screen readers announce as an image
// (each widget sets the box's aria-label when it draws), redrawn when the page
// theme switches and freed when the widget disconnects. The chart is the
// widget's first picture, so uPlot comes with this code and is provided to the
// charts at once (the trainer widgets' charts import it only when needed).
import uPlot from 'uplot';
import { ActlabWidget } from './base';
import { Chart, provideUPlot, type UPlot } from './chart';
import { el } from './controls';
import type { Heatmap } from './heatmap';
import type { Values } from './state';

provideUPlot(uPlot);

export abstract class ChartWidget<S extends Values> extends ActlabWidget<S> {
  protected chart: Chart | null = null;
  protected chartBox!: HTMLElement;

  /** Makes this.chartBox (a div.chart with role img) and this.chart in it; heightFor as for Chart. */
  protected createChart(heightFor?: (width: number) => number): HTMLElement {
    this.chartBox = el('div', 'chart');
    this.chartBox.setAttribute('role', 'img');
    this.chart = new Chart(this.chartBox, heightFor);
    return this.chartBox;
  }

  protected onTheme(): void {
    this.chart?.redraw();
  }

  protected teardown(): void {
    this.chart?.destroy();
    this.chart = null;
    this.freeView();
  }

  /** Frees what the widget made beyond its chart (called on disconnect, after the chart is gone). */
  protected freeView(): void {}
}

/** Chart height for a plane (an input or parameter plane): 0.62 of the width, from 240 px up to maxHeight. */
export function planeHeight(maxHeight: number): (width: number) => number {
  return (w) => Math.round(Math.min(maxHeight, Math.max(240, w * 0.62)));
}

/** A uPlot drawClear hook that paints a heatmap over the plot area, under the axes and lines. */
export function heatmapUnderlay(heatmap: () => Heatmap | null): (u: UPlot) => void {
  return (u) => heatmap()?.drawInto(u.ctx, u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
}

/** Saves the plot's canvas state and clips drawing to the plot area; the caller restores it. */
export function clipToPlot(u: UPlot): CanvasRenderingContext2D {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  return ctx;
}
