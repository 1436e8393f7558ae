/** Parses CLI durations such as `500ms`, `30s`, `30m`, `1h`, or a bare number of seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`invalid duration "${text}" (examples: 500ms, 30s, 30m, 1h)`);
  const value = Number(m[1]);
  const unit = m[2] ?? 's';
  const ms = unit === 'ms' ? value : unit === 's' ? value * 1e3 : unit === 'm' ? value * 60e3 : value * 3600e3;
  if (!(ms > 0)) throw new Error(`duration must be positive, got "${text}"`);
  return ms;
}
