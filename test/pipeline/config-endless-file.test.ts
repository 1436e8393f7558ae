// A config "file" that never ends (`--config /dev/zero`) is refused at once as too large, exit 2
// naming it, instead of being read until the process aborts out of memory. A pipe that does end
// (`--config <(...)`) is read as before.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './cli-session.js';
import { tempDir } from '../support/temp-dir.js';

test('run crypto --config /dev/zero: exit 2, "larger than", within seconds', async () => {
  if (!existsSync('/dev/zero')) return;
  const r = await runCli(['run', 'crypto', '--config', '/dev/zero', '--duration', '300ms', '--metrics-port', '0', '--data-dir', ''], 15_000);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stderr, 'tradebot: /dev/zero: cannot read config file: it is larger than 4 MB\n');
});

test('optimize --config /dev/zero: the same refusal, before any trial', async () => {
  if (!existsSync('/dev/zero')) return;
  const dir = tempDir('tradebot-endless-config-');
  const space = path.join(dir, 'space.yml');
  writeFileSync(space, 'risk.fraction: {min: 0.01, max: 0.05}\n');
  const bars = path.join(dir, 'bars.csv');
  writeFileSync(bars, `timestamp,open,high,low,close,volume\n${Array.from({ length: 40 }, (_, i) => `${1_640_000_000_000 + i * 60_000},100,101,99,100,1`).join('\n')}\n`);
  const r = await runCli(['optimize', 'crypto', '--config', '/dev/zero', '--data', bars, '--symbols', 'BTC/USDT', '--space', space, '--objective', 'sharpe'], 15_000);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /\/dev\/zero: cannot read config file: it is larger than 4 MB/);
});

test.run();
