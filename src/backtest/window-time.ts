/**
 * A `--from` / `--to` time as given on the command line, in UTC unless it says otherwise: a year
 * (`2022`), a date (`2022-01-05`), a date and time (`2022-01-05T12:00`, `2022-01-05 12:00:00.5`),
 * optionally with `Z` or an offset (`+01`, `+01:00`, `-0500`). Epoch ms. NaN for anything else:
 * Date.parse alone reads some forms (`2022-01-05 12:00`, `2022/01/05`) in the machine's local
 * time zone, so the same command would cut a different window on another machine.
 */
const FORM = /^(\d{4})(?:-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function parseWindowTimeMs(text: string): number {
  const m = FORM.exec(text.trim());
  if (m === null) return NaN;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = m;
  if (m[8] !== undefined && m[4] === undefined && m[2] === undefined) return NaN; // a bare year with a zone
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${offset}`;
  const ms = Date.parse(iso);
  // Date.parse rolls 2022-02-31 over to March: a date that does not exist is refused instead.
  if (!Number.isFinite(ms)) return NaN;
  const check = new Date(ms + (offset === 'Z' ? 0 : offsetMinutes(offset) * 60_000));
  if (check.getUTCFullYear() !== Number(year) || check.getUTCMonth() + 1 !== Number(month) || check.getUTCDate() !== Number(day)) return NaN;
  return ms;
}

function offsetMinutes(offset: string): number {
  const sign = offset[0] === '-' ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}
