// The stylesheet every widget puts in its shadow root: layout of the controls,
// the notice and embed panels, and the handful of rules uPlot's DOM needs
// (written here rather than importing uPlot's CSS file, so that the widgets
// need no CSS loader in any bundler).
//
// Colours come from VitePress's CSS variables, which inherit into the shadow
// root and switch with `html.dark`; the fallbacks are the light theme, used
// when a widget is embedded in a page without VitePress.

export const WIDGET_CSS = `
:host {
  display: block;
  margin: 16px 0;
  color: var(--vp-c-text-1, #213547);
  font-family: var(--vp-font-family-base, system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", sans-serif);
  font-size: 14px;
  line-height: 1.5;
  contain: layout style;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.frame {
  border: 1px solid var(--vp-c-divider, #e2e2e3);
  border-radius: 8px;
  background: var(--vp-c-bg, #ffffff);
  padding: 12px;
  min-width: 0;
}
.head {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 4px 12px;
  margin-bottom: 8px;
  /* the embed button's height from the start: the title does not move when the button is added */
  min-height: 32px;
}
.title { font-weight: 600; font-size: 15px; margin: 0; }
.controls {
  display: flex;
  flex-wrap: wrap;
  gap: 8px 16px;
  align-items: flex-end;
  margin: 8px 0;
}
.control { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.control.grow { flex: 1 1 160px; }
.control label, .control .label { font-size: 13px; color: var(--vp-c-text-2, #3c3c43); }
.control.inline { flex-direction: row; align-items: center; gap: 6px; }
.value { font-variant-numeric: tabular-nums; color: var(--vp-c-text-1, #213547); }
input[type="range"] { width: 100%; min-width: 120px; margin: 4px 0; accent-color: var(--vp-c-brand-1, #3451b2); }
input[type="number"], select {
  font: inherit;
  color: var(--vp-c-text-1, #213547);
  background: var(--vp-c-bg-soft, #f6f6f7);
  border: 1px solid var(--vp-c-divider, #c2c2c4);
  border-radius: 4px;
  padding: 3px 6px;
  min-height: 30px;
  max-width: 100%;
}
input[type="number"] { width: 6.5em; }
input[aria-invalid="true"] { border-color: var(--vp-c-danger-1, #b8272c); outline: 1px solid var(--vp-c-danger-1, #b8272c); }
.input-error { margin: 2px 0 0; max-width: 16em; font-size: 12px; line-height: 1.4; color: var(--vp-c-danger-1, #b8272c); }
input[type="checkbox"] { width: 18px; height: 18px; margin: 0; accent-color: var(--vp-c-brand-1, #3451b2); }
button {
  font: inherit;
  color: var(--vp-c-text-1, #213547);
  background: var(--vp-c-bg-soft, #f6f6f7);
  border: 1px solid var(--vp-c-divider, #c2c2c4);
  border-radius: 4px;
  padding: 4px 10px;
  min-height: 32px;
  min-width: 32px;
  cursor: pointer;
}
button:hover { border-color: var(--vp-c-brand-1, #3451b2); }
button[aria-pressed="true"] { background: var(--vp-c-brand-soft, #e0e7ff); }
:focus-visible { outline: 2px solid var(--vp-c-brand-1, #3451b2); outline-offset: 2px; }
fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
legend { padding: 0; font-size: 13px; color: var(--vp-c-text-2, #3c3c43); }
.checks { display: flex; flex-wrap: wrap; gap: 4px 10px; }
.checks label { display: inline-flex; align-items: center; gap: 4px; font-size: 13px; }
/* On a touch screen every check box and its label make a target at least 32 px tall
   (the label toggles its box), and the boxes themselves are 24 px. */
@media (pointer: coarse) {
  input[type="checkbox"] { width: 24px; height: 24px; }
  .checks label, input[type="checkbox"] + label { min-height: 32px; display: inline-flex; align-items: center; }
  .checks { gap: 4px 14px; }
}
.chart { position: relative; width: 100%; min-width: 0; }
.readout {
  font-size: 13px;
  min-height: 1.5em;
  font-variant-numeric: tabular-nums;
  color: var(--vp-c-text-1, #213547);
  overflow-wrap: anywhere;
}
.legend { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 13px; margin: 4px 0; padding: 0; list-style: none; }
.legend li { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 18px; height: 0; border-top: 3px solid currentColor; }
.swatch.dashed { border-top-style: dashed; }
.swatch.box { height: 10px; border: 1px solid var(--vp-c-divider, #c2c2c4); }
.notice {
  margin: 6px 0;
  padding: 6px 10px;
  border-left: 4px solid var(--vp-c-warning-1, #915930);
  background: var(--vp-c-warning-soft, rgba(234, 179, 8, 0.14));
  color: var(--vp-c-text-1, #213547);
  font-size: 13px;
}
.notice:empty { display: none; }
.notice p { margin: 2px 0; }
.alert {
  margin: 6px 0;
  padding: 6px 10px;
  border-left: 4px solid var(--vp-c-danger-1, #b8272c);
  background: var(--vp-c-danger-soft, rgba(244, 63, 94, 0.14));
  font-size: 13px;
}
.alert:empty { display: none; }
.formula { font-family: var(--vp-font-family-mono, ui-monospace, monospace); font-size: 14px; overflow-wrap: anywhere; }
.hint { font-size: 13px; color: var(--vp-c-text-2, #3c3c43); margin: 4px 0; }
.embed-panel { margin-top: 8px; }
.embed-panel[hidden] { display: none; }
.embed-panel textarea {
  display: block;
  width: 100%;
  min-height: 5.5em;
  font-family: var(--vp-font-family-mono, ui-monospace, monospace);
  font-size: 12px;
  color: var(--vp-c-text-1, #213547);
  background: var(--vp-c-bg-soft, #f6f6f7);
  border: 1px solid var(--vp-c-divider, #c2c2c4);
  border-radius: 4px;
  margin: 2px 0 8px;
  resize: vertical;
}
.loading { color: var(--vp-c-text-2, #3c3c43); font-size: 13px; margin: 0; }
.colorbar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; font-size: 12px; margin: 4px 0; }
.colorbar canvas { height: 10px; width: 160px; max-width: 50%; border: 1px solid var(--vp-c-divider, #c2c2c4); }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
@media (max-width: 480px) {
  .frame { padding: 8px; }
  .controls { gap: 6px 10px; }
  .control.grow { flex-basis: 100%; }
}
/* uPlot's DOM: the few structural rules it relies on. */
.uplot { font-family: inherit; line-height: 1.5; width: min-content; }
.uplot, .uplot * { box-sizing: border-box; }
.u-wrap { position: relative; user-select: none; }
.u-over, .u-under { position: absolute; }
.u-under { overflow: hidden; }
.uplot canvas { display: block; position: relative; width: 100%; height: 100%; }
.u-axis { position: absolute; }
.u-select { position: absolute; pointer-events: none; background: rgba(100, 116, 139, 0.18); }
.u-cursor-x, .u-cursor-y { position: absolute; left: 0; top: 0; pointer-events: none; will-change: transform; }
.u-hz .u-cursor-x, .u-vt .u-cursor-y { height: 100%; border-right: 1px dashed var(--vp-c-text-3, #67676c); }
.u-hz .u-cursor-y, .u-vt .u-cursor-x { width: 100%; border-bottom: 1px dashed var(--vp-c-text-3, #67676c); }
.u-cursor-pt { position: absolute; top: 0; left: 0; border-radius: 50%; border: 0 solid; pointer-events: none; will-change: transform; background-clip: padding-box !important; }
.u-axis.u-off, .u-select.u-off, .u-cursor-x.u-off, .u-cursor-y.u-off, .u-cursor-pt.u-off { display: none; }
`;

let sheet: CSSStyleSheet | null | undefined;

/** Puts the widget stylesheet into a shadow root (one shared constructed sheet where supported). */
export function adoptStyles(root: ShadowRoot): void {
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(WIDGET_CSS);
    } catch {
      sheet = null;
    }
  }
  if (sheet && 'adoptedStyleSheets' in root) {
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;
    root.appendChild(style);
  }
}

/** Series colours, chosen to read on both the light and the dark background. */
export const PALETTE = ['#3b82f6', '#e4572e', '#16a34a', '#a855f7', '#d97706', '#0891b2', '#db2777', '#64748b'];

export interface ThemeColours {
  text: string;
  muted: string;
  grid: string;
  bg: string;
  dark: boolean;
}

/** The current theme colours as seen from an element (for canvas drawing). */
export function themeColours(el: Element): ThemeColours {
  const style = getComputedStyle(el);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const dark = document.documentElement.classList.contains('dark');
  return {
    text: read('--vp-c-text-2', dark ? '#c8c8cf' : '#3c3c43'),
    muted: read('--vp-c-text-3', dark ? '#98989f' : '#67676c'),
    grid: read('--vp-c-divider', dark ? '#2e2e32' : '#e2e2e3'),
    bg: read('--vp-c-bg', dark ? '#1b1b1f' : '#ffffff'),
    dark,
  };
}
