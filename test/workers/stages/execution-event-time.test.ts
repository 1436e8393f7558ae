// Orders and fills carry the event time of the intent's market event, never the wall clock: an
// intent from a market event in 2021 gives an order and a fill stamped in 2021, so VaR and every
// time-based rule downstream run on the market's time. Runs the real ExecutionStage in one thread.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExecutionStage } from '../../../src/workers/stages/execution-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { OrderEvent, OrderEventType, Side, SizedIntent } from '../../../src/shm/records.js';
import { stageRuntime } from '../../support/stage-runtime.js';

test('order and fill times are the intent event times, in order', () => {
  const env = stageRuntime('L4');
  const { config, topo, rt } = env;
  try {
    const events = rt.ring('order_events');
    const stage = new ExecutionStage(rt, new RingPort(rt, events, rt.telemetry), 0);
    const times = [1_640_995_200_000_000, 1_640_995_260_000_000, 1_640_995_230_000_000]; // the last one arrives late
    stage.beginBatch();
    times.forEach((ts, i) => {
      const intent = new Float64Array(SizedIntent.f64);
      intent[SizedIntent.ts] = ts;
      intent[SizedIntent.seq] = i + 1;
      intent[SizedIntent.instrument] = 0;
      intent[SizedIntent.side] = Side.Buy;
      intent[SizedIntent.quantity] = 0.01;
      intent[SizedIntent.limitPrice] = 47_000;
      intent[SizedIntent.notionalUsd] = 470;
      assert.ok(stage.execute(intent, 0), `intent ${i + 1} executed`);
    });
    rt.markBatchOut();
    stage.endBatch();
    assert.is(events.available(), 6, 'a submission and a fill per intent');
    const fillTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const submitted = events.readIndex(2 * i);
      const filled = events.readIndex(2 * i + 1);
      assert.is(events.f64[submitted + OrderEvent.event], OrderEventType.Submitted);
      assert.is(events.f64[submitted + OrderEvent.ts], times[i], 'the submission carries the decision event time');
      assert.is(events.f64[filled + OrderEvent.event], OrderEventType.Filled);
      fillTimes.push(events.f64[filled + OrderEvent.ts]);
    }
    // Fills never go back in time: the late event is stamped with the newest time seen.
    assert.equal(fillTimes, [times[0], times[1], times[1]]);
    assert.ok(fillTimes.every((t) => t < Date.UTC(2022, 1, 1) * 1000), 'no wall-clock time in a record');
  } finally {
    rt.finish();
  }
});

test.run();
