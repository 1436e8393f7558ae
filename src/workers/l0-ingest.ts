/**
 * L0 ingest worker: market events in, Features records out to L1. The source is the in-process
 * synthetic market, a venue connector reading websockets (the simulated exchange on loopback, or
 * the real venue), or a replay of history files; all feed the same IngestStage.
 */
import { LayerRuntime } from './layer-runtime.js';
import { IngestStage } from './stages/ingest-stage.js';
import { VenueId } from '../shm/records.js';
import { runSyntheticSource } from './sources/synthetic-source.js';
import { runVenueSource } from './sources/venue-source.js';
import { runReplaySource } from './sources/replay-source.js';
import { runRecordingSource } from './sources/recording-source.js';
import { isRecording } from '../data/record/recording-file.js';

const rt = new LayerRuntime();
const out = rt.ring('features');
if (rt.endpoints) {
  if (rt.config.pipeline.tickPolicy === 'block' && rt.restarts === 0) {
    rt.log('pipeline.tickPolicy "block" needs a source that can wait; a venue feed conflates instead');
  }
  await runVenueSource(rt, new IngestStage(rt, out, VenueId.Sim, 'conflate'), rt.endpoints);
} else if (rt.config.source.kind === 'replay' && isRecording(rt.config.source.replayFiles[0])) {
  await runRecordingSource(rt, new IngestStage(rt, out, VenueId.Replay, 'wait'), rt.config.source.replayFiles[0]);
} else if (rt.config.source.kind === 'replay') {
  await runReplaySource(rt, new IngestStage(rt, out, VenueId.Replay, 'wait'));
} else {
  await runSyntheticSource(rt, new IngestStage(rt, out, VenueId.Synthetic, 'config'));
}
out.close();
rt.finish();
