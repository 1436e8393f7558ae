// `run crypto --source live` on Binance and Coinbase with `execution.routing: best_price`: BTC
// is one unified symbol, BTC/USDT on Binance (the lead, a real spot capture played by a loopback
// server) and BTC/USD on Coinbase (a loopback ws-feed whose book sits inside Binance's range:
// bid 61,700, ask 61,750, refreshed every 50 ms). Only the lead is sized, yet orders fill on both
// venues: each intent went to the cheaper book, split where one book was too thin.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, summaryOf, tradingCryptoConfig, type CliResult } from './cli-session.js';
import { freePort } from '../support/cli-child.js';
import { fetchWithin, waitUntil } from '../support/deadline.js';
import { sharedText } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';
import { startCaptureServer } from '../data/venues/binance/binance-capture-server.js';
import { coinbaseLoopback } from '../data/venues/coinbase/coinbase-loopback.js';

const BIDS = [['61700.00', '0.02'], ['61650.00', '0.5']];
const ASKS = [['61750.00', '0.02'], ['61800.00', '0.5']];
/** The touch's size on the n-th refresh: it changes each time, so each refresh is a new book state. */
const touchSize = (n: number): string => (0.02 + (n % 2) * 0.005).toFixed(3);

/** Coinbase's clock: from the capture's first event time on, as if both venues ran that day. */
function coinbaseFrames(capture: string): { snapshot: () => string; update: (n: number) => string } {
  const start = Number(/"E":(\d+)/.exec(capture)?.[1]);
  const time = (n: number) => new Date(start + 50 * n).toISOString();
  return {
    snapshot: () => JSON.stringify({ type: 'snapshot', product_id: 'BTC-USD', bids: BIDS, asks: ASKS, time: time(0) }),
    update: (n) => JSON.stringify({
      type: 'l2update', product_id: 'BTC-USD', changes: [['buy', BIDS[0][0], touchSize(n)], ['sell', ASKS[0][0], touchSize(n)]], time: time(n),
    }),
  };
}

test('routed orders: the lead is sized, its orders fill on both venues, and /metrics counts the splits', async () => {
  const capture = sharedText('ws/binance/hftbacktest/spot_btcusdt_20240808.gz');
  if (capture === null) return;
  const binance = await startCaptureServer(capture);
  const frames = coinbaseFrames(capture);
  const timers: NodeJS.Timeout[] = [];
  const coinbase = await coinbaseLoopback((ws, m) => {
    if (m.type !== 'subscribe') return;
    let n = 0;
    ws.send(frames.snapshot());
    // The touch refreshed every 50 ms: the book stays live (never stale), and a part sent there
    // meets the next state, as an order meets a real venue's book.
    timers.push(setInterval(() => {
      n++;
      if (ws.readyState === ws.OPEN) ws.send(frames.update(n));
    }, 50));
  });
  let running: Promise<CliResult> | null = null;
  try {
    const config = tradingCryptoConfig((yaml) => yaml
      .replace(/^symbols: .*$/m, 'symbols: [BTC/USDT, BTC/USD]')
      .replace(/startPrices: \{[^}]*\}/, 'startPrices: {BTC/USDT: 61700, BTC/USD: 61700}')
      .replace('cryptoVenues: []', 'cryptoVenues: [binance, coinbase]')
      .replace('consolidatedSymbols: {}', 'consolidatedSymbols: {BTC/USD: {binance: BTC/USDT, coinbase: BTC/USD}}')
      .replace('routing: own_venue', 'routing: best_price'));
    const port = await freePort();
    const dataDir = tempDir();
    running = runCli(['run', 'crypto', '--source', 'live', '--config', config, '--duration', '6s', '--json', '--metrics-port', String(port), '--data-dir', dataDir], 40_000, {
      TRADEBOT_BINANCE_WS_URL: binance.wsBase, TRADEBOT_BINANCE_REST_URL: binance.restBase, TRADEBOT_COINBASE_WS_URL: coinbase.url,
      TRADEBOT_COINBASE_REST_URL: 'http://127.0.0.1:9', TRADEBOT_CACHE_DIR: tempDir(),
    });
    let text = '';
    const value = (series: string): number => Number(text.split('\n').find((l) => l.startsWith(series))?.split(' ').pop() ?? NaN);
    await waitUntil(async () => {
      text = await fetchWithin(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
      return value('tradebot_routed_intents_total') > 0;
    }, 30_000, () => `routing on /metrics:\n${text.split('\n').filter((l) => /routed|orders_total|intents/.test(l)).join('\n')}`, 100);
    assert.ok(value('tradebot_routed_member_edges_total') > 0, 'BTC/USD\'s own edges are not sized');
    const r = await running;
    assert.is(r.code, 0, r.stderr);
    const s = summaryOf(r);
    assert.ok(s.routing !== undefined, JSON.stringify(s));
    assert.ok(s.routing.routed_intents > 0 && s.routing.routed_orders >= s.routing.routed_intents, JSON.stringify(s.routing));
    assert.ok(s.routing.follower_edges > 0, JSON.stringify(s.routing));
    assert.is(s.rejects, 0, JSON.stringify(s.refusals.execution));
    // Both venues traded, each at its own books: fees paid on each account.
    assert.ok(s.accounts.binance.fees_usd > 0 && s.accounts.coinbase.fees_usd > 0, JSON.stringify(s.accounts));
    assert.is(s.fills, s.portfolio_fills, 'every fill booked once');
    assert.is(s.order_state_violations, 0);
    // Nothing lost between sizing and the books: the group's net position is what its fills made,
    // and no venue is left short while another is long.
    const net = s.positions['BTC/USDT'] + s.positions['BTC/USD'];
    assert.ok(!(s.positions['BTC/USDT'] > 1e-6 && s.positions['BTC/USD'] < -1e-6) && !(s.positions['BTC/USDT'] < -1e-6 && s.positions['BTC/USD'] > 1e-6),
      `offsetting legs: ${JSON.stringify(s.positions)} (net ${net})`);
  } finally {
    await running;
    for (const t of timers) clearInterval(t);
    binance.close();
    await coinbase.close();
  }
});

test.run();
