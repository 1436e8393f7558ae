/**
 * The decoder's last frame into a book: the one place that turns a decoded depth diff or REST
 * snapshot into the BinanceBookSync call, shared by the connector and the recorder (which keeps
 * the same book procedure so it asks for snapshots exactly when the replayed connector will).
 */
import type { BinanceFrameDecoder } from './binance-frame-decoder.js';
import { BinanceField as F } from './binance-message-layout.js';
import { DiffHeader, type BinanceBookSync } from './binance-book-sync.js';

/**
 * HOT PATH: the decoded depth diff into `book`; returns its DiffOutcome. Ids and time go through
 * the book's header array, not as call arguments: a double passed to a call the compiler chooses
 * not to inline is boxed, and that choice varies by process.
 */
export function applyDecodedDiff(d: BinanceFrameDecoder, book: BinanceBookSync): number {
  const f = d.fields;
  const h = book.diffHeader;
  h[DiffHeader.First] = f[F.firstUpdateId];
  h[DiffHeader.Final] = f[F.updateId];
  h[DiffHeader.Prev] = f[F.prevUpdateId];
  h[DiffHeader.TsMicros] = f[F.tsMicros];
  return book.onDiffFromHeader(d.bidPrice, d.bidQty, f[F.bidCount], d.askPrice, d.askQty, f[F.askCount]);
}

/** The decoded REST depth snapshot into `book`; returns its SnapshotOutcome. */
export function applyDecodedSnapshot(d: BinanceFrameDecoder, book: BinanceBookSync): number {
  const f = d.fields;
  return book.onSnapshot(f[F.lastUpdateId], d.bidPrice, d.bidQty, f[F.bidCount], d.askPrice, d.askQty, f[F.askCount]);
}
