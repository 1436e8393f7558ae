// What the operator reads about a session: the banner (which process, which config, paper or
// live, where the metrics are) and the summary at the end, as text and as JSON. A session that
// sent no orders has no latency to report, and says "n/a" (null in JSON) rather than a zero that
// would read as "instant"; refusals say which layer refused what and why.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { tradingCryptoConfig } from './cli-session.js';
import { CliChild } from '../support/cli-child.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const killSwitchOn = (y: string): string => y.replace(/killSwitch: *false/, 'killSwitch: true');

async function session(args: string[], expectedCode = 0): Promise<CliChild> {
  const cli = new CliChild(args);
  try {
    const { code } = await cli.exit(30_000);
    assert.is(code, expectedCode, cli.transcript);
    return cli;
  } finally {
    cli.kill();
  }
}

/** The summary line starting with `label`, without the label. */
function summaryLine(stdout: string, label: string): string {
  const line = stdout.split('\n').find((l) => l.startsWith(`${label} `));
  assert.ok(line, `no "${label}" line in the summary:\n${stdout}`);
  return line!.slice(label.length).trim();
}

test('banner: version, this pid, markets, PAPER, the config path to reload, metrics off', async () => {
  const config = tradingCryptoConfig();
  const cli = await session(['run', 'crypto', '--config', config, '--duration', '1s', '--metrics-port', '0']);
  const pid = cli.pid;
  const lines = cli.stderr.split('\n');
  // Log lines carry a timestamp first.
  for (const line of lines.slice(0, 3)) assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /, line);
  assert.ok(lines[0].endsWith(`tradebot ${VERSION}, pid ${pid}: crypto BTC/USDT, ETH/USDT, PAPER trading, source sim, layered topology, for 1s`),
    `first banner line: ${lines[0]}`);
  assert.ok(lines[1].endsWith(`config ${config} (kill -HUP ${pid} reloads it)`), `second banner line: ${lines[1]}`);
  assert.ok(lines[2].endsWith('metrics off (--metrics-port 0)'), `third banner line: ${lines[2]}`);
});

test('human summary: one labelled line per topic, in order', async () => {
  const cli = await session(['run', 'crypto', '--duration', '1s', '--metrics-port', '0']);
  const labels = cli.stdout.trim().split('\n').map((l) => l.split(' ')[0]);
  assert.equal(labels, ['session', 'market', 'orders', 'account', 'risk', 'sizing', 'refused', 'latency', 'runtime'], cli.stdout);
  assert.match(summaryLine(cli.stdout, 'session'), /^\d+\.\d s crypto \(BTC\/USDT, ETH\/USDT\), paper trading, sim source, layered$/);
  assert.match(summaryLine(cli.stdout, 'market'), /^[\d,]+ ticks /);
  assert.match(summaryLine(cli.stdout, 'orders'), /^[\d,]+ sent, [\d,]+ filled \([\d,]+ fills\), [\d,]+ cancelled or expired, [\d,]+ refused \(denied by a check or rejected by the venue; [\d,]+ intents from sizing\)/);
  const account = summaryLine(cli.stdout, 'account');
  assert.match(account, /equity \$[\d,]+\.\d\d/);
  assert.match(account, /PnL [-+]?\$[\d,]+\.\d\d/);
  assert.match(account, /fees paid \$[\d,]+\.\d\d/);
  assert.match(summaryLine(cli.stdout, 'risk'), /max drawdown \d+\.\d\d%/);
  assert.match(summaryLine(cli.stdout, 'latency'), /p50 .*, p99 .*, p99\.9 .* \([\d,]+ orders\)/);
  assert.match(summaryLine(cli.stdout, 'runtime'), /^\d+ restarts/);
  // Logs belong on stderr: the summary is all there is on stdout.
  assert.not.match(cli.stdout, /\d{4}-\d\d-\d\dT/);
});

test('the default (kelly) sizer says why it did not trade: the cost gate, counted', async () => {
  const cli = await session(['run', 'crypto', '--duration', '3s', '--metrics-port', '0']);
  const sizing = summaryLine(cli.stdout, 'sizing');
  const stopped = /not traded: .*cost gate ([\d,]+)/.exec(sizing);
  assert.ok(stopped && Number(stopped[1].replace(/,/g, '')) > 0, `sizing line: ${sizing}`);
  assert.match(summaryLine(cli.stdout, 'risk'), /VaR\(99%, 1d, (parametric|historical)\) \d+\.\d\d% of equity, ES \d+\.\d\d%/);
});

test('kill switch on, human summary: no orders, latency n/a, the refusals named', async () => {
  const cli = await session(['run', 'crypto', '--config', tradingCryptoConfig(killSwitchOn), '--duration', '3s', '--metrics-port', '0']);
  assert.match(summaryLine(cli.stdout, 'orders'), /^0 sent, 0 filled \(0 fills\), 0 cancelled or expired, 0 refused \(denied by a check or rejected by the venue; 0 intents from sizing\)/);
  assert.is(summaryLine(cli.stdout, 'latency'), 'tick-to-order p50 n/a, p99 n/a, p99.9 n/a (0 orders)');
  const refused = summaryLine(cli.stdout, 'refused');
  const killed = /signals: kill switch ([\d,]+)/.exec(refused);
  assert.ok(killed, `refused line: ${refused}`);
  assert.ok(Number(killed![1].replace(/,/g, '')) > 0, `refused line: ${refused}`);
});

test('kill switch on, JSON: null latency, zero orders, refusals by layer and reason', async () => {
  const cli = await session(['run', 'crypto', '--config', tradingCryptoConfig(killSwitchOn), '--duration', '3s', '--json', '--metrics-port', '0']);
  const s = JSON.parse(cli.stdout.trim().split('\n').pop()!);
  assert.is(s.orders, 0);
  assert.is(s.fills, 0);
  assert.is(s.latency_us.p50, null);
  assert.is(s.latency_us.p99, null);
  assert.is(s.latency_us.p999, null);
  assert.is(s.latency_us.count, 0);
  assert.ok(s.refusals.sizing.kill_switch > 0, JSON.stringify(s.refusals));
  assert.is(s.refusals.execution.halted, 0, 'the kill switch is not a halt');
  assert.is(s.halted, false);
  assert.is(s.exit_code, 0);
});

test('halted, JSON: the halt, its reason, the intents refused after it, exit code 3', async () => {
  const config = tradingCryptoConfig((y) => y.replace(/maxRestarts: *\d+/, 'maxRestarts: 1'));
  const cli = await session(['run', 'crypto', '--config', config, '--duration', '30s', '--json', '--metrics-port', '0',
    '--crash-layer', 'L4', '--crash-after', '400ms', '--crash-times', '10'], 3);
  const s = JSON.parse(cli.stdout.trim().split('\n').pop()!);
  assert.is(s.halted, true);
  assert.type(s.halt_reason, 'string');
  assert.match(s.halt_reason, /L4/);
  assert.is(s.exit_code, 3);
  const execution = s.refusals.execution as Record<string, number>;
  const otherReasons = Object.entries(execution).filter(([reason]) => reason !== 'halted').reduce((n, [, v]) => n + v, 0);
  assert.is(execution.halted + otherReasons, s.rejects, `every reject has a reason: ${JSON.stringify(execution)}`);
  assert.is(s.orders + s.rejects, s.intents, 'every intent became an order or a counted reject');
});

test.run();
