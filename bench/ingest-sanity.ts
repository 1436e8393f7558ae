/**
 * Before anything is timed, the ingest benchmark checks that the three ways of reading a frame
 * agree on the numbers, so a fast figure cannot come from reading less or reading wrong:
 * - ccxt vs our decoder on every trade and bookTicker frame used (price, amount, aggressor side;
 *   bid, bid size, ask, ask size), compared exactly;
 * - ccxt's order book vs our BinanceBookSync book while both replay the whole depth chain from the
 *   same snapshot: the top TOP_LEVELS of each side after every diff, every level at the end;
 * - JSON.parse + Number() vs our decoder on the same trade, bookTicker and timed depth frames.
 * Differences are counted and the first one is described; the runner prints the summary and
 * stores it with the results.
 */

import { BookSide, DEFAULT_BOOK_CAPACITY, type L2Book } from '../src/data/book/l2-book.js';
import { BinanceField as F, MessageKind } from '../src/data/venues/binance/binance-message-layout.js';
import { BinanceFrameDecoder } from '../src/data/venues/binance/binance-frame-decoder.js';
import type { CcxtBinanceHarness, CcxtOrderBook } from './ingest-ccxt.js';
import { OursDepth } from './ingest-binance-cases.js';
import type { IngestFrames } from './ingest-frames.js';

const TOP_LEVELS = 5;
const UNCAPPED_LEVELS = 1 << 15;

export interface Agreement {
  compared: number;
  differences: number;
  first_difference?: string;
}

export interface SanityReport {
  ccxt_trade?: Agreement;
  ccxt_bookTicker?: Agreement;
  /** compared = diffs replayed; plus the final book depth compared level by level. */
  ccxt_depth?: Agreement & { final_bid_levels: number; final_ask_levels: number };
  json_trade: Agreement;
  json_bookTicker: Agreement;
  json_depth20: Agreement;
}

class Tally implements Agreement {
  compared = 0;
  differences = 0;
  first_difference?: string;

  check(same: boolean, what: () => string): void {
    if (same) return;
    this.differences++;
    this.first_difference ??= what();
  }
}

function jsonData(buf: Buffer): Record<string, unknown> {
  return (JSON.parse(buf.toString()) as { data: Record<string, unknown> }).data;
}

function compareBooks(t: Tally, at: string, ours: L2Book, theirs: CcxtOrderBook, levels: number): void {
  const sides = [[BookSide.Bid, theirs.bids, 'bid'], [BookSide.Ask, theirs.asks, 'ask']] as const;
  for (const [side, rows, label] of sides) {
    const n = Math.min(levels, rows.length);
    if (ours.depth(side) < n || (levels === Infinity && ours.depth(side) !== rows.length)) {
      t.check(false, () => `${at}: ${label} depth ${ours.depth(side)} (ours) vs ${rows.length} (ccxt)`);
      continue;
    }
    for (let i = 0; i < n; i++) {
      const p = ours.levelPrice(side, i);
      const q = ours.levelQty(side, i);
      t.check(p === rows[i][0] && q === rows[i][1], () => `${at}: ${label} level ${i} ${p} x ${q} (ours) vs ${rows[i][0]} x ${rows[i][1]} (ccxt)`);
    }
  }
}

export function checkAgreement(frames: IngestFrames, ccxt: CcxtBinanceHarness | null): SanityReport {
  const dec = new BinanceFrameDecoder(['BTCUSDT'], { maxLevels: 5000 });
  const f = dec.fields;
  const report: SanityReport = { json_trade: new Tally(), json_bookTicker: new Tally(), json_depth20: new Tally() };
  const ccxtTrade = new Tally();
  const ccxtQuote = new Tally();

  frames.trades.forEach((buf, i) => {
    const ok = dec.decode(buf, buf.length) === MessageKind.Trade;
    const side = f[F.buyerIsMaker] === 1 ? 'sell' : 'buy';
    const d = jsonData(buf);
    const json = report.json_trade as Tally;
    json.compared++;
    json.check(ok && Number(d.p) === f[F.price] && Number(d.q) === f[F.qty], () => `trade ${i}: ${String(d.p)} x ${String(d.q)} vs ${f[F.price]} x ${f[F.qty]}`);
    if (ccxt === null) return;
    ccxt.spotClient.onMessage({ data: buf });
    const t = ccxt.lastSpotTrade();
    ccxtTrade.compared++;
    ccxtTrade.check(ok && t !== undefined && t.price === f[F.price] && t.amount === f[F.qty] && t.side === side,
      () => `trade ${i}: ccxt ${t?.price} x ${t?.amount} ${t?.side}, ours ${f[F.price]} x ${f[F.qty]} ${side}`);
  });

  frames.bookTickers.forEach((buf, i) => {
    const ok = dec.decode(buf, buf.length) === MessageKind.BookTicker;
    const ours = [f[F.bidPrice], f[F.bidQty], f[F.askPrice], f[F.askQty]];
    const d = jsonData(buf);
    const json = report.json_bookTicker as Tally;
    json.compared++;
    json.check(ok && [d.b, d.B, d.a, d.A].every((v, k) => Number(v) === ours[k]), () => `bookTicker ${i}: ${JSON.stringify(d)} vs ${ours.join(' ')}`);
    if (ccxt === null) return;
    ccxt.spotClient.onMessage({ data: buf });
    const q = ccxt.lastSpotQuote();
    ccxtQuote.compared++;
    ccxtQuote.check(ok && q !== undefined && [q.bid, q.bidVolume, q.ask, q.askVolume].every((v, k) => v === ours[k]),
      () => `bookTicker ${i}: ccxt ${q?.bid} x ${q?.bidVolume} / ${q?.ask} x ${q?.askVolume}, ours ${ours.join(' ')}`);
  });

  const chain = frames.depth;
  const json = report.json_depth20 as Tally;
  chain.diffs.forEach((buf, i) => {
    if (chain.timed[i] !== 1) return;
    const ok = dec.decode(buf, buf.length) === MessageKind.DepthUpdate;
    const d = jsonData(buf) as { b: string[][]; a: string[][] };
    json.compared++;
    const same = ok && d.b.length === f[F.bidCount] && d.a.length === f[F.askCount]
      && d.b.every(([p, q], k) => Number(p) === dec.bidPrice[k] && Number(q) === dec.bidQty[k])
      && d.a.every(([p, q], k) => Number(p) === dec.askPrice[k] && Number(q) === dec.askQty[k]);
    json.check(same, () => `depth diff ${i}: levels differ`);
  });

  if (ccxt !== null) {
    report.ccxt_trade = ccxtTrade;
    report.ccxt_bookTicker = ccxtQuote;
    // Our book keeps DEFAULT_BOOK_CAPACITY levels a side and evicts the deepest beyond that (ccxt
    // keeps all): lifted here so that every level can be compared, not only the kept ones.
    const ours = new OursDepth(chain, UNCAPPED_LEVELS);
    ours.resync();
    const theirs = ccxt.resetSwapBook();
    const depth = new Tally();
    chain.diffs.forEach((buf, i) => {
      ours.step(buf);
      ccxt.futuresClient.onMessage({ data: buf });
      depth.compared++;
      compareBooks(depth, `after diff ${i}`, ours.sync.book, theirs, TOP_LEVELS);
    });
    compareBooks(depth, 'at the end', ours.sync.book, theirs, Infinity);
    depth.check(ours.sync.book.capacityDrops === 0, () => `our book dropped ${ours.sync.book.capacityDrops} levels at capacity ${UNCAPPED_LEVELS}`);
    depth.check(ccxt.swapBook() === theirs && theirs.nonce === chain.finalUpdateId, () => 'ccxt dropped its book or its nonce stopped following the chain');
    report.ccxt_depth = {
      ...depth, final_bid_levels: ours.sync.book.depth(BookSide.Bid), final_ask_levels: ours.sync.book.depth(BookSide.Ask),
    };
  }
  return report;
}

/** One line per check, for the console. */
export function describeSanity(r: SanityReport): string {
  const line = (label: string, a: Agreement | undefined, what: string): string => {
    if (a === undefined) return `  ${label}: not checked (ccxt unavailable)`;
    const verdict = a.differences === 0 ? `identical ${what}` : `${a.differences} DIFFERENCES (first: ${a.first_difference})`;
    return `  ${label}: ${a.compared} compared, ${verdict}`;
  };
  const d = r.ccxt_depth;
  return [
    'sanity: the same numbers from every reader, compared exactly before timing',
    line('ccxt vs ours, trade', r.ccxt_trade, 'price, amount, side'),
    line('ccxt vs ours, bookTicker', r.ccxt_bookTicker, 'bid, bid size, ask, ask size'),
    line('ccxt vs ours, depth (books after each diff of the chain)', d,
      d === undefined ? '' : `top ${TOP_LEVELS} levels after every diff, all ${d.final_bid_levels} bid / ${d.final_ask_levels} ask levels at the end (our ${DEFAULT_BOOK_CAPACITY}-level cap lifted for this check)`),
    line('JSON.parse+Number vs ours, trade', r.json_trade, 'price, qty'),
    line('JSON.parse+Number vs ours, bookTicker', r.json_bookTicker, 'bid, bid size, ask, ask size'),
    line('JSON.parse+Number vs ours, depth20', r.json_depth20, 'levels'),
  ].join('\n') + '\n';
}

export function sanityFailed(r: SanityReport): boolean {
  return [r.ccxt_trade, r.ccxt_bookTicker, r.ccxt_depth, r.json_trade, r.json_bookTicker, r.json_depth20]
    .some((a) => a !== undefined && a.differences > 0);
}
