// The trainer widgets' data: the core's seeded toy sets (2-D classification and
// 1-D regression) and the two real sets the site ships under <site>/data/
// (digits: 8x8 images, ten classes; iris: four measurements, three classes).
// DOM-free: the widgets and the Node tests both use it.
//
// Toy sets come from the wasm module's `generateDataset(specJson)`: the core's
// seeded generator, the same one its tests and the native build use.
//
// Real sets are fetched once per page (cached promise), parsed, and split
// into train and test rows with a seeded shuffle.

import type { ActLabModule } from '../actlab-module';

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
  source: 'wasm' | 'file';
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

// ---- a small seeded generator (mulberry32) for the real sets' shuffle ----

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

/** The part of the full wasm module that generates the core's toy sets. */
export type DatasetModule = Pick<ActLabModule, 'generateDataset'>;

function rowsFrom(x: ArrayLike<number>, y: ArrayLike<number>, nFeatures: number): Rows {
  return {
    x: Float32Array.from(x),
    y: Float32Array.from(y),
    rows: y.length === 0 ? 0 : Math.round(x.length / nFeatures),
  };
}

export function toyDataset(spec: ToySpec, module: DatasetModule): DataSplit {
  const kind = kindOf(spec.id);
  const nFeatures = kind === 'regression' ? 1 : 2;
  const out = module.generateDataset(
    JSON.stringify({
      id: spec.id,
      samples: spec.samples,
      noise: spec.noise,
      testRatio: spec.testRatio,
      seed: spec.seed,
    }),
  );
  const train = rowsFrom(out.trainX, out.trainY, nFeatures);
  const test = rowsFrom(out.testX, out.testY, nFeatures);
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
    source: 'wasm',
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
