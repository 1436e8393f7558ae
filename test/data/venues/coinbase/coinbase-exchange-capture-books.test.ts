// Books built by the parser from the capture's snapshots and l2updates are never crossed and equal
// an independent Map-based rebuild of the same frames, level for level, all along the capture.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CoinbaseExchangeKind, CoinbaseExchangeParser } from '../../../../src/data/venues/coinbase/coinbase-exchange-parser.js';
import { coinbaseProductId } from '../../../../src/data/venues/coinbase/coinbase-product-ids.js';
import { EXCHANGE_SYMBOLS, ReferenceBook, bookDifference, exchangeFrames } from './coinbase-captures.js';

test('capture: books never crossed and equal to a Map-based rebuild', () => {
  const frames = exchangeFrames();
  if (frames === null) return;
  const parser = new CoinbaseExchangeParser(EXCHANGE_SYMBOLS, { bookCapacity: 4096 });
  const reference = new Map(EXCHANGE_SYMBOLS.map((s) => [coinbaseProductId(s), new ReferenceBook()]));
  let l2Messages = 0;
  for (const frame of frames) {
    if (frame.direction !== 'recv') continue;
    const kind = parser.parseFrame(frame.text);
    if (kind !== CoinbaseExchangeKind.Snapshot && kind !== CoinbaseExchangeKind.L2Update) continue;
    l2Messages++;
    const msg = JSON.parse(frame.text);
    const book = reference.get(msg.product_id)!;
    if (msg.type === 'snapshot') {
      book.clear();
      for (const [p, q] of msg.bids) book.set(true, p, q);
      for (const [p, q] of msg.asks) book.set(false, p, q);
    } else {
      for (const [side, p, q] of msg.changes) book.set(side === 'buy', p, q);
    }
    const symbol = EXCHANGE_SYMBOLS.indexOf(msg.product_id.replace('-', '/'));
    const ours = parser.books[symbol];
    assert.not.ok(ours.isCrossed(), `${msg.product_id} crossed after message ${l2Messages}`);
    // A full comparison after every message of every product is slow; every 97th and the last suffice.
    if (l2Messages % 97 === 0) assert.is(bookDifference(ours, book), undefined, `${msg.product_id} after message ${l2Messages}`);
  }
  assert.is(l2Messages, 9729);
  EXCHANGE_SYMBOLS.forEach((symbol, id) => {
    const book = parser.books[id];
    assert.is(bookDifference(book, reference.get(coinbaseProductId(symbol))!), undefined, symbol);
    assert.ok(book.depth(0) > 0 && book.depth(1) > 0, `${symbol} has both sides`);
    assert.is(book.capacityDrops, 0);
  });
  assert.not.ok(parser.needsResync());
});

test.run();
