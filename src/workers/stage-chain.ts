/**
 * The stages of one thread, wired as the stage graph and the placement say: each stage's output
 * goes through a ChainPort straight into the next stage when both live in this thread, through a
 * RingPort when its reader lives in another. `runBatch` drives one batch of the first stage's
 * input through all of them. Used by the generic stage host (one group per worker) and by L0's
 * host in the single-thread placement.
 *
 * Side inputs always arrive on rings. A side ring whose producer runs in this thread
 * (`inThread`) is drained by `drainLocalSideInputs` after each batch, since no other thread
 * will; the others are the host's to wait on (`runSideBatch`).
 */
import type { SpscRing } from '../shm/spsc-ring.js';
import { RING_SPECS, stageOf } from '../pipeline/stage-graph.js';
import { Counter, type LayerTelemetry } from '../pipeline/telemetry.js';
import type { LayerName } from '../pipeline/telemetry.js';
import type { LayerRuntime } from './layer-runtime.js';
import type { OutputPort, PipelineStage } from './stages/pipeline-stage.js';
import { ChainPort, RingPort } from './stages/output-ports.js';
import { createStage } from './stages/stage-factories.js';

/** A side input of one of the chain's stages. */
export interface SideInput {
  readonly ring: string;
  readonly stage: PipelineStage;
  /** Its index in the stage's `sideInputs`. */
  readonly k: number;
  /** The reading stage's telemetry (counts `side_records_in`). */
  readonly telemetry: LayerTelemetry;
  /** Its producer runs in this thread (see the header comment). */
  readonly local: boolean;
  /** The reading stage and the chain's stages after it: a side batch's outputs reach them too. */
  readonly batch: readonly PipelineStage[];
}

export class StageChain {
  readonly stages: readonly PipelineStage[];
  /** The ring the last stage publishes to another thread (null: the chain ends in this thread). */
  readonly outputRing: SpscRing | null;
  readonly sideInputs: readonly SideInput[];
  private readonly first: PipelineStage;
  /** The local side inputs with their rings, attached once. */
  private readonly localSides: readonly { readonly side: SideInput; readonly ring: SpscRing }[];

  /**
   * `layers`: consecutive non-source layers of the graph, all run by this thread; `inThread`:
   * every layer the thread runs (a source host runs its source stage besides the chain).
   */
  constructor(private readonly rt: LayerRuntime, layers: readonly LayerName[], inThread: readonly LayerName[] = layers) {
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
      next = createStage(stageOf(layer).role, rt, port);
      stages.unshift(next);
    }
    if (next === null) throw new Error('StageChain: no layers');
    this.first = next;
    this.stages = stages;
    this.outputRing = outputRing;
    this.sideInputs = layers.flatMap((layer, i) => (stageOf(layer).sideInputs ?? []).map((ring, k) => {
      if (stages[i].processSide === undefined) throw new Error(`stage ${layer} declares side input ${ring} but cannot process one`);
      const producer = RING_SPECS.find((r) => r.name === ring)!.producer;
      return { ring, stage: stages[i], k, telemetry: rt.telemetryOf(layer), local: inThread.includes(producer), batch: stages.slice(i) };
    }));
    this.localSides = this.sideInputs.filter((s) => s.local).map((side) => ({ side, ring: rt.ring(side.ring) }));
  }

  /**
   * Drive up to `n` records of a side input through its stage, as a batch of their own; returns
   * how many it took (the stage may hold the rest back). The caller releases that many.
   */
  runSideBatch(side: SideInput, input: SpscRing, n: number): number {
    const stage = side.stage;
    const batch = side.batch;
    for (let s = 0; s < batch.length; s++) batch[s].beginBatch();
    const f64 = input.f64;
    let taken = 0;
    while (taken < n && stage.processSide!(side.k, f64, input.readIndex(taken)) !== false) taken++;
    for (let s = 0; s < batch.length; s++) batch[s].endBatch();
    side.telemetry.counters.inc(Counter.side_records_in, taken);
    return taken;
  }

  /** Read every side ring this thread itself writes (see the header comment). */
  drainLocalSideInputs(): void {
    const sides = this.localSides;
    for (let s = 0; s < sides.length; s++) this.drainSide(sides[s].side, sides[s].ring);
  }

  private drainSide(side: SideInput, ring: SpscRing): void {
    const n = ring.available();
    if (n === 0) return;
    ring.release(this.runSideBatch(side, ring, n));
  }

  /**
   * The input closed and drained: every stage's shutdown in chain order, then close the chain's
   * output ring. A stage's side inputs are drained just before its own shutdown: what it held
   * back waited for the stages before it, which have finished by then.
   */
  /** Before shutdown: let each stage finish its asynchronous work (a live venue's cancels), in chain order. */
  async settle(): Promise<void> {
    for (const stage of this.stages) if (stage.settle !== undefined) await stage.settle();
  }

  shutdown(): void {
    for (const stage of this.stages) {
      for (const side of this.sideInputs) if (side.stage === stage) this.drainSide(side, this.rt.ring(side.ring));
      stage.shutdown?.();
    }
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
