/**
 * Consumer side of the ring benchmark (bench/ring.ts is the producer, on the main thread).
 *
 * One worker per benchmark case; `workerData` picks the transport and wait strategy. The main
 * thread then sends one command per phase (warm-up, throughput repetitions, latency), each with a
 * fresh transport (ring SAB, ringbuf.js SAB, or MessagePort). For every phase the worker replies
 * `ready` just before it starts consuming, and `done` (or `error`) when the producer has ended the
 * stream and everything is drained.
 *
 * Every phase verifies what arrived: the count, the sequence order (`seq` must be 0, 1, 2, ...)
 * and a checksum of the `price` field. A benchmark that silently moves nothing (or drops, repeats
 * or reorders records) reports an error instead of a flattering number.
 */

import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { monoNs } from '../src/shm/clock.js';
import { LatencyHistogram } from '../src/shm/latency-histogram.js';
import { Side, Tick, VenueId } from '../src/shm/records.js';
import { SpscRing } from '../src/shm/spsc-ring.js';
import { createWaitStrategy, type WaitStrategy, type WaitStrategyName } from '../src/shm/wait-strategy.js';

export type Transport = 'ring' | 'postMessage' | 'ringbuf';

export interface WorkerConfig {
  transport: Transport;
  /** Ring only: consumer wait strategy. */
  strategy: WaitStrategyName;
  spins: number;
  /** Ring only: drain everything available and release once (true) or read/release one at a time. */
  batched: boolean;
}

export interface PhaseCommand {
  /** Records the producer will send (warm-up included). */
  total: number;
  /** Latency phases: the first `warmup` records are not recorded. */
  warmup: number;
  /** Latency phases: histogram SAB to record `monoNs() - t0` into (this worker is its only writer). */
  hist?: SharedArrayBuffer;
  /** ring: the SpscRing SAB. ringbuf: the RingBuffer storage. */
  sab?: SharedArrayBuffer;
  /** ringbuf: Int32Array word 0 = 1 once the producer is done (ringbuf.js has no close()). */
  ctl?: SharedArrayBuffer;
  /** postMessage: the port records arrive on; a `null` message ends the stream. */
  port?: MessagePort;
}

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'done'; count: number; endMs: number }
  | { kind: 'error'; message: string };

// The synthetic stream both sides agree on: record `seq` carries seq = 0, 1, 2, ... and a price
// derived from it (varied, so the checksum means something).

export function priceOf(seq: number): number {
  return 100 + (seq & 1023) * 0.25;
}

/** Producer side: fill all 8 fields of record `seq` at f[b..b+7], as a real feed handler would. */
export function writeTick(f: Float64Array, b: number, seq: number, t0: number): void {
  f[b + Tick.t0] = t0;
  f[b + Tick.ts] = seq;
  f[b + Tick.instrument] = seq & 7;
  f[b + Tick.venue] = VenueId.Synthetic;
  f[b + Tick.price] = priceOf(seq);
  f[b + Tick.size] = 1 + (seq & 3);
  f[b + Tick.side] = seq & 1 ? Side.Buy : Side.Sell;
  f[b + Tick.seq] = seq;
}

const T0 = Tick.t0;
const SEQ = Tick.seq;
const PRICE = Tick.price;
const F64 = Tick.f64;

/**
 * Running verification state, kept in a typed array: doubles stored in closure or module `let`s
 * are boxed on every write (a heap allocation per record), typed-array slots are not.
 */
const NEXT = 0;
const BAD = 1;
const SUM = 2;

function check(tally: Float64Array, f: Float64Array, b: number, warmup: number, hist: LatencyHistogram | null): void {
  const seq = tally[NEXT];
  if (f[b + SEQ] !== seq) tally[BAD]++;
  tally[SUM] += f[b + PRICE];
  // The clock is read only when measuring latency; throughput phases must not pay ~50 ns per record.
  if (hist !== null && seq >= warmup) hist.record(monoNs() - f[b + T0]);
  tally[NEXT] = seq + 1;
}

function verdict(tally: Float64Array, total: number, endMs: number): WorkerReply {
  const count = tally[NEXT];
  let expected = 0;
  for (let s = 0; s < total; s++) expected += priceOf(s);
  const problems: string[] = [];
  if (count !== total) problems.push(`received ${count} records, expected ${total}`);
  if (tally[BAD] !== 0) problems.push(`${tally[BAD]} records out of sequence`);
  if (tally[SUM] !== expected) problems.push(`price checksum ${tally[SUM]} != expected ${expected}`);
  if (problems.length > 0) return { kind: 'error', message: `consumer check failed: ${problems.join('; ')}` };
  return { kind: 'done', count, endMs };
}

function consumeRing(cmd: PhaseCommand, wait: WaitStrategy, batched: boolean, hist: LatencyHistogram | null): WorkerReply {
  const ring = SpscRing.attach(cmd.sab!, { recordBytes: Tick.bytes });
  const f = ring.f64;
  const tally = new Float64Array(3);
  const warmup = cmd.warmup;
  post({ kind: 'ready' });
  for (;;) {
    const ready = wait.awaitReadable(ring);
    if (ready === 0) break; // closed and drained (no park timeout is configured)
    // Batched: one Atomics store (release) per drained batch instead of one per record.
    const n = batched ? ready : 1;
    for (let i = 0; i < n; i++) check(tally, f, ring.readIndex(i), warmup, hist);
    ring.release(n);
  }
  return verdict(tally, cmd.total, performance.now());
}

function consumeRingbuf(cmd: PhaseCommand, hist: LatencyHistogram | null): WorkerReply {
  const rb = new RingBuffer(cmd.sab!, Float64Array);
  const ctl = new Int32Array(cmd.ctl!);
  // Pop everything available in one call; the producer only ever pushes whole records into a
  // capacity that is a multiple of 8 floats, so every pop returns whole records too.
  const buf = new Float64Array(rb.capacity());
  const tally = new Float64Array(3);
  const warmup = cmd.warmup;
  post({ kind: 'ready' });
  for (;;) {
    const got = rb.pop(buf);
    if (got === 0) {
      // ringbuf.js has no wait strategy: the consumer polls. The done flag is stored after the
      // last push, so once it is seen an empty ring really is the end.
      if (Atomics.load(ctl, 0) === 1 && rb.availableRead() === 0) break;
      continue;
    }
    if (got % F64 !== 0) tally[BAD]++;
    for (let b = 0; b + F64 <= got; b += F64) check(tally, buf, b, warmup, hist);
  }
  return verdict(tally, cmd.total, performance.now());
}

/** postMessage: each record is a freshly posted Float64Array(8); the handler runs per message. */
function consumePort(cmd: PhaseCommand, hist: LatencyHistogram | null): void {
  const port = cmd.port!;
  const tally = new Float64Array(3);
  const warmup = cmd.warmup;
  port.on('message', (m: Float64Array | null) => {
    if (m !== null) {
      check(tally, m, 0, warmup, hist);
      return;
    }
    const endMs = performance.now();
    port.close();
    post(verdict(tally, cmd.total, endMs));
  });
  post({ kind: 'ready' });
}

function post(reply: WorkerReply): void {
  parentPort!.postMessage(reply);
}

/** Start serving commands. Guarded so bench/ring.ts can import `writeTick` and the types from here. */
function serve(config: WorkerConfig): void {
  const wait = createWaitStrategy(config.strategy, { spins: config.spins });
  parentPort!.on('message', (cmd: PhaseCommand) => {
    try {
      const hist = cmd.hist ? new LatencyHistogram(cmd.hist) : null;
      switch (config.transport) {
        case 'ring':
          post(consumeRing(cmd, wait, config.batched, hist));
          break;
        case 'ringbuf':
          post(consumeRingbuf(cmd, hist));
          break;
        case 'postMessage':
          consumePort(cmd, hist); // replies from the port handler once the stream ends
          break;
      }
    } catch (err) {
      post({ kind: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  });
}

if (!isMainThread && parentPort !== null) serve(workerData as WorkerConfig);
