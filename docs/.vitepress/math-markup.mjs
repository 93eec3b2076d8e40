// The markup of a formula rendered at build time, for the text (config.mts) and for
// the function tables (functions.data.mjs). MathJax writes
//
//   <mjx-container class="MathJax" jax="SVG" [display="true"] style="S">
//     <svg style="overflow:visible;min-height:1px;min-width:1px;vertical-align:D;"
//          xmlns="…" width height role="img" focusable="false" viewBox>…</svg>
//   </mjx-container>
//
// and this turns it into
//
//   <mjx-container class="MathJax [math-display]" style="S;--mjx-va:D">
//     <span class="visually-hidden">公式：TeX</span><svg width height aria-hidden="true" viewBox>…</svg>
//   </mjx-container>
//
// - A screen reader reads the TeX source where the formula stands in the sentence
//   (the picture itself is hidden from it), and the local search leaves that text
//   out (config.mts). The text comes first: placed at the formula's start, its
//   1 px box never reaches past the formula's right edge, which would make a
//   formula that fits scrollable (and the page wider, for one that does not).
// - Vue compiles the static HTML of a page into strings, which VitePress leaves out
//   of the page's script (the HTML is in the page already). It does so only for
//   attributes it knows, and never for an <svg> with a style attribute. jax, display
//   (on an HTML element), role, focusable and xmlns are not known to it, so every
//   formula, and every paragraph with one in it, was compiled into calls that rebuild
//   it, sent with the page and run while it loads.
// - What the attributes did is kept: the svg's style is in theme/custom.css, with
//   the formula's depth below the baseline (D) from the container's --mjx-va; xmlns
//   is implied for <svg> in HTML; focusable="false" was for Internet Explorer; the
//   style MathJax gives [display="true"] is inline on the container already.

const SPACE = /\s+/g;

/** The text a screen reader reads for a formula: 公式： and its TeX on one line, escaped for HTML. */
function mathLabel(tex) {
  return `公式：${tex.trim().replace(SPACE, ' ')}`
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

// The svg style declarations that theme/custom.css gives every formula.
const SVG_STYLE_IN_CSS = new Set(['overflow:visible', 'min-height:1px', 'min-width:1px']);

/** MathJax's markup for one formula (an <mjx-container>), rewritten as above. */
export function formulaMarkup(html, tex) {
  const open = /^(\s*)<mjx-container\b([^>]*)>\s*<svg\b([^>]*)>/.exec(html);
  const close = html.lastIndexOf('</svg>');
  if (!open || close < 0) throw new Error(`math-markup: not a MathJax formula: ${html.slice(0, 80)}`);
  const fail = (what) => {
    throw new Error(`math-markup: ${what} in ${JSON.stringify(tex)}: ${open[0].slice(0, 300)}`);
  };
  let depth = '0';
  const svgStyle = /\sstyle="([^"]*)"/.exec(open[3]);
  for (const declaration of (svgStyle?.[1] ?? '').split(';')) {
    const d = declaration.replace(/\s+/g, '');
    if (!d || SVG_STYLE_IN_CSS.has(d)) continue;
    const align = /^vertical-align:(-?[\d.]+(?:ex)?)$/.exec(d);
    if (!align) fail(`an svg style this does not know (${d})`);
    depth = align[1];
  }
  let container = open[2].replace(/\sjax="SVG"/, '');
  if (/\sdisplay="true"/.test(container)) {
    container = container.replace(/\sdisplay="true"/, '').replace(/\bclass="MathJax"/, 'class="MathJax math-display"');
  }
  const style = /\sstyle="([^"]*)"/.exec(container);
  const depthStyle = `--mjx-va:${depth}`;
  container = style
    ? container.replace(style[0], ` style="${style[1].replace(/;?\s*$/, '')};${depthStyle}"`)
    : `${container} style="${depthStyle}"`;
  const svg = open[3].replace(/\s(?:style|xmlns|focusable|role|aria-label)="[^"]*"/g, '') + ' aria-hidden="true"';
  const label = `<span class="visually-hidden">${mathLabel(tex)}</span>`;
  const inner = html.slice(open[0].length, close);
  return `${open[1]}<mjx-container${container}>${label}<svg${svg}>${inner}</svg>${html.slice(close + '</svg>'.length)}`;
}

/** The visually hidden labels formulaMarkup adds, for taking them out of text meant for search. */
export const FORMULA_LABEL = /<span class="visually-hidden">公式：[^<]*<\/span>/g;
