// The widgets' style sheets are template strings in TypeScript (shared/styles.ts,
// diagnostics/styles.ts), so that a widget needs no CSS loader in any bundler.
// Vite minifies the code around them but ships the strings as written, with
// their comments, indentation and line breaks. This build step minifies each
// `export const NAME_CSS = \`...\`` string with esbuild's CSS minifier: about
// 0.5 KB gzip less on a page with a trainer widget.
//
// Used by the site's Vite config (docs/.vitepress/config.mts) and the embed
// bundle's (web/vite.embed.config.ts). A style string with an interpolation, or a
// styles file without one, stops the build rather than shipping it unminified.
import { transform } from 'esbuild';
import type { Plugin } from 'vite';

const STYLE_FILE = /[\\/]web[\\/]widgets[\\/](?:shared|diagnostics)[\\/]styles\.ts$/;
const CSS_STRING = /(export const [A-Z_]+_CSS = `)([^`]*)(`;)/g;

/** The minified CSS of one template string's text, written back as template-string text. */
export async function minifyCssString(text: string, where: string): Promise<string> {
  if (text.includes('${') || text.includes('\\')) {
    throw new Error(`minify-css-strings: ${where} has an interpolation or an escape; minify it by hand`);
  }
  // utf8: esbuild would otherwise escape non-ASCII characters with backslashes
  const { code } = await transform(text, { loader: 'css', minify: true, charset: 'utf8', sourcefile: where });
  if (/[`\\]|\$\{/.test(code))
    throw new Error(`minify-css-strings: the minified CSS of ${where} is not template-string safe`);
  return code.trim();
}

export const minifyCssStrings: Plugin = {
  name: 'actlab:minify-css-strings',
  enforce: 'pre',
  async transform(code, id) {
    if (!STYLE_FILE.test(id)) return null;
    const found = [...code.matchAll(CSS_STRING)];
    if (found.length === 0) throw new Error(`minify-css-strings: no export const *_CSS string in ${id}`);
    let out = '';
    let last = 0;
    for (const match of found) {
      const [whole, open, text, close] = match;
      out += code.slice(last, match.index) + open + (await minifyCssString(text, id)) + close;
      last = match.index + whole.length;
    }
    return { code: out + code.slice(last), map: null };
  },
};
