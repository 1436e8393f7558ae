// A reload of strategy.shortWindow / longWindow re-weights the running averages from the next
// update on: no reset, no jump, and the new weights are exactly 2 / (window + 1).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FeatureEngine } from '../../src/data/feature-engine.js';
import { Features } from '../../src/shm/records.js';

function mas(fe: FeatureEngine): [number, number] {
  const out = new Float64Array(Features.f64);
  assert.ok(fe.write(0, 0, 0, out, 0));
  return [out[Features.maShort], out[Features.maLong]];
}
const close = (a: number, b: number, msg = '') => assert.ok(Math.abs(a - b) < 1e-9, `${msg} ${a} != ${b}`);

test('new windows apply from the next quote, from where the averages stand', () => {
  const fe = new FeatureEngine(1, { shortWindow: 3, longWindow: 9 });
  fe.onQuote(0, 1, 99, 1, 101, 1); // mid 100 starts both averages
  assert.equal(mas(fe), [100, 100]);
  assert.ok(fe.setWindows(1, 4)); // alphas 1 and 0.4
  assert.equal(mas(fe), [100, 100], 'nothing moves until the next update');
  fe.onQuote(0, 2, 109, 1, 111, 1); // mid 110
  const [short, long] = mas(fe);
  close(short, 110, 'window 1 follows the mid');
  close(long, 100 + 0.4 * 10, 'window 4: alpha 2/5');
});

test('windows that are not >= 1 and finite are refused and change nothing', () => {
  const fe = new FeatureEngine(1, { shortWindow: 3, longWindow: 9 });
  fe.onQuote(0, 1, 99, 1, 101, 1);
  for (const [s, l] of [[0, 9], [3, NaN], [Infinity, 9]]) assert.not.ok(fe.setWindows(s, l), `${s}, ${l}`);
  fe.onQuote(0, 2, 109, 1, 111, 1);
  const [short, long] = mas(fe);
  close(short, 100 + 0.5 * 10, 'still window 3');
  close(long, 100 + 0.2 * 10, 'still window 9');
});

test.run();
