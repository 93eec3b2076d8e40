// The heatmap painter of the widgets (web/widgets/shared/heatmap.ts): fillImage
// colours pixels from a lookup table; it must agree with colourAt, the map's
// definition, to within one colour level everywhere, special values included.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { bundleFiles } from './web-bundle.mjs';

let heatmap;

before(async () => {
  heatmap = await bundleFiles(['web/widgets/shared/heatmap.ts']);
});

/** colourAt's colour as the image stores it (Uint8ClampedArray rounds to the nearest level). */
const stored = (map, t) => Array.from(Uint8ClampedArray.from(heatmap.colourAt(map, t)));

describe('heatmap fillImage', () => {
  test('every position is within one colour level of colourAt, on both maps', () => {
    const positions = [];
    for (let i = 0; i <= 20000; ++i) positions.push(-0.1 + (1.2 * i) / 20000);
    positions.push(0, 1, -0, 1e-300, 1 - 1e-16, -1e300, 1e300, NaN, Infinity, -Infinity);
    for (const [name, map] of [
      ['DIVERGING', heatmap.DIVERGING],
      ['SEQUENTIAL', heatmap.SEQUENTIAL],
    ]) {
      const data = new Uint8ClampedArray(positions.length * 4);
      heatmap.fillImage(data, positions, positions.length, 1, map, (v) => v);
      let worst = 0;
      positions.forEach((t, i) => {
        const want = stored(map, t);
        for (let c = 0; c < 3; ++c) {
          const diff = Math.abs(data[i * 4 + c] - want[c]);
          worst = Math.max(worst, diff);
          assert.ok(diff <= 1, `${name} at ${t}, channel ${c}: ${data[i * 4 + c]} vs colourAt ${want[c]}`);
        }
        assert.equal(data[i * 4 + 3], 255, `${name} at ${t}: alpha`);
      });
      assert.ok(worst <= 1, `${name}: worst difference ${worst}`);
    }
  });

  test('special positions take colourAt colours exactly: the ends, NaN and infinities at the low end', () => {
    const map = heatmap.DIVERGING;
    const positions = [0, 1, -5, 5, NaN, Infinity, -Infinity];
    const data = new Uint8ClampedArray(positions.length * 4);
    heatmap.fillImage(data, positions, positions.length, 1, map, (v) => v);
    positions.forEach((t, i) => assert.deepEqual(Array.from(data.slice(i * 4, i * 4 + 3)), stored(map, t), `at ${t}`));
  });

  test('rows: row 0 of the values is the bottom row, or the top row with topRowFirst', () => {
    const map = heatmap.SEQUENTIAL;
    // 2 × 2 grid: row 0 = [low, low], row 1 = [high, high]
    const values = [0, 0, 1, 1];
    const low = stored(map, 0);
    const high = stored(map, 1);
    const pixel = (data, row, col) => Array.from(data.slice((row * 2 + col) * 4, (row * 2 + col) * 4 + 3));
    const bottomUp = new Uint8ClampedArray(16);
    heatmap.fillImage(bottomUp, values, 2, 2, map, (v) => v);
    assert.deepEqual([pixel(bottomUp, 0, 0), pixel(bottomUp, 0, 1)], [high, high]);
    assert.deepEqual([pixel(bottomUp, 1, 0), pixel(bottomUp, 1, 1)], [low, low]);
    const topDown = new Uint8ClampedArray(16);
    heatmap.fillImage(topDown, values, 2, 2, map, (v) => v, true);
    assert.deepEqual([pixel(topDown, 0, 0), pixel(topDown, 1, 1)], [low, high]);
  });

  test('normalise is applied to each value', () => {
    const map = heatmap.DIVERGING;
    const data = new Uint8ClampedArray(3 * 4);
    heatmap.fillImage(data, [-10, 0, 10], 3, 1, map, (v) => (v + 10) / 20);
    assert.deepEqual(Array.from(data.slice(0, 3)), stored(map, 0));
    assert.deepEqual(Array.from(data.slice(8, 11)), stored(map, 1));
    const mid = stored(map, 0.5);
    for (let c = 0; c < 3; ++c) assert.ok(Math.abs(data[4 + c] - mid[c]) <= 1);
  });
});
