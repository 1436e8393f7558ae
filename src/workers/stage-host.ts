/**
 * The one worker file for every non-source thread: it runs the group of consecutive layers its
 * placement gave it (`workerData.group`: L1 alone in the layered placement, L1-L4 fused, ...),
 * reading the first layer's input ring and writing the last layer's output ring. The stages do
 * the work; this shell only drives the ring.
 */
import { workerData } from 'node:worker_threads';
import { LayerRuntime, type LayerWorkerData } from './layer-runtime.js';
import { StageChain } from './stage-chain.js';
import { stageOf } from '../pipeline/stage-graph.js';

const data = workerData as LayerWorkerData;
const rt = new LayerRuntime(data);
const group = data.group ?? [data.layer];
const chain = new StageChain(rt, group);
const inputRing = stageOf(group[0]).input;
if (inputRing === null) throw new Error(`stage host: ${group[0]} reads no ring (a source has its own host)`);
const input = rt.ring(inputRing);

const network = group.some((layer) => stageOf(layer).network === true);
await rt.consume(input, (n) => chain.runBatch(input, n), rt.telemetryOf(group[0]), network);
chain.shutdown();
rt.finish();
