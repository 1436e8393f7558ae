/**
 * L0 ingest worker: the synthetic market feeds the feature engine, which writes one Features
 * record per event into the L0 -> L1 ring.
 *
 * Pacing: at a fixed rate the worker sleeps ~1 ms and then emits every event that fell due, so a
 * 10k/s source sends bursts of ~10 (a spinning pacer would burn a core that six other threads
 * need). At rate 0 it emits as fast as the ring accepts.
 *
 * Full ring: with `tickPolicy: conflate` the latest features of a symbol replace any unsent ones
 * for that symbol (counted as conflated); with `block` the worker waits for space.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchTime, LayerRuntime } from './layer-runtime.js';
import { SyntheticMarket, MarketEvent } from '../data/synthetic-market.js';
import { FeatureEngine } from '../data/feature-engine.js';
import { Features, VenueId } from '../shm/records.js';
import { epochUs, monoNs } from '../shm/clock.js';
import { ControlWord } from '../pipeline/topology.js';
import { Counter } from '../pipeline/telemetry.js';
import { defaultStartPrice } from '../data/start-prices.js';

const rt = new LayerRuntime();
const cfg = rt.config;
const out = rt.ring('features');
const counters = rt.telemetry.counters;
const symbolCount = cfg.symbols.length;

const market = new SyntheticMarket({
  symbols: cfg.symbols.map((s) => ({
    startPrice: cfg.source.startPrices?.[s] ?? defaultStartPrice(s),
    annualVol: cfg.source.annualVol,
    tickSize: cfg.assetClass === 'stocks' ? 0.01 : 0.01,
  })),
  // A restarted L0 must not replay the same prices: derive the seed from the restart count.
  seed: cfg.source.seed + rt.restarts * 7919,
  assetClass: cfg.assetClass,
  startEpochUs: epochUs(),
  eventsPerSecond: cfg.source.ratePerSecond > 0 ? cfg.source.ratePerSecond : 100_000,
});
const features = new FeatureEngine(symbolCount, { shortWindow: cfg.strategy.shortWindow, longWindow: cfg.strategy.longWindow });
const event = new Float64Array(16);

// Per-symbol features waiting for ring space (conflation buffer).
const pending = new Float64Array(symbolCount * Features.f64);
const dirty = new Uint8Array(symbolCount);
const conflate = cfg.pipeline.tickPolicy === 'conflate';

function ingestOne(t0: number): void {
  const kind = market.next(event);
  const s = event[MarketEvent.symbol];
  const ok = kind === 1
    ? features.onTrade(s, event[MarketEvent.ts], event[MarketEvent.price], event[MarketEvent.size], event[MarketEvent.side])
    : features.onQuote(s, event[MarketEvent.ts], event[MarketEvent.bid], event[MarketEvent.bidSize], event[MarketEvent.ask], event[MarketEvent.askSize]);
  if (!ok) { counters.inc(Counter.bad_input); return; }
  counters.inc(Counter.records_in);
  // write() refuses (writes nothing) until the symbol has a quote: a trade alone has no book.
  if (!conflate) {
    if (!features.write(s, t0, VenueId.Synthetic, out.f64, rt.claimOne(out))) out.unclaim(1);
    return;
  }
  if (!features.write(s, t0, VenueId.Synthetic, pending, s * Features.f64)) return;
  if (dirty[s] === 1) counters.inc(Counter.conflated);
  dirty[s] = 1;
  flushPending();
}

/** Move conflated features into the ring while it has room. */
function flushPending(): void {
  for (let s = 0; s < symbolCount; s++) {
    if (dirty[s] === 0) continue;
    if (out.tryClaim(1) === 0) return;
    const dst = out.claimIndex(out.pendingClaims() - 1);
    const src = s * Features.f64;
    for (let k = 0; k < Features.f64; k++) out.f64[dst + k] = pending[src + k];
    dirty[s] = 0;
  }
}

function publish(): void {
  const n = out.pendingClaims();
  out.publish();
  counters.inc(Counter.records_out, n);
  rt.noteFill(out);
}

function stopping(): boolean {
  return rt.stopRequested || Atomics.load(rt.control, ControlWord.stopIngest) !== 0;
}

const rate = cfg.source.ratePerSecond;
const startNs = monoNs();
let emitted = 0;
while (!stopping()) {
  rt.beat();
  const now = monoNs();
  rt.times[BatchTime.batchIn] = now;
  const due = rate > 0 ? Math.floor(((now - startNs) / 1e9) * rate) - emitted : 256;
  for (let i = 0; i < due; i++) ingestOne(now);
  emitted += due;
  publish();
  rt.maybeCrash();
  if (rate > 0) await sleep(1);
  else if (rt.dueForYield()) await rt.yieldNow();
}
// Drain: whatever is conflated still goes out, then downstream learns the stream ended.
while (dirty.includes(1)) { flushPending(); publish(); await sleep(1); }
out.close();
rt.finish();
