// `tradebot run crypto` on its default source: a simulated exchange on 127.0.0.1 speaking
// Binance's protocol, read through the real Binance connector. No network, no keys; ticks flow,
// orders and fills too with a sizer that trades, the summary names the source, and /metrics
// shows the feed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, summaryOf, tradingCryptoConfig, tradingStocksConfig } from './cli-session.js';
import { CliChild, freePort } from '../support/cli-child.js';
import { fetchWithin, waitUntil } from '../support/deadline.js';

test('run crypto defaults to the simulated exchange, reads it through the Binance connector, and pays no fees for noise', async () => {
  const r = await runCli(['run', 'crypto', '--duration', '3s', '--json', '--metrics-port', '0'], 30_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.source, 'sim');
  assert.ok(s.ticks > 1000, `ticks ${s.ticks}`);
  assert.ok(s.marks > 0, 'risk read the market marks on its side input');
  assert.is(s.bad_input, 0);
  assert.match(r.stderr, /L0 binance: market data connected to ws:\/\/127\.0\.0\.1:\d+ \(BTC\/USDT, ETH\/USDT\)/);
  // The simulated market is a martingale: the default (kelly, cost-aware) sizer finds no edge that
  // pays a round trip, so whatever it does send costs under 0.1% of equity.
  assert.ok(s.fees_usd < 0.001 * s.starting_equity_usd, JSON.stringify(s));
  assert.is(s.orders_filled + s.orders_cancelled, s.orders);
});

test('with a sizer that trades every signal, orders and fills flow through the simulated exchange', async () => {
  const r = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--duration', '3s', '--json', '--metrics-port', '0'], 30_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.source, 'sim');
  assert.ok(s.orders > 0 && s.orders_filled + s.orders_cancelled === s.orders && s.portfolio_fills === s.fills, JSON.stringify(s));
});

test('run stocks defaults to the simulated exchange and reads it through the Alpaca connector; a trading config trades', async () => {
  const quiet = summaryOf(await runCli(['run', 'stocks', '--duration', '3s', '--json', '--metrics-port', '0'], 30_000));
  assert.is(quiet.source, 'sim');
  assert.ok(quiet.ticks > 1000, `ticks ${quiet.ticks}`);
  assert.ok(quiet.fees_usd < 0.001 * quiet.starting_equity_usd, JSON.stringify(quiet));
  const r = await runCli(['run', 'stocks', '--config', tradingStocksConfig(), '--duration', '3s', '--json', '--metrics-port', '0'], 30_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.source, 'sim');
  assert.ok(s.ticks > 1000, `ticks ${s.ticks}`);
  assert.ok(s.orders > 0 && s.orders_filled + s.orders_cancelled === s.orders && s.portfolio_fills === s.fills, JSON.stringify(s));
  assert.ok(s.marks > 0, 'risk read the market marks on its side input');
  assert.is(s.bad_input, 0);
  assert.match(r.stderr, /L0 alpaca: market data connected to ws:\/\/127\.0\.0\.1:\d+\/v2\/iex/);
  assert.match(r.stderr, /L0 alpaca: subscribed to trades and quotes of 3 symbols/);
  assert.not.match(r.stderr, /sim['"]?\s*secret|APCA/i, 'no credentials in the log');
});

test('/metrics shows the feed: one connect, frames, books synced from snapshots, no rejects', async () => {
  const port = await freePort();
  const cli = new CliChild(['run', 'crypto', '--metrics-port', String(port), '--json']);
  try {
    await cli.waitFor('stderr', /market data connected/, 'the market data connection');
    let text = '';
    const value = (series: string): number => Number(text.split('\n').find((l) => l.startsWith(series))?.split(' ').pop());
    await waitUntil(async () => {
      text = await (await fetchWithin(`http://127.0.0.1:${port}/metrics`)).text();
      return value('tradebot_feed_events_total{venue="binance",event="frames"}') > 1000
        && value('tradebot_feed_events_total{venue="binance",event="book_snapshots_applied"}') >= 2;
    }, 15_000, () => `1000 frames and both books synced:\n${text.split('\n').filter((l) => l.startsWith('tradebot_feed_events_total')).join('\n')}`, 100);
    assert.is(value('tradebot_feed_events_total{venue="binance",event="connects"}'), 1, text);
    assert.is(value('tradebot_feed_events_total{venue="binance",event="gaps"}'), 0);
    const rejects = text.split('\n').filter((l) => l.startsWith('tradebot_feed_rejects_total{'));
    assert.ok(rejects.length > 0, 'the reject series are exported');
    for (const line of rejects) assert.match(line, / 0$/, line);
    assert.is(value('tradebot_symbol_stale{symbol="BTC/USDT"}'), 0);
  } finally {
    cli.kill();
  }
});

test.run();
