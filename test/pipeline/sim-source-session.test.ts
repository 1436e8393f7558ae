// `tradebot run crypto` on its default source: a simulated exchange on 127.0.0.1 speaking
// Binance's protocol, read through the real Binance connector. No network, no keys; ticks,
// orders and fills flow, the summary names the source, and /metrics shows the feed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, runCli, summaryOf } from './cli-session.js';

test('run crypto defaults to the simulated exchange and trades through the Binance connector', async () => {
  const r = await runCli(['run', 'crypto', '--duration', '3s', '--json', '--metrics-port', '0'], 30_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.source, 'sim');
  assert.ok(s.ticks > 1000, `ticks ${s.ticks}`);
  assert.ok(s.orders > 0 && s.fills === s.orders && s.portfolio_fills === s.fills, JSON.stringify(s));
  assert.is(s.bad_input, 0);
  assert.match(r.stderr, /L0 binance: market data connected to ws:\/\/127\.0\.0\.1:\d+ \(BTC\/USDT, ETH\/USDT\)/);
});

test('run stocks defaults to the simulated exchange and trades through the Alpaca connector', async () => {
  const r = await runCli(['run', 'stocks', '--duration', '3s', '--json', '--metrics-port', '0'], 30_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.source, 'sim');
  assert.ok(s.ticks > 1000, `ticks ${s.ticks}`);
  assert.ok(s.orders > 0 && s.fills === s.orders && s.portfolio_fills === s.fills, JSON.stringify(s));
  assert.is(s.bad_input, 0);
  assert.match(r.stderr, /L0 alpaca: market data connected to ws:\/\/127\.0\.0\.1:\d+\/v2\/iex/);
  assert.match(r.stderr, /L0 alpaca: subscribed to trades and quotes of 3 symbols/);
  assert.not.match(r.stderr, /sim['"]?\s*secret|APCA/i, 'no credentials in the log');
});

test('/metrics shows the feed: one connect, frames, books synced from snapshots, no rejects', async () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [CLI, 'run', 'crypto', '--metrics-port', String(port), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  try {
    for (let i = 0; i < 200 && !/market data connected/.test(stderr); i++) await sleep(50);
    await sleep(1500);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const value = (series: string): number => Number(text.split('\n').find((l) => l.startsWith(series))?.split(' ').pop());
    assert.is(value('tradebot_feed_events_total{venue="binance",event="connects"}'), 1, text);
    assert.ok(value('tradebot_feed_events_total{venue="binance",event="frames"}') > 1000);
    assert.ok(value('tradebot_feed_events_total{venue="binance",event="book_snapshots_applied"}') >= 2, 'both books synced');
    assert.is(value('tradebot_feed_events_total{venue="binance",event="gaps"}'), 0);
    for (const line of text.split('\n').filter((l) => l.startsWith('tradebot_feed_rejects_total{'))) assert.match(line, / 0$/, line);
    assert.is(value('tradebot_symbol_stale{symbol="BTC/USDT"}'), 0);
  } finally {
    child.kill('SIGKILL');
  }
});

test.run();
