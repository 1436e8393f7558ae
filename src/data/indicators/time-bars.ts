/**
 * Time bars (OHLCV over fixed intervals, e.g. 1 s, 1 m, 5 m) built from trades of many series,
 * O(1) per trade. Intervals are aligned to the epoch (a 1 m bar starts on the minute), in event
 * time (the trade's own timestamp, microseconds), so a replay builds the bars a live session did.
 *
 * A trade at or after the current bar's end closes it: `update` returns true and the closed bar
 * is readable in `closed*` until the next close of that series. An interval with no trade makes
 * no bar (no invented flat bars: an indicator fed from them would see volatility that was not
 * there). A trade older than the current bar (out of order) is folded into the current bar
 * rather than reopening a published one, and counted in `lateTrades`.
 */
export class TimeBarSet {
  readonly closedStart: Float64Array;
  readonly closedOpen: Float64Array;
  readonly closedHigh: Float64Array;
  readonly closedLow: Float64Array;
  readonly closedClose: Float64Array;
  readonly closedVolume: Float64Array;
  readonly lateTrades: Float64Array;
  /** The bar being built per series: start (NaN: none yet), open, high, low, close, volume. */
  private readonly building: Float64Array;

  constructor(readonly series: number, readonly intervalUs: number) {
    if (!(intervalUs >= 1) || !Number.isInteger(intervalUs)) throw new Error(`time bars: interval must be a whole number of microseconds >= 1, got ${intervalUs}`);
    this.closedStart = new Float64Array(series).fill(NaN);
    this.closedOpen = new Float64Array(series);
    this.closedHigh = new Float64Array(series);
    this.closedLow = new Float64Array(series);
    this.closedClose = new Float64Array(series);
    this.closedVolume = new Float64Array(series);
    this.lateTrades = new Float64Array(series);
    this.building = new Float64Array(series * 6);
    for (let s = 0; s < series; s++) this.building[s * 6] = NaN;
  }

  private readonly args = new Float64Array(4);

  /** One trade; true when it closed the previous bar (now in `closed*`). */
  update(s: number, tsUs: number, price: number, size: number): boolean {
    const a = this.args;
    a[0] = tsUs;
    a[1] = price;
    a[2] = size;
    return this.step(s);
  }

  /** Time (µs), price and size at `src[at]`, `src[at + 1]`, `src[at + 2]` (see EmaSet on the two ways in). */
  updateFrom(s: number, src: Float64Array, at: number): boolean {
    const a = this.args;
    a[0] = src[at];
    a[1] = src[at + 1];
    a[2] = src[at + 2];
    return this.step(s);
  }

  private step(s: number): boolean {
    const a = this.args;
    const tsUs = a[0];
    const price = a[1];
    const size = a[2];
    if (!(price > 0) || !(size >= 0) || !(tsUs === tsUs)) return false;
    const b = this.building;
    const at = s * 6;
    const start = tsUs - (tsUs % this.intervalUs);
    a[3] = start;
    const current = b[at];
    if (current !== current) {
      this.open(at);
      return false;
    }
    if (start > current) {
      this.closedStart[s] = current;
      this.closedOpen[s] = b[at + 1];
      this.closedHigh[s] = b[at + 2];
      this.closedLow[s] = b[at + 3];
      this.closedClose[s] = b[at + 4];
      this.closedVolume[s] = b[at + 5];
      this.open(at);
      return true;
    }
    if (start < current) this.lateTrades[s] += 1;
    if (price > b[at + 2]) b[at + 2] = price;
    if (price < b[at + 3]) b[at + 3] = price;
    b[at + 4] = price;
    b[at + 5] += size;
    return false;
  }

  /** Start a bar at `args[3]` with the trade in `args`. */
  private open(at: number): void {
    const start = this.args[3];
    const price = this.args[1];
    const size = this.args[2];
    const b = this.building;
    b[at] = start;
    b[at + 1] = price;
    b[at + 2] = price;
    b[at + 3] = price;
    b[at + 4] = price;
    b[at + 5] = size;
  }
}
