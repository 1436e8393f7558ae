/**
 * L3 sizing worker: BlendedEdge in, a SizedIntent out when the target position moved enough.
 * Positions come back from L5 through the portfolio seqlock block.
 */
import { LayerRuntime } from './layer-runtime.js';
import { SizingStage } from './stages/sizing-stage.js';
import { SizedIntent } from '../shm/records.js';
import { Counter } from '../pipeline/telemetry.js';

const rt = new LayerRuntime();
const input = rt.ring('blended');
const out = rt.ring('intents');
const counters = rt.telemetry.counters;
const lastIntent = out.lastPublishedIndex();
const stage = new SizingStage(rt, lastIntent >= 0 ? out.f64[lastIntent + SizedIntent.seq] : 0);

// Intents are sized into a scratch record and copied into the ring only when one is emitted, so
// an edge that yields no intent never claims a slot.
const scratch = new Float64Array(SizedIntent.f64);

await rt.consume(input, (n) => {
  stage.beginBatch();
  let emitted = 0;
  for (let i = 0; i < n; i++) {
    if (!stage.size(input.f64, input.readIndex(i), scratch, 0)) continue;
    const o = rt.claimOne(out);
    for (let k = 0; k < SizedIntent.f64; k++) out.f64[o + k] = scratch[k];
    emitted++;
  }
  counters.inc(Counter.intents, emitted);
  rt.publishBatch(out, n);
});
out.close();
rt.finish();
