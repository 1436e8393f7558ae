/**
 * Copies the top levels of each symbol's synced order book into its shared BookDepth block, so
 * later layers read real depth without a second copy of the book. Called when a book changes
 * (about ten times a second per symbol on Binance's depth@100ms), never per tick.
 */
import type { LayerRuntime } from '../layer-runtime.js';
import type { SeqlockBlock } from '../../shm/seqlock-block.js';
import type { BinanceBookSync } from '../../data/venues/binance/binance-book-sync.js';
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
    const out = this.scratch;
    const synced = sync.isSynced();
    out[BookDepth.tsMicros] = sync.lastEventTs;
    out[BookDepth.updateId] = sync.lastUpdateId;
    out[BookDepth.synced] = synced ? 1 : 0;
    out[BookDepth.levels] = this.levels;
    if (synced) sync.book.copyTop(this.levels, this.bidPx, this.bidQty, this.askPx, this.askQty);
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
