/**
 * L4 execution worker: SizedIntent in, an Order and its paper Fill out. Records tick-to-order
 * latency: the order's send time minus the t0 its market event got in L0.
 */
import { LayerRuntime } from './layer-runtime.js';
import { ExecutionStage } from './stages/execution-stage.js';

const rt = new LayerRuntime();
const input = rt.ring('intents');
const orders = rt.ring('orders');
const fills = rt.ring('fills');
const stage = new ExecutionStage(rt, orders, fills, rt.telemetry);

await rt.consume(input, (n) => {
  stage.beginBatch();
  for (let i = 0; i < n; i++) stage.execute(input.f64, input.readIndex(i));
  rt.markBatchOut();
  stage.endBatch();
  rt.recordLatency(n);
});
orders.close();
fills.close();
rt.finish();
