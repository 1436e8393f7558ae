// Exposure = emitted - released: intents on the ring, working orders and fills on their way
// count; refused intents and unfilled remainders do not; with neither it is exactly what sizing
// emitted, however the fills were split.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExecutionExposure, exposureQty } from '../../src/execution/execution-exposure.js';
import { OrderEvent, SizedIntent } from '../../src/shm/records.js';
import { SeqlockBlock } from '../../src/shm/seqlock-block.js';
import { buildRecord } from '../support/record-builder.js';

const intent = (instrument: number, side: number, quantity: number) => buildRecord(SizedIntent, { instrument, side, quantity });
const filled = (instrument: number, side: number, lastQty: number) => buildRecord(OrderEvent, { instrument, side, lastQty });
const ended = (instrument: number, side: number, leavesQty: number) => buildRecord(OrderEvent, { instrument, side, leavesQty });

test('in flight, filled in pieces, refused and cancelled', () => {
  const x = new ExecutionExposure(2);
  const emitted = new Float64Array([0.1 + 0.2 + 0.3, -5]); // sizing emitted three buys on 0, a sell on 1
  // The first two buys filled in pieces that do not sum back exactly; the third is on the ring.
  for (const q of [0.1, 0.2]) { x.onFill(filled(0, 1, q / 3), 0); x.onFill(filled(0, 1, q - q / 3), 0); }
  assert.is(exposureQty(emitted, x.values, 2, 0), emitted[0], 'exactly what was emitted');
  // The sell on 1 was refused: it is no exposure.
  x.onRefused(intent(1, -1, 5), 0);
  assert.is(exposureQty(emitted, x.values, 2, 1), 0);
  // A buy of 0.3 ended with 0.1 unfilled: 0.1 less.
  x.onEnded(ended(0, 1, 0.1), 0);
  assert.is(exposureQty(emitted, x.values, 2, 0), emitted[0] - 0.1);
});

test('non-finite quantities and unknown instruments count as nothing', () => {
  const x = new ExecutionExposure(1);
  x.onRefused(intent(0, 1, NaN), 0);
  x.onRefused(intent(3, 1, 1), 0);
  x.onFill(filled(0, 1, Infinity), 0);
  x.onEnded(ended(0, 1, NaN), 0);
  assert.ok(x.values.every((v) => v === 0));
});

test('a restarted executor continues from the published block', () => {
  const block = SeqlockBlock.create(4);
  const x = new ExecutionExposure(1);
  x.onRefused(intent(0, -1, 2), 0);
  x.setWorking(new Float64Array([1.5]), 17);
  x.publish(block);
  const restarted = new ExecutionExposure(1);
  restarted.restore(block);
  assert.equal(Array.from(restarted.values), [-2, 0, 1.5, 17]);
  assert.is(restarted.lastIntentId(), 17);
});

test.run();
