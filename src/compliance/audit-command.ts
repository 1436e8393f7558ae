/**
 * `tradebot audit verify FILE...`: verify an audit trail (audit-verify.ts). Exit 0 and the record
 * count and head hash when it holds; exit 1 naming the first altered, removed or reordered record;
 * exit 2 for a usage error (no file, an unreadable file). Whether a trail ends on its session's
 * seal is said either way; with `--sealed` an intact trail without one fails too (exit 1): the
 * check for a trail whose session is known to have ended. Files are taken in the order given;
 * a directory stands for its audit files, oldest first, and a directory of session directories
 * (`<dataDir>/audit/`) for each session's trail, each its own chain.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { auditTrailsIn, TRAIL_CLOSED } from './audit-trail-writer.js';
import { verifyAuditTrail, type AuditVerdict } from './audit-verify.js';

export function runAuditVerifyCommand(args: { files?: string[]; json?: boolean; sealed?: boolean }): number {
  const given = args.files ?? [];
  if (given.length === 0) return usage('audit verify: name the audit files (or their directory)');
  const trails: string[][] = [];
  const loose: string[] = [];
  for (const f of given) {
    let isDir: boolean;
    try {
      isDir = statSync(f).isDirectory();
    } catch (e) {
      return usage(`audit verify: cannot read ${f} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (!isDir) { loose.push(f); continue; }
    const sessions = auditTrailsIn(f);
    if (sessions.length === 0) return usage(`audit verify: no audit-NNNNNN.msgpack files in ${f} or its session directories`);
    trails.push(...sessions);
  }
  const whole = trails.length;
  if (loose.length > 0) trails.unshift(loose);
  let broken = 0;
  const verdicts = trails.map((files, k) => {
    // A directory is a session's whole trail: it must start at seq 1 and hold records.
    const fromStart = k >= trails.length - whole;
    let verdict: AuditVerdict;
    try {
      verdict = emptyTrail(verifyAuditTrail(files, { fromStart }), fromStart);
    } catch (e) {
      // A file that cannot be read at all (a directory or a dangling link under an audit file's name).
      verdict = { ok: false, records: 0, head: null, problem: { file: '', message: `cannot read it: ${(e as Error).message}` }, cutShortAtEnd: false, sealed: false };
    }
    if (args.sealed === true && verdict.ok && !verdict.sealed) {
      verdict = { ...verdict, ok: false, problem: { file: path.basename(files[files.length - 1]), message: `not sealed: it does not end on its session's ${TRAIL_CLOSED} record (the session did not close it, or its last records were removed)` } };
    }
    const where = path.dirname(files[0]);
    if (!verdict.ok) broken++;
    if (!args.json) {
      process.stdout.write(verdict.ok
        ? `audit trail intact: ${verdict.records} records in ${files.length} file(s) of ${where}, head ${verdict.head ?? '(empty)'}; ${sealNote(verdict)}\n`
        : `audit trail BROKEN in ${path.join(where, verdict.problem!.file)}: ${verdict.problem!.message} (${verdict.records} records verified before it)\n`);
    }
    return { dir: where, ...verdict };
  });
  if (args.json) process.stdout.write(`${JSON.stringify(verdicts.length === 1 ? verdicts[0] : verdicts)}\n`);
  return broken === 0 ? 0 : 1;
}

/** A session directory whose files hold no record at all is not an intact trail: every session writes one. */
function emptyTrail(verdict: AuditVerdict, fromStart: boolean): AuditVerdict {
  if (!verdict.ok || verdict.records > 0 || !fromStart) return verdict;
  return { ...verdict, ok: false, problem: { file: '', message: 'no records: the trail is empty (its records were removed or its files truncated)' } };
}

function sealNote(verdict: AuditVerdict): string {
  return verdict.sealed ? 'sealed: its session closed it'
    : `not sealed: no ${TRAIL_CLOSED} record at its end (the session is still running, crashed or was killed, or its last records were removed)`;
}

function usage(message: string): number {
  process.stderr.write(`tradebot: ${message}\n`);
  return 2;
}
