/**
 * AuditTrailWriter: appends hash-chained records (audit-record.ts) to files in a directory,
 * `audit-000001.msgpack`, `audit-000002.msgpack`, ...
 *
 * - Batching: records are sealed at once (the chain is always up to date in memory) but their
 *   frames wait in a buffer until `flushEvery` records have gathered or `flush()` is called; a
 *   flush writes them in one write and, with `fsync`, forces them to the disk. Fewer, larger
 *   writes are what lets the trail keep up with the pipeline; what a crash can lose is at most the
 *   unflushed batch, and never a record in the middle of the chain.
 * - Rotation: once a file has grown past `maxFileBytes` it is closed and made read-only (0444),
 *   and the next file starts with a `file_opened` record naming the previous file, chained to its
 *   last record, so the files verify as one trail.
 * - Never rewritten: files are created with `wx` (a name that exists is an error, so a second
 *   writer cannot interleave) and a writer that finds earlier files continues the chain from the
 *   last record of the newest one, in a new file. One repair is made: a newest file whose last
 *   frame was cut short (a crash in the middle of a write) is cut back to its last whole record,
 *   and the next file's `file_opened` record says how many bytes were dropped. A newest file
 *   with a malformed record is not continued: that is tampering, and the writer refuses.
 * - Sealed at a clean end: `seal` appends a `trail_closed` record (TRAIL_CLOSED) and closes. A
 *   trail that does not end on one was not closed by its session (it is still running, or it
 *   crashed or was killed), or its last records were cut off: the chain alone cannot tell a
 *   removed tail from a session that died, the seal can. A resumed session continues after it.
 */
import { chmodSync, closeSync, fsyncSync, openSync, readdirSync, statSync, truncateSync, writeSync } from 'node:fs';
import path from 'node:path';
import { GENESIS_HASH, sealRecord } from './audit-record.js';
import { readAuditFile } from './audit-file-reader.js';

export const AUDIT_FILE_PATTERN = /^audit-(\d{6})\.msgpack$/;
/** Kind of the record a session's clean end appends last. */
export const TRAIL_CLOSED = 'trail_closed';

export interface AuditTrailOptions {
  /** Records per write (default 256). */
  flushEvery?: number;
  /** fsync after each write (default true). */
  fsync?: boolean;
  /** Start a new file past this size (default 64 MiB). */
  maxFileBytes?: number;
  /**
   * What wrote the trail (e.g. `{execution: 'paper', assetClass: 'crypto'}`), in every
   * `file_opened` record as `session`: reports that must tell paper trading from live (tax) read
   * it from the trail itself.
   */
  session?: Readonly<Record<string, string>>;
}

export class AuditTrailWriter {
  private readonly flushEvery: number;
  private readonly fsync: boolean;
  private readonly maxFileBytes: number;
  private readonly session: Readonly<Record<string, string>> | undefined;
  private fd = -1;
  private fileIndex: number;
  private fileBytes = 0;
  private seq: number;
  private prev: Buffer;
  /** Event time of the last record appended (the seal takes it: a clean end has no event time of its own). */
  private lastTsUs = 0;
  private pending: Buffer[] = [];
  /** A cut-short newest file found at start, for the next file_opened record. */
  private repaired: { file: string; droppedBytes: number } | null = null;
  private pendingBytes = 0;
  /** Written since the last fsync (write() leaves the forcing to the next flush). */
  private unsynced = false;

  constructor(readonly dir: string, opts: AuditTrailOptions = {}) {
    this.flushEvery = opts.flushEvery ?? 256;
    this.fsync = opts.fsync ?? true;
    this.maxFileBytes = opts.maxFileBytes ?? 64 * 1024 * 1024;
    this.session = opts.session;
    if (!(Number.isInteger(this.flushEvery) && this.flushEvery >= 1)) throw new Error(`audit trail: flushEvery must be an integer >= 1, got ${this.flushEvery}`);
    const files = auditFilesIn(dir);
    const newest = files.at(-1);
    if (newest === undefined) {
      this.fileIndex = 0;
      this.seq = 0;
      this.prev = GENESIS_HASH;
    } else {
      const file = path.join(dir, newest);
      const read = readAuditFile(file);
      if (read.problem !== null && !read.truncated) throw new Error(`audit trail: cannot continue ${file}: ${read.problem}`);
      if (read.truncated) {
        const dropped = statSync(file).size - read.validBytes;
        chmodSync(file, 0o644);
        truncateSync(file, read.validBytes);
        chmodSync(file, 0o444);
        this.repaired = { file: newest, droppedBytes: dropped };
      }
      let last = read.records.at(-1);
      // A crash between creating a file and writing its first whole record leaves it without one:
      // the chain's head is then the last record of an earlier file, not the genesis hash.
      for (let k = files.length - 2; last === undefined && k >= 0; k--) last = readAuditFile(path.join(dir, files[k])).records.at(-1);
      this.fileIndex = Number(AUDIT_FILE_PATTERN.exec(newest)![1]);
      this.seq = last?.seq ?? 0;
      this.prev = last?.hash ?? GENESIS_HASH;
      this.lastTsUs = last?.tsUs ?? 0;
      // Earlier files are never appended to: the next record opens a new one.
      this.fileBytes = Infinity;
    }
  }

  /** Seal and queue one record; returns its seq. */
  append(kind: string, tsUs: number, payload: unknown): number {
    if (this.fd < 0 || this.fileBytes >= this.maxFileBytes) this.rotate(tsUs);
    return this.push(kind, tsUs, payload);
  }

  /** Write (and fsync) whatever is queued or written since the last fsync. */
  flush(): void {
    if (this.fd < 0) return;
    this.write();
    if (this.fsync && this.unsynced) fsyncSync(this.fd);
    this.unsynced = false;
  }

  /**
   * Hand what is queued to the operating system without forcing it to the disk: from then on the
   * death of this thread or process cannot lose it (only the machine's, until the next flush).
   * Cheaper than a flush, so a caller can do it before every step that must not run ahead of the
   * trail (L5 publishing a snapshot that says its fills are booked).
   */
  write(): void {
    if (this.pending.length === 0 || this.fd < 0) return;
    const batch = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    let written = 0;
    while (written < batch.length) written += writeSync(this.fd, batch, written);
    this.fileBytes += batch.length;
    this.pending = [];
    this.pendingBytes = 0;
    this.unsynced = true;
  }

  /**
   * The session's clean end: a `trail_closed` record saying why (its seq is the trail's record
   * count), then close. A writer with no trail at all (nothing ever appended, here or before)
   * writes none.
   */
  seal(reason: string): void {
    if (this.seq === 0) return;
    this.append(TRAIL_CLOSED, this.lastTsUs, { reason });
    this.close();
  }

  /** Flush, close the file and make it read-only. */
  close(): void {
    if (this.fd < 0) return;
    this.flush();
    this.closeFile();
  }

  /** The hash of the last record appended (queued or written): the chain's current head. */
  head(): Buffer {
    return this.prev;
  }

  private push(kind: string, tsUs: number, payload: unknown): number {
    const { record, frame } = sealRecord(this.seq + 1, tsUs, kind, payload, this.prev);
    this.seq = record.seq;
    this.lastTsUs = tsUs;
    this.prev = record.hash;
    this.pending.push(frame);
    this.pendingBytes += frame.length;
    if (this.pending.length >= this.flushEvery) this.flush();
    return record.seq;
  }

  private rotate(tsUs: number): void {
    const previous = this.fd >= 0 || this.fileIndex > 0 ? fileName(this.fileIndex) : null;
    if (this.fd >= 0) {
      this.flush();
      this.closeFile();
    }
    this.fileIndex += 1;
    this.fd = openSync(path.join(this.dir, fileName(this.fileIndex)), 'wx', 0o644);
    this.fileBytes = 0;
    this.push('file_opened', tsUs, {
      file: fileName(this.fileIndex), previous, ...(this.repaired ? { repaired: this.repaired } : {}), ...(this.session ? { session: this.session } : {}),
    });
    this.repaired = null;
  }

  private closeFile(): void {
    closeSync(this.fd);
    chmodSync(path.join(this.dir, fileName(this.fileIndex)), 0o444);
    this.fd = -1;
  }
}

function fileName(index: number): string {
  return `audit-${String(index).padStart(6, '0')}.msgpack`;
}

/** The audit files in `dir`, oldest first. */
export function auditFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((f) => AUDIT_FILE_PATTERN.test(f)).sort();
}

/**
 * The trails under `dir`, each as its audit files' paths, oldest first: `dir` itself when it holds
 * audit files (one session's directory), else each session directory in it (`<dataDir>/audit/`).
 */
export function auditTrailsIn(dir: string): string[][] {
  const direct = auditFilesIn(dir);
  if (direct.length > 0) return [direct.map((f) => path.join(dir, f))];
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(dir, d.name)).sort()
    .map((d) => auditFilesIn(d).map((f) => path.join(d, f))).filter((files) => files.length > 0);
}
