// The Chinese typography lint passes on every page, and it does catch each
// kind of problem it claims to catch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFiles, lintText, parseTerminology, proseLines } from '../../scripts/lint-zh.mjs';
import { DOCS, ROOT, read, tutorialPages, rel } from './lib.mjs';
import { join } from 'node:path';

const terms = parseTerminology(read(join(DOCS, 'TERMINOLOGY.md')));

test('TERMINOLOGY.md lists terms with variants to avoid', () => {
  assert.ok(terms.length >= 30, `only ${terms.length} terms parsed`);
  const activation = terms.find((t) => t.zh === '激活函数');
  assert.ok(activation && activation.avoid.includes('激励函数'));
});

test('every tutorial page passes the Chinese typography lint', () => {
  const results = lintFiles(tutorialPages().map(rel), { root: ROOT });
  assert.deepEqual(
    results.map((r) => `${r.file}:${r.line}: ${r.message}`),
    [],
  );
});

test('the lint flags half-width punctuation in Chinese text', () => {
  assert.ok(lintText('激活函数很重要,它引入非线性.').length >= 2);
  assert.ok(lintText('导数(在零点)为零').length >= 1);
  assert.equal(lintText('激活函数很重要，它引入非线性。').length, 0);
});

test('the lint flags missing spaces between Chinese and Latin or digits', () => {
  assert.equal(lintText('我们用ReLU函数。').length, 2);
  assert.equal(lintText('最大值是0.25。').length, 1);
  assert.equal(lintText('导数是`grad`吗').length, 2);
  assert.equal(lintText('我们用 ReLU，最大值是 0.25，导数是 `grad`。').length, 0);
});

test('the lint flags spaces around full-width punctuation', () => {
  assert.ok(lintText('我们用 ReLU ，很好').length >= 1);
});

test('the lint flags terms that TERMINOLOGY.md says to avoid, except inside quotes', () => {
  assert.equal(lintText('激励函数决定输出。', { terms }).length, 1);
  assert.equal(lintText('有文章把它叫作“激励函数”。', { terms }).length, 0);
});

test('the lint skips code blocks, math, HTML and comments', () => {
  const text = [
    '```python',
    'x = relu(y),z',
    '```',
    '',
    '$$',
    'f(x)=x,\\quad 激活',
    '$$',
    '',
    '<actlab-activation id="a" fn="relu"></actlab-activation>',
    '',
    '<!-- claim: near(df("sigmoid",0),"0.25") -->',
    '我们看 $f(x),g(x)$ 的图像。',
  ].join('\n');
  assert.deepEqual(lintText(text, { terms }), []);
});

test('every term of TERMINOLOGY.md that the chapters use is introduced with its English at least once', () => {
  const chapters = tutorialPages().filter((p) => /[\\/]0\d-[^\\/]+[\\/]/.test(p));
  const text = chapters.map((p) => proseLines(read(p)).join('\n')).join('\n');
  const escape = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const missing = terms
    .filter((t) => text.includes(t.zh))
    .filter((t) => !new RegExp(`${escape(t.zh)}（[^）]*[A-Za-z]`).test(text))
    .map((t) => `${t.zh} (${t.en})`);
  assert.deepEqual(missing, []);
});
