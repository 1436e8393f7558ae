// A backtest whose kill switch tripped exits 3, as documented: from then on only reducing intents
// go out, so the figures are the switch's rather than the strategy's. The session itself goes on
// (the orchestrator does not halt), which is why the exit code used to say 0. The report is still
// printed. ORCL 1995-2014 daily with the shipped stocks config trips the drawdown limit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../pipeline/cli-session.js';
import { sharedFile } from '../support/shared-data.js';

test('the drawdown kill switch trips on ORCL daily: exit 3, the JSON report printed and naming the trip', async () => {
  const file = sharedFile('stocks/candles/backtrader/orcl-1995-2014.txt');
  if (file === null) return;
  const r = await runCli(['backtest', 'stocks', '--data', file, '--symbols', 'ORCL', '--json'], 60_000);
  assert.match(r.stderr, /KILL SWITCH: drawdown limit breached/);
  assert.is(r.code, 3, r.stderr);
  const report = JSON.parse(r.stdout) as { ours: { trades: number }; killSwitch: string | null };
  assert.ok(report.ours.trades > 0, 'the run traded before the switch tripped');
  assert.is(report.killSwitch, 'drawdown');
});

test('a run whose kill switch stays off exits 0', async () => {
  const file = sharedFile('stocks/candles/backtrader/orcl-1995-2014.txt');
  if (file === null) return;
  const r = await runCli(['backtest', 'stocks', '--data', file, '--symbols', 'ORCL', '--to', '1996', '--json'], 60_000);
  assert.not.match(r.stderr, /KILL SWITCH/);
  assert.is(r.code, 0, r.stderr);
  assert.is((JSON.parse(r.stdout) as { killSwitch: string | null }).killSwitch, null);
});

test('the text report says the switch tripped', async () => {
  const file = sharedFile('stocks/candles/backtrader/orcl-1995-2014.txt');
  if (file === null) return;
  const r = await runCli(['backtest', 'stocks', '--data', file, '--symbols', 'ORCL'], 60_000);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stdout, /KILL SWITCH tripped \(drawdown\): from then on only reducing orders went out/);
});

test.run();
