/**
 * L5 risk worker: books fills into the portfolio and publishes its snapshot (positions, equity,
 * PnL, drawdown) through the portfolio seqlock block, which sizing and the metrics exporter read.
 * Orders are counted as they arrive; fills drive the state.
 */
import { LayerRuntime } from './layer-runtime.js';
import { Portfolio, PortfolioSnapshot } from '../risk/portfolio.js';
import { monoNs } from '../shm/clock.js';
import { RuntimeParam } from '../pipeline/params.js';
import { Counter } from '../pipeline/telemetry.js';

const rt = new LayerRuntime();
const fills = rt.ring('fills');
const orders = rt.ring('orders');
const counters = rt.telemetry.counters;
const symbolCount = rt.config.symbols.length;
const block = rt.portfolioBlock();
const snapshot = new Float64Array(block.fieldCount);
const portfolio = new Portfolio(symbolCount, rt.params[RuntimeParam.equityUsd]);
portfolio.writeSnapshot(snapshot);
block.write(snapshot);

function drainOrders(): void {
  const n = orders.available();
  if (n > 0) {
    orders.release(n);
    counters.inc(Counter.orders, n);
  }
}

await rt.consume(fills, (n, tIn) => {
  drainOrders();
  let booked = 0;
  for (let i = 0; i < n; i++) {
    const base = fills.readIndex(i);
    if (portfolio.onFill(fills.f64, base)) booked++;
    else counters.inc(Counter.bad_input);
  }
  portfolio.writeSnapshot(snapshot);
  block.write(snapshot);
  counters.inc(Counter.fills, booked);
  rt.recordLatency(n, tIn, monoNs());
});
drainOrders();
rt.finish();
