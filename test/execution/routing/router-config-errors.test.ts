// The router config names every bad field with its path and value, suggests the key a typo
// meant, requires each venue's fees and rules, and fills defaults for the rest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROUTER_DEFAULTS, parseRouterConfig, sliceScheduleOf, watchdogOptionsOf } from '../../../src/execution/routing/router-config.js';

const binance = { takerFeeBps: 10, makerFeeBps: 2, minNotional: 5, lotSize: 0.00001, tickSize: 0.01 };

test('a good config: venues in order, defaults filled, units converted for the scheduler and watchdog', () => {
  const { config, problems } = parseRouterConfig({
    venues: { binance, coinbase: { ...binance, takerFeeBps: 6, makerFeeBps: -0.5 } },
    slicing: { mode: 'twap', slices: 4, durationMs: 60_000 },
  });
  assert.equal(problems, []);
  assert.equal(config!.venues.map((v) => [v.name, v.takerFeeBps, v.makerFeeBps]), [['binance', 10, 2], ['coinbase', 6, -0.5]]);
  assert.is(config!.maxLevels, ROUTER_DEFAULTS.maxLevels);
  assert.equal(config!.passive, ROUTER_DEFAULTS.passive);
  assert.is(sliceScheduleOf(config!).durationUs, 60_000_000);
  assert.is(watchdogOptionsOf(config!).ttlUs, ROUTER_DEFAULTS.passive.ttlMs * 1000);
});

test('every problem at once, each naming the field and the bad value', () => {
  const { config, problems } = parseRouterConfig({
    maxLevels: 0,
    staleAfterMS: 100,
    venues: { binance: { ...binance, takerFeeBps: 'ten', lotSize: 0 }, coinbase: { takerFeeBps: 6 } },
    slicing: { mode: 'vwap', slices: 2.5 },
    passive: { ttlMs: -1, maxReplaces: 3 },
  });
  assert.is(config, undefined);
  assert.equal(problems, [
    'staleAfterMS is an unknown field (did you mean "staleAfterMs"? known: maxLevels, staleAfterMs, venues, slicing, passive)',
    'maxLevels must be an integer in [1, 1000], got 0',
    'venues.binance.takerFeeBps must be a number in [-100, 1000], got "ten"',
    'venues.binance.lotSize must be a number in (0, 1000000000], got 0',
    'venues.coinbase.makerFeeBps is required (a number in [-100, 1000])',
    'venues.coinbase.minNotional is required (a number in [0, 1000000000000])',
    'venues.coinbase.lotSize is required (a number in (0, 1000000000])',
    'venues.coinbase.tickSize is required (a number in (0, 1000000000])',
    'slicing.mode must be one of immediate | twap | pov, got "vwap"',
    'slicing.slices must be an integer in [1, 100000], got 2.5',
    'passive.ttlMs must be a number in (0, 86400000], got -1',
  ]);
});

test('venues are required; a TWAP needs at least a millisecond per slice', () => {
  assert.match(parseRouterConfig({}).problems[0], /^venues is required: a mapping of venue name/);
  assert.match(parseRouterConfig({ venues: [] }).problems[0], /^venues must be a non-empty mapping .* got \[\]$/);
  assert.equal(parseRouterConfig({ venues: { binance }, slicing: { mode: 'twap', slices: 100, durationMs: 50 } }).problems, [
    'slicing.durationMs must be at least slicing.slices milliseconds (one per slice), got 50 < 100',
  ]);
});

test('not a mapping; a bad venue name; a section that is not a mapping', () => {
  assert.equal(parseRouterConfig('fast').problems, ['the router config must be a mapping of maxLevels, staleAfterMs, venues, slicing, passive, got "fast"']);
  assert.equal(parseRouterConfig({ venues: { Binance: binance }, passive: 3 }).problems, [
    'venues.Binance is not a venue name (lower case letters, digits and _, starting with a letter)',
    'passive must be a mapping of fields, got 3',
  ]);
});

test.run();
