// VitePress's search button (VPNavBarSearch.vue) imports all of @docsearch/css,
// Algolia's style sheet for its search button *and* its search dialog. This site
// searches locally (VPLocalSearchBox, which has its own styles), so the dialog's
// rules are never used, yet they were about 2 KB gzip of every page's CSS.
//
// This plugin serves that import with the button's part alone: the custom
// properties (:root and the dark theme's) and every rule whose selector names
// .DocSearch-Button or .DocSearch-Search-Icon, inside @media blocks too. The button
// is drawn from the same rules as before.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vitepress';

const ID = '@docsearch/css';
const RESOLVED = '\0actlab-docsearch-button.css';

const KEEP_SELECTOR = /^(?::root|html\[data-theme=dark\])$|\.DocSearch-(?:Button|Search-Icon)\b/;

/** Splits a minified style sheet into its top-level blocks: rules, at-rules with a body, and `@...;` statements. */
function topLevelBlocks(css: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; ++i) {
    const c = css[i];
    if (c === '{') ++depth;
    else if (c === '}' && --depth === 0) {
      blocks.push(css.slice(start, i + 1).trim());
      start = i + 1;
    } else if (c === ';' && depth === 0) {
      blocks.push(css.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  if (depth !== 0) throw new Error('@docsearch/css: unbalanced braces');
  return blocks.filter((b) => b.length > 0);
}

/** A rule keeps the selectors that name the button; an at-rule keeps its rules that do; comments go. */
function keepButton(block: string): string {
  const open = block.indexOf('{');
  if (open < 0) return ''; // @charset and the like: none in this sheet
  const head = block
    .slice(0, open)
    .replace(/\/\*[^]*?\*\//g, '')
    .trim();
  const body = block.slice(open + 1, -1);
  if (head.startsWith('@')) {
    const inner = topLevelBlocks(body).map(keepButton).join('');
    return inner ? `${head}{${inner}}` : '';
  }
  const selectors = head.split(',').filter((s) => KEEP_SELECTOR.test(s.trim()));
  return selectors.length > 0 ? `${selectors.join(',')}{${body}}` : '';
}

export function docsearchButtonCss(css: string): string {
  return topLevelBlocks(css).map(keepButton).filter(Boolean).join('\n');
}

export const docsearchButtonOnly: Plugin = {
  name: 'actlab:docsearch-button-only',
  enforce: 'pre',
  resolveId: (id) => (id === ID ? RESOLVED : undefined),
  load(id) {
    if (id !== RESOLVED) return undefined;
    const require = createRequire(import.meta.url);
    const file = require.resolve('@docsearch/css/dist/style.css', { paths: [require.resolve('vitepress')] });
    return docsearchButtonCss(readFileSync(file, 'utf8'));
  },
};
