// A --data file a backtest cannot use is refused with one line naming the file once and saying
// why: the reader's own error as it is (it was prefixed with the path a second time), and for a
// file whose rows were all skipped, the reasons the reader skipped them (it said only "0 bars").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBacktest } from '../../src/backtest/backtest-command.js';
import { tradingCryptoConfig } from '../pipeline/cli-session.js';
import { sharedFile } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';

async function refusal(file: string): Promise<string> {
  try {
    await runBacktest({ assetClass: 'crypto', dataFiles: [file], symbols: ['BTC/USDT'], configPath: tradingCryptoConfig(), log: () => {} });
  } catch (err) {
    assert.is((err as Error).constructor.name, 'BacktestUsageError', (err as Error).stack);
    return (err as Error).message;
  }
  throw new Error(`${file} was backtested`);
}

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

test('an empty file and a missing one: the reader\'s reason, the file named once', async () => {
  const dir = tempDir('tradebot-unusable-');
  const empty = path.join(dir, 'empty.csv');
  writeFileSync(empty, '');
  const said = await refusal(empty);
  assert.ok(said.startsWith(`${empty}: not a candle file (the file is empty)`), said);
  assert.is(occurrences(said, empty), 1, said);
  const missing = path.join(dir, 'missing.csv');
  assert.is(await refusal(missing), `${missing}: no such file`);
});

test('a header only, and rows all invalid: the bar count with the reasons rows were skipped', async () => {
  const dir = tempDir('tradebot-unusable-');
  const header = path.join(dir, 'header.csv');
  writeFileSync(header, 'timestamp,open,high,low,close,volume\n');
  assert.is(await refusal(header), `${header}: 0 bars (a backtest needs at least 2)`);
  const negative = path.join(dir, 'negative.csv');
  writeFileSync(negative, `timestamp,open,high,low,close,volume\n${[0, 1, 2].map((i) => `${1_640_995_200_000 + i * 60_000},-5,-5,-5,-5,1`).join('\n')}\n`);
  assert.match(await refusal(negative), /negative\.csv: 0 bars \(a backtest needs at least 2\) \(.*skipped 3 of 3 rows: non_positive_price 3 \(lines 2, 3, 4\)\)$/);
});

test('freqtrade\'s funding-rate file (the rate in the open column, the other prices 0): every element skipped as a non-positive price', async () => {
  const file = sharedFile('crypto/candles/freqtrade/futures/XRP_USDT_USDT-8h-funding_rate.json');
  if (file === null) return;
  assert.match(await refusal(file), /XRP_USDT_USDT-8h-funding_rate\.json: 0 bars \(a backtest needs at least 2\) \(.*skipped 91 of 91 rows: non_positive_price 91 \(elements 1, 2, 3, 4, 5, \.\.\.\)\)$/);
});

test.run();
