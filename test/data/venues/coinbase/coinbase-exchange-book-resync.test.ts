// Level 2 carries no sequence, so the parser guards the book by what it can see: an update before
// the product's snapshot, a refused update, or an update that leaves the book crossed makes the
// book untrustworthy; further updates are refused until a new snapshot, and needsResync() says so.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSync } from '../../../../src/data/venues/book-level-ops.js';
import { CoinbaseExchangeKind, CoinbaseExchangeParser, ExchangeReject } from '../../../../src/data/venues/coinbase/coinbase-exchange-parser.js';

const SNAPSHOT = '{"type":"snapshot","product_id":"ETH-USD","bids":[["100.00","1"],["99.50","2"]],"asks":[["100.50","1"]]}';
const update = (side: string, price: string, size: string): string =>
  `{"type":"l2update","product_id":"ETH-USD","changes":[["${side}","${price}","${size}"]],"time":"2024-05-01T00:00:00.5Z"}`;

test('an update before any snapshot is refused and asks for a resync', () => {
  const p = new CoinbaseExchangeParser(['BTC/USD', 'ETH/USD']);
  assert.not.ok(p.needsResync());
  assert.is(p.parseFrame(update('buy', '99', '1')), 0);
  assert.is(p.lastReject, ExchangeReject.BookNotSynced);
  assert.is(p.bookSync[1], BookSync.NeedsResync);
  assert.ok(p.needsResync());
  assert.is(p.parseFrame(SNAPSHOT), CoinbaseExchangeKind.Snapshot);
  assert.not.ok(p.needsResync());
  assert.is(p.parseFrame(update('buy', '99', '1')), CoinbaseExchangeKind.L2Update);
});

test('a malformed update leaves the book as it was, then refuses updates until the next snapshot', () => {
  const p = new CoinbaseExchangeParser(['ETH/USD']);
  p.parseFrame(SNAPSHOT);
  const bad = '{"type":"l2update","product_id":"ETH-USD","changes":[["buy","99.90","5"],["sell","NaN","1"]],"time":"2024-05-01T00:00:00Z"}';
  assert.is(p.parseFrame(bad), 0);
  assert.is(p.lastReject, ExchangeReject.BadPrice);
  assert.is(p.levels.count, 0);
  assert.is(p.books[0].depth(0), 2, 'the valid first change of the refused message was not applied');
  assert.ok(p.needsResync());
  assert.is(p.parseFrame(update('buy', '99.90', '5')), 0);
  assert.is(p.lastReject, ExchangeReject.BookNotSynced);
  p.parseFrame(SNAPSHOT);
  assert.not.ok(p.needsResync());
});

test('an update that crosses the book is refused as crossed_book and asks for a resync', () => {
  const p = new CoinbaseExchangeParser(['ETH/USD']);
  p.parseFrame(SNAPSHOT);
  assert.is(p.parseFrame(update('buy', '100.50', '1')), 0);
  assert.is(p.lastReject, ExchangeReject.CrossedBook);
  assert.ok(p.needsResync());
  assert.is(p.rejects[ExchangeReject.CrossedBook], 1);
});

test('a snapshot with more levels than the frame capacity is refused, not truncated', () => {
  const p = new CoinbaseExchangeParser(['ETH/USD'], { levelCapacity: 3 });
  assert.is(p.parseFrame(SNAPSHOT), 0);
  assert.is(p.lastReject, ExchangeReject.TooManyLevels);
  assert.ok(p.needsResync());
});

test('resetConnection: books emptied and awaiting snapshots, no resync demanded yet', () => {
  const p = new CoinbaseExchangeParser(['ETH/USD']);
  p.parseFrame(SNAPSHOT);
  p.parseFrame(update('buy', '100.50', '1'));
  assert.ok(p.needsResync());
  p.resetConnection();
  assert.not.ok(p.needsResync());
  assert.is(p.bookSync[0], BookSync.AwaitingSnapshot);
  assert.is(p.books[0].depth(0), 0);
});

test.run();
