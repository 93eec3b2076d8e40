// web/minify-css-strings.ts: the build step that minifies the widgets' style
// sheets, which live in TypeScript template strings. Checked on the real styles
// files (every rule kept, nothing else changed) and on the inputs it must refuse.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { transform } from 'esbuild';
import { importSiteModule, root } from './web-bundle.mjs';

let plugin;
before(async () => {
  plugin = await importSiteModule('web/minify-css-strings.ts');
});

const STYLE_FILES = ['web/widgets/shared/styles.ts', 'web/widgets/diagnostics/styles.ts'];

/** Every `export const *_CSS` string of a source text, by name. */
function cssStrings(code) {
  return Object.fromEntries([...code.matchAll(/export const ([A-Z_]+_CSS) = `([^`]*)`;/g)].map((m) => [m[1], m[2]]));
}

test('the styles files lose comments and layout but keep every rule, and nothing else changes', async () => {
  for (const file of STYLE_FILES) {
    const id = path.join(root, file);
    const source = fs.readFileSync(id, 'utf8');
    const { code } = await plugin.minifyCssStrings.transform(source, id);
    const before = cssStrings(source);
    const after = cssStrings(code);
    assert.deepEqual(Object.keys(after), Object.keys(before), file);
    assert.ok(Object.keys(before).length > 0, file);
    for (const [name, css] of Object.entries(before)) {
      assert.ok(after[name].length < css.length * 0.9, `${file} ${name}: ${css.length} -> ${after[name].length}`);
      assert.doesNotMatch(after[name], /\/\*|\n/, `${file} ${name}: a comment or a line break is left`);
      // the same style sheet: minifying the original and the shipped text gives the same rules
      const reference = (await transform(css, { loader: 'css', minify: true, charset: 'utf8' })).code.trim();
      assert.equal(after[name], reference, `${file} ${name}`);
    }
    // outside the strings, the file is untouched
    const strip = (text) => text.replace(/(export const [A-Z_]+_CSS = `)[^`]*`/g, '$1`');
    assert.equal(strip(code), strip(source), file);
  }
});

test('a style string it cannot minify safely stops the build', async () => {
  await assert.rejects(plugin.minifyCssString('.a { width: ${w}px; }', 'x.ts'), /interpolation/);
  await assert.rejects(plugin.minifyCssString('.a::before { content: "\\2014"; }', 'x.ts'), /escape/);
  const id = path.join(root, STYLE_FILES[0]);
  await assert.rejects(plugin.minifyCssStrings.transform('export const styles = 1;', id), /no export const/);
  // other files pass through
  assert.equal(await plugin.minifyCssStrings.transform('export const A_CSS = `a { }`;', '/x/other.ts'), null);
  // non-ASCII text stays as it is, not as a backslash escape
  assert.equal(await plugin.minifyCssString('.a::after { content: "—"; }', 'x.ts'), '.a:after{content:"\u2014"}');
});
