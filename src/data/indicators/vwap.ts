/**
 * Volume-weighted average price of many series since each series' last `resetSession` (a
 * trading day, a session): sum(price * volume) / sum(volume). `value` is NaN until some volume
 * has traded. The sums are compensated (Kahan), since a day of ticks adds millions of terms.
 */
export class VwapSet {
  readonly value: Float64Array;
  /** Per series: [sum p*v, its compensation, sum v, its compensation]. */
  private readonly sums: Float64Array;

  constructor(readonly series: number) {
    this.value = new Float64Array(series).fill(NaN);
    this.sums = new Float64Array(series * 4);
  }

  private readonly args = new Float64Array(3);

  update(s: number, price: number, volume: number): void {
    this.args[0] = price;
    this.args[1] = volume;
    this.step(s);
  }

  /** Price and volume at `src[at]`, `src[at + 1]` (see EmaSet on the two ways in). */
  updateFrom(s: number, src: Float64Array, at: number): void {
    this.args[0] = src[at];
    this.args[1] = src[at + 1];
    this.step(s);
  }

  private step(s: number): void {
    const price = this.args[0];
    const volume = this.args[1];
    if (!(volume > 0) || !(price > 0) || volume === Infinity || price === Infinity) return;
    const b = s * 4;
    this.args[2] = price * volume;
    this.add(b, 2);
    this.add(b + 2, 1);
    this.value[s] = this.sums[b] / this.sums[b + 2];
  }

  resetSession(s: number): void {
    this.sums.fill(0, s * 4, s * 4 + 4);
    this.value[s] = NaN;
  }

  /** Kahan-add `args[arg]` to the sum at `at`. */
  private add(at: number, arg: number): void {
    const x = this.args[arg];
    const sums = this.sums;
    const y = x - sums[at + 1];
    const t = sums[at] + y;
    sums[at + 1] = (t - sums[at]) - y;
    sums[at] = t;
  }
}
