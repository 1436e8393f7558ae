// The books the parser maintains from the capture's l2_data snapshots (46,000 and 23,334 levels)
// and 773 updates are never crossed and equal an independent Map-based rebuild; with the default
// (smaller) book capacity the kept levels are the best ones and the touch is the same.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSide } from '../../../../src/data/book/l2-book.js';
import { CoinbaseAdvancedParser } from '../../../../src/data/venues/coinbase/coinbase-advanced-parser.js';
import { ADVANCED_SYMBOLS, ReferenceBook, advancedFrames, bookDifference } from './coinbase-captures.js';

test('capture: books never crossed and equal to a Map-based rebuild', () => {
  const frames = advancedFrames();
  if (frames === null) return;
  const parser = new CoinbaseAdvancedParser(ADVANCED_SYMBOLS, { bookCapacity: 32_768 });
  const small = new CoinbaseAdvancedParser(ADVANCED_SYMBOLS);
  const reference = [new ReferenceBook(), new ReferenceBook()];
  let l2Events = 0;
  for (const frame of frames) {
    if (frame.direction !== 'recv') continue;
    assert.ok(parser.parseFrame(frame.text) > 0);
    small.parseFrame(frame.text);
    const msg = JSON.parse(frame.text);
    if (msg.channel !== 'l2_data') continue;
    for (const event of msg.events) {
      l2Events++;
      const symbol = ADVANCED_SYMBOLS.indexOf(event.product_id.replace('-', '/'));
      const book = reference[symbol];
      if (event.type === 'snapshot') book.clear();
      for (const u of event.updates) book.set(u.side === 'bid', u.price_level, u.new_quantity);
      assert.not.ok(parser.books[symbol].isCrossed());
      if (l2Events % 50 === 0) assert.is(bookDifference(parser.books[symbol], book), undefined, `event ${l2Events}`);
      if (l2Events % 10 === 0) {
        const ours = small.books[symbol];
        const bids = book.sorted(true);
        const asks = book.sorted(false);
        assert.is(ours.bestBid(), bids[0][0]);
        assert.is(ours.bestAsk(), asks[0][0]);
        assert.is(ours.levelQty(BookSide.Bid, 99), bids[99][1]);
        assert.is(ours.levelPrice(BookSide.Ask, 99), asks[99][0]);
      }
    }
  }
  assert.is(l2Events, 775);
  for (let s = 0; s < 2; s++) {
    assert.is(bookDifference(parser.books[s], reference[s]), undefined, ADVANCED_SYMBOLS[s]);
    assert.is(parser.books[s].capacityDrops, 0);
  }
  assert.ok(small.books[0].capacityDrops > 0, 'the default capacity drops deep levels of the 46,000-level snapshot');
  assert.not.ok(parser.needsResync() || small.needsResync());
});

test.run();
