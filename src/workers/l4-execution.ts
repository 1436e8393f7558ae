/**
 * L4 execution worker: SizedIntent in, the order's events (OrderSubmitted, OrderFilled) out.
 * Records tick-to-order latency: the order's send time minus the t0 its market event got in L0.
 */
import { LayerRuntime } from './layer-runtime.js';
import { ExecutionStage } from './stages/execution-stage.js';

const rt = new LayerRuntime();
const input = rt.ring('intents');
const events = rt.ring('order_events');
const stage = new ExecutionStage(rt, events, rt.telemetry);

await rt.consume(input, (n) => {
  stage.beginBatch();
  for (let i = 0; i < n; i++) stage.execute(input.f64, input.readIndex(i));
  rt.markBatchOut();
  stage.endBatch();
  rt.recordLatency(n);
});
events.close();
rt.finish();
