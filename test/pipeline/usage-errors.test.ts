// Bad command lines and unreadable configs: one clear line per problem on stderr, naming the flag
// (not the config field it sets), and exit code 2, before anything starts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cryptoConfig, runCli } from './cli-session.js';
import { tempDir } from '../support/temp-dir.js';

const CRYPTO_YML = fileURLToPath(new URL('../../../conf/crypto.yml', import.meta.url));

async function refused(args: string[], ...patterns: RegExp[]): Promise<void> {
  // No venue keys, whatever the environment running the tests holds.
  const r = await runCli(args, 15_000, { BINANCE_API_KEY: '', BINANCE_API_SECRET: '', APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' });
  assert.is(r.code, 2, `tradebot ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
  assert.match(r.stderr, /^tradebot: /, `tradebot ${args.join(' ')}: ${r.stderr}`);
  assert.not.match(r.stderr, /\n\s+at /, `no stack trace: ${r.stderr}`);
  for (const p of patterns) assert.match(r.stderr, p, `tradebot ${args.join(' ')}: ${r.stderr}`);
  assert.is(r.stdout, '', 'nothing ran');
}

test('a bad symbol names the flag and the symbol', async () => {
  await refused(['run', 'crypto', '--symbols', 'BTC/USDT,not a symbol', '--metrics-port', '0'], /--symbols must be a crypto pair/, /"not a symbol"/);
});

test('symbols must fit the asset class, with a did-you-mean for venue ids', async () => {
  await refused(['run', 'crypto', '--symbols', 'AAPL', '--metrics-port', '0'], /--symbols .*"AAPL", which looks like a stock ticker/);
  await refused(['run', 'crypto', '--symbols', 'BTCUSDT', '--metrics-port', '0'], /--symbols .*"BTCUSDT" \(did you mean "BTC\/USDT"\?\)/);
  await refused(['run', 'stocks', '--symbols', 'BTC/USDT', '--metrics-port', '0'], /--symbols must be a stock ticker.*which is a crypto pair/);
});

test('the asset class on the command line must match the config', async () => {
  await refused(['run', 'stocks', '--config', CRYPTO_YML, '--metrics-port', '0'],
    /run stocks: .*crypto\.yml is a crypto config \(assetClass: crypto\); use `run crypto`/);
});

test('--live without keys refuses clearly, naming the variables; a config alone never enables it', async () => {
  await refused(['run', 'crypto', '--live', '--metrics-port', '0'], /--live: binance credentials: BINANCE_API_KEY is not set; BINANCE_API_SECRET is not set; nothing was started/);
  // The config alone never enables it, and says which flag would.
  const live = cryptoConfig((y) => y.replace(/mode: *paper/, 'mode: live'));
  await refused(['run', 'crypto', '--config', live, '--metrics-port', '0'], /execution\.mode is "live" but .*--live/);
});

test('durations: out of range or malformed is an error naming --duration', async () => {
  await refused(['run', 'crypto', '--duration', '400d'], /--duration: duration "400d" is out of range: at most 365d/);
  await refused(['run', 'crypto', '--duration', 'soon'], /--duration: invalid duration "soon"/);
  await refused(['run', 'crypto', '--duration', '30m1h'], /--duration: .*largest first/);
  await refused(['run', 'crypto', '--duration=-5s'], /--duration: invalid duration "-5s"/);
});

test('--metrics-port out of range names the flag', async () => {
  await refused(['run', 'crypto', '--metrics-port', '70000'], /--metrics-port must be a port number 0\.\.65535/);
  await refused(['run', 'crypto', '--metrics-port', 'abc'], /--metrics-port/);
});

test('a replay file with one usable bar, or none, is refused naming it and why', async () => {
  const dir = tempDir('tradebot-usage-');
  const one = path.join(dir, 'one.csv');
  writeFileSync(one, 'time,open,high,low,close,volume\n2022-01-01T00:00:00Z,1,2,0.5,1.5,10\n2022-01-01T00:01:00Z,-1,2,0.5,1.5,10\n');
  await refused(['run', 'crypto', '--replay', one, '--symbols', 'BTC/USDT', '--metrics-port', '0'], /--replay .*one\.csv: only 1 usable bar in it \(.*non_positive_price 1.*\); a replay needs at least 2/);
  const none = path.join(dir, 'none.csv');
  writeFileSync(none, 'time,open,high,low,close,volume\n2022-01-01T00:01:00Z,-1,2,0.5,1.5,10\n');
  await refused(['run', 'crypto', '--replay', none, '--symbols', 'BTC/USDT', '--metrics-port', '0'], /--replay .*none\.csv: no usable bars in it \(.*non_positive_price 1/);
  await refused(['run', 'crypto', '--replay', dir, '--symbols', 'BTC/USDT', '--metrics-port', '0'], /--replay .*: cannot read it/);
});

test('an unreadable config names the path', async () => {
  await refused(['run', 'crypto', '--config', '/nonexistent/x.yml'], /\/nonexistent\/x\.yml/);
});

test('unknown options, commands and benchmarks are usage errors', async () => {
  for (const args of [['run', 'crypto', '--bogus'], ['run', 'forex'], ['bench', 'nope'], [], ['run', 'crypto', '--source', 'kafka']]) {
    await refused(args);
  }
});

test.run();
