// `execution.orderStyle: auto` on one venue: each intent takes (a market order) when its edge
// beats half the spread it was priced across plus the fee difference, and rests at the near touch
// (a limit order) otherwise. Runs the real ExecutionStage in one thread.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExecutionStage } from '../../../src/workers/stages/execution-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { OrderEvent, OrderEventType, OrderType, SizedIntent } from '../../../src/shm/records.js';
import { defaultConfigPath, loadConfig } from '../../../src/pipeline/config.js';
import { stageRuntime } from '../../support/stage-runtime.js';
import { buyIntent, watermark } from './intent-fixture.js';

test('a strong edge is a market order, a weak one a limit order at the bid', () => {
  const defaults = loadConfig(defaultConfigPath('crypto'));
  const { rt } = stageRuntime('L4', { ...defaults, execution: { ...defaults.execution, orderStyle: 'auto' } });
  try {
    const events = rt.ring('order_events');
    const stage = new ExecutionStage(rt, new RingPort(rt, events, rt.telemetry), 0);
    stage.beginBatch();
    // Priced at the ask 47,000 with the mid at 46,995: a spread of ~2.1 bps, so the hurdle is ~1.06 bps (equal fees).
    [30, 0.5].forEach((edge, i) => {
      const intent = buyIntent(1_640_995_200_000_000 + i, 10 * (i + 1), i + 1);
      intent[SizedIntent.edgeBps] = edge;
      intent[SizedIntent.arrivalMid] = 46_995;
      stage.process(intent, 0);
      stage.process(watermark(10 * (i + 1) + 1), 0);
    });
    rt.markBatchOut();
    stage.endBatch();
    const submitted: [number, number][] = [];
    for (let k = 0; k < events.available(); k++) {
      const at = events.readIndex(k);
      if (events.f64[at + OrderEvent.event] === OrderEventType.Submitted) submitted.push([events.f64[at + OrderEvent.orderType], events.f64[at + OrderEvent.limitPrice]]);
    }
    assert.equal(submitted, [[OrderType.Market, 47_000], [OrderType.Limit, 46_990]]);
  } finally {
    rt.finish();
  }
});

test.run();
