// A list flag given space-separated items (`--replay a.csv b.rec`, what a shell glob makes) is a
// usage error naming the flag and the item left over and saying how lists are given (exit 2),
// not "unknown option --b.rec", a flag nobody typed. A stray word elsewhere is named as such.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './pipeline/cli-session.js';

test('run crypto --replay a.csv b.rec: exit 2 naming --replay and "b.rec"', async () => {
  const r = await runCli(['run', 'crypto', '--replay', 'a.csv', 'b.rec', '--symbols', 'BTC/USDT', '--metrics-port', '0'], 15_000);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stderr, 'tradebot: --replay: "b.rec" is not part of its list: give the items comma-separated (--replay a,b) or repeat the flag (--replay a --replay b)\n');
});

test('backtest --data with two words, and a stray word after the market', async () => {
  const data = await runCli(['backtest', 'crypto', '--data', 'a.csv', 'b.csv'], 15_000);
  assert.is(data.code, 2, data.stderr);
  assert.match(data.stderr, /^tradebot: --data: "b\.csv" is not part of its list/);
  const stray = await runCli(['run', 'crypto', 'extra', '--metrics-port', '0'], 15_000);
  assert.is(stray.code, 2, stray.stderr);
  assert.is(stray.stderr, 'tradebot: unexpected argument "extra"; see --help\n');
  const unknown = await runCli(['run', 'crypto', '--replayy', 'a.csv'], 15_000);
  assert.is(unknown.code, 2, unknown.stderr);
  assert.match(unknown.stderr, /unknown option --replayy \(did you mean --replay\?\)/);
});

test.run();
