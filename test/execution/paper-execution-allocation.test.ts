// PaperExecution.execute allocates nothing, with a realistic (non-small-integer) nowTs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../src/shm/allocation-check.js';
import { PaperExecution } from '../../src/execution/paper-execution.js';
import { OrderEvent, SizedIntent, VenueId } from '../../src/shm/records.js';

test('execute: 0 GCs over 2M intents', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const SLOTS = 64;
  const intents = new Float64Array(SizedIntent.f64 * SLOTS);
  for (let k = 0; k < SLOTS; k++) {
    const b = k * SizedIntent.f64;
    intents[b + SizedIntent.t0] = 1.5e12 + k * 0.5;
    intents[b + SizedIntent.seq] = k + 1;
    intents[b + SizedIntent.instrument] = k % 4;
    intents[b + SizedIntent.side] = k % 2 === 0 ? 1 : -1;
    intents[b + SizedIntent.quantity] = k % 17 === 0 ? NaN : 0.5 + k * 0.01; // some rejected
    intents[b + SizedIntent.limitPrice] = 100.25 + k * 0.01;
  }
  const events = new Float64Array(OrderEvent.f64 * 2 * SLOTS);
  const ex = new PaperExecution({ feeBps: 7.5 });
  const clock = new Float64Array([1.7e15 + 0.5]);
  const report = countGcs((i) => {
    const k = i & (SLOTS - 1);
    clock[0] += 1.5;
    ex.execute(intents, k * SizedIntent.f64, events, 2 * k * OrderEvent.f64, (2 * k + 1) * OrderEvent.f64, clock[0]);
  }, 2_000_000);
  assert.ok(events[3 * OrderEvent.f64 + OrderEvent.feeUsd] > 0);
  assert.ok(ex.rejects[1] > 0);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
