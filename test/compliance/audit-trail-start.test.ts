// A session's whole trail must start at seq 1: deleting its first records or its first file is
// named as a removal, and an empty session directory is not an intact trail. Reports built on the
// trail (tax, TCA) refuse one that does not verify, naming the record, instead of printing forged
// numbers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuditTrailWriter, auditFilesIn } from '../../src/compliance/audit-trail-writer.js';
import { verifyAuditTrail } from '../../src/compliance/audit-verify.js';
import { LENGTH_BYTES } from '../../src/compliance/audit-record.js';
import { auditRecordsIn } from '../../src/compliance/tca-report.js';
import { tempDir } from '../support/temp-dir.js';
import { runCli } from '../pipeline/cli-session.js';

/** A session directory under `<root>/audit/` holding `records` fills over several files. */
function session(root: string, records: number): string {
  const dir = path.join(root, 'audit', '20260101T000000Z-1');
  mkdirSync(dir, { recursive: true });
  const w = new AuditTrailWriter(dir, { flushEvery: 5, maxFileBytes: 2048, fsync: false });
  for (let i = 0; i < records; i++) {
    w.append('fill', 1_767_225_600_000_000 + i * 1e6, {
      event: 'OrderFilled', symbol: 'BTC/USDT', clientOrderId: i + 1, side: i % 2 === 0 ? 'buy' : 'sell', lastQty: 0.01, lastPrice: 60_000 + i, leavesQty: 0, feeUsd: 0.5,
    });
  }
  w.close();
  return dir;
}

const filesOf = (dir: string) => auditFilesIn(dir).map((f) => path.join(dir, f));

function dropFirstFrame(file: string): void {
  chmodSync(file, 0o644);
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(LENGTH_BYTES + bytes.readUInt32BE(0)));
}

test('a trail whose first file was deleted verifies as loose files, not as a session\'s whole trail', () => {
  const dir = session(tempDir('tradebot-audit-start-'), 60);
  const files = filesOf(dir);
  assert.ok(files.length > 2);
  rmSync(files[0], { force: true });
  const rest = files.slice(1);
  assert.ok(verifyAuditTrail(rest).ok, 'loose files may start anywhere');
  const whole = verifyAuditTrail(rest, { fromStart: true });
  assert.not.ok(whole.ok);
  assert.match(whole.problem!.message, /the trail starts at seq \d+: seq 1 to \d+ removed/);
});

test('tradebot audit verify DIR: a removed first record, or an empty session, is broken (exit 1)', async () => {
  const root = tempDir('tradebot-audit-start-');
  const dir = session(root, 30);
  dropFirstFrame(filesOf(dir)[0]);
  const cut = await runCli(['audit', 'verify', dir], 15_000);
  assert.is(cut.code, 1, cut.stdout + cut.stderr);
  assert.match(cut.stdout, /audit trail BROKEN in .*: the trail starts at seq 2: seq 1 to 1 removed/);
  for (const f of filesOf(dir)) { chmodSync(f, 0o644); writeFileSync(f, Buffer.alloc(0)); }
  const empty = await runCli(['audit', 'verify', dir], 15_000);
  assert.is(empty.code, 1, empty.stdout + empty.stderr);
  assert.match(empty.stdout, /no records: the trail is empty/);
});

test('reports refuse a trail that does not verify, naming the record; tax exits 2 without numbers', async () => {
  const root = tempDir('tradebot-audit-start-');
  const dir = session(root, 30);
  assert.is(auditRecordsIn(path.join(root, 'audit')).length, 30 + auditFilesIn(dir).length, 'every fill and each file\'s opening record');
  // One byte of the second record (a fill) changed, its stored hash left as it was.
  const file = filesOf(dir)[0];
  chmodSync(file, 0o644);
  const bytes = readFileSync(file);
  const second = LENGTH_BYTES + bytes.readUInt32BE(0);
  bytes[second + Math.floor(bytes.readUInt32BE(second) / 2)] ^= 0x01;
  writeFileSync(file, bytes);
  assert.throws(() => auditRecordsIn(path.join(root, 'audit')), /seq 2 .*tradebot audit verify/);
  const tax = await runCli(['report', 'tax', '--year', '2026', '--data-dir', root], 15_000);
  assert.is(tax.code, 2, tax.stdout + tax.stderr);
  assert.match(tax.stderr, /seq 2 /);
  assert.not.match(tax.stdout, /Schedule D/);
  const tca = await runCli(['report', 'tca', '--data-dir', root], 15_000);
  assert.is(tca.code, 2, tca.stdout + tca.stderr);
});

test.run();
