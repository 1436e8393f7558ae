// Readers for the two Coinbase capture formats in ../shared/data/ws/coinbase/cryptofeed, plus an
// independent Map-based book rebuild the parsers' books are compared against.
//
// COINBASE.ws.28.0 (cryptofeed line format): first line `<url> <-> <ts>`; client frames
// `<url> <- <ts>: <json>`; received frames `<ts>: <json>`.
// COINBASE.advanced-trade.jsonl.gz (cryptofeed "format 2"): one JSON record per line,
// `{t: header|http|connect|send|recv, conn, ts, data}`, `data` = the raw frame text.
import { sharedText } from '../../../support/shared-data.js';
import { BookSide, type L2Book } from '../../../../src/data/book/l2-book.js';

export const EXCHANGE_CAPTURE = 'ws/coinbase/cryptofeed/COINBASE.ws.28.0';
export const ADVANCED_CAPTURE = 'ws/coinbase/cryptofeed/COINBASE.advanced-trade.jsonl.gz';

export const EXCHANGE_SYMBOLS = ['SKL-USD', 'SKL-BTC', 'BAND-GBP', 'NMR-EUR', 'BAND-BTC', 'YFI-BTC', 'DASH-BTC', 'NU-GBP', 'CRV-EUR', 'SKL-GBP']
  .map((id) => id.replace('-', '/'));
export const ADVANCED_SYMBOLS = ['BTC/USD', 'ETH/USD'];

export interface CaptureFrame {
  direction: 'send' | 'recv';
  text: string;
}

/** The Exchange capture's frames in order, or null (skip) when the file is absent. */
export function exchangeFrames(): CaptureFrame[] | null {
  const text = sharedText(EXCHANGE_CAPTURE);
  if (text === null) return null;
  const frames: CaptureFrame[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.includes(' <-> ')) continue;
    const sent = line.startsWith('wss://');
    const colon = line.indexOf(': ');
    if (colon < 0) throw new Error(`unreadable capture line: ${line.slice(0, 80)}`);
    frames.push({ direction: sent ? 'send' : 'recv', text: line.slice(colon + 2) });
  }
  return frames;
}

/** The Advanced Trade capture's websocket frames in order, or null (skip) when absent. */
export function advancedFrames(): CaptureFrame[] | null {
  const text = sharedText(ADVANCED_CAPTURE);
  if (text === null) return null;
  const frames: CaptureFrame[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const record = JSON.parse(line) as { t: string; data?: string };
    if (record.t === 'send' || record.t === 'recv') frames.push({ direction: record.t, text: record.data ?? '' });
  }
  return frames;
}

/** A product's book as two Maps price -> quantity, rebuilt with Number() and no shared code. */
export class ReferenceBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  set(bid: boolean, priceText: string, qtyText: string): void {
    const side = bid ? this.bids : this.asks;
    const price = Number(priceText);
    const qty = Number(qtyText);
    if (qty === 0) side.delete(price); else side.set(price, qty);
  }

  /** Levels best first. */
  sorted(bid: boolean): Array<[number, number]> {
    const levels = [...(bid ? this.bids : this.asks).entries()];
    return levels.sort((a, b) => (bid ? b[0] - a[0] : a[0] - b[0]));
  }
}

/** Where `book` differs from `reference` (all levels, both sides), or undefined when equal. */
export function bookDifference(book: L2Book, reference: ReferenceBook): string | undefined {
  for (const [side, bid] of [[BookSide.Bid, true], [BookSide.Ask, false]] as const) {
    const expected = reference.sorted(bid);
    if (book.depth(side) !== expected.length) return `${bid ? 'bid' : 'ask'} depth ${book.depth(side)} != ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const price = book.levelPrice(side, i);
      const qty = book.levelQty(side, i);
      if (price !== expected[i][0] || qty !== expected[i][1]) {
        return `${bid ? 'bid' : 'ask'} level ${i}: ${price}x${qty} != ${expected[i][0]}x${expected[i][1]}`;
      }
    }
  }
  return undefined;
}
