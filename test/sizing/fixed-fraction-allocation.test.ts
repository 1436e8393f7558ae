// FixedFractionSizer.size (emitting, skipping and rejecting) and settle allocate nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertNoGc } from '../support/allocation.js';
import { FixedFractionSizer } from '../../src/sizing/fixed-fraction.js';
import { BlendedEdge, SizedIntent } from '../../src/shm/records.js';
import { params } from './fixture.js';

test('size + settle: 0 GCs over 2M records', () => {
  const SLOTS = 64;
  const SYMBOLS = 4;
  const input = new Float64Array(BlendedEdge.f64 * SLOTS);
  for (let k = 0; k < SLOTS; k++) {
    const b = k * BlendedEdge.f64;
    input[b + BlendedEdge.t0] = 1.5e12 + k * 0.5;
    input[b + BlendedEdge.ts] = 1.7e15 + k * 1000.5;
    input[b + BlendedEdge.instrument] = k % SYMBOLS;
    input[b + BlendedEdge.edgeBps] = (k % 7) * 4.1 - 12;
    input[b + BlendedEdge.confidence] = k % 11 === 0 ? NaN : (k % 10) / 10;
    input[b + BlendedEdge.bid] = 99.5 + k * 0.01;
    input[b + BlendedEdge.ask] = 99.52 + k * 0.01;
  }
  const out = new Float64Array(SizedIntent.f64 * 8);
  const positions = new Float64Array(SYMBOLS);
  const p = params();
  const sizer = new FixedFractionSizer(SYMBOLS); // positions stay flat: it keeps emitting
  const emitted = new Float64Array(1);
  assertNoGc('size + settle', (i) => {
    const k = i & (SLOTS - 1);
    if (sizer.size(input, k * BlendedEdge.f64, p, positions, out, (i & 7) * SizedIntent.f64)) {
      emitted[0]++;
    }
  }, 2_000_000);
  assert.ok(emitted[0] > 1000, `emitted ${emitted[0]}`);
  assert.ok(sizer.rejects[4] > 0, 'NaN confidences were rejected');
});

test.run();
