/**
 * Copies the top levels of each symbol's synced order book into its shared BookDepth block, so
 * later layers read real depth without a second copy of the book. Called when a book changes
 * (about ten times a second per symbol on Binance's depth@100ms, every 50 ms batch on Coinbase's
 * level2_batch), never per tick.
 */
import type { LayerRuntime } from '../layer-runtime.js';
import type { SeqlockBlock } from '../../shm/seqlock-block.js';
import type { BinanceBookSync } from '../../data/venues/binance/binance-book-sync.js';
import type { L2Book } from '../../data/book/l2-book.js';
import { BookDepth } from '../../data/book/book-depth-block.js';

export class BookDepthPublisher {
  readonly levels: number;
  private readonly blocks: SeqlockBlock[];
  private readonly scratch: Float64Array;
  private readonly bidPx: Float64Array;
  private readonly bidQty: Float64Array;
  private readonly askPx: Float64Array;
  private readonly askQty: Float64Array;

  constructor(rt: LayerRuntime) {
    this.levels = rt.config.source.bookLevels;
    this.blocks = rt.config.symbols.map((_, s) => rt.bookDepthWriter(s));
    this.scratch = new Float64Array(BookDepth.fieldCount(this.levels));
    this.bidPx = new Float64Array(this.levels);
    this.bidQty = new Float64Array(this.levels);
    this.askPx = new Float64Array(this.levels);
    this.askQty = new Float64Array(this.levels);
  }

  publish(symbol: number, sync: BinanceBookSync): void {
    this.publishBook(symbol, sync.book, sync.isSynced(), sync.lastEventTs, sync.lastUpdateId);
  }

  /** Any venue's book: `synced` false publishes no levels (the book is not to be read). */
  publishBook(symbol: number, book: L2Book, synced: boolean, tsMicros: number, updateId: number): void {
    const out = this.scratch;
    out[BookDepth.tsMicros] = tsMicros;
    out[BookDepth.updateId] = updateId;
    out[BookDepth.synced] = synced ? 1 : 0;
    out[BookDepth.levels] = this.levels;
    if (synced) book.copyTop(this.levels, this.bidPx, this.bidQty, this.askPx, this.askQty);
    for (let i = 0; i < this.levels; i++) {
      const at = BookDepth.level(i);
      out[at + BookDepth.bidPrice] = synced ? this.bidPx[i] : NaN;
      out[at + BookDepth.bidQty] = synced ? this.bidQty[i] : 0;
      out[at + BookDepth.askPrice] = synced ? this.askPx[i] : NaN;
      out[at + BookDepth.askQty] = synced ? this.askQty[i] : 0;
    }
    this.blocks[symbol].write(out);
  }
}
