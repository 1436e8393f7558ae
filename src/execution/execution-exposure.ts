/**
 * What execution has done with the intents it received, per instrument, in signed base quantity
 * (buys +, sells -), published once per batch through a seqlock block that sizing reads:
 *
 *   processed  every intent execution took off its ring, sent or refused
 *   filled     every fill its orders received
 *   open       what its working orders still have to fill
 *
 * With sizing's own count of what it emitted (`emitted`), the exposure the account is heading for
 * is exact and needs no timeout:
 *
 *   exposure = emitted - (processed - filled - open)
 *
 * (processed - filled - open is what was refused, cancelled or expired; emitted - processed is
 * what is still on the ring). A fill that has not reached the portfolio yet is already in it, which
 * is what keeps sizing from re-sending an intent while the round trip through L5 is under way.
 * With no refusals, processed - filled - open is exactly 0.0 and exposure is exactly `emitted`,
 * whenever the block is read: sizing decides the same whatever the threads' timing.
 *
 * Single writer (the execution stage); the values persist in shared memory across its restarts.
 */
import { OrderEvent, SizedIntent } from '../shm/records.js';
import { READ_FAILED, type SeqlockBlock } from '../shm/seqlock-block.js';

/** The block: processed[n], then filled[n], then open[n], per instrument. */
export const ExecutionExposureLayout = {
  fieldCount: (instruments: number): number => 3 * instruments,
};

export class ExecutionExposure {
  readonly values: Float64Array;
  private readonly n: number;

  constructor(instruments: number) {
    this.n = instruments;
    this.values = new Float64Array(ExecutionExposureLayout.fieldCount(instruments));
  }

  /** An intent came off the ring (whatever became of it). Non-finite quantities count as nothing. */
  onIntent(intent: Float64Array, base: number): void {
    const s = intent[base + SizedIntent.instrument];
    const q = intent[base + SizedIntent.side] * intent[base + SizedIntent.quantity];
    if (s >= 0 && s < this.n && q > -Infinity && q < Infinity) this.values[s] += q;
  }

  /** A fill event (OrderFilled or OrderPartiallyFilled) for one of this executor's orders. */
  onFill(event: Float64Array, base: number): void {
    const s = event[base + OrderEvent.instrument];
    const q = event[base + OrderEvent.side] * event[base + OrderEvent.lastQty];
    if (s >= 0 && s < this.n && q > -Infinity && q < Infinity) this.values[this.n + s] += q;
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
export function exposureQty(emitted: Float64Array, exposure: Float64Array, instruments: number, s: number): number {
  const unfilled = exposure[s] - exposure[instruments + s] - exposure[2 * instruments + s];
  return emitted[s] - unfilled;
}
