/**
 * Single-producer single-consumer ring of fixed-size records over a SharedArrayBuffer.
 *
 * Memory layout (byte offsets):
 *
 *   0    line 0  layout header: magic, version, capacity, record bytes, initial sequence (written once)
 *   64   line 1  head: sequence of the next record the producer will publish   (producer writes)
 *   128  line 2  tail: sequence of the next record the consumer will read      (consumer writes)
 *   192  line 3  consumerParked: 1 while the consumer sleeps in Atomics.wait   (consumer writes)
 *   256  line 4  producerParked: 1 while the producer sleeps on a full ring    (producer writes)
 *   320  line 5  closed: 1 once the producer said no more records will come   (producer writes)
 *   384  data    capacity * recordBytes, viewed as Float64Array `f64` (and Int32Array `i32`)
 *
 * Every mutable word has its own 64-byte cache line, so the producer spinning on `tail` and the
 * consumer spinning on `head` never invalidate each other's line with unrelated writes (false
 * sharing is what makes naive rings 3-10x slower across cores).
 *
 * Invariants:
 * - Exactly one thread calls the producer methods and exactly one calls the consumer methods.
 *   Each counter therefore has a single writer: head by the producer, tail by the consumer.
 * - Sequences are int32 and wrap; every comparison is done on `(a - b) | 0`, which stays correct
 *   across the wrap as long as capacity <= 2^30.
 * - 0 <= head - tail <= capacity. Slots in [tail, head) belong to the consumer, the rest to the
 *   producer. A record's bytes are written before `head` is stored with Atomics (release), and read
 *   after `head` is loaded with Atomics (acquire), so the consumer never sees a half-written record.
 * - The producer never overwrites an unread slot: a full ring makes `tryClaim` grant fewer slots.
 *   Dropping or conflating is a policy above the ring, never inside it.
 *
 * Batching: Atomics operations cost 5-8 ns each here, as much as copying a whole record, so both
 * sides move in batches: the producer claims n slots, writes them, and publishes once; the
 * consumer asks how many are available, reads them, and releases once. Each side also caches the
 * other side's counter and re-reads it only when the cached value says the ring is full/empty
 * (the cached value can be late; it is never early, so the worst outcome is a re-read).
 *
 * No method on the hot path allocates: records are addressed by index into the shared typed arrays.
 */

export const RING_MAGIC = 0x52494e47; // "RING"
export const RING_VERSION = 1;
export const RING_HEADER_BYTES = 384;
export const CACHE_LINE_BYTES = 64;
export const MAX_RING_CAPACITY = 1 << 30;

/** Int32 indices of the control words inside the header. */
export const RingWord = {
  Magic: 0,
  Version: 1,
  Capacity: 2,
  RecordBytes: 3,
  InitialSequence: 4,
  Head: 64 / 4,
  Tail: 128 / 4,
  ConsumerParked: 192 / 4,
  ProducerParked: 256 / 4,
  Closed: 320 / 4,
} as const;

export interface SpscRingOptions {
  /** Number of record slots; a power of two. */
  capacity: number;
  /** Bytes per record; a positive multiple of 8 so every record starts Float64-aligned. */
  recordBytes: number;
  /**
   * Sequence number of the first record. Only tests need it: starting just below 2^31 exercises
   * the int32 wrap without pushing billions of records first.
   */
  initialSequence?: number;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

export class SpscRing {
  readonly sab: SharedArrayBuffer;
  readonly capacity: number;
  readonly recordBytes: number;
  /** Float64 slots per record: record i of a batch starts at f64[readIndex(i)] / f64[claimIndex(i)]. */
  readonly recordF64: number;
  /** Control words; exported for wait strategies, which park on Head/Tail. */
  readonly control: Int32Array;
  /** The record area as float64. */
  readonly f64: Float64Array;
  /** The same record area as int32 (for fields stored as integers; index = f64 index * 2 + k). */
  readonly i32: Int32Array;

  private readonly mask: number;
  // Producer-private cursors. `claimed` is how many slots past head the current claim covers.
  private head: number;
  private claimed = 0;
  private cachedTail: number;
  // Consumer-private cursors.
  private tail: number;
  private cachedHead: number;
  /**
   * Producer side: where to wake a consumer that reads several rings (null: it sleeps on this
   * ring's head). Set once by `wakeVia`, before the first publish.
   */
  private doorbell: Int32Array | null = null;
  private doorbellIndex = 0;

  /** Bytes a ring with these options needs, header included. */
  static bytesFor(capacity: number, recordBytes: number): number {
    return RING_HEADER_BYTES + capacity * recordBytes;
  }

  /** Build a new ring (in the thread that owns the topology). */
  static create(options: SpscRingOptions): SpscRing {
    const { capacity, recordBytes } = options;
    SpscRing.validate(capacity, recordBytes);
    const initial = (options.initialSequence ?? 0) | 0;
    const sab = new SharedArrayBuffer(SpscRing.bytesFor(capacity, recordBytes));
    const control = new Int32Array(sab, 0, RING_HEADER_BYTES / 4);
    control[RingWord.Magic] = RING_MAGIC;
    control[RingWord.Version] = RING_VERSION;
    control[RingWord.Capacity] = capacity;
    control[RingWord.RecordBytes] = recordBytes;
    control[RingWord.InitialSequence] = initial;
    control[RingWord.Head] = initial;
    control[RingWord.Tail] = initial;
    return new SpscRing(sab);
  }

  /**
   * Attach to a ring built elsewhere (typically another thread, after receiving its SAB in
   * workerData). `expected` guards against wiring the wrong ring to the wrong worker.
   */
  static attach(sab: SharedArrayBuffer, expected?: { recordBytes?: number; capacity?: number }): SpscRing {
    const ring = new SpscRing(sab);
    if (expected?.recordBytes !== undefined && expected.recordBytes !== ring.recordBytes) {
      throw new Error(`SpscRing.attach: ring holds ${ring.recordBytes}-byte records, expected ${expected.recordBytes}`);
    }
    if (expected?.capacity !== undefined && expected.capacity !== ring.capacity) {
      throw new Error(`SpscRing.attach: ring capacity is ${ring.capacity}, expected ${expected.capacity}`);
    }
    return ring;
  }

  private static validate(capacity: number, recordBytes: number): void {
    if (!isPowerOfTwo(capacity)) {
      throw new Error(`SpscRing: capacity must be a power of two, got ${capacity}`);
    }
    if (capacity > MAX_RING_CAPACITY) {
      throw new Error(`SpscRing: capacity ${capacity} exceeds the maximum ${MAX_RING_CAPACITY} (int32 sequences)`);
    }
    if (!Number.isInteger(recordBytes) || recordBytes <= 0) {
      throw new Error(`SpscRing: recordBytes must be a positive integer, got ${recordBytes}`);
    }
    if (recordBytes % 8 !== 0) {
      throw new Error(`SpscRing: recordBytes must be a multiple of 8 (Float64 alignment), got ${recordBytes}`);
    }
  }

  private constructor(sab: SharedArrayBuffer) {
    if (!(sab instanceof SharedArrayBuffer)) {
      throw new Error('SpscRing.attach: expected a SharedArrayBuffer');
    }
    if (sab.byteLength < RING_HEADER_BYTES) {
      throw new Error(`SpscRing.attach: SharedArrayBuffer of ${sab.byteLength} bytes is smaller than the ${RING_HEADER_BYTES}-byte ring header`);
    }
    const control = new Int32Array(sab, 0, RING_HEADER_BYTES / 4);
    if (control[RingWord.Magic] !== RING_MAGIC) {
      throw new Error('SpscRing.attach: SharedArrayBuffer does not hold a ring (bad magic number)');
    }
    if (control[RingWord.Version] !== RING_VERSION) {
      throw new Error(`SpscRing.attach: ring layout version ${control[RingWord.Version]}, this code reads version ${RING_VERSION}`);
    }
    const capacity = control[RingWord.Capacity];
    const recordBytes = control[RingWord.RecordBytes];
    SpscRing.validate(capacity, recordBytes);
    const needed = SpscRing.bytesFor(capacity, recordBytes);
    if (sab.byteLength < needed) {
      throw new Error(`SpscRing.attach: SharedArrayBuffer of ${sab.byteLength} bytes is too small for ${capacity} x ${recordBytes}-byte records (needs ${needed})`);
    }
    this.sab = sab;
    this.capacity = capacity;
    this.recordBytes = recordBytes;
    this.recordF64 = recordBytes / 8;
    this.mask = capacity - 1;
    this.control = control;
    this.f64 = new Float64Array(sab, RING_HEADER_BYTES, (capacity * recordBytes) / 8);
    this.i32 = new Int32Array(sab, RING_HEADER_BYTES, (capacity * recordBytes) / 4);
    // Both cursors start from the shared counters, so a restarted worker resumes exactly where its
    // predecessor stopped: nothing published is lost and nothing released is read twice.
    this.head = Atomics.load(control, RingWord.Head);
    this.tail = Atomics.load(control, RingWord.Tail);
    this.cachedTail = this.tail;
    this.cachedHead = this.head;
  }

  // ---------------------------------------------------------------- producer side

  /**
   * Claim up to `n` free slots; returns how many were granted (0 when the ring is full).
   * Write record i (0 <= i < granted) at `f64[claimIndex(i)]`, then call `publish()`.
   * Claims accumulate until published, so a producer may claim in several steps.
   */
  tryClaim(n: number): number {
    const used = (this.head + this.claimed - this.cachedTail) | 0;
    let free = this.capacity - used;
    if (free < n) {
      // The cached tail is late; look at the real one only now, so a producer with room to spare
      // never touches the consumer's cache line.
      this.cachedTail = Atomics.load(this.control, RingWord.Tail);
      free = this.capacity - ((this.head + this.claimed - this.cachedTail) | 0);
    }
    const granted = free < n ? free : n;
    this.claimed += granted;
    return granted;
  }

  /** Float64 index of the first field of claimed record i. */
  claimIndex(i: number): number {
    return ((this.head + i) & this.mask) * this.recordF64;
  }

  /** Number of slots claimed and not yet published. */
  pendingClaims(): number {
    return this.claimed;
  }

  /** Give back the last `n` claimed, unpublished slots (a record the producer decided not to send). */
  unclaim(n: number): void {
    if (n > this.claimed) throw new Error(`SpscRing.unclaim: ${n} slots requested, only ${this.claimed} claimed`);
    this.claimed -= n;
  }

  /**
   * Float64 index of the newest published record, or -1 if none was ever published. Valid for the
   * producer at any time, because only the producer overwrites slots: a restarted producer reads
   * what its predecessor last sent.
   */
  lastPublishedIndex(): number {
    const initial = this.control[RingWord.InitialSequence];
    if (this.head === initial) return -1;
    return ((this.head - 1) & this.mask) * this.recordF64;
  }

  /** Make every claimed record visible to the consumer, waking it if it announced it is parked. */
  publish(): void {
    if (this.claimed === 0) return;
    this.head = (this.head + this.claimed) | 0;
    this.claimed = 0;
    Atomics.store(this.control, RingWord.Head, this.head);
    // Dekker-style handshake with the consumer's park: it stores Parked=1 then re-checks Head;
    // we store Head then check Parked. Sequentially consistent Atomics guarantee at least one of
    // us sees the other's store, so a wake-up is never lost, and notify (34 ns) is paid only when
    // somebody actually sleeps.
    if (Atomics.load(this.control, RingWord.ConsumerParked) !== 0) this.wakeConsumer();
  }

  /**
   * Producer: the consumer reads several rings and sleeps on a doorbell word of its own (see
   * `awaitAnyReadable` in wait-strategy.ts). A parked consumer is then woken by bumping and
   * notifying that word instead of this ring's head: it cannot sleep on two addresses at once.
   */
  wakeVia(doorbell: Int32Array, index: number): void {
    this.doorbell = doorbell;
    this.doorbellIndex = index;
  }

  private wakeConsumer(): void {
    const doorbell = this.doorbell;
    if (doorbell === null) {
      Atomics.notify(this.control, RingWord.Head, 1);
      return;
    }
    // The bump, not just the notify: a consumer that read the doorbell before we published and
    // has not yet reached its wait must find the value changed and not sleep at all.
    Atomics.add(doorbell, this.doorbellIndex, 1);
    Atomics.notify(doorbell, this.doorbellIndex, 1);
  }

  /** Records the producer has published that the consumer has not released (may be late). */
  size(): number {
    return (Atomics.load(this.control, RingWord.Head) - Atomics.load(this.control, RingWord.Tail)) | 0;
  }

  /** Tell the consumer no more records will come; it drains what is there and sees `isClosed()`. */
  close(): void {
    this.publish();
    Atomics.store(this.control, RingWord.Closed, 1);
    Atomics.notify(this.control, RingWord.Head);
    if (this.doorbell !== null) this.wakeConsumer();
  }

  isClosed(): boolean {
    return Atomics.load(this.control, RingWord.Closed) !== 0;
  }

  // ---------------------------------------------------------------- consumer side

  /** Number of published records ready to read (0 when empty). */
  available(): number {
    let ready = (this.cachedHead - this.tail) | 0;
    if (ready === 0) {
      this.cachedHead = Atomics.load(this.control, RingWord.Head);
      ready = (this.cachedHead - this.tail) | 0;
    }
    return ready;
  }

  /** Float64 index of the first field of readable record i (0 <= i < available()). */
  readIndex(i: number): number {
    return ((this.tail + i) & this.mask) * this.recordF64;
  }

  /** Hand `n` read records back to the producer, waking it if it is parked on a full ring. */
  release(n: number): void {
    this.tail = (this.tail + n) | 0;
    Atomics.store(this.control, RingWord.Tail, this.tail);
    if (Atomics.load(this.control, RingWord.ProducerParked) !== 0) {
      Atomics.notify(this.control, RingWord.Tail, 1);
    }
  }

  /** The consumer's next sequence number (for tests and diagnostics). */
  readSequence(): number {
    return this.tail;
  }

  /** The producer's next sequence number (for tests and diagnostics). */
  writeSequence(): number {
    return this.head;
  }
}
