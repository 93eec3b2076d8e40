// Widget state parsing (web/widgets/shared/state.ts) and the embed snippets
// (web/widgets/shared/embed.ts): DOM-free, bundled with esbuild for Node.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-state-'));
let state;
let embed;
let controls;

before(async () => {
  for (const name of ['state', 'embed', 'controls']) {
    await build({
      entryPoints: [path.join(root, `web/widgets/shared/${name}.ts`)],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      outfile: path.join(outdir, `${name}.mjs`),
      logLevel: 'error',
    });
  }
  state = await import(pathToFileURL(path.join(outdir, 'state.mjs')).href);
  embed = await import(pathToFileURL(path.join(outdir, 'embed.mjs')).href);
  controls = await import(pathToFileURL(path.join(outdir, 'controls.mjs')).href);
});

test('formatShort writes every minus sign as U+2212, in the exponent too', () => {
  const { formatShort } = controls;
  assert.equal(formatShort(-9.5e-4), '−9.50e−4');
  assert.equal(formatShort(7.6e-4), '7.60e−4');
  assert.equal(formatShort(-0.25), '−0.25');
  assert.equal(formatShort(-12345), '−1.23e+4');
  assert.equal(formatShort(0.1), '0.1');
  assert.equal(formatShort(-Infinity), '−∞');
  assert.equal(formatShort(NaN), '—');
});

after(() => fs.rmSync(outdir, { recursive: true, force: true }));

test('a number out of range falls back to the default with a Chinese notice naming the range', () => {
  const lr = state.numberField('lr', { min: 0.0001, max: 10, default: 0.1 });
  const r = state.resolveState([lr], [(k) => ({ lr: '50' })[k] ?? null], {});
  assert.equal(r.state.lr, 0.1);
  assert.equal(r.notices.get('lr'), 'lr 必须是 0.0001 到 10 之间的数，已改用默认值 0.1');
});

test('text that is not a number is rejected, quoted in the notice; "1e-3" and " 2 " are accepted', () => {
  const lr = state.numberField('lr', { min: 0.0001, max: 10, default: 0.1 });
  assert.deepEqual(lr.parse('abc', {}, {}), { ok: false, message: 'lr 必须是 0.0001 到 10 之间的数（收到“abc”）' });
  for (const bad of ['', '0x10', 'Infinity', 'NaN', '1,5', '2abc']) assert.equal(lr.parse(bad, {}, {}).ok, false, bad);
  assert.deepEqual(lr.parse('1e-3', {}, {}), { ok: true, value: 0.001 });
  assert.deepEqual(lr.parse(' 2 ', {}, {}), { ok: true, value: 2 });
});

test('integer fields reject fractions', () => {
  const steps = state.numberField('steps', { min: 1, max: 500, default: 60, integer: true });
  assert.equal(steps.parse('2.5', {}, {}).ok, false);
  assert.deepEqual(steps.parse('250', {}, {}), { ok: true, value: 250 });
});

test('the first source that has a key wins (URL before attribute), and later defaults see earlier fields', () => {
  const fields = [
    state.enumField('fn', ['relu', 'tanh'], 'relu'),
    state.numberField('xmin', { min: -50, max: 50, default: -6 }),
    state.numberField('xmax', { min: (s) => s.xmin + 0.1, max: 50, default: (s) => Math.max(6, s.xmin + 1) }),
  ];
  const url = { fn: 'tanh' };
  const attr = { fn: 'relu', xmin: '10' };
  const r = state.resolveState(fields, [(k) => url[k] ?? null, (k) => attr[k] ?? null], {});
  assert.deepEqual(r.state, { fn: 'tanh', xmin: 10, xmax: 11 });
  assert.equal(r.notices.size, 0);
  const bad = state.resolveState(fields, [(k) => ({ xmax: '5', xmin: '10' })[k] ?? null], {});
  assert.equal(bad.state.xmax, 11);
  assert.match(bad.notices.get('xmax'), /^xmax 必须是 10\.1 到 50 之间的数，已改用默认值 11$/);
});

test('a rejected URL value falls back to the page attribute, then to the default, and the notice says which', () => {
  const fn = state.enumField('fn', ['relu', 'tanh', 'leaky_relu'], 'relu');
  const url = (k) => ({ fn: 'bogus' })[k] ?? null;
  const page = (k) => ({ fn: 'leaky_relu' })[k] ?? null;
  const r = state.resolveState([fn], [url, page], {});
  assert.equal(r.state.fn, 'leaky_relu');
  assert.match(r.notices.get('fn'), /^fn 必须是.*，已改用页面设定的值 leaky_relu$/);
  const none = state.resolveState([fn], [url, () => null], {});
  assert.equal(none.state.fn, 'relu');
  assert.match(none.notices.get('fn'), /，已改用默认值 relu$/);
  // a page attribute that is invalid as well: the default, with the link's complaint
  const both = state.resolveState([fn], [url, (k) => ({ fn: 'nope' })[k] ?? null], {});
  assert.equal(both.state.fn, 'relu');
  assert.match(both.notices.get('fn'), /收到“bogus”|bogus/);
});

test('enum and toggle fields list what is allowed', () => {
  const fn = state.enumField('surface', ['bowl', 'ravine'], 'bowl');
  assert.deepEqual(fn.parse('cliff', {}, {}), {
    ok: false,
    message: 'surface 必须是 bowl、ravine 之一（收到“cliff”）',
  });
  const t = state.toggleField('derivative', true);
  assert.deepEqual(t.parse('off', {}, {}), { ok: true, value: false });
  assert.equal(t.parse('maybe', {}, {}).ok, false);
  assert.equal(t.format(false), 'off');
});

test("a parameter with 'above' must exceed the one it names; sliders push the other one along", () => {
  const specs = [
    { id: 'min_val', default: -1, min: -10, max: 10 },
    { id: 'max_val', default: 1, min: -10, max: 10, above: 'min_val' },
  ];
  const field = state.paramListField(
    [],
    () => specs,
    (_s, sp) => `params 应为：${state.describeParams(sp)}`,
  );
  const parse = (raw) => state.resolveState([field], [(k) => ({ params: raw })[k] ?? null], {});
  assert.deepEqual(parse('0,6').state.params, [0, 6]);
  assert.deepEqual(parse('-3').state.params, [-3, 1]);
  for (const bad of ['2', '1,1', '5,-5']) {
    const r = parse(bad);
    assert.deepEqual(r.state.params, [-1, 1], bad);
    assert.match(r.notices.get('params'), /max_val ∈ \[-10, 10\] 且大于 min_val/, bad);
  }
  // written back as text, a pair that differs only past 6 digits keeps its order
  const close = parse('0.1234561,0.1234562');
  assert.deepEqual(close.state.params, [0.1234561, 0.1234562]);
  assert.deepEqual(parse(field.format(close.state.params)).state.params, [0.1234561, 0.1234562]);
  assert.equal(field.format([0.5, 2]), '0.5,2');
  assert.equal(state.paramsOrdered(specs, [0, 0.1]), true);
  assert.equal(state.paramsOrdered(specs, [0.1, 0.1]), false);
  // Moving min_val past max_val pushes max_val one gap beyond it, and the reverse.
  assert.deepEqual(state.keepParamOrder(specs, [2, 1], 0, 0.5), [2, 2.5]);
  assert.deepEqual(state.keepParamOrder(specs, [-1, -2], 1, 0.5), [-2.5, -2]);
  // At the end of the accepted range the moved value gives way instead.
  assert.deepEqual(state.keepParamOrder(specs, [10, 9], 0, 0.5), [9.5, 10]);
  assert.deepEqual(state.keepParamOrder(specs, [-9, -10], 1, 0.5), [-10, -9.5]);
  // An ordered list, or specs without 'above', are left as they are.
  assert.deepEqual(state.keepParamOrder(specs, [-1, 1], 0, 0.5), [-1, 1]);
  assert.deepEqual(state.keepParamOrder([{ id: 'a', default: 0, min: -1, max: 1 }], [0.3], 0, 0.5), [0.3]);
});

test('embed snippets carry the state in the iframe query and as attributes, escaped', () => {
  const s = embed.embedSnippets(
    'activation',
    'actlab-activation',
    '激活函数探索器',
    [
      ['fn', 'gelu'],
      ['compare', 'relu,tanh'],
    ],
    'https://example.org/actlab/',
  );
  assert.equal(
    s.iframe,
    '<iframe src="https://example.org/actlab/embed/activation.html?fn=gelu&amp;compare=relu%2Ctanh" title="激活函数探索器" width="100%" height="720" style="border:0;max-width:100%" loading="lazy"></iframe>',
  );
  assert.equal(
    s.direct,
    '<script type="module" src="https://example.org/actlab/embed/actlab-embed.js"></script>\n<actlab-activation fn="gelu" compare="relu,tanh"></actlab-activation>',
  );
  const quoted = embed.embedSnippets('loss', 'actlab-loss', 't', [['loss', '"><x']], 'https://h/');
  assert.ok(!quoted.direct.includes('"><x'));
});
