// The Binance connector subscribes `<sym>@kline_1m` and turns each closed kline (`x: true`) into
// one bar: counted (`bars`, the session summary's), handed to onBar with the frame's values, and
// never into market events, since the trades a bar summarises arrive on the trade stream already.
// First the real USD-M capture's 67 kline frames (4 closed) from a loopback server, then the
// simulated exchange across a minute of its virtual clock.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { BinanceMarketData } from '../../../../src/data/venues/binance/binance-market-data.js';
import { BarField } from '../../../../src/data/venues/bar-batch.js';
import { SimExchange } from '../../../../src/data/sim-exchange/sim-exchange.js';
import { KLINE_INTERVAL_US } from '../../../../src/data/sim-exchange/binance-sim-klines.js';
import { sharedText } from '../../../support/shared-data.js';
import { waitUntil } from '../../../support/deadline.js';

const CAPTURE = 'ws/binance/cryptofeed/BINANCE_FUTURES.ws.1.0';
const SYMBOLS = ['SUSHI/USDT', 'AKRO/USDT', 'KEEP/USDT', 'CTK/USDT'];

interface Kline { t: number; o: string; h: string; l: string; c: string; v: string; n: number; x: boolean; q: string }

test('capture: every kline_1m frame read, the 4 closed ones as bars with their values, no market events', async () => {
  const text = sharedText(CAPTURE);
  if (text === null) return;
  const frames = text.split('\n').filter((l) => l.includes('@kline_1m"')).map((l) => l.slice(l.indexOf(': ') + 2));
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const urls: string[] = [];
  wss.on('connection', (ws, req) => { urls.push(req.url ?? ''); for (const f of frames) ws.send(f); });
  const bars: Array<{ symbol: number; values: number[] }> = [];
  let events = 0;
  const md = new BinanceMarketData({
    endpoints: { protocol: 'binance', wsBase: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, restBase: 'http://127.0.0.1:1', market: 'usdm' },
    symbols: SYMBOLS, tradeStream: 'aggTrade',
    onEvent: () => { events++; },
    onBar: (symbol, bar) => bars.push({ symbol, values: [...bar] }),
    log: () => {},
  });
  try {
    md.start();
    await waitUntil(() => md.totals().frames >= frames.length, 10_000, () => `${frames.length} frames (have ${md.totals().frames})`);
    assert.match(urls[0], /sushiusdt@aggTrade\/sushiusdt@bookTicker\/sushiusdt@depth@0ms\/sushiusdt@kline_1m\//);
    const t = md.totals();
    assert.is(t.klines, 67);
    assert.is(t.bars, 4);
    assert.is(t.unknown_messages, 0);
    for (const [name, value] of Object.entries(t)) if (name.startsWith('reject_')) assert.is(value, 0, name);
    assert.is(events, 0, 'a bar is not a tick: its trades came one by one on the trade stream');

    const closed = frames.map((f) => JSON.parse(f) as { data: { s: string; k: Kline } }).filter((f) => f.data.k.x);
    assert.equal(bars, closed.map(({ data: { s, k } }) => ({
      symbol: SYMBOLS.indexOf(s.replace(/USDT$/, '/USDT')),
      values: [k.t * 1000, Number(k.o), Number(k.h), Number(k.l), Number(k.c), Number(k.v), k.n, Number(k.q) / Number(k.v)],
    })));
  } finally {
    md.stop();
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
});

test('simulated exchange: a closed kline per symbol as its virtual minute ends, matching its trades', async () => {
  // The virtual clock starts 0.6 s before a minute ends, so one closes within a second of wall time.
  const boundaryUs = (Math.floor(Date.now() / 60_000) + 2) * KLINE_INTERVAL_US;
  const ex = new SimExchange({
    symbols: ['BTC/USDT', 'ETH/USDT'], startPrices: { 'BTC/USDT': 65000, 'ETH/USDT': 3400 }, annualVol: 0.6, seed: 11,
    eventsPerSecond: 4000, startEpochUs: boundaryUs - 600_000,
  });
  const { wsUrl, restUrl } = await ex.start();
  const bars: number[][] = [];
  const trades: number[][] = [];
  const md = new BinanceMarketData({
    endpoints: { protocol: 'binance', wsBase: wsUrl, restBase: restUrl },
    symbols: ['BTC/USDT', 'ETH/USDT'],
    onEvent: (e) => { if (e[0] === 1) trades.push([e[1], e[2], e[3], e[4]]); },
    onBar: (symbol, bar) => bars.push([symbol, ...bar]),
    log: () => {},
  });
  try {
    md.start();
    await waitUntil(() => bars.length >= 2, 10_000, () => `a closed bar per symbol (have ${bars.length})`);
    const t = md.totals();
    assert.is(t.bars, 2, 'one bar per symbol per minute, however many open klines came before');
    assert.ok(t.klines >= t.bars);
    for (const [name, value] of Object.entries(t)) if (name.startsWith('reject_')) assert.is(value, 0, name);
    for (const bar of bars) {
      const s = bar[0];
      assert.is(bar[1 + BarField.start], boundaryUs - KLINE_INTERVAL_US, 'the minute that ended');
      // Trades of the minute the connector saw (it connected after the clock started: a few may be missing).
      const inMinute = trades.filter((tr) => tr[0] === s && tr[1] < boundaryUs);
      assert.ok(inMinute.length > 0, 'the minute had trades');
      assert.is(bar[1 + BarField.close], inMinute[inMinute.length - 1][2], 'close = the last trade before the minute ended');
      assert.ok(bar[1 + BarField.high] >= Math.max(...inMinute.map((tr) => tr[2])));
      assert.ok(bar[1 + BarField.low] <= Math.min(...inMinute.map((tr) => tr[2])));
      assert.ok(bar[1 + BarField.trades] >= inMinute.length);
      const seen = inMinute.reduce((v, tr) => v + tr[3], 0);
      assert.ok(bar[1 + BarField.volume] >= seen - 1e-9, `volume ${bar[1 + BarField.volume]} covers the trades seen (${seen})`);
    }
  } finally {
    md.stop();
    await ex.stop();
  }
});

test.run();
