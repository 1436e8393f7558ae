// `tradebot backtest --risk-free` takes the annual rate as a fraction: a value that is no number,
// or one above 100% (a percentage typed as such), is a usage error naming the flag, said before
// any bar is replayed, never a RangeError after the run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';

test('backtest --risk-free abc and --risk-free 4: exit 2 naming the flag, nothing replayed', async () => {
  const dir = tempDir('tradebot-risk-free-');
  const bars = path.join(dir, 'bars.csv');
  writeFileSync(bars, `timestamp,open,high,low,close,volume\n${Array.from({ length: 5 }, (_, i) => `${1_640_000_000_000 + i * 60_000},100,101,99,100,1`).join('\n')}\n`);
  for (const rate of ['abc', '4']) {
    const r = await runCli(['backtest', 'crypto', '--data', bars, '--symbols', 'BTC/USDT', '--risk-free', rate], 30_000);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /tradebot: backtest: --risk-free must be an annual rate as a fraction/);
    assert.not.match(r.stderr, /events replayed/);
    assert.not.match(r.stderr, /\n\s+at /);
  }
});

test.run();
