// Orders and fills carry event time, never the wall clock: an intent from a market event in 2021
// gives an order stamped with that event's time and a fill stamped with the time of the market
// state it met, so VaR and every time-based rule downstream run on the market's time. Runs the
// real ExecutionStage in one thread.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExecutionStage } from '../../../src/workers/stages/execution-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { Header, MarketState, OrderEvent, OrderEventType, RecordKind } from '../../../src/shm/records.js';
import { stageRuntime } from '../../support/stage-runtime.js';
import { buyIntent, watermark } from './intent-fixture.js';

test('submissions carry the decision time, fills the time of the market state they met', () => {
  const env = stageRuntime('L4');
  const { rt } = env;
  try {
    const events = rt.ring('order_events');
    const stage = new ExecutionStage(rt, new RingPort(rt, events, rt.telemetry), 0);
    const decided = [1_640_995_200_000_000, 1_640_995_260_000_000];
    const filledAt = [1_640_995_200_250_000, 1_640_995_260_500_000];
    stage.beginBatch();
    decided.forEach((ts, i) => {
      stage.process(buyIntent(ts, 10 * (i + 1), i + 1), 0);
      // Sizing has decided on the next event too.
      stage.process(watermark(10 * (i + 1) + 1), 0);
      const market = new Float64Array(MarketState.f64);
      market[Header.kind] = RecordKind.MarketState;
      market[Header.ts] = filledAt[i];
      market[Header.origin] = 10 * (i + 1) + 1;
      market[MarketState.bidPrice] = 46_999;
      market[MarketState.bidQty] = 1;
      market[MarketState.askPrice] = 47_000;
      market[MarketState.askQty] = 1;
      assert.ok(stage.processSide(0, market, 0), 'the watermark has passed it, so it applies');
    });
    rt.markBatchOut();
    stage.endBatch();
    assert.is(events.available(), 6, 'submitted, accepted and filled per intent');
    for (let i = 0; i < 2; i++) {
      const [submitted, accepted, filled] = [0, 1, 2].map((k) => events.readIndex(3 * i + k));
      assert.is(events.f64[submitted + OrderEvent.event], OrderEventType.Submitted);
      assert.is(events.f64[submitted + OrderEvent.ts], decided[i], 'the submission carries the decision event time');
      assert.is(events.f64[accepted + OrderEvent.event], OrderEventType.Accepted);
      assert.is(events.f64[filled + OrderEvent.event], OrderEventType.Filled);
      assert.is(events.f64[filled + OrderEvent.ts], filledAt[i], 'the fill carries its market state time');
      assert.ok(events.f64[filled + OrderEvent.ts] < Date.UTC(2022, 1, 1) * 1000, 'no wall-clock time in a record');
    }
  } finally {
    rt.finish();
  }
});

test('a market state ahead of the intents waits on its ring', () => {
  const env = stageRuntime('L4');
  const { rt } = env;
  try {
    const stage = new ExecutionStage(rt, new RingPort(rt, rt.ring('order_events'), rt.telemetry), 0);
    const market = new Float64Array(MarketState.f64);
    market[Header.kind] = RecordKind.MarketState;
    market[Header.origin] = 5;
    stage.beginBatch();
    assert.is(stage.processSide(0, market, 0), false, 'sizing has not decided on event 5 yet');
    stage.process(watermark(5), 0);
    assert.is(stage.processSide(0, market, 0), true, 'it has now');
    stage.endBatch();
  } finally {
    rt.finish();
  }
});

test.run();
