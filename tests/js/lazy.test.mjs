// web/widgets/shared/lazy.ts: watchNearness and whenWithin, the one place the widgets
// ask "is this near the viewport?", against a stand-in IntersectionObserver that
// reports what the test says (the browser suites check the real one: load-cost).
import assert from 'node:assert/strict';
import { before, beforeEach, test } from 'node:test';
import { bundleFiles } from './web-bundle.mjs';

/** What the observers would see: whether each element is within their margin, by margin. */
const near = new Map();
const observers = [];
const queued = [];

class StandInObserver {
  constructor(callback, options) {
    this.callback = callback;
    this.margin = Number.parseInt(options.rootMargin, 10);
    this.targets = new Set();
    observers.push(this);
  }
  observe(target) {
    this.targets.add(target);
    queued.push([this, target]); // a real observer reports a new target's state in its next callback
  }
  unobserve(target) {
    this.targets.delete(target);
  }
  disconnect() {
    this.targets.clear();
  }
  report(target) {
    this.callback([{ target, isIntersecting: near.get(target)?.(this.margin) ?? false }]);
  }
}

/** Delivers the queued first reports, as the browser does after the current task. */
function flush() {
  for (const [observer, target] of queued.splice(0)) if (observer.targets.has(target)) observer.report(target);
}

/** Puts the element at `distance` px from the viewport (0: in it) and tells every observer watching it. */
function place(element, distance) {
  near.set(element, (margin) => distance <= margin);
  for (const observer of observers) if (observer.targets.has(element)) observer.report(element);
}

let lazy;
before(async () => {
  globalThis.IntersectionObserver = StandInObserver;
  lazy = await bundleFiles(['web/widgets/shared/lazy.ts']);
});
beforeEach(() => {
  flush();
  near.clear();
});

test('watchNearness reports the state now, then each change, and nothing after stop', () => {
  const box = { name: 'box' };
  place(box, 500);
  const seen = [];
  const stop = lazy.watchNearness(box, 200, (n) => seen.push(n));
  assert.deepEqual(seen, [], 'nothing before the observer reports');
  flush();
  place(box, 150);
  place(box, 0);
  place(box, 900);
  assert.deepEqual(seen, [false, true, true, false]);
  stop();
  place(box, 0);
  assert.deepEqual(seen, [false, true, true, false]);
  assert.ok(
    observers.every((o) => !o.targets.has(box)),
    'the element is no longer observed',
  );
});

test('one observer per margin serves every element and every watch', () => {
  const before = observers.length;
  const a = { name: 'a' };
  const b = { name: 'b' };
  const stops = [
    lazy.watchNearness(a, 321, () => {}),
    lazy.watchNearness(b, 321, () => {}),
    lazy.watchNearness(a, 654, () => {}),
  ];
  assert.equal(observers.length - before, 2);
  for (const stop of stops) stop();
});

test('a second watch of an element already near hears its state; stopping one keeps the other', () => {
  const box = { name: 'shared' };
  place(box, 0);
  const first = [];
  const second = [];
  const stopFirst = lazy.watchNearness(box, 200, (n) => first.push(n));
  flush();
  const stopSecond = lazy.watchNearness(box, 200, (n) => second.push(n));
  flush();
  assert.deepEqual(second, [true], 'the later watch is told the element is near');
  stopFirst();
  place(box, 1000);
  assert.deepEqual(second, [true, false]);
  assert.equal(first.at(-1), true, 'the stopped watch hears nothing more');
  stopSecond();
});

test('whenWithin starts once, when the element comes within its margin, and not after cancel', () => {
  const box = { name: 'chart' };
  place(box, 800);
  let starts = 0;
  lazy.whenWithin(box, 200, () => ++starts);
  flush();
  assert.equal(starts, 0);
  place(box, 300);
  assert.equal(starts, 0, '300 px away is outside a 200 px margin');
  place(box, 100);
  place(box, 900);
  place(box, 0);
  assert.equal(starts, 1);

  const other = { name: 'cancelled' };
  place(other, 800);
  let never = 0;
  const cancel = lazy.whenWithin(other, 200, () => ++never);
  flush();
  cancel();
  place(other, 0);
  assert.equal(never, 0);

  // whenNearViewport is whenWithin at NEAR_VIEWPORT_PX
  const widget = { name: 'widget' };
  place(widget, lazy.NEAR_VIEWPORT_PX);
  let started = 0;
  lazy.whenNearViewport(widget, () => ++started);
  flush();
  assert.equal(started, 1);
});

test('without IntersectionObserver everything counts as near, at once', () => {
  const saved = globalThis.IntersectionObserver;
  delete globalThis.IntersectionObserver;
  try {
    const seen = [];
    lazy.watchNearness({}, 200, (n) => seen.push(n))();
    let starts = 0;
    const cancel = lazy.whenWithin({}, 200, () => ++starts);
    cancel();
    assert.deepEqual(seen, [true]);
    assert.equal(starts, 1);
  } finally {
    globalThis.IntersectionObserver = saved;
  }
});
