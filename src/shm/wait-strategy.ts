/**
 * What a ring side does when it cannot proceed: the consumer on an empty ring, the producer on a
 * full one. Named after the Disruptor's wait strategies; the choice is a config value.
 *
 * - `busy-spin`: poll forever. Lowest latency (0.1 us p50 one hop) when every spinning thread has a
 *   core of its own; with more threads than cores it steals the core the producer needs and
 *   latency collapses into scheduler slices (24-48 ms measured with six threads on two cores).
 * - `spin-then-park`: poll `spins` times, then announce "parked" and sleep in `Atomics.wait`
 *   until the other side notifies. The other side pays `Atomics.notify` only when the flag says
 *   somebody sleeps. A short spin (~200 iterations, ~1 us) catches bursts without sleeping; the
 *   default for oversubscribed machines.
 *
 * There is no `spin-then-yield`: JavaScript has no sched_yield, and `Atomics.wait` with timeout 0
 * returns without giving up the CPU, so a "yield" would be a busy-spin under another name.
 *
 * Never use a timed `Atomics.wait` for pacing: any timeout above zero oversleeps by ~80 us here.
 * The optional `parkTimeoutMs` exists only so a parked worker can come up for air (control
 * messages, shutdown checks) even if nobody notifies it.
 */

import { RingWord, type SpscRing } from './spsc-ring.js';

export type WaitStrategyName = 'busy-spin' | 'spin-then-park';

export interface WaitStrategyOptions {
  /** Polls before parking (spin-then-park only). Default 200. */
  spins?: number;
  /** Longest single sleep in ms; Infinity sleeps until notified. Default Infinity. */
  parkTimeoutMs?: number;
}

export interface WaitStrategy {
  readonly name: WaitStrategyName;
  /**
   * Consumer: wait until at least one record is readable. Returns `available()`, which is 0 only if
   * the ring was closed and drained, or a park timed out.
   */
  awaitReadable(ring: SpscRing): number;
  /**
   * Producer: claim up to `n` slots, waiting while the ring is full. Returns the number granted,
   * which is 0 only if a park timed out. The caller writes and publishes them as with `tryClaim`.
   */
  awaitClaim(ring: SpscRing, n: number): number;
  /**
   * Consumer, for a thread whose event loop must keep running while it waits (a stage that talks
   * to the network: its socket callbacks cannot sit behind an `Atomics.wait`): the same spin, then
   * a park in `Atomics.waitAsync`, which returns to the event loop until the producer notifies.
   * Resolves like `awaitReadable`. Each park allocates a promise: idle time only, not per record.
   */
  awaitReadableAsync(ring: SpscRing): Promise<number>;
  /**
   * Consumer of several rings (a stage with side inputs, or a thread whose stages read rings
   * from more than one other thread): wait until any of `rings` has a record. It cannot sleep on
   * every ring's head at once, so it sleeps on `doorbell[index]`, which each ring's producer bumps
   * when it finds the consumer parked (`SpscRing.wakeVia`). Returns the records available over
   * all rings: 0 only if every ring is closed and drained, or a park timed out.
   */
  awaitAnyReadable(rings: readonly SpscRing[], doorbell: Int32Array, index: number): number;
  /** `awaitAnyReadable` for a thread whose event loop must keep running (see `awaitReadableAsync`). */
  awaitAnyReadableAsync(rings: readonly SpscRing[], doorbell: Int32Array, index: number): Promise<number>;
}

function availableOnAny(rings: readonly SpscRing[]): number {
  let ready = 0;
  for (let r = 0; r < rings.length; r++) ready += rings[r].available();
  return ready;
}

function allClosed(rings: readonly SpscRing[]): boolean {
  for (let r = 0; r < rings.length; r++) if (!rings[r].isClosed()) return false;
  return true;
}

function setParked(rings: readonly SpscRing[], parked: number): void {
  for (let r = 0; r < rings.length; r++) Atomics.store(rings[r].control, RingWord.ConsumerParked, parked);
}

/**
 * The park of a reader of several rings. The handshake is the one-ring handshake with the
 * doorbell in place of the head: read the doorbell, announce the park on every ring, re-check
 * every ring, sleep only if the doorbell still holds the value read first. A producer that
 * published before seeing our flag is caught by the re-check; one that saw it bumped the
 * doorbell, so the wait returns at once.
 */
function parkOnDoorbell(rings: readonly SpscRing[], doorbell: Int32Array, index: number, timeoutMs: number): number {
  const rung = Atomics.load(doorbell, index);
  setParked(rings, 1);
  let ready = availableOnAny(rings);
  if (ready === 0 && !allClosed(rings)) {
    Atomics.wait(doorbell, index, rung, timeoutMs);
    ready = availableOnAny(rings);
  }
  setParked(rings, 0);
  return ready;
}

async function parkOnDoorbellAsync(
  rings: readonly SpscRing[], doorbell: Int32Array, index: number, spins: number, timeoutMs: number,
): Promise<number> {
  let ready = availableOnAny(rings);
  for (let i = 0; ready === 0 && i < spins; i++) ready = availableOnAny(rings);
  if (ready !== 0 || allClosed(rings)) return ready;
  const rung = Atomics.load(doorbell, index);
  setParked(rings, 1);
  ready = availableOnAny(rings);
  if (ready === 0 && !allClosed(rings)) {
    const waiting = Atomics.waitAsync(doorbell, index, rung, timeoutMs);
    if (waiting.async) await waiting.value;
    ready = availableOnAny(rings);
  }
  setParked(rings, 0);
  return ready;
}

/** A park that leaves the event loop running: `Atomics.waitAsync` on the ring's head word. */
async function parkAsync(ring: SpscRing, spins: number, timeoutMs: number): Promise<number> {
  let ready = ring.available();
  for (let i = 0; ready === 0 && i < spins; i++) ready = ring.available();
  if (ready !== 0 || ring.isClosed()) return ring.available();
  const control = ring.control;
  const head = Atomics.load(control, RingWord.Head);
  Atomics.store(control, RingWord.ConsumerParked, 1);
  // Re-check after announcing the park (see awaitReadable): a publish in between changed Head.
  ready = ring.available();
  if (ready === 0 && !ring.isClosed()) {
    const waiting = Atomics.waitAsync(control, RingWord.Head, head, timeoutMs);
    if (waiting.async) await waiting.value;
  }
  Atomics.store(control, RingWord.ConsumerParked, 0);
  return ring.available();
}

export class BusySpinWait implements WaitStrategy {
  readonly name = 'busy-spin' as const;

  awaitReadable(ring: SpscRing): number {
    let ready = ring.available();
    while (ready === 0) {
      if (ring.isClosed()) return ring.available();
      ready = ring.available();
    }
    return ready;
  }

  awaitClaim(ring: SpscRing, n: number): number {
    let granted = ring.tryClaim(n);
    while (granted === 0) granted = ring.tryClaim(n);
    return granted;
  }

  /** Busy-spinning would hold the event loop: poll a while, then park like spin-then-park. */
  awaitReadableAsync(ring: SpscRing): Promise<number> {
    return parkAsync(ring, 10_000, 50);
  }

  awaitAnyReadable(rings: readonly SpscRing[]): number {
    let ready = availableOnAny(rings);
    while (ready === 0) {
      if (allClosed(rings)) return availableOnAny(rings);
      ready = availableOnAny(rings);
    }
    return ready;
  }

  awaitAnyReadableAsync(rings: readonly SpscRing[], doorbell: Int32Array, index: number): Promise<number> {
    return parkOnDoorbellAsync(rings, doorbell, index, 10_000, 50);
  }
}

export class SpinThenParkWait implements WaitStrategy {
  readonly name = 'spin-then-park' as const;
  readonly spins: number;
  readonly parkTimeoutMs: number;

  constructor(options: WaitStrategyOptions = {}) {
    const spins = options.spins ?? 200;
    const parkTimeoutMs = options.parkTimeoutMs ?? Infinity;
    if (!Number.isInteger(spins) || spins < 0) {
      throw new Error(`spin-then-park: spins must be a non-negative integer, got ${spins}`);
    }
    if (!(parkTimeoutMs > 0)) {
      throw new Error(`spin-then-park: parkTimeoutMs must be > 0 (or Infinity), got ${parkTimeoutMs}`);
    }
    this.spins = spins;
    this.parkTimeoutMs = parkTimeoutMs;
  }

  awaitReadable(ring: SpscRing): number {
    let ready = ring.available();
    for (let i = 0; ready === 0 && i < this.spins; i++) ready = ring.available();
    if (ready !== 0) return ready;

    const control = ring.control;
    for (;;) {
      if (ring.isClosed()) return ring.available();
      const head = Atomics.load(control, RingWord.Head);
      Atomics.store(control, RingWord.ConsumerParked, 1);
      // Re-check after announcing the park: a producer that published before seeing the flag
      // changed Head, and Atomics.wait returns "not-equal" at once instead of sleeping.
      ready = ring.available();
      if (ready === 0 && !ring.isClosed()) {
        const outcome = Atomics.wait(control, RingWord.Head, head, this.parkTimeoutMs);
        Atomics.store(control, RingWord.ConsumerParked, 0);
        ready = ring.available();
        if (ready !== 0 || outcome === 'timed-out') return ready;
      } else {
        Atomics.store(control, RingWord.ConsumerParked, 0);
        if (ready !== 0) return ready;
      }
    }
  }

  awaitReadableAsync(ring: SpscRing): Promise<number> {
    return parkAsync(ring, this.spins, this.parkTimeoutMs);
  }

  awaitAnyReadable(rings: readonly SpscRing[], doorbell: Int32Array, index: number): number {
    let ready = availableOnAny(rings);
    for (let i = 0; ready === 0 && i < this.spins; i++) ready = availableOnAny(rings);
    if (ready !== 0 || allClosed(rings)) return ready;
    // A wake-up with nothing to read (a close, a timeout) returns 0: the caller checks its rings.
    return parkOnDoorbell(rings, doorbell, index, this.parkTimeoutMs);
  }

  awaitAnyReadableAsync(rings: readonly SpscRing[], doorbell: Int32Array, index: number): Promise<number> {
    return parkOnDoorbellAsync(rings, doorbell, index, this.spins, this.parkTimeoutMs);
  }

  awaitClaim(ring: SpscRing, n: number): number {
    let granted = ring.tryClaim(n);
    for (let i = 0; granted === 0 && i < this.spins; i++) granted = ring.tryClaim(n);
    if (granted !== 0) return granted;

    const control = ring.control;
    for (;;) {
      const tail = Atomics.load(control, RingWord.Tail);
      Atomics.store(control, RingWord.ProducerParked, 1);
      granted = ring.tryClaim(n);
      if (granted === 0) {
        const outcome = Atomics.wait(control, RingWord.Tail, tail, this.parkTimeoutMs);
        Atomics.store(control, RingWord.ProducerParked, 0);
        granted = ring.tryClaim(n);
        if (granted !== 0 || outcome === 'timed-out') return granted;
      } else {
        Atomics.store(control, RingWord.ProducerParked, 0);
        return granted;
      }
    }
  }
}

/** Build a wait strategy from its config name. */
export function createWaitStrategy(name: WaitStrategyName, options: WaitStrategyOptions = {}): WaitStrategy {
  switch (name) {
    case 'busy-spin':
      return new BusySpinWait();
    case 'spin-then-park':
      return new SpinThenParkWait(options);
    default:
      throw new Error(`unknown wait strategy "${String(name)}" (expected busy-spin or spin-then-park)`);
  }
}
