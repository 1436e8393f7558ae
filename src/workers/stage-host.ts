/**
 * The one worker file for every non-source thread: it runs the group of consecutive layers its
 * placement gave it (`workerData.group`: L1 alone in the layered placement, L1-L4 fused, ...),
 * reading the first layer's input ring and writing the last layer's output ring. The stages do
 * the work; this shell only drives the ring.
 */
import { workerData } from 'node:worker_threads';
import { LayerRuntime, type LayerWorkerData, type ThreadInput } from './layer-runtime.js';
import { StageChain } from './stage-chain.js';
import { stageOf, threadInputs } from '../pipeline/stage-graph.js';

const data = workerData as LayerWorkerData;
const rt = new LayerRuntime(data);
const group = data.group ?? [data.layer];
if (group.includes('L4') && rt.orderVenue !== null) rt.liveVenueModule = await import('../execution/live/live-order-venue.js');
const chain = new StageChain(rt, group);
const mainRing = stageOf(group[0]).input;
if (mainRing === null) throw new Error(`stage host: ${group[0]} reads no ring (a source has its own host)`);
// L4 of a live session waits on its venue's answers and reports: its thread keeps its event loop.
const network = group.some((layer) => stageOf(layer).network === true) || (group.includes('L4') && rt.orderVenue !== null);

const inputs: ThreadInput[] = threadInputs(rt.config.pipeline.topology, group).map((name) => {
  const ring = rt.ring(name);
  if (name === mainRing) {
    return {
      ring, main: true, telemetry: rt.telemetryOf(group[0]),
      onBatch: (n: number) => { chain.runBatch(ring, n); chain.drainLocalSideInputs(); },
    };
  }
  const side = chain.sideInputs.find((s) => s.ring === name);
  if (side === undefined) throw new Error(`stage host: no stage of ${group.join('+')} reads ${name}`);
  return {
    ring, main: false, telemetry: side.telemetry, onBatch: (n: number) => chain.runSideBatch(side, ring, n),
    followsMain: group.some((layer) => stageOf(layer).sideInputsFollowMain === true && stageOf(layer).sideInputs?.includes(name)),
  };
});

if (inputs.length === 1) {
  // One ring: sleep on its head (the common case, and the one the ring benchmarks measure).
  await rt.consume(inputs[0].ring, inputs[0].onBatch, inputs[0].telemetry, network);
} else {
  await rt.consumeMany(inputs, network);
}
await chain.settle();
chain.shutdown();
rt.finish();
