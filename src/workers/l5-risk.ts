/**
 * L5 risk worker: order events in, the portfolio snapshot (positions, equity, PnL, drawdown, VaR)
 * out through the portfolio seqlock block. The work is RiskStage's; this shell drives the ring.
 */
import { LayerRuntime } from './layer-runtime.js';
import { RiskStage } from './stages/risk-stage.js';

const rt = new LayerRuntime();
const events = rt.ring('order_events');
const stage = new RiskStage(rt);
const readIndex = (i: number): number => events.readIndex(i);

await rt.consume(events, (n) => {
  stage.onEvents(events.f64, readIndex, n);
  rt.markBatchOut();
  rt.recordLatency(n);
});
rt.finish();
