// Execution keeps an intent's order events together: before each intent (not before a
// watermark) it asks its port for room for a whole intent's events, so a full ring is published
// between intents and never in the middle of one (a restarted executor skips every intent up to
// the newest one on the ring). Runs the real ExecutionStage in one thread.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExecutionStage } from '../../../src/workers/stages/execution-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { stageRuntime } from '../../support/stage-runtime.js';
import { buyIntent, watermark } from './intent-fixture.js';

class RoomCountingPort extends RingPort {
  readonly asked: number[] = [];
  override makeRoom(records: number): void {
    this.asked.push(records);
    super.makeRoom(records);
  }
}

test('room for a whole intent is asked before each intent, not before a watermark', () => {
  const { rt } = stageRuntime('L4');
  try {
    const port = new RoomCountingPort(rt, rt.ring('order_events'), rt.telemetry);
    const stage = new ExecutionStage(rt, port, 0);
    stage.beginBatch();
    for (let i = 1; i <= 3; i++) {
      stage.process(buyIntent(1_640_995_200_000_000 + i, 10 * i, i), 0);
      stage.process(watermark(10 * i + 1), 0);
    }
    assert.is(port.asked.length, 3, 'once per intent');
    assert.ok(port.asked.every((n) => n >= 9), `room for submitted, accepted, five levels, beyond them and an end: ${port.asked}`);
  } finally {
    rt.finish();
  }
});

test.run();
