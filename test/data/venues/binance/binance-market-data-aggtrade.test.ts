// The Binance connector on the aggregated trade stream (`source.binanceTrades: aggTrade`): it
// subscribes `<symbol>@aggTrade` instead of `@trade`, the simulated exchange serves that stream,
// trades flow as trade events, and a real aggTrade frame (the nautilus fixture) becomes a trade
// with its price, quantity, aggressor side and time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { SimExchange } from '../../../../src/data/sim-exchange/sim-exchange.js';
import { BinanceMarketData } from '../../../../src/data/venues/binance/binance-market-data.js';
import { EventKind, MarketEvent } from '../../../../src/data/synthetic-market.js';
import { sharedText } from '../../../support/shared-data.js';

async function until(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('aggTrade: the stream is subscribed in place of trade, and trades flow from the simulated exchange', async () => {
  const exchange = new SimExchange({ symbols: ['BTC/USDT'], startPrices: { 'BTC/USDT': 65000 }, annualVol: 0.6, seed: 9, eventsPerSecond: 4000 });
  const { wsUrl, restUrl } = await exchange.start();
  const trades: number[] = [];
  const md = new BinanceMarketData({
    endpoints: { protocol: 'binance', wsBase: wsUrl, restBase: restUrl },
    symbols: ['BTC/USDT'], tradeStream: 'aggTrade',
    onEvent: (e) => { if (e[MarketEvent.kind] === EventKind.Trade) trades.push(e[MarketEvent.price]); },
    log: () => {},
  });
  try {
    assert.match(md.streamUrl, /streams=btcusdt@aggTrade\/btcusdt@bookTicker\/btcusdt@depth@100ms\/btcusdt@kline_1m$/);
    md.start();
    await until(() => trades.length >= 20, '20 aggregate trades');
    assert.ok(trades.every((p) => p > 0 && Number.isFinite(p)));
    assert.is(md.decoder.rejects.reduce((a, b) => a + b, 0), 0, 'no frame refused');
  } finally {
    md.stop();
    await exchange.stop();
  }
});

test('a real aggTrade frame becomes a trade: price, quantity, aggressor side, event time', () => {
  const text = sharedText('ws/binance/nautilus/ws_spot_agg_trade.json');
  if (text === null) return;
  const events: Float64Array[] = [];
  const md = new BinanceMarketData({
    endpoints: { protocol: 'binance', wsBase: 'ws://127.0.0.1:1', restBase: '' },
    symbols: ['ETH/USDT'], tradeStream: 'aggTrade', replayed: true,
    onEvent: (e) => { events.push(e.slice()); },
    log: () => {},
  });
  md.receiveFrame(Buffer.from(text), 1_675_759_520_900);
  assert.is(events.length, 1);
  const e = events[0];
  assert.is(e[MarketEvent.kind], EventKind.Trade);
  assert.is(e[MarketEvent.price], 1632.46);
  assert.is(e[MarketEvent.size], 0.34305);
  assert.is(e[MarketEvent.side], 1, 'm: false, the buyer was the taker');
  assert.is(e[MarketEvent.ts], 1_675_759_520_848_000, 'the event time E, in microseconds');
});

test.run();
