// `execution.slicing: twap` through the real ExecutionStage: an intent over the threshold is one
// order that fills a slice per interval of event time; when the session ends before its last
// slice, the rest expires and is released to sizing (the exposure block), so nothing sized is
// left hanging.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExecutionStage } from '../../../src/workers/stages/execution-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { ExecutionExposureLayout } from '../../../src/execution/execution-exposure.js';
import { MarketState, OrderEvent, OrderEventType, RecordKind } from '../../../src/shm/records.js';
import { buildRecord } from '../../support/record-builder.js';
import { defaultConfigPath, loadConfig } from '../../../src/pipeline/config.js';
import { stageRuntime } from '../../support/stage-runtime.js';
import { buyIntent, watermark } from './intent-fixture.js';

const T0 = 1_640_995_200_000_000;

const market = (origin: number, ts: number): Float64Array => buildRecord(MarketState, {
  kind: RecordKind.MarketState, origin, ts, bidPrice: 46_999, bidQty: 1, askPrice: 47_000, askQty: 1,
});

test('twap over 2 slices: half on arrival, the other half one interval later; cut short, the rest is released', () => {
  const defaults = loadConfig(defaultConfigPath('crypto'));
  const execution = { ...defaults.execution, slicing: 'twap', slices: 2, sliceIntervalMs: 1000, sliceAboveUsd: 100 };
  for (const states of [3, 1]) {
    const { rt, topo } = stageRuntime('L4', { ...defaults, execution });
    try {
      const events = rt.ring('order_events');
      const stage = new ExecutionStage(rt, new RingPort(rt, events, rt.telemetry), 0);
      stage.beginBatch();
      stage.process(buyIntent(T0, 10, 1), 0);
      stage.process(watermark(Infinity), 0);
      for (let k = 1; k <= states; k++) assert.ok(stage.processSide(0, market(10 + k, T0 + k * 600_000), 0));
      rt.markBatchOut();
      stage.endBatch();
      stage.shutdown();
      const out: [number, number][] = [];
      for (let k = 0; k < events.available(); k++) {
        const at = events.readIndex(k);
        out.push([events.f64[at + OrderEvent.event], events.f64[at + OrderEvent.lastQty] || events.f64[at + OrderEvent.leavesQty]]);
      }
      const exposure = new Float64Array(ExecutionExposureLayout.fieldCount(defaults.symbols.length));
      topo.exposure.read(exposure);
      if (states === 3) {
        // Accepted at 0.6 s with its first slice; the second is due at 1.6 s, met by the state at 1.8 s.
        assert.equal(out.map((e) => e[0]), [OrderEventType.Submitted, OrderEventType.Accepted, OrderEventType.PartiallyFilled, OrderEventType.Filled]);
        assert.equal([out[2][1], out[3][1]], [0.005, 0.005]);
        assert.is(exposure[0], 0, 'all filled: nothing released');
      } else {
        assert.equal(out.map((e) => e[0]), [OrderEventType.Submitted, OrderEventType.Accepted, OrderEventType.PartiallyFilled, OrderEventType.Expired]);
        assert.is(out[3][1], 0.005, 'the second slice expired with the session');
        assert.is(exposure[0], 0.005, 'and was released to sizing');
      }
    } finally {
      rt.finish();
    }
  }
});

test.run();
