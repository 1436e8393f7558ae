// The search space: validated against a loaded config (errors name the key and the bad value),
// sampled with a seeded generator (the same seed, fold and trial give the same values; values
// stay in range, int ranges give whole numbers, choices come from the list), and written into a
// temporary copy of the config.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, parseConfig } from '../../src/pipeline/config.js';
import {
  configWith, parseSearchSpace, rankTrials, sampleRefined, sampleUniform, searchRounds, SearchSpaceError, trialPrng, writeTrialConfig, trialConfigDir,
} from '../../src/backtest/search-space.js';
import { rmSync } from 'node:fs';

const CRYPTO_YML = fileURLToPath(new URL('../../../conf/crypto.yml', import.meta.url));
const baseYaml = readFileSync(CRYPTO_YML, 'utf8');
const base = loadConfig(CRYPTO_YML);
const SPACE = JSON.stringify({
  'risk.fraction': { min: 0.005, max: 0.05, log: true },
  'strategy.edgeThresholdBps': { min: 1, max: 20, int: true },
  'risk.sizer': { choices: ['fixed_fraction', 'kelly'] },
});

function problemsOf(text: string): string[] {
  try {
    parseSearchSpace(text, 'space.json', baseYaml, base);
  } catch (err) {
    assert.instance(err, SearchSpaceError);
    return [...(err as SearchSpaceError).problems];
  }
  assert.unreachable('expected a SearchSpaceError');
  return [];
}

test('a good space (JSON or YAML) parses in key order', () => {
  const space = parseSearchSpace(SPACE, 'space.json', baseYaml, base);
  assert.equal(space.params.map((p) => p.path), ['risk.fraction', 'strategy.edgeThresholdBps', 'risk.sizer']);
  assert.equal(space.params[0].spec, { kind: 'range', min: 0.005, max: 0.05, log: true, int: false });
  const yaml = parseSearchSpace('risk.sizer: {choices: [kelly, cost_aware]}\n', 'space.yml', baseYaml, base);
  assert.equal(yaml.params[0].spec, { kind: 'choices', choices: ['kelly', 'cost_aware'] });
});

test('errors name the key and the bad value', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ 'risk.fracton': { min: 0.1, max: 0.2 } }, /"risk\.fracton" is not a config path/],
    [{ risk: { min: 0.1, max: 0.2 } }, /"risk" is a section or list/],
    [{ 'risk.fraction': { min: 0.2, max: 0.1 } }, /"risk\.fraction": min 0\.2 must be below max 0\.1/],
    [{ 'risk.fraction': { min: 0, max: 0.1, log: true } }, /"risk\.fraction": a log range needs min > 0, got 0/],
    [{ 'risk.fraction': { min: 'a', max: 0.1 } }, /"risk\.fraction": min must be a number, got "a"/],
    [{ 'strategy.shortWindow': { min: 1.5, max: 9, int: true } }, /"strategy\.shortWindow": an int range needs whole bounds, got 1\.5 \.\. 9/],
    [{ 'risk.sizer': { min: 1, max: 2 } }, /"risk\.sizer" is a string in the config \("kelly"\): give choices/],
    [{ 'risk.sizer': { choices: ['kelly', 3] } }, /"risk\.sizer": choices must be strings like the config's "kelly", got 3/],
    [{ 'risk.sizer': { choices: [] } }, /"risk\.sizer": choices must be a non-empty list, got \[\]/],
    [{ 'risk.fraction': { min: 0.01, max: 0.1, step: 2 } }, /"risk\.fraction": unknown field step/],
    [{ 'risk.fraction': 0.1 }, /"risk\.fraction": expected \{min, max/],
    [{ 'risk.sizer': { choices: ['kelly', 'martingale'] } }, /"risk\.sizer": the config refuses "martingale"/],
    [{ 'risk.fraction': { min: 0.01, max: 5 } }, /"risk\.fraction": the config refuses 5/],
    [{}, /names no parameters/],
  ];
  for (const [space, pattern] of cases) {
    const problems = problemsOf(JSON.stringify(space));
    assert.ok(problems.some((p) => pattern.test(p)), `${JSON.stringify(space)}: ${problems.join(' | ')}`);
  }
  assert.match(problemsOf('[1, 2]')[0], /must be a mapping of config paths/);
  assert.match(problemsOf('{"a": ')[0], /not valid YAML or JSON/);
  // Every problem at once, not just the first.
  assert.is(problemsOf(JSON.stringify({ 'a.b': { min: 0, max: 1 }, 'risk.fraction': { min: 2, max: 1 } })).length, 2);
});

test('seeded sampling: reproducible per (seed, fold, trial), in range, whole numbers for int, choices from the list', () => {
  const space = parseSearchSpace(SPACE, 'space.json', baseYaml, base);
  assert.equal(sampleUniform(space, trialPrng(7, 0, 3)), sampleUniform(space, trialPrng(7, 0, 3)));
  assert.not.equal(sampleUniform(space, trialPrng(7, 0, 3)), sampleUniform(space, trialPrng(7, 0, 4)));
  assert.not.equal(sampleUniform(space, trialPrng(7, 0, 3)), sampleUniform(space, trialPrng(8, 0, 3)));
  const sizers = new Set<unknown>();
  const thresholds = new Set<unknown>();
  let belowGeometricMid = 0;
  for (let t = 0; t < 400; t++) {
    const p = sampleUniform(space, trialPrng(1, 0, t));
    const f = p['risk.fraction'] as number;
    assert.ok(f >= 0.005 && f <= 0.05, String(f));
    if (f < Math.sqrt(0.005 * 0.05)) belowGeometricMid++;
    const e = p['strategy.edgeThresholdBps'] as number;
    assert.ok(Number.isInteger(e) && e >= 1 && e <= 20, String(e));
    thresholds.add(e);
    sizers.add(p['risk.sizer']);
  }
  assert.equal([...sizers].sort(), ['fixed_fraction', 'kelly']);
  assert.is(thresholds.size, 20, 'both ends of an int range are drawn');
  assert.ok(belowGeometricMid > 150 && belowGeometricMid < 250, `log-uniform: ${belowGeometricMid} of 400 below the geometric mid`);
});

test('refinement proposes towards the best trials; rounds do not depend on parallelism', () => {
  const space = parseSearchSpace(SPACE, 'space.json', baseYaml, base);
  const history = Array.from({ length: 8 }, (_, trial) => {
    const params = sampleUniform(space, trialPrng(3, 0, trial));
    // Best when the threshold is high.
    return { trial, params, score: params['strategy.edgeThresholdBps'] as number };
  });
  const best = rankTrials(history)[0];
  assert.is(best.score, Math.max(...history.map((h) => h.score)));
  // Uniform draws put a threshold at or above the best one's (15) 30% of the time; refined ones mostly.
  let better = 0;
  for (let t = 8; t < 48; t++) {
    const p = sampleRefined(space, history, trialPrng(3, 0, t));
    if ((p['strategy.edgeThresholdBps'] as number) >= best.score) better++;
  }
  assert.ok(better >= 30, `${better} of 40 refined proposals at or above the best threshold ${best.score}`);
  assert.equal(sampleRefined(space, history, trialPrng(3, 0, 9)), sampleRefined(space, history, trialPrng(3, 0, 9)));
  assert.equal(searchRounds(3), [{ start: 0, end: 2 }, { start: 2, end: 3 }]);
  assert.equal(searchRounds(12), [{ start: 0, end: 6 }, { start: 6, end: 10 }, { start: 10, end: 12 }]);
  assert.equal(rankTrials([{ trial: 0, score: null, params: {} }, { trial: 1, score: 1, params: {} }, { trial: 2, score: 1, params: {} }]).map((t) => t.trial), [1, 2, 0]);
});

test('a trial config is the base YAML with the values set, and it loads', () => {
  const text = configWith(baseYaml, { 'risk.fraction': 0.0125, 'risk.sizer': 'fixed_fraction', 'strategy.edgeThresholdBps': 7 });
  const cfg = parseConfig(text, 'trial');
  assert.is(cfg.risk.fraction, 0.0125);
  assert.is(cfg.risk.sizer, 'fixed_fraction');
  assert.is(cfg.strategy.edgeThresholdBps, 7);
  assert.is(cfg.risk.maxPositionUsd, base.risk.maxPositionUsd, 'everything else as in the base');
  assert.match(text, /# Fraction of equity per unit of signal confidence/, 'comments kept');
  const dir = trialConfigDir();
  try {
    const file = writeTrialConfig(dir, 'fold0-trial1', baseYaml, { 'risk.fraction': 0.03 });
    assert.is(loadConfig(file).risk.fraction, 0.03);
    assert.throws(() => writeTrialConfig(dir, 'bad', baseYaml, { 'risk.fraction': 7 }), /risk\.fraction/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
