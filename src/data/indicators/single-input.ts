/**
 * The two ways into an indicator that takes one number per update (see EmaSet's header on why
 * there are two): `update(s, x)` and `updateFrom(s, src, at)` both park the input in `arg[0]` and
 * run the indicator's `step(s)`, which reads it from there, so no double crosses a call that V8
 * might not inline. `arg` has room for a few more scratch values a step may need.
 */
export abstract class SingleInputIndicator {
  protected readonly arg = new Float64Array(4);

  update(s: number, x: number): void {
    this.arg[0] = x;
    this.step(s);
  }

  /** `src[at]` is the input. */
  updateFrom(s: number, src: Float64Array, at: number): void {
    this.arg[0] = src[at];
    this.step(s);
  }

  /** One update of series `s` with the input in `arg[0]`. */
  protected abstract step(s: number): void;
}
