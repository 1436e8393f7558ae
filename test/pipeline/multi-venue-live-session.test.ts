// `run crypto --source live` on two venues at once (source.cryptoVenues: [binance, coinbase]):
// one session, two connectors, each pointed by its URL override at its own loopback server, both
// playing real captures as fast as they can send (Binance's USD-M BTCUSDT capture, Coinbase
// Exchange's SKL-USD frames). The captures share no product, so the config maps both symbols to
// one unified symbol: the consolidated mechanics are what is tested (Binance's BTC bid always
// above Coinbase's SKL ask: best bid on binance, best ask on coinbase, a crossed book), not a
// market. Ticks come from both venues, each feed's counters carry its venue label, and the
// consolidated top shows on /metrics and in the summary.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cryptoConfig, runCli, summaryOf, type CliResult } from './cli-session.js';
import { freePort } from '../support/cli-child.js';
import { fetchWithin, waitUntil } from '../support/deadline.js';
import { sharedText } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';
import { startCaptureServer } from '../data/venues/binance/binance-capture-server.js';
import { captureFramesOf, coinbaseLoopback } from '../data/venues/coinbase/coinbase-loopback.js';

test('run crypto --source live on Binance and Coinbase: both feeds by venue, the consolidated top on /metrics and in the summary', async () => {
  const binanceCapture = sharedText('ws/binance/hftbacktest/usdm_btcusdt_20240808.gz');
  const coinbaseFrames = captureFramesOf('SKL-USD');
  if (binanceCapture === null || coinbaseFrames === null) return;
  const binance = await startCaptureServer(binanceCapture);
  const coinbase = await coinbaseLoopback((ws, m) => {
    if (m.type === 'subscribe') for (const f of coinbaseFrames) ws.send(f);
  });
  // Awaited in `finally` too, so a failed assertion still waits for the child (within its deadline).
  let running: Promise<CliResult> | null = null;
  try {
    const config = cryptoConfig((yaml) => yaml
      .replace('binanceMarket: spot', 'binanceMarket: usdm')
      .replace(/^symbols: .*$/m, 'symbols: [BTC/USDT, SKL/USD]')
      .replace(/startPrices: \{[^}]*\}/, 'startPrices: {BTC/USDT: 56000, SKL/USD: 0.79}')
      .replace('cryptoVenues: []', 'cryptoVenues: [binance, coinbase]')
      .replace('consolidatedSymbols: {}', 'consolidatedSymbols: {MIX/USD: {binance: BTC/USDT, coinbase: SKL/USD}}'));
    const port = await freePort();
    running = runCli(['run', 'crypto', '--source', 'live', '--config', config, '--duration', '5s', '--json', '--metrics-port', String(port)], 40_000, {
      TRADEBOT_BINANCE_WS_URL: binance.wsBase, TRADEBOT_BINANCE_REST_URL: binance.restBase, TRADEBOT_COINBASE_WS_URL: coinbase.url,
      // Nothing listens there: Coinbase's listing fails at once and the session starts on built-in values.
      TRADEBOT_COINBASE_REST_URL: 'http://127.0.0.1:9', TRADEBOT_CACHE_DIR: tempDir(),
    });
    let text = '';
    const value = (series: string): number => Number(text.split('\n').find((l) => l.startsWith(series))?.split(' ').pop());
    const held = (side: string, venue: string) => value(`tradebot_consolidated_best_held_total{symbol="MIX/USD",side="${side}",venue="${venue}"}`);
    await waitUntil(async () => {
      text = await fetchWithin(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
      return held('bid', 'binance') > 0 && held('ask', 'coinbase') > 0 && value('tradebot_consolidated_crossings_total{symbol="MIX/USD"}') > 0;
    }, 30_000, () => `the consolidated top on /metrics:\n${text.split('\n').filter((l) => /consolidated|feed_events_total\{venue="\w+",event="frames"/.test(l)).join('\n')}`, 100);
    assert.ok(value('tradebot_feed_events_total{venue="binance",event="frames"}') > 0, 'binance frames counted under its label');
    assert.ok(value('tradebot_feed_events_total{venue="coinbase",event="frames"}') > 0, 'coinbase frames counted under its label');
    assert.ok(value('tradebot_consolidated_best_price{symbol="MIX/USD",side="bid",venue="binance"}') > 1000, 'the best bid is Binance BTC');
    // Coinbase may hold the bid too: alone, before Binance's book is synced (its snapshot comes by REST).

    const r = await running;
    assert.is(r.code, 0, r.stderr);
    const s = summaryOf(r);
    assert.is(s.source, 'live');
    assert.is(s.venue, 'binance+coinbase');
    assert.ok(s.ticks > 1000, `ticks ${s.ticks}`);
    assert.match(r.stderr, new RegExp(`L0 binance: market data connected to ${binance.wsBase.replace(/[.]/g, '\\.')}`));
    assert.match(r.stderr, new RegExp(`L0 coinbase: market data connected to ${coinbase.url.replace(/[.]/g, '\\.')} \\(SKL/USD\\)`));
    assert.match(binance.wsUrls[0], /btcusdt@depth@0ms/);
    assert.not.match(binance.wsUrls[0], /skl/i, 'each venue subscribes to its own symbols only');
    assert.equal(coinbase.received[0].product_ids, ['SKL-USD']);
    const mix = s.consolidated?.['MIX/USD'];
    assert.ok(mix !== undefined, JSON.stringify(s));
    assert.ok(mix.updates > 0 && mix.best_bid_held.binance > 0 && mix.best_ask_held.coinbase > 0, JSON.stringify(mix));
    assert.ok(mix.crossings >= 1, JSON.stringify(mix));
  } finally {
    await running;
    binance.close();
    await coinbase.close();
  }
});

test('source.cryptoVenues on --source sim: exit 2 saying why, nothing started', async () => {
  const config = cryptoConfig((yaml) => yaml
    .replace(/^symbols: .*$/m, 'symbols: [BTC/USDT, BTC/USD]')
    .replace(/startPrices: \{[^}]*\}/, 'startPrices: {BTC/USDT: 65000, BTC/USD: 65000}')
    .replace('cryptoVenues: []', 'cryptoVenues: [binance, coinbase]')
    .replace('consolidatedSymbols: {}', 'consolidatedSymbols: {BTC/USD: {binance: BTC/USDT, coinbase: BTC/USD}}'));
  const r = await runCli(['run', 'crypto', '--config', config, '--metrics-port', '0'], 15_000);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /--source sim cannot read several venues \(source\.cryptoVenues: binance, coinbase\): the simulated exchange is one Binance venue/);
});

test.run();
