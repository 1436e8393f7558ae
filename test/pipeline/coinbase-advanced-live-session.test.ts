// `run crypto --source live` with `source.cryptoVenue: coinbase_advanced`: the session reads
// Coinbase Advanced Trade's websocket through its connector. The venue cannot be reached from
// here, so TRADEBOT_COINBASE_ADVANCED_WS_URL points the session at a loopback server that answers
// the four subscribes with one frame that is not JSON and then the real capture's BTC-USD and
// ETH-USD frames, as fast as it can send. Ticks, orders and fills flow, the summary names the
// venue, and /metrics counts the bad frame by venue and reason while the session carries on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, summaryOf, tradingCryptoConfig } from './cli-session.js';
import { freePort } from '../support/cli-child.js';
import { fetchWithin, waitUntil } from '../support/deadline.js';
import { SESSION_SUBSCRIBES, advancedCaptureFrames, advancedLoopback } from '../data/venues/coinbase/coinbase-advanced-loopback.js';

test('run crypto --source live on Coinbase Advanced Trade: the capture through the connector, orders and fills, the venue named', async () => {
  const frames = advancedCaptureFrames();
  if (frames === null) return;
  const lb = await advancedLoopback((ws, m) => {
    if (m.channel !== 'heartbeats') return;
    ws.send('{"channel":"l2_data", not json');
    for (const f of frames) ws.send(f);
  });
  try {
    const config = tradingCryptoConfig((yaml) => yaml
      .replace('cryptoVenue: binance', 'cryptoVenue: coinbase_advanced')
      .replace(/^symbols: .*$/m, 'symbols: [BTC/USD, ETH/USD]')
      .replace(/startPrices: \{[^}]*\}/, 'startPrices: {BTC/USD: 65000, ETH/USD: 1900}'));
    const port = await freePort();
    const running = runCli(['run', 'crypto', '--source', 'live', '--config', config, '--duration', '4s', '--json', '--metrics-port', String(port)],
      30_000, { TRADEBOT_COINBASE_ADVANCED_WS_URL: lb.url });
    let text = '';
    const value = (series: string): number => Number(text.split('\n').find((l) => l.startsWith(series))?.split(' ').pop());
    await waitUntil(async () => {
      text = await fetchWithin(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
      return value('tradebot_feed_events_total{venue="coinbase_advanced",event="frames"}') >= frames.length + 1;
    }, 20_000, () => `every frame counted on /metrics:\n${text.split('\n').filter((l) => l.includes('coinbase_advanced')).join('\n')}`, 100);
    assert.is(value('tradebot_feed_rejects_total{venue="coinbase_advanced",reason="malformed_json"}'), 1);
    assert.is(value('tradebot_feed_events_total{venue="coinbase_advanced",event="msg_l2_data_snapshot"}'), 2);
    assert.ok(value('tradebot_feed_events_total{venue="coinbase_advanced",event="trades"}') > 0);
    assert.is(value('tradebot_feed_events_total{venue="coinbase_advanced",event="sequence_gaps"}'), 0, 'the loopback numbered every frame it sent: no gap');

    const r = await running;
    assert.is(r.code, 0, r.stderr);
    const s = summaryOf(r);
    assert.is(s.source, 'live');
    assert.is(s.venue, 'coinbase_advanced');
    assert.is(s.execution, 'paper');
    assert.ok(s.ticks > 0, `ticks ${s.ticks}`);
    assert.ok(s.orders > 0 && s.orders_filled + s.orders_cancelled === s.orders && s.portfolio_fills === s.fills, JSON.stringify(s));
    assert.match(r.stderr, new RegExp(`L0 coinbase_advanced: market data connected to ${lb.url.replace(/[.]/g, '\\.')} \\(BTC/USD, ETH/USD\\)`));
    assert.match(r.stderr, /L0 coinbase_advanced: skipped a frame on l2_data \(malformed_json\)/);
    assert.equal(lb.received, SESSION_SUBSCRIBES);
  } finally {
    await lb.close();
  }
});

test.run();
