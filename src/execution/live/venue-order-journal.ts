/**
 * The live executor's journal of working orders, in memory that outlives its thread (the
 * topology's execution state, shared memory): per order its OrderEvent record as last written,
 * and how much of it has been *published* (filled quantity and notional) and why we asked for
 * its cancellation. A restarted executor reads it to take over the orders its predecessor had
 * working (venue-execution.ts).
 *
 * Layout: a header (a magic number saying the layout has been laid out), then `maxOrders` slots
 * of an OrderEvent record followed by the slot's meta. A slot is active from `claim` to `release`.
 */
import { OrderEvent } from '../../shm/records.js';

const MAGIC = 0x7e5a;
const HEADER_F64 = 2;
const META = { active: 0, publishedQty: 1, publishedNotional: 2, cancelReason: 3 } as const;
const SLOT_F64 = OrderEvent.f64 + 4;

export class VenueOrderJournal {
  /** The whole journal; slot s's record starts at `recordBase(s)`. */
  readonly f64: Float64Array;
  /** Each slot's OrderEvent record (a view of `f64`). */
  private readonly records: Float64Array[];

  /** Bytes of journal for `maxOrders` working orders. */
  static bytesFor(maxOrders: number): number {
    return (HEADER_F64 + maxOrders * SLOT_F64) * 8;
  }

  /** On `memory` laid out by a predecessor the slots are kept; on fresh memory they are cleared. */
  constructor(readonly maxOrders: number, memory: ArrayBufferLike = new ArrayBuffer(VenueOrderJournal.bytesFor(maxOrders))) {
    const bytes = VenueOrderJournal.bytesFor(maxOrders);
    if (memory.byteLength < bytes) throw new Error(`venue order journal: needs ${bytes} bytes for ${maxOrders} orders, got ${memory.byteLength}`);
    this.f64 = new Float64Array(memory, 0, bytes / 8);
    if (this.f64[0] !== MAGIC) {
      this.f64.fill(0);
      this.f64[0] = MAGIC;
    }
    this.records = Array.from({ length: maxOrders }, (_, s) => this.f64.subarray(this.recordBase(s), this.recordBase(s) + OrderEvent.f64));
  }

  recordBase(slot: number): number {
    return HEADER_F64 + slot * SLOT_F64;
  }

  record(slot: number): Float64Array {
    return this.records[slot];
  }

  /** A free slot, now active with nothing published (its record zeroed); -1 when all are in use. */
  claim(): number {
    for (let slot = 0; slot < this.maxOrders; slot++) {
      if (this.meta(slot, META.active) !== 0) continue;
      this.records[slot].fill(0);
      const m = this.metaBase(slot);
      this.f64[m + META.publishedQty] = 0;
      this.f64[m + META.publishedNotional] = 0;
      this.f64[m + META.cancelReason] = 0;
      this.f64[m + META.active] = 1;
      return slot;
    }
    return -1;
  }

  release(slot: number): void {
    this.f64[this.metaBase(slot) + META.active] = 0;
  }

  /** The slots active now (a predecessor's working orders, right after construction). */
  activeSlots(): number[] {
    const slots: number[] = [];
    for (let slot = 0; slot < this.maxOrders; slot++) if (this.meta(slot, META.active) !== 0) slots.push(slot);
    return slots;
  }

  /** A fill of the slot's order was published: `cumQty` filled in all, `notional` more traded. */
  published(slot: number, cumQty: number, notional: number): void {
    const m = this.metaBase(slot);
    this.f64[m + META.publishedQty] = cumQty;
    this.f64[m + META.publishedNotional] += notional;
  }

  publishedQty(slot: number): number {
    return this.meta(slot, META.publishedQty);
  }

  publishedNotional(slot: number): number {
    return this.meta(slot, META.publishedNotional);
  }

  cancelReason(slot: number): number {
    return this.meta(slot, META.cancelReason);
  }

  setCancelReason(slot: number, reason: number): void {
    this.f64[this.metaBase(slot) + META.cancelReason] = reason;
  }

  private metaBase(slot: number): number {
    return this.recordBase(slot) + OrderEvent.f64;
  }

  private meta(slot: number, field: number): number {
    return this.f64[this.metaBase(slot) + field];
  }
}
