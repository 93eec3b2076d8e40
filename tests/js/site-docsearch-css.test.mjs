// docs/.vitepress/docsearch-button-css.ts: the site's search button takes its part
// of @docsearch/css and nothing else. Every rule of the real sheet that styles the
// button must come through unchanged (in its @media block too), and the search
// dialog's rules, which this site never shows, must not.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { before, test } from 'node:test';
import { importSiteModule, root } from './web-bundle.mjs';

let docsearchButtonCss;
let original;

before(async () => {
  ({ docsearchButtonCss } = await importSiteModule('docs/.vitepress/docsearch-button-css.ts'));
  const require = createRequire(path.join(root, 'package.json'));
  original = fs.readFileSync(require.resolve('@docsearch/css/dist/style.css'), 'utf8');
});

/** Each `selectors{declarations}` rule, with the @media condition it sits in ('' at the top). */
function rules(css) {
  const out = [];
  const walk = (text, media) => {
    let depth = 0;
    let start = 0;
    for (let i = 0; i < text.length; ++i) {
      if (text[i] === '{') ++depth;
      else if (text[i] === '}' && --depth === 0) {
        const block = text.slice(start, i + 1).trim();
        const open = block.indexOf('{');
        const head = block
          .slice(0, open)
          .replace(/\/\*[^]*?\*\//g, '')
          .trim();
        if (head.startsWith('@')) walk(block.slice(open + 1, -1), head);
        else for (const s of head.split(',')) out.push({ media, selector: s.trim(), body: block.slice(open + 1, -1) });
        start = i + 1;
      }
    }
  };
  walk(css, '');
  return out;
}

const key = (r) => `${r.media} ${r.selector} {${r.body}}`;

test('every rule for the button and the custom properties comes through unchanged', () => {
  const kept = new Set(rules(docsearchButtonCss(original)).map(key));
  const wanted = rules(original).filter((r) =>
    /\.DocSearch-(Button|Search-Icon)\b|^:root$|^html\[data-theme=dark\]$/.test(r.selector),
  );
  assert.ok(wanted.length >= 15, `the sheet has ${wanted.length} button rules: has @docsearch/css changed shape?`);
  assert.ok(
    wanted.some((r) => r.media !== ''),
    'some button rules sit in @media blocks',
  );
  for (const r of wanted) assert.ok(kept.has(key(r)), `missing: ${key(r).slice(0, 120)}`);
  // the dark theme's muted colour the button's text uses is there
  assert.match(docsearchButtonCss(original), /html\[data-theme=dark\]\{[^}]*--docsearch-muted-color:/);
});

test("the search dialog's rules are gone, and the result is a small part of the sheet", () => {
  const css = docsearchButtonCss(original);
  for (const part of [
    'DocSearch-Modal',
    'DocSearch-Hit',
    'DocSearch-Container',
    'DocSearch-Footer',
    'DocSearch-Dropdown',
  ])
    assert.ok(original.includes(part) && !css.includes(part), part);
  for (const r of rules(css))
    assert.match(r.selector, /\.DocSearch-(Button|Search-Icon)\b|^:root$|^html\[data-theme=dark\]$/, r.selector);
  assert.ok(css.length < original.length / 2, `${css.length} of ${original.length} characters kept`);
});

test('an unbalanced sheet is an error, not a silent cut', () => {
  assert.throws(() => docsearchButtonCss('.DocSearch-Button{color:red'), /unbalanced/);
  assert.equal(docsearchButtonCss('.a{x:1}@media (min-width:1px){.b{y:2}}'), '');
  assert.equal(
    docsearchButtonCss('@media (min-width:1px){.DocSearch-Button,.DocSearch-Modal{y:2}.c{z:3}}'),
    '@media (min-width:1px){.DocSearch-Button{y:2}}',
  );
});
