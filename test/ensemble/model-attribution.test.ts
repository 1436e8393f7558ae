// The packed attribution: six (model, share) pairs in two doubles, exact integers, read back by
// name; ties go to the lower model index; shares round to 1/4095.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packAttribution, unpackAttribution } from '../../src/ensemble/model-attribution.js';

const NAMES = Array.from({ length: 31 }, (_, k) => `m${k}`);

function roundTrip(sizes: number[]): Record<string, number> {
  const out = new Float64Array(4);
  const terms = Float64Array.from([7, ...sizes]);
  packAttribution(terms, 1, sizes.length, out, 1);
  assert.equal([...terms], [7, ...sizes], 'the terms are only read');
  assert.is(out[0], 0, 'writes only its two slots');
  assert.is(out[3], 0);
  assert.ok(Number.isSafeInteger(out[1]) && Number.isSafeInteger(out[2]), 'exact integers');
  return unpackAttribution(out[1], out[2], NAMES);
}

test('shares by name, the largest first, to 1/4095', () => {
  assert.equal(roundTrip([0, 3, 1]), { m1: 3071 / 4095, m2: 1024 / 4095 });
  assert.equal(roundTrip([5]), { m0: 1 });
});

test('the last model index the code can name', () => {
  const sizes = new Array(31).fill(0);
  sizes[30] = 1;
  assert.equal(roundTrip(sizes), { m30: 1 });
});

test('ties go to the lower index, and only six are kept', () => {
  const got = roundTrip([1, 1, 1, 1, 1, 1, 1, 1]);
  assert.equal(Object.keys(got), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  for (const share of Object.values(got)) assert.is(share, 512 / 4095);
});

test('no model spoke: both slots 0, nothing attributed', () => {
  const out = new Float64Array(2).fill(7);
  packAttribution(new Float64Array(3), 0, 3, out, 0);
  assert.equal([...out], [0, 0]);
  assert.equal(unpackAttribution(0, 0, NAMES), {});
});

test.run();
