// Widget state: plain, URL-serialisable values described by a list of fields.
// Each field knows its default, how to parse an attribute or URL string, and
// how to write the value back. A bad string never throws: the field falls back
// to its default and the caller shows the returned Chinese notice, which names
// the allowed range (e.g. "lr 必须在 0.0001 到 10 之间，已改用默认值 0.1").
//
// URL rules (docs/guide/embedding.md): a widget with an id reads and writes
// `?<id>.<attr>=<value>`; with url-state="plain" it uses `?<attr>=<value>`;
// without an id (or with url-state="off") it leaves the URL alone. URL beats
// attributes.

export type Values = Record<string, unknown>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export interface Field<T = unknown, C = unknown> {
  /** The attribute and URL key. */
  readonly key: string;
  /** The default, which may depend on fields listed earlier and on the context (e.g. the wasm metadata). */
  defaultValue(state: Values, context: C): T;
  /** Parses a string; the message (without the fallback clause) names what is allowed. */
  parse(raw: string, state: Values, context: C): Parsed<T>;
  format(value: T): string;
}

/** Formats a number for attributes, URLs and notices: short, but exact for the values sliders produce. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const short = Number(value.toPrecision(6));
  return String(short);
}

/** A number as it comes back from formatNumber's text: what a link or an attribute holds. */
export function roundLikeUrl(value: number): number {
  return Number(formatNumber(value));
}

function strictNumber(raw: string): number | undefined {
  const text = raw.trim();
  if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A comma-separated list of 1 to maxCount unit counts, each a plain decimal integer from 1 to
 * maxUnits ("0x10", "1e1" and "8.0" are not unit counts); null for anything else.
 */
export function parseUnitList(raw: string, maxCount: number, maxUnits: number): number[] | null {
  const parts = raw.split(',').map((t) => t.trim());
  if (parts.length > maxCount || parts.some((t) => !/^\d{1,6}$/.test(t))) return null;
  const units = parts.map(Number);
  return units.every((u) => u >= 1 && u <= maxUnits) ? units : null;
}

export interface NumberFieldOptions<C> {
  min: number | ((state: Values, context: C) => number);
  max: number | ((state: Values, context: C) => number);
  default: number | ((state: Values, context: C) => number);
  integer?: boolean;
}

export function numberField<C = unknown>(key: string, options: NumberFieldOptions<C>): Field<number, C> {
  const resolve = (v: number | ((s: Values, c: C) => number), s: Values, c: C) =>
    typeof v === 'function' ? v(s, c) : v;
  return {
    key,
    defaultValue: (s, c) => resolve(options.default, s, c),
    parse(raw, s, c) {
      const min = resolve(options.min, s, c);
      const max = resolve(options.max, s, c);
      const value = strictNumber(raw);
      const kind = options.integer ? '整数' : '数';
      const range = `${key} 必须是 ${formatNumber(min)} 到 ${formatNumber(max)} 之间的${kind}`;
      if (value === undefined) return { ok: false, message: `${range}（收到“${clip(raw)}”）` };
      if (options.integer && !Number.isInteger(value)) return { ok: false, message: range };
      // a bound computed in floating point (xmin + 0.1 = 3.3000000000000003) still admits
      // the decimal it stands for (3.3), which the URL and attributes hold
      const slack = (bound: number) => 1e-12 * Math.max(1, Math.abs(bound));
      if (value < min - slack(min) || value > max + slack(max)) return { ok: false, message: range };
      return { ok: true, value };
    },
    format: formatNumber,
  };
}

export function enumField<C = unknown>(
  key: string,
  options: readonly string[] | ((state: Values, context: C) => readonly string[]),
  defaultValue: string | ((state: Values, context: C) => string),
): Field<string, C> {
  const list = (s: Values, c: C) => (typeof options === 'function' ? options(s, c) : options);
  return {
    key,
    defaultValue: (s, c) => (typeof defaultValue === 'function' ? defaultValue(s, c) : defaultValue),
    parse(raw, s, c) {
      const allowed = list(s, c);
      const value = raw.trim();
      if (allowed.includes(value)) return { ok: true, value };
      return { ok: false, message: `${key} 必须是 ${allowed.join('、')} 之一（收到“${clip(raw)}”）` };
    },
    format: (v) => v,
  };
}

/** "on" | "off" (also accepts true/false, 1/0). */
export function toggleField(key: string, defaultValue: boolean): Field<boolean> {
  return {
    key,
    defaultValue: () => defaultValue,
    parse(raw) {
      const v = raw.trim().toLowerCase();
      if (v === 'on' || v === 'true' || v === '1' || v === '') return { ok: true, value: true };
      if (v === 'off' || v === 'false' || v === '0') return { ok: true, value: false };
      return { ok: false, message: `${key} 必须是 on 或 off（收到“${clip(raw)}”）` };
    },
    format: (v) => (v ? 'on' : 'off'),
  };
}

export function clip(text: string, n = 24): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

export interface ResolvedState<S> {
  state: S;
  /** One Chinese notice per field that fell back to its default. */
  notices: Map<string, string>;
}

/**
 * Resolves every field in order from the sources (the first valid value wins: pass the
 * URL source before the attribute source; an invalid one falls through to the next,
 * with a notice). Later fields may depend on earlier ones.
 */
export function resolveState<S extends Values, C>(
  fields: readonly Field<unknown, C>[],
  sources: readonly ((key: string) => string | null)[],
  context: C,
): ResolvedState<S> {
  const state: Values = {};
  const notices = new Map<string, string>();
  for (const field of fields) {
    const { value, notice } = resolveField(field, sources, state, context);
    state[field.key] = value;
    if (notice) notices.set(field.key, notice);
  }
  return { state: state as S, notices };
}

export function resolveField<C>(
  field: Field<unknown, C>,
  sources: readonly ((key: string) => string | null)[],
  state: Values,
  context: C,
): { value: unknown; notice?: string } {
  const fallback = field.defaultValue(state, context);
  // A rejected value (a link's) falls back to the next source that has one (the page's
  // attribute) before the default, so the widget shows what a link without it would show.
  let rejected: string | undefined;
  for (const source of sources) {
    const raw = source(field.key);
    if (raw === null) continue;
    const parsed = field.parse(raw, state, context);
    if (parsed.ok) {
      if (rejected === undefined) return { value: parsed.value };
      return {
        value: parsed.value,
        notice: `${rejected}，已改用页面设定的值 ${field.format(parsed.value) || '（空）'}`,
      };
    }
    rejected ??= parsed.message;
  }
  if (rejected === undefined) return { value: fallback };
  return { value: fallback, notice: `${rejected}，已改用默认值 ${field.format(fallback) || '（空）'}` };
}

/** Whether two field values are equal (numbers, strings, booleans, arrays of those). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  return a === b;
}

// ---- the page URL ---------------------------------------------------------------

/** The query prefix for a widget, or null when it does not touch the URL. */
export function urlPrefix(el: Element): string | null {
  const mode = el.getAttribute('url-state');
  if (mode === 'off') return null;
  if (mode === 'plain') return '';
  return el.id ? `${el.id}.` : null;
}

// The parsed query, reused while location.search is unchanged: a widget reads
// every field's key several times on connect, and parsing a hostile multi-megabyte
// query once per read froze the page for seconds (issue 7, hostile.test.mjs).
let parsedSearch: string | undefined;
let parsedParams: URLSearchParams | undefined;

export function readUrlParam(prefix: string, key: string): string | null {
  const search = location.search;
  if (parsedParams === undefined || search !== parsedSearch) {
    parsedSearch = search;
    parsedParams = new URLSearchParams(search);
  }
  return parsedParams.get(prefix + key);
}

/**
 * The query keys (without the prefix) that start with the prefix but name none
 * of the given attributes; with the empty prefix of url-state="plain", every
 * other key of the query.
 */
export function unknownUrlParams(prefix: string, known: readonly string[]): string[] {
  readUrlParam(prefix, '');
  const out = new Set<string>();
  for (const name of parsedParams!.keys()) {
    if (!name.startsWith(prefix)) continue;
    const key = name.slice(prefix.length);
    if (!known.includes(key)) out.add(key);
  }
  return [...out];
}

/**
 * Writes the given keys into the page query with history.replaceState; a null
 * value removes the key. Other query keys and the hash are kept.
 */
export function writeUrlParams(prefix: string, entries: Iterable<[string, string | null]>): void {
  const url = new URL(location.href);
  let changed = false;
  for (const [key, value] of entries) {
    const name = prefix + key;
    if (value === null) {
      if (url.searchParams.has(name)) {
        url.searchParams.delete(name);
        changed = true;
      }
    } else if (url.searchParams.get(name) !== value) {
      url.searchParams.set(name, value);
      changed = true;
    }
  }
  if (changed) history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

export interface ParamRange {
  id: string;
  min: number;
  max: number;
  default: number;
  /** This parameter must be greater than the one named (hardtanh: max_val > min_val). */
  above?: string;
}

/** The accepted range of each parameter for an error message: "alpha ∈ [0, 10]，…". */
export function describeParams(specs: readonly Omit<ParamRange, 'default'>[]): string {
  return specs
    .map((p) => `${p.id} ∈ [${formatNumber(p.min)}, ${formatNumber(p.max)}]${p.above ? ` 且大于 ${p.above}` : ''}`)
    .join('，');
}

/** Whether a full parameter list (one value per spec) keeps every `above` rule. */
export function paramsOrdered(specs: readonly ParamRange[], values: readonly number[]): boolean {
  return specs.every((p, i) => {
    const k = p.above ? specs.findIndex((q) => q.id === p.above) : -1;
    return k < 0 || values[i] > values[k];
  });
}

/**
 * A full parameter list after values[changed] was set: where that breaks an
 * `above` rule, the other parameter of the pair moves to `gap` beyond it (as a
 * pair of range sliders push each other), inside its accepted range; if the
 * range leaves no room, the changed value gives way instead.
 */
export function keepParamOrder(
  specs: readonly ParamRange[],
  values: readonly number[],
  changed: number,
  gap: number,
): number[] {
  const out = [...values];
  specs.forEach((p, hi) => {
    const lo = p.above ? specs.findIndex((q) => q.id === p.above) : -1;
    if (lo < 0 || out[hi] > out[lo]) return;
    if (changed === hi) {
      out[lo] = Math.max(specs[lo].min, out[hi] - gap);
      if (!(out[hi] > out[lo])) out[hi] = out[lo] + gap;
    } else {
      out[hi] = Math.min(p.max, out[lo] + gap);
      if (!(out[hi] > out[lo])) out[lo] = out[hi] - gap;
    }
  });
  return out;
}

/**
 * The `params` field of a widget whose function takes parameters (specsOf gives
 * them for a state): a comma-separated list of numbers, one per parameter, each
 * inside its range; missing trailing values take their defaults, and the
 * default is all defaults. Any other text (too many values, an empty or
 * non-numeric entry, a value out of range or out of order) gives message(state, specs).
 */
export function paramListField<C>(
  dependsOn: string[],
  specsOf: (s: Values, context: C) => readonly ParamRange[],
  message: (s: Values, specs: readonly ParamRange[]) => string,
): Field<number[], C> & { dependsOn: string[] } {
  return {
    key: 'params',
    dependsOn,
    defaultValue: (s, context) => specsOf(s, context).map((p) => p.default),
    parse(raw, s, context) {
      const specs = specsOf(s, context);
      return parseParamList(raw, specs, message(s, specs));
    },
    format: formatParamList,
  };
}

/**
 * A parameter list as text: each number short (formatNumber), unless shortening
 * makes two different values equal, which would turn an ordered pair (hardtanh's
 * min_val < max_val) into one the parser refuses; then every value in full.
 */
export function formatParamList(values: readonly number[]): string {
  const short = values.map(formatNumber);
  const collide = short.some((t, i) => short.some((u, j) => j > i && u === t && values[j] !== values[i]));
  return (collide ? values.map(String) : short).join(',');
}

/**
 * The values given in a comma-separated parameter list, each checked against its
 * range, and (with the missing trailing ones at their defaults) against every
 * `above` rule; null for any other text. Missing values are not filled in.
 */
export function readParamList(raw: string, specs: readonly ParamRange[]): number[] | null {
  const text = raw.trim();
  const parts = text === '' ? [] : text.split(',').map((t) => t.trim());
  if (parts.length > specs.length) return null;
  const values: number[] = [];
  for (let i = 0; i < parts.length; ++i) {
    const v = Number(parts[i]);
    if (parts[i] === '' || !Number.isFinite(v) || v < specs[i].min || v > specs[i].max) return null;
    values.push(v);
  }
  return paramsOrdered(specs, withDefaults(specs, values)) ? values : null;
}

function withDefaults(specs: readonly ParamRange[], given: readonly number[]): number[] {
  return specs.map((p, i) => (i < given.length ? given[i] : p.default));
}

function parseParamList(raw: string, specs: readonly ParamRange[], message: string): Parsed<number[]> {
  const given = readParamList(raw, specs);
  return given ? { ok: true, value: withDefaults(specs, given) } : { ok: false, message };
}
