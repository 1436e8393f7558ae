// The connector against a loopback ws-feed that answers its subscribe with the real capture's
// frames for SKL-USD (the capture holds no BTC-USD; SKL-USD is its busiest product), in order:
// quotes and trades reach onEvent with the venue's event times, and the book left at the end is
// the one the parser alone and an independent Map-based rebuild make of the same frames.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CoinbaseMarketData } from '../../../../src/data/venues/coinbase/coinbase-market-data.js';
import { CoinbaseExchangeParser } from '../../../../src/data/venues/coinbase/coinbase-exchange-parser.js';
import { EventKind, MarketEvent } from '../../../../src/data/synthetic-market.js';
import { BookSide } from '../../../../src/data/book/l2-book.js';
import { waitUntil } from '../../../support/deadline.js';
import { ReferenceBook, bookDifference } from './coinbase-captures.js';
import { captureFramesOf, coinbaseLoopback } from './coinbase-loopback.js';

const CAPTURE_START_US = Date.parse('2021-04-17T16:43:37Z') * 1000;
const CAPTURE_END_US = Date.parse('2021-04-17T16:44:08Z') * 1000;

test('capture streamed over a socket: quotes and trades on event time, the book equal to independent rebuilds', async () => {
  const frames = captureFramesOf('SKL-USD');
  if (frames === null) return;
  const lb = await coinbaseLoopback((ws, message) => {
    if (message.type === 'subscribe') for (const f of frames) ws.send(f);
  });
  const events = { trades: 0, quotes: 0, buys: 0, sells: 0, outOfRange: 0 };
  const lastQuote = new Float64Array(4);
  const md = new CoinbaseMarketData({
    endpoints: { protocol: 'coinbase', wsBase: lb.url, restBase: '' },
    symbols: ['SKL/USD'],
    onEvent: (e) => {
      const ts = e[MarketEvent.ts];
      if (!(ts >= CAPTURE_START_US && ts <= CAPTURE_END_US)) events.outOfRange++;
      if (e[MarketEvent.kind] === EventKind.Trade) {
        events.trades++;
        if (e[MarketEvent.side] === 1) events.buys++; else if (e[MarketEvent.side] === -1) events.sells++;
      } else {
        events.quotes++;
        lastQuote.set([e[MarketEvent.bid], e[MarketEvent.bidSize], e[MarketEvent.ask], e[MarketEvent.askSize]]);
      }
    },
    log: () => {},
  });
  try {
    md.start();
    await waitUntil(() => md.totals().frames >= frames.length, 10_000, () => `${frames.length} frames (have ${md.totals().frames})`);

    assert.equal(lb.received, [{ type: 'subscribe', product_ids: ['SKL-USD'], channels: ['level2_batch', 'ticker', 'matches', 'heartbeat'] }]);
    const t = md.totals();
    assert.is(t.connects, 1);
    assert.is(t.msg_snapshot, 1);
    assert.is(t.msg_l2update, 2592);
    assert.is(t.msg_match, 52);
    assert.is(t.msg_last_match, 1);
    assert.is(t.msg_ticker, 53);
    assert.is(t.resyncs + t.resubscribes, 0);
    for (const [name, value] of Object.entries(t)) if (name.startsWith('reject_')) assert.is(value, 0, name);

    // Trades: every match, none from last_match (a trade from before the connection) or ticker.
    assert.is(events.trades, 52);
    assert.is(t.trades, 52);
    assert.is(events.buys + events.sells, 52, 'every trade has an aggressor side');
    assert.ok(events.quotes > 0 && events.quotes === t.quotes && events.quotes <= 2592, `quotes ${events.quotes}`);
    assert.is(events.outOfRange, 0, 'every event carries the venue time of the capture');

    // The parser alone over the same frames, and a Map rebuild sharing no code with either.
    const alone = new CoinbaseExchangeParser(['SKL/USD']);
    const reference = new ReferenceBook();
    for (const f of frames) {
      alone.parseFrame(f);
      const msg = JSON.parse(f);
      if (msg.type === 'snapshot') {
        reference.clear();
        for (const [p, q] of msg.bids) reference.set(true, p, q);
        for (const [p, q] of msg.asks) reference.set(false, p, q);
      } else if (msg.type === 'l2update') {
        for (const [side, p, q] of msg.changes) reference.set(side === 'buy', p, q);
      }
    }
    const book = md.parser.books[0];
    const expected = alone.books[0];
    assert.is(book.bestBid(), expected.bestBid());
    assert.is(book.bestAsk(), expected.bestAsk());
    assert.is(book.bestBidQty(), expected.bestBidQty());
    assert.is(book.bestAskQty(), expected.bestAskQty());
    assert.is(bookDifference(book, reference), undefined);
    assert.equal([...lastQuote], [book.bestBid(), book.bestBidQty(), book.bestAsk(), book.bestAskQty()], 'the last quote is the final top');
    assert.ok(book.depth(BookSide.Bid) > 0 && book.depth(BookSide.Ask) > 0);
    assert.ok(md.isBookLive(0));
  } finally {
    md.stop();
    await lb.close();
  }
});

test.run();
