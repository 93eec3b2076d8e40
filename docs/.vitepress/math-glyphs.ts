// MathJax writes every glyph of every formula as a full <path d="..."> (the
// plugin renders with fontCache 'none'), so a page with forty formulas carries
// the same few dozen outlines hundreds of times: on the loss chapters that was
// over 200 KB of HTML to parse and 53 KB gzip of JavaScript for client-side
// navigation. This rewrite runs on each page's rendered markdown (config.mts
// wraps md.render), before Vue compiles it: every glyph outline is written once,
// in a hidden <svg> of definitions that ends the page's content, and each use of
// it becomes a <use> pointing there, with the same transform. What is drawn does
// not change, and both the page's HTML and the JavaScript chunk that client-side
// navigation renders it from carry each outline once.
import { createHash } from 'node:crypto';

// A glyph as MathJax writes it: code point, outline, optional placement, and the
// stroke width from its stylesheet (inlined by the plugin).
const GLYPH = /<path data-c="([0-9A-F]+)" d="([^"]*)"( transform="[^"]*")? style="stroke-width: 3;"\/>/g;

/** The page's formulas drawn from shared outlines, defined at the end of the page. */
export function shareMathGlyphs(html: string): string {
  if (!html.includes('<mjx-container')) return html;
  const ids = new Map<string, string>(); // outline -> id
  const body = html.replace(GLYPH, (_match, code: string, outline: string, transform = '') => {
    let id = ids.get(outline);
    if (!id) {
      // the same id for the same outline on every page
      id = `mjx-g-${createHash('sha1').update(outline).digest('hex').slice(0, 8)}`;
      ids.set(outline, id);
    }
    return `<use data-c="${code}" href="#${id}"${transform}></use>`;
  });
  if (ids.size === 0) return html;
  // stroke-width on each outline: a <use> copy inherits from the <use>, not from the <defs>.
  // Only attributes Vue knows, so that it keeps the definitions as static HTML.
  const defs = [...ids].map(([outline, id]) => `<path id="${id}" d="${outline}" stroke-width="3"></path>`);
  return `${body}<svg class="mjx-glyphs" width="0" height="0" aria-hidden="true"><defs>${defs.join('')}</defs></svg>`;
}
