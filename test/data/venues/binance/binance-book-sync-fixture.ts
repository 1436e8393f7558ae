// Shared by the Binance book-sync tests: parsing of the real captures (plain JSON.parse, on
// purpose independent of any production decoder), feeding them to a BinanceBookSync, and a
// Map-based reference that applies the same documented rules in the most direct way, so the
// typed-array book can be checked against something that shares none of its code.
import * as assert from 'uvu/assert';
import { BookSide, L2Book } from '../../../../src/data/book/l2-book.js';
import { BinanceBookSync } from '../../../../src/data/venues/binance/binance-book-sync.js';

export interface Diff { U: number; u: number; pu: number; ts: number; bidPx: Float64Array; bidQty: Float64Array; askPx: Float64Array; askQty: Float64Array }
export interface Snapshot { lastUpdateId: number; bidPx: Float64Array; bidQty: Float64Array; askPx: Float64Array; askQty: Float64Array }
export interface Ticker { u: number; bid: number; bidQty: number; ask: number; askQty: number }
export type CaptureItem =
  | { kind: 'diff'; diff: Diff }
  | { kind: 'snapshot'; snapshot: Snapshot }
  | { kind: 'ticker'; ticker: Ticker };

type Pairs = Array<[string, string]>;

function columns(pairs: Pairs): [Float64Array, Float64Array] {
  const px = new Float64Array(pairs.length);
  const qty = new Float64Array(pairs.length);
  pairs.forEach(([p, q], i) => { px[i] = Number(p); qty[i] = Number(q); });
  return [px, qty];
}

function diffOf(d: { U: number; u: number; pu?: number; E: number; b: Pairs; a: Pairs }): Diff {
  const [bidPx, bidQty] = columns(d.b);
  const [askPx, askQty] = columns(d.a);
  return { U: d.U, u: d.u, pu: d.pu ?? -1, ts: d.E * 1000, bidPx, bidQty, askPx, askQty };
}

function snapshotOf(s: { lastUpdateId: number; bids: Pairs; asks: Pairs }): Snapshot {
  const [bidPx, bidQty] = columns(s.bids);
  const [askPx, askQty] = columns(s.asks);
  return { lastUpdateId: s.lastUpdateId, bidPx, bidQty, askPx, askQty };
}

/** One decoded frame's payload, or null for streams the book does not use. */
function itemOf(j: any): CaptureItem | null {
  if (j.lastUpdateId !== undefined) return { kind: 'snapshot', snapshot: snapshotOf(j) };
  const d = j.data ?? j;
  if (d.e === 'depthUpdate') return { kind: 'diff', diff: diffOf(d) };
  if ((d.e === undefined || d.e === 'bookTicker') && d.b !== undefined && d.A !== undefined) {
    return { kind: 'ticker', ticker: { u: d.u, bid: Number(d.b), bidQty: Number(d.B), ask: Number(d.a), askQty: Number(d.A) } };
  }
  return null;
}

/** hftbacktest capture: `<recv ns> <json>` per line, one unwrapped REST snapshot among them. */
export function parseHftbacktest(text: string): CaptureItem[] {
  const items: CaptureItem[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const item = itemOf(JSON.parse(line.slice(line.indexOf(' ') + 1)));
    if (item !== null) items.push(item);
  }
  return items;
}

/**
 * cryptofeed recording pair: `<ts>: <json>` frames in the .ws file and
 * `<url> -> <ts>: <body>` REST snapshots in the .http file, merged per symbol by timestamp.
 */
export function parseCryptofeed(wsText: string, httpText: string): Map<string, CaptureItem[]> {
  const timed = new Map<string, Array<{ ts: number; item: CaptureItem }>>();
  const add = (symbol: string, ts: number, item: CaptureItem) => {
    let list = timed.get(symbol);
    if (list === undefined) timed.set(symbol, list = []);
    list.push({ ts, item });
  };
  for (const line of wsText.split('\n')) {
    const m = /^(\d+\.\d+): (.*)$/.exec(line);
    if (m === null) continue;
    const j = JSON.parse(m[2]);
    const item = itemOf(j);
    if (item !== null) add(j.data.s, Number(m[1]), item);
  }
  for (const line of httpText.split('\n')) {
    const m = /symbol=(\w+)&[^ ]* -> (\d+\.\d+): (.*)$/.exec(line);
    if (m === null) continue;
    add(m[1], Number(m[2]), itemOf(JSON.parse(m[3]))!);
  }
  const out = new Map<string, CaptureItem[]>();
  for (const [symbol, list] of timed) out.set(symbol, list.sort((x, y) => x.ts - y.ts).map((e) => e.item));
  return out;
}

/** A hand-made diff; levels as [price, qty] pairs. */
export function makeDiff(U: number, u: number, pu: number, bids: number[][], asks: number[][], ts = 1.7e15): Diff {
  return {
    U, u, pu, ts,
    bidPx: Float64Array.from(bids, (l) => l[0]), bidQty: Float64Array.from(bids, (l) => l[1]),
    askPx: Float64Array.from(asks, (l) => l[0]), askQty: Float64Array.from(asks, (l) => l[1]),
  };
}

/** A hand-made snapshot; levels as [price, qty] pairs, best first. */
export function makeSnapshot(lastUpdateId: number, bids: number[][], asks: number[][]): Snapshot {
  const d = makeDiff(0, 0, -1, bids, asks);
  return { lastUpdateId, bidPx: d.bidPx, bidQty: d.bidQty, askPx: d.askPx, askQty: d.askQty };
}

export function feedDiff(sync: BinanceBookSync, d: Diff): number {
  return sync.onDiff(d.U, d.u, d.pu, d.bidPx, d.bidQty, d.bidPx.length, d.askPx, d.askQty, d.askPx.length, d.ts);
}

export function feedSnapshot(sync: BinanceBookSync, s: Snapshot): number {
  return sync.onSnapshot(s.lastUpdateId, s.bidPx, s.bidQty, s.bidPx.length, s.askPx, s.askQty, s.askPx.length);
}

/**
 * The documented procedure with Maps and plain arrays. It assumes a clean stream and throws on
 * anything else (a gap, a snapshot that does not bridge), so a passing replay also proves the
 * capture itself is continuous. Spot continuity is the strict U == previous u + 1.
 */
export class ReferenceSync {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  last = -1;
  snapshotId = -1;
  synced = false;
  private pending: Diff[] = [];

  constructor(readonly usdm: boolean) {}

  diff(d: Diff): void {
    if (this.snapshotId < 0) { this.pending.push(d); return; }
    const L = this.snapshotId;
    if (!this.synced) {
      if (this.usdm ? d.u < L : d.u <= L) return;
      const bridges = this.usdm ? d.U <= L && d.u >= L : d.U <= L + 1 && d.u >= L + 1;
      if (!bridges) throw new Error(`snapshot ${L} does not bridge diff ${d.U}..${d.u}`);
      this.synced = true;
    } else if (this.usdm ? d.pu !== this.last : d.U !== this.last + 1) {
      throw new Error(`gap before diff ${d.U}..${d.u} (last ${this.last})`);
    }
    d.bidPx.forEach((p, i) => (d.bidQty[i] === 0 ? this.bids.delete(p) : this.bids.set(p, d.bidQty[i])));
    d.askPx.forEach((p, i) => (d.askQty[i] === 0 ? this.asks.delete(p) : this.asks.set(p, d.askQty[i])));
    this.last = d.u;
  }

  snapshot(s: Snapshot): void {
    this.bids.clear();
    this.asks.clear();
    s.bidPx.forEach((p, i) => { if (s.bidQty[i] > 0) this.bids.set(p, s.bidQty[i]); });
    s.askPx.forEach((p, i) => { if (s.askQty[i] > 0) this.asks.set(p, s.askQty[i]); });
    this.snapshotId = s.lastUpdateId;
    this.synced = false;
    const pending = this.pending;
    this.pending = [];
    for (const d of pending) this.diff(d);
  }

  /** Levels best first: [[price, qty], ...]. */
  side(side: number): Array<[number, number]> {
    const entries = [...(side === BookSide.Bid ? this.bids : this.asks)];
    return entries.sort((x, y) => (side === BookSide.Bid ? y[0] - x[0] : x[0] - y[0]));
  }

  /** What a REST snapshot taken now would return (all levels, best first). */
  snapshotNow(): Snapshot {
    const bids = this.side(BookSide.Bid);
    const asks = this.side(BookSide.Ask);
    return {
      lastUpdateId: this.last,
      bidPx: Float64Array.from(bids, (l) => l[0]), bidQty: Float64Array.from(bids, (l) => l[1]),
      askPx: Float64Array.from(asks, (l) => l[0]), askQty: Float64Array.from(asks, (l) => l[1]),
    };
  }
}

/**
 * Aligns a bookTicker stream with the book by update id: bookTicker is pushed on every change of
 * the touch, so after the book has applied everything up to id u, the latest ticker with id <= u
 * shows the book's best bid/ask and their sizes. Call `check` after each applied diff.
 */
export class TouchChecker {
  private readonly tickers: Ticker[];
  private next = 0;
  private latest: Ticker | undefined;
  /** Diffs checked, and how many of them end at an id a ticker also has. */
  checked = 0;
  sharedIds = 0;
  private readonly ids: Set<number>;

  constructor(items: CaptureItem[]) {
    this.tickers = items.flatMap((it) => (it.kind === 'ticker' ? [it.ticker] : [])).sort((x, y) => x.u - y.u);
    this.ids = new Set(this.tickers.map((t) => t.u));
  }

  check(sync: BinanceBookSync, label: string): void {
    const u = sync.lastUpdateId;
    while (this.next < this.tickers.length && this.tickers[this.next].u <= u) this.latest = this.tickers[this.next++];
    const t = this.latest;
    if (t === undefined) return;
    const what = `${label}: book at ${u}, ticker at ${t.u}`;
    assert.is(sync.bestBid(), t.bid, what);
    assert.is(sync.bestAsk(), t.ask, what);
    assert.is(sync.bestBidQty(), t.bidQty, what);
    assert.is(sync.bestAskQty(), t.askQty, what);
    this.checked++;
    if (this.ids.has(u)) this.sharedIds++;
  }
}

/** The top `levels` of both sides (all when omitted) are identical, price and quantity. */
export function assertSameBook(book: L2Book, ref: ReferenceSync, label: string, levels = Infinity): void {
  for (const side of [BookSide.Bid, BookSide.Ask]) {
    const expected = ref.side(side);
    const n = Math.min(levels, expected.length);
    if (levels === Infinity) assert.is(book.depth(side), expected.length, `${label}: depth of side ${side}`);
    else assert.ok(book.depth(side) >= n, `${label}: side ${side} holds ${book.depth(side)} < ${n} levels`);
    for (let i = 0; i < n; i++) {
      if (book.levelPrice(side, i) !== expected[i][0] || book.levelQty(side, i) !== expected[i][1]) {
        assert.unreachable(`${label}: side ${side} level ${i} is ${book.levelPrice(side, i)} x ${book.levelQty(side, i)}, expected ${expected[i][0]} x ${expected[i][1]}`);
      }
    }
  }
}
