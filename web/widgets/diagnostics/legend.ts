// Small pieces shared by the trainer charts: a legend list in the shared
// widget style (uPlot's own legend is turned off), tick labels for log axes
// that stay readable for tiny values (uPlot places the ticks; this only formats
// them), and the options of a chart over training steps with a log y axis.
import { themedAxis, type OptionsFactory, type UPlot } from '../shared/chart';
import { el, formatShort, legendItem } from '../shared/controls';
import type { ThemeColours } from '../shared/styles';

export interface LegendItem {
  label: string;
  colour: string;
  dashed?: boolean;
}

/** Fills (or creates) a <ul class="legend"> with one swatch per item. */
export function legendList(items: readonly LegendItem[], list: HTMLElement = el('ul', 'legend')): HTMLElement {
  const text = items.map((i) => `${i.label}|${i.colour}|${i.dashed}`).join('/');
  if (list.dataset.items === text) return list;
  list.dataset.items = text;
  list.setAttribute('aria-label', '图例');
  list.replaceChildren(...items.map((item) => legendItem(item.label, item.colour, item.dashed)));
  return list;
}

/** uPlot axis `values` for log scales: 1e-5 instead of 0. */
export function logTickLabels(_u: unknown, splits: number[]): string[] {
  return splits.map((v) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return '';
    if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5))
      return v.toExponential(0).replace('-', '−').replace('+', '');
    return formatShort(v, 4);
  });
}

/**
 * Options for a chart of values over training steps (losses, gradient norms): the
 * step on x, a log y axis, no cursor and no uPlot legend. `series` gives the lines
 * after the x series; it is called whenever the chart is built.
 */
export function logStepChart(colours: () => ThemeColours, series: () => UPlot.Series[]): OptionsFactory {
  return (size) => ({
    ...size,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [
      themedAxis(colours, { label: '步数', labelSize: 18 }),
      themedAxis(colours, { size: 60, values: logTickLabels }),
    ],
    series: [{ label: '步数' }, ...series()],
  });
}
