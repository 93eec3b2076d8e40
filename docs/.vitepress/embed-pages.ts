// The standalone embed pages (docs/embed/*.md) without the docs app.
//
// An embed page is one widget in an iframe: layout false, no navigation, no search,
// nothing for Vue to hydrate. Its head still got the app's tags like every page: the
// app entry, the site data, and the framework, theme and page chunks (about 68 KB
// gzip), which the phone downloads and runs before the widget paints. The widget does
// not need them: the site entry (web/widgets/site-entry.ts) is loaded by its own
// script tag (config.mts, widgetPreloads), defines the element, reports the page's
// height to the framing page and registers the offline worker.
//
// Two parts:
// - withoutDocsApp removes the app's tags from an embed page's HTML;
// - preloadHelperChunk gives Vite's dynamic-import helper a chunk of its own. VitePress
//   puts every '\0vite' module in its framework chunk (Vue and the router), so the
//   widget chunks, which use that helper for their import() calls, would otherwise
//   still pull in the framework chunk.
import type { Plugin } from 'vite';

const PRELOAD_HELPER = '\0vite/preload-helper.js';

type ManualChunks = (id: string, meta: unknown) => string | null | undefined | void;

export const preloadHelperChunk: Plugin = {
  name: 'actlab:preload-helper-chunk',
  apply: 'build',
  outputOptions(options) {
    const manual = options.manualChunks;
    // the server bundle has no manual chunks, and no preload helper
    if (typeof manual !== 'function') return null;
    const chunkOf: ManualChunks = (id, meta) =>
      id === PRELOAD_HELPER ? 'preload-helper' : (manual as ManualChunks)(id, meta);
    return { ...options, manualChunks: chunkOf as typeof manual };
  },
};

/** `text` as a literal inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The HTML of an embed page without the docs app's tags. Each tag must be there
 * exactly once: a VitePress update that renames or drops one fails the build instead
 * of leaving the app half-loaded.
 */
export function withoutDocsApp(html: string, base: string, page: string): string {
  const b = escapeRegExp(base);
  const pageChunk = escapeRegExp(page.replace(/\//g, '_')); // VitePress names page chunks so
  const tags: [string, RegExp][] = [
    [
      'site data',
      new RegExp(`<script type="module" src="${b}assets/chunks/metadata\\.[\\w-]+\\.js"></script>\\s*`, 'g'),
    ],
    ['app entry', new RegExp(`<script type="module" src="${b}assets/app\\.[\\w-]+\\.js"></script>\\s*`, 'g')],
    [
      'framework chunk',
      new RegExp(`<link rel="modulepreload" href="${b}assets/chunks/framework\\.[\\w-]+\\.js">\\s*`, 'g'),
    ],
    ['theme chunk', new RegExp(`<link rel="modulepreload" href="${b}assets/chunks/theme\\.[\\w-]+\\.js">\\s*`, 'g')],
    [
      'page chunk',
      new RegExp(`<link rel="modulepreload" href="${b}assets/${pageChunk}\\.[\\w-]+\\.lean\\.js">\\s*`, 'g'),
    ],
  ];
  let out = html;
  for (const [what, pattern] of tags) {
    const found = out.match(pattern)?.length ?? 0;
    if (found !== 1) throw new Error(`embed page ${page}: expected one ${what} tag in the HTML, found ${found}`);
    out = out.replace(pattern, '');
  }
  // a chunk the page chunk and the widget both import is listed twice: keep the first
  const seen = new Set<string>();
  out = out.replace(/<link rel="modulepreload" href="([^"]+)">\s*/g, (tag, href: string) =>
    seen.has(href) ? '' : (seen.add(href), tag),
  );
  // anything else of the app still named in the head is a tag this list does not know
  const left = /<(?:script|link)\b[^>]*(?:assets\/app\.|chunks\/(?:framework|theme|metadata)\.)[^>]*>/.exec(out);
  if (left) throw new Error(`embed page ${page}: a docs-app tag is left: ${left[0]}`);
  return out;
}

/**
 * VitePress links vp-icons.css, the social-link icons, into every page as a render-blocking
 * style sheet. With no social links in the theme config the file is empty, so the link only
 * costs a request before first paint.
 */
export function withoutEmptyIconSheet(html: string, base: string, socialLinks: unknown[] | undefined): string {
  if (socialLinks?.length) return html;
  const pattern = new RegExp(
    `<link rel="preload stylesheet" href="${escapeRegExp(base)}vp-icons\\.css" as="style">\\s*`,
  );
  if (!pattern.test(html)) throw new Error('vp-icons.css link not found: VitePress changed its page template');
  return html.replace(pattern, '');
}
