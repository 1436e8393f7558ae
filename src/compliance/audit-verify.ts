/**
 * Verify an audit trail, files in order: every record's own hash, every link to the record
 * before it, and the sequence numbers, so the first altered, removed, inserted or reordered
 * record is named (file and seq). Loose files may start anywhere in a trail: their first record
 * is trusted as the start of the chain unless it is the trail's first (seq 1, whose link must be
 * the genesis hash). A session's whole trail (`fromStart`, as a directory is verified) must begin
 * at seq 1 from the genesis hash: otherwise deleting its first records or its first file would
 * leave a shorter chain that verifies. `sealed` says whether the trail ends on the `trail_closed`
 * record a session writes at its clean end: a trail without it was not closed (the session is
 * running, crashed or was killed) or lost its last records.
 */
import path from 'node:path';
import { GENESIS_HASH, type AuditRecord } from './audit-record.js';
import { readAuditFile } from './audit-file-reader.js';
import { TRAIL_CLOSED } from './audit-trail-writer.js';

export interface AuditVerdict {
  readonly ok: boolean;
  /** Records that verified, across the files. */
  readonly records: number;
  /** Hash of the last verified record (hex): keep it elsewhere to detect a rewritten tail later. */
  readonly head: string | null;
  /** The first problem: file and what is wrong where. */
  readonly problem: { file: string; message: string } | null;
  /**
   * The problem is the last file ending in a record cut short (a write a crash interrupted):
   * everything before it verified, and a writer continuing the trail drops the cut record.
   */
  readonly cutShortAtEnd: boolean;
  /** The last verified record is the session's seal (`trail_closed`). */
  readonly sealed: boolean;
}

export function verifyAuditTrail(files: readonly string[], opts: { fromStart?: boolean } = {}): AuditVerdict {
  let previous: AuditRecord | null = null;
  let count = 0;
  const fail = (file: string, message: string, cutShortAtEnd = false): AuditVerdict => ({
    ok: false, records: count, head: previous?.hash.toString('hex') ?? null, problem: { file: path.basename(file), message }, cutShortAtEnd, sealed: false,
  });
  for (const file of files) {
    const contents = readAuditFile(file);
    for (const [i, record] of contents.records.entries()) {
      if (previous === null && opts.fromStart === true && record.seq !== 1) {
        return fail(file, `the trail starts at seq ${record.seq}: seq 1 to ${record.seq - 1} removed (its first records or files were deleted)`);
      }
      let problem = checkRecord(record, previous);
      if (problem !== null && previous !== null && record.seq > previous.seq + 1) {
        // A gap whose missing record turns up later in the file is a reordering, not a removal.
        const expected = previous.seq + 1;
        const later = contents.records.slice(i + 1).find((r) => r.seq === expected);
        if (later !== undefined) problem = `seq ${expected} reordered: it comes after seq ${record.seq} instead of after seq ${previous.seq}`;
      }
      if (problem !== null) return fail(file, problem);
      previous = record;
      count++;
    }
    if (contents.problem !== null) return fail(file, contents.problem, contents.truncated && file === files[files.length - 1]);
  }
  return {
    ok: true, records: count, head: previous?.hash.toString('hex') ?? null, problem: null, cutShortAtEnd: false, sealed: previous?.kind === TRAIL_CLOSED,
  };
}

function checkRecord(record: AuditRecord, previous: AuditRecord | null): string | null {
  if (!record.contentHashOk) return `seq ${record.seq} (${record.kind}) altered: its content does not match its hash`;
  if (previous === null) {
    if (record.seq === 1 && !record.prev.equals(GENESIS_HASH)) return 'seq 1 does not start from the genesis hash: records before it were removed or it was replaced';
    return null;
  }
  if (record.seq <= previous.seq) return `seq ${record.seq} out of order: it follows seq ${previous.seq}`;
  if (record.seq > previous.seq + 1) {
    const missing = record.seq - previous.seq - 1;
    return `${missing === 1 ? `seq ${previous.seq + 1}` : `seq ${previous.seq + 1} to ${record.seq - 1}`} removed (seq ${record.seq} follows seq ${previous.seq})`;
  }
  if (!record.prev.equals(previous.hash)) return `seq ${record.seq} does not follow seq ${previous.seq}: the link between them was altered or seq ${previous.seq} replaced`;
  return null;
}
