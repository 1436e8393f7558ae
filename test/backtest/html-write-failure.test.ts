// An --html file that cannot be written once the run is over (the disk filled up meanwhile: the
// check before the run only opens it) is a usage error naming the file and the reason, and the
// report on stdout is not lost with it. It was a stack trace with exit 1 and nothing printed.
// /dev/full stands in for the full disk: it opens fine and refuses every write with ENOSPC.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';

test('the HTML write fails after the run: exit 2 naming --html and ENOSPC, the JSON report printed', async () => {
  if (!existsSync('/dev/full')) {
    process.stderr.write('skipped: no /dev/full on this system\n');
    return;
  }
  const bars = path.join(tempDir('tradebot-html-full-'), 'bars.csv');
  const rows = Array.from({ length: 60 }, (_, i) => `${1_640_995_200_000 + i * 60_000},100,103,99,${100 + (i % 3)},1`);
  writeFileSync(bars, `timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`);
  const r = await runCli(['backtest', 'crypto', '--data', bars, '--symbols', 'BTC/USDT', '--json', '--html', '/dev/full'], 30_000);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /^tradebot: backtest: --html \/dev\/full: cannot write it \(ENOSPC\)$/m);
  assert.not.match(r.stderr, /\n +at /, 'no stack trace');
  assert.match((JSON.parse(r.stdout) as { title: string }).title, /60 bars/);
});

test.run();
