/**
 * The smart order router's settings, parsed from a plain object (a YAML mapping) by
 * `parseRouterConfig`, which fills defaults and, like the pipeline config's validator, collects
 * every problem (field path, what was expected, the bad value; unknown keys with a "did you
 * mean") rather than stopping at the first, so one run shows everything to fix. For example:
 *
 *   maxLevels: 20
 *   staleAfterMs: 2000
 *   venues:
 *     binance:  {takerFeeBps: 10, makerFeeBps: 2, minNotional: 5, lotSize: 0.00001, tickSize: 0.01}
 *     coinbase: {takerFeeBps: 6, makerFeeBps: 0, minNotional: 1, lotSize: 0.00000001, tickSize: 0.01}
 *   slicing: {mode: twap, slices: 10, durationMs: 60000}
 *   passive: {takeIfEdgeOverSpread: 0.5, ttlMs: 2000, maxReplaces: 3}
 *
 * Venues are listed in the order the router indexes them; at least one is required, every other
 * field has a default.
 */
import { formatPath, formatValue, suggestKey, type FieldPath } from '../../pipeline/config-schema.js';
import type { VenueRules } from './routing-venues.js';
import { SLICE_MODES, type SliceMode, type SliceSchedule } from './slice-scheduler.js';
import type { PassiveOrderWatchdogOptions } from './passive-order-watchdog.js';

/** More venues than this for one symbol is a configuration mistake, not a market. */
export const MAX_ROUTING_VENUES = 16;
const VENUE_NAME = /^[a-z][a-z0-9_]{0,31}$/;

export interface SlicingConfig {
  readonly mode: SliceMode;
  /** twap: number of equal slices. */
  readonly slices: number;
  /** twap: time the slices are spread over. */
  readonly durationMs: number;
  /** pov: share of the market volume traded, (0, 1]. */
  readonly povFraction: number;
  /** pov: time between slices. */
  readonly povIntervalMs: number;
  /** pov: a smaller slice waits for more volume unless it finishes the intent. */
  readonly minSliceQuantity: number;
}

export interface PassiveConfig {
  /** Share of the spread the edge must beat (with the fee difference) to take: see maker-taker-rule.ts. */
  readonly takeIfEdgeOverSpread: number;
  /** A passive child resting this long is replaced at the touch. */
  readonly ttlMs: number;
  /** Replaces before the child crosses the spread. */
  readonly maxReplaces: number;
  /** Passive children watched at once. */
  readonly maxWatched: number;
}

export interface RouterConfig {
  /** Depth levels per side the router reads from each venue. */
  readonly maxLevels: number;
  /** A venue whose depth is older than this (event time) is not routed to. */
  readonly staleAfterMs: number;
  readonly venues: readonly VenueRules[];
  readonly slicing: SlicingConfig;
  readonly passive: PassiveConfig;
}

interface NumberRule { readonly min: number; readonly max: number; readonly minOpen?: boolean; readonly integer?: boolean }
const num = (min: number, max: number, minOpen = false): NumberRule => ({ min, max, minOpen });
const int = (min: number, max: number): NumberRule => ({ min, max, integer: true });

const TOP_RULES = { maxLevels: int(1, 1000), staleAfterMs: num(0, 3_600_000, true) };
const VENUE_RULES = {
  takerFeeBps: num(-100, 1000),
  makerFeeBps: num(-100, 1000),
  minNotional: num(0, 1e12),
  lotSize: num(0, 1e9, true),
  tickSize: num(0, 1e9, true),
};
const SLICING_RULES = {
  slices: int(1, 100_000), durationMs: num(0, 7 * 86_400_000, true),
  povFraction: num(0, 1, true), povIntervalMs: num(0, 86_400_000, true), minSliceQuantity: num(0, 1e12),
};
const PASSIVE_RULES = { takeIfEdgeOverSpread: num(0, 100), ttlMs: num(0, 86_400_000, true), maxReplaces: int(0, 1000), maxWatched: int(1, 1_000_000) };

export const ROUTER_DEFAULTS: Omit<RouterConfig, 'venues'> = {
  maxLevels: 20,
  staleAfterMs: 2000,
  slicing: { mode: 'immediate', slices: 10, durationMs: 60_000, povFraction: 0.1, povIntervalMs: 1000, minSliceQuantity: 0 },
  passive: { takeIfEdgeOverSpread: 0.5, ttlMs: 2000, maxReplaces: 3, maxWatched: 64 },
};
const TOP_LEVEL_KEYS = ['maxLevels', 'staleAfterMs', 'venues', 'slicing', 'passive'];

type Add = (path: FieldPath, msg: string) => void;
const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(rule: NumberRule): string {
  const what = rule.integer ? 'an integer' : 'a number';
  return `${what} in ${rule.minOpen ? '(' : '['}${rule.min}, ${rule.max}]`;
}

function numberOk(rule: NumberRule, v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= rule.min && v <= rule.max
    && !(rule.minOpen === true && v === rule.min) && (rule.integer !== true || Number.isInteger(v));
}

function unknownKeys(obj: Record<string, unknown>, known: readonly string[], at: FieldPath, add: Add): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const hint = suggestKey(key, known);
    add([...at, key], `is an unknown field (${hint ? `did you mean "${hint}"? ` : ''}known: ${known.join(', ')})`);
  }
}

/** Validate the numeric fields `rules` names in `given` into `into` (defaults already there). */
function readNumbers(given: Record<string, unknown>, rules: Record<string, NumberRule>, into: Record<string, unknown>, at: FieldPath, add: Add): void {
  for (const [field, rule] of Object.entries(rules)) {
    const v = given[field];
    if (v === undefined) continue;
    if (numberOk(rule, v)) into[field] = v;
    else add([...at, field], `must be ${describe(rule)}, got ${formatValue(v)}`);
  }
}

/** A section that must be a mapping when given; undefined when absent or not a mapping (reported). */
function section(doc: Record<string, unknown>, name: string, known: readonly string[], add: Add): Record<string, unknown> | undefined {
  const given = doc[name];
  if (given === undefined || given === null) return undefined;
  if (!isMapping(given)) { add([name], `must be a mapping of fields, got ${formatValue(given)}`); return undefined; }
  unknownKeys(given, known, [name], add);
  return given;
}

function parseVenues(given: unknown, add: Add): VenueRules[] {
  const example = '{binance: {takerFeeBps: 10, makerFeeBps: 2, minNotional: 5, lotSize: 0.00001, tickSize: 0.01}}';
  if (given === undefined || given === null) { add(['venues'], `is required: a mapping of venue name to its fees and rules, e.g. ${example}`); return []; }
  if (!isMapping(given) || Object.keys(given).length === 0) {
    add(['venues'], `must be a non-empty mapping of venue name to its fees and rules, e.g. ${example}, got ${formatValue(given)}`);
    return [];
  }
  const names = Object.keys(given);
  if (names.length > MAX_ROUTING_VENUES) add(['venues'], `must list at most ${MAX_ROUTING_VENUES} venues, got ${names.length}`);
  const venues: VenueRules[] = [];
  for (const name of names) {
    const at = ['venues', name];
    if (!VENUE_NAME.test(name)) add(at, 'is not a venue name (lower case letters, digits and _, starting with a letter)');
    const fields = given[name];
    if (!isMapping(fields)) { add(at, `must be a mapping of ${Object.keys(VENUE_RULES).join(', ')}, got ${formatValue(fields)}`); continue; }
    unknownKeys(fields, Object.keys(VENUE_RULES), at, add);
    // Fees, minimum and steps are the venue's own: no default would be right, so all are required.
    for (const field of Object.keys(VENUE_RULES)) {
      if (fields[field] === undefined) add([...at, field], `is required (${describe(VENUE_RULES[field as keyof typeof VENUE_RULES])})`);
    }
    const rules: Record<string, unknown> = { name };
    readNumbers(fields, VENUE_RULES, rules, at, add);
    venues.push(rules as unknown as VenueRules);
  }
  return venues;
}

/** Validate and default a router config. Returns the config, or the problems (never both). */
export function parseRouterConfig(raw: unknown): { config?: RouterConfig; problems: string[] } {
  const problems: string[] = [];
  const add: Add = (path, msg) => { problems.push(path.length === 0 ? msg : `${formatPath(path)} ${msg}`); };
  if (!isMapping(raw)) {
    add([], `the router config must be a mapping of ${TOP_LEVEL_KEYS.join(', ')}, got ${formatValue(raw)}`);
    return { problems };
  }
  unknownKeys(raw, TOP_LEVEL_KEYS, [], add);
  const top: Record<string, unknown> = { maxLevels: ROUTER_DEFAULTS.maxLevels, staleAfterMs: ROUTER_DEFAULTS.staleAfterMs };
  readNumbers(raw, TOP_RULES, top, [], add);
  const venues = parseVenues(raw.venues, add);

  const slicing: Record<string, unknown> = { ...ROUTER_DEFAULTS.slicing };
  const givenSlicing = section(raw, 'slicing', ['mode', ...Object.keys(SLICING_RULES)], add);
  if (givenSlicing !== undefined) {
    const mode = givenSlicing.mode;
    if (mode !== undefined) {
      if (typeof mode === 'string' && (SLICE_MODES as readonly string[]).includes(mode)) slicing.mode = mode;
      else add(['slicing', 'mode'], `must be one of ${SLICE_MODES.join(' | ')}, got ${formatValue(mode)}`);
    }
    readNumbers(givenSlicing, SLICING_RULES, slicing, ['slicing'], add);
  }
  const passive: Record<string, unknown> = { ...ROUTER_DEFAULTS.passive };
  const givenPassive = section(raw, 'passive', Object.keys(PASSIVE_RULES), add);
  if (givenPassive !== undefined) readNumbers(givenPassive, PASSIVE_RULES, passive, ['passive'], add);

  // Each TWAP slice needs at least a millisecond, or the schedule collapses into one burst.
  if (slicing.mode === 'twap' && (slicing.durationMs as number) < (slicing.slices as number)) {
    add(['slicing', 'durationMs'], `must be at least slicing.slices milliseconds (one per slice), got ${slicing.durationMs} < ${slicing.slices}`);
  }
  if (problems.length > 0) return { problems };
  return { problems, config: { ...top, venues, slicing, passive } as unknown as RouterConfig };
}

/** The slice schedule a config describes, in the scheduler's event-time units (µs). */
export function sliceScheduleOf(config: RouterConfig): SliceSchedule {
  const s = config.slicing;
  return {
    mode: s.mode, slices: s.slices, durationUs: s.durationMs * 1000,
    fraction: s.povFraction, intervalUs: s.povIntervalMs * 1000, minSliceQuantity: s.minSliceQuantity,
  };
}

/** The TTL watchdog's options a config describes, in event-time units (µs). */
export function watchdogOptionsOf(config: RouterConfig): PassiveOrderWatchdogOptions {
  return { capacity: config.passive.maxWatched, ttlUs: config.passive.ttlMs * 1000, maxReplaces: config.passive.maxReplaces };
}
