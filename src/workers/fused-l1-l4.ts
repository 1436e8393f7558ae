/**
 * L1-L4 fused into one worker (`pipeline.topology: fused`): features in, order events out,
 * with the alpha, ensemble, sizing and execution steps as direct calls on scratch records. The
 * domain code and the stages are the same ones the per-layer workers run; only the three ring
 * hops (and their thread wake-ups, the dominant latency on a small machine) are gone.
 *
 * This worker writes the L1..L4 telemetry blocks itself, as no other thread does in this topology.
 */
import { LayerRuntime } from './layer-runtime.js';
import { EnsembleStage } from './stages/ensemble-stage.js';
import { SizingStage } from './stages/sizing-stage.js';
import { ExecutionStage } from './stages/execution-stage.js';
import { AlphaStage } from './stages/alpha-stage.js';
import { Edges } from '../alpha/alpha-catalogue.js';
import { BlendedEdge, SizedIntent } from '../shm/records.js';
import { Counter } from '../pipeline/telemetry.js';

const rt = new LayerRuntime();
const input = rt.ring('features');
const events = rt.ring('order_events');
const alphas = new AlphaStage(rt);
const ensemble = new EnsembleStage(rt);
const execution = new ExecutionStage(rt, events, rt.telemetryOf('L4'));
const sizing = new SizingStage(rt, execution.lastIntentId());
const l1 = rt.telemetryOf('L1').counters;
const l3 = rt.telemetryOf('L3').counters;
const l4 = rt.telemetryOf('L4').counters;

const edges = new Float64Array(Edges.f64);
const blended = new Float64Array(BlendedEdge.f64);
const intent = new Float64Array(SizedIntent.f64);

await rt.consume(input, (n) => {
  alphas.beginBatch();
  ensemble.beginBatch();
  sizing.beginBatch();
  execution.beginBatch();
  let intents = 0;
  for (let i = 0; i < n; i++) {
    alphas.evaluate(input.f64, input.readIndex(i), edges, 0);
    ensemble.blend(edges, 0, blended, 0);
    if (!sizing.size(blended, 0, intent, 0)) continue;
    intents++;
    execution.execute(intent, 0);
  }
  rt.markBatchOut();
  execution.endBatch();
  l1.inc(Counter.records_in, n);
  l3.inc(Counter.intents, intents);
  l4.inc(Counter.records_in, intents);
  rt.recordLatency(n);
});
events.close();
rt.finish();
