// The consolidated top of book across venues: the best bid and ask with the venue of each, time
// priority at equal prices, a worsened best replaced by the next venue, stale and withdrawn
// venues dropping out, bad quotes refused by reason; and, over 200k seeded random operations,
// exactly what a brute-force recomputation over all venues gives after every one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CONSOLIDATED_REJECT_REASONS, CONSOLIDATED_TOP_F64, ConsolidatedReject, ConsolidatedTopOfBook,
} from '../../../src/data/book/consolidated-top-of-book.js';
import { ConsolidatedSymbolMap } from '../../../src/data/book/consolidated-symbol-map.js';
import { Prng } from '../../../src/data/prng.js';

const BINANCE = 0;
const COINBASE = 1;
const KRAKEN = 2;
const top = (c: ConsolidatedTopOfBook, s = 0) => [c.bestBid(s), c.bestBidVenue(s), c.bestAsk(s), c.bestAskVenue(s)];
/** `update` with the quote's values as arguments (the hot path passes them in a Float64Array). */
const quote = new Float64Array(5);
function put(c: ConsolidatedTopOfBook, s: number, v: number, bid: number, bidSize: number, ask: number, askSize: number, ts: number): number {
  quote.set([bid, bidSize, ask, askSize, ts]);
  return c.update(s, v, quote);
}

test('best bid and best ask may come from different venues, each named, with its size', () => {
  const c = new ConsolidatedTopOfBook(1, 3, { staleAfterUs: 5_000_000 });
  assert.equal(top(c), [NaN, -1, NaN, -1], 'nothing quoted yet');
  put(c, 0, BINANCE, 100, 1, 101, 2, 10);
  put(c, 0, COINBASE, 100.5, 3, 101.5, 4, 11);
  put(c, 0, KRAKEN, 99, 5, 100.8, 6, 12);
  assert.equal(top(c), [100.5, COINBASE, 100.8, KRAKEN]);
  assert.is(c.bestBidSize(0), 3);
  assert.is(c.bestAskSize(0), 6);
  const out = new Float64Array(CONSOLIDATED_TOP_F64);
  c.readTop(0, out);
  assert.equal([...out], [100.5, 3, COINBASE, 100.8, 6, KRAKEN]);
  assert.not.ok(c.isCrossed(0));
  put(c, 0, BINANCE, 100.9, 1, 101, 2, 13);
  assert.ok(c.isCrossed(0), 'Binance bids above Kraken\'s ask: crossed across venues, not an error');
});

test('the best venue worsening hands the side to the next best; an equal price keeps time priority', () => {
  const c = new ConsolidatedTopOfBook(1, 3, { staleAfterUs: 5_000_000 });
  put(c, 0, BINANCE, 100, 1, 102, 1, 10);
  put(c, 0, COINBASE, 100, 1, 102, 1, 20);
  assert.equal(top(c), [100, BINANCE, 102, BINANCE], 'Binance got there first');
  put(c, 0, KRAKEN, 99.5, 1, 101.5, 1, 30);
  put(c, 0, BINANCE, 99, 1, 102, 1, 40);
  assert.equal(top(c), [100, COINBASE, 101.5, KRAKEN]);
  put(c, 0, KRAKEN, 100, 1, 103, 1, 50);
  assert.equal(top(c), [100, COINBASE, 102, BINANCE], 'Kraken matching the bid does not take it; its ask worsened, Binance holds 102 longest');
});

test('a stale venue drops out on expire and returns with its next quote; a withdrawn one at once', () => {
  const c = new ConsolidatedTopOfBook(2, 2, { staleAfterUs: 1_000_000 });
  put(c, 1, BINANCE, 100, 1, 101, 1, 0);
  put(c, 1, COINBASE, 99, 1, 100.5, 1, 900_000);
  assert.equal(top(c, 1), [100, BINANCE, 100.5, COINBASE]);
  assert.is(c.expire(1_000_000), 0, 'exactly staleAfterUs old still counts');
  assert.is(c.expire(1_500_000), 1);
  assert.not.ok(c.isLive(1, BINANCE));
  assert.equal(top(c, 1), [99, COINBASE, 100.5, COINBASE]);
  put(c, 1, BINANCE, 100, 1, 101, 1, 1_600_000);
  assert.equal(top(c, 1), [100, BINANCE, 100.5, COINBASE]);
  c.withdraw(1, COINBASE);
  assert.equal(top(c, 1), [100, BINANCE, 101, BINANCE]);
  c.withdraw(1, BINANCE);
  assert.equal(top(c, 1), [NaN, -1, NaN, -1]);
  assert.equal(top(c, 0), [NaN, -1, NaN, -1], 'the other symbol never quoted');
});

test('bad quotes refused by reason, nothing changed', () => {
  const c = new ConsolidatedTopOfBook(1, 2, { staleAfterUs: 1_000_000 });
  put(c, 0, BINANCE, 100, 1, 101, 1, 100);
  const bad: Array<[number, number[]]> = [
    [ConsolidatedReject.BadSymbol, [1, BINANCE, 100, 1, 101, 1, 200]],
    [ConsolidatedReject.BadVenue, [0, 2, 100, 1, 101, 1, 200]],
    [ConsolidatedReject.BadPrice, [0, COINBASE, NaN, 1, 101, 1, 200]],
    [ConsolidatedReject.BadPrice, [0, COINBASE, 100, 1, -1, 1, 200]],
    [ConsolidatedReject.BadSize, [0, COINBASE, 100, -1, 101, 1, 200]],
    [ConsolidatedReject.CrossedQuote, [0, COINBASE, 101, 1, 101, 1, 200]],
    [ConsolidatedReject.OldQuote, [0, BINANCE, 200, 1, 201, 1, 99]],
  ];
  for (const [reason, args] of bad) {
    assert.is(put(c, ...(args as [number, number, number, number, number, number, number])), reason, CONSOLIDATED_REJECT_REASONS[reason]);
  }
  assert.equal(top(c), [100, BINANCE, 101, BINANCE]);
  assert.equal([...c.rejects], [0, 1, 1, 2, 1, 1, 1]);
});

test('200k seeded random updates, withdrawals and expiries: always the brute-force consolidated top', () => {
  const symbols = 3;
  const venues = 4;
  const c = new ConsolidatedTopOfBook(symbols, venues, { staleAfterUs: 50 });
  // The reference: plain arrays, recomputed over every venue after every operation.
  const ref = Array.from({ length: symbols * venues }, () => ({ live: false, bid: 0, ask: 0, ts: 0, bidSince: 0, askSince: 0 }));
  const rng = new Prng(20261130);
  const pick = (n: number) => Math.floor(rng.uniform() * n);
  let now = 0;
  for (let op = 0; op < 200_000; op++) {
    now += pick(3);
    const s = pick(symbols);
    const v = pick(venues);
    const r = ref[s * venues + v];
    const u = rng.uniform();
    if (u < 0.9) {
      // Few distinct prices, so ties are common and time priority is exercised.
      const bid = 95 + pick(6);
      const ask = bid + 1 + pick(3);
      assert.is(put(c, s, v, bid, 1, ask, 1, now), 0);
      // Time priority by arrival: the operation number (event times tie; arrivals never do).
      if (!r.live || bid !== r.bid) r.bidSince = op;
      if (!r.live || ask !== r.ask) r.askSince = op;
      Object.assign(r, { live: true, bid, ask, ts: now });
    } else if (u < 0.97) {
      c.withdraw(s, v);
      r.live = false;
    } else {
      c.expire(now);
      for (const q of ref) if (q.live && now - q.ts > 50) q.live = false;
    }
    for (let k = 0; k < symbols; k++) {
      const quotes = ref.slice(k * venues, (k + 1) * venues).map((q, venue) => ({ ...q, venue })).filter((q) => q.live);
      const bestBid = [...quotes].sort((a, b) => b.bid - a.bid || a.bidSince - b.bidSince)[0];
      const bestAsk = [...quotes].sort((a, b) => a.ask - b.ask || a.askSince - b.askSince)[0];
      const expected = [bestBid?.bid ?? NaN, bestBid?.venue ?? -1, bestAsk?.ask ?? NaN, bestAsk?.venue ?? -1];
      const got = top(c, k);
      if (got.some((x, i) => !Object.is(x, expected[i]))) assert.unreachable(`op ${op}, symbol ${k}: ${JSON.stringify(got)} != ${JSON.stringify(expected)}`);
    }
  }
});

test('the symbol map: venue symbols to unified ids, a table per connector, mistakes named', () => {
  const map = new ConsolidatedSymbolMap(['binance', 'coinbase'], {
    'BTC/USD': { binance: 'BTC/USDT', coinbase: 'BTC/USD' },
    'ETH/USD': { binance: 'ETH/USDT', coinbase: 'ETH/USD' },
  });
  assert.equal(map.symbols, ['BTC/USD', 'ETH/USD']);
  assert.is(map.unifiedId(1, 'ETH/USD'), 1);
  assert.is(map.unifiedId(0, 'BTC/USD'), -1, 'Binance\'s BTC/USD is not mapped');
  assert.equal([...map.connectorTable(0, ['ETH/USDT', 'SOL/USDT', 'BTC/USDT'])], [1, -1, 0]);
  assert.throws(() => new ConsolidatedSymbolMap(['binance'], { 'BTC/USD': { kraken: 'XBT/USD' } }), /BTC\/USD names venue kraken, which is not one of binance/);
  assert.throws(() => new ConsolidatedSymbolMap(['binance'], { 'BTC/USD': { binance: 'BTC/USDT' }, 'BTC/USDT': { binance: 'BTC/USDT' } }),
    /binance BTC\/USDT is mapped to both BTC\/USD and BTC\/USDT/);
});

test.run();
