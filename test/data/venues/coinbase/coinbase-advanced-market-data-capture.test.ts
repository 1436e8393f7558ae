// The Advanced Trade connector against a loopback websocket that answers its four subscribes with
// the real capture's frames (BTC-USD and ETH-USD, 2026-08-09), in order: quotes and trades reach
// onEvent on the venue's event time, each trade once and oldest first, and the books left at the
// end equal an independent Map-based rebuild of the same frames.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CoinbaseAdvancedMarketData } from '../../../../src/data/venues/coinbase/coinbase-advanced-market-data.js';
import { EventKind, MarketEvent } from '../../../../src/data/synthetic-market.js';
import { waitUntil } from '../../../support/deadline.js';
import { ADVANCED_SYMBOLS, ReferenceBook, bookDifference } from './coinbase-captures.js';
import { SESSION_SUBSCRIBES, advancedCaptureFrames, advancedLoopback, applyToReference } from './coinbase-advanced-loopback.js';

const CAPTURE_START_US = Date.parse('2026-08-09T21:05:48Z') * 1000;
const CAPTURE_END_US = Date.parse('2026-08-09T21:06:13Z') * 1000;

test('capture streamed over a socket: quotes and trades on event time, books equal to an independent rebuild', async () => {
  const frames = advancedCaptureFrames();
  if (frames === null) return;
  const lb = await advancedLoopback((ws, m) => {
    if (m.channel === 'heartbeats') for (const f of frames) ws.send(f);
  });
  const seen = { trades: 0, quotes: 0, sided: 0, outOfRange: 0, backwards: 0 };
  const lastTradeTs = [0, 0];
  const md = new CoinbaseAdvancedMarketData({
    endpoints: { protocol: 'coinbase_advanced', wsBase: lb.url, restBase: '' },
    symbols: ADVANCED_SYMBOLS,
    bookCapacity: 32_768,
    onEvent: (e) => {
      const ts = e[MarketEvent.ts];
      if (!(ts >= CAPTURE_START_US && ts <= CAPTURE_END_US)) seen.outOfRange++;
      if (e[MarketEvent.kind] === EventKind.Trade) {
        seen.trades++;
        if (e[MarketEvent.side] === 1 || e[MarketEvent.side] === -1) seen.sided++;
        const s = e[MarketEvent.symbol];
        if (ts < lastTradeTs[s]) seen.backwards++;
        lastTradeTs[s] = ts;
      } else {
        seen.quotes++;
      }
    },
    log: () => {},
  });
  try {
    md.start();
    await waitUntil(() => md.totals().frames >= frames.length, 20_000, () => `${frames.length} frames (have ${md.totals().frames})`);

    assert.equal(lb.received, SESSION_SUBSCRIBES, 'one subscribe per channel, as the venue requires');
    const t = md.totals();
    assert.is(t.connects, 1);
    assert.is(t['msg_l2_data_snapshot'], 2);
    assert.is(t['msg_l2_data_update'], 773);
    assert.is(t['msg_market_trades_update'], 57);
    assert.is(t.msg_heartbeats, 25);
    assert.is(t.sequence_gaps + t.resyncs + t.resubscribes, 0);
    for (const [name, value] of Object.entries(t)) if (name.startsWith('reject_')) assert.is(value, 0, name);

    // Trades: each update trade once, none from the two 100-trade snapshots (history).
    const expectedTrades = new Set<string>();
    for (const f of frames) {
      const msg = JSON.parse(f);
      if (msg.channel !== 'market_trades') continue;
      for (const event of msg.events) if (event.type === 'update') for (const tr of event.trades) expectedTrades.add(`${tr.product_id}:${tr.trade_id}`);
    }
    assert.is(seen.trades, expectedTrades.size);
    assert.is(t.trades, expectedTrades.size);
    assert.is(seen.sided, seen.trades, 'every trade has an aggressor side');
    assert.is(seen.backwards, 0, 'trades oldest first: the venue lists them newest first');
    assert.ok(seen.quotes > 0 && seen.quotes === t.quotes && seen.quotes <= 775, `quotes ${seen.quotes}`);
    assert.is(seen.outOfRange, 0, 'every event carries the venue time of the capture');

    const reference: Record<string, ReferenceBook> = { 'BTC-USD': new ReferenceBook(), 'ETH-USD': new ReferenceBook() };
    for (const f of frames) applyToReference(f, reference);
    assert.is(bookDifference(md.parser.books[0], reference['BTC-USD']), undefined, 'BTC-USD');
    assert.is(bookDifference(md.parser.books[1], reference['ETH-USD']), undefined, 'ETH-USD');
    assert.ok(md.isBookLive(0) && md.isBookLive(1));
  } finally {
    md.stop();
    await lb.close();
  }
});

test.run();
