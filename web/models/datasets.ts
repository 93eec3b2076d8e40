// The trainer widgets' data: the core's seeded toy sets (2-D classification and
// 1-D regression) and the two real sets the site ships under <site>/data/
// (digits: 8x8 images, ten classes; iris: four measurements, three classes).
// DOM-free: the widgets and the Node tests both use it.
//
// Toy sets come from the wasm module (the same generator the core's tests use),
// through `generateDataset(specJson)` when the binding offers it. Until then a
// JavaScript generator that follows the definitions in core/include/actlab/dataset.hpp
// is used (same shapes and label rules, not the same random stream).
//
// Real sets are fetched once per page (cached promise), parsed, and split
// into train and test rows with a seeded shuffle.

export type TaskKind = 'binary' | 'multiclass' | 'regression';

export const TOY_CLASSIFICATION = ['circle', 'xor', 'gaussians', 'spiral', 'moons'] as const;
export const TOY_REGRESSION = ['sin', 'abs', 'step'] as const;
export const REAL_SETS = ['digits', 'iris'] as const;
export const DATASET_IDS = [...TOY_CLASSIFICATION, ...TOY_REGRESSION, ...REAL_SETS] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

export const DATASET_LABELS: Record<DatasetId, string> = {
  circle: '圆环（circle）',
  xor: '异或（xor）',
  gaussians: '两团高斯（gaussians）',
  spiral: '双螺旋（spiral）',
  moons: '双月牙（moons）',
  sin: '回归：sin(πx)',
  abs: '回归：|x|',
  step: '回归：阶跃',
  digits: '手写数字 8×8（digits，1797 张）',
  iris: '鸢尾花（iris，150 朵）',
};

export interface Rows {
  /** rows × nFeatures values, row-major. */
  x: Float32Array;
  /** binary: 0/1 label; multiclass: class index; regression: target. One value a row. */
  y: Float32Array;
  rows: number;
}

export interface DataSplit {
  id: DatasetId;
  kind: TaskKind;
  nFeatures: number;
  /** 2 for binary, the class count for multiclass, 1 for regression. */
  nClasses: number;
  classNames: string[];
  train: Rows;
  test: Rows;
  /** The plotting window of 2-D and 1-D sets: [xMin, xMax, yMin, yMax]. */
  extent: [number, number, number, number];
  /** Where the numbers came from (for the report line under the chart). */
  source: 'wasm' | 'js' | 'file';
}

export interface ToySpec {
  id: DatasetId;
  samples: number;
  noise: number;
  testRatio: number;
  seed: number;
}

export function kindOf(id: DatasetId): TaskKind {
  if ((TOY_REGRESSION as readonly string[]).includes(id)) return 'regression';
  if ((REAL_SETS as readonly string[]).includes(id)) return 'multiclass';
  return 'binary';
}

export function isReal(id: string): id is (typeof REAL_SETS)[number] {
  return (REAL_SETS as readonly string[]).includes(id);
}

// ---- a small seeded generator (mulberry32) for shuffles and the JS fallback ----

export function seededRandom(seed: number): () => number {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The fallback generator: the same definitions as core/include/actlab/dataset.hpp. */
function generateToyJs(spec: ToySpec): { x: number[][]; y: number[] } {
  const random = seededRandom(spec.seed);
  const x: number[][] = [];
  const y: number[] = [];
  const n = spec.samples;
  for (let i = 0; i < n; ++i) {
    let p: [number, number];
    let label = 0;
    switch (spec.id) {
      case 'circle': {
        label = i % 2;
        const r = label === 1 ? 0.5 * Math.sqrt(random()) : 0.7 + 0.3 * random();
        const a = 2 * Math.PI * random();
        p = [r * Math.cos(a), r * Math.sin(a)];
        break;
      }
      case 'xor': {
        const shift = (v: number) => (v >= 0 ? v + 0.05 : v - 0.05);
        p = [shift(random() * 1.9 - 0.95), shift(random() * 1.9 - 0.95)];
        label = p[0] * p[1] > 0 ? 1 : 0;
        break;
      }
      case 'gaussians': {
        label = i % 2;
        const c = label === 1 ? 0.5 : -0.5;
        p = [c + 0.25 * normal(random), c + 0.25 * normal(random)];
        break;
      }
      case 'spiral': {
        label = i % 2;
        const t = random();
        const angle = 1.75 * 2 * Math.PI * t + label * Math.PI;
        p = [t * Math.cos(angle), t * Math.sin(angle)];
        break;
      }
      case 'moons': {
        label = i % 2;
        const a = Math.PI * random();
        p = label === 0 ? [Math.cos(a) - 0.5, Math.sin(a) - 0.25] : [0.5 - Math.cos(a), 0.25 - Math.sin(a)];
        p = [p[0] * 0.8, p[1] * 0.8];
        break;
      }
      default: {
        const v = random() * 2 - 1;
        const target = spec.id === 'sin' ? Math.sin(Math.PI * v) : spec.id === 'abs' ? Math.abs(v) : v > 0 ? 1 : 0;
        x.push([v]);
        y.push(target + (spec.noise > 0 ? spec.noise * normal(random) : 0));
        continue;
      }
    }
    if (spec.noise > 0) p = [p[0] + spec.noise * normal(random), p[1] + spec.noise * normal(random)];
    x.push(p);
    y.push(label);
  }
  return { x, y };
}

/** A module that can generate the core's toy sets (the binding's optional export). */
export interface DatasetModule {
  generateDataset?: (specJson: string) => {
    trainX: ArrayLike<number>;
    trainY: ArrayLike<number>;
    testX: ArrayLike<number>;
    testY: ArrayLike<number>;
    nFeatures: number;
  };
}

function rowsFrom(x: ArrayLike<number>, y: ArrayLike<number>, nFeatures: number): Rows {
  return {
    x: Float32Array.from(x),
    y: Float32Array.from(y),
    rows: y.length === 0 ? 0 : Math.round(x.length / nFeatures),
  };
}

export function toyDataset(spec: ToySpec, module?: DatasetModule): DataSplit {
  const kind = kindOf(spec.id);
  const nFeatures = kind === 'regression' ? 1 : 2;
  let train: Rows;
  let test: Rows;
  let source: DataSplit['source'] = 'js';
  if (module?.generateDataset) {
    const out = module.generateDataset(
      JSON.stringify({
        id: spec.id,
        samples: spec.samples,
        noise: spec.noise,
        testRatio: spec.testRatio,
        seed: spec.seed,
      }),
    );
    train = rowsFrom(out.trainX, out.trainY, nFeatures);
    test = rowsFrom(out.testX, out.testY, nFeatures);
    source = 'wasm';
  } else {
    const { x, y } = generateToyJs(spec);
    const order = shuffledIndices(y.length, seededRandom(spec.seed * 7919 + 1));
    const nTest = Math.round(y.length * spec.testRatio);
    const pick = (idx: number[]): Rows => ({
      x: Float32Array.from(idx.flatMap((i) => x[i])),
      y: Float32Array.from(idx.map((i) => y[i])),
      rows: idx.length,
    });
    test = pick(order.slice(0, nTest));
    train = pick(order.slice(nTest));
  }
  const extent: DataSplit['extent'] = kind === 'regression' ? regressionExtent(train, test) : [-1.3, 1.3, -1.3, 1.3];
  return {
    id: spec.id,
    kind,
    nFeatures,
    nClasses: kind === 'binary' ? 2 : 1,
    classNames: kind === 'binary' ? ['0', '1'] : [],
    train,
    test,
    extent,
    source,
  };
}

function regressionExtent(train: Rows, test: Rows): DataSplit['extent'] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const rows of [train, test]) {
    for (const v of rows.y) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) [lo, hi] = [-1, 1];
  const pad = Math.max(0.1, (hi - lo) * 0.1);
  return [-1, 1, lo - pad, hi + pad];
}

export function shuffledIndices(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; --i) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

// ---- the real data sets ----------------------------------------------------------

export interface RealTable {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  nFeatures: number;
  classNames: string[];
}

/** digits.csv: 64 pixel values (0..16) then the label 0..9 per line, no header. */
export function parseDigits(text: string): RealTable {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const x = new Float32Array(lines.length * 64);
  const y = new Float32Array(lines.length);
  lines.forEach((line, r) => {
    const cells = line.split(',');
    if (cells.length !== 65) throw new Error(`digits 第 ${r + 1} 行有 ${cells.length} 列，应为 65 列`);
    for (let c = 0; c < 64; ++c) x[r * 64 + c] = Number(cells[c]);
    y[r] = Number(cells[64]);
  });
  return { x, y, rows: lines.length, nFeatures: 64, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] };
}

/** iris.csv: header "150,4,setosa,versicolor,virginica", then 4 features and the label. */
export function parseIris(text: string): RealTable {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',');
  const nFeatures = Number(header[1]);
  const classNames = header.slice(2);
  const body = lines.slice(1);
  const x = new Float32Array(body.length * nFeatures);
  const y = new Float32Array(body.length);
  body.forEach((line, r) => {
    const cells = line.split(',');
    if (cells.length !== nFeatures + 1)
      throw new Error(`iris 第 ${r + 2} 行有 ${cells.length} 列，应为 ${nFeatures + 1} 列`);
    for (let c = 0; c < nFeatures; ++c) x[r * nFeatures + c] = Number(cells[c]);
    y[r] = Number(cells[nFeatures]);
  });
  return { x, y, rows: body.length, nFeatures, classNames };
}

const FILES: Record<(typeof REAL_SETS)[number], string> = { digits: 'data/digits.csv.gz', iris: 'data/iris.csv' };

async function bytesToText(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  // A host may already have undone the gzip (Content-Encoding): look at the magic bytes.
  if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }
  return new TextDecoder().decode(bytes);
}

const cache = new Map<string, Promise<RealTable>>();

/** Fetches and parses a real set from `<siteRoot>data/...` (once per URL). */
export function loadRealTable(
  id: (typeof REAL_SETS)[number],
  siteRoot: string,
  fetcher: typeof fetch = fetch,
): Promise<RealTable> {
  const url = new URL(FILES[id], siteRoot).href;
  let pending = cache.get(url);
  if (!pending) {
    pending = (async () => {
      const response = await fetcher(url);
      if (!response.ok) throw new Error(`无法读取数据文件 ${url}（HTTP ${response.status}）`);
      const text = await bytesToText(new Uint8Array(await response.arrayBuffer()));
      return id === 'digits' ? parseDigits(text) : parseIris(text);
    })();
    pending.catch(() => cache.delete(url));
    cache.set(url, pending);
  }
  return pending;
}

/** Splits a real table into train and test rows with a seeded shuffle. */
export function splitReal(
  id: (typeof REAL_SETS)[number],
  table: RealTable,
  testRatio: number,
  seed: number,
): DataSplit {
  const order = shuffledIndices(table.rows, seededRandom(seed));
  const nTest = Math.round(table.rows * testRatio);
  const pick = (idx: number[]): Rows => {
    const x = new Float32Array(idx.length * table.nFeatures);
    const y = new Float32Array(idx.length);
    idx.forEach((row, k) => {
      x.set(table.x.subarray(row * table.nFeatures, (row + 1) * table.nFeatures), k * table.nFeatures);
      y[k] = table.y[row];
    });
    return { x, y, rows: idx.length };
  };
  return {
    id,
    kind: 'multiclass',
    nFeatures: table.nFeatures,
    nClasses: table.classNames.length,
    classNames: table.classNames,
    test: pick(order.slice(0, nTest)),
    train: pick(order.slice(nTest)),
    extent: [0, 1, 0, 1],
    source: 'file',
  };
}
