// <actlab-activation>: the activation explorer. Curve and derivative of any
// activation, sliders for its parameters, overlays for comparison, a hover (and
// keyboard) readout of x, f(x), f'(x), a zoomable range, and the saturation
// zones where |f'| < 0.01 shaded.
import { roundSampleCount, type ActLab } from '../actlab';
import {
  sampleActivations,
  saturationZones,
  zoomRange,
  SATURATION_THRESHOLD,
  type ActivationSample,
  type ActivationState,
} from '../models/activation';
import { type Plotted, type WidgetField } from './shared/base';
import { themedAxis, type UPlot } from './shared/chart';
import { ChartWidget } from './shared/chart-widget';
import {
  button,
  checkbox,
  el,
  formatShort,
  legendBox,
  nextId,
  numberInput,
  paramSliders,
  selectControl,
  showLineLegend,
  slider,
  type NumberControl,
  type SelectControl,
  type SliderControl,
  type CheckboxControl,
  type Listen,
  setAttributeIfChanged,
} from './shared/controls';
import {
  describeParams,
  enumField,
  numberField,
  paramListField,
  roundLikeUrl,
  toggleField,
  type Field,
} from './shared/state';
import { PALETTE } from './shared/styles';

// about this many sample points; roundSampleCount adjusts it so the spacing is round
const SAMPLES = 401;
const X_LIMIT = 50;
const MAX_COMPARE = 6;

type State = ActivationState & Record<string, unknown>;

function paramsField(): WidgetField {
  return paramListField<ActLab>(
    ['fn'],
    (s, lab) => lab.activation(String(s.fn))?.params ?? [],
    (s, specs) =>
      `params 对 ${String(s.fn)} 应为逗号分隔的 ${specs.length} 个数：${specs.length ? describeParams(specs) : '（无参数）'}`,
  ) as WidgetField;
}

function compareField(): WidgetField {
  const field: Field<string[], ActLab> = {
    key: 'compare',
    defaultValue: () => [],
    parse(raw, _s, lab) {
      const ids = raw
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');
      const known = lab.activations.map((a) => a.id);
      const bad = ids.filter((id) => !known.includes(id));
      if (bad.length || ids.length > MAX_COMPARE)
        return {
          ok: false,
          message: `compare 必须是最多 ${MAX_COMPARE} 个用逗号分隔的激活函数 id（${known.join('、')}）`,
        };
      return { ok: true, value: [...new Set(ids)] };
    },
    format: (v) => v.join(','),
  };
  return field as WidgetField;
}

export class ActivationWidget extends ChartWidget<State> {
  static widget = 'activation' as const;
  static heading = '激活函数探索器';
  static observedAttributes = ['fn', 'params', 'compare', 'xmin', 'xmax', 'derivative', 'saturation'];

  private sample: ActivationSample | null = null;
  private fnSelect!: SelectControl;
  private paramBox!: HTMLElement;
  private paramSliders: SliderControl[] = [];
  private paramsFor = '';
  /** listen for the parameter sliders, which are built again for each function */
  private paramListen: () => Listen = () => this.listen;
  private compareBoxes = new Map<string, HTMLInputElement>();
  private compareSummary!: HTMLElement;
  private derivativeBox!: CheckboxControl;
  private saturationBox!: CheckboxControl;
  private xminInput!: NumberControl;
  private xmaxInput!: NumberControl;
  private probe!: SliderControl;
  private readout!: HTMLElement;
  private legend!: HTMLElement;
  private cursorIndex: number | null = null;

  protected fields(): WidgetField[] {
    return [
      enumField<ActLab>('fn', (_s, lab) => lab.activations.map((a) => a.id), 'relu') as WidgetField,
      paramsField(),
      compareField(),
      numberField<ActLab>('xmin', { min: -X_LIMIT, max: X_LIMIT - 0.1, default: -6 }) as WidgetField,
      // re-read when xmin alone changes (a page's setAttribute): the attribute is checked
      // against the new xmin, and a range that would be empty or inverted falls back
      Object.assign(
        numberField<ActLab>('xmax', {
          min: (s) => Number(s.xmin) + 0.1,
          max: X_LIMIT,
          default: (s) => Math.min(X_LIMIT, Math.max(6, Number(s.xmin) + 1)),
        }),
        { dependsOn: ['xmin'] },
      ) as WidgetField,
      toggleField('derivative', true) as WidgetField,
      toggleField('saturation', true) as WidgetField,
    ];
  }

  protected build(): void {
    const lab = this.lab;
    this.paramListen = this.rebuiltListeners();
    const controls = el('div', 'controls');
    this.fnSelect = selectControl(this.listen, {
      label: '激活函数',
      options: lab.activations.map((a) => ({ value: a.id, label: `${a.name}（${a.id}）` })),
      value: this.state.fn,
      onChange: (fn) => this.setState({ fn }),
    });
    this.paramBox = el('div', 'controls');
    this.paramBox.style.margin = '0';
    this.paramBox.style.flex = '1 1 200px';

    const details = el('details', 'control');
    const summary = el('summary');
    this.compareSummary = el('span');
    summary.append(this.compareSummary);
    const fieldset = el('fieldset');
    const legend = el('legend', undefined, `与其他函数对比（最多 ${MAX_COMPARE} 个）`);
    const checks = el('div', 'checks');
    for (const a of lab.activations) {
      const id = nextId('cmp');
      const label = el('label');
      const box = el('input');
      box.type = 'checkbox';
      box.id = id;
      box.value = a.id;
      label.htmlFor = id;
      label.append(box, document.createTextNode(a.id));
      this.compareBoxes.set(a.id, box);
      this.listen(box, 'change', () => {
        // the functions already compared keep their order (and so their colours); a newly
        // ticked one goes last
        const ticked = [...this.compareBoxes.entries()].filter(([, b]) => b.checked).map(([k]) => k);
        const chosen = [
          ...this.state.compare.filter((id) => ticked.includes(id)),
          ...ticked.filter((id) => !this.state.compare.includes(id)),
        ];
        if (chosen.length > MAX_COMPARE) {
          box.checked = false;
          this.showAlert(`最多同时对比 ${MAX_COMPARE} 个函数。`);
          return;
        }
        this.showAlert('');
        this.setState({ compare: chosen });
      });
      checks.append(label);
    }
    fieldset.append(legend, checks);
    details.append(summary, fieldset);

    this.derivativeBox = checkbox(this.listen, {
      label: '显示导数 f′(x)',
      value: this.state.derivative,
      onChange: (derivative) => this.setState({ derivative }),
    });
    this.saturationBox = checkbox(this.listen, {
      label: `标出饱和区（|f′| < ${SATURATION_THRESHOLD}）`,
      value: this.state.saturation,
      onChange: (saturation) => this.setState({ saturation }),
    });
    controls.append(this.fnSelect.root, this.paramBox, details, this.derivativeBox.root, this.saturationBox.root);

    const zoom = el('div', 'controls');
    this.xminInput = numberInput(this.listen, {
      label: 'x 最小值',
      min: -X_LIMIT,
      max: X_LIMIT,
      step: 0.5,
      value: this.state.xmin,
      onChange: (xmin) => this.setRange(xmin, Math.max(this.state.xmax, xmin + 0.1)),
    });
    this.xmaxInput = numberInput(this.listen, {
      label: 'x 最大值',
      min: -X_LIMIT,
      max: X_LIMIT,
      step: 0.5,
      value: this.state.xmax,
      onChange: (xmax) => this.setRange(Math.min(this.state.xmin, xmax - 0.1), xmax),
    });
    const zoomIn = button(this.listen, '放大', () => this.zoom(0.5), '放大：缩小 x 范围为一半');
    const zoomOut = button(this.listen, '缩小', () => this.zoom(2), '缩小：扩大 x 范围为两倍');
    const zoomReset = button(this.listen, '重置范围', () => this.setRange(-6, 6));
    const zoomButtons = el('div', 'control inline');
    zoomButtons.append(zoomIn, zoomOut, zoomReset);
    zoom.append(this.xminInput.root, this.xmaxInput.root, zoomButtons);

    this.createChart();
    this.legend = legendBox();

    this.probe = slider(this.listen, {
      label: '读数位置 x',
      min: this.state.xmin,
      max: this.state.xmax,
      step: (this.state.xmax - this.state.xmin) / (this.samples() - 1),
      value: 0,
      onInput: (x) => this.moveProbe(x),
    });
    // Not a live region (hovering would flood a screen reader); keyboard users hear the
    // values through the probe slider's aria-valuetext instead.
    this.readout = el('p', 'readout');
    const hint = el('p', 'hint', '悬停在图上或拖动“读数位置”滑块查看数值；在图上横向拖动可放大所选区间。');

    this.body.append(controls, zoom, this.chartBox, this.legend, this.probe.root, this.readout, hint);
    this.syncControls();
  }

  private setRange(xmin: number, xmax: number): void {
    // rounded as the URL and attributes write them, so a link gives back the same range
    const a = roundLikeUrl(Math.max(-X_LIMIT, Math.min(X_LIMIT - 0.1, xmin)));
    const b = roundLikeUrl(Math.max(a + 0.1, Math.min(X_LIMIT, xmax)));
    this.setState({ xmin: a, xmax: b });
  }

  private zoom(factor: number): void {
    const [a, b] = zoomRange(this.state.xmin, this.state.xmax, factor, -X_LIMIT, X_LIMIT);
    this.setRange(a, b);
  }

  protected syncControls(): void {
    const lab = this.lab;
    const s = this.state;
    this.fnSelect.set(s.fn);
    if (this.paramsFor !== s.fn) {
      this.paramsFor = s.fn;
      const info = lab.activation(s.fn);
      this.paramSliders = paramSliders(
        this.paramListen(),
        info?.params ?? [],
        s.params,
        200,
        () => this.state.params,
        (params) => this.setState({ params }),
      );
      this.paramBox.replaceChildren(...this.paramSliders.map((c) => c.root));
      if (!this.paramSliders.length) this.paramBox.append(el('p', 'hint', `${info?.name ?? s.fn} 没有可调参数。`));
    } else {
      this.paramSliders.forEach((c, i) => c.set(s.params[i]));
    }
    for (const [id, box] of this.compareBoxes) box.checked = s.compare.includes(id);
    this.compareSummary.textContent = s.compare.length ? `对比：${s.compare.join('、')}` : '对比：无（点此选择）';
    this.derivativeBox.set(s.derivative);
    this.saturationBox.set(s.saturation);
    this.xminInput.set(s.xmin);
    this.xmaxInput.set(s.xmax);
    this.probe.setRange(s.xmin, s.xmax, (s.xmax - s.xmin) / (this.samples() - 1));
  }

  /** The sample count for the current range: about SAMPLES, at a round spacing when one fits. */
  private samples(): number {
    return roundSampleCount(this.state.xmin, this.state.xmax, SAMPLES);
  }

  protected draw(): void {
    const s = this.state;
    const lab = this.lab;
    this.sample = sampleActivations(lab, s, this.samples(), this.sample ?? undefined);
    const sample = this.sample;
    const info = lab.activation(s.fn);
    const name = info?.name ?? s.fn;
    type Line = { id: string; label: string; colour: string; dash?: number[]; width: number; y: Float64Array };
    const lines: Line[] = [
      { id: `f:${s.fn}`, label: `${name} f(x)`, colour: PALETTE[0], width: 2.5, y: sample.main.f },
    ];
    if (s.derivative)
      lines.push({
        id: `df:${s.fn}`,
        label: `${name} f′(x)`,
        colour: PALETTE[1],
        dash: [6, 4],
        width: 2,
        y: sample.main.df,
      });
    sample.compares.forEach((c, k) => {
      const colour = PALETTE[(k + 2) % PALETTE.length];
      const cname = lab.activation(c.id)?.name ?? c.id;
      lines.push({ id: `f:${c.id}`, label: `${cname} f(x)`, colour, width: 1.5, y: c.f });
      if (s.derivative)
        lines.push({ id: `df:${c.id}`, label: `${cname} f′(x)`, colour, dash: [3, 3], width: 1.2, y: c.df });
    });
    this.lines = lines;
    const key = lines.map((l) => l.id).join('|');
    const colours = () => this.colours;
    this.chart!.show(
      key,
      (size) => ({
        ...size,
        legend: { show: false },
        scales: { x: { time: false }, y: { auto: true } },
        axes: [themedAxis(colours, { label: 'x', labelSize: 18 }), themedAxis(colours, { size: 48 })],
        series: [
          { label: 'x' },
          ...lines.map((l) => ({
            label: l.label,
            stroke: l.colour,
            width: l.width,
            dash: l.dash,
            points: { show: false },
          })),
        ],
        cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 7 } },
        hooks: {
          drawClear: [(u: UPlot) => this.shadeZones(u)],
          setCursor: [(u: UPlot) => this.onCursor(u.cursor.idx ?? null)],
          setSelect: [(u: UPlot) => this.onSelect(u)],
        },
      }),
      [sample.x, ...lines.map((l) => l.y)],
    );
    setAttributeIfChanged(
      this.chartBox,
      'aria-label',
      `${name} 在 x ∈ [${formatShort(s.xmin)}, ${formatShort(s.xmax)}] 上的曲线${s.derivative ? '及其导数' : ''}`,
    );
    showLineLegend(this.legend, lines, String(s.saturation && sample.zones.length > 0), () =>
      s.saturation && sample.zones.length
        ? [
            (() => {
              const item = el('li');
              const swatch = el('span', 'swatch box');
              swatch.style.background = 'rgba(148, 163, 184, 0.35)';
              item.append(swatch, document.createTextNode(`饱和区 |f′| < ${SATURATION_THRESHOLD}`));
              return item;
            })(),
          ]
        : [],
    );
    this.onCursor(this.cursorIndex);
  }

  private lines: { id: string; label: string; y: Float64Array }[] = [];

  private shadeZones(u: UPlot): void {
    if (!this.state.saturation || !this.sample) return;
    const { ctx, bbox } = u;
    ctx.save();
    ctx.fillStyle = this.colours.dark ? 'rgba(148, 163, 184, 0.22)' : 'rgba(100, 116, 139, 0.16)';
    for (const [a, b] of this.sample.zones) {
      const left = Math.max(bbox.left, u.valToPos(a, 'x', true));
      const right = Math.min(bbox.left + bbox.width, u.valToPos(b, 'x', true));
      if (right > left) ctx.fillRect(left, bbox.top, right - left, bbox.height);
    }
    ctx.restore();
  }

  private onSelect(u: UPlot): void {
    const { left, width } = u.select;
    if (width < 4) return;
    const a = u.posToVal(left, 'x');
    const b = u.posToVal(left + width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    if (b - a >= 0.1) this.setRange(Number(a.toFixed(3)), Number(b.toFixed(3)));
  }

  private moveProbe(x: number): void {
    const sample = this.sample;
    const plot = this.chart?.plot;
    if (!sample || !plot) return;
    const n = sample.x.length;
    const idx = Math.round(((x - this.state.xmin) / (this.state.xmax - this.state.xmin)) * (n - 1));
    const i = Math.max(0, Math.min(n - 1, idx));
    plot.setCursor({ left: plot.valToPos(sample.x[i], 'x'), top: plot.valToPos(sample.main.f[i], 'y') });
    this.onCursor(i);
  }

  private onCursor(idx: number | null): void {
    const sample = this.sample;
    if (!sample) return;
    if (idx === null || idx < 0 || idx >= sample.x.length) {
      // no point under the pointer: read out at the probe slider's position
      this.cursorIndex = null;
      const probeX = Number(this.probe.input.value);
      const n = sample.x.length;
      const nearest = Math.round(((probeX - this.state.xmin) / (this.state.xmax - this.state.xmin)) * (n - 1));
      idx = Math.max(0, Math.min(n - 1, nearest));
    } else {
      this.cursorIndex = idx;
    }
    const x = sample.x[idx];
    const parts = [
      `x = ${formatShort(x)}`,
      `f(x) = ${formatShort(sample.main.f[idx], 4)}`,
      `f′(x) = ${formatShort(sample.main.df[idx], 4)}`,
    ];
    const inZone = this.state.saturation && sample.zones.some(([a, b]) => x >= a && x <= b);
    if (inZone && Math.abs(sample.main.df[idx]) < SATURATION_THRESHOLD) parts.push('（饱和区）');
    for (const c of sample.compares) parts.push(`${c.id}: ${formatShort(c.f[idx], 4)}`);
    this.readout.textContent = parts.join('，');
    this.probe.set(x);
    this.probe.input.setAttribute('aria-valuetext', parts.slice(0, 3).join('，'));
  }

  protected snapshot(): Plotted {
    const sample = this.sample!;
    return {
      x: Array.from(sample.x),
      series: this.lines.map((l) => ({ id: l.id, label: l.label, y: Array.from(l.y) })),
      zones: this.state.saturation ? sample.zones.map((z) => [...z]) : [],
      fn: this.state.fn,
      params: [...this.state.params],
    };
  }

  protected freeView(): void {
    this.sample = null;
    this.compareBoxes.clear();
    this.paramSliders = [];
    this.paramsFor = '';
    this.lines = [];
  }
}

export { saturationZones };
