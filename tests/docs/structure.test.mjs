// The book's structure: chapter intros, 小结 and 练习 in every section, at
// least three answered exercises and one widget per chapter, valid widget
// attributes, generated function tables, and no dead internal links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CHAPTERS, DOCS, allPages, blocks, chapterFiles, core, read, rel, tutorialPages } from './lib.mjs';
import { bundleFiles } from '../js/web-bundle.mjs';

for (const chapter of CHAPTERS) {
  test(`chapter ${chapter} has an intro with a title and at least one section`, () => {
    const { index, sections } = chapterFiles(chapter);
    assert.ok(existsSync(index), `${chapter}/index.md missing`);
    assert.match(read(index), /^# \S/m);
    assert.ok(sections.length >= 1, `${chapter} has no section files`);
  });

  test(`every section of ${chapter} ends with 小结 then 练习`, () => {
    for (const file of chapterFiles(chapter).sections) {
      const text = read(file);
      assert.match(text, /^# \S/m, `${rel(file)} has no title`);
      const summary = text.search(/^## 小结\s*$/m);
      const exercises = text.search(/^## 练习\s*$/m);
      assert.ok(summary > 0, `${rel(file)} lacks ## 小结`);
      assert.ok(exercises > summary, `${rel(file)}: ## 练习 must follow ## 小结`);
      const after = text.slice(exercises).split('\n').slice(1);
      assert.ok(!after.some((l) => /^## /.test(l)), `${rel(file)}: nothing but exercises may follow ## 练习`);
    }
  });

  test(`chapter ${chapter} has at least three exercises with answers in ::: details 答案`, () => {
    let answered = 0;
    for (const file of chapterFiles(chapter).sections) {
      const text = read(file);
      const exercises = text.slice(text.search(/^## 练习\s*$/m));
      const opened = exercises.match(/^::: details 答案\s*$/gm) ?? [];
      const lines = exercises.split('\n');
      let depth = 0;
      for (const line of lines) {
        if (/^::: details 答案\s*$/.test(line)) depth += 1;
        else if (/^:::\s*$/.test(line)) depth -= 1;
        assert.ok(depth >= 0 && depth <= 1, `${rel(file)}: unbalanced ::: containers`);
      }
      assert.equal(depth, 0, `${rel(file)}: a ::: details block is not closed`);
      answered += opened.length;
    }
    assert.ok(answered >= 3, `${chapter} has ${answered} answered exercises`);
  });

  test(`chapter ${chapter} shows at least one live widget`, () => {
    const { index, sections } = chapterFiles(chapter);
    const count = [index, ...sections].reduce((n, f) => n + widgetTags(read(f)).length, 0);
    assert.ok(count >= 1, `${chapter} has no <actlab-*> widget`);
  });
}

function widgetTags(markdown) {
  const tags = [];
  for (const block of blocks(markdown)) {
    if (block.kind !== 'text') continue;
    for (const m of block.text.matchAll(/<(actlab-[a-z]+)((?:\s+[a-z-]+="[^"]*")*)\s*>(\s*<\/\1>)?/g)) {
      const attrs = Object.fromEntries([...m[2].matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
      tags.push({ tag: m[1], attrs, closed: Boolean(m[3]), own: block.text.trim() === m[0].trim(), line: block.line });
    }
  }
  return tags;
}

const number = (v) => v !== '' && Number.isFinite(Number(v));
const oneOf =
  (...values) =>
  (v) =>
    values.includes(v);
const onOff = oneOf('on', 'off');

test('every widget tag is well formed: own paragraph, closed, with an id, known attributes and valid values', async () => {
  const m = await core();
  // the ids each widget accepts, from the widgets' own models (the descent surfaces checked against the module's)
  const models = await bundleFiles([
    'web/models/descent.ts',
    'web/models/chain.ts',
    'web/models/datasets.ts',
    'web/models/presets.ts',
  ]);
  assert.deepEqual(
    [...models.SURFACE_IDS].sort(),
    m
      .surfaceList()
      .map((s) => s.id)
      .sort(),
  );
  const activationIds = new Set(m.activationList().map((a) => a.id));
  const lossIds = new Set(m.lossList().map((l) => l.id));
  const ids = (v) => v.split(',').every((id) => activationIds.has(id.trim()));
  const schema = {
    'actlab-activation': {
      fn: (v) => activationIds.has(v),
      params: (v) => v.split(',').every(number),
      compare: ids,
      xmin: number,
      xmax: number,
      derivative: onOff,
      saturation: onOff,
    },
    'actlab-loss': {
      loss: (v) => lossIds.has(v),
      target: number,
      params: (v) => v === '' || v.split(',').every(number),
      pmin: number,
      pmax: number,
      mode: oneOf('loss', 'logit-grad'),
    },
    'actlab-neuron': { fn: (v) => activationIds.has(v), w1: number, w2: number, b: number },
    'actlab-descent': {
      surface: oneOf(...models.SURFACE_IDS),
      optimizer: oneOf(...models.OPTIMIZER_IDS),
      lr: (v) => number(v) && Number(v) >= 0.0001 && Number(v) <= 10,
      steps: (v) => Number.isInteger(Number(v)) && Number(v) > 0,
    },
    'actlab-chain': {
      fn: oneOf(...models.CHAIN_FUNCTIONS),
      layers: (v) => Number.isInteger(Number(v)) && Number(v) >= 1,
      z: number,
      weight: number,
    },
    'actlab-playground': {
      dataset: oneOf(...models.DATASET_IDS),
    },
    'actlab-compare': { preset: oneOf(...Object.keys(models.PRESETS)) },
  };
  const problems = [];
  for (const file of tutorialPages()) {
    const seen = new Set();
    for (const t of widgetTags(read(file))) {
      const where = `${rel(file)}:${t.line} <${t.tag}>`;
      const spec = schema[t.tag];
      if (!spec) {
        problems.push(`${where}: unknown widget`);
        continue;
      }
      if (!t.own) problems.push(`${where}: must stand alone in its paragraph`);
      if (!t.closed) problems.push(`${where}: needs its closing tag on the same line`);
      if (!t.attrs.id) problems.push(`${where}: needs an id for URL state`);
      else if (seen.has(t.attrs.id)) problems.push(`${where}: duplicate id ${t.attrs.id}`);
      seen.add(t.attrs.id);
      for (const [name, value] of Object.entries(t.attrs)) {
        if (name === 'id') continue;
        if (!spec[name]) problems.push(`${where}: unknown attribute ${name}`);
        else if (!spec[name](value)) problems.push(`${where}: bad value ${name}="${value}"`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('chapter 2 and chapter 5 use the generated FunctionTable, not typed tables', () => {
  const text = (c) => [chapterFiles(c).index, ...chapterFiles(c).sections].map(read).join('\n');
  assert.match(text('02-activations'), /<FunctionTable kind="activations" \/>/);
  assert.match(text('05-losses'), /<FunctionTable kind="losses" \/>/);
});

// VitePress's default slugify, for heading anchors.
function slugify(s) {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u0000-\u001f]/g, '')
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
}

function anchorsOf(markdown) {
  const anchors = new Set();
  for (const block of blocks(markdown)) {
    if (block.kind !== 'text') continue;
    for (const line of block.text.split('\n')) {
      const h = line.match(/^#{1,6}\s+(.*?)\s*$/);
      if (!h) continue;
      const explicit = h[1].match(/\{#([^}]+)\}\s*$/);
      if (explicit) anchors.add(explicit[1]);
      else anchors.add(slugify(h[1].replace(/`/g, '').replace(/\$[^$]*\$/g, (s) => s)));
    }
  }
  return anchors;
}

test('every internal link points at an existing page and heading', async () => {
  const m = await core();
  const problems = [];
  for (const file of allPages()) {
    const text = read(file);
    for (const block of blocks(text)) {
      if (block.kind !== 'text') continue;
      for (const link of block.text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = link[1];
        if (/^(https?:|mailto:)/.test(target)) continue;
        const [pathPart, anchor] = target.split('#');
        let page;
        if (!pathPart) page = file;
        else {
          let p = pathPart.startsWith('/') ? join(DOCS, pathPart) : resolve(dirname(file), pathPart);
          p = p.replace(/\.html$/, '.md');
          if (existsSync(p) && statSync(p).isDirectory()) p = join(p, 'index.md');
          else if (!p.endsWith('.md')) p += '.md';
          page = p;
        }
        if (!existsSync(page)) {
          problems.push(`${rel(file)}: dead link ${target}`);
          continue;
        }
        if (anchor) {
          const pageText = read(page);
          const anchors = anchorsOf(pageText);
          if (pageText.includes('<FunctionTable kind="activations"'))
            for (const a of m.activationList()) anchors.add(`fn-${a.id}`);
          if (pageText.includes('<FunctionTable kind="losses"'))
            for (const l of m.lossList()) anchors.add(`loss-${l.id}`);
          if (!anchors.has(decodeURIComponent(anchor)))
            problems.push(`${rel(file)}: no heading #${anchor} in ${rel(page)}`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the link checker would notice a dead link (slugify sanity)', () => {
  assert.equal(slugify('Leaky ReLU 与 PReLU'), 'leaky-relu-与-prelu');
  assert.ok(anchorsOf('# 标题\n\n## 饱和 {#saturation}\n').has('saturation'));
});
