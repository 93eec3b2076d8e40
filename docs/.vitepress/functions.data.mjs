// Build-time data for <FunctionTable>: loads the compiled core (wasm/dist) in
// Node, reads its activation and loss metadata, and pre-renders every formula
// to SVG with MathJax so that no typesetting runs in the browser. Nothing in
// the rows is typed by hand: names, formulas, ranges and properties all come
// from the core's tables.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { mathjax } from 'mathjax-full/js/mathjax.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
import { liteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import { AllPackages } from 'mathjax-full/js/input/tex/AllPackages.js';
import { formulaMarkup } from './math-markup.mjs';

// wasm/dist is found from this file, or, when a bundler has moved the loader,
// by walking up from the working directory.
function findDist() {
  const starts = [];
  try {
    starts.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    /* not a file URL */
  }
  starts.push(process.cwd());
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'wasm', 'dist');
      if (existsSync(join(candidate, 'actlab.wasm'))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('functions.data: wasm/dist/actlab.wasm not found; run `npm run build:wasm` first');
}

export async function loadCore() {
  const dist = findDist();
  const factory = (await import(pathToFileURL(join(dist, 'actlab.mjs')).href)).default;
  return factory({ wasmBinary: readFileSync(join(dist, 'actlab.wasm')) });
}

let mathDocument;
let adaptor;
// TeX -> standalone SVG markup (inline, no CSS needed). Throws on a TeX error
// so a broken formula in the core fails the build instead of showing red text.
export function renderTex(tex, display = false) {
  if (!mathDocument) {
    adaptor = liteAdaptor();
    RegisterHTMLHandler(adaptor);
    mathDocument = mathjax.document('', {
      InputJax: new TeX({ packages: AllPackages }),
      OutputJax: new SVG({ fontCache: 'local' }),
    });
  }
  const node = mathDocument.convert(tex, { display });
  const html = adaptor.outerHTML(node);
  if (html.includes('data-mjx-error') || html.includes('merror')) {
    throw new Error(`functions.data: MathJax could not render ${JSON.stringify(tex)}`);
  }
  return formulaMarkup(html, tex);
}

function formatBound(v) {
  if (v === Infinity) return '+∞';
  if (v === -Infinity) return '−∞';
  const rounded = Number(v.toPrecision(4));
  return String(rounded).replace('-', '−');
}

// "(0, 1)", "[0, +∞)", "(−1.758, +∞)": brackets say whether the bound is attained.
export function rangeText(range) {
  const left = range.min === -Infinity || !range.minAttained ? '(' : '[';
  const right = range.max === Infinity || !range.maxAttained ? ')' : ']';
  const approx = [range.min, range.max].some((v) => Number.isFinite(v) && Number(v.toPrecision(4)) !== v);
  return `${approx ? '≈ ' : ''}${left}${formatBound(range.min)}, ${formatBound(range.max)}${right}`;
}

const activationProperty = {
  monotonic: '单调',
  smooth: '光滑',
  zeroCentred: '零中心',
  saturating: '两端饱和',
};

const lossProperty = {
  convex: '凸',
  smooth: '光滑',
  boundedGradient: '梯度有界',
};

const predictionText = {
  value: '实数预测值',
  probability: '概率',
  logit: 'logit',
  'log-probability': '对数概率',
};

const targetText = {
  real: '实数',
  probability: '[0, 1] 中的概率',
  sign: '−1 或 +1',
  class_index: '类别编号',
  distribution: '概率分布',
};

function paramText(params) {
  return params.map((p) => `${p.id} = ${p.default}`).join('，');
}

export function activationRows(core) {
  return core.activationList().map((a) => ({
    id: a.id,
    name: a.name,
    torch: a.torch,
    formula: renderTex(a.formula),
    derivative: renderTex(a.derivative),
    range: rangeText(a.range),
    params: paramText(a.params ?? []),
    properties: Object.entries(activationProperty)
      .filter(([key]) => a.properties[key])
      .map(([, text]) => text),
    origin: a.origin,
  }));
}

export function lossRows(core) {
  return core.lossList().map((l) => ({
    id: l.id,
    name: l.name,
    torch: l.torch,
    formula: renderTex(l.formula),
    gradient: renderTex(l.gradient),
    prediction: predictionText[l.prediction] ?? l.prediction,
    target: targetText[l.target] ?? l.target,
    params: paramText((l.params ?? []).filter((p) => p.id !== 'k')),
    properties: Object.entries(lossProperty)
      .filter(([key]) => l.properties[key])
      .map(([, text]) => text),
  }));
}

export default {
  watch: ['../../wasm/dist/actlab.wasm'],
  async load() {
    const core = await loadCore();
    return { activations: activationRows(core), losses: lossRows(core) };
  },
};
