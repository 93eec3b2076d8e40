// web/widgets/shared/offline.ts: the offline worker is registered only once the page
// has been quiet (no long task for QUIET_MS) or MAX_WAIT_MS after the load event.
// whenQuiet against mocked timers and a stand-in PerformanceObserver that reports
// the long tasks the test says (the browser suite checks the real registration: offline).
import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, mock, test } from 'node:test';
import { bundleFiles } from './web-bundle.mjs';

let offline;
let observers = [];

class StandInObserver {
  static supportedEntryTypes = ['longtask', 'paint'];
  constructor(callback) {
    this.callback = callback;
    this.connected = false;
    observers.push(this);
  }
  observe(options) {
    assert.equal(options.type, 'longtask');
    this.connected = true;
  }
  disconnect() {
    this.connected = false;
  }
}

/** A long task as the browser reports it to every connected observer. */
function longTask() {
  for (const o of observers)
    if (o.connected) o.callback({ getEntries: () => [{ entryType: 'longtask', duration: 80 }] });
}

before(async () => {
  // imported before `window` exists, so its own registration call returns at once
  offline = await bundleFiles(['web/widgets/shared/offline.ts']);
});
beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout'] });
  globalThis.window = globalThis;
  globalThis.PerformanceObserver = StandInObserver;
  observers = [];
});
afterEach(() => {
  mock.timers.reset();
  delete globalThis.window;
  delete globalThis.PerformanceObserver;
  delete globalThis.requestIdleCallback;
});

test('runs QUIET_MS after the last long task, once, and stops observing', () => {
  const { whenQuiet, QUIET_MS } = offline;
  let runs = 0;
  whenQuiet(() => ++runs);
  mock.timers.tick(QUIET_MS - 500);
  longTask();
  mock.timers.tick(QUIET_MS - 1);
  assert.equal(runs, 0, 'ran although a long task came less than QUIET_MS ago');
  mock.timers.tick(1);
  assert.equal(runs, 1);
  assert.ok(
    observers.every((o) => !o.connected),
    'still observing long tasks',
  );
  longTask();
  mock.timers.tick(10 * QUIET_MS);
  assert.equal(runs, 1, 'ran more than once');
});

test('a page that is never quiet still gets it MAX_WAIT_MS after the start', () => {
  const { whenQuiet, QUIET_MS, MAX_WAIT_MS } = offline;
  let runs = 0;
  whenQuiet(() => ++runs);
  for (let t = 0; t + QUIET_MS / 2 < MAX_WAIT_MS; t += QUIET_MS / 2) {
    mock.timers.tick(QUIET_MS / 2);
    longTask();
  }
  assert.equal(runs, 0);
  mock.timers.tick(MAX_WAIT_MS);
  assert.equal(runs, 1);
});

test('without long-task reports it waits QUIET_MS', () => {
  const { whenQuiet, QUIET_MS } = offline;
  globalThis.PerformanceObserver = class extends StandInObserver {
    static supportedEntryTypes = ['paint'];
  };
  let runs = 0;
  whenQuiet(() => ++runs);
  assert.equal(observers.length, 0);
  mock.timers.tick(QUIET_MS - 1);
  assert.equal(runs, 0);
  mock.timers.tick(1);
  assert.equal(runs, 1);
});

test('where the browser has idle callbacks, it runs in one, with a deadline', () => {
  const { whenQuiet, QUIET_MS } = offline;
  const idle = [];
  globalThis.requestIdleCallback = (callback, options) => idle.push([callback, options]);
  let runs = 0;
  whenQuiet(() => ++runs);
  mock.timers.tick(QUIET_MS);
  assert.equal(runs, 0);
  assert.equal(idle.length, 1);
  assert.ok(idle[0][1]?.timeout > 0, 'an idle callback with no timeout may never run');
  idle[0][0]();
  assert.equal(runs, 1);
});
