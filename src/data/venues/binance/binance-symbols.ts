/**
 * The Binance instruments a decoder knows, as dense ids 0..n-1 in the order given, looked up
 * from the bytes of a frame without creating a string.
 *
 * Binance spells an instrument `BTCUSDT` in payloads (`"s":"BTCUSDT"`) and `btcusdt` in stream
 * names (`btcusdt@trade`), so lookups fold ASCII letters to upper case. The table is open
 * addressing over an FNV-1a hash of the folded bytes, with the names kept in one byte pool;
 * a lookup hashes once and compares bytes only on a hash-slot hit. At most a quarter of the slots
 * are used, so probe chains stay short.
 */

/** Id returned for bytes that name no known instrument. */
export const UNKNOWN_SYMBOL = -1;

const VENUE_ID = /^[A-Za-z0-9_.-]{1,40}$/;

export class BinanceSymbolTable {
  /** Venue ids in id order, upper-cased. */
  readonly names: readonly string[];
  private readonly pool: Uint8Array;
  private readonly offsets: Int32Array;
  private readonly lengths: Int32Array;
  /** id + 1 per hash slot; 0 = empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Id of the last successful lookup: a connection's frames name the same few instruments. */
  private lastId = -1;

  constructor(venueSymbols: readonly string[]) {
    const names = venueSymbols.map((s) => {
      if (typeof s !== 'string' || !VENUE_ID.test(s)) throw new Error(`not a Binance instrument id: ${JSON.stringify(s)}`);
      return s.toUpperCase();
    });
    if (new Set(names).size !== names.length) throw new Error(`duplicate instrument ids: ${names.join(',')}`);
    this.names = Object.freeze(names);
    this.offsets = new Int32Array(names.length);
    this.lengths = new Int32Array(names.length);
    this.pool = new Uint8Array(names.reduce((n, s) => n + s.length, 0));
    let offset = 0;
    names.forEach((name, id) => {
      this.offsets[id] = offset;
      this.lengths[id] = name.length;
      for (let i = 0; i < name.length; i++) this.pool[offset + i] = name.charCodeAt(i);
      offset += name.length;
    });
    let size = 16;
    while (size < names.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < names.length; id++) {
      let slot = hashFolded(this.pool, this.offsets[id], this.offsets[id] + this.lengths[id], this.mask);
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
    }
  }

  get size(): number {
    return this.names.length;
  }

  /** Id of the instrument spelled by bytes[start, end) in any letter case, or UNKNOWN_SYMBOL. */
  lookup(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length <= 0) return UNKNOWN_SYMBOL;
    // Payloads spell the instrument exactly as the table does (upper case), so the last hit is
    // checked byte for byte before hashing; any other spelling takes the hashed path.
    const last = this.lastId;
    if (last >= 0 && this.lengths[last] === length && this.sameExact(bytes, start, last)) return last;
    let slot = hashFolded(bytes, start, end, this.mask);
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return UNKNOWN_SYMBOL;
      const id = entry - 1;
      if (this.lengths[id] === length && this.sameFolded(bytes, start, id)) {
        this.lastId = id;
        return id;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** Id of a venue id given as a string (setup code, not the hot path), or UNKNOWN_SYMBOL. */
  idOf(venueSymbol: string): number {
    return this.names.indexOf(venueSymbol.toUpperCase());
  }

  private sameExact(bytes: Uint8Array, start: number, id: number): boolean {
    const offset = this.offsets[id];
    const length = this.lengths[id];
    for (let i = 0; i < length; i++) if (bytes[start + i] !== this.pool[offset + i]) return false;
    return true;
  }

  private sameFolded(bytes: Uint8Array, start: number, id: number): boolean {
    const offset = this.offsets[id];
    const length = this.lengths[id];
    for (let i = 0; i < length; i++) if (foldCase(bytes[start + i]) !== this.pool[offset + i]) return false;
    return true;
  }
}

function foldCase(byte: number): number {
  return byte >= 97 && byte <= 122 ? byte - 32 : byte;
}

/** FNV-1a slot index; masked here so the result is always a small integer (never boxed). */
function hashFolded(bytes: Uint8Array, start: number, end: number, mask: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ foldCase(bytes[i]), 0x01000193);
  return hash & mask;
}
