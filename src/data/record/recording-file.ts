/**
 * The market-data recording file: what a venue's stream delivered, byte for byte, with the time
 * each piece arrived, so a session can later be replayed against exactly the same input.
 *
 * Format: a sequence of MessagePack values appended one after another (no framing beyond
 * MessagePack's own; `Unpackr.unpackMultiple` reads them back).
 *   1. Header, a map: {format: 'tradebot-recording', version: 2, venue, protocol, symbols,
 *      startedAt: ISO-8601 text, wsUrl, feed?}. `protocol` is the wire protocol of the frames,
 *      which picks the connector a replay feeds: 'binance' (crypto pairs, BTC/USDT), 'coinbase'
 *      (Coinbase Exchange ws-feed, crypto pairs), 'coinbase_advanced' (Coinbase Advanced Trade
 *      websocket, crypto pairs) or 'alpaca' (v2 stock stream, tickers; `feed` names its feed,
 *      iex or sip). `venue` is where it was recorded (sim, binance, coinbase, coinbase_advanced,
 *      alpaca, sim-alpaca); `wsUrl` the URL connected to. A build that does not know a
 *      protocol refuses the file by naming it.
 *   2. Then one array per record: [kind, receivedAtUs, payload, extra?]
 *      kind 0 (Frame):      payload = the websocket frame's bytes as received (bin).
 *      kind 1 (Snapshot):   payload = a REST depth snapshot body (bin), extra = unified symbol.
 *      kind 2 (Connection): payload = 'open' | 'close' (str), extra = URL or reason (str).
 *      kind 3 (Sent):       payload = a frame the recorder sent on the socket (bin): Coinbase's
 *                           subscribes, Alpaca's auth and subscribe. A frame carrying credentials
 *                           is written redacted (`"key":"***","secret":"***"`), never as sent.
 *                           Its time is when it was sent. A replay sends nothing: these say what
 *                           the replies that follow were answering.
 *   `receivedAtUs` is integer microseconds since the Unix epoch, always written as a float64
 *   (0xcb): exact below 2^53, read back as a plain number, never a BigInt. Within one file the
 *   times never decrease (they come from one monotonic clock anchored to the epoch).
 *
 * Version 1 files (before Coinbase and Alpaca could be recorded) are version 2 without kind 3 and
 * with protocol 'binance' only, and read as such. Version 2 was a new number because a version-1
 * reader would hand a Coinbase or Alpaca file to the Binance connector, or stop at a kind 3.
 *
 * Why records are hand-encoded: a frame is written on every message, so the writer copies the
 * bytes into a preallocated chunk instead of building an array for a general encoder per frame;
 * chunks go to the write stream whole, cut only at record boundaries, and at least every
 * FLUSH_INTERVAL_MS, so a recorder killed outright loses at most that much.
 *
 * A recorder killed mid-write leaves a cut-off last record: the reader returns every complete
 * record and reports `truncated: true`. Anything else that does not decode is an error naming
 * the file and the byte offset.
 */

import { closeSync, createWriteStream, openSync, readSync, type WriteStream } from 'node:fs';
import { Packr, Unpackr } from 'msgpackr';

export const RECORDING_FORMAT = 'tradebot-recording';
/** The version this build writes. */
export const RECORDING_VERSION = 2;
/** The versions this build reads. */
export const READABLE_RECORDING_VERSIONS: readonly number[] = [1, 2];

export const RecordKind = { Frame: 0, Snapshot: 1, Connection: 2, Sent: 3 } as const;

export const RECORDING_PROTOCOLS = ['binance', 'coinbase', 'coinbase_advanced', 'alpaca'] as const;
export type RecordingProtocol = (typeof RECORDING_PROTOCOLS)[number];

/** The asset class a protocol's recordings replay in. */
export function protocolAssetClass(protocol: RecordingProtocol): 'crypto' | 'stocks' {
  return protocol === 'alpaca' ? 'stocks' : 'crypto';
}

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  /** As read: 1 or 2; written: RECORDING_VERSION. */
  version: number;
  venue: string;
  protocol: RecordingProtocol;
  symbols: string[];
  startedAt: string;
  wsUrl: string;
  /** Alpaca only: the stock feed recorded (iex, sip). */
  feed?: string;
}

export type RecordingRecord =
  | { kind: typeof RecordKind.Frame; receivedAtUs: number; payload: Buffer }
  | { kind: typeof RecordKind.Sent; receivedAtUs: number; payload: Buffer }
  | { kind: typeof RecordKind.Snapshot; receivedAtUs: number; payload: Buffer; symbol: string }
  | { kind: typeof RecordKind.Connection; receivedAtUs: number; event: 'open' | 'close'; detail: string };

/** Epoch microseconds from the monotonic clock: never goes backwards while the process lives. */
export function recordingClockUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

const CHUNK_BYTES = 256 * 1024;
const FLUSH_INTERVAL_MS = 200;
/** Array header + kind + float64 time + the largest bin header: what precedes a payload. */
const RECORD_PREFIX_MAX = 1 + 1 + 9 + 5;
const ENCODER = new TextEncoder();

export interface RecordingWriterOptions {
  /** Replace an existing file; without it an existing file is refused (EEXIST). */
  force?: boolean;
  /**
   * Called once when the file stops taking bytes (a full disk, an I/O error): every record
   * after that is lost, so a recorder must stop rather than carry on writing nothing.
   */
  onError?: (err: Error) => void;
}

export class RecordingWriter {
  frames = 0;
  frameBytes = 0;
  snapshots = 0;
  sent = 0;
  /** Bytes handed to the file so far, header included. */
  bytesWritten = 0;
  private readonly stream: WriteStream;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly flushTimer: NodeJS.Timeout;
  private closed = false;
  private streamError: Error | null = null;

  /** Why the file stopped taking bytes, or null while it takes them. */
  get writeError(): Error | null {
    return this.streamError;
  }

  /** Opens `path` synchronously, so a missing directory or an existing file throws here. */
  constructor(readonly path: string, header: Omit<RecordingHeader, 'format' | 'version'>, options: RecordingWriterOptions = {}) {
    const fd = openSync(path, options.force ? 'w' : 'wx');
    this.stream = createWriteStream(path, { fd, autoClose: true });
    this.stream.on('error', (err) => {
      if (this.streamError) return;
      this.streamError = err;
      options.onError?.(err);
    });
    const full: RecordingHeader = { format: RECORDING_FORMAT, version: RECORDING_VERSION, ...header };
    const bytes = new Packr({ useRecords: false }).pack(full);
    this.put(bytes, 0, bytes.length);
    this.flushTimer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS);
    this.flushTimer.unref();
  }

  appendFrame(payload: Uint8Array, receivedAtUs: number): void {
    if (this.closed) return;
    this.prefix(RecordKind.Frame, 3, receivedAtUs);
    this.putBin(payload);
    this.frames++;
    this.frameBytes += payload.length;
  }

  /** A frame this client sent; `text` must already be free of credentials. */
  appendSent(text: string, sentAtUs: number): void {
    if (this.closed) return;
    this.prefix(RecordKind.Sent, 3, sentAtUs);
    this.putBin(ENCODER.encode(text));
    this.sent++;
  }

  appendSnapshot(symbol: string, body: Uint8Array, receivedAtUs: number): void {
    if (this.closed) return;
    this.prefix(RecordKind.Snapshot, 4, receivedAtUs);
    this.putBin(body);
    this.putStr(symbol);
    this.snapshots++;
  }

  appendConnection(event: 'open' | 'close', detail: string, receivedAtUs: number): void {
    if (this.closed) return;
    this.prefix(RecordKind.Connection, 4, receivedAtUs);
    this.putStr(event);
    this.putStr(detail);
  }

  /** Flush what is buffered and close the file; resolves once the bytes are with the OS. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    clearInterval(this.flushTimer);
    await new Promise<void>((resolve, reject) => {
      this.stream.end(() => (this.streamError ? reject(this.streamError) : resolve()));
    });
  }

  /** Hands the filled part of the chunk to the stream; the next records go to a fresh chunk. */
  private flush(): void {
    if (this.used === 0) return;
    this.stream.write(this.chunk.subarray(0, this.used));
    this.bytesWritten += this.used;
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  private room(bytes: number): void {
    if (this.used + bytes > CHUNK_BYTES) this.flush();
  }

  private prefix(kind: number, items: number, receivedAtUs: number): void {
    this.room(RECORD_PREFIX_MAX);
    const c = this.chunk;
    c[this.used++] = 0x90 | items; // fixarray
    c[this.used++] = kind; // positive fixint
    c[this.used++] = 0xcb; // float64
    c.writeDoubleBE(receivedAtUs, this.used);
    this.used += 8;
  }

  private putBin(bytes: Uint8Array): void {
    this.room(5);
    const c = this.chunk;
    const n = bytes.length;
    if (n < 0x100) {
      c[this.used++] = 0xc4;
      c[this.used++] = n;
    } else if (n < 0x10000) {
      c[this.used++] = 0xc5;
      c.writeUInt16BE(n, this.used);
      this.used += 2;
    } else {
      c[this.used++] = 0xc6;
      c.writeUInt32BE(n, this.used);
      this.used += 4;
    }
    this.put(bytes, 0, n);
  }

  private putStr(text: string): void {
    const bytes = ENCODER.encode(text);
    const n = bytes.length;
    this.room(5);
    const c = this.chunk;
    if (n < 0x20) {
      c[this.used++] = 0xa0 | n;
    } else if (n < 0x100) {
      c[this.used++] = 0xd9;
      c[this.used++] = n;
    } else if (n < 0x10000) {
      c[this.used++] = 0xda;
      c.writeUInt16BE(n, this.used);
      this.used += 2;
    } else {
      c[this.used++] = 0xdb;
      c.writeUInt32BE(n, this.used);
      this.used += 4;
    }
    this.put(bytes, 0, n);
  }

  /** Copies bytes in, spilling across chunks (a record may span chunk boundaries on disk). */
  private put(bytes: Uint8Array, from: number, to: number): void {
    while (from < to) {
      if (this.used === CHUNK_BYTES) this.flush();
      const n = Math.min(to - from, CHUNK_BYTES - this.used);
      this.chunk.set(bytes.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
    }
  }
}

const READ_CHUNK_BYTES = 1 << 20;

/**
 * A recording read lazily: the header at once, the records as they are iterated, a chunk of the
 * file at a time. `truncated` is known once `records()` has run to the end.
 */
export class RecordingReader {
  readonly header: RecordingHeader;
  truncated = false;
  /** Count of complete records read so far (header excluded). */
  recordCount = 0;
  /** The receive time of the record before: a recorder's clock never goes back (recordingClockUs). */
  private lastReceivedAtUs = -Infinity;
  private readonly unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });
  private readonly firstValues: unknown[];
  private readonly firstRest: Buffer;
  private readonly firstOffset: number;

  constructor(readonly path: string) {
    const fd = openSync(path, 'r');
    try {
      let buffered = Buffer.alloc(0);
      let fileOffset = 0;
      // Read until the header is complete (it is small, but the file could be cut inside it).
      for (;;) {
        const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
        const n = readSync(fd, chunk, 0, chunk.length, fileOffset);
        const eof = n === 0;
        if (!eof) {
          buffered = buffered.length ? Buffer.concat([buffered, chunk.subarray(0, n)]) : chunk.subarray(0, n);
          fileOffset += n;
        }
        const { values, rest } = this.decodeSome(buffered, fileOffset - buffered.length);
        if (values.length > 0 || eof) {
          if (values.length === 0) throw new Error(`${path}: not a tradebot recording (no complete header)`);
          this.header = checkHeader(values[0], path);
          this.firstValues = values.slice(1);
          this.firstRest = rest;
          this.firstOffset = fileOffset;
          break;
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  *records(): Generator<RecordingRecord> {
    this.truncated = false;
    this.recordCount = 0;
    this.lastReceivedAtUs = -Infinity;
    for (const v of this.firstValues) yield this.toRecord(v, -1);
    let rest = this.firstRest;
    let fileOffset = this.firstOffset;
    const fd = openSync(this.path, 'r');
    try {
      for (;;) {
        const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
        const n = readSync(fd, chunk, 0, chunk.length, fileOffset);
        if (n === 0) break;
        fileOffset += n;
        const buffered = rest.length ? Buffer.concat([rest, chunk.subarray(0, n)]) : chunk.subarray(0, n);
        const decoded = this.decodeSome(buffered, fileOffset - buffered.length);
        rest = decoded.rest;
        for (const v of decoded.values) yield this.toRecord(v, fileOffset - buffered.length);
      }
    } finally {
      closeSync(fd);
    }
    this.truncated = rest.length > 0;
  }

  /** Every complete value in `bytes`, and the cut-off tail (empty when it ended on a boundary). */
  private decodeSome(bytes: Buffer, fileOffset: number): { values: unknown[]; rest: Buffer } {
    const values: unknown[] = [];
    if (bytes.length === 0) return { values, rest: bytes };
    try {
      this.unpackr.unpackMultiple(bytes, (v: unknown) => { values.push(v); });
      return { values, rest: bytes.subarray(bytes.length) };
    } catch (err) {
      const e = err as Error & { incomplete?: boolean; lastPosition?: number };
      if (!e.incomplete) throw new Error(`${this.path}: undecodable data near byte ${fileOffset + (e.lastPosition ?? 0)} (${e.message})`);
      // A value the callback already took is complete; the failed one starts at lastPosition.
      return { values, rest: bytes.subarray(e.lastPosition ?? 0) };
    }
  }

  private toRecord(v: unknown, nearOffset: number): RecordingRecord {
    const bad = (): never => { throw new Error(`${this.path}: malformed record #${this.recordCount + 1}${nearOffset >= 0 ? ` (chunk at byte ${nearOffset})` : ''}`); };
    if (!Array.isArray(v) || typeof v[1] !== 'number') return bad();
    const [kind, receivedAtUs, payload, extra] = v as [unknown, number, unknown, unknown];
    // Receive times come from a monotonic clock, so one that is not finite or goes back was not
    // written by a recorder; replayed, it would stall a paced replay or reorder event time.
    if (!Number.isFinite(receivedAtUs) || receivedAtUs < this.lastReceivedAtUs) {
      throw new Error(`${this.path}: record #${this.recordCount + 1} has receive time ${receivedAtUs}, `
        + `${Number.isFinite(receivedAtUs) ? `before the previous record's ${this.lastReceivedAtUs}` : 'not a time'}: the file was altered`);
    }
    this.lastReceivedAtUs = receivedAtUs;
    this.recordCount++;
    if (kind === RecordKind.Frame && payload instanceof Uint8Array) return { kind, receivedAtUs, payload: asBuffer(payload) };
    if (kind === RecordKind.Sent && payload instanceof Uint8Array) return { kind, receivedAtUs, payload: asBuffer(payload) };
    if (kind === RecordKind.Snapshot && payload instanceof Uint8Array && typeof extra === 'string') {
      return { kind, receivedAtUs, payload: asBuffer(payload), symbol: extra };
    }
    if (kind === RecordKind.Connection && (payload === 'open' || payload === 'close') && typeof extra === 'string') {
      return { kind, receivedAtUs, event: payload, detail: extra };
    }
    this.recordCount--;
    return bad();
  }
}

export interface Recording {
  header: RecordingHeader;
  records: RecordingRecord[];
  /** The file ended inside a record (the recorder was killed mid-write); `records` holds the complete ones. */
  truncated: boolean;
}

/** The whole recording in memory; for large files iterate `new RecordingReader(path).records()`. */
export function readRecording(path: string): Recording {
  const reader = new RecordingReader(path);
  const records = [...reader.records()];
  return { header: reader.header, records, truncated: reader.truncated };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function checkHeader(v: unknown, path: string): RecordingHeader {
  const h = v as Partial<RecordingHeader> | null;
  if (!h || typeof h !== 'object' || h.format !== RECORDING_FORMAT) throw new Error(`${path}: not a tradebot recording`);
  if (typeof h.version !== 'number' || !READABLE_RECORDING_VERSIONS.includes(h.version)) {
    throw new Error(`${path}: recording version ${String(h.version)} is not supported (this build reads ${READABLE_RECORDING_VERSIONS.join(' and ')})`);
  }
  // A recorder always names at least one symbol; a header without them is not one it wrote.
  const symbolsOk = Array.isArray(h.symbols) && h.symbols.length > 0 && h.symbols.every((s) => typeof s === 'string' && s !== '');
  if (!symbolsOk || typeof h.venue !== 'string' || typeof h.wsUrl !== 'string') throw new Error(`${path}: recording header is incomplete`);
  // Version 1 only ever held Binance's protocol, whatever its header says.
  const protocol = h.version === 1 ? 'binance' : h.protocol;
  if (!RECORDING_PROTOCOLS.includes(protocol as RecordingProtocol)) {
    throw new Error(`${path}: recording protocol ${String(protocol)} is not one this build replays (${RECORDING_PROTOCOLS.join(', ')})`);
  }
  return { ...h, protocol } as RecordingHeader;
}

/** Whether `path` starts like a tradebot recording (its first bytes hold the format name). */
/** How far into a file its header's format name is looked for. */
const RECORDING_HEAD_BYTES = 64;

/** Whether `bytes` (a file's first bytes) hold a recording header's format name. */
export function startsLikeRecording(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, RECORDING_HEAD_BYTES)).includes(RECORDING_FORMAT);
}

export function isRecording(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(RECORDING_HEAD_BYTES);
      const n = readSync(fd, head, 0, head.length, 0);
      return startsLikeRecording(head.subarray(0, n));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
