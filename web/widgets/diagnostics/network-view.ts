// The network view: one column per layer, up to MAX_DRAWN_UNITS units drawn
// per layer (the rest summarised as "+N"), edges coloured by the sign of the
// weight and as thick as its size, a small heatmap of every drawn unit's output
// over the input plane (2-feature data), and dead units marked with a red cross.
//
// The unit heatmaps are a forward pass over a coarse grid: the matrix products
// run here over the exported weights, every activation value comes from the
// wasm module (lab.activationValue).
import type { ActLab } from '../../actlab';
import { DIVERGING, Heatmap } from '../shared/heatmap';
import { el } from '../shared/controls';
import type { ThemeColours } from '../shared/styles';
import type { WeightsJson } from '../../models/export';
import { MAX_DRAWN_UNITS } from '../../models/playground';

export const UNIT_GRID = 16;
/** Unit heatmaps are skipped when a hidden layer is wider than this (the grid pass would cost too much). */
const MAX_WIDTH_FOR_HEATMAPS = 64;

export interface NetworkPicture {
  inputs: number;
  inputLabels: string[];
  hidden: { units: number; activation: string; params: number[] }[];
  outputs: number;
  outputActivation: string;
  /** Dead unit indices per hidden layer. */
  dead: number[][];
  weights: WeightsJson | null;
  /** The input window for unit heatmaps (2-feature data only). */
  extent: [number, number, number, number] | null;
}

/** What reserve() needs of a network: its shape. */
export type NetworkShape = Pick<NetworkPicture, 'inputs' | 'outputs'> & {
  hidden: readonly { units: number; activation: string }[];
};

/** The caption under the picture; dead is null before the dead units are counted. */
function captionOf(network: NetworkShape, withEdges: boolean, dead: readonly number[][] | null): string {
  const columns = [network.inputs, ...network.hidden.map((h) => h.units), network.outputs];
  const deadTotal = dead ? dead.reduce((s, d) => s + d.length, 0) : 0;
  return (
    `结构：${columns.join(' → ')}；` +
    (withEdges ? '' : '参数太多，图中不画连线；') +
    network.hidden
      .map((h, i) => `第 ${i + 1} 层 ${h.activation} 死亡 ${dead ? (dead[i]?.length ?? 0) : '—'}/${h.units}`)
      .join('，') +
    (!dead ? '（滚动到这里时统计）' : deadTotal ? '' : '（没有死亡单元）')
  );
}

/**
 * Each drawn unit's output over a UNIT_GRID × UNIT_GRID grid of the input plane,
 * row 0 at the lowest y. unitGrids[l][j] for hidden layer l (and the output layer last).
 */
export function unitGrids(lab: ActLab, picture: NetworkPicture): Float64Array[][] | null {
  const w = picture.weights;
  if (!w || !picture.extent || picture.inputs !== 2) return null;
  if (picture.hidden.some((h) => h.units > MAX_WIDTH_FOR_HEATMAPS)) return null;
  const [x0, x1, y0, y1] = picture.extent;
  const n = UNIT_GRID * UNIT_GRID;
  let a: Float64Array = new Float64Array(n * 2);
  for (let j = 0; j < UNIT_GRID; ++j) {
    for (let i = 0; i < UNIT_GRID; ++i) {
      const r = j * UNIT_GRID + i;
      a[r * 2] = x0 + ((i + 0.5) / UNIT_GRID) * (x1 - x0);
      a[r * 2 + 1] = y0 + ((j + 0.5) / UNIT_GRID) * (y1 - y0);
    }
  }
  if (w.standardize) {
    for (let r = 0; r < n; ++r) {
      for (let k = 0; k < 2; ++k) a[r * 2 + k] = (a[r * 2 + k] - w.standardize.mean[k]) * w.standardize.invStd[k];
    }
  }
  const out: Float64Array[][] = [];
  w.layers.forEach((layer, l) => {
    const z = new Float64Array(n * layer.out);
    const { in: width, out: cols, weights, biases } = layer;
    for (let r = 0; r < n; ++r) {
      // row r of z = biases + a[r] · W (summed over i in order, as before); W is row-major by
      // input, so the inner loop reads one weight row in order
      const base = r * cols;
      for (let j = 0; j < cols; ++j) z[base + j] = biases[j];
      for (let i = 0; i < width; ++i) {
        const ai = a[r * width + i];
        const row = i * cols;
        for (let j = 0; j < cols; ++j) z[base + j] += ai * weights[row + j];
      }
    }
    const hidden = l < picture.hidden.length;
    const id = hidden ? picture.hidden[l].activation : layer.activation === 'softmax' ? 'linear' : layer.activation;
    const params = hidden ? (layer.prelu !== null ? [layer.prelu] : picture.hidden[l].params) : [];
    const act = lab.activationValue(id, z, params);
    const units: Float64Array[] = [];
    for (let j = 0; j < Math.min(layer.out, MAX_DRAWN_UNITS); ++j) {
      const g = new Float64Array(n);
      for (let r = 0; r < n; ++r) g[r] = act[r * layer.out + j];
      units.push(g);
    }
    out.push(units);
    a = act;
  });
  return out;
}

export class NetworkView {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private heatmaps: Heatmap[] = [];
  private picture: NetworkPicture | null = null;
  private grids: Float64Array[][] | null = null;
  private width = 0;
  // the column sizes of a network whose place is kept but which is not drawn yet (reserve)
  private reserved: number[] | null = null;
  private readonly resize: ResizeObserver;

  constructor(private readonly colours: () => ThemeColours) {
    this.root = el('div', 'diag-block');
    const title = el(
      'p',
      'diag-title',
      '网络结构（每层最多画 8 个单元；小图是单元输出在输入平面上的取值，红叉是死亡单元）',
    );
    this.canvas = el('canvas', 'network');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', '网络结构图');
    this.caption = el('p', 'hint');
    this.caption.setAttribute('aria-live', 'off');
    this.root.append(title, this.canvas, this.caption);
    // the width is read from a ResizeObserver, not clientWidth, so drawing never forces a layout
    this.resize = new ResizeObserver((entries) => {
      const width = Math.floor(entries[entries.length - 1].contentRect.width);
      if (width > 0 && width !== this.width) {
        this.width = width;
        this.draw();
      }
    });
    this.resize.observe(this.root);
  }

  update(lab: ActLab, picture: NetworkPicture): void {
    this.reserved = null;
    this.picture = picture;
    try {
      this.grids = unitGrids(lab, picture);
    } catch {
      this.grids = null;
    }
    this.draw();
  }

  /** For tests: dead units as drawn, per hidden layer, and how many unit heatmaps were drawn. */
  snapshot(): { dead: number[][]; layers: number[]; heatmaps: number } {
    const p = this.picture;
    return {
      dead: p ? p.dead.map((d) => [...d]) : [],
      layers: p ? [p.inputs, ...p.hidden.map((h) => h.units), p.outputs] : [],
      heatmaps: this.grids ? this.grids.reduce((s, l) => s + l.length, 0) : 0,
    };
  }

  /**
   * Sizes the canvas for a network of these column sizes (inputs, hidden layers,
   * outputs) without drawing it: while the picture is far from the viewport and not
   * drawn, it keeps the height it will have, so drawing it later moves nothing below.
   * The caption says the structure until the picture is drawn.
   */
  reserve(network: NetworkShape, withEdges: boolean): void {
    this.reserved = [network.inputs, ...network.hidden.map((h) => h.units), network.outputs];
    this.layout(this.reserved);
    // the caption draw() writes, dead units not counted yet (about the same length, so the same lines)
    const caption = captionOf(network, withEdges, null);
    if (this.caption.textContent !== caption) this.caption.textContent = caption;
  }

  /** The layout of the picture at the current width, with the canvas sized for it. */
  private layout(columns: readonly number[]) {
    const cssWidth = Math.max(280, this.width || 600);
    const drawn = columns.map((c) => Math.min(c, MAX_DRAWN_UNITS));
    const node = cssWidth < 480 ? 22 : 32;
    const rowGap = node + 12;
    const cssHeight = Math.max(...drawn) * rowGap + 40;
    const ratio = window.devicePixelRatio || 1;
    const pixelWidth = Math.round(cssWidth * ratio);
    const pixelHeight = Math.round(cssHeight * ratio);
    if (this.canvas.width !== pixelWidth || this.canvas.height !== pixelHeight) {
      this.canvas.width = pixelWidth;
      this.canvas.height = pixelHeight;
      this.canvas.style.width = `${cssWidth}px`;
      this.canvas.style.height = `${cssHeight}px`;
    }
    return { cssWidth, cssHeight, drawn, node, rowGap, ratio };
  }

  draw(): void {
    // a reserved network not drawn yet: a new width only resizes its place
    if (this.reserved) {
      this.layout(this.reserved);
      return;
    }
    const p = this.picture;
    if (!p) return;
    const colours = this.colours();
    const columns = [p.inputs, ...p.hidden.map((h) => h.units), p.outputs];
    const { cssWidth, cssHeight, drawn, node, rowGap, ratio } = this.layout(columns);
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, cssWidth, cssHeight);
    const colX = (c: number) => 24 + node / 2 + (c * (cssWidth - 48 - node)) / Math.max(1, columns.length - 1);
    const rowY = (c: number, j: number) => 20 + node / 2 + j * rowGap + ((Math.max(...drawn) - drawn[c]) * rowGap) / 2;

    // edges, batched into a few paths by sign and strength (one stroke per bucket)
    const w = p.weights;
    if (w) {
      let peak = 1e-9;
      for (const layer of w.layers) for (const v of layer.weights) peak = Math.max(peak, Math.abs(v));
      const LEVELS = 6;
      const buckets: [number, number, number, number][][] = Array.from({ length: 2 * LEVELS }, () => []);
      w.layers.forEach((layer, l) => {
        for (let i = 0; i < Math.min(layer.in, drawn[l]); ++i) {
          for (let j = 0; j < Math.min(layer.out, drawn[l + 1]); ++j) {
            const v = layer.weights[i * layer.out + j];
            const level = Math.min(LEVELS - 1, Math.floor((Math.abs(v) / peak) * LEVELS));
            buckets[(v >= 0 ? 0 : LEVELS) + level].push([colX(l), rowY(l, i), colX(l + 1), rowY(l + 1, j)]);
          }
        }
      });
      buckets.forEach((lines, b) => {
        if (!lines.length) return;
        const t = ((b % LEVELS) + 0.5) / LEVELS;
        ctx.strokeStyle =
          b < LEVELS ? `rgba(239, 138, 98, ${0.15 + 0.75 * t})` : `rgba(33, 102, 172, ${0.15 + 0.75 * t})`;
        ctx.lineWidth = 0.5 + 3 * t;
        ctx.beginPath();
        for (const [x0, y0, x1, y1] of lines) {
          ctx.moveTo(x0, y0);
          ctx.lineTo(x1, y1);
        }
        ctx.stroke();
      });
    }

    // nodes
    while (this.heatmaps.length < 9 * MAX_DRAWN_UNITS) this.heatmaps.push(new Heatmap());
    let heat = 0;
    ctx.font = `${node < 30 ? 10 : 12}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    columns.forEach((count, c) => {
      for (let j = 0; j < drawn[c]; ++j) {
        const x = colX(c) - node / 2;
        const y = rowY(c, j) - node / 2;
        const grid = c > 0 ? this.grids?.[c - 1]?.[j] : null;
        if (grid) {
          let lo = Infinity;
          let hi = -Infinity;
          for (const v of grid) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
          const span = hi - lo > 1e-9 ? hi - lo : 1;
          const map = this.heatmaps[heat++];
          map.paint(grid, UNIT_GRID, UNIT_GRID, DIVERGING, (v) => (v - lo) / span);
          map.drawInto(ctx, x, y, node, node);
        } else if (c === 0 && p.inputs === 2 && p.extent) {
          // the inputs themselves: x1 grows to the right, x2 upwards
          const map = this.heatmaps[heat++];
          const g = new Float64Array(UNIT_GRID * UNIT_GRID);
          for (let r = 0; r < UNIT_GRID; ++r)
            for (let i = 0; i < UNIT_GRID; ++i) g[r * UNIT_GRID + i] = j === 0 ? i : r;
          map.paint(g, UNIT_GRID, UNIT_GRID, DIVERGING, (v) => v / (UNIT_GRID - 1));
          map.drawInto(ctx, x, y, node, node);
        } else {
          ctx.fillStyle = colours.bg;
          ctx.fillRect(x, y, node, node);
        }
        const dead = c > 0 && c <= p.hidden.length && p.dead[c - 1]?.includes(j);
        ctx.lineWidth = dead ? 2 : 1;
        ctx.strokeStyle = dead ? '#dc2626' : colours.muted;
        ctx.strokeRect(x, y, node, node);
        if (dead) {
          ctx.beginPath();
          ctx.moveTo(x + 3, y + 3);
          ctx.lineTo(x + node - 3, y + node - 3);
          ctx.moveTo(x + node - 3, y + 3);
          ctx.lineTo(x + 3, y + node - 3);
          ctx.stroke();
        }
        if (!grid && !(c === 0 && p.inputs === 2 && p.extent)) {
          ctx.fillStyle = colours.text;
          ctx.fillText(c === 0 ? (p.inputLabels[j] ?? '') : '', x + node / 2, y + node / 2);
        }
      }
      ctx.fillStyle = colours.text;
      const label = c === 0 ? `输入 ${count}` : c === columns.length - 1 ? `输出 ${count}` : `${count} 个`;
      ctx.fillText(label, colX(c), 10);
      if (count > drawn[c]) ctx.fillText(`+${count - drawn[c]}`, colX(c), rowY(c, drawn[c] - 1) + node / 2 + 8);
    });
    const text = captionOf(p, p.weights !== null, p.dead);
    this.caption.textContent = text;
    this.canvas.setAttribute('aria-label', `网络结构图：${text}`);
  }

  destroy(): void {
    this.resize.disconnect();
    for (const h of this.heatmaps) h.dispose();
    this.heatmaps = [];
    this.picture = null;
    this.grids = null;
  }
}
