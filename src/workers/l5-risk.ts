/**
 * L5 risk worker: books fills into the portfolio, estimates VaR, and publishes the snapshot
 * (positions, equity, PnL, drawdown, VaR) through the portfolio seqlock block, which sizing and
 * the metrics exporter read. Orders are counted as they arrive; fills drive the state.
 *
 * Restart: the portfolio is rebuilt from the last snapshot its predecessor published, and fills
 * that snapshot already includes (fill id <= its last fill id) are skipped, so a crash between
 * publishing a snapshot and releasing the fills ring books nothing twice.
 */
import { LayerRuntime } from './layer-runtime.js';
import { Portfolio } from '../risk/portfolio.js';
import { ParametricVar } from '../risk/parametric-var.js';
import { Fill } from '../shm/records.js';
import { READ_FAILED } from '../shm/seqlock-block.js';
import { RuntimeParam } from '../pipeline/params.js';
import { Counter, SymbolGauge, symbolGaugeIndex } from '../pipeline/telemetry.js';

const rt = new LayerRuntime();
const fills = rt.ring('fills');
const orders = rt.ring('orders');
const counters = rt.telemetry.counters;
const symbolCount = rt.config.symbols.length;
const block = rt.portfolioWriter();
const snapshot = new Float64Array(block.fieldCount);
const portfolio = new Portfolio(symbolCount, rt.params[RuntimeParam.equityUsd]);
const risk = new ParametricVar(symbolCount);
if (rt.restarts > 0) {
  // A predecessor terminated mid-write left half of one snapshot and half of the next: booking
  // from that could count a fill twice or lose one, so it is no better than an empty book.
  if (block.read(snapshot) === READ_FAILED) {
    throw new Error('L5: the portfolio snapshot block holds no consistent snapshot (the previous L5 stopped mid-write); '
      + 'refusing to restart from a book that may mix two snapshots');
  }
  if (!portfolio.restoreSnapshot(snapshot)) throw new Error('L5: the last portfolio snapshot is unusable; refusing to restart from an empty book');
}

function publishSnapshot(): void {
  portfolio.writeSnapshot(snapshot);
  risk.writeVarPct(snapshot);
  block.write(snapshot);
}
publishSnapshot();

function drainOrders(): void {
  const n = orders.available();
  if (n > 0) {
    orders.release(n);
    counters.inc(Counter.orders, n);
  }
}

await rt.consume(fills, (n) => {
  drainOrders();
  let booked = 0;
  const f64 = fills.f64;
  for (let i = 0; i < n; i++) {
    const base = fills.readIndex(i);
    if (f64[base + Fill.fillId] <= portfolio.lastFillId()) { counters.inc(Counter.duplicates_skipped); continue; }
    if (!portfolio.onFill(f64, base)) { counters.inc(Counter.bad_input); continue; }
    risk.onMark(f64[base + Fill.symbol], f64[base + Fill.price], f64[base + Fill.ts]);
    rt.symbolGauges[symbolGaugeIndex(SymbolGauge.fills, f64[base + Fill.symbol], symbolCount)]++;
    booked++;
  }
  publishSnapshot();
  counters.inc(Counter.fills, booked);
  rt.markBatchOut();
  rt.recordLatency(n);
});
drainOrders();
rt.finish();
