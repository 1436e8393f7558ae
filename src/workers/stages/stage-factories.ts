/**
 * How each non-source stage of the graph is built, by its role (`StageSpec.role`). A new stage
 * is a file of its own, a row in src/pipeline/stage-graph.ts and an entry here; the hosts, the
 * placements, the rings and the metrics follow from the graph.
 *
 * A stage gets its runtime and its main output port. Intent ids and executed intents continue
 * across restarts from what the rings still hold (each is written by one stage only, so its last
 * published record says where the predecessor stopped).
 */
import type { SpscRing } from '../../shm/spsc-ring.js';
import { OrderEvent, SizedIntent } from '../../shm/records.js';
import type { LayerRuntime } from '../layer-runtime.js';
import type { OutputPort, PipelineStage } from './pipeline-stage.js';
import { AlphaStage } from './alpha-stage.js';
import { EnsembleStage } from './ensemble-stage.js';
import { SizingStage } from './sizing-stage.js';
import { ExecutionStage } from './execution-stage.js';
import { RiskStage } from './risk-stage.js';

/** `out`: the stage's main output (null for a stage at the end of the line). */
export type StageFactory = (rt: LayerRuntime, out: OutputPort | null) => PipelineStage;

/** The newest value of `field` on a ring's last published record, 0 if none. */
function lastPublished(ring: SpscRing, field: number): number {
  const last = ring.lastPublishedIndex();
  return last >= 0 ? ring.f64[last + field] : 0;
}

const lastExecuted = (rt: LayerRuntime): number => lastPublished(rt.ring('order_events'), OrderEvent.intentId);

function needs(role: string, out: OutputPort | null): OutputPort {
  if (out === null) throw new Error(`stage ${role} needs an output`);
  return out;
}

export const STAGE_FACTORIES: Readonly<Record<string, StageFactory>> = Object.freeze({
  alpha: (rt, out) => new AlphaStage(rt, needs('alpha', out)),
  ensemble: (rt, out) => new EnsembleStage(rt, needs('ensemble', out)),
  sizing: (rt, out) => new SizingStage(
    rt, needs('sizing', out), Math.max(lastPublished(rt.ring('intents'), SizedIntent.seq), lastExecuted(rt)),
  ),
  // Event numbers continue after the last one on the ring, or after the last the book holds (a
  // session resumed from its trail): a fill's trade id is its event number, and must not repeat.
  execution: (rt, out) => new ExecutionStage(
    rt, needs('execution', out), lastExecuted(rt), Math.max(lastPublished(rt.ring('order_events'), OrderEvent.seq), rt.portfolioLastEventSeq()),
  ),
  risk: (rt) => new RiskStage(rt),
});

export function createStage(role: string, rt: LayerRuntime, out: OutputPort | null): PipelineStage {
  const factory = STAGE_FACTORIES[role];
  if (factory === undefined) throw new Error(`no stage factory for role ${role} (a source stage has a host of its own)`);
  return factory(rt, out);
}
