/**
 * Client order id -> order table slot, as an open-addressing hash table in typed arrays (linear
 * probing, tombstones on delete). A JavaScript Map keyed by ever-new ids allocates as it grows
 * and rehashes, which on the order path is a GC every few thousand orders; this table is sized
 * once (twice the order table, a power of two, so probes stay short) and never allocates.
 * Rebuilt (through spare arrays made with it) when tombstones fill a quarter of it.
 */
const EMPTY = -1;
const TOMBSTONE = -2;

export class ClientOrderIndex {
  private readonly keys: Float64Array;
  /** The slot stored for a key, EMPTY or TOMBSTONE. */
  private readonly values: Int32Array;
  private readonly mask: number;
  /** Same-sized arrays for compaction, made once. */
  private readonly spareKeys: Float64Array;
  private readonly spareValues: Int32Array;
  private tombstones = 0;
  private readonly args = new Float64Array(1);

  constructor(maxEntries: number) {
    let size = 16;
    while (size < maxEntries * 2) size *= 2;
    this.keys = new Float64Array(size);
    this.values = new Int32Array(size).fill(EMPTY);
    this.spareKeys = new Float64Array(size);
    this.spareValues = new Int32Array(size);
    this.mask = size - 1;
  }

  /** The value stored for `id`, or -1. */
  get(id: number): number {
    this.args[0] = id;
    const at = this.find();
    return at < 0 ? -1 : this.values[at];
  }

  /** Store `value` (>= 0) for `id` (which must not be present). */
  set(id: number, value: number): void {
    this.args[0] = id;
    const key = this.args[0];
    let i = this.home();
    while (this.values[i] >= 0) i = (i + 1) & this.mask;
    if (this.values[i] === TOMBSTONE) this.tombstones--;
    this.keys[i] = key;
    this.values[i] = value;
  }

  /** Remove `id`; false when it was not there. */
  delete(id: number): boolean {
    this.args[0] = id;
    const at = this.find();
    if (at < 0) return false;
    this.values[at] = TOMBSTONE;
    if (++this.tombstones * 4 > this.values.length) this.compact();
    return true;
  }

  private find(): number {
    const key = this.args[0];
    let i = this.home();
    for (let probes = 0; probes <= this.mask; probes++, i = (i + 1) & this.mask) {
      const v = this.values[i];
      if (v === EMPTY) return -1;
      if (v >= 0 && this.keys[i] === key) return i;
    }
    return -1;
  }

  /**
   * The home bucket of the key in args[0]: a mix of its bits (ids are usually consecutive
   * integers: spread them), masked here so the result is always a small integer. An unsigned
   * 32-bit hash returned from a call V8 leaves uninlined would be boxed on every lookup.
   */
  private home(): number {
    const x = this.args[0];
    const lo = x | 0;
    const hi = (x / 4294967296) | 0;
    let h = Math.imul(lo ^ hi, 0x9e3779b1);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** Reinsert the live entries into the spare arrays, then copy back: tombstones gone. */
  private compact(): void {
    const n = this.values.length;
    this.spareValues.fill(EMPTY);
    for (let i = 0; i < n; i++) {
      const v = this.values[i];
      if (v < 0) continue;
      this.args[0] = this.keys[i];
      let j = this.home();
      while (this.spareValues[j] >= 0) j = (j + 1) & this.mask;
      this.spareKeys[j] = this.keys[i];
      this.spareValues[j] = v;
    }
    this.keys.set(this.spareKeys);
    this.values.set(this.spareValues);
    this.tombstones = 0;
  }
}
