/**
 * `execution.venueFees`: the fee tier of each venue where it differs from `feeBps` /
 * `makerFeeBps`, e.g.
 *
 *   venueFees:
 *     coinbase: {takerBps: 60, makerBps: 40}
 *
 * A venue not listed pays `feeBps` (taker) and `makerFeeBps` (maker); a listed venue's `makerBps`
 * defaults to `makerFeeBps`. Paper fills charge each venue's own rates, and routed orders
 * (`routing: best_price`) compare venues by price after them. Venue names are the instruments'
 * (Coinbase Advanced Trade trades on Coinbase's books, so it is `coinbase`).
 */
import { VENUE_IDS, type VenueName } from '../core/instrument-registry.js';
import type { FieldPath } from './config-schema.js';

export interface VenueFee {
  readonly takerBps: number;
  readonly makerBps?: number;
}
export type VenueFees = Readonly<Partial<Record<VenueName, VenueFee>>>;

type Add = (path: FieldPath, msg: string) => void;
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);
const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const RATES = { takerBps: [0, 1000], makerBps: [-100, 1000] } as const;

/** The mapping as given; undefined after a problem (each named by its path). */
export function parseVenueFees(v: unknown, add: Add): VenueFees | undefined {
  const path = ['execution', 'venueFees'];
  const example = '{coinbase: {takerBps: 60, makerBps: 40}}';
  if (!isMapping(v)) { add(path, `must be a mapping of venue to its fees, e.g. ${example}, got ${show(v)}`); return undefined; }
  const venues = Object.keys(VENUE_IDS);
  let ok = true;
  for (const [venue, fee] of Object.entries(v)) {
    const at = [...path, venue];
    if (!venues.includes(venue)) { add(at, `is not a venue (${venues.join(' | ')})`); ok = false; continue; }
    if (!isMapping(fee)) { add(at, `must be {takerBps, makerBps}, e.g. ${example}, got ${show(fee)}`); ok = false; continue; }
    for (const key of Object.keys(fee)) {
      if (!(key in RATES)) { add([...at, key], 'is an unknown field (known: takerBps, makerBps)'); ok = false; }
    }
    if (fee.takerBps === undefined) { add([...at, 'takerBps'], 'is required (a number in [0, 1000])'); ok = false; }
    for (const [key, [min, max]] of Object.entries(RATES)) {
      const rate = fee[key];
      if (rate === undefined) continue;
      if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < min || rate > max) {
        add([...at, key], `must be a number in [${min}, ${max}], got ${show(rate)}`); ok = false;
      }
    }
  }
  return ok ? structuredClone(v) as VenueFees : undefined;
}

/** Taker and maker fee, bps, of `venue` under `execution` (its own tier, else the session's). */
export function feesOf(execution: { feeBps: number; makerFeeBps: number; venueFees: VenueFees }, venue: VenueName): { takerFeeBps: number; makerFeeBps: number } {
  const own = execution.venueFees[venue];
  return { takerFeeBps: own?.takerBps ?? execution.feeBps, makerFeeBps: own?.makerBps ?? execution.makerFeeBps };
}

/**
 * Per instrument (by its venue, in `symbols` order), the venue's own taker and maker fee in bps,
 * NaN where it pays the session's (`feeBps` stays reloadable for those).
 */
export function instrumentFeesOf(venueFees: VenueFees, venues: readonly VenueName[]): { takerBps: Float64Array; makerBps: Float64Array } {
  return {
    takerBps: Float64Array.from(venues, (v) => venueFees[v]?.takerBps ?? NaN),
    makerBps: Float64Array.from(venues, (v) => venueFees[v]?.makerBps ?? NaN),
  };
}
