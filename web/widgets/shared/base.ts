// The base class of every ActLab widget. It owns what all widgets share:
//  - the shadow root, the frame with title, the 嵌入 button and the notice box;
//  - loading the wasm module through loadActLab() (once per page);
//  - state: resolved from the URL, then the attributes, then the defaults,
//    reflected back into attributes and the page URL when the reader changes it;
//  - redraws coalesced into one requestAnimationFrame;
//  - the test hooks plotted(), getState() and data-ready="true";
//  - freeing every listener, observer, frame and chart on disconnect.
// A subclass supplies its fields, builds its controls and charts, and draws.
import { loadActLab, type ActLab } from '../../actlab';
import { createEmbedControl, embedSnippets, type EmbedPage } from './embed';
import { el, nextId, type Listen } from './controls';
import {
  clip,
  readUrlParam,
  unknownUrlParams,
  resolveField,
  resolveState,
  sameValue,
  urlPrefix,
  writeUrlParams,
  type Field,
  type Values,
} from './state';
import { adoptStyles, themeColours, type ThemeColours } from './styles';
import { isNearViewport, whenNearViewport } from './lazy';
import { LOADING_HEIGHTS } from './loading-heights';

export { defineOnce } from './lazy';

export interface PlottedSeries {
  /** Stable id, e.g. "f:relu", "df:relu", "loss", "grad". */
  id: string;
  label: string;
  y: (number | null)[];
}

/** What a widget currently shows, for tests: curves share x; heatmaps add a grid. */
export interface Plotted {
  x: number[];
  series: PlottedSeries[];
  /** values[j * x.length + i] is the value at (x[i], y[j]). */
  grid?: { x: number[]; y: number[]; values: number[] };
  [extra: string]: unknown;
}

/** At most this many unknown URL keys get a notice each (a hostile query may hold thousands). */
const MAX_UNKNOWN_NOTICES = 3;

/** Milliseconds between URL updates while the state keeps changing. */
const URL_DELAY = 250;
/** The longest a URL update waits while changes keep coming. */
const URL_MAX_WAIT = 2000;

export type WidgetField = Field<unknown, ActLab> & { dependsOn?: readonly string[] };

export abstract class ActlabWidget<S extends Values> extends HTMLElement {
  /** The embed page name: /embed/<widget>.html. */
  static widget: EmbedPage | '' = '';
  static heading = '';
  /**
   * Whether the widget trains networks. The function widgets (false) ask for the module
   * without the trainer, so a page that has only them loads the smaller functions-only build.
   */
  static usesTrainer = false;

  protected lab!: ActLab;
  protected state!: S;
  protected colours!: ThemeColours;
  protected body!: HTMLElement;
  protected ready = false;

  // The page's own attribute values (null: absent), kept from the first connect on: the
  // reader's changes are reflected into the attributes, so these cannot be read back
  // later. A page script's setAttribute updates them (attributeChangedCallback).
  private pageAttributes: Map<string, string | null> | undefined;
  private notices = new Map<string, string>();
  private noticeBox!: HTMLElement;
  private alertBox!: HTMLElement;
  private disposers: (() => void)[] = [];
  private frame = 0;
  private generation = 0;
  private reflecting = false;
  private fieldList: WidgetField[] | null = null;
  private lastDrawMs = 0;
  private stopWatching: (() => void) | null = null;

  constructor() {
    super();
    adoptStyles(this.attachShadow({ mode: 'open' }));
  }

  // ---- what a subclass provides ------------------------------------------------

  protected abstract fields(): WidgetField[];
  /** Builds controls and charts into this.body; the state and the module are ready. */
  protected abstract build(): void;
  /** Brings the controls in line with this.state (after an attribute or dependent change). */
  protected abstract syncControls(): void;
  /** Computes and renders the current state. Called at most once per animation frame. */
  protected abstract draw(): void;
  protected abstract snapshot(): Plotted;
  /** Frees what build() made beyond listeners registered with listen(). */
  protected teardown(): void {}
  /** The page theme switched. */
  protected onTheme(): void {
    this.scheduleDraw();
  }

  // ---- public test hooks -----------------------------------------------------------

  /** The data currently drawn (copies), or null before the first frame. */
  plotted(): Plotted | null {
    return this.ready ? this.snapshot() : null;
  }

  /** The current state as attribute strings. */
  getState(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!this.state) return out;
    for (const field of this.getFields()) out[field.key] = field.format(this.state[field.key]);
    return out;
  }

  /** Milliseconds the last draw() took (compute + render). */
  get lastDrawDuration(): number {
    return this.lastDrawMs;
  }

  // ---- lifecycle -------------------------------------------------------------------

  connectedCallback(): void {
    const generation = ++this.generation;
    const ctor = this.constructor as typeof ActlabWidget;
    const root = this.shadowRoot!;
    const frame = el('div', 'frame');
    frame.setAttribute('role', 'group');
    frame.setAttribute('aria-label', ctor.heading);
    const head = el('div', 'head');
    const title = el('span', 'title', ctor.heading);
    head.append(title);
    this.noticeBox = el('div', 'notice');
    this.noticeBox.setAttribute('role', 'status');
    this.alertBox = el('div', 'alert');
    this.alertBox.setAttribute('role', 'alert');
    this.body = el('div', 'body');
    const loading = el('p', 'loading', '正在加载 WebAssembly 模块…');
    this.body.append(loading);
    // keep roughly the drawn size while loading, so the page does not jump when it appears
    this.body.style.minHeight = `${LOADING_HEIGHTS[ctor.widget as EmbedPage]}px`;
    frame.append(head, this.noticeBox, this.alertBox, this.body);
    root.replaceChildren(frame);
    if ('adoptedStyleSheets' in root && root.adoptedStyleSheets.length === 0) adoptStyles(root);

    // Nothing more happens until the widget is near the viewport: a widget far down a
    // long chapter neither loads the wasm module nor builds its charts during the page
    // load. Widgets that start together are built one per task (startInTurn), so the
    // main thread can handle input and paint between them.
    this.startWhenNear(generation, head, loading);
  }

  private startWhenNear(generation: number, head: HTMLElement, loading: HTMLElement): void {
    const ctor = this.constructor as typeof ActlabWidget;
    this.stopWatching = whenNearViewport(this, () => {
      this.stopWatching = null;
      loadActLab({ trainer: ctor.usesTrainer || trainerNearViewport() }).then(
        (lab) =>
          startInTurn(() => {
            if (generation !== this.generation || !this.isConnected) return;
            // A widget above that started first may have grown from its placeholder to
            // its full height and pushed this one far down: then wait to come near again.
            if (!isNearViewport(this)) {
              this.startWhenNear(generation, head, loading);
              return;
            }
            this.lab = lab;
            try {
              this.init(head);
            } catch (error) {
              this.showAlert(`组件初始化失败：${(error as Error).message}`);
            }
          }),
        (error: Error) => {
          if (generation !== this.generation) return;
          loading.remove();
          this.showAlert(`无法加载 WebAssembly 模块：${error.message}`);
        },
      );
    });
  }

  disconnectedCallback(): void {
    this.flushUrl(); // a pending URL update still belongs to the page being left
    this.generation += 1;
    this.stopWatching?.();
    this.stopWatching = null;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const dispose of this.disposers.splice(0)) {
      try {
        dispose();
      } catch {
        // keep freeing the rest
      }
    }
    try {
      this.teardown();
    } catch {
      // ignore
    }
    this.ready = false;
    this.shadowRoot?.replaceChildren();
    this.removeAttribute('data-ready');
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (!this.ready || this.reflecting) return;
    const field = this.getFields().find((f) => f.key === name);
    if (!field) return;
    this.pageAttributes?.set(name, value);
    const { value: parsed, notice } = resolveField(field, [() => value], this.state, this.lab);
    if (notice) this.notices.set(name, notice);
    else this.notices.delete(name);
    this.setState({ [name]: parsed } as Partial<S>, 'attribute');
  }

  // ---- helpers for subclasses ------------------------------------------------------

  /** addEventListener that is undone on disconnect. */
  protected listen: Listen = (target, type, handler) => {
    target.addEventListener(type, handler);
    this.disposers.push(() => target.removeEventListener(type, handler));
  };

  /**
   * Listeners for controls that are built again while connected (a function's
   * parameter sliders, a layer's row): each call removes the listeners the previous
   * call's `listen` added and returns a fresh `listen`; all are removed on disconnect.
   * Call it in build(), once per connection.
   */
  protected rebuiltListeners(): () => Listen {
    let current: AbortController | undefined;
    this.disposers.push(() => current?.abort());
    return () => {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      return (target, type, handler) => target.addEventListener(type, handler, { signal: controller.signal });
    };
  }

  protected onDispose(dispose: () => void): void {
    this.disposers.push(dispose);
  }

  /** Coalesces redraws: at most one draw per animation frame. */
  protected scheduleDraw(): void {
    if (this.frame || !this.ready) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.runDraw();
    });
  }

  /** Applies a change, resets fields that depend on it, and mirrors the result into attributes and the URL. */
  protected setState(changes: Partial<S>, origin: 'user' | 'attribute' = 'user'): void {
    const changed: string[] = [];
    const next = { ...this.state } as Values;
    for (const field of this.getFields()) {
      const key = field.key;
      if (key in changes) {
        if (!sameValue(next[key], changes[key])) {
          next[key] = changes[key];
          changed.push(key);
        }
        if (origin === 'user') this.notices.delete(key);
      } else if (field.dependsOn?.some((d) => changed.includes(d))) {
        const sources = origin === 'attribute' ? [(k: string) => this.getAttribute(k)] : [];
        const resolved = resolveField(field, sources, next, this.lab);
        if (!sameValue(next[key], resolved.value)) {
          next[key] = resolved.value;
          changed.push(key);
        }
        // a page's attribute that does not fit the new value of what it depends on is named
        if (resolved.notice) this.notices.set(key, resolved.notice);
        else this.notices.delete(key);
      }
    }
    // the notices about ignored URL keys last until the reader's first change
    if (origin === 'user')
      for (const key of [...this.notices.keys()]) if (key.startsWith('?')) this.notices.delete(key);
    this.renderNotices();
    if (changed.length === 0) return;
    this.state = next as S;
    this.reflect(changed, origin);
    this.stateChanged(changed);
    this.scheduleDraw();
  }

  /** Called after state changes, before the redraw; the default re-syncs the controls. */
  protected stateChanged(_keys: readonly string[]): void {
    this.syncControls();
  }

  protected showAlert(text: string): void {
    if (this.alertBox && this.alertBox.textContent !== text) this.alertBox.textContent = text;
  }

  protected get uid(): string {
    return this.idBase;
  }

  // ---- internals -----------------------------------------------------------------------

  private idBase = nextId('w');

  private getFields(): WidgetField[] {
    if (!this.fieldList) this.fieldList = this.fields();
    return this.fieldList;
  }

  private init(head: HTMLElement): void {
    const fields = this.getFields();
    const prefix = urlPrefix(this);
    const fromAttribute = (key: string) => this.getAttribute(key);
    const fromUrl = (key: string) => (prefix === null ? null : readUrlParam(prefix, key));
    this.pageAttributes ??= new Map(fields.map((f) => [f.key, this.getAttribute(f.key)]));
    const resolved = resolveState<S, ActLab>(fields, [fromUrl, fromAttribute], this.lab);
    this.state = resolved.state;
    this.notices = resolved.notices;
    // URL values become attributes too, so attributes always describe what is shown.
    const fromUrlKeys = fields.filter((f) => fromUrl(f.key) !== null && !resolved.notices.has(f.key)).map((f) => f.key);
    this.reflectAttributes(fromUrlKeys);
    // A bad URL value was replaced by the default: take it out of the URL too, so a
    // shared link shows what the reader sees (the notice stays until the next change).
    const badUrlKeys = fields.filter((f) => fromUrl(f.key) !== null && resolved.notices.has(f.key)).map((f) => f.key);
    // A URL key with this widget's prefix that is none of its attributes (e.g. params on
    // the neuron, which has none) is dropped the same way, with a notice naming the keys it has.
    const unknownUrlKeys =
      prefix === null
        ? []
        : unknownUrlParams(
            prefix,
            fields.map((f) => f.key),
          );
    for (const key of unknownUrlKeys.slice(0, MAX_UNKNOWN_NOTICES))
      this.notices.set(
        `?${key}`,
        `${clip(key)} 不是${(this.constructor as typeof ActlabWidget).heading}的属性（可用：${fields.map((f) => f.key).join('、')}），已忽略`,
      );
    if (prefix !== null && (badUrlKeys.length || unknownUrlKeys.length))
      writeUrlParams(
        prefix,
        [...badUrlKeys, ...unknownUrlKeys].map((k): [string, null] => [k, null]),
      );

    this.colours = themeColours(this);
    const observer = new MutationObserver(() => {
      const next = themeColours(this);
      if (next.dark !== this.colours.dark || next.text !== this.colours.text) {
        this.colours = next;
        this.onTheme();
      }
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
    this.onDispose(() => observer.disconnect());

    const ctor = this.constructor as typeof ActlabWidget;
    const embed = createEmbedControl(
      () => embedSnippets(ctor.widget as EmbedPage, this.localName, ctor.heading, this.nonDefaultAttributes()),
      this.idBase,
    );
    this.onDispose(embed.dispose);
    head.append(embed.button);

    this.body.replaceChildren();
    this.body.style.minHeight = '';
    this.build();
    this.body.append(embed.panel);
    this.renderNotices();
    this.ready = true;
    // Drawn in the task that built it: a frame painted between the two would show the
    // controls without their charts, and the text below would jump when they appear.
    this.runDraw();
  }

  private runDraw(): void {
    if (!this.ready) return;
    const start = performance.now();
    try {
      this.draw();
    } catch (error) {
      this.showAlert(`绘图出错：${(error as Error).message}`);
    }
    this.lastDrawMs = performance.now() - start;
    if (this.getAttribute('data-ready') !== 'true') this.setAttribute('data-ready', 'true');
    this.dispatchEvent(new CustomEvent('actlab-draw', { detail: { duration: this.lastDrawMs } }));
  }

  private nonDefaultAttributes(): [string, string][] {
    const out: [string, string][] = [];
    const defaults: Values = {};
    for (const field of this.getFields()) {
      const fallback = field.defaultValue(defaults, this.lab);
      defaults[field.key] = this.state[field.key];
      if (!sameValue(fallback, this.state[field.key])) out.push([field.key, field.format(this.state[field.key])]);
    }
    return out;
  }

  private reflect(keys: readonly string[], origin: 'user' | 'attribute'): void {
    if (origin === 'user') this.reflectAttributes(keys);
    if (urlPrefix(this) === null) return;
    // The URL is debounced: Chromium throttles (and warns about) more than a few
    // hundred history.replaceState calls in ten seconds, which a dragged slider
    // would otherwise reach, and each call costs a frame a same-document navigation
    // (and a favicon check). A change after a quiet spell is written at once; while
    // changes keep coming (a slider being dragged) the URL is written once they
    // pause for URL_DELAY ms, so no frame of the drag pays for it.
    for (const key of keys) this.urlKeys.add(key);
    this.urlPath = location.pathname;
    // Changes that never pause still reach the URL every URL_MAX_WAIT ms.
    const now = performance.now();
    const quiet = now - this.lastUrlChange >= URL_DELAY;
    this.lastUrlChange = now;
    if ((quiet && !this.urlTimer) || now - this.lastUrlWrite >= URL_MAX_WAIT) {
      this.flushUrl();
      return;
    }
    if (this.urlTimer) clearTimeout(this.urlTimer);
    this.urlTimer = window.setTimeout(() => this.flushUrl(), URL_DELAY);
  }

  private lastUrlChange = -Infinity;
  private lastUrlWrite = -Infinity;

  private urlKeys = new Set<string>();
  private urlTimer = 0;
  private urlPath = '';

  private flushUrl(): void {
    if (this.urlTimer) clearTimeout(this.urlTimer);
    this.urlTimer = 0;
    const prefix = urlPrefix(this);
    // after a client-side navigation the URL is another page's: drop the update
    if (location.pathname !== this.urlPath) this.urlKeys.clear();
    if (prefix === null || this.urlKeys.size === 0 || !this.state) return;
    this.urlKeys.clear();
    this.lastUrlWrite = performance.now();
    writeUrlParams(prefix, this.urlEntries());
  }

  /**
   * Every field's URL entry: a field is written when a reload without its key would show
   * something else, i.e. when the page's attribute (or, without one, the default), read
   * after the fields before it, gives another value or a notice; otherwise its key is
   * removed. All fields are checked, not only the changed ones: a field's page value can
   * stop fitting when only a field before it changed (the reader picks elu on a page whose
   * attribute sets leaky_relu's slope 0.1: elu's alpha 1 must be written).
   */
  private urlEntries(): [string, string | null][] {
    const page = this.pageAttributes;
    const before: Values = {};
    return this.getFields().map((field) => {
      const key = field.key;
      const value = this.state[key];
      const reload = resolveField(field, [(k) => page?.get(k) ?? null], before, this.lab);
      before[key] = value;
      return [key, !reload.notice && sameValue(reload.value, value) ? null : field.format(value)];
    });
  }

  private reflectAttributes(keys: readonly string[]): void {
    const fields = this.getFields();
    this.reflecting = true;
    try {
      for (const key of keys) {
        const field = fields.find((f) => f.key === key)!;
        const text = field.format(this.state[key]);
        if (this.getAttribute(key) !== text) this.setAttribute(key, text);
      }
    } finally {
      this.reflecting = false;
    }
  }

  private renderNotices(): void {
    if (!this.noticeBox) return;
    const lines = [...this.notices.values()];
    const current = [...this.noticeBox.children].map((p) => p.textContent);
    if (sameValue(lines, current)) return;
    this.noticeBox.replaceChildren(...lines.map((line) => el('p', undefined, line)));
  }
}

// ---- starting widgets near the viewport, one per task ----------------------------------

/**
 * Whether a trainer widget on this page is near the viewport too, so it is about
 * to load the full build. A function widget then takes the full build as well:
 * the functions-only build would be a second download of the same functions.
 */
function trainerNearViewport(): boolean {
  return [...document.querySelectorAll('actlab-playground, actlab-compare')].some(isNearViewport);
}

const startQueue: (() => void)[] = [];
let startScheduled = false;

/** Runs the tasks queued here one per macrotask, so several widgets starting together do not make one long task. */
export function startInTurn(task: () => void): void {
  startQueue.push(task);
  if (startScheduled) return;
  startScheduled = true;
  const runNext = () => {
    const next = startQueue.shift();
    try {
      next?.();
    } finally {
      if (startQueue.length > 0) setTimeout(runNext, 0);
      else startScheduled = false;
    }
  };
  setTimeout(runNext, 0);
}
