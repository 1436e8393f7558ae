/**
 * Durations as people type them on a command line: `500ms`, `30s`, `1h30m`, `2d`, `1.5h`, or a
 * bare number of seconds. `0` means "no limit" where the caller allows it (a session that runs
 * until it is signalled).
 *
 * The ceiling is a year. Node's timers take at most 2^31-1 ms (24.8 days) and silently turn a
 * longer delay into 1 ms, which once ended a `--duration 600h` session before its first tick;
 * sessions longer than that are timed with `setLongTimeout`, which chains shorter timers.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86_400e3 };
/** Units from largest to smallest: a compound duration lists each at most once, in this order. */
const UNIT_ORDER = ['d', 'h', 'm', 's', 'ms'];

/** The longest duration accepted: 365 days. */
export const MAX_DURATION_MS = 365 * UNIT_MS.d;

export interface ParseDurationOptions {
  /** Accept `0` (the caller gives it a meaning such as "until signalled"). Default false. */
  allowZero?: boolean;
}

/** Milliseconds in `text`, or an Error that quotes it and says what is accepted. */
export function parseDuration(text: string, options: ParseDurationOptions = {}): number {
  const s = String(text).trim();
  const examples = `examples: 500ms, 30s, 1h30m, 2d${options.allowZero ? ', 0 for no limit' : ''}`;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(s)) {
    ms = Number(s) * UNIT_MS.s;
  } else {
    const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|d|h|m|s)/g)];
    const rebuilt = parts.map((p) => p[0]).join('');
    if (parts.length === 0 || rebuilt !== s) throw new Error(`invalid duration "${text}" (${examples})`);
    let lastUnit = -1;
    ms = 0;
    for (const [, value, unit] of parts) {
      const rank = UNIT_ORDER.indexOf(unit);
      if (rank <= lastUnit) throw new Error(`invalid duration "${text}": give each unit once, largest first, e.g. 1h30m (${examples})`);
      lastUnit = rank;
      ms += Number(value) * UNIT_MS[unit];
    }
  }
  // Sub-millisecond durations round up: a tiny but non-zero length must not become "no limit".
  ms = ms > 0 && ms < 1 ? 1 : Math.round(ms);
  if (ms === 0 && !options.allowZero) throw new Error(`duration must be more than 0, got "${text}" (${examples})`);
  if (ms > MAX_DURATION_MS) throw new Error(`duration "${text}" is out of range: at most 365d`);
  return ms;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** A cancellable timeout of any length up to MAX_DURATION_MS. */
export interface LongTimeout {
  cancel(): void;
}

/**
 * `setTimeout` for delays beyond Node's 24.8-day limit: waits in slices of at most 2^31-1 ms
 * against a deadline, so the total does not drift by the slices' own lateness.
 */
export function setLongTimeout(callback: () => void, delayMs: number): LongTimeout {
  const deadline = Date.now() + delayMs;
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    const left = deadline - Date.now();
    timer = left <= MAX_TIMER_MS ? setTimeout(callback, Math.max(0, left)) : setTimeout(arm, MAX_TIMER_MS);
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}
