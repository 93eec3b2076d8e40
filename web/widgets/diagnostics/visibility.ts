// Deferred start for the trainer widgets. A chapter may hold several of them;
// building their networks (and, for the comparison lab, up to eight trainers)
// all at page load would be one long task, since every widget initialises in the
// same task once the wasm module resolves. Each widget instead starts when it
// comes near the viewport, in a task of its own.
import { whenWithin } from '../shared/lazy';

/** Calls start() once the element is within 300 px of the viewport, in a task of its own; returns a cancel function. */
export function startWhenVisible(element: Element, start: () => void): () => void {
  let timer = 0;
  const stop = whenWithin(element, 300, () => {
    timer = window.setTimeout(() => {
      timer = 0;
      start();
    }, 0);
  });
  return () => {
    stop();
    if (timer) clearTimeout(timer);
    timer = 0;
  };
}

/**
 * The start state of a trainer widget: watch() arranges for start() to run when
 * the widget comes near the viewport; begin() marks the widget started, whoever
 * starts it first (the watch, play(), a test hook), and ends the watch; reset()
 * (on disconnect) ends the watch and makes the widget unstarted again.
 */
export class DeferredStart {
  started = false;
  private cancel: (() => void) | null = null;

  watch(element: Element, start: () => void): void {
    this.cancel = startWhenVisible(element, start);
  }

  begin(): void {
    this.started = true;
    this.unwatch();
  }

  unwatch(): void {
    this.cancel?.();
    this.cancel = null;
  }

  reset(): void {
    this.unwatch();
    this.started = false;
  }
}
