/**
 * The simulated Binance exchange's 1-minute klines: per symbol, the trades of the current minute
 * of the virtual clock folded into open/high/low/close, base and quote volume, taker-buy volumes,
 * trade count and first/last trade id, as Binance's `kline_1m` stream reports them.
 *
 * Like the venue, a symbol that did not trade in a minute still has a kline for it once it has a
 * price: open = high = low = close = the last trade's price, volumes 0, trade ids -1. Before its
 * first trade a symbol has no kline at all.
 *
 * The exchange reads a symbol's kline, then calls `startMinute` at each minute boundary, so every
 * trade lands in exactly one kline. State is typed arrays only; `add` allocates nothing.
 */

export const KLINE_INTERVAL_US = 60_000_000;

export class BinanceSimKlines {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly quoteVolume: Float64Array;
  readonly takerBuyVolume: Float64Array;
  readonly takerBuyQuoteVolume: Float64Array;
  readonly trades: Float64Array;
  /** First and last trade id of the minute, -1 when it had no trade. */
  readonly firstTradeId: Float64Array;
  readonly lastTradeId: Float64Array;

  constructor(symbolCount: number) {
    const column = (): Float64Array => new Float64Array(symbolCount);
    this.open = column();
    this.high = column();
    this.low = column();
    this.close = column();
    this.volume = column();
    this.quoteVolume = column();
    this.takerBuyVolume = column();
    this.takerBuyQuoteVolume = column();
    this.trades = column();
    this.firstTradeId = column().fill(-1);
    this.lastTradeId = column().fill(-1);
  }

  /** A trade of `symbol`; `side` is the aggressor's (+1 buy, -1 sell). */
  add(symbol: number, price: number, size: number, side: number, tradeId: number): void {
    if (this.trades[symbol] === 0) {
      this.open[symbol] = price;
      this.high[symbol] = price;
      this.low[symbol] = price;
      this.firstTradeId[symbol] = tradeId;
    } else {
      if (price > this.high[symbol]) this.high[symbol] = price;
      if (price < this.low[symbol]) this.low[symbol] = price;
    }
    this.close[symbol] = price;
    this.lastTradeId[symbol] = tradeId;
    this.volume[symbol] += size;
    this.quoteVolume[symbol] += price * size;
    if (side > 0) {
      this.takerBuyVolume[symbol] += size;
      this.takerBuyQuoteVolume[symbol] += price * size;
    }
    this.trades[symbol] += 1;
  }

  /** `symbol` has traded at least once: it has a kline. */
  hasPrice(symbol: number): boolean {
    return this.close[symbol] > 0;
  }

  /** Start `symbol`'s next minute: flat at the last price until it trades. */
  startMinute(symbol: number): void {
    const last = this.close[symbol];
    this.open[symbol] = last;
    this.high[symbol] = last;
    this.low[symbol] = last;
    this.volume[symbol] = 0;
    this.quoteVolume[symbol] = 0;
    this.takerBuyVolume[symbol] = 0;
    this.takerBuyQuoteVolume[symbol] = 0;
    this.trades[symbol] = 0;
    this.firstTradeId[symbol] = -1;
    this.lastTradeId[symbol] = -1;
  }
}
