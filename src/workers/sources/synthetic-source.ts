/**
 * The in-process synthetic market as L0's source (`--source synthetic`, and the benchmarks that
 * must exclude sockets).
 *
 * Pacing: at a fixed rate the worker sleeps ~1 ms and then emits every event that fell due, so a
 * 10k/s source sends bursts of ~10 (a spinning pacer would burn a core that six other threads
 * need). At rate 0 it emits as fast as the ring accepts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';
import type { IngestStage } from '../stages/ingest-stage.js';
import { SyntheticMarket, MARKET_EVENT_F64 } from '../../data/synthetic-market.js';
import { epochUs, monoNs } from '../../shm/clock.js';
import { ControlWord } from '../../pipeline/topology.js';
import { defaultStartPrice, defaultTickSize } from '../../data/start-prices.js';

export async function runSyntheticSource(rt: LayerRuntime, stage: IngestStage): Promise<void> {
  const cfg = rt.config;
  const market = new SyntheticMarket({
    symbols: cfg.symbols.map((s) => {
      const startPrice = cfg.source.startPrices?.[s] ?? defaultStartPrice(s);
      return { startPrice, annualVol: cfg.source.annualVol, tickSize: defaultTickSize(startPrice) };
    }),
    // A restarted L0 must not replay the same prices: derive the seed from the restart count.
    seed: cfg.source.seed + rt.restarts * 7919,
    assetClass: cfg.assetClass,
    startEpochUs: epochUs(),
    eventsPerSecond: cfg.source.ratePerSecond > 0 ? cfg.source.ratePerSecond : 100_000,
  });
  const event = new Float64Array(MARKET_EVENT_F64);
  const stopping = (): boolean => rt.stopRequested || Atomics.load(rt.control, ControlWord.stopIngest) !== 0;

  const rate = cfg.source.ratePerSecond;
  const startNs = monoNs();
  let emitted = 0;
  while (!stopping()) {
    rt.beat();
    const now = monoNs();
    rt.times[BatchTime.batchIn] = now;
    const due = rate > 0 ? Math.floor(((now - startNs) / 1e9) * rate) - emitted : 256;
    for (let i = 0; i < due; i++) {
      market.next(event);
      stage.ingest(event, 0);
    }
    emitted += due;
    stage.publish();
    rt.maybeCrash();
    if (rate > 0) await sleep(1);
    else if (rt.dueForYield()) await rt.yieldNow();
  }
  // Drain: whatever is conflated still goes out, then downstream learns the stream ended.
  while (stage.hasPending()) { stage.flushPending(); stage.publish(); await sleep(1); }
}
