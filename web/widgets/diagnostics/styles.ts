// Extra rules for the trainer widgets (playground and comparison lab), adopted
// next to the shared widget stylesheet in their shadow roots.
export const TRAINER_CSS = `
.toolbar { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 6px 0 10px; }
.toolbar .stats { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 13px; font-variant-numeric: tabular-nums; }
.toolbar .stats b { font-weight: 600; display: inline-block; min-width: 6ch; }
.panels { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; align-items: start; }
.panel { min-width: 0; }
.panel-title { font-size: 13px; font-weight: 600; margin: 4px 0; }
.settings { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px 16px; margin: 8px 0; }
.settings fieldset { border: 1px solid var(--vp-c-divider, #e2e2e3); border-radius: 6px; padding: 6px 10px 10px; }
.settings legend { font-weight: 600; padding: 0 4px; }
.settings .controls { margin: 4px 0; }
.layer-row { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: flex-end; padding: 4px 0; border-top: 1px dashed var(--vp-c-divider, #e2e2e3); }
.layer-row .layer-params { display: contents; }
.layer-row .layer-name { font-size: 13px; font-weight: 600; min-width: 3.5em; align-self: center; }
.layer-row input[type="number"] { width: 5em; }
.boundary { display: block; width: 100%; max-width: 420px; aspect-ratio: 1; border: 1px solid var(--vp-c-divider, #e2e2e3); border-radius: 4px; }
.diverged { margin: 6px 0; padding: 8px 10px; border-left: 4px solid var(--vp-c-danger-1, #b8272c); background: var(--vp-c-danger-soft, rgba(244, 63, 94, 0.14)); font-size: 14px; }
.diverged[hidden] { display: none; }
.diverged button { margin-top: 6px; }
details.section { margin: 10px 0; border-top: 1px solid var(--vp-c-divider, #e2e2e3); padding-top: 6px; }
details.section > summary { cursor: pointer; font-weight: 600; font-size: 14px; }
.diag-block { margin: 8px 0; min-width: 0; }
.diag-title { font-size: 13px; margin: 4px 0; }
.diag-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px 12px; }
.diag-layer { min-width: 0; }
canvas.network { display: block; max-width: 100%; }
table.confusion { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; margin: 4px 0; }
table.confusion th, table.confusion td { border: 1px solid var(--vp-c-divider, #e2e2e3); padding: 2px 5px; text-align: right; min-width: 2.2em; }
table.confusion caption { text-align: left; font-size: 13px; margin-bottom: 2px; }
.mistakes { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; padding: 0; list-style: none; }
.mistakes li { display: flex; flex-direction: column; align-items: center; font-size: 12px; }
.mistakes canvas { width: 48px; height: 48px; image-rendering: pixelated; border: 1px solid var(--vp-c-divider, #e2e2e3); }
.export-buttons { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; }
.code { width: 100%; min-height: 12em; font-family: var(--vp-font-family-mono, ui-monospace, monospace); font-size: 12px; color: var(--vp-c-text-1, #213547); background: var(--vp-c-bg-soft, #f6f6f7); border: 1px solid var(--vp-c-divider, #c2c2c4); border-radius: 4px; }
.code[hidden] { display: none; }
.runs { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 8px 0; }
.run { min-width: 0; font-size: 12px; }
.run canvas { display: block; width: 100%; aspect-ratio: 1; border: 2px solid var(--vp-c-divider, #e2e2e3); border-radius: 4px; }
.run .run-name { font-weight: 600; overflow-wrap: anywhere; }
table.summary { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; margin: 8px 0; }
table.summary th, table.summary td { border-bottom: 1px solid var(--vp-c-divider, #e2e2e3); padding: 4px 6px; text-align: left; }
table.summary .num { text-align: right; }
/* On a phone the table scrolls sideways in its box instead of squeezing headers to a character a line. */
table.summary th[scope='col'] { min-width: 6.5em; vertical-align: bottom; }
table.summary td, table.summary th[scope='row'] { white-space: nowrap; }
.nowrap { white-space: nowrap; }
.explanation { font-size: 14px; margin: 4px 0 8px; }
.table-scroll { overflow-x: auto; max-width: 100%; }
/* Layout follows the widget's own width (a chapter column is narrower than the window). */
.frame { container-type: inline-size; }
@container (max-width: 860px) {
  .settings { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@container (max-width: 620px) {
  .panels { grid-template-columns: minmax(0, 1fr); }
  .settings { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 620px) {
  .panels { grid-template-columns: minmax(0, 1fr); }
  .settings { grid-template-columns: minmax(0, 1fr); }
}
`;

let sheet: CSSStyleSheet | null | undefined;

/** Adds the trainer rules to a shadow root that already has the shared sheet. */
export function adoptTrainerStyles(root: ShadowRoot): void {
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(TRAINER_CSS);
    } catch {
      sheet = null;
    }
  }
  if (sheet && 'adoptedStyleSheets' in root) {
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = TRAINER_CSS;
    root.appendChild(style);
  }
}
