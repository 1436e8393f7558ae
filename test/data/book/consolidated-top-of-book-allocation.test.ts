// The consolidated top of book allocates nothing per update, including the updates that worsen
// the best venue's side and rescan the others, and the reads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertNoGc } from '../../support/allocation.js';
import {
  CONSOLIDATED_TOP_F64, ConsolidatedTop, ConsolidatedTopOfBook, VENUE_QUOTE_F64, VenueQuote,
} from '../../../src/data/book/consolidated-top-of-book.js';

test('update, withdraw, expire and readTop: 0 GCs over 500k operations', () => {
  const c = new ConsolidatedTopOfBook(4, 3, { staleAfterUs: 1000 });
  const sum = new Float64Array(1);
  const prices = new Float64Array([100, 100.5, 99.5, 101, 100.25]);
  const quote = new Float64Array(VENUE_QUOTE_F64);
  const top = new Float64Array(CONSOLIDATED_TOP_F64);
  assertNoGc('consolidated update', (i) => {
    const s = i & 3;
    const v = i % 3;
    quote[VenueQuote.bid] = prices[i % 5];
    quote[VenueQuote.bidSize] = 1 + (i & 7);
    quote[VenueQuote.ask] = prices[i % 5] + 0.5;
    quote[VenueQuote.askSize] = 2;
    quote[VenueQuote.ts] += 1;
    c.update(s, v, quote);
    if ((i & 255) === 0) c.withdraw(s, v);
    if ((i & 1023) === 0) c.expire(quote[VenueQuote.ts]);
    c.readTop(s, top);
    // A symbol whose venues were all withdrawn reads NaN: only quoted ones are summed.
    if (top[ConsolidatedTop.bidVenue] >= 0 && top[ConsolidatedTop.askVenue] >= 0) sum[0] += top[ConsolidatedTop.bid] + top[ConsolidatedTop.ask] + (c.isCrossed(s) ? 1 : 0);
  }, 500_000);
  assert.ok(sum[0] > 0);
});

test.run();
