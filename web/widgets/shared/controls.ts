// Small builders for labelled form controls. Every control gets a visible
// <label> tied to it by id, so it is named for screen readers, and is a native
// input (keyboard behaviour for free). Listeners are registered through the
// `listen` function the widget passes in, so the widget frees them on disconnect.

import type { ParamSpec } from '../../actlab';
import { keepParamOrder, roundLikeUrl } from './state';

export type Listen = (target: EventTarget, type: string, handler: (event: Event) => void) => void;

export interface SliderControl {
  root: HTMLElement;
  input: HTMLInputElement;
  /** Shows a value; the slider's range widens to take it in if it lies outside. */
  set(value: number): void;
  setRange(min: number, max: number, step: number): void;
}

let uid = 0;
/** A document-unique id for a control inside one widget's shadow root. */
export function nextId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function formatShort(value: number, digits = 3): string {
  if (typeof value !== 'number') return '—';
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '—' : value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs >= 1e4 || abs < 1e-3 ? value.toExponential(2) : String(Number(value.toFixed(digits)));
  return text.replace(/-/g, '−');
}

/** A range slider with its label and the current value shown next to the label. */
export function slider(
  listen: Listen,
  options: {
    label: string;
    min: number;
    max: number;
    step: number;
    value: number;
    onInput: (value: number) => void;
    format?: (value: number) => string;
    grow?: boolean;
  },
): SliderControl {
  const root = el('div', options.grow === false ? 'control' : 'control grow');
  const id = nextId('s');
  const label = el('label');
  label.htmlFor = id;
  const name = el('span', undefined, `${options.label} = `);
  const shown = el('span', 'value');
  label.append(name, shown);
  const input = el('input');
  input.type = 'range';
  input.id = id;
  const format = options.format ?? ((v: number) => formatShort(v));
  // The range given (or last set); set() widens it to take in a value outside it (an
  // attribute or link may hold any value its field accepts): the bottom by whole steps, so
  // the grid of positions stays, the top to the value, so no position lies past it. It
  // narrows back for a value inside, but not while the reader holds the slider (focused:
  // the thumb would jump under the pointer).
  let range = { min: options.min, max: options.max, step: options.step };
  // held: pressed (pointerdown until the change that ends a drag) or focused; Chromium
  // focuses a range input on a press, not every browser does
  let pressed = false;
  listen(input, 'pointerdown', () => (pressed = true));
  listen(input, 'change', () => (pressed = false));
  listen(input, 'blur', () => (pressed = false));
  const applyRange = (value: number) => {
    const finite = Number.isFinite(value);
    let min =
      finite && value < range.min
        ? range.min - Math.ceil((range.min - value) / range.step - 1e-9) * range.step
        : range.min;
    let max = finite ? Math.max(range.max, value) : range.max;
    if (finite && input.min !== '' && (pressed || input.matches(':focus'))) {
      min = Math.min(min, Number(input.min));
      max = Math.max(max, Number(input.max));
    }
    const text = (v: number) => String(Number(v.toPrecision(12)));
    if (input.min !== text(min)) input.min = text(min);
    if (input.max !== text(max)) input.max = text(max);
    if (input.step !== String(range.step)) input.step = String(range.step);
  };
  const setRange = (min: number, max: number, step: number) => {
    range = { min, max, step };
    applyRange(NaN);
  };
  applyRange(options.value);
  const set = (value: number) => {
    applyRange(value);
    input.value = String(value);
    shown.textContent = format(value);
    input.setAttribute('aria-valuetext', format(value));
  };
  set(options.value);
  listen(input, 'input', () => {
    const value = Number(input.value);
    shown.textContent = format(value);
    input.setAttribute('aria-valuetext', format(value));
    options.onInput(value);
  });
  root.append(label, input);
  return { root, input, set, setRange };
}

export interface SelectControl {
  root: HTMLElement;
  select: HTMLSelectElement;
  set(value: string): void;
  setOptions(options: readonly { value: string; label: string }[]): void;
}

export function selectControl(
  listen: Listen,
  options: {
    label: string;
    options: readonly { value: string; label: string }[];
    value: string;
    onChange: (value: string) => void;
  },
): SelectControl {
  const root = el('div', 'control');
  const id = nextId('c');
  const label = el('label', undefined, options.label);
  label.htmlFor = id;
  const select = el('select');
  select.id = id;
  const setOptions = (list: readonly { value: string; label: string }[]) => {
    select.replaceChildren(
      ...list.map((o) => {
        const option = el('option', undefined, o.label);
        option.value = o.value;
        return option;
      }),
    );
  };
  setOptions(options.options);
  select.value = options.value;
  listen(select, 'change', () => options.onChange(select.value));
  root.append(label, select);
  return {
    root,
    select,
    set: (value) => {
      select.value = value;
    },
    setOptions,
  };
}

export interface CheckboxControl {
  root: HTMLElement;
  input: HTMLInputElement;
  set(value: boolean): void;
}

export function checkbox(
  listen: Listen,
  options: { label: string; value: boolean; onChange: (value: boolean) => void },
): CheckboxControl {
  const root = el('div', 'control inline');
  const id = nextId('k');
  const input = el('input');
  input.type = 'checkbox';
  input.id = id;
  input.checked = options.value;
  const label = el('label', undefined, options.label);
  label.htmlFor = id;
  listen(input, 'change', () => options.onChange(input.checked));
  root.append(input, label);
  return {
    root,
    input,
    set: (value) => {
      input.checked = value;
    },
  };
}

export interface NumberControl {
  root: HTMLElement;
  input: HTMLInputElement;
  set(value: number): void;
}

/** A number for a message: at most 6 significant digits, no trailing zeros. */
function shortNumber(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/**
 * A number box that reports only valid values (on change), within [min, max].
 * Anything else is not applied: the box is marked invalid and a message under it
 * gives the allowed range, until a valid value is entered (or set() is called).
 */
export function numberInput(
  listen: Listen,
  options: { label: string; min: number; max: number; step: number; value: number; onChange: (value: number) => void },
): NumberControl {
  const root = el('div', 'control');
  const id = nextId('n');
  const label = el('label', undefined, options.label);
  label.htmlFor = id;
  const input = el('input');
  input.type = 'number';
  input.id = id;
  input.min = String(options.min);
  input.max = String(options.max);
  input.step = String(options.step);
  input.value = String(options.value);
  const error = el('p', 'input-error');
  error.id = nextId('e');
  error.hidden = true;
  const valid = () => {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
    error.hidden = true;
    error.textContent = '';
  };
  listen(input, 'change', () => {
    const value = Number(input.value);
    // the limits as they are now: a widget narrows them when its domain changes (a loss on
    // probabilities accepts 0 to 1, not the -50 to 50 the box was built with)
    const min = Number(input.min);
    const max = Number(input.max);
    if (input.value.trim() !== '' && Number.isFinite(value) && value >= min && value <= max) {
      valid();
      // as a link and the attribute will hold it (6 significant digits), so a reload runs
      // with the very value used now
      options.onChange(roundLikeUrl(value));
    } else {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', error.id);
      const range = `${shortNumber(min)} 到 ${shortNumber(max)}`;
      const given = input.value.trim() === '' ? '（空）' : input.value.trim();
      error.textContent = `${options.label}：${given} 不在允许范围内，请输入 ${range} 之间的数；仍在使用原来的值。`;
      error.hidden = false;
    }
  });
  root.append(label, input, error);
  return {
    root,
    input,
    set: (value) => {
      input.value = shortNumber(value);
      valid();
    },
  };
}

export function button(listen: Listen, text: string, onClick: () => void, ariaLabel?: string): HTMLButtonElement {
  const node = el('button', undefined, text);
  node.type = 'button';
  if (ariaLabel) node.setAttribute('aria-label', ariaLabel);
  listen(node, 'click', onClick);
  return node;
}

const renderedKeys = new WeakMap<Element, string>();

/**
 * Replaces an element's children only when `key` differs from the last call, so
 * an unchanged legend costs no DOM work (and no style or layout) while a slider moves.
 */
export function renderOnce(target: Element, key: string, build: () => Node[]): void {
  if (renderedKeys.get(target) === key) return;
  renderedKeys.set(target, key);
  target.replaceChildren(...build());
}

/** Sets an attribute only when its value changes. */
export function setAttributeIfChanged(target: Element, name: string, value: string): void {
  if (target.getAttribute(name) !== value) target.setAttribute(name, value);
}

/**
 * One slider per parameter, over the spec's slider range (widened to take in the
 * current value) in `divisions` steps. Moving slider i calls onChange with the
 * current values, entry i replaced. The labels read "参数 <id>" unless `look` says otherwise.
 */
export function paramSliders(
  listen: Listen,
  specs: readonly ParamSpec[],
  values: readonly number[],
  divisions: number,
  current: () => readonly number[],
  onChange: (params: number[]) => void,
  look: { label?: (id: string) => string; grow?: boolean } = {},
): SliderControl[] {
  return specs.map((p, i) => {
    const step = roundStep((p.sliderMax - p.sliderMin) / divisions);
    return slider(listen, {
      label: look.label ? look.label(p.id) : `参数 ${p.id}`,
      grow: look.grow,
      // the slider widens itself to a value outside this range, keeping its grid (slider())
      min: p.sliderMin,
      max: p.sliderMax,
      step,
      value: values[i] ?? p.default,
      onInput: (v) => {
        const params = [...current()];
        params[i] = roundLikeUrl(v);
        onChange(keepParamOrder(specs, params, i, step));
      },
    });
  });
}

/**
 * The largest round step (1, 2, 2.5 or 5 times a power of ten) not above `step`: with a
 * slider starting at a round value, the defaults and the values the text uses (ELU's
 * alpha = 1, Huber's delta = 1) are positions the slider can come back to.
 */
export function roundStep(step: number): number {
  const power = 10 ** Math.floor(Math.log10(step));
  const mantissa = [5, 2.5, 2, 1].find((m) => m * power <= step * (1 + 1e-12)) ?? 1;
  return Number((mantissa * power).toPrecision(2));
}

/** An empty legend list (<ul class="legend">), named for screen readers. */
export function legendBox(): HTMLUListElement {
  const list = el('ul', 'legend');
  list.setAttribute('aria-label', '图例');
  return list;
}

/** One legend entry: a swatch in the line's colour (dashed for a dashed line) and its label. */
export function legendItem(label: string, colour: string, dashed = false): HTMLLIElement {
  const item = el('li');
  const swatch = el('span', dashed ? 'swatch dashed' : 'swatch');
  swatch.style.color = colour;
  item.append(swatch, document.createTextNode(label));
  return item;
}

export interface LegendLine {
  label: string;
  colour: string;
  dash?: number[];
}

/**
 * Fills a legend with one entry per line (plus `extra` entries after them), rebuilding
 * it only when the labels, colours, dashes or `extraKey` changed.
 */
export function showLineLegend(
  list: Element,
  lines: readonly LegendLine[],
  extraKey = '',
  extra: () => Node[] = () => [],
): void {
  renderOnce(list, JSON.stringify(lines.map((l) => [l.label, l.colour, !!l.dash])) + extraKey, () => [
    ...lines.map((l) => legendItem(l.label, l.colour, !!l.dash)),
    ...extra(),
  ]);
}
