// Pending position: an emitted intent counts as filled until the caller settles it (or it
// expires), so the sizer does not re-emit the same intent every tick before the fill round-trips.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FixedFractionSizer } from '../../src/sizing/fixed-fraction.js';
import { SizedIntent } from '../../src/shm/records.js';
import { blended, params } from './fixture.js';

const close = (a: number, b: number, msg = '') => assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${msg} ${a} != ${b}`);
const out = new Float64Array(SizedIntent.f64);

test('emits once, then not again while the intent is pending', () => {
  const sizer = new FixedFractionSizer(1);
  const positions = new Float64Array(1);
  const p = params();
  assert.ok(sizer.size(blended(), 0, p, positions, out, 0));
  close(sizer.pendingPositionUsd(0), 3_000);
  for (let t = 1; t <= 100; t++) {
    assert.not.ok(sizer.size(blended({ ts: 1_000_000 + t * 1_000 }), 0, p, positions, out, 0), `tick ${t}`);
  }
  // A stronger signal tops up only the difference to the pending-inclusive position.
  assert.ok(sizer.size(blended({ confidence: 0.45, ts: 1_200_000 }), 0, p, positions, out, 0));
  close(out[SizedIntent.notionalUsd], 1_500);
  close(sizer.pendingPositionUsd(0), 4_500);
});

test('settling moves pending into the position: still no re-emission, and pending never flips sign', () => {
  const sizer = new FixedFractionSizer(1);
  const positions = new Float64Array(1);
  const p = params();
  sizer.size(blended(), 0, p, positions, out, 0);
  // The fill lands: the snapshot shows it, and the caller settles the same notional.
  positions[0] = 3_000;
  sizer.settle(0, 3_000);
  assert.is(sizer.pendingPositionUsd(0), 0);
  assert.not.ok(sizer.size(blended({ ts: 1_100_000 }), 0, p, positions, out, 0));
  // More settled than pending (e.g. an expired intent filled late): clamps at 0.
  sizer.settle(0, 500);
  assert.is(sizer.pendingPositionUsd(0), 0);
  // Partial settlement and an opposite-signed fill.
  sizer.size(blended({ edgeBps: -10, ts: 1_200_000 }), 0, p, positions, out, 0); // target -3000: sell 6000
  close(sizer.pendingPositionUsd(0), -6_000);
  sizer.settle(0, -2_000);
  close(sizer.pendingPositionUsd(0), -4_000);
  sizer.settle(0, 1_000); // a buy fill does not grow a pending sell
  close(sizer.pendingPositionUsd(0), -4_000);
});

test('pending expires after pendingTtlUs of event time, so a lost intent is re-sent', () => {
  const sizer = new FixedFractionSizer(1, { pendingTtlUs: 2_000_000 });
  const positions = new Float64Array(1);
  const p = params();
  assert.ok(sizer.size(blended({ ts: 10_000_000 }), 0, p, positions, out, 0));
  assert.not.ok(sizer.size(blended({ ts: 11_999_999 }), 0, p, positions, out, 0));
  assert.ok(sizer.size(blended({ ts: 12_000_001 }), 0, p, positions, out, 0));
  close(out[SizedIntent.notionalUsd], 3_000);
});

test('clearPending drops it explicitly', () => {
  const sizer = new FixedFractionSizer(2);
  const positions = new Float64Array(2);
  sizer.size(blended({ instrument: 1 }), 0, params(), positions, out, 0);
  close(sizer.pendingPositionUsd(1), 3_000);
  sizer.clearPending(1);
  assert.is(sizer.pendingPositionUsd(1), 0);
  sizer.size(blended({ instrument: 0 }), 0, params(), positions, out, 0);
  sizer.clearAllPending();
  assert.is(sizer.pendingPositionUsd(0), 0);
});

test.run();
