// Canvas heatmaps: a grid of values is written into an ImageData at grid
// resolution (one pixel per cell, kept in a small offscreen canvas) and scaled
// onto the plotting area of a uPlot chart, which draws the axes around it.

export type Rgb = [number, number, number];

/** Colour stops from low to high values. */
export type ColourMap = readonly Rgb[];

/** A diverging map (blue → light → orange), for values on both sides of a midpoint. */
export const DIVERGING: ColourMap = [
  [33, 102, 172],
  [103, 169, 207],
  [209, 229, 240],
  [253, 219, 199],
  [239, 138, 98],
  [178, 24, 43],
];

/** A sequential map (dark blue → teal → yellow) for loss surfaces. */
export const SEQUENTIAL: ColourMap = [
  [38, 30, 110],
  [43, 86, 151],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

export function colourAt(map: ColourMap, t: number): Rgb {
  const clamped = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const pos = clamped * (map.length - 1);
  const k = Math.min(map.length - 2, Math.floor(pos));
  const f = pos - k;
  const a = map[k];
  const b = map[k + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

// fillImage looks colours up in a table of LEVELS positions per map instead of
// calling colourAt for every pixel (the trainer widgets repaint their boundary and
// unit heatmaps every frame). The nearest position's colour is within one level
// (of 255) of colourAt's on the maps here, whose steepest channel changes by
// under 0.7 of a level from one position to the next.
const LEVELS = 1024;
const tables = new WeakMap<ColourMap, Uint8ClampedArray>();

function colourTable(map: ColourMap): Uint8ClampedArray {
  let table = tables.get(map);
  if (!table) {
    table = new Uint8ClampedArray(LEVELS * 3);
    for (let k = 0; k < LEVELS; ++k) table.set(colourAt(map, k / (LEVELS - 1)), k * 3);
    tables.set(map, table);
  }
  return table;
}

/**
 * Writes values (row-major, width × height) as opaque RGBA pixels into data, each
 * coloured at normalise(value) on the map as colourAt would colour it (to within
 * one level of 255). Row 0 of values is the bottom row of the image, or with
 * topRowFirst the top row.
 */
export function fillImage(
  data: Uint8ClampedArray,
  values: ArrayLike<number>,
  width: number,
  height: number,
  map: ColourMap,
  normalise: (v: number) => number,
  topRowFirst = false,
): void {
  const lut = colourTable(map);
  const top = LEVELS - 1;
  for (let j = 0; j < height; ++j) {
    const row = topRowFirst ? j : height - 1 - j;
    let p = row * width * 4;
    for (let i = 0; i < width; ++i, p += 4) {
      const t = normalise(values[j * width + i]);
      // as colourAt: positions clamped to [0, 1], non-finite ones (NaN, ±inf) at the low end
      const k = t > 0 && t !== Infinity ? (t < 1 ? Math.round(t * top) * 3 : top * 3) : 0;
      data[p] = lut[k];
      data[p + 1] = lut[k + 1];
      data[p + 2] = lut[k + 2];
      data[p + 3] = 255;
    }
  }
}

export class Heatmap {
  readonly canvas: HTMLCanvasElement;
  private image: ImageData | null = null;

  constructor() {
    this.canvas = document.createElement('canvas');
  }

  /**
   * Paints values (row-major, row 0 = lowest y) with `normalise` mapping a value
   * to [0, 1] on the colour map. Row 0 ends up at the bottom of the image.
   * With `topRowFirst` row 0 is the top row instead (the order of the trainer's
   * predictGrid), so such a grid needs no flipped copy.
   */
  paint(
    values: ArrayLike<number>,
    width: number,
    height: number,
    map: ColourMap,
    normalise: (v: number) => number,
    topRowFirst = false,
  ): void {
    if (this.canvas.width !== width || this.canvas.height !== height || !this.image) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.image = new ImageData(width, height);
    }
    fillImage(this.image.data, values, width, height, map, normalise, topRowFirst);
    this.canvas.getContext('2d')!.putImageData(this.image, 0, 0);
  }

  /** Draws the painted image stretched over a rectangle of a target context (canvas pixels). */
  drawInto(ctx: CanvasRenderingContext2D, left: number, top: number, width: number, height: number): void {
    if (!this.image) return;
    ctx.save();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.canvas, left, top, width, height);
    ctx.restore();
  }

  dispose(): void {
    this.image = null;
    this.canvas.width = 0;
    this.canvas.height = 0;
  }
}

/** Paints a horizontal colour bar for a legend. */
export function paintColourBar(canvas: HTMLCanvasElement, map: ColourMap): void {
  const width = 160;
  canvas.width = width;
  canvas.height = 1;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(width, 1);
  for (let i = 0; i < width; ++i) {
    const [r, g, b] = colourAt(map, i / (width - 1));
    image.data.set([r, g, b, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}
