/**
 * L5 risk worker: reads the order events execution publishes, books fills into the portfolio,
 * estimates VaR, and publishes the snapshot (positions, equity, PnL, drawdown, VaR) through the
 * portfolio seqlock block, which sizing and the metrics exporter read.
 *
 * Restart: the portfolio is rebuilt from the last snapshot its predecessor published, and events
 * that snapshot already includes (event seq <= its last seq) are skipped, so a crash between
 * publishing a snapshot and releasing the ring books nothing twice. A fill whose (venue, trade id)
 * was booked before (a venue's resend) is skipped too.
 */
import { LayerRuntime } from './layer-runtime.js';
import { Portfolio } from '../risk/portfolio.js';
import { ParametricVar } from '../risk/parametric-var.js';
import { SeenTrades } from '../risk/seen-trades.js';
import { OrderEvent, OrderEventType } from '../shm/records.js';
import { RuntimeParam } from '../pipeline/params.js';
import { Counter, SymbolGauge, symbolGaugeIndex } from '../pipeline/telemetry.js';

const rt = new LayerRuntime();
const events = rt.ring('order_events');
const counters = rt.telemetry.counters;
const symbolCount = rt.config.symbols.length;
const block = rt.portfolioBlock();
const snapshot = new Float64Array(block.fieldCount);
const portfolio = new Portfolio(symbolCount, rt.params[RuntimeParam.equityUsd], rt.telemetry.refusals.view(0));
const risk = new ParametricVar(symbolCount);
const seenTrades = new SeenTrades();
if (rt.restarts > 0) {
  block.read(snapshot);
  if (!portfolio.restoreSnapshot(snapshot)) throw new Error('L5: the last portfolio snapshot is unusable; refusing to restart from an empty book');
}

// A reloaded risk.equityUsd is a deposit or withdrawal: the book and its snapshot show it at once.
rt.onParamsChanged = () => {
  if (portfolio.setStartingEquity(rt.params[RuntimeParam.equityUsd])) publishSnapshot();
};

function publishSnapshot(): void {
  portfolio.writeSnapshot(snapshot);
  risk.writeVarPct(snapshot);
  block.write(snapshot);
}
publishSnapshot();

await rt.consume(events, (n) => {
  let booked = 0;
  let orders = 0;
  const f64 = events.f64;
  for (let i = 0; i < n; i++) {
    const base = events.readIndex(i);
    if (f64[base + OrderEvent.seq] <= portfolio.lastEventSeq()) { counters.inc(Counter.duplicates_skipped); continue; }
    const type = f64[base + OrderEvent.event];
    if (type !== OrderEventType.Filled && type !== OrderEventType.PartiallyFilled) {
      if (type === OrderEventType.Submitted) orders++;
      portfolio.noteEvent(f64, base);
      continue;
    }
    if (!seenTrades.add(f64, base + OrderEvent.tradeId, base + OrderEvent.venue)) {
      counters.inc(Counter.duplicates_skipped);
      portfolio.noteEvent(f64, base);
      continue;
    }
    if (!portfolio.onFill(f64, base)) { counters.inc(Counter.bad_input); portfolio.noteEvent(f64, base); continue; }
    risk.onMark(f64[base + OrderEvent.instrument], f64[base + OrderEvent.lastPrice], f64[base + OrderEvent.ts]);
    rt.symbolGauges[symbolGaugeIndex(SymbolGauge.fills, f64[base + OrderEvent.instrument], symbolCount)]++;
    booked++;
  }
  publishSnapshot();
  counters.inc(Counter.orders_seen, orders);
  counters.inc(Counter.fills_booked, booked);
  rt.markBatchOut();
  rt.recordLatency(n);
});
rt.finish();
