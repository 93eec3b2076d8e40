// MathJax writes every glyph of every formula as a full <path d="..."> (the
// plugin renders with fontCache 'none'), so a page with forty formulas carries
// the same few dozen outlines hundreds of times: on the loss chapters that was
// over 200 KB of HTML to parse and 53 KB gzip of JavaScript for client-side
// navigation. Here every glyph outline is written once, in a hidden <svg> of
// definitions, and each use of it becomes a <use> pointing there, with the same
// transform. What is drawn does not change.
//
// Two passes:
// - shareGlyphsInPage runs on each page's rendered markdown (config.mts wraps
//   md.render), before Vue compiles it. Its definitions end the page's content,
//   so the page's JavaScript chunk, which client-side navigation renders from,
//   carries each outline once as well.
// - shareMathGlyphs runs on each built .html file, for formulas that were not
//   in the markdown (the function tables render theirs from data). It defines
//   only the outlines the page does not define yet, before the app root.
import { createHash } from 'node:crypto';

// A glyph as MathJax writes it: code point, outline, optional placement, and the
// stroke width from its stylesheet (inlined by the plugin). In the rendered
// markdown the path closes itself and the style has a space; Vue's compiler
// writes it out as below, which is what a built page holds.
const GLYPH = /<path data-c="([0-9A-F]+)" d="([^"]*)"( transform="[^"]*")? style="stroke-width: ?3;"(?:\/>|><\/path>)/g;
const DEFINED = /<path id="(mjx-g-[0-9a-f]{8})" d="/g;

/** The same id for the same outline on every page. */
function glyphId(outline: string): string {
  return `mjx-g-${createHash('sha1').update(outline).digest('hex').slice(0, 8)}`;
}

/**
 * Replaces each inline glyph outline in html by a <use>. Returns the new html and
 * the outlines used that are not among `defined` (id -> outline), to be defined.
 */
function useGlyphs(html: string, defined: Set<string>): { html: string; added: Map<string, string> } {
  const added = new Map<string, string>();
  const out = html.replace(GLYPH, (_match, code: string, outline: string, transform = '') => {
    const id = glyphId(outline);
    if (!defined.has(id)) added.set(id, outline);
    return `<use data-c="${code}" href="#${id}"${transform}></use>`;
  });
  return { html: out, added };
}

/** A hidden <svg> defining the outlines. Only attributes Vue knows, so it stays static HTML. */
function sprite(outlines: Map<string, string>): string {
  // stroke-width on each outline: a <use> copy inherits from the <use>, not from the <defs>
  const defs = [...outlines].map(([id, outline]) => `<path id="${id}" d="${outline}" stroke-width="3"></path>`);
  return `<svg class="mjx-glyphs" width="0" height="0" aria-hidden="true"><defs>${defs.join('')}</defs></svg>`;
}

/** For a page's rendered markdown: its glyphs shared, their definitions at the end. */
export function shareGlyphsInPage(html: string): string {
  if (!html.includes('<mjx-container')) return html;
  const { html: out, added } = useGlyphs(html, new Set());
  return added.size ? out + sprite(added) : html;
}

/** For a built page: the glyphs left inline shared too, defined before the app root. */
export function shareMathGlyphs(html: string): string {
  if (!html.includes('<mjx-container') || !html.includes('<div id="app"')) return html;
  const defined = new Set([...html.matchAll(DEFINED)].map((m) => m[1]));
  const { html: body, added } = useGlyphs(html, defined);
  if (body === html) return html;
  if (!added.size) return body;
  const app = body.indexOf('<div id="app"');
  return body.slice(0, app) + sprite(added) + body.slice(app);
}
