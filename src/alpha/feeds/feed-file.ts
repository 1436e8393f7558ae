/**
 * Reading an external event file (JSON Lines: one JSON object per line) for the alpha feeds.
 *
 * A malformed line refuses the whole file, naming the config field, the file and the line: a
 * feed that silently lost some of its events would bias the model without anyone knowing, and
 * the file is read before the session starts, so fixing it costs a restart, not a loss. Blank
 * lines are allowed. What a line may legitimately not apply to (a symbol this session does not
 * trade, a metric no model reads) is the caller's to skip and count.
 */
import { readFileSync } from 'node:fs';

/** A feed file that cannot be used; the message names the field, the file and, if any, the line. */
export class FeedFileError extends Error {
  override readonly name = 'FeedFileError';
}

/**
 * Call `take` with each non-blank line's object and line number, in file order (so the first bad
 * line is the one reported, whether it is bad JSON or a bad field); returns how many there were.
 * `field`: the config field that named the file (for messages), e.g. `source.newsFile`.
 */
export function forEachFeedLine(field: string, file: string, take: (record: Record<string, unknown>, line: number) => void): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new FeedFileError(`${field}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let count = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (err) {
      throw lineError(field, file, i + 1, `not JSON (${(err as Error).message})`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw lineError(field, file, i + 1, 'not a JSON object');
    take(record as Record<string, unknown>, i + 1);
    count++;
  });
  return count;
}

export function lineError(field: string, file: string, line: number, problem: string): FeedFileError {
  return new FeedFileError(`${field}: ${file} line ${line}: ${problem}`);
}

// An ISO time must say its zone: without one, Date.parse would read it in the local zone of
// whichever machine runs the session.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An event time in microseconds since the epoch, from an ISO 8601 time with a zone or a number
 * of epoch milliseconds; undefined if it is neither.
 */
export function parseEventTimeUs(ts: unknown): number | undefined {
  if (typeof ts === 'number') return Number.isFinite(ts) && ts > 0 ? Math.round(ts * 1000) : undefined;
  if (typeof ts !== 'string' || !ISO_WITH_ZONE.test(ts)) return undefined;
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? ms * 1000 : undefined;
}

export const EVENT_TIME_FORMS = 'an ISO 8601 time with a zone (2024-05-01T12:00:00Z) or epoch milliseconds';
