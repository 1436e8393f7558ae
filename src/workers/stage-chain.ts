/**
 * The stages of one thread, wired as the stage graph and the placement say: each stage's output
 * goes through a ChainPort straight into the next stage when both live in this thread, through a
 * RingPort when its reader lives in another. `runBatch` drives one batch of the first stage's
 * input through all of them. Used by the generic stage host (one group per worker) and by L0's
 * host in the single-thread placement.
 */
import type { SpscRing } from '../shm/spsc-ring.js';
import { OrderEvent, SizedIntent } from '../shm/records.js';
import { stageOf } from '../pipeline/stage-graph.js';
import type { LayerName } from '../pipeline/telemetry.js';
import type { LayerRuntime } from './layer-runtime.js';
import type { OutputPort, PipelineStage } from './stages/pipeline-stage.js';
import { ChainPort, RingPort } from './stages/output-ports.js';
import { AlphaStage } from './stages/alpha-stage.js';
import { EnsembleStage } from './stages/ensemble-stage.js';
import { SizingStage } from './stages/sizing-stage.js';
import { ExecutionStage } from './stages/execution-stage.js';
import { RiskStage } from './stages/risk-stage.js';

/** The newest value of `field` on a ring's last published record, 0 if none. */
function lastPublished(ring: SpscRing, field: number): number {
  const last = ring.lastPublishedIndex();
  return last >= 0 ? ring.f64[last + field] : 0;
}

/**
 * One stage of the graph. Intent ids and executed intents continue across restarts from what the
 * rings still hold (both are written by one stage only, so their last published records say
 * where the predecessor stopped).
 */
function createStage(rt: LayerRuntime, layer: LayerName, out: OutputPort | null): PipelineStage {
  const need = (): OutputPort => {
    if (out === null) throw new Error(`stage ${layer} needs an output`);
    return out;
  };
  const lastExecuted = (): number => lastPublished(rt.ring('order_events'), OrderEvent.intentId);
  switch (layer) {
    case 'L1': return new AlphaStage(rt, need());
    case 'L2': return new EnsembleStage(rt, need());
    case 'L3': return new SizingStage(rt, need(), Math.max(lastPublished(rt.ring('intents'), SizedIntent.seq), lastExecuted()));
    case 'L4': return new ExecutionStage(rt, need(), lastExecuted());
    case 'L5': return new RiskStage(rt);
    default: throw new Error(`stage ${layer} is a source: it has a host of its own`);
  }
}

export class StageChain {
  readonly stages: readonly PipelineStage[];
  /** The ring the last stage publishes to another thread (null: the chain ends in this thread). */
  readonly outputRing: SpscRing | null;
  private readonly first: PipelineStage;

  /** `layers`: consecutive non-source layers of the graph, all run by this thread. */
  constructor(private readonly rt: LayerRuntime, layers: readonly LayerName[]) {
    const stages: PipelineStage[] = [];
    let next: PipelineStage | null = null;
    let outputRing: SpscRing | null = null;
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      const output = stageOf(layer).output;
      let port: OutputPort | null = null;
      if (output !== null && next !== null) {
        port = new ChainPort(output.layout, next, rt.telemetryOf(layer), rt.telemetryOf(layers[i + 1]));
      } else if (output !== null) {
        outputRing = rt.ring(output.ring);
        port = new RingPort(rt, outputRing, rt.telemetryOf(layer));
      }
      next = createStage(rt, layer, port);
      stages.unshift(next);
    }
    if (next === null) throw new Error('StageChain: no layers');
    this.first = next;
    this.stages = stages;
    this.outputRing = outputRing;
  }

  /** The input closed and drained: every stage's shutdown, then close the chain's output ring. */
  shutdown(): void {
    for (const stage of this.stages) stage.shutdown?.();
    this.outputRing?.close();
  }

  /** Drive `n` records of `input` through every stage; the caller releases them afterwards. */
  runBatch(input: SpscRing, n: number): void {
    const stages = this.stages;
    for (let s = 0; s < stages.length; s++) stages[s].beginBatch();
    const f64 = input.f64;
    for (let i = 0; i < n; i++) this.first.process(f64, input.readIndex(i));
    this.rt.markBatchOut();
    for (let s = 0; s < stages.length; s++) stages[s].endBatch();
    this.rt.recordLatency(n);
  }
}
