// Exposure = emitted - (processed - filled - open): intents on the ring and fills on their way
// count, refused intents do not, and with no refusals it is exactly what sizing emitted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExecutionExposure, exposureQty } from '../../src/execution/execution-exposure.js';
import { OrderEvent, SizedIntent } from '../../src/shm/records.js';
import { SeqlockBlock } from '../../src/shm/seqlock-block.js';
import { buildRecord } from '../support/record-builder.js';

const intent = (instrument: number, side: number, quantity: number) => buildRecord(SizedIntent, { instrument, side, quantity });
const filled = (instrument: number, side: number, lastQty: number) => buildRecord(OrderEvent, { instrument, side, lastQty });

test('in flight, filled and refused', () => {
  const x = new ExecutionExposure(2);
  const emitted = new Float64Array([0.1 + 0.2 + 0.3, -5]); // sizing emitted three buys on 0, a sell on 1
  // Execution has taken the first two buys and filled them; the third is still on the ring.
  for (const q of [0.1, 0.2]) { x.onIntent(intent(0, 1, q), 0); x.onFill(filled(0, 1, q), 0); }
  assert.is(exposureQty(emitted, x.values, 2, 0), emitted[0], 'exactly what was emitted');
  // The sell on 1 was refused: it is no exposure.
  x.onIntent(intent(1, -1, 5), 0);
  assert.is(exposureQty(emitted, x.values, 2, 1), 0);
});

test('non-finite quantities and unknown instruments count as nothing', () => {
  const x = new ExecutionExposure(1);
  x.onIntent(intent(0, 1, NaN), 0);
  x.onIntent(intent(3, 1, 1), 0);
  x.onFill(filled(0, 1, Infinity), 0);
  assert.ok(x.values.every((v) => v === 0));
});

test('a restarted executor continues from the published block', () => {
  const block = SeqlockBlock.create(3);
  const x = new ExecutionExposure(1);
  x.onIntent(intent(0, -1, 2), 0);
  x.publish(block);
  const restarted = new ExecutionExposure(1);
  restarted.restore(block);
  assert.equal(Array.from(restarted.values), [-2, 0, 0]);
});

test.run();
