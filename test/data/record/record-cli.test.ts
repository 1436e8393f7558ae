// `tradebot record` as a person runs it: a child process recording the simulated exchange for a
// second exits 0 with a summary line and a readable file; an existing --out or an unknown venue is
// a usage error (exit 2) that names the problem, and the existing file is left alone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRecording, RecordKind } from '../../../src/data/record/recording-file.js';
import { runCli } from '../../pipeline/cli-session.js';

const dir = mkdtempSync(path.join(tmpdir(), 'record-cli-'));

test('CLI: record --venue sim --duration 1s exits 0 with a readable file; an existing --out exits 2', async () => {
  const out = path.join(dir, 'x.rec');
  const ok = await runCli(['record', '--venue', 'sim', '--symbols', 'BTC/USDT', '--out', out, '--duration', '1s'], 20_000);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /recorded \d+ frames \(\d+ bytes\), 1 snapshots to .*x\.rec \(\d+ bytes\)/);
  const rec = readRecording(out);
  assert.is(rec.truncated, false);
  assert.equal(rec.header.symbols, ['BTC/USDT']);
  assert.ok(rec.records.filter((r) => r.kind === RecordKind.Frame).length > 10);

  const before = readFileSync(out).length;
  const again = await runCli(['record', '--venue', 'sim', '--symbols', 'BTC/USDT', '--out', out, '--duration', '1s'], 20_000);
  assert.is(again.code, 2, again.stderr);
  assert.match(again.stderr, /x\.rec already exists/);
  assert.is(readFileSync(out).length, before, 'the existing file is untouched');
  const bad = await runCli(['record', '--venue', 'kraken', '--symbols', 'BTC/USDT', '--out', path.join(dir, 'y.rec')], 20_000);
  assert.is(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /--venue must be one of sim \| binance/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
