// MathJax writes every glyph of every formula as a full <path d="..."> (the
// plugin renders with fontCache 'none'), so a page with forty formulas carries
// the same few dozen outlines hundreds of times: on the loss chapters that was
// over 200 KB of HTML to parse, most of the page's bytes. This rewrite runs on
// each built page: every glyph outline is written once, in a hidden <svg> of
// definitions placed before the app root, and each use of it becomes a <use>
// pointing there, with the same transform. What is drawn does not change.
//
// Only the page's .html is rewritten. Vue hydrates the formulas as static
// content (it adopts the existing nodes without comparing them), and a page
// reached by client-side navigation renders its formulas from its JavaScript
// chunk, which keeps the full paths and needs no definitions.
import { createHash } from 'node:crypto';

// A glyph as MathJax writes it: code point, outline, optional placement, and the
// stroke width from its stylesheet (inlined by the plugin).
const GLYPH = /<path data-c="([0-9A-F]+)" d="([^"]*)"( transform="[^"]*")? style="stroke-width:3;"><\/path>/g;

export function shareMathGlyphs(html: string): string {
  if (!html.includes('<mjx-container') || !html.includes('<div id="app"')) return html;
  const ids = new Map<string, string>(); // outline -> id
  const body = html.replace(GLYPH, (_match, code: string, outline: string, transform = '') => {
    let id = ids.get(outline);
    if (!id) {
      id = `mjx-g-${createHash('sha1').update(outline).digest('hex').slice(0, 8)}`;
      ids.set(outline, id);
    }
    return `<use data-c="${code}" href="#${id}"${transform}></use>`;
  });
  if (ids.size === 0) return html;
  // stroke-width on each outline: a <use> copy inherits from the <use>, not from the <defs>
  const defs = [...ids].map(([outline, id]) => `<path id="${id}" d="${outline}" stroke-width="3"></path>`);
  const sprite =
    '<svg class="mjx-glyphs" xmlns="http://www.w3.org/2000/svg" width="0" height="0" aria-hidden="true" focusable="false">' +
    `<defs>${defs.join('')}</defs></svg>`;
  const app = body.indexOf('<div id="app"');
  return body.slice(0, app) + sprite + body.slice(app);
}
