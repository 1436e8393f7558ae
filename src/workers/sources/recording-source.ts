/**
 * A recording (`tradebot record`) as L0's source: the frames, snapshots and connection events
 * are fed, in the order they were received and stamped with their receive times, to the same
 * connector that read them live (Binance, Coinbase Exchange or Alpaca, by the recording's
 * protocol: replayed-connector.ts), with no socket in between. Frames the recorder sent are not
 * sent again: the recorded replies to them follow in the file. The book procedure, the
 * decoder and the IngestStage therefore run exactly as they did, and the replay waits for ring
 * space instead of conflating, so two replays of one recording see the same events. At
 * `--speed N` each record waits until N times its recorded receive time has passed.
 */
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';
import type { IngestStage } from '../stages/ingest-stage.js';
import { RecordKind, RecordingReader } from '../../data/record/recording-file.js';
import { replayedConnector } from './replayed-connector.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { monoNs } from '../../shm/clock.js';
import { ReplayPacer } from '../../data/replay/replay-pacer.js';
import { ControlWord } from '../../pipeline/topology.js';
import { Counter, FEED_COUNTERS } from '../../pipeline/telemetry.js';

/** Records between heartbeats, publishes and looks at the stop flag. */
const BATCH = 256;

export async function runRecordingSource(rt: LayerRuntime, stage: IngestStage, path: string): Promise<void> {
  const symbols = rt.config.symbols;
  const reader = new RecordingReader(path);
  const connector = replayedConnector(rt, stage, reader.header);
  const stopping = (): boolean => rt.stopRequested || Atomics.load(rt.control, ControlWord.stopIngest) !== 0;
  const pacer = new ReplayPacer(rt.config.source.replaySpeed);
  const startedNs = monoNs();
  let n = 0;
  let frames = 0;
  for (const record of reader.records()) {
    if (pacer.speed > 0 && await paced(record.receivedAtUs)) break;
    if ((n++ & (BATCH - 1)) === 0) {
      rt.beat();
      rt.times[BatchTime.batchIn] = monoNs();
      rt.maybeCrash();
      publishTotals();
      if (stopping()) break;
      if (rt.dueForYield()) await rt.yieldNow();
    }
    if (record.kind === RecordKind.Frame) {
      frames++;
      connector.receiveFrame(record.payload, record.receivedAtUs / 1000);
    } else if (record.kind === RecordKind.Snapshot) {
      const s = symbols.indexOf(record.symbol);
      if (s >= 0) connector.applySnapshot(s, record.payload);
    } else if (record.kind === RecordKind.Connection && record.event === 'open') {
      connector.connectionOpened();
    }
  }
  stage.publish();

  /** The connector's counters to shared memory; its closed bars (recorded klines) are the session's `bars`. */
  function publishTotals(): void {
    const totals = connector.totals();
    FEED_COUNTERS.forEach((name, i) => rt.telemetry.feed.set(i, totals[name] ?? 0));
    rt.telemetry.counters.set(Counter.bars, totals.bars ?? 0);
  }

  /**
   * Wait until the record is due at the replay's speed, in slices that keep the heartbeat going
   * and see the stop flag. Returns true if the session is stopping.
   */
  async function paced(receivedAtUs: number): Promise<boolean> {
    let waitUs = pacer.waitUs(receivedAtUs, monoNs() / 1000);
    if (waitUs < 1000) return false;
    stage.publish(); // what is decoded goes out before the pause, not after it
    while (waitUs >= 1000) {
      rt.beat();
      if (stopping()) return true;
      await sleep(Math.min(waitUs / 1000, 50));
      waitUs = pacer.waitUs(receivedAtUs, monoNs() / 1000);
    }
    rt.times[BatchTime.batchIn] = monoNs(); // the pause is not latency
    return false;
  }

  publishTotals();
  const seconds = ((monoNs() - startedNs) / 1e9).toFixed(2);
  rt.log(`recording replayed: ${frames} frames in ${seconds} s${pacer.speed > 0 ? ` at ${pacer.speed}x` : ''}${reader.truncated ? ' (the file ends mid-record: the rest was lost when it was written)' : ''}`);
}
