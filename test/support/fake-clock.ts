// A clock a test moves by hand, for components that take a `now: () => number` (the websocket
// feed, the venue connectors) or a time argument: time passes only when the test says so, so a
// test of timeouts and staleness neither sleeps nor races the machine's load.
export class FakeClock {
  private ms: number;

  constructor(startMs = 1_700_000_000_000) {
    this.ms = startMs;
  }

  /** The current time in ms; pass `clock.now` where a component wants a clock function. */
  readonly now = (): number => this.ms;

  advance(ms: number): number {
    if (!(ms >= 0)) throw new Error(`FakeClock: time only moves forward, got ${ms}`);
    this.ms += ms;
    return this.ms;
  }
}
