// A session's clean end seals its trail with a `trail_closed` record: verify says whether a trail
// ends on it, so cutting the last records off (which leaves a chain that verifies) shows; with
// --sealed such a trail fails. A resumed trail is sealed again only when its session ends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { AuditTrailWriter, auditFilesIn, TRAIL_CLOSED } from '../../src/compliance/audit-trail-writer.js';
import { verifyAuditTrail } from '../../src/compliance/audit-verify.js';
import { LENGTH_BYTES } from '../../src/compliance/audit-record.js';
import { readAuditFile } from '../../src/compliance/audit-file-reader.js';
import { tempDir } from '../support/temp-dir.js';
import { runCli } from '../pipeline/cli-session.js';

const files = (dir: string) => auditFilesIn(dir).map((f) => path.join(dir, f));

function session(dir: string, records: number, seal: boolean): void {
  const w = new AuditTrailWriter(dir, { flushEvery: 4, fsync: false });
  for (let i = 0; i < records; i++) w.append('fill', 1_700_000_000_000_000 + i, { symbol: 'BTC/USDT', lastQty: 0.01, lastPrice: 65_000 + i });
  if (seal) w.seal('session_ended');
  else w.close();
}

/** Cut the last `n` frames off the newest file. */
function cutLastFrames(dir: string, n: number): void {
  const file = files(dir).at(-1)!;
  const bytes = readFileSync(file);
  const ends: number[] = [];
  for (let at = 0; at < bytes.length; at += LENGTH_BYTES + bytes.readUInt32BE(at)) ends.push(at);
  chmodSync(file, 0o644);
  truncateSync(file, ends[ends.length - n]);
}

test('a sealed trail ends on trail_closed, at the last record\'s event time', () => {
  const dir = tempDir('audit-seal-');
  session(dir, 10, true);
  const verdict = verifyAuditTrail(files(dir), { fromStart: true });
  assert.ok(verdict.ok && verdict.sealed, JSON.stringify(verdict));
  const records = readAuditFile(files(dir)[0]).records;
  const seal = records.at(-1)!;
  assert.is(seal.kind, TRAIL_CLOSED);
  assert.equal(seal.payload, { reason: 'session_ended' });
  assert.is(seal.seq, 12, 'file_opened, 10 fills, the seal');
  assert.is(seal.tsUs, records.at(-2)!.tsUs);
});

test('a tail cut off leaves a chain that verifies but is not sealed; --sealed fails it', async () => {
  const dir = tempDir('audit-seal-cut-');
  session(dir, 10, true);
  cutLastFrames(dir, 3);
  const verdict = verifyAuditTrail(files(dir), { fromStart: true });
  assert.ok(verdict.ok, 'the shorter chain holds together');
  assert.is(verdict.sealed, false);
  const plain = await runCli(['audit', 'verify', dir], 15_000);
  assert.is(plain.code, 0, plain.stdout + plain.stderr);
  assert.match(plain.stdout, /audit trail intact: 9 records .*; not sealed: no trail_closed record at its end/);
  const strict = await runCli(['audit', 'verify', '--sealed', dir, '--json'], 15_000);
  assert.is(strict.code, 1, strict.stdout);
  const json = JSON.parse(strict.stdout) as { ok: boolean; sealed: boolean; problem: { message: string } };
  assert.ok(!json.ok && !json.sealed);
  assert.match(json.problem.message, /not sealed: it does not end on its session's trail_closed record/);
});

test('a trail continued after its seal is sealed again only by the continuing session', () => {
  const dir = tempDir('audit-seal-resume-');
  session(dir, 5, true);
  session(dir, 3, false); // a resumed session that died
  assert.is(verifyAuditTrail(files(dir), { fromStart: true }).sealed, false);
  session(dir, 2, true);
  const verdict = verifyAuditTrail(files(dir), { fromStart: true });
  assert.ok(verdict.ok && verdict.sealed, JSON.stringify(verdict));
});

test('a writer that never wrote seals nothing', () => {
  const dir = tempDir('audit-seal-empty-');
  new AuditTrailWriter(dir, { fsync: false }).seal('session_ended');
  assert.equal(auditFilesIn(dir), []);
});

test.run();
