/**
 * L0 ingest worker: market events in, Features records out. The source is the in-process
 * synthetic market, a venue connector reading websockets (the simulated exchange on loopback, or
 * the real venue), or a replay of history files; all feed the same IngestStage.
 *
 * In the single-thread placement this thread also runs every other stage: each batch L0 publishes
 * is taken off the features ring and driven through the chain at once, so a session (or a
 * backtest) is one thread with nothing to schedule.
 */
import { workerData } from 'node:worker_threads';
import { LayerRuntime, type LayerWorkerData } from './layer-runtime.js';
import { IngestStage } from './stages/ingest-stage.js';
import { StageChain } from './stage-chain.js';
import { stageOf } from '../pipeline/stage-graph.js';
import { InstrumentRegistry } from '../core/instrument-registry.js';
import { Counter } from '../pipeline/telemetry.js';

const data = workerData as LayerWorkerData;
const rt = new LayerRuntime(data);
const out = rt.ring('features');
// Each record carries its instrument's venue: the session's, or per symbol on several venues.
const venues = Int32Array.from(InstrumentRegistry.fromConfig(rt.config, rt.venueMarkets).instruments, (i) => i.venueId);
const group = data.group ?? ['L0'];
/** Single-thread placement: the rest of the graph, run in this thread (set when the stage is built). */
const singleThread: { chain: StageChain | null } = { chain: null };

/** The source's stage (set when it is built; closed when the source ends). */
const source: { stage: IngestStage | null } = { stage: null };

function ingestStage(fullRing: 'config' | 'conflate' | 'wait', bookDepth: boolean): IngestStage {
  const stage = new IngestStage(rt, out, venues, fullRing, bookDepth);
  source.stage = stage;
  if (group.length > 1) runDownstreamHere(stage);
  return stage;
}

/** Single-thread placement: the rest of the graph consumes the features ring in this thread. */
function runDownstreamHere(stage: IngestStage): void {
  const chain = new StageChain(rt, group.slice(1), group);
  singleThread.chain = chain;
  const downstream = rt.telemetryOf(group[1]).counters;
  stage.afterPublish = () => {
    const n = out.available();
    if (n > 0) {
      chain.runBatch(out, n);
      out.release(n);
      downstream.inc(Counter.records_in, n);
      downstream.inc(Counter.batches);
    }
    chain.drainLocalSideInputs();
  };
  rt.drainDownstream = () => { stage.publish(); };
}

// Each source's module is loaded only when it is the one running: a worker's start is mostly
// module loading, and a candle replay needs neither websockets nor the venues' decoders.
if (rt.endpoints.length > 0) {
  if (rt.config.pipeline.tickPolicy === 'block' && rt.restarts === 0) {
    rt.log('pipeline.tickPolicy "block" needs a source that can wait; a venue feed conflates instead');
  }
  const { runVenueSource } = await import('./sources/venue-source.js');
  await runVenueSource(rt, ingestStage('conflate', true), rt.endpoints);
} else if (rt.config.source.kind === 'replay' && rt.replaySeries === null && (await import('../data/record/recording-file.js')).isRecording(rt.config.source.replayFiles[0])) {
  const { runRecordingSource } = await import('./sources/recording-source.js');
  await runRecordingSource(rt, ingestStage('wait', true), rt.config.source.replayFiles[0]);
} else if (rt.config.source.kind === 'replay') {
  const { runReplaySource } = await import('./sources/replay-source.js');
  await runReplaySource(rt, ingestStage('wait', false));
} else {
  const { runSyntheticSource } = await import('./sources/synthetic-source.js');
  await runSyntheticSource(rt, ingestStage('config', false));
}
source.stage?.close();
// Whatever the source did, every ring L0 writes ends closed, so its readers can finish.
for (const output of [stageOf('L0').output, ...stageOf('L0').sideOutputs ?? []]) if (output !== null) rt.ring(output.ring).close();
singleThread.chain?.drainLocalSideInputs();
singleThread.chain?.shutdown();
rt.finish();
