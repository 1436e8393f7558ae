/**
 * L0 ingest worker: market events in, Features records out to L1. The source is the in-process
 * synthetic market, a venue connector reading websockets (the simulated exchange on loopback, or
 * the real venue), or a replay of history files; all feed the same IngestStage.
 */
import { LayerRuntime } from './layer-runtime.js';
import { IngestStage } from './stages/ingest-stage.js';
import { InstrumentRegistry } from '../core/instrument-registry.js';
import { runSyntheticSource } from './sources/synthetic-source.js';
import { runVenueSource } from './sources/venue-source.js';
import { runReplaySource } from './sources/replay-source.js';
import { runRecordingSource } from './sources/recording-source.js';
import { isRecording } from '../data/record/recording-file.js';

const rt = new LayerRuntime();
const out = rt.ring('features');
// Every instrument of a session sits on the session's venue (see core/instrument-registry.ts).
const venue = InstrumentRegistry.fromConfig(rt.config).get(0).venueId;
if (rt.endpoints) {
  if (rt.config.pipeline.tickPolicy === 'block' && rt.restarts === 0) {
    rt.log('pipeline.tickPolicy "block" needs a source that can wait; a venue feed conflates instead');
  }
  await runVenueSource(rt, new IngestStage(rt, out, venue, 'conflate'), rt.endpoints);
} else if (rt.config.source.kind === 'replay' && isRecording(rt.config.source.replayFiles[0])) {
  await runRecordingSource(rt, new IngestStage(rt, out, venue, 'wait'), rt.config.source.replayFiles[0]);
} else if (rt.config.source.kind === 'replay') {
  await runReplaySource(rt, new IngestStage(rt, out, venue, 'wait'));
} else {
  await runSyntheticSource(rt, new IngestStage(rt, out, venue, 'config'));
}
out.close();
rt.finish();
