// L0's consolidated publisher: venue books in, each unified symbol's shared block out, with the
// venue of each best side, crossings counted as episodes, held counts per venue, withdrawals of
// books that stop being live or go stale, refusals counted by venue and reason; and no
// allocation per book change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConsolidatedPublisher } from '../../../src/workers/sources/consolidated-publisher.js';
import { ConsolidatedBlock } from '../../../src/data/book/consolidated-top-block.js';
import { CONSOLIDATED_REJECT_REASONS } from '../../../src/data/book/consolidated-top-of-book.js';
import { BookSide, L2Book } from '../../../src/data/book/l2-book.js';
import { SeqlockBlock } from '../../../src/shm/seqlock-block.js';
import { assertNoGc } from '../../support/allocation.js';

const VENUES = 2;

function setup(symbols = 1) {
  const blocks = Array.from({ length: symbols }, () => SeqlockBlock.create(ConsolidatedBlock.fieldCount(VENUES)));
  const rejects = new Float64Array(VENUES * CONSOLIDATED_REJECT_REASONS.length);
  const publisher = new ConsolidatedPublisher(blocks, VENUES, rejects);
  const out = new Float64Array(ConsolidatedBlock.fieldCount(VENUES));
  const read = (u = 0): Float64Array => { assert.ok(blocks[u].read(out) >= 0); return out; };
  return { publisher, rejects, read };
}

function book(bid: number, ask: number): L2Book {
  const b = new L2Book(16);
  b.setLevel(BookSide.Bid, bid, 1);
  b.setLevel(BookSide.Ask, ask, 2);
  return b;
}

test('before any quote: no venue on either side, NaN prices', () => {
  const { read } = setup();
  const f = read();
  assert.is(f[ConsolidatedBlock.bidVenue], -1);
  assert.is(f[ConsolidatedBlock.askVenue], -1);
  assert.ok(Number.isNaN(f[ConsolidatedBlock.bid]) && Number.isNaN(f[ConsolidatedBlock.ask]));
});

test('best bid and ask with their venues; held counts per update; a crossing counted once while it lasts', () => {
  const { publisher, read } = setup();
  publisher.onBook(0, 0, book(100, 101), true, 1);
  let f = read();
  assert.is(f[ConsolidatedBlock.bidVenue], 0);
  assert.is(f[ConsolidatedBlock.askVenue], 0);
  publisher.onBook(0, 1, book(100.5, 102), true, 2);
  f = read();
  assert.is(f[ConsolidatedBlock.bid], 100.5);
  assert.is(f[ConsolidatedBlock.bidVenue], 1);
  assert.is(f[ConsolidatedBlock.ask], 101);
  assert.is(f[ConsolidatedBlock.askVenue], 0);
  assert.is(f[ConsolidatedBlock.crossed], 0);
  // Venue 1 bids above venue 0's ask: crossed, twice in a row, one episode.
  publisher.onBook(0, 1, book(101.5, 102), true, 3);
  publisher.onBook(0, 1, book(101.6, 102), true, 4);
  f = read();
  assert.is(f[ConsolidatedBlock.crossed], 1);
  assert.is(f[ConsolidatedBlock.crossings], 1);
  publisher.onBook(0, 1, book(100.5, 102), true, 5);
  publisher.onBook(0, 1, book(101.5, 102), true, 6);
  f = read();
  assert.is(f[ConsolidatedBlock.crossings], 2, 'a second episode');
  assert.is(f[ConsolidatedBlock.updates], 6);
  assert.is(f[ConsolidatedBlock.bidHeld(0)], 1);
  assert.is(f[ConsolidatedBlock.bidHeld(1)], 5);
  assert.is(f[ConsolidatedBlock.askHeld(0, VENUES)], 6);
  assert.is(f[ConsolidatedBlock.askHeld(1, VENUES)], 0);
  assert.is(f[ConsolidatedBlock.tsMicros], 6);
});

test('a book that is not live, or stale, withdraws its venue; its next live book brings it back', () => {
  const { publisher, read } = setup();
  publisher.onBook(0, 0, book(100, 101), true, 1);
  publisher.onBook(0, 1, book(100.5, 100.9), true, 2);
  publisher.onBook(0, 1, book(100.5, 100.9), false, 3);
  let f = read();
  assert.is(f[ConsolidatedBlock.bidVenue], 0);
  assert.is(f[ConsolidatedBlock.askVenue], 0);
  publisher.onBook(0, 1, book(100.5, 100.9), true, 4);
  publisher.withdraw(0, 0);
  f = read();
  assert.is(f[ConsolidatedBlock.bidVenue], 1);
  assert.is(f[ConsolidatedBlock.askVenue], 1);
  publisher.withdraw(0, 1);
  f = read();
  assert.is(f[ConsolidatedBlock.bidVenue], -1);
  assert.ok(Number.isNaN(f[ConsolidatedBlock.ask]));
  const empty = new L2Book(16);
  publisher.onBook(0, 0, empty, true, 5);
  assert.is(read()[ConsolidatedBlock.bidVenue], -1, 'a live book with an empty side quotes nothing');
});

test('a restarted publisher on the same blocks keeps the counts and starts the quotes over', () => {
  const blocks = [SeqlockBlock.create(ConsolidatedBlock.fieldCount(VENUES))];
  const rejects = new Float64Array(VENUES * CONSOLIDATED_REJECT_REASONS.length);
  const first = new ConsolidatedPublisher(blocks, VENUES, rejects);
  first.onBook(0, 0, book(100, 101), true, 1);
  first.onBook(0, 1, book(101.5, 102), true, 2);
  new ConsolidatedPublisher(blocks, VENUES, rejects);
  const f = new Float64Array(ConsolidatedBlock.fieldCount(VENUES));
  assert.ok(blocks[0].read(f) >= 0);
  assert.is(f[ConsolidatedBlock.updates], 2);
  assert.is(f[ConsolidatedBlock.crossings], 1);
  assert.is(f[ConsolidatedBlock.bidHeld(1)], 1);
  assert.is(f[ConsolidatedBlock.bidVenue], -1);
  assert.is(f[ConsolidatedBlock.crossed], 0);
  assert.ok(Number.isNaN(f[ConsolidatedBlock.bid]));
});

test('refused quotes are counted by venue and reason, and change nothing', () => {
  const { publisher, rejects, read } = setup();
  publisher.onBook(0, 1, book(100, 101), true, 10);
  publisher.onBook(0, 1, book(100.2, 101), true, 9);
  const crossedOwn = new L2Book(16);
  crossedOwn.setLevel(BookSide.Bid, 102, 1);
  crossedOwn.setLevel(BookSide.Ask, 101, 1);
  publisher.onBook(0, 0, crossedOwn, true, 11);
  const per = CONSOLIDATED_REJECT_REASONS.length;
  assert.is(rejects[1 * per + CONSOLIDATED_REJECT_REASONS.indexOf('old_quote')], 1);
  assert.is(rejects[0 * per + CONSOLIDATED_REJECT_REASONS.indexOf('crossed_quote')], 1);
  const f = read();
  assert.is(f[ConsolidatedBlock.bid], 100);
  assert.is(f[ConsolidatedBlock.updates], 1);
});

test('book changes allocate nothing: 0 GCs over 200k', () => {
  const { publisher } = setup(3);
  const books = [book(100, 101), book(100.5, 102), book(99, 100.2)];
  const ts = new Float64Array(1);
  assertNoGc('consolidated publish', (i) => {
    ts[0] += 1;
    publisher.onBook(i % 3, i & 1, books[i % 3], (i & 63) !== 0, ts[0]);
    if ((i & 255) === 0) publisher.withdraw(i % 3, 0);
  }, 200_000);
});

test.run();
