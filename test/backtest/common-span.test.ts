// Several --data files are marked on one bar grid: a backtest replays only the span they all cover
// (trades past the end of the shortest file were counted in the fills, fees and realised PnL but
// never in the equity), refuses files of different bar intervals, and says so when the files share
// no bars (that was a RangeError stack trace from the baselines).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runBacktest } from '../../src/backtest/backtest-command.js';
import { commonSpan, CommonSpanError } from '../../src/backtest/common-span.js';
import { renderJsonReport } from '../../src/backtest/json-report.js';
import { parseCandleBytes } from '../../src/data/replay/candle-file.js';
import { tradingCryptoConfig } from '../pipeline/cli-session.js';
import { sharedFile } from '../support/shared-data.js';

const MINUTE_MS = 60_000;
const T0 = 1_640_995_200_000; // 2022-01-01T00:00:00Z

/** A CSV series of `n` bars `stepMs` apart from `startMs`. */
function bars(name: string, startMs: number, n: number, stepMs = MINUTE_MS) {
  const rows = Array.from({ length: n }, (_, i) => `${startMs + i * stepMs},100,101,99,100,1`);
  return parseCandleBytes(Buffer.from(`timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`), name);
}

test('the span is from the latest first bar to the earliest last bar; one file has none', () => {
  assert.is(commonSpan([bars('a.csv', T0, 10)]), null);
  const span = commonSpan([bars('a.csv', T0, 10), bars('b.csv', T0 + 3 * MINUTE_MS, 20)]);
  assert.equal(span, { fromUs: (T0 + 3 * MINUTE_MS) * 1000, toUs: (T0 + 9 * MINUTE_MS) * 1000 + 1 });
});

test('different bar intervals, or fewer than two shared bars, are refused naming the files', () => {
  assert.throws(() => commonSpan([bars('a.csv', T0, 50), bars('b.csv', T0, 10, 5 * MINUTE_MS)]),
    (err: Error) => err instanceof CommonSpanError && /different bar intervals \(a\.csv 1m, b\.csv 5m\)/.test(err.message));
  assert.throws(() => commonSpan([bars('a.csv', T0, 10), bars('b.csv', T0 + 86_400_000, 10)]),
    (err: Error) => err instanceof CommonSpanError && /share 0 bar open times .*a\.csv 2022-01-01T00:00:00\.000Z \.\. 2022-01-01T00:09:00\.000Z, b\.csv 2022-01-02/.test(err.message));
  // The same spacing but shifted by 30 s: the spans overlap, the bar times never meet.
  assert.throws(() => commonSpan([bars('a.csv', T0, 10), bars('b.csv', T0 + 30_000, 10)]), /share 0 bar open times/);
});

const FUTURES = 'crypto/candles/freqtrade/futures/XRP_USDT_USDT-1h-futures.json';
const MARK = 'crypto/candles/freqtrade/futures/XRP_USDT_USDT-1h-mark.json';

test('two real files overlapping in part: the same report as the run cut to their common span', async () => {
  const futures = sharedFile(FUTURES);
  const mark = sharedFile(MARK);
  if (futures === null || mark === null) return;
  const base = { assetClass: 'crypto' as const, dataFiles: [futures, mark], symbols: ['BTC/USDT', 'ETH/USDT'], configPath: tradingCryptoConfig(), log: () => {} };
  const whole = await runBacktest(base);
  // futures: 2021-11-17 01:00 .. 11-21 04:00; mark: 11-15 06:00 .. 11-19 09:00 (hourly, 100 bars each).
  const cut = await runBacktest({ ...base, from: '2021-11-17T01:00Z', to: '2021-11-19T09:00:01Z' });
  assert.equal(whole.report.inputs.map((d) => [d.bars, d.barsInWindow]), [[100, 57], [100, 57]]);
  assert.ok(whole.report.ours.trades > 0, 'the run traded');
  assert.is(renderJsonReport(whole.report), renderJsonReport(cut.report));
});

test('files of different intervals or with no time in common: a usage error before the replay', async () => {
  const futures = sharedFile(FUTURES);
  const eth = sharedFile('crypto/candles/freqtrade/ETH_BTC-5m.json');
  const xrp5m = sharedFile('crypto/candles/freqtrade/futures/XRP_USDT_USDT-5m-futures.json');
  if (futures === null || eth === null || xrp5m === null) return;
  const args = (dataFiles: string[]) => ({ assetClass: 'crypto' as const, dataFiles, symbols: ['BTC/USDT', 'ETH/USDT'], configPath: tradingCryptoConfig(), log: () => {} });
  await runBacktest(args([eth, futures])).then(() => assert.unreachable('1h beside 5m'), (err: Error) => {
    assert.is(err.constructor.name, 'BacktestUsageError');
    assert.match(err.message, /different bar intervals \(.*ETH_BTC-5m\.json 5m, .*XRP_USDT_USDT-1h-futures\.json 1h\)/);
  });
  await runBacktest(args([eth, xrp5m])).then(() => assert.unreachable('2018 beside 2021'), (err: Error) => {
    assert.is(err.constructor.name, 'BacktestUsageError');
    assert.match(err.message, /share 0 bar open times/);
  });
});

test.run();
