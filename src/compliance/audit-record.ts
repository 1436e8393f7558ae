/**
 * One record of the audit trail and its place in the hash chain.
 *
 * On disk a record is a frame: a 4-byte big-endian length n, then n bytes: the msgpack array
 *   [seq, tsUs, kind, payload, prev]
 * followed by its 32-byte SHA-256 `hash`, where `prev` is the previous record's hash (32 zero
 * bytes for the first record of a trail). The hash is taken over the stored bytes themselves, so
 * checking it needs no re-encoding: a record carries its own digest (an edit to it shows in that
 * record) and its predecessor's (a removal, insertion or reordering shows in the link). Rewriting
 * the whole chain from some point on is not detectable from the file alone: `tradebot audit
 * verify` prints the last hash so it can be kept elsewhere (the anchor), and a trail that no
 * longer ends on it was rewritten.
 */
import { createHash } from 'node:crypto';
import { Packr } from 'msgpackr';

export const HASH_BYTES = 32;
export const GENESIS_HASH: Buffer = Buffer.alloc(HASH_BYTES);
/** Frame length prefix, bytes. */
export const LENGTH_BYTES = 4;

export interface AuditRecord {
  /** 1, 2, 3, ... across the whole trail (rotation does not restart it). */
  readonly seq: number;
  /** Event time of what is recorded, epoch microseconds. */
  readonly tsUs: number;
  /** What it is: decision, intent, order_event, fill, file_opened, ... */
  readonly kind: string;
  readonly payload: unknown;
  readonly prev: Buffer;
  readonly hash: Buffer;
  /** The stored hash is the SHA-256 of the stored content (false: the record was altered). */
  readonly contentHashOk: boolean;
}

const packr = new Packr({ useRecords: false, moreTypes: false, variableMapSize: true });

export function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** The record that follows `prev` (a hash), with its own hash, and its frame bytes. */
export function sealRecord(seq: number, tsUs: number, kind: string, payload: unknown, prev: Buffer): { record: AuditRecord; frame: Buffer } {
  const content = packr.pack([seq, tsUs, kind, payload, prev]);
  const hash = sha256(content);
  const frame = Buffer.allocUnsafe(LENGTH_BYTES + content.length + HASH_BYTES);
  frame.writeUInt32BE(content.length + HASH_BYTES, 0);
  content.copy(frame, LENGTH_BYTES);
  hash.copy(frame, LENGTH_BYTES + content.length);
  return { record: { seq, tsUs, kind, payload, prev, hash, contentHashOk: true }, frame };
}

/**
 * Decode one frame body (content then hash); null when it is not a well-formed record.
 * `contentHashOk` says whether the stored hash is the content's.
 */
export function decodeRecord(body: Buffer): AuditRecord | null {
  if (body.length <= HASH_BYTES) return null;
  const content = body.subarray(0, body.length - HASH_BYTES);
  const hash = Buffer.from(body.subarray(body.length - HASH_BYTES));
  let value: unknown;
  try {
    value = packr.unpack(content);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 5) return null;
  const [seq, tsUs, kind, payload, prev] = value as unknown[];
  if (!Number.isInteger(seq) || typeof tsUs !== 'number' || typeof kind !== 'string') return null;
  if (!(prev instanceof Uint8Array && prev.length === HASH_BYTES)) return null;
  return { seq: seq as number, tsUs, kind, payload, prev: Buffer.from(prev), hash, contentHashOk: sha256(content).equals(hash) };
}
