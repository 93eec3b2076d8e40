// Deferred work for the widgets: nothing a widget needs is downloaded or built
// until the widget comes near the viewport.
//  - defineOnDemand: a module that defines an element is imported only once such
//    an element is in the document (now, or later: VitePress swaps page content
//    without a reload) and near the viewport. Pages without it never download its
//    code, and a widget far down a chapter costs its first load nothing.
//  - whenNearViewport / isNearViewport: the one definition of "near" they share
//    with the widgets' own start (shared/base.ts).
//  - watchNearness / whenWithin: the same at any margin, for the parts of a widget
//    that wait for the reader (deferred charts, the trainers' start, the playground's
//    network picture and diagnostics).

export type Loader = () => Promise<unknown>;

/** How far outside the viewport (px) a widget starts loading: about a screen ahead of the reader. */
export const NEAR_VIEWPORT_PX = 1000;

export function isNearViewport(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return box.bottom >= -NEAR_VIEWPORT_PX && box.top <= window.innerHeight + NEAR_VIEWPORT_PX;
}

// One IntersectionObserver per margin for the whole page, each element's callbacks beside it.
interface Watcher {
  observer: IntersectionObserver;
  callbacks: Map<Element, Set<(near: boolean) => void>>;
}
const watchers = new Map<number, Watcher>();

/**
 * Calls onChange(true) when the element comes within marginPx of the viewport (above or
 * below) and onChange(false) when it leaves, starting with its state now (in the
 * observer's next callback); without IntersectionObserver, once onChange(true).
 * Returns a function that stops the watch. Every watcher of the page shares one
 * observer per margin.
 */
export function watchNearness(element: Element, marginPx: number, onChange: (near: boolean) => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onChange(true);
    return () => {};
  }
  let watcher = watchers.get(marginPx);
  if (!watcher) {
    const callbacks: Watcher['callbacks'] = new Map();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries)
          for (const callback of [...(callbacks.get(entry.target) ?? [])]) callback(entry.isIntersecting);
      },
      { rootMargin: `${marginPx}px 0px` },
    );
    watchers.set(marginPx, (watcher = { observer, callbacks }));
  }
  const { observer, callbacks } = watcher;
  let mine = callbacks.get(element);
  if (!mine) callbacks.set(element, (mine = new Set()));
  // a callback of its own, so one element can have several watches (and the same function twice)
  const callback = (near: boolean) => onChange(near);
  mine.add(callback);
  // observing anew reports the element's state now to all its callbacks, the new one included
  observer.unobserve(element);
  observer.observe(element);
  return () => {
    if (!mine.delete(callback) || mine.size > 0) return;
    callbacks.delete(element);
    observer.unobserve(element);
  };
}

/** Calls start() once, when the element is within marginPx of the viewport; returns a cancel function. */
export function whenWithin(element: Element, marginPx: number, start: () => void): () => void {
  let stop: (() => void) | null = null;
  let done = false;
  stop = watchNearness(element, marginPx, (near) => {
    if (!near || done) return;
    done = true;
    stop?.();
    start();
  });
  // without IntersectionObserver start() has run already, before stop was assigned
  return () => {
    done = true;
    stop?.();
  };
}

/** Calls start() once the element is within NEAR_VIEWPORT_PX of the viewport; returns a cancel function. */
export function whenNearViewport(element: Element, start: () => void): () => void {
  return whenWithin(element, NEAR_VIEWPORT_PX, start);
}

/**
 * A loader that runs load() on its first call and gives every later call the same
 * promise; after a failure (e.g. a failed chunk download) the next call tries again.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    }));
}

/** Defines an element once (importing the library twice must not throw). */
export function defineOnce(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}

/** Imports loaders[tag] the first time an element <tag> in the document comes near the viewport. */
export function defineOnDemand(loaders: Record<string, Loader>): void {
  const pending = new Map(Object.entries(loaders).filter(([tag]) => !customElements.get(tag)));
  if (pending.size === 0 || typeof document === 'undefined') return;
  const selector = () => [...pending.keys()].join(',');
  // the elements waiting to come near, by tag: the first to arrive loads the tag for all
  const watching = new Map<string, Map<Element, () => void>>();

  const load = (tag: string) => {
    const loader = pending.get(tag);
    if (!loader) return;
    pending.delete(tag);
    for (const cancel of watching.get(tag)?.values() ?? []) cancel();
    watching.delete(tag);
    loader().catch((error: unknown) => {
      pending.set(tag, loader); // allow a retry when the element appears again
      console.error(`ActLab: 无法加载 <${tag}> 组件`, error);
    });
  };

  const watch = (element: Element) => {
    const tag = element.localName;
    if (!pending.has(tag)) return;
    let elements = watching.get(tag);
    if (!elements) watching.set(tag, (elements = new Map()));
    if (elements.has(element)) return;
    // elements removed from the page (client-side navigation) stop being watched
    for (const [old, cancel] of elements)
      if (!old.isConnected) {
        cancel();
        elements.delete(old);
      }
    elements.set(
      element,
      whenNearViewport(element, () => load(tag)),
    );
  };

  const scan = (root: ParentNode) => {
    if (pending.size === 0) return;
    for (const element of root.querySelectorAll(selector())) watch(element);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (pending.has(node.localName)) watch(node);
        if (node.firstElementChild) scan(node);
      }
    }
    if (pending.size === 0) observer.disconnect();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  scan(document);
}
