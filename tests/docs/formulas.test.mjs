// Formulas in the text agree with the core: a formula marked
// <!-- formula: id --> (or derivative:, loss-formula:, loss-gradient:) must be
// followed by a $$...$$ block equal to the core's LaTeX, every function the
// book covers has its formula and derivative shown that way, and every formula
// in the metadata renders with MathJax.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, read, rel, tutorialPages } from './lib.mjs';
import { activationRows, lossRows, renderTex } from '../../docs/.vitepress/functions.data.mjs';

const normalise = (tex) =>
  tex
    .replace(/\s+/g, '')
    .replace(/\\[,;!]/g, '')
    .replace(/\\(?:quad|qquad)/g, '');

// [{ file, line, kind, id, tex }] for every marker in the book.
function markedFormulas() {
  const found = [];
  for (const file of tutorialPages()) {
    const text = read(file);
    const re =
      /<!--\s*(formula|derivative|loss-formula|loss-gradient):\s*([a-z0-9_]+)\s*-->\s*\n\$\$\s*\n?([\s\S]*?)\n?\$\$/g;
    for (const m of text.matchAll(re)) {
      found.push({
        file: rel(file),
        line: text.slice(0, m.index).split('\n').length,
        kind: m[1],
        id: m[2],
        tex: m[3].trim(),
      });
    }
    const markers = (text.match(/^<!--\s*(formula|derivative|loss-formula|loss-gradient):/gm) ?? []).length;
    const matched = found.filter((f) => f.file === rel(file)).length;
    if (markers !== matched)
      found.push({ file: rel(file), kind: 'orphan', id: '', tex: `${markers - matched} marker(s) not followed by $$` });
  }
  return found;
}

test('every marked formula equals the core metadata', async () => {
  const m = await core();
  const acts = new Map(m.activationList().map((a) => [a.id, a]));
  const losses = new Map(m.lossList().map((l) => [l.id, l]));
  const problems = [];
  for (const f of markedFormulas()) {
    let expected;
    if (f.kind === 'formula') expected = acts.get(f.id)?.formula;
    else if (f.kind === 'derivative') expected = acts.get(f.id)?.derivative;
    else if (f.kind === 'loss-formula') expected = losses.get(f.id)?.formula;
    else if (f.kind === 'loss-gradient') expected = losses.get(f.id)?.gradient;
    if (expected === undefined) problems.push(`${f.file}:${f.line}: ${f.kind} ${f.id}: ${f.tex}`);
    else if (normalise(expected) !== normalise(f.tex))
      problems.push(
        `${f.file}:${f.line}: ${f.kind} of ${f.id} differs from the core\n  text: ${f.tex}\n  core: ${expected}`,
      );
  }
  assert.deepEqual(problems, []);
});

test('every activation and loss has its formula and derivative shown from the core', async () => {
  const m = await core();
  const found = markedFormulas();
  const has = (kind, id) => found.some((f) => f.kind === kind && f.id === id);
  const missing = [];
  for (const a of m.activationList()) {
    if (a.id === 'linear') continue;
    if (!has('formula', a.id)) missing.push(`formula: ${a.id}`);
    if (!has('derivative', a.id)) missing.push(`derivative: ${a.id}`);
  }
  for (const l of m.lossList()) {
    if (!has('loss-formula', l.id)) missing.push(`loss-formula: ${l.id}`);
    if (!has('loss-gradient', l.id)) missing.push(`loss-gradient: ${l.id}`);
  }
  assert.deepEqual(missing, []);
});

test('the comparison table renders every function from the metadata to SVG', async () => {
  const m = await core();
  const acts = activationRows(m);
  const losses = lossRows(m);
  assert.equal(acts.length, m.activationList().length);
  assert.equal(losses.length, m.lossList().length);
  for (const row of [...acts, ...losses]) {
    for (const html of [row.formula, row.derivative ?? row.gradient]) {
      // the TeX for screen readers, then the picture (docs/.vitepress/math-markup.mjs)
      assert.match(
        html,
        /^<mjx-container[^>]*><span class="visually-hidden">公式：[^<]+<\/span><svg [^>]*aria-hidden="true"/,
        `${row.id} did not render to SVG`,
      );
    }
  }
  const sigmoid = acts.find((r) => r.id === 'sigmoid');
  assert.equal(sigmoid.range, '(0, 1)');
  assert.equal(acts.find((r) => r.id === 'relu').range, '[0, +∞)');
});

test('a broken formula fails the render instead of showing an error box', () => {
  assert.throws(() => renderTex('\\frac{1}{'));
});
