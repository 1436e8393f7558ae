// Every field's bounds as the schema table (SECTION_SPECS) documents them: for each numeric field
// the documented min and max are accepted (a half-open min is not), and just outside either bound,
// a non-number, NaN or an infinity, and a non-integer for an integer field are rejected with a
// problem naming the field path and the bad value; every enum rejects an unknown value; booleans
// reject strings and numbers. The cases are derived from the table, so a new field is covered as
// soon as it is declared; a few expectations are also written out by hand, so a change to the
// table itself (a widened bound) fails here too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ALPHA_FIELD_SPECS, ASSET_CLASS_FIELDS, MODEL_NAMES, SECTION_NAMES, SECTION_SPECS, defaultsFor, formatValue, validateConfig, type SectionName,
} from '../../src/pipeline/config-schema.js';

type Spec = (typeof SECTION_SPECS)[SectionName][string];
type NumberSpec = Extract<Spec, { kind: 'number' }>;

/** Other fields a value needs to pass the cross-field rules (shortWindow < longWindow, minOrder <= maxPosition). */
const COMPANIONS: Record<string, (v: number) => Record<string, unknown>> = {
  'strategy.shortWindow': (v) => ({ longWindow: Math.min(100_000, v + 1) }),
  'strategy.longWindow': (v) => ({ shortWindow: Math.max(1, Math.min(20, v - 1)) }),
  'risk.minOrderUsd': (v) => ({ maxPositionUsd: Math.max(v, 20_000) }),
  'risk.maxPositionUsd': (v) => ({ minOrderUsd: Math.min(v, 50) }),
};
const CROSS_FIELD = /must be less than strategy\.longWindow|must not exceed risk\.maxPositionUsd|routes between the venues of a unified symbol/;

function check(section: SectionName, field: string, value: unknown) {
  const path = `${section}.${field}`;
  const companions = typeof value === 'number' && Number.isFinite(value) ? COMPANIONS[path]?.(value) ?? {} : {};
  // A field of one asset class only is checked in a config of that class.
  const doc = { assetClass: ASSET_CLASS_FIELDS[path]?.only ?? 'crypto', [section]: { ...companions, [field]: value } };
  const { config, problems } = validateConfig(doc, { allowLive: true });
  const mine = problems.filter((p) => p.startsWith(`${path} `));
  return { path, config, problems, mine };
}

function accepted(section: SectionName, field: string, value: unknown): void {
  const { path, config, problems, mine } = check(section, field, value);
  const own = mine.filter((p) => !CROSS_FIELD.test(p));
  assert.equal(own, [], `${path} = ${formatValue(value)} should be accepted, got:\n${problems.join('\n')}`);
  if (mine.length === 0) {
    assert.ok(config, `${path} = ${formatValue(value)}: ${problems.join('\n')}`);
    assert.equal((config![section] as unknown as Record<string, unknown>)[field], value, `${path} keeps the value given`);
  }
}

function rejected(section: SectionName, field: string, value: unknown): void {
  const { path, config, problems, mine } = check(section, field, value);
  assert.is(config, undefined, `${path} = ${formatValue(value)} should be rejected`);
  assert.ok(mine.some((p) => p.includes(`got ${formatValue(value)}`)),
    `${path} = ${formatValue(value)}: no problem names the field and the value in:\n${problems.join('\n')}`);
}

const fields = (kind: Spec['kind']): [SectionName, string, Spec][] =>
  SECTION_NAMES.flatMap((section) => Object.entries(SECTION_SPECS[section])
    .filter(([, spec]) => spec.kind === kind)
    .map(([field, spec]) => [section, field, spec] as [SectionName, string, Spec]));

/** A step just past `bound` that a float comparison still tells apart from it. */
const nudge = (bound: number): number => Math.max(1e-9, Math.abs(bound) * 1e-9);

function acceptedBounds(s: NumberSpec): number[] {
  const low = !s.minOpen ? s.min : s.integer ? s.min + 1 : s.min === 0 ? Number.MIN_VALUE : s.min + nudge(s.min);
  const high = Number.isFinite(s.max) ? s.max : s.integer ? Number.MAX_SAFE_INTEGER : Number.MAX_VALUE;
  return [low, high];
}

function rejectedValues(s: NumberSpec): number[] {
  const out = [s.integer ? s.min - 1 : s.min - nudge(s.min)];
  if (s.minOpen) out.push(s.min);
  out.push(Number.isFinite(s.max) ? (s.integer ? s.max + 1 : s.max + nudge(s.max)) : Infinity);
  if (s.integer) out.push(s.min + 0.5);
  if (s.powerOfTwo) out.push(s.min / 2, s.max * 2, s.min + 1);
  out.push(NaN, Infinity, -Infinity);
  return out;
}

const NOT_NUMBERS: unknown[] = ['1', '', null, true, [], {}, [1]];

for (const [section, field, spec] of fields('number')) {
  const s = spec as NumberSpec;
  test(`${section}.${field}: its documented bounds are accepted, just outside them is not`, () => {
    for (const v of acceptedBounds(s)) accepted(section, field, v);
    for (const v of rejectedValues(s)) rejected(section, field, v);
    for (const v of NOT_NUMBERS) rejected(section, field, v);
  });
}

for (const [section, field, spec] of fields('enum')) {
  const values = (spec as Extract<Spec, { kind: 'enum' }>).values;
  test(`${section}.${field}: each of ${values.join(' | ')} is accepted, anything else is not`, () => {
    for (const v of values) accepted(section, field, v);
    for (const v of ['no-such-value', values[0].toUpperCase(), ` ${values[0]}`, '', 1, null, true, [values[0]]]) {
      rejected(section, field, v);
    }
  });
}

for (const [section, field] of fields('boolean')) {
  test(`${section}.${field}: true and false, never a string or a number`, () => {
    accepted(section, field, true);
    accepted(section, field, false);
    for (const v of ['true', 'false', 'yes', 'no', 'on', '', 1, 0, null, []]) rejected(section, field, v);
  });
}

test('the other field kinds: host, paths, a path, per-symbol amounts', () => {
  const kinds = new Set(SECTION_NAMES.flatMap((s) => Object.values(SECTION_SPECS[s]).map((f) => f.kind)));
  // A new kind of field needs its own cases here.
  // venueList and venueSymbols have theirs in venue-symbols-config.test.ts, venueFees in venue-fees-config.test.ts, perVenue in account-equity-config.test.ts.
  assert.equal([...kinds].sort(), ['boolean', 'enum', 'host', 'number', 'path', 'paths', 'perSymbol', 'perVenue', 'venueFees', 'venueList', 'venueSymbols']);
  for (const [section, field] of fields('host')) {
    for (const v of ['127.0.0.1', '::1', '0.0.0.0', 'localhost']) accepted(section, field, v);
    for (const v of ['my host', '[::1]', '127.0.0.1:9464', 'example.com', '', 1, null]) rejected(section, field, v);
  }
  for (const [section, field] of fields('paths')) {
    accepted(section, field, ['a.csv', '/tmp/b.json']);
    accepted(section, field, []);
    for (const v of ['a.csv', [''], [1], null, {}]) rejected(section, field, v);
  }
  for (const [section, field] of fields('path')) {
    accepted(section, field, 'feeds/a.jsonl');
    accepted(section, field, '');
    for (const v of [['a.jsonl'], 1, null, true, {}]) rejected(section, field, v);
  }
  for (const [section, field] of fields('perSymbol')) {
    const { config } = check(section, field, { 'BTC/USDT': 1.5e9 });
    assert.is((config?.[section] as unknown as Record<string, Record<string, number>>)[field]['BTC/USDT'], 1.5e9);
    for (const v of [5, null, ['BTC/USDT']]) rejected(section, field, v);
    for (const price of [0, -1, NaN, Infinity, '1']) {
      const { problems } = check(section, field, { 'BTC/USDT': price });
      assert.ok(problems.some((p) => p.startsWith(`${section}.${field}["BTC/USDT"] `) && p.includes(`got ${formatValue(price)}`)), problems.join('\n'));
    }
    assert.ok(check(section, field, { 'FOO/USDT': 1 }).problems.some((p) => p.includes('is not one of symbols')));
  }
});

// The alphas section: every catalogued model's weight and parameters, from the catalogue's specs.
for (const model of MODEL_NAMES) {
  for (const [field, spec] of Object.entries(ALPHA_FIELD_SPECS[model])) {
    const s = spec as NumberSpec;
    const path = `alphas.${model}.${field}`;
    const checkAlpha = (v: unknown) => validateConfig({ assetClass: 'crypto', alphas: { [model]: { [field]: v } } });
    test(`${path}: its documented bounds are accepted, just outside them is not`, () => {
      for (const v of acceptedBounds(s)) {
        const { config, problems } = checkAlpha(v);
        const own = problems.filter((p) => p.startsWith(`${path} `));
        assert.equal(own, [], `${path} = ${v}: ${problems.join('\n')}`);
        if (problems.length === 0) assert.is(config!.alphas[model][field], v);
      }
      for (const v of [...rejectedValues(s), ...NOT_NUMBERS]) {
        const { config, problems } = checkAlpha(v);
        assert.is(config, undefined, `${path} = ${formatValue(v)} should be rejected`);
        assert.ok(problems.some((p) => p.startsWith(`${path} `) && p.includes(`got ${formatValue(v)}`)), problems.join('\n'));
      }
    });
  }
}

test('alphas: unknown models and parameters are named; at least one model keeps a weight', () => {
  const problems = (doc: unknown) => validateConfig({ assetClass: 'crypto', alphas: doc }).problems;
  assert.ok(problems({ momentum: { weight: 1 } }).some((p) => p.includes('alphas.momentum') && p.includes('unknown model')));
  assert.ok(problems({ ma_momentum: { wieght: 1 } }).some((p) => p.includes('alphas.ma_momentum.wieght') && p.includes('did you mean "weight"')));
  const off = Object.fromEntries(MODEL_NAMES.map((m) => [m, { weight: 0 }]));
  assert.ok(problems(off).some((p) => p.startsWith('alphas must give at least one model a weight > 0')));
  assert.ok(problems(5).some((p) => p.startsWith('alphas must be a mapping')));
});

test('every field in the table has a default, and every default a field in the table', () => {
  for (const ac of ['crypto', 'stocks'] as const) {
    const defaults = defaultsFor(ac);
    for (const section of SECTION_NAMES) {
      const spec = Object.keys(SECTION_SPECS[section]).filter((f) => f !== 'startPrices').sort();
      // startPrices is filled per symbol after validation; every other field has a default here.
      assert.equal(Object.keys(defaults[section]).sort(), spec, `${ac} ${section}`);
    }
  }
});

test('the documented maximum of strategy.shortWindow is unreachable: it must stay below longWindow, whose maximum is the same', () => {
  const { problems, mine } = check('strategy', 'shortWindow', 100_000);
  assert.equal(mine.length, 1, problems.join('\n'));
  assert.match(mine[0], CROSS_FIELD);
});

// Written out, not derived: a mutation of the table itself (a widened or dropped bound) fails here.
test('hand-written bounds: fees, stall timeout, ring capacity, ports, fractions', () => {
  rejected('execution', 'feeBps', -1);
  rejected('execution', 'feeBps', 1000.5);
  accepted('execution', 'feeBps', 0);
  accepted('execution', 'feeBps', 1000);
  rejected('pipeline', 'stallSeconds', 0);
  rejected('pipeline', 'stallSeconds', 1.5);
  rejected('pipeline', 'stallSeconds', 3601);
  accepted('pipeline', 'stallSeconds', 1);
  accepted('pipeline', 'stallSeconds', 3600);
  rejected('pipeline', 'ringCapacity', 100);
  rejected('pipeline', 'ringCapacity', 32);
  rejected('pipeline', 'ringCapacity', 1 << 21);
  accepted('pipeline', 'ringCapacity', 64);
  accepted('pipeline', 'ringCapacity', 1 << 20);
  rejected('metrics', 'port', 65_536);
  rejected('metrics', 'port', -1);
  accepted('metrics', 'port', 0);
  rejected('risk', 'fraction', 0);
  rejected('risk', 'fraction', 1.01);
  accepted('risk', 'fraction', 1);
  rejected('risk', 'equityUsd', 0);
  rejected('risk', 'maxPositionUsd', 0);
  accepted('risk', 'minOrderUsd', 0);
  rejected('pipeline', 'restartWindowSeconds', 0);
  rejected('source', 'staleAfterMs', 99);
  rejected('source', 'bookLevels', 0);
  assert.match(check('pipeline', 'ringCapacity', 100).mine[0], /^pipeline\.ringCapacity must be a power of two in \[64, 1048576\], got 100$/);
  assert.match(check('execution', 'feeBps', -1).mine[0], /^execution\.feeBps must be a number in \[0, 1000\], got -1$/);
  assert.match(check('pipeline', 'stallSeconds', 0).mine[0], /^pipeline\.stallSeconds must be an integer in \[1, 3600\], got 0$/);
});

test.run();
