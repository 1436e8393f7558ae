/**
 * The trades already booked, by (venue, trade id), so a fill a venue delivers twice (a resend
 * after a reconnect, a fill seen on both the websocket and a REST reconciliation) is booked once.
 * Trade ids are only unique within a venue, and a venue's ids need not increase, so this is a set
 * rather than a high-water mark.
 *
 * Bounded and allocation-free: two open-addressing tables of `capacity` slots each, the newer one
 * taking inserts; when it is half full the older one is wiped and they swap roles. A lookup checks
 * both, so the set remembers at least the last capacity/2 trades (the window that matters: a
 * duplicate arrives seconds after the original, not millions of trades later) in O(1), and the
 * wipe's cost is spread over the capacity/2 inserts that led to it.
 *
 * Trade id 0 means "the venue gave none"; such fills are never treated as duplicates.
 */
export class SeenTrades {
  private readonly capacity: number;
  private readonly mask: number;
  /** [table][slot]: trade id (0 = empty), venue. */
  private readonly ids: [Float64Array, Float64Array];
  private readonly venues: [Int32Array, Int32Array];
  /** [0] index of the newer table, [1] its entry count. */
  private readonly state = new Int32Array(2);

  constructor(capacity = 1 << 16) {
    if (!Number.isInteger(capacity) || capacity < 16 || (capacity & (capacity - 1)) !== 0) {
      throw new Error(`SeenTrades: capacity must be a power of two >= 16, got ${capacity}`);
    }
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.ids = [new Float64Array(capacity), new Float64Array(capacity)];
    this.venues = [new Int32Array(capacity), new Int32Array(capacity)];
  }

  /**
   * Record the trade at `f64[idSlot]` on venue `f64[venueSlot]`; true if it is new, false if it was
   * seen before (a duplicate). Read from the record directly so no double is passed as an argument.
   */
  add(f64: Float64Array, idSlot: number, venueSlot: number): boolean {
    const id = f64[idSlot];
    const venue = f64[venueSlot] | 0;
    if (!(id !== 0 && id === id)) return true;
    const h = this.hash(id, venue);
    if (this.find(0, id, venue, h) || this.find(1, id, venue, h)) return false;
    if (this.state[1] >= this.capacity >>> 1) this.rotate();
    this.insert(this.state[0], id, venue, h);
    this.state[1]++;
    return true;
  }

  private hash(id: number, venue: number): number {
    const lo = id >>> 0;
    const hi = (id / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(venue + 1, 0xc2b2ae35);
    h ^= h >>> 15;
    return h & this.mask;
  }

  private find(table: number, id: number, venue: number, h: number): boolean {
    const ids = this.ids[table];
    const venues = this.venues[table];
    for (let i = h; ; i = (i + 1) & this.mask) {
      const at = ids[i];
      if (at === 0) return false;
      if (at === id && venues[i] === venue) return true;
    }
  }

  private insert(table: number, id: number, venue: number, h: number): void {
    const ids = this.ids[table];
    let i = h;
    while (ids[i] !== 0) i = (i + 1) & this.mask;
    ids[i] = id;
    this.venues[table][i] = venue;
  }

  /** Wipe the older table and make it the newer one. */
  private rotate(): void {
    const older = 1 - this.state[0];
    this.ids[older].fill(0);
    this.venues[older].fill(0);
    this.state[0] = older;
    this.state[1] = 0;
  }
}
