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
      return v.toExponential(0).replace(/-/g, '−').replace('+', '');
    return formatShort(v, 4);
  });
}

/**
 * Tick increments offered to uPlot for a log axis. uPlot picks one that fits the range
 * before it asks for the ticks (logSplits), and with its own list a range up to 1e33
 * (a diverged run) found none: it then kept the ticks of the previous, narrow range.
 */
const LOG_AXIS_INCRS: number[] = [];
for (let k = -20; k <= 300; ++k) for (const m of [1, 2, 5]) LOG_AXIS_INCRS.push(Number((m * 10 ** k).toPrecision(12)));

/**
 * uPlot axis `splits` for log scales. uPlot's own log ticks (every mantissa of every
 * decade, thinned by the label spacing) left a range like 0.8 to 1e34 (a diverged
 * run) with labels only at its bottom; here a wide range gets about five evenly spaced
 * decades, and a narrow one the 1-2-5 or 1…9 multiples that fall inside it.
 */
export function logSplits(_u: unknown, _axis: number, min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) return [];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const inside = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  const decade = (k: number) => Number((10 ** k).toPrecision(12));
  if (hi - lo > 5) {
    const stride = Math.ceil((hi - lo) / 5);
    const out: number[] = [];
    for (let k = Math.ceil(lo / stride) * stride; k <= hi; k += stride) if (inside(decade(k))) out.push(decade(k));
    return out;
  }
  let out: number[] = [];
  for (const mantissas of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    out = [];
    for (let k = lo; k <= hi; ++k)
      for (const m of mantissas) {
        const v = Number((m * 10 ** k).toPrecision(12));
        if (inside(v)) out.push(v);
      }
    if (out.length >= 3) return out;
  }
  return out;
}

/** uPlot `points.show`: true for a series with fewer than three drawable values. */
function fewValues(u: UPlot, seriesIndex: number): boolean {
  const values = u.data[seriesIndex] as (number | null | undefined)[];
  let count = 0;
  for (const v of values) if (v !== null && v !== undefined && Number.isFinite(v) && ++count >= 3) return false;
  return true;
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
      themedAxis(colours, {
        size: 60,
        values: logTickLabels,
        splits: logSplits,
        incrs: LOG_AXIS_INCRS,
        // logSplits is already as sparse as the labels need: uPlot's log filter would blank most of them
        filter: (_u: UPlot, splits: number[]) => splits,
      }),
    ],
    // a line needs two neighbouring values: a series with fewer (a run that diverged at
    // once, values left out of a log axis) is drawn as points so it is not just missing
    series: [{ label: '步数' }, ...series().map((line) => ({ ...line, points: { ...line.points, show: fewValues } }))],
  });
}
