// L5's step in one thread: a fill a venue resends (same venue and trade id, a new event) is booked
// once; a restarted L5 restores the published snapshot and skips the events it already includes,
// so replaying the crashed batch books nothing twice; submissions are counted, not booked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Counter } from '../../../src/pipeline/telemetry.js';
import { RiskStage } from '../../../src/workers/stages/risk-stage.js';
import { OrderEvent, OrderEventType, RecordKind, VenueId } from '../../../src/shm/records.js';
import { PortfolioSnapshot } from '../../../src/risk/portfolio.js';
import { restarted as restartedRuntime, stageRuntime } from '../../support/stage-runtime.js';

const E = OrderEvent.f64;

function events(list: Array<{ seq: number; event: number; tradeId?: number; venue?: number; qty?: number }>): Float64Array {
  const f64 = new Float64Array(list.length * E);
  list.forEach((e, i) => {
    const b = i * E;
    f64[b + OrderEvent.kind] = RecordKind.OrderEvent;
    f64[b + OrderEvent.ts] = 1_700_000_000_000_000 + e.seq;
    f64[b + OrderEvent.seq] = e.seq;
    f64[b + OrderEvent.event] = e.event;
    f64[b + OrderEvent.instrument] = 0;
    f64[b + OrderEvent.venue] = e.venue ?? VenueId.Sim;
    f64[b + OrderEvent.side] = 1;
    f64[b + OrderEvent.tradeId] = e.tradeId ?? 0;
    f64[b + OrderEvent.lastQty] = e.event === OrderEventType.Filled ? (e.qty ?? 1) : 0;
    f64[b + OrderEvent.lastPrice] = e.event === OrderEventType.Filled ? 100 : 0;
  });
  return f64;
}
function feed(stage: RiskStage, f64: Float64Array, n: number): void {
  stage.beginBatch();
  for (let i = 0; i < n; i++) stage.process(f64, i * E);
  stage.endBatch();
}

test('a resent fill is booked once; a restarted L5 skips what its snapshot holds', () => {
  const env = stageRuntime('L5');
  const { config, topo, rt } = env;
  const batch = events([
    { seq: 1, event: OrderEventType.Submitted },
    { seq: 2, event: OrderEventType.Filled, tradeId: 501 },
    { seq: 3, event: OrderEventType.Filled, tradeId: 501 }, // the venue sent it again
    { seq: 4, event: OrderEventType.Filled, tradeId: 501, venue: VenueId.Binance }, // same id, other venue
  ]);
  try {
    const stage = new RiskStage(rt);
    feed(stage, batch, 4);
    const c = topo.telemetry.L5.counters;
    assert.is(c.get(Counter.fills_booked), 2);
    assert.is(c.get(Counter.orders_seen), 1);
    assert.is(c.get(Counter.duplicates_skipped), 1);
    assert.is(stage.portfolio.positionQty(0), 2);

    // Restart: the ring still holds the batch; the new L5 books none of it again.
    const rt2 = restartedRuntime(env);
    const restarted = new RiskStage(rt2);
    feed(restarted, batch, 4);
    assert.is(restarted.portfolio.positionQty(0), 2, 'nothing booked twice');
    assert.is(c.get(Counter.duplicates_skipped), 5);
    const snap = new Float64Array(topo.portfolio.fieldCount);
    topo.portfolio.read(snap);
    assert.is(snap[PortfolioSnapshot.fills], 2);
    assert.is(snap[PortfolioSnapshot.lastEventSeq], 4);
    rt2.finish();
  } finally {
    rt.finish();
  }
});

test.run();
