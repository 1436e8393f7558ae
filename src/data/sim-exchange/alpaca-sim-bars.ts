/**
 * Minute bars of the simulated Alpaca stream: per symbol, the trades since the last minute
 * boundary folded into open/high/low/close, volume, trade count and the price-volume sum for the
 * VWAP. Like the venue, a symbol that did not trade in a minute gets no bar for it.
 *
 * Invariants: a symbol with `trades[s] > 0` has low <= open, close <= high, all > 0 (trade
 * prices from the model are > 0); the exchange calls `clear` right after reading a symbol's bar,
 * so every trade lands in exactly one bar. State is typed arrays only; `add` allocates nothing.
 */

export class AlpacaSimBars {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly trades: Float64Array;
  private readonly priceVolume: Float64Array;

  constructor(symbolCount: number) {
    this.open = new Float64Array(symbolCount);
    this.high = new Float64Array(symbolCount);
    this.low = new Float64Array(symbolCount);
    this.close = new Float64Array(symbolCount);
    this.volume = new Float64Array(symbolCount);
    this.trades = new Float64Array(symbolCount);
    this.priceVolume = new Float64Array(symbolCount);
  }

  add(symbol: number, price: number, size: number): void {
    if (this.trades[symbol] === 0) {
      this.open[symbol] = price;
      this.high[symbol] = price;
      this.low[symbol] = price;
    } else {
      if (price > this.high[symbol]) this.high[symbol] = price;
      if (price < this.low[symbol]) this.low[symbol] = price;
    }
    this.close[symbol] = price;
    this.volume[symbol] += size;
    this.trades[symbol] += 1;
    this.priceVolume[symbol] += price * size;
  }

  /** The VWAP of `symbol`'s open bar, rounded to 1e-6 as the venue prints it. */
  vwap(symbol: number): number {
    const v = this.volume[symbol];
    return v > 0 ? Math.round((this.priceVolume[symbol] / v) * 1e6) / 1e6 : 0;
  }

  /** Start `symbol`'s next bar. */
  clear(symbol: number): void {
    this.trades[symbol] = 0;
    this.volume[symbol] = 0;
    this.priceVolume[symbol] = 0;
  }
}
