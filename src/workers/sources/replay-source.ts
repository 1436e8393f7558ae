/**
 * History files as L0's source (`--source replay --replay FILE...`): each candle file becomes the
 * documented sequence of quotes and trades (see data/replay/candle-events.ts), merged across
 * files in event-time order, through the same IngestStage as live data. Every decision
 * downstream reads the events' own time, so the replay's pace does not change what is decided.
 *
 * The ring never conflates here: a full ring makes the replay wait, so every bar of every file
 * reaches L1 and two replays of the same files see the same events. When the files are done, L0
 * closes its ring and the session ends by itself after the drain.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';
import type { IngestStage } from '../stages/ingest-stage.js';
import { CandleEventSource, MergedEventSource } from '../../data/replay/candle-events.js';
import { readCandleFile } from '../../data/replay/candle-file.js';
import { MARKET_EVENT_F64, MarketEvent } from '../../data/synthetic-market.js';
import { defaultTickSize } from '../../data/start-prices.js';
import { monoNs } from '../../shm/clock.js';
import { ReplayPacer } from '../../data/replay/replay-pacer.js';
import { ControlWord } from '../../pipeline/topology.js';
import { Counter, FEED_COUNTERS } from '../../pipeline/telemetry.js';
import { REPLAY_ROWS_PREFIX } from '../../pipeline/stage-graph.js';
import { CANDLE_REJECT_REASONS } from '../../data/replay/candle-series.js';

/** L0 feed counter of each CANDLE_REJECT_REASONS entry. */
const REPLAY_REJECT_SLOTS = CANDLE_REJECT_REASONS.map((reason) => FEED_COUNTERS.indexOf(`${REPLAY_ROWS_PREFIX}${reason}`));

/** Events between publishes (and checks of the stop flag and the clock). */
const BATCH = 256;

export async function runReplaySource(rt: LayerRuntime, stage: IngestStage): Promise<void> {
  const cfg = rt.config;
  const sources = cfg.source.replayFiles.map((file, symbol) => {
    // The run command's checks read the files already: their bars come with the worker's data.
    const series = rt.replaySeries?.[symbol] ?? readCandleFile(file);
    const rejected = series.rejects.reduce((a, b) => a + b, 0);
    // Skipped rows by reason, summed over the files: /metrics and the summary report them.
    series.rejects.forEach((n, reason) => { if (n > 0) rt.telemetry.feed.inc(REPLAY_REJECT_SLOTS[reason], n); });
    rt.log(`replay ${file}: ${series.count} bars (${series.format}) as ${cfg.symbols[symbol]}${rejected > 0 ? `; ${series.rejectSummary}` : ''}`);
    if (series.jumpCount > 0) rt.log(`replay ${series.jumpSummary}`);
    return new CandleEventSource(series, symbol, {
      tickSize: series.count > 0 ? defaultTickSize(series.close[0]) : 0,
      volumeInQuote: cfg.source.replayVolumeIn === 'quote',
    });
  });
  const merged = new MergedEventSource(sources);
  const event = new Float64Array(MARKET_EVENT_F64);
  const counters = rt.telemetry.counters;
  const pacer = new ReplayPacer(cfg.source.replaySpeed);
  const stopping = (): boolean => rt.stopRequested || Atomics.load(rt.control, ControlWord.stopIngest) !== 0;

  const paced = pacer.speed > 0;
  /**
   * Hold until the event at `eventUs` is due at the replay's speed, in slices that keep the
   * heartbeat going and see the stop flag; what is decoded goes out before the pause. True if
   * the session is stopping.
   */
  async function holdUntilDue(eventUs: number): Promise<boolean> {
    stage.publish();
    for (let waitUs = pacer.waitUs(eventUs, monoNs() / 1000); waitUs >= 1000; waitUs = pacer.waitUs(eventUs, monoNs() / 1000)) {
      rt.beat();
      if (stopping()) return true;
      await sleep(Math.min(waitUs / 1000, 50));
    }
    rt.times[BatchTime.batchIn] = monoNs(); // the pause is not latency
    return false;
  }

  let more = true;
  while (more && !stopping()) {
    rt.beat();
    rt.times[BatchTime.batchIn] = monoNs();
    for (let i = 0; i < BATCH; i++) {
      if (!merged.next(event)) { more = false; break; }
      // Each event waits for its own time (a batch can span hours of a candle file's time).
      if (paced && pacer.waitUs(event[MarketEvent.ts], monoNs() / 1000) >= 1000 && await holdUntilDue(event[MarketEvent.ts])) break;
      stage.ingest(event, 0);
    }
    stage.publish();
    let bars = 0;
    for (const s of sources) bars += s.barsRead;
    counters.set(Counter.bars, bars);
    rt.maybeCrash();
    if (rt.dueForYield()) await rt.yieldNow();
  }
  let events = 0;
  for (const s of sources) events += s.eventsEmitted;
  rt.log(more ? `replay stopped early after ${events} events` : `replay finished: ${counters.get(Counter.bars)} bars, ${events} events`);
}
