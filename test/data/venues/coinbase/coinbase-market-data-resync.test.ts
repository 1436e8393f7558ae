// level2 carries no sequence: a book is known broken only when the parser sees it (an update
// before the snapshot, an update that crosses the book). The connector then resubscribes that
// product's level2_batch on the same socket (unsubscribe + subscribe), at most once a second per
// product, and the book is rebuilt from the new snapshot alone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CoinbaseMarketData } from '../../../../src/data/venues/coinbase/coinbase-market-data.js';
import { EventKind, MarketEvent } from '../../../../src/data/synthetic-market.js';
import { waitUntil } from '../../../support/deadline.js';
import { ReferenceBook, bookDifference } from './coinbase-captures.js';
import { coinbaseLoopback, snapshotFrame, updateFrame, type ClientMessage, type CoinbaseLoopback } from './coinbase-loopback.js';

const SYMBOLS = ['BTC/USD', 'ETH/USD'];
const UNSUBSCRIBE_ETH = { type: 'unsubscribe', product_ids: ['ETH-USD'], channels: ['level2_batch'] };
const RESUBSCRIBE_ETH = { type: 'subscribe', product_ids: ['ETH-USD'], channels: ['level2_batch'] };
const BTC_SNAPSHOT = snapshotFrame('BTC-USD', [['60000.00', '1']], [['60001.00', '2']], 0);
const FRESH_BIDS = [['200.00', '3'], ['199.00', '4']];
const FRESH_ASKS = [['201.00', '5']];

const isResubscribe = (m: ClientMessage): boolean => m.type === 'subscribe' && m.channels.length === 1;

function connector(lb: CoinbaseLoopback) {
  const quotes: number[][] = [];
  const logs: string[] = [];
  const md = new CoinbaseMarketData({
    endpoints: { protocol: 'coinbase', wsBase: lb.url, restBase: '' },
    symbols: SYMBOLS,
    onEvent: (e) => {
      if (e[MarketEvent.kind] === EventKind.Quote) quotes.push([e[MarketEvent.symbol], e[MarketEvent.bid], e[MarketEvent.ask]]);
    },
    log: (m) => logs.push(m),
  });
  return { md, quotes, logs };
}

function freshReference(): ReferenceBook {
  const book = new ReferenceBook();
  for (const [p, q] of FRESH_BIDS) book.set(true, p, q);
  for (const [p, q] of FRESH_ASKS) book.set(false, p, q);
  return book;
}

test('an update before the snapshot: that product alone is resubscribed, its book built from the new snapshot only', async () => {
  const lb = await coinbaseLoopback((ws, m) => {
    if (m.type === 'subscribe' && !isResubscribe(m)) {
      ws.send(BTC_SNAPSHOT);
      ws.send(updateFrame('ETH-USD', [['buy', '99.00', '7']], 10));
    } else if (isResubscribe(m)) {
      ws.send(snapshotFrame('ETH-USD', FRESH_BIDS, FRESH_ASKS, 20));
    }
  });
  const { md, quotes, logs } = connector(lb);
  try {
    md.start();
    await waitUntil(() => md.isBookLive(1), 5000, 'the ETH-USD book rebuilt');
    assert.equal(lb.received.slice(1), [UNSUBSCRIBE_ETH, RESUBSCRIBE_ETH], 'unsubscribe then subscribe, ETH-USD level2_batch only');
    assert.is(bookDifference(md.parser.books[1], freshReference()), undefined, 'no level from the early update');
    assert.equal(quotes.filter((q) => q[0] === 1), [[1, 200, 201]]);
    const t = md.totals();
    assert.is(t.resyncs, 1);
    assert.is(t.resubscribes, 1);
    assert.is(t.reject_book_not_synced, 1);
    assert.ok(md.isBookLive(0), 'BTC-USD untouched');
    assert.match(logs.join('\n'), /coinbase: ETH\/USD book cannot be trusted \(book_not_synced\): resubscribing level2_batch/);
  } finally {
    md.stop();
    await lb.close();
  }
});

test('a crossing update: one resubscribe however many updates follow, retried after a second when no snapshot comes', async () => {
  const resubscribedAt: number[] = [];
  const lb = await coinbaseLoopback((ws, m) => {
    if (m.type === 'subscribe' && !isResubscribe(m)) {
      ws.send(BTC_SNAPSHOT);
      ws.send(snapshotFrame('ETH-USD', [['100.00', '1'], ['98.00', '6']], [['100.50', '1'], ['101.00', '2']], 0));
      ws.send(updateFrame('ETH-USD', [['buy', '100.60', '1']], 10)); // crosses 100.50
      for (let i = 0; i < 5; i++) ws.send(updateFrame('ETH-USD', [['sell', '100.70', String(i + 1)]], 20 + i));
    } else if (isResubscribe(m)) {
      resubscribedAt.push(performance.now());
      // The first resubscribe goes unanswered: the connector must ask again, but not at once.
      if (resubscribedAt.length === 2) ws.send(snapshotFrame('ETH-USD', FRESH_BIDS, FRESH_ASKS, 2000));
    }
  });
  const { md, quotes } = connector(lb);
  try {
    md.start();
    await waitUntil(() => md.totals().resubscribes >= 1 && md.totals().reject_book_not_synced >= 5, 5000, 'the first resubscribe');
    await waitUntil(() => md.isBookLive(1), 5000, 'the ETH-USD book rebuilt');
    assert.is(resubscribedAt.length, 2);
    assert.ok(resubscribedAt[1] - resubscribedAt[0] >= 900, `second resubscribe ${resubscribedAt[1] - resubscribedAt[0]} ms after the first`);
    const t = md.totals();
    assert.is(t.reject_crossed_book, 1);
    assert.is(t.resyncs, 1, 'one broken book, however many refused updates');
    assert.is(t.resubscribes, 2);
    assert.is(bookDifference(md.parser.books[1], freshReference()), undefined, 'nothing left of the old book or the crossing update');
    assert.equal(quotes.filter((q) => q[0] === 1), [[1, 100, 100.5], [1, 200, 201]], 'no quote from the crossed book');
  } finally {
    md.stop();
    await lb.close();
  }
});

test.run();
