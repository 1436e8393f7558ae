/**
 * L0 ingest worker: market events in, Features records out to L1. The source is either the
 * in-process synthetic market (paced here) or a venue connector reading websockets (the
 * simulated exchange on loopback, or the real venue), both feeding the same IngestStage.
 */
import { LayerRuntime } from './layer-runtime.js';
import { IngestStage } from './stages/ingest-stage.js';
import { VenueId } from '../shm/records.js';
import { runSyntheticSource } from './sources/synthetic-source.js';
import { runVenueSource } from './sources/venue-source.js';

const rt = new LayerRuntime();
const out = rt.ring('features');
if (rt.endpoints) {
  if (rt.config.pipeline.tickPolicy === 'block' && rt.restarts === 0) {
    rt.log('pipeline.tickPolicy "block" needs a source that can wait; a venue feed conflates instead');
  }
  await runVenueSource(rt, new IngestStage(rt, out, VenueId.Sim, false), rt.endpoints);
} else {
  await runSyntheticSource(rt, new IngestStage(rt, out, VenueId.Synthetic, true));
}
out.close();
rt.finish();
