// <actlab-loss>: the loss explorer. Loss and gradient as functions of the
// prediction for a chosen target and any loss; and the mode "logit-grad", the
// gradient reaching the logit through a sigmoid for MSE vs BCE, which shows why
// BCE avoids the vanishing gradient.
import { roundSampleCount, type ActLab, type LossInfo } from '../actlab';
import {
  LOGIT_DEFAULT,
  LOGIT_LIMIT,
  logitGradCurve,
  lossCurve,
  predictionDomain,
  gradientRemark,
  targetDomain,
  tunableParams,
  type LossState,
} from '../models/loss';
import { type Plotted, type WidgetField } from './shared/base';
import { compactTickValues, sizeToLabels, themedAxis, type UPlot } from './shared/chart';
import { ChartWidget } from './shared/chart-widget';
import {
  el,
  formatShort,
  legendBox,
  numberInput,
  paramSliders,
  selectControl,
  showLineLegend,
  slider,
  type NumberControl,
  type SelectControl,
  type SliderControl,
  type Listen,
  setAttributeIfChanged,
} from './shared/controls';
import {
  describeParams,
  enumField,
  formatNumber,
  numberField,
  paramListField,
  roundLikeUrl,
  type Field,
  type Values,
} from './shared/state';
import { PALETTE } from './shared/styles';

// about this many sample points; roundSampleCount adjusts it so the spacing is round
const SAMPLES = 201;
type State = LossState & Record<string, unknown>;

const PREDICTION_NAMES: Record<string, string> = {
  value: '预测值 ŷ',
  probability: '预测概率 p',
  logit: 'logit z',
  'log-probability': '对数概率 log p',
};

const PREDICTION_SYMBOLS: Record<string, string> = {
  value: 'ŷ',
  probability: 'p',
  logit: 'z',
  'log-probability': 'log p',
};

function lossInfo(s: Values, lab: ActLab): LossInfo {
  return lab.loss(String(s.loss)) ?? lab.losses[0];
}

function targetRange(s: Values, lab: ActLab) {
  if (s.mode === 'logit-grad') return { min: 0, max: 1, step: 0.01, integer: false, default: 1, choices: undefined };
  return targetDomain(lossInfo(s, lab));
}

function predictionRange(s: Values, lab: ActLab) {
  if (s.mode === 'logit-grad')
    return { min: -LOGIT_LIMIT, max: LOGIT_LIMIT, defaultMin: LOGIT_DEFAULT[0], defaultMax: LOGIT_DEFAULT[1] };
  return predictionDomain(lossInfo(s, lab));
}

function targetField(): WidgetField {
  const field: Field<number, ActLab> & { dependsOn: string[] } = {
    key: 'target',
    dependsOn: ['loss', 'mode'],
    defaultValue: (s, lab) => targetRange(s, lab).default,
    parse(raw, s, lab) {
      const d = targetRange(s, lab);
      const value = Number(raw.trim());
      const message = d.choices
        ? `target 对 ${String(s.loss)} 必须是 ${d.choices.join(' 或 ')}`
        : `target 必须是 ${formatNumber(d.min)} 到 ${formatNumber(d.max)} 之间的数`;
      if (raw.trim() === '' || !Number.isFinite(value) || value < d.min || value > d.max) return { ok: false, message };
      if (d.choices && !d.choices.includes(value)) return { ok: false, message };
      return { ok: true, value };
    },
    format: formatNumber,
  };
  return field as WidgetField;
}

function paramsField(): WidgetField {
  return paramListField<ActLab>(
    ['loss'],
    (s, lab) => tunableParams(lossInfo(s, lab)),
    (s, specs) =>
      `params 对 ${String(s.loss)} 应为逗号分隔的 ${specs.length} 个数（${specs.length ? describeParams(specs) : '无参数'}）`,
  ) as WidgetField;
}

export class LossWidget extends ChartWidget<State> {
  static widget = 'loss' as const;
  static heading = '损失函数探索器';
  static observedAttributes = ['mode', 'loss', 'target', 'params', 'pmin', 'pmax'];

  private modeSelect!: SelectControl;
  private lossSelect!: SelectControl;
  private targetBox!: HTMLElement;
  private targetSlider: SliderControl | null = null;
  private targetSelect: SelectControl | null = null;
  private targetFor = '';
  private paramBox!: HTMLElement;
  private paramSliders: SliderControl[] = [];
  private paramsFor = '';
  /** listen for the target and parameter controls, which are built again for each loss */
  private targetListen: () => Listen = () => this.listen;
  private paramListen: () => Listen = () => this.listen;
  private pminInput!: NumberControl;
  private pmaxInput!: NumberControl;
  private rangeFor = '';
  private legend!: HTMLElement;
  private readout!: HTMLElement;
  private explain!: HTMLElement;
  private probe!: SliderControl;
  private formula!: HTMLElement;
  private x: Float64Array = new Float64Array(0);
  private lines: { id: string; label: string; y: Float64Array }[] = [];

  protected fields(): WidgetField[] {
    return [
      enumField<ActLab>('mode', ['loss', 'logit-grad'], 'loss') as WidgetField,
      enumField<ActLab>('loss', (_s, lab) => lab.losses.map((l) => l.id), 'mse') as WidgetField,
      targetField(),
      paramsField(),
      Object.assign(
        numberField<ActLab>('pmin', {
          min: (s, lab) => predictionRange(s, lab).min,
          max: (s, lab) => predictionRange(s, lab).max - 0.01,
          default: (s, lab) => predictionRange(s, lab).defaultMin,
        }),
        { dependsOn: ['loss', 'mode'] },
      ) as WidgetField,
      Object.assign(
        numberField<ActLab>('pmax', {
          min: (s) => Number(s.pmin) + 0.01,
          max: (s, lab) => predictionRange(s, lab).max,
          default: (s, lab) => Math.max(predictionRange(s, lab).defaultMax, Number(s.pmin) + 0.01),
        }),
        { dependsOn: ['loss', 'mode', 'pmin'] },
      ) as WidgetField,
    ];
  }

  protected build(): void {
    const lab = this.lab;
    this.targetListen = this.rebuiltListeners();
    this.paramListen = this.rebuiltListeners();
    const controls = el('div', 'controls');
    this.modeSelect = selectControl(this.listen, {
      label: '模式',
      options: [
        { value: 'loss', label: '损失与梯度随预测变化' },
        { value: 'logit-grad', label: 'sigmoid+MSE 对比 sigmoid+BCE 的 logit 梯度' },
      ],
      value: this.state.mode,
      onChange: (mode) => this.setState({ mode: mode as State['mode'] }),
    });
    this.lossSelect = selectControl(this.listen, {
      label: '损失函数',
      options: lab.losses.map((l) => ({ value: l.id, label: `${l.name}（${l.id}）` })),
      value: this.state.loss,
      onChange: (loss) => this.setState({ loss }),
    });
    this.targetBox = el('div', 'control grow');
    this.paramBox = el('div', 'controls');
    this.paramBox.style.margin = '0';
    controls.append(this.modeSelect.root, this.lossSelect.root, this.targetBox, this.paramBox);

    const range = el('div', 'controls');
    this.pminInput = numberInput(this.listen, {
      label: '横轴最小值',
      min: -50,
      max: 50,
      step: 0.1,
      value: this.state.pmin,
      onChange: (pmin) => this.setRange(pmin, this.state.pmax),
    });
    this.pmaxInput = numberInput(this.listen, {
      label: '横轴最大值',
      min: -50,
      max: 50,
      step: 0.1,
      value: this.state.pmax,
      onChange: (pmax) => this.setRange(this.state.pmin, pmax),
    });
    range.append(this.pminInput.root, this.pmaxInput.root);

    this.formula = el('p', 'formula');
    this.createChart();
    this.legend = legendBox();
    this.readout = el('p', 'readout');
    this.probe = slider(this.listen, {
      label: '读数位置',
      min: this.state.pmin,
      max: this.state.pmax,
      step: (this.state.pmax - this.state.pmin) / (this.samples() - 1),
      value: this.state.pmin,
      onInput: (v) => this.moveProbe(v),
    });
    this.explain = el('p', 'hint');
    this.body.append(
      controls,
      range,
      this.formula,
      this.chartBox,
      this.legend,
      this.probe.root,
      this.readout,
      this.explain,
    );
    this.syncControls();
  }

  private setRange(pmin: number, pmax: number): void {
    const d = predictionRange(this.state, this.lab);
    // rounded as the URL and attributes write them, so a link gives back the same range
    const a = roundLikeUrl(Math.max(d.min, Math.min(d.max - 0.01, pmin)));
    const b = roundLikeUrl(Math.max(a + 0.01, Math.min(d.max, pmax)));
    this.setState({ pmin: a, pmax: b });
  }

  protected syncControls(): void {
    const s = this.state;
    const lab = this.lab;
    const info = lossInfo(s, lab);
    const logit = s.mode === 'logit-grad';
    this.modeSelect.set(s.mode);
    this.lossSelect.set(s.loss);
    this.lossSelect.root.hidden = logit;
    this.paramBox.hidden = logit;

    const targetKey = logit ? 'logit-grad' : `${info.id}`;
    const d = targetRange(s, lab);
    if (this.targetFor !== targetKey) {
      this.targetFor = targetKey;
      this.targetSlider = null;
      this.targetSelect = null;
      const listen = this.targetListen();
      if (d.choices) {
        const names: Record<string, string> =
          info.target === 'sign' ? { '-1': '−1', '1': '+1' } : { '0': '类别 0', '1': '类别 1' };
        this.targetSelect = selectControl(listen, {
          label: info.target === 'sign' ? '目标符号 y' : '目标类别 y',
          options: d.choices.map((c) => ({ value: String(c), label: names[String(c)] ?? String(c) })),
          value: String(s.target),
          onChange: (v) => this.setState({ target: Number(v) }),
        });
        this.targetBox.replaceChildren(...this.targetSelect.root.childNodes);
      } else {
        const label =
          logit || info.target === 'probability' || info.target === 'distribution' ? '目标概率 y' : '目标值 y';
        this.targetSlider = slider(listen, {
          label,
          min: d.min,
          max: d.max,
          step: d.step,
          value: s.target,
          onInput: (target) => this.setState({ target }),
        });
        this.targetBox.replaceChildren(...this.targetSlider.root.childNodes);
      }
    }
    this.targetSlider?.set(s.target);
    this.targetSelect?.set(String(s.target));

    if (this.paramsFor !== info.id) {
      this.paramsFor = info.id;
      this.paramSliders = paramSliders(
        this.paramListen(),
        tunableParams(info),
        s.params,
        100,
        () => this.state.params,
        (params) => this.setState({ params }),
      );
      this.paramBox.replaceChildren(...this.paramSliders.map((c) => c.root));
    } else {
      this.paramSliders.forEach((c, i) => c.set(s.params[i]));
    }

    const rangeKey = logit ? 'logit' : info.prediction;
    const pd = predictionRange(s, lab);
    if (this.rangeFor !== rangeKey) {
      this.rangeFor = rangeKey;
      for (const input of [this.pminInput.input, this.pmaxInput.input]) {
        input.min = String(pd.min);
        input.max = String(pd.max);
        input.step = pd.max - pd.min <= 1 ? '0.01' : '0.1';
      }
    }
    this.pminInput.set(s.pmin);
    this.pmaxInput.set(s.pmax);
    this.probe.setRange(s.pmin, s.pmax, (s.pmax - s.pmin) / (this.samples() - 1));
  }

  /** The sample count for the current range: about SAMPLES, at a round spacing when one fits. */
  private samples(): number {
    return roundSampleCount(this.state.pmin, this.state.pmax, SAMPLES);
  }

  /** Keyboard readout: moves the chart cursor to the sample nearest v. */
  private moveProbe(v: number): void {
    const plot = this.chart?.plot;
    if (!plot || this.x.length === 0) return;
    const i = Math.max(
      0,
      Math.min(
        this.x.length - 1,
        Math.round(((v - this.state.pmin) / (this.state.pmax - this.state.pmin)) * (this.x.length - 1)),
      ),
    );
    plot.setCursor({ left: plot.valToPos(this.x[i], 'x'), top: plot.valToPos(this.lines[0].y[i], 'y') });
    this.onCursor(i);
  }

  protected draw(): void {
    const s = this.state;
    const lab = this.lab;
    const colours = () => this.colours;
    const logit = s.mode === 'logit-grad';
    const info = lossInfo(s, lab);
    type Line = { id: string; label: string; colour: string; scale: string; dash?: number[]; y: Float64Array };
    let lines: Line[];
    let xLabel: string;
    if (logit) {
      const curve = logitGradCurve(lab, s.target, s.pmin, s.pmax, this.samples());
      this.x = curve.x;
      lines = [
        { id: 'grad:sigmoid+mse', label: 'sigmoid + MSE：∂L/∂z', colour: PALETTE[1], scale: 'y', y: curve.mse },
        { id: 'grad:sigmoid+bce', label: 'sigmoid + BCE：∂L/∂z', colour: PALETTE[0], scale: 'y', y: curve.bce },
      ];
      xLabel = 'logit z（p = σ(z)）';
      this.formula.textContent = `p = σ(z)，∂L/∂z = ∂L/∂p · σ′(z)；目标 y = ${formatShort(s.target)}`;
      this.explain.textContent =
        '当 z 在错误的一侧很远时（例如 y = 1 而 z ≪ 0），σ′(z) 接近 0，MSE 传到 z 的梯度随之消失；BCE 的 ∂L/∂p 正好抵消 σ′(z)，梯度为 p − y，仍然接近 −1，学习不会停滞。';
    } else {
      const curve = lossCurve(lab, s, this.samples());
      this.x = curve.x;
      lines = [
        { id: 'loss', label: `${info.name} 损失 L`, colour: PALETTE[0], scale: 'y', y: curve.loss },
        {
          id: 'grad',
          label: `梯度 ∂L/∂${PREDICTION_SYMBOLS[info.prediction] ?? 'ŷ'}（右轴）`,
          colour: PALETTE[1],
          scale: 'g',
          dash: [6, 4],
          y: curve.grad,
        },
      ];
      xLabel = PREDICTION_NAMES[info.prediction] ?? '预测';
      if (info.id === 'cross_entropy') xLabel = '类别 1 的 logit z（类别 0 的 logit 固定为 0）';
      this.formula.textContent = `${info.torch}，目标 y = ${formatShort(s.target)}`;
      this.explain.textContent = gradientRemark(info);
    }
    this.lines = lines;
    const key = `${s.mode}|${lines.map((l) => l.id + l.label).join('|')}|${xLabel}`;
    this.chart!.show(
      key,
      (size) => ({
        ...size,
        legend: { show: false },
        scales: { x: { time: false }, y: { auto: true }, g: { auto: true } },
        axes: [
          themedAxis(colours, { label: xLabel, labelSize: 18 }),
          themedAxis(colours, {
            size: sizeToLabels(50),
            values: compactTickValues,
            label: logit ? '∂L/∂z' : 'L',
            labelSize: 16,
          }),
          ...(logit
            ? []
            : [
                themedAxis(colours, {
                  scale: 'g',
                  side: 1,
                  size: sizeToLabels(50),
                  values: compactTickValues,
                  grid: { show: false },
                  label: `∂L/∂${PREDICTION_SYMBOLS[info.prediction] ?? 'ŷ'}`,
                  labelSize: 16,
                }),
              ]),
        ],
        series: [
          { label: 'x' },
          ...lines.map((l) => ({
            label: l.label,
            stroke: l.colour,
            width: 2,
            dash: l.dash,
            scale: l.scale,
            points: { show: false },
          })),
        ],
        cursor: { drag: { x: false, y: false }, points: { size: 7 } },
        hooks: { setCursor: [(u: UPlot) => this.onCursor(u.cursor.idx ?? null)] },
      }),
      [this.x, ...lines.map((l) => l.y)],
    );
    setAttributeIfChanged(
      this.chartBox,
      'aria-label',
      logit ? 'sigmoid + MSE 与 sigmoid + BCE 传到 logit 的梯度曲线' : `${info.name} 的损失与梯度随预测变化的曲线`,
    );
    showLineLegend(this.legend, lines);
    this.onCursor(null);
  }

  private onCursor(idx: number | null): void {
    if (this.x.length === 0) return;
    if (idx === null || idx < 0 || idx >= this.x.length) {
      // no point under the pointer: read out at the probe slider's position
      const v = Number(this.probe.input.value);
      const nearest = Math.round(((v - this.state.pmin) / (this.state.pmax - this.state.pmin)) * (this.x.length - 1));
      idx = Math.max(0, Math.min(this.x.length - 1, nearest));
    }
    const parts = [
      `x = ${formatShort(this.x[idx])}`,
      ...this.lines.map((l) => `${l.label.replace('（右轴）', '')} = ${formatShort(l.y[idx], 4)}`),
    ];
    this.readout.textContent = parts.join('，');
    this.probe.set(this.x[idx]);
    this.probe.input.setAttribute('aria-valuetext', parts.join('，'));
  }

  protected snapshot(): Plotted {
    return {
      x: Array.from(this.x),
      series: this.lines.map((l) => ({ id: l.id, label: l.label, y: Array.from(l.y) })),
      mode: this.state.mode,
      loss: this.state.loss,
      target: this.state.target,
    };
  }

  protected freeView(): void {
    this.targetFor = '';
    this.paramsFor = '';
    this.rangeFor = '';
    this.targetSlider = null;
    this.targetSelect = null;
    this.paramSliders = [];
    this.lines = [];
  }
}
