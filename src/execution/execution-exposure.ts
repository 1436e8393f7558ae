/**
 * What execution has let go of, per instrument, in signed base quantity (buys +, sells -),
 * published once per batch through a seqlock block that sizing reads:
 *
 *   released  intents execution refused, and what its orders ended with unfilled (cancelled
 *             or expired remainders): quantity sizing emitted that will never be a position
 *   filled    every fill its orders received (for inspection; sizing does not need it)
 *   open      what its working orders still have to fill (likewise)
 *
 * then the newest intent id execution took in (what a restarted executor must not submit again).
 * With sizing's own count of what it emitted (`emitted`), the exposure the account is heading for
 * is exact and needs no timeout:
 *
 *   exposure = emitted - released
 *
 * An intent still on the ring, an order working and a fill not yet in the portfolio all count as
 * exposure already, which is what keeps sizing from re-sending an intent while the round trip
 * through L4 and L5 is under way. It moves only when something is released: with orders that fill
 * in full (paper takers) it is exactly `emitted` whenever the block is read, and sizing decides
 * the same whatever the threads' timing. Fills are not summed into it on purpose: the per-level
 * quantities of a walked book do not add back to the order's quantity bit for bit.
 *
 * Routed orders (routing-groups.ts): an intent of a group's lead becomes orders on the group's
 * instruments, and what any of them releases is released from the lead, where sizing counted it
 * as emitted (`leadOf`); fills and working quantities stay with the instrument that holds them.
 *
 * Single writer (the execution stage); the values persist in shared memory across its restarts.
 */
import { OrderEvent, SizedIntent } from '../shm/records.js';
import { READ_FAILED, type SeqlockBlock } from '../shm/seqlock-block.js';

/** The block: released[n], filled[n], open[n], then the newest intent id taken in. */
export const ExecutionExposureLayout = {
  fieldCount: (instruments: number): number => 3 * instruments + 1,
};

export class ExecutionExposure {
  readonly values: Float64Array;
  private readonly n: number;
  /** Per instrument, where its releases are counted (itself unless routed: see the header). */
  private readonly leadOf: Int32Array;

  constructor(instruments: number, leadOf: Int32Array = Int32Array.from({ length: instruments }, (_, s) => s)) {
    if (leadOf.length !== instruments) throw new Error(`execution exposure: leadOf has ${leadOf.length} entries for ${instruments} instruments`);
    this.n = instruments;
    this.leadOf = leadOf;
    this.values = new Float64Array(ExecutionExposureLayout.fieldCount(instruments));
  }

  /** An intent execution took off its ring and refused. Non-finite quantities count as nothing. */
  onRefused(intent: Float64Array, base: number): void {
    const s = intent[base + SizedIntent.instrument];
    const q = intent[base + SizedIntent.side] * intent[base + SizedIntent.quantity];
    if (s >= 0 && s < this.n && (s | 0) === s && q > -Infinity && q < Infinity) this.values[this.leadOf[s]] += q;
  }

  /** An order's last event, Cancelled or Expired: its unfilled remainder is released. */
  onEnded(event: Float64Array, base: number): void {
    const s = event[base + OrderEvent.instrument];
    const q = event[base + OrderEvent.side] * event[base + OrderEvent.leavesQty];
    if (s >= 0 && s < this.n && (s | 0) === s && q > -Infinity && q < Infinity) this.values[this.leadOf[s]] += q;
  }

  /** A fill event (OrderFilled or OrderPartiallyFilled) for one of this executor's orders. */
  onFill(event: Float64Array, base: number): void {
    const s = event[base + OrderEvent.instrument];
    const q = event[base + OrderEvent.side] * event[base + OrderEvent.lastQty];
    if (s >= 0 && s < this.n && q > -Infinity && q < Infinity) this.values[this.n + s] += q;
  }

  /** The working quantity per instrument (signed) and the newest intent id taken in. */
  setWorking(openQty: Float64Array, lastIntentId: number): void {
    const n = this.n;
    for (let s = 0; s < n; s++) this.values[2 * n + s] = openQty[s];
    this.values[3 * n] = lastIntentId;
  }

  /** The newest intent id a predecessor took in (0 if none). */
  lastIntentId(): number {
    return this.values[3 * this.n];
  }

  /**
   * Continue from what a predecessor published (a restart). A block its predecessor left
   * mid-write holds no consistent totals, and guessing would misstate every exposure: refuse.
   */
  restore(block: SeqlockBlock): void {
    if (block.version() === 0) return;
    if (block.read(this.values) === READ_FAILED) {
      throw new Error('execution: the exposure block holds no consistent version (the previous executor stopped mid-write); refusing to restart from unknown totals');
    }
  }

  publish(block: SeqlockBlock): void {
    block.write(this.values);
  }
}

/**
 * Signed exposure in base quantity for instrument `s`: `emitted[s]` is sizing's cumulative
 * emitted quantity, `exposure` a copy of the published block.
 */
export function exposureQty(emitted: Float64Array, exposure: Float64Array, _instruments: number, s: number): number {
  return emitted[s] - exposure[s];
}
