// `tradebot risk report` refusals: a missing file, a file that is no candle file, too few prices
// and a bad --horizon each give exit code 2 and one line naming the file or flag, no stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';

async function refused(args: string[], pattern: RegExp): Promise<void> {
  const r = await runCli(args);
  assert.is(r.code, 2, `tradebot ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
  assert.is(r.stdout, '');
  assert.ok(r.stderr.endsWith('\n') && r.stderr.indexOf('\n') === r.stderr.length - 1, `one line: ${r.stderr}`);
  assert.match(r.stderr, /^tradebot: /);
  assert.match(r.stderr, pattern);
}

const dir = tempDir();

test('missing file', async () => {
  await refused(['risk', 'report', '--prices', path.join(dir, 'absent.csv'), '--json'], /absent\.csv: no such file/);
});

test('not a candle file', async () => {
  const file = path.join(dir, 'notes.txt');
  writeFileSync(file, 'hello\nworld\n');
  await refused(['risk', 'report', '--prices', file, '--json'], /notes\.txt: not a candle file/);
});

test('too few prices, counted at the horizon given', async () => {
  const file = path.join(dir, 'short.csv');
  const rows = Array.from({ length: 150 }, (_, i) => `${1_700_000_000_000 + i * 60_000},10,11,9,10.5,1`);
  writeFileSync(file, `timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`);
  await refused(['risk', 'report', '--prices', file, '--horizon', '2', '--json'], /short\.csv: 150 prices give 74 returns at --horizon 2; the risk report needs at least 100/);
});

test('bad or missing flags', async () => {
  await refused(['risk', 'report', '--json'], /--prices is required/);
  await refused(['risk', 'report', '--prices', 'x.csv', '--horizon', '0'], /--horizon must be a whole number of bars >= 1, got "0"/);
});

test.run();
