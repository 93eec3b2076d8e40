// Per-layer gradient L2 norm over training steps, on a log scale (uPlot through
// the shared Chart wrapper). A vanishing gradient shows as the first layers'
// lines sitting decades below the last ones.
import { Chart } from '../shared/chart';
import { el } from '../shared/controls';
import { PALETTE, type ThemeColours } from '../shared/styles';
import type { Curve } from '../../trainer-runner';
import { legendList, logStepChart } from './legend';

/** Smallest value drawn on the log axis (a gradient of exactly 0 is drawn there). */
export const LOG_FLOOR = 1e-12;

const NO_NORMS_YET = '还没有梯度范数可画：训练开始后每帧记录一次。';

export class GradNormChart {
  readonly root: HTMLElement;
  private readonly chart: Chart;
  private readonly box: HTMLElement;
  private readonly legend: HTMLElement;

  constructor(
    private readonly colours: () => ThemeColours,
    heading = '各层梯度范数 ‖∂L/∂W‖（对数坐标）',
  ) {
    this.root = el('div', 'diag-block');
    const title = el('p', 'diag-title', heading);
    this.box = el('div', 'chart');
    this.box.setAttribute('role', 'img');
    this.box.setAttribute('aria-label', '各层梯度范数随训练步数变化的曲线，纵轴为对数坐标');
    this.chart = new Chart(this.box, () => 170, true);
    this.legend = legendList([]);
    this.note = el('p', 'hint');
    this.note.hidden = true;
    this.root.append(title, this.note, this.box, this.legend);
  }

  private readonly note: HTMLElement;

  /**
   * curve.ys[k] is layer k's gradient norm; labels name the layers. When no value can
   * be drawn (before the first step, or a run that diverged before its first sample),
   * `emptyNote` is shown above the chart so an empty plot is not left unexplained.
   */
  update(curve: Curve, labels: readonly string[], emptyNote = NO_NORMS_YET): void {
    const key = `grad:${labels.join('|')}`;
    // a norm of exactly 0 (before the first step) has no place on a log axis: left out
    const ys = curve.ys
      .slice(0, labels.length)
      .map((y) => y.map((v) => (Number.isFinite(v) && v > 0 ? Math.max(v, LOG_FLOOR) : null)));
    this.frame(
      labels,
      ys.every((y) => y.every((v) => v === null)),
      emptyNote,
    );
    this.chart.show(
      key,
      logStepChart(this.colours, () =>
        labels.map((label, k) => ({
          label,
          stroke: PALETTE[k % PALETTE.length],
          width: 1.5,
          points: { show: false },
        })),
      ),
      [curve.x, ...ys] as never,
    );
  }

  /**
   * The note and the legend as update() sets them, without the chart: while the block
   * is not drawn (far from the viewport) it keeps the height it will have.
   */
  reserve(curve: Curve, labels: readonly string[], emptyNote = NO_NORMS_YET): void {
    const drawable = curve.ys.slice(0, labels.length).some((y) => y.some((v) => Number.isFinite(v) && v > 0));
    this.frame(labels, !drawable, emptyNote);
  }

  private frame(labels: readonly string[], empty: boolean, emptyNote: string): void {
    this.note.hidden = !empty;
    if (empty && this.note.textContent !== emptyNote) this.note.textContent = emptyNote;
    legendList(
      labels.map((label, k) => ({ label, colour: PALETTE[k % PALETTE.length] })),
      this.legend,
    );
  }

  canvas(): HTMLCanvasElement | null {
    return this.box.querySelector('canvas');
  }

  /** Builds the chart now if it is still waiting to come near the viewport (Chart.buildNow). */
  buildNow(): Promise<void> {
    return this.chart.buildNow();
  }

  destroy(): void {
    this.chart.destroy();
  }
}
