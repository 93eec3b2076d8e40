// The markdown-it rule of docs/.vitepress/math-nowrap.mjs: inline math and the
// CJK punctuation touching it end up in one span.math-nowrap (which
// theme/fixes.css keeps on one line), and nothing else in the text changes.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMarkdownRenderer } from 'vitepress';
import { mathNowrap } from '../../docs/.vitepress/math-nowrap.mjs';

const docs = fileURLToPath(new URL('../../docs', import.meta.url));
let md;
let plain;

before(async () => {
  md = await createMarkdownRenderer(docs, { math: true, config: (m) => mathNowrap(m) }, '/');
  plain = await createMarkdownRenderer(docs, { math: true }, '/');
});

// the rendered formulas are long SVGs: replace each by [M] to compare structure
const shape = (html) => html.replace(/<mjx-container[\s\S]*?<\/mjx-container>/g, '[M]').trim();
const text = (html) => shape(html).replace(/<[^>]+>/g, '');

test('a closing CJK punctuation mark after inline math joins the math in one nowrap span', () => {
  const html = shape(md.render('当 $\\beta = 0$ 时它是线性函数 $x/2$。SiLU 的最小值约为 $-0.2785$，在此取到'));
  assert.match(html, /<span class="math-nowrap">\[M\]。<\/span>SiLU/);
  assert.match(html, /<span class="math-nowrap">\[M\]，<\/span>在此/);
  // math followed by a space is left alone
  assert.match(html, /当 \[M\] 时/);
});

test('an opening bracket before math and the closing one after it stay together', () => {
  const html = shape(md.render('值为 0.6931（$\\beta = 1$）。它常用'));
  assert.match(html, /<span class="math-nowrap">（\[M\]）。<\/span>它常用/);
});

test('the text of every case is unchanged, only wrapped', () => {
  for (const src of [
    '$a$。',
    '它是 $x$。SiLU（$a$）很好，$b$ 和 $c$，以及 **粗** $d$；（$e$',
    '“$x$”，$y$……末尾',
    '没有公式的段落。',
    '$$\nx^2\n$$\n\n后文。',
  ]) {
    assert.equal(text(md.render(src)), text(plain.render(src)), src);
  }
});

test('display math and text without math are untouched', () => {
  assert.doesNotMatch(md.render('$$\nx^2\n$$\n\n。后文'), /math-nowrap/);
  assert.doesNotMatch(md.render('普通的句子，没有公式。'), /math-nowrap/);
  assert.doesNotMatch(md.render('`$x$`。'), /math-nowrap/);
});
