/**
 * L4 execution worker: SizedIntent in, an Order and (paper) its Fill out. Records tick-to-order
 * latency: the order's send time minus the t0 its market event got in L0.
 *
 * Restart safety: an intent is turned into an order at most once. A restarted L4 reads the last
 * order it published (still in its slot: only this layer writes that ring) and skips intents
 * up to that intent id, which a crash between publishing and releasing would otherwise replay.
 */
import { LayerRuntime, claimOne } from './layer-runtime.js';
import { PaperExecution } from '../execution/paper-execution.js';
import { Fill, Order, SizedIntent } from '../shm/records.js';
import { epochUs, monoNs } from '../shm/clock.js';
import { RuntimeParam } from '../pipeline/params.js';
import { Counter } from '../pipeline/telemetry.js';
import { VenueId } from '../shm/records.js';

const rt = new LayerRuntime();
const input = rt.ring('intents');
const orders = rt.ring('orders');
const fills = rt.ring('fills');
const counters = rt.telemetry.counters;
const execution = new PaperExecution({ feeBps: rt.params[RuntimeParam.feeBps], venue: VenueId.Synthetic });

const state = new Float64Array(1); // [last intent id turned into an order]
state[0] = -1;
const lastOrder = orders.lastPublishedIndex();
if (lastOrder >= 0) state[0] = orders.f64[lastOrder + Order.intentId];

await rt.consume(input, (n, tIn) => {
  if (rt.refreshParams()) execution.feeBps = rt.params[RuntimeParam.feeBps];
  let sent = 0;
  const nowUs = epochUs();
  for (let i = 0; i < n; i++) {
    const base = input.readIndex(i);
    const intentId = input.f64[base + SizedIntent.intentId];
    if (intentId <= state[0]) { counters.inc(Counter.duplicates_skipped); continue; }
    const o = claimOne(rt.wait, orders);
    const f = claimOne(rt.wait, fills);
    if (!execution.execute(input.f64, base, orders.f64, o, fills.f64, f, nowUs)) {
      counters.inc(Counter.rejects);
      orders.unclaim(1);
      fills.unclaim(1);
      continue;
    }
    // One paper fill per intent: the intent id doubles as order and fill id, which keeps both
    // unique and increasing across restarts of this worker.
    orders.f64[o + Order.orderId] = intentId;
    fills.f64[f + Fill.orderId] = intentId;
    fills.f64[f + Fill.fillId] = intentId;
    state[0] = intentId;
    sent++;
  }
  const tOut = monoNs();
  for (let i = 0; i < sent; i++) {
    rt.telemetry.sinceT0.record(tOut - orders.f64[orders.claimIndex(i) + Order.t0]);
  }
  // Orders first: a fill is never visible before the order it belongs to.
  orders.publish();
  fills.publish();
  counters.inc(Counter.intents, n);
  counters.inc(Counter.orders, sent);
  counters.inc(Counter.fills, sent);
  counters.inc(Counter.records_out, sent);
  rt.noteFill(orders);
  rt.recordLatency(n, tIn, tOut);
});
orders.close();
fills.close();
rt.finish();
