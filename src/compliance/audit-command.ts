/**
 * `tradebot audit verify FILE...`: verify an audit trail (audit-verify.ts). Exit 0 and the record
 * count and head hash when it holds; exit 1 naming the first altered, removed or reordered record;
 * exit 2 for a usage error (no file, an unreadable file). Files are taken in the order given;
 * a directory stands for its audit files, oldest first.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { auditFilesIn } from './audit-trail-writer.js';
import { verifyAuditTrail } from './audit-verify.js';

export function runAuditVerifyCommand(args: { files?: string[]; json?: boolean }): number {
  const given = args.files ?? [];
  if (given.length === 0) return usage('audit verify: name the audit files (or their directory)');
  const files: string[] = [];
  for (const f of given) {
    let isDir: boolean;
    try {
      isDir = statSync(f).isDirectory();
    } catch (e) {
      return usage(`audit verify: cannot read ${f} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (isDir) {
      const inDir = auditFilesIn(f).map((name) => path.join(f, name));
      if (inDir.length === 0) return usage(`audit verify: no audit-NNNNNN.msgpack files in ${f}`);
      files.push(...inDir);
    } else {
      files.push(f);
    }
  }
  const verdict = verifyAuditTrail(files);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(verdict)}\n`);
  } else if (verdict.ok) {
    process.stdout.write(`audit trail intact: ${verdict.records} records in ${files.length} file(s), head ${verdict.head ?? '(empty)'}\n`);
  } else {
    process.stdout.write(`audit trail BROKEN in ${verdict.problem!.file}: ${verdict.problem!.message} (${verdict.records} records verified before it)\n`);
  }
  return verdict.ok ? 0 : 1;
}

function usage(message: string): number {
  process.stderr.write(`tradebot: ${message}\n`);
  return 2;
}
