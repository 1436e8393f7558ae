// A crash can leave the newest audit file without one whole record: the file was created (the
// writer opens it with the record that names it still queued) and the process died before that
// record was written, or while it was. A writer continuing the trail must chain on from the last
// record of the file before it; starting again from the genesis hash would leave a trail that
// never verifies again (and a resume that refuses it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuditTrailWriter, auditFilesIn } from '../../src/compliance/audit-trail-writer.js';
import { verifyAuditTrail } from '../../src/compliance/audit-verify.js';
import { readAuditFile } from '../../src/compliance/audit-file-reader.js';
import { tempDir } from '../support/temp-dir.js';

function trailWithCrashedNewestFile(newest: Buffer): string {
  const dir = tempDir('tradebot-audit-empty-');
  const w = new AuditTrailWriter(dir, { fsync: false });
  for (let i = 0; i < 5; i++) w.append('fill', 1_767_225_600_000_000 + i, { event: 'OrderFilled', clientOrderId: i + 1 });
  w.close();
  writeFileSync(path.join(dir, 'audit-000002.msgpack'), newest);
  return dir;
}

for (const [what, newest] of [['empty', Buffer.alloc(0)], ['holding a cut-short first record', Buffer.from([0, 0, 1, 0, 0x95])]] as const) {
  test(`a newest file ${what}: the next writer continues the chain from the file before it`, () => {
    const dir = trailWithCrashedNewestFile(newest);
    const w = new AuditTrailWriter(dir, { fsync: false });
    w.append('fill', 1_767_225_700_000_000, { event: 'OrderFilled', clientOrderId: 6 });
    w.seal('session_ended');
    const files = auditFilesIn(dir).map((f) => path.join(dir, f));
    assert.is(files.length, 3);
    const verdict = verifyAuditTrail(files, { fromStart: true });
    assert.ok(verdict.ok, JSON.stringify(verdict.problem));
    assert.ok(verdict.sealed);
    assert.is(readAuditFile(files[2]).records[0].seq, 7, 'seq goes on after the 6 records of the first file');
  });
}

test.run();
