/**
 * Read the frames of one audit file (audit-record.ts) as records, stopping at the first frame that
 * is cut short or does not decode: what came before it is returned, and `problem` says where and
 * what. No chain checks here (audit-verify.ts does them).
 */
import { readFileSync } from 'node:fs';
import { decodeRecord, LENGTH_BYTES, type AuditRecord } from './audit-record.js';

export interface AuditFileContents {
  readonly records: AuditRecord[];
  /** null when every byte belonged to a well-formed record. */
  readonly problem: string | null;
  /** The problem is a cut-short last frame (a write a crash interrupted), not a malformed one. */
  readonly truncated: boolean;
  /** Bytes up to the end of the last well-formed record. */
  readonly validBytes: number;
}

export function readAuditFile(file: string): AuditFileContents {
  const bytes = readFileSync(file);
  const records: AuditRecord[] = [];
  let at = 0;
  while (at < bytes.length) {
    const after = records.at(-1)?.seq;
    const where = after === undefined ? 'at the start' : `after seq ${after}`;
    if (bytes.length - at < LENGTH_BYTES) return { records, problem: `truncated ${where} (${bytes.length - at} stray bytes at offset ${at})`, truncated: true, validBytes: at };
    const length = bytes.readUInt32BE(at);
    if (at + LENGTH_BYTES + length > bytes.length) {
      return { records, problem: `truncated ${where}: a ${length}-byte record at offset ${at} has only ${bytes.length - at - LENGTH_BYTES} bytes`, truncated: true, validBytes: at };
    }
    const record = decodeRecord(bytes.subarray(at + LENGTH_BYTES, at + LENGTH_BYTES + length));
    if (record === null) return { records, problem: `the record ${where} (offset ${at}) is not a well-formed record: altered`, truncated: false, validBytes: at };
    records.push(record);
    at += LENGTH_BYTES + length;
  }
  return { records, problem: null, truncated: false, validBytes: at };
}
