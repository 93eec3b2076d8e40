// Small pieces shared by the trainer charts: a legend list in the shared
// widget style (uPlot's own legend is turned off), and tick labels for log axes
// that stay readable for tiny values (uPlot places the ticks; this only formats them).
import { el, formatShort } from '../shared/controls';

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
  list.replaceChildren(
    ...items.map((item) => {
      const li = el('li');
      const swatch = el('span', item.dashed ? 'swatch dashed' : 'swatch');
      swatch.style.color = item.colour;
      li.append(swatch, document.createTextNode(item.label));
      return li;
    }),
  );
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
