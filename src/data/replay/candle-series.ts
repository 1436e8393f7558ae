/**
 * CandleSeries: one file's OHLCV bars in columns (Float64Arrays), strictly increasing in open
 * time, every bar valid; and CandleSeriesBuilder, which the format readers feed row by row and
 * which decides what is kept.
 *
 * A bar is kept only when all of these hold, otherwise it is skipped and counted under the first
 * reason that applies (`rejects[CandleReject.X]`, names in CANDLE_REJECT_REASONS), with the
 * first few record numbers (file line, or array element for JSON) kept for the summary:
 * - malformed_row: wrong number of fields, or a price/volume that is not a plain number;
 * - bad_time: the time field is not a readable epoch number or calendar date;
 * - non_positive_price: open, high, low or close <= 0;
 * - price_out_of_range: a price above MAX_BAR_PRICE or below MIN_BAR_PRICE (1e12 and 1e-12: no
 *   market quotes out there, and sizes times such prices leave the range the book's sums hold);
 * - high_below_open_close: high < max(open, close);
 * - low_above_open_close: low > min(open, close) (these two also imply high >= low);
 * - bad_volume: a negative volume. A missing volume (JSON null, empty field, no volume column)
 *   is 0, which is not a reject: consumers treat 0 as "volume unknown";
 * - duplicate_time: the same open time as the previous kept bar (the first one wins);
 * - out_of_order_time: earlier than the previous kept bar.
 * Order: when more of the (price-valid) rows step backwards in time than forwards, the file is
 * taken as written newest-first (old Yahoo exports were) and read in reverse before the
 * duplicate/out-of-order check; `reversed` says so. Sorting is otherwise never done: a row out
 * of place in an ascending file is a reject, not silently moved.
 * Jumps are not rejects either: a kept bar whose high or low is more than JUMP_FACTOR (10) times
 * away from the close of the bar before is counted in `jumpCount` (first few record numbers in
 * `jumpSummary`) and kept. Real markets do that (flash crashes, redenominations), and so do
 * broken files; which one it is the user decides, so it is said rather than dropped.
 * Gaps (missing bars) are not rejects: `gapCount` counts spacings wider than `intervalUs` and
 * `missingBars` adds up round(spacing / intervalUs) - 1 over them. For daily stock bars that
 * includes weekends and holidays.
 * `intervalUs` is the median spacing between consecutive kept bars (the lower middle value, so it
 * is one of the real spacings and an integer), 0 when there are fewer than two bars.
 */

export const CandleReject = {
  MalformedRow: 0,
  BadTime: 1,
  NonPositivePrice: 2,
  HighBelowOpenClose: 3,
  LowAboveOpenClose: 4,
  BadVolume: 5,
  DuplicateTime: 6,
  OutOfOrderTime: 7,
  PriceOutOfRange: 8,
} as const;
export const CANDLE_REJECT_REASONS = [
  'malformed_row', 'bad_time', 'non_positive_price', 'high_below_open_close', 'low_above_open_close',
  'bad_volume', 'duplicate_time', 'out_of_order_time', 'price_out_of_range',
] as const;

/** Highest and lowest price a bar may carry (see price_out_of_range). */
export const MAX_BAR_PRICE = 1e12;
export const MIN_BAR_PRICE = 1e-12;
/** A bar reaching further than this factor from the close before it is a jump (counted, kept). */
export const JUMP_FACTOR = 10;

export type CandleFormat = 'csv-ohlcv' | 'binance-kline' | 'freqtrade-json' | 'yahoo-daily' | 'backtrader-date-time';

export interface CandleSeries {
  readonly format: CandleFormat;
  /** Where the bars came from (the file path for readCandleFile). */
  readonly source: string;
  readonly count: number;
  /** Open time of each bar, integer µs since the epoch, strictly increasing. */
  readonly openTimeUs: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** In the file's own unit (base or quote currency, shares); 0 when the file has none. */
  readonly volume: Float64Array;
  /** Median spacing of open times in µs (0 with fewer than two bars). */
  readonly intervalUs: number;
  /** Data rows (or JSON elements) seen, kept or not; blank lines and the header excluded. */
  readonly rowsRead: number;
  /** Skipped rows by reason, indexed like CANDLE_REJECT_REASONS. */
  readonly rejects: Float64Array;
  /** One line naming each reason with its count and first record numbers; '' when none. */
  readonly rejectSummary: string;
  readonly gapCount: number;
  readonly missingBars: number;
  /** Kept bars whose high or low is more than JUMP_FACTOR times away from the close before. */
  readonly jumpCount: number;
  /** '' without jumps; else how many, with the first few record numbers. */
  readonly jumpSummary: string;
  /** True when the file was newest-first and was read in reverse. */
  readonly reversed: boolean;
}

const DEFAULT_SAMPLE_RECORDS = 5;

/** Collects rows of one file and produces its CandleSeries (see the header for the rules). */
export class CandleSeriesBuilder {
  readonly rejects = new Float64Array(CANDLE_REJECT_REASONS.length);
  private readonly samples: Int32Array;
  private readonly sampleCount = new Int32Array(CANDLE_REJECT_REASONS.length);
  private rows = 0;
  private size = 0;
  private record: Float64Array<ArrayBuffer> = new Float64Array(0);
  private time = new Float64Array(0);
  private open = new Float64Array(0);
  private high = new Float64Array(0);
  private low = new Float64Array(0);
  private close = new Float64Array(0);
  private volume = new Float64Array(0);

  /**
   * @param recordWord how the summary names a record number: 'line' for text rows, 'element'
   *   for JSON array elements.
   */
  constructor(
    readonly source: string,
    readonly format: CandleFormat,
    private readonly recordWord: 'line' | 'element',
    capacityHint = 1024,
    private readonly sampleRecords = DEFAULT_SAMPLE_RECORDS,
  ) {
    this.samples = new Int32Array(CANDLE_REJECT_REASONS.length * Math.max(sampleRecords, 1));
    this.grow(Math.max(16, capacityHint));
  }

  /** Count a row that could not be read at all. */
  reject(reason: number, record: number): void {
    this.rows++;
    this.countReject(reason, record);
  }

  /** Offer one parsed row; it is kept or counted as a reject. */
  add(record: number, timeUs: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.rows++;
    const reason = priceProblem(timeUs, open, high, low, close, volume);
    if (reason >= 0) {
      this.countReject(reason, record);
      return;
    }
    if (this.size === this.time.length) this.grow(this.size * 2);
    const k = this.size++;
    this.record[k] = record;
    this.time[k] = timeUs;
    this.open[k] = open;
    this.high[k] = high;
    this.low[k] = low;
    this.close[k] = close;
    this.volume[k] = volume;
  }

  /** Order, drop duplicate and out-of-order rows, and measure spacing. */
  finish(): CandleSeries {
    const reversed = this.isNewestFirst();
    if (reversed) this.reverse();
    let kept = 0;
    for (let k = 0; k < this.size; k++) {
      if (kept > 0 && this.time[k] <= this.time[kept - 1]) {
        const reason = this.time[k] === this.time[kept - 1] ? CandleReject.DuplicateTime : CandleReject.OutOfOrderTime;
        this.countReject(reason, this.record[k]);
        continue;
      }
      this.move(k, kept++);
    }
    const openTimeUs = this.time.slice(0, kept);
    const intervalUs = medianSpacing(openTimeUs);
    let gapCount = 0;
    let missingBars = 0;
    for (let k = 1; intervalUs > 0 && k < kept; k++) {
      const spacing = openTimeUs[k] - openTimeUs[k - 1];
      const missing = Math.round(spacing / intervalUs) - 1;
      if (spacing > intervalUs && missing > 0) {
        gapCount++;
        missingBars += missing;
      }
    }
    const jumps: number[] = [];
    let jumpCount = 0;
    for (let k = 1; k < kept; k++) {
      const before = this.close[k - 1];
      if (this.high[k] > before * JUMP_FACTOR || this.low[k] * JUMP_FACTOR < before) {
        if (jumpCount++ < this.sampleRecords) jumps.push(this.record[k]);
      }
    }
    const jumpWord = jumps.length === 1 ? this.recordWord : `${this.recordWord}s`;
    const jumpSummary = jumpCount === 0 ? ''
      : `${this.source}: ${jumpCount} bar${jumpCount === 1 ? '' : 's'} reaching more than ${JUMP_FACTOR}x from the close before (${jumpWord} ${jumps.join(', ')}${jumpCount > jumps.length ? ', ...' : ''}), kept: check the data`;
    return {
      format: this.format,
      source: this.source,
      count: kept,
      openTimeUs,
      open: this.open.slice(0, kept),
      high: this.high.slice(0, kept),
      low: this.low.slice(0, kept),
      close: this.close.slice(0, kept),
      volume: this.volume.slice(0, kept),
      intervalUs,
      rowsRead: this.rows,
      rejects: this.rejects,
      rejectSummary: this.summary(),
      gapCount,
      missingBars,
      jumpCount,
      jumpSummary,
      reversed,
    };
  }

  private countReject(reason: number, record: number): void {
    const n = this.rejects[reason]++;
    if (n < this.sampleRecords) {
      this.samples[reason * this.sampleRecords + n] = record;
      this.sampleCount[reason] = n + 1;
    }
  }

  private isNewestFirst(): boolean {
    let forwards = 0;
    let backwards = 0;
    for (let k = 1; k < this.size; k++) {
      if (this.time[k] > this.time[k - 1]) forwards++;
      else if (this.time[k] < this.time[k - 1]) backwards++;
    }
    return backwards > forwards;
  }

  private reverse(): void {
    for (const column of [this.record, this.time, this.open, this.high, this.low, this.close, this.volume]) {
      column.subarray(0, this.size).reverse();
    }
  }

  private move(from: number, to: number): void {
    if (from === to) return;
    this.record[to] = this.record[from];
    this.time[to] = this.time[from];
    this.open[to] = this.open[from];
    this.high[to] = this.high[from];
    this.low[to] = this.low[from];
    this.close[to] = this.close[from];
    this.volume[to] = this.volume[from];
  }

  private grow(capacity: number): void {
    const grown = (column: Float64Array): Float64Array<ArrayBuffer> => {
      const next = new Float64Array(capacity);
      next.set(column.subarray(0, this.size));
      return next;
    };
    this.record = grown(this.record);
    this.time = grown(this.time);
    this.open = grown(this.open);
    this.high = grown(this.high);
    this.low = grown(this.low);
    this.close = grown(this.close);
    this.volume = grown(this.volume);
  }

  private summary(): string {
    let total = 0;
    for (let r = 0; r < this.rejects.length; r++) total += this.rejects[r];
    if (total === 0) return '';
    const parts: string[] = [];
    for (let r = 0; r < this.rejects.length; r++) {
      if (this.rejects[r] === 0) continue;
      const shown = Array.from(this.samples.subarray(r * this.sampleRecords, r * this.sampleRecords + this.sampleCount[r]));
      const more = this.rejects[r] > shown.length ? ', ...' : '';
      const word = shown.length === 1 ? this.recordWord : `${this.recordWord}s`;
      const where = shown.length > 0 ? ` (${word} ${shown.join(', ')}${more})` : '';
      parts.push(`${CANDLE_REJECT_REASONS[r]} ${this.rejects[r]}${where}`);
    }
    return `${this.source}: skipped ${total} of ${this.rows} rows: ${parts.join('; ')}`;
  }
}

/** The reject reason of a row's values, or -1 when they are fine (time order is checked later). */
function priceProblem(timeUs: number, open: number, high: number, low: number, close: number, volume: number): number {
  if (!Number.isFinite(open) || !Number.isFinite(high) || !Number.isFinite(low) || !Number.isFinite(close)
    || !Number.isFinite(volume)) {
    return CandleReject.MalformedRow;
  }
  if (!Number.isFinite(timeUs)) return CandleReject.BadTime;
  if (!(open > 0 && high > 0 && low > 0 && close > 0)) return CandleReject.NonPositivePrice;
  if (!(open <= MAX_BAR_PRICE && high <= MAX_BAR_PRICE && low <= MAX_BAR_PRICE && close <= MAX_BAR_PRICE)
    || !(open >= MIN_BAR_PRICE && high >= MIN_BAR_PRICE && low >= MIN_BAR_PRICE && close >= MIN_BAR_PRICE)) {
    return CandleReject.PriceOutOfRange;
  }
  if (high < open || high < close) return CandleReject.HighBelowOpenClose;
  if (low > open || low > close) return CandleReject.LowAboveOpenClose;
  if (volume < 0) return CandleReject.BadVolume;
  return -1;
}

/** Lower median of the positive spacings of strictly increasing times, 0 when there are none. */
function medianSpacing(times: Float64Array): number {
  if (times.length < 2) return 0;
  const spacings = new Float64Array(times.length - 1);
  for (let k = 1; k < times.length; k++) spacings[k - 1] = times[k] - times[k - 1];
  spacings.sort();
  return spacings[(spacings.length - 1) >> 1];
}
