// The audit trail: records chained by SHA-256 across rotated, read-only files; a tampered, a
// truncated, a removed and a reordered record each named by `verify`; a new writer continues the
// chain; the CLI exits 1 on a broken trail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuditTrailWriter, auditFilesIn } from '../../src/compliance/audit-trail-writer.js';
import { verifyAuditTrail } from '../../src/compliance/audit-verify.js';
import { LENGTH_BYTES } from '../../src/compliance/audit-record.js';
import { tempDir } from '../support/temp-dir.js';
import { runCli } from '../pipeline/cli-session.js';

function writeTrail(dir: string, records: number, maxFileBytes = 4096): AuditTrailWriter {
  const w = new AuditTrailWriter(dir, { flushEvery: 7, maxFileBytes, fsync: false });
  for (let i = 0; i < records; i++) {
    w.append(i % 3 === 0 ? 'fill' : 'intent', 1_700_000_000_000_000 + i, { symbol: 'BTC/USDT', qty: 0.001 * i, price: 65_000 + i, bound: 'position_cap' });
  }
  w.close();
  return w;
}

const files = (dir: string) => auditFilesIn(dir).map((f) => path.join(dir, f));

/** Frame boundaries of a file: [start, end) of each frame. */
function frames(bytes: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = 0; at < bytes.length;) {
    const end = at + LENGTH_BYTES + bytes.readUInt32BE(at);
    out.push([at, end]);
    at = end;
  }
  return out;
}

function editFile(file: string, edit: (bytes: Buffer) => Buffer): void {
  chmodSync(file, 0o644);
  writeFileSync(file, edit(readFileSync(file)));
}

test('a trail of 500 records over rotated files verifies, its files read-only, its head the writer\'s', () => {
  const dir = tempDir('tradebot-audit-');
  const w = writeTrail(dir, 500);
  const fs = files(dir);
  assert.ok(fs.length >= 3, `rotated into ${fs.length} files`);
  for (const f of fs) assert.is(statSync(f).mode & 0o777, 0o444, `${f} is read-only`);
  const v = verifyAuditTrail(fs);
  assert.ok(v.ok, JSON.stringify(v.problem));
  assert.is(v.records, 500 + fs.length, 'every record plus one file_opened per file');
  assert.is(v.head, w.head().toString('hex'));
});

test('a changed byte in a record is named as altered', () => {
  const dir = tempDir('tradebot-audit-');
  writeTrail(dir, 200);
  const second = files(dir)[1];
  editFile(second, (b) => {
    const [start, end] = frames(b)[3];
    const copy = Buffer.from(b);
    const i = copy.indexOf('BTC/USDT', start);
    assert.ok(i > 0 && i < end);
    copy.write('BTC/USDC', i); // same length: the frame still decodes
    return copy;
  });
  const v = verifyAuditTrail(files(dir));
  assert.not.ok(v.ok);
  assert.is(v.problem!.file, path.basename(second));
  assert.match(v.problem!.message, /^seq \d+ \((intent|fill)\) altered: its content does not match its hash$/);
});

test('a truncated file, a removed record and a swapped pair are each named', () => {
  const truncated = tempDir('tradebot-audit-');
  writeTrail(truncated, 100, 1 << 20);
  const [only] = files(truncated);
  editFile(only, (b) => b.subarray(0, b.length - 5));
  const t = verifyAuditTrail(files(truncated));
  assert.not.ok(t.ok);
  assert.match(t.problem!.message, /^truncated after seq 100/);

  const removed = tempDir('tradebot-audit-');
  writeTrail(removed, 100, 1 << 20);
  editFile(files(removed)[0], (b) => {
    const [start, end] = frames(b)[10]; // seq 11
    return Buffer.concat([b.subarray(0, start), b.subarray(end)]);
  });
  assert.match(verifyAuditTrail(files(removed)).problem!.message, /^seq 11 removed \(seq 12 follows seq 10\)/);

  const swapped = tempDir('tradebot-audit-');
  writeTrail(swapped, 100, 1 << 20);
  editFile(files(swapped)[0], (b) => {
    const f = frames(b);
    const [a0, a1] = f[20];
    const [b0, b1] = f[21];
    return Buffer.concat([b.subarray(0, a0), b.subarray(b0, b1), b.subarray(a0, a1), b.subarray(b1)]);
  });
  assert.match(verifyAuditTrail(files(swapped)).problem!.message, /^seq 21 reordered: it comes after seq 22/);
});

test('a new writer continues the chain in a new file; the whole trail verifies', () => {
  const dir = tempDir('tradebot-audit-');
  writeTrail(dir, 50, 1 << 20);
  const w = new AuditTrailWriter(dir, { fsync: false });
  w.append('fill', 1, { again: true });
  w.close();
  const fs = files(dir);
  assert.is(fs.length, 2);
  const v = verifyAuditTrail(fs);
  assert.ok(v.ok, JSON.stringify(v.problem));
  assert.is(v.records, 50 + 1 + 2);
  // Verifying the second file alone trusts its first record as the start.
  assert.ok(verifyAuditTrail([fs[1]]).ok);
});

test('tradebot audit verify: exit 0 on an intact trail, 1 naming the record on a broken one, 2 on no files', async () => {
  const dir = tempDir('tradebot-audit-');
  writeTrail(dir, 60);
  const good = await runCli(['audit', 'verify', dir], 15_000);
  assert.is(good.code, 0, good.stderr);
  assert.match(good.stdout, /audit trail intact: \d+ records in \d+ file\(s\) of .*, head [0-9a-f]{64}/);
  editFile(files(dir)[0], (b) => { const c = Buffer.from(b); c[c.length - 40] ^= 0xff; return c; });
  const bad = await runCli(['audit', 'verify', ...files(dir)], 15_000);
  assert.is(bad.code, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /audit trail BROKEN in .*audit-000001\.msgpack: /);
  const none = await runCli(['audit', 'verify', tempDir('tradebot-audit-empty-')], 15_000);
  assert.is(none.code, 2);
  assert.match(none.stderr, /no audit-NNNNNN\.msgpack files/);
});

test.run();
