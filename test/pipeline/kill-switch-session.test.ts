// The kill switch in a running session: with a drawdown limit the default strategy soon breaches,
// L5 trips it, says so in the log, sizing holds back new exposure (risk_halt refusals), and the
// summary names the limit that tripped.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tradingCryptoConfig, runCli, summaryOf } from './cli-session.js';

test('a breached drawdown limit trips the kill switch; the summary and the log say so', async () => {
  const config = tradingCryptoConfig((yml) => yml.replace('maxDrawdownPct: 25', 'maxDrawdownPct: 0.2'));
  const r = await runCli(['run', 'crypto', '--config', config, '--duration', '5s', '--json', '--metrics-port', '0'], 30_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.kill_switch, 'drawdown', JSON.stringify(s));
  assert.match(r.stderr, /L5 KILL SWITCH: drawdown limit breached at 0\.\d+%/);
  assert.ok((s.refusals.sizing.risk_halt ?? 0) > 0, `sizing refusals ${JSON.stringify(s.refusals.sizing)}`);
  assert.ok(s.max_drawdown_pct >= 0.2);
});

test.run();
