// A build-time change to uPlot 1.6.32 (package.json pins the version): its module
// creates an Intl.NumberFormat and an Intl.DateTimeFormat when it is first
// evaluated. The first Intl object a page makes loads the browser's ICU data,
// about 60-90 ms of main thread on a phone-speed CPU, inside the task that loads
// the first widget. The widgets format their own tick labels (shared/chart.ts)
// and use no time scales, so both objects are made only if uPlot's own number
// format or time-zone check is ever called.
//
// Used by the site's Vite config (docs/.vitepress/config.mts) and the embed
// bundle's (web/vite.embed.config.ts). If uPlot's source no longer matches, the
// build fails here rather than silently keeping the cost.
import type { Plugin } from 'vite';

const REPLACEMENTS: [string, string][] = [
  [
    "const numFormatter = new Intl.NumberFormat(domEnv ? nav.language : 'en-US');\nconst fmtNum = val => numFormatter.format(val);",
    "let numFormatter;\nconst fmtNum = val => (numFormatter ??= new Intl.NumberFormat(domEnv ? nav.language : 'en-US')).format(val);",
  ],
  ['const localTz = new Intl.DateTimeFormat().resolvedOptions().timeZone;', 'let localTz;'],
  ['else if (tz == localTz)', 'else if (tz == (localTz ??= new Intl.DateTimeFormat().resolvedOptions().timeZone))'],
];

export const uplotLazyIntl: Plugin = {
  name: 'actlab:uplot-lazy-intl',
  transform(code, id) {
    if (!/[\\/]uplot[\\/]dist[\\/]uPlot\.esm\.js$/.test(id)) return null;
    let out = code;
    for (const [from, to] of REPLACEMENTS) {
      if (!out.includes(from))
        throw new Error(`uplot-lazy-intl: uPlot's source changed, "${from.split('\n')[0]}" not found`);
      out = out.replace(from, to);
    }
    return { code: out, map: null };
  },
};
