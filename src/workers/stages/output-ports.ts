/**
 * The two ways a stage's records leave it. `RingPort`: onto a ring another thread reads, published
 * once per batch (one release store and at most one wake-up per batch, not per record).
 * `ChainPort`: straight into the next stage's `process` in the same thread, from a small scratch
 * area; the record never touches shared memory. Both count what passes as the producing layer's
 * `records_out` (and a chain as the consuming layer's `records_in`) once per batch.
 */
import type { SpscRing } from '../../shm/spsc-ring.js';
import type { RecordLayout } from '../../shm/records.js';
import { Counter, type LayerTelemetry } from '../../pipeline/telemetry.js';
import type { LayerRuntime } from '../layer-runtime.js';
import type { OutputPort, PipelineStage } from './pipeline-stage.js';

export class RingPort implements OutputPort {
  readonly f64: Float64Array;

  /** `flush`, bound once: the runtime calls it mid-batch when the batch alone fills the ring. */
  private readonly publishClaimed: () => void;

  constructor(private readonly rt: LayerRuntime, readonly ring: SpscRing, private readonly producer: LayerTelemetry) {
    this.f64 = ring.f64;
    this.publishClaimed = () => { this.flush(); };
  }

  claim(): number {
    return this.rt.claimOne(this.ring, this.publishClaimed);
  }

  commit(): void {
    // Published with the rest of the batch in flush().
  }

  unclaim(): void {
    this.ring.unclaim(1);
  }

  makeRoom(records: number): void {
    const ring = this.ring;
    if (ring.pendingClaims() === 0) return;
    // Look for room by claiming it and giving it straight back: the claim only moves a counter.
    const room = ring.tryClaim(records);
    ring.unclaim(room);
    if (room < records) this.flush();
  }

  flush(): number {
    const sent = this.ring.pendingClaims();
    if (sent === 0) return 0;
    this.ring.publish();
    this.producer.counters.inc(Counter.records_out, sent);
    this.rt.noteFill(this.ring);
    return sent;
  }
}

/** Records a stage may hold claimed at once before committing them (execution claims two). */
const CHAIN_SLOTS = 4;

export class ChainPort implements OutputPort {
  readonly f64: Float64Array;
  /** [claimed and not yet committed, offset of the next claim, records passed this batch] */
  private readonly state = new Int32Array(3);

  constructor(
    private readonly layout: RecordLayout,
    private readonly next: PipelineStage,
    private readonly producer: LayerTelemetry,
    private readonly consumer: LayerTelemetry,
  ) {
    this.f64 = new Float64Array(layout.f64 * CHAIN_SLOTS);
  }

  claim(): number {
    const s = this.state;
    if (s[0] === CHAIN_SLOTS) throw new Error(`ChainPort: more than ${CHAIN_SLOTS} ${this.layout.name} records claimed before a commit`);
    const base = s[1];
    s[0]++;
    s[1] += this.layout.f64;
    return base;
  }

  commit(base: number): void {
    const s = this.state;
    s[2]++;
    this.next.process(this.f64, base);
    // Claims are committed in order; once none is outstanding the scratch starts over.
    if (--s[0] === 0) s[1] = 0;
  }

  unclaim(): void {
    const s = this.state;
    s[0]--;
    s[1] -= this.layout.f64;
  }

  flush(): number {
    const passed = this.state[2];
    this.state[2] = 0;
    if (passed > 0) {
      this.producer.counters.inc(Counter.records_out, passed);
      this.consumer.counters.inc(Counter.records_in, passed);
    }
    return passed;
  }
}
