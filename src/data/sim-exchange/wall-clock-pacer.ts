/**
 * Drives a simulated exchange's market at `eventsPerSecond` of wall time: every 5 ms it makes the
 * events that fell due since the start. It works at most ~3 ms per tick, so the exchange's
 * sockets and REST requests keep being served when the rate is more than the thread can generate;
 * what could not be made is skipped, not owed (a stalled machine does not come back to a flood).
 */
const PACE_MS = 5;
const WORK_MS = 3;

export class WallClockPacer {
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private emitted = 0;
  private readonly rate: number;

  /** `eventsPerSecond` 0 means as fast as it can: 100,000 a second. */
  constructor(eventsPerSecond: number, private readonly step: () => void, private readonly beforeTick?: (nowMs: number) => void) {
    this.rate = eventsPerSecond > 0 ? eventsPerSecond : 100_000;
  }

  start(): void {
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.tick(), PACE_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    const now = performance.now();
    this.beforeTick?.(now);
    const due = Math.floor(((now - this.startedAt) / 1000) * this.rate) - this.emitted;
    const until = now + WORK_MS;
    for (let i = 0; i < due; i++) {
      this.step();
      if ((i & 63) === 63 && performance.now() > until) break;
    }
    this.emitted += due;
  }
}
