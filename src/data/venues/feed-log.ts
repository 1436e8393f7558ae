/**
 * Log lines from a market-data connector that cannot flood the log: one line per key (a reject
 * reason, a symbol's resync) per interval, however often it happens; the counters carry the
 * totals. A bad frame is shown as a short printable preview, never in full.
 */
export class RateLimitedLog {
  private readonly lastAt = new Map<string, number>();

  constructor(private readonly log: (message: string) => void, private readonly everyMs: number, private readonly now: () => number) {}

  /** Log `message()` unless `key` was logged less than `everyMs` ago (the text is built only when logged). */
  write(key: string, message: () => string): void {
    const now = this.now();
    const last = this.lastAt.get(key);
    if (last !== undefined && now - last < this.everyMs) return;
    this.lastAt.set(key, now);
    this.log(message());
  }
}

/** The first 120 bytes of a frame as printable ASCII, for a log line. */
export function framePreview(data: Buffer): string {
  const text = data.subarray(0, 120).toString('utf8').replace(/[^\x20-\x7e]/g, '?');
  return data.length > 120 ? `${text}...` : text;
}
