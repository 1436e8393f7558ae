/**
 * One record of the audit trail and its place in the hash chain.
 *
 * On disk a record is a frame: a 4-byte big-endian length, then a msgpack array
 *   [seq, tsUs, kind, payload, prev, hash]
 * where `prev` is the previous record's `hash` (32 zero bytes for the first record of a trail)
 * and `hash` = SHA-256 of the msgpack encoding of [seq, tsUs, kind, payload, prev]. So a record
 * carries its own digest (an edit to it shows in that record) and its predecessor's (a removal,
 * insertion or reordering shows in the link). Rewriting the whole chain from some point on is
 * not detectable from the file alone: `tradebot audit verify` prints the last hash so it can be
 * kept elsewhere (the anchor), and a trail that no longer ends on it was rewritten.
 *
 * msgpack with records off and no extensions: the same values always encode to the same bytes,
 * which is what makes the hash reproducible by any msgpack implementation.
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
}

const packr = new Packr({ useRecords: false, moreTypes: false, variableMapSize: true });

export function encodeForHash(seq: number, tsUs: number, kind: string, payload: unknown, prev: Buffer): Buffer {
  return packr.pack([seq, tsUs, kind, payload, prev]);
}

export function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** The record that follows `prev` (a hash), with its own hash, and its frame bytes. */
export function sealRecord(seq: number, tsUs: number, kind: string, payload: unknown, prev: Buffer): { record: AuditRecord; frame: Buffer } {
  const hash = sha256(encodeForHash(seq, tsUs, kind, payload, prev));
  const body = packr.pack([seq, tsUs, kind, payload, prev, hash]);
  const frame = Buffer.allocUnsafe(LENGTH_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, LENGTH_BYTES);
  return { record: { seq, tsUs, kind, payload, prev, hash }, frame };
}

/** Decode one frame body; null when it is not a well-formed record. */
export function decodeRecord(body: Buffer): AuditRecord | null {
  let value: unknown;
  try {
    value = packr.unpack(body);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 6) return null;
  const [seq, tsUs, kind, payload, prev, hash] = value as unknown[];
  if (!Number.isInteger(seq) || typeof tsUs !== 'number' || typeof kind !== 'string') return null;
  if (!isHash(prev) || !isHash(hash)) return null;
  return { seq: seq as number, tsUs, kind, payload, prev: Buffer.from(prev), hash: Buffer.from(hash) };
}

function isHash(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array && v.length === HASH_BYTES;
}
