import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError, applyOverrides, defaultConfigPath, diffConfig, diffReloadable, loadConfig, parseConfig,
  type PipelineConfig,
} from '../../src/pipeline/config.js';

const SRC = 'conf/test.yml';

/** The ConfigError a call throws (fails the test if it does not throw one). */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.instance(err, ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err as ConfigError;
  }
  assert.unreachable('expected a ConfigError');
  throw new Error('unreachable');
}

function problemsOf(yaml: string): string[] {
  const err = configError(() => parseConfig(yaml, SRC));
  assert.equal(err.message.split('\n').length, err.problems.length, 'one line per problem');
  for (const line of err.message.split('\n')) assert.ok(line.startsWith(`${SRC}: `), line);
  return [...err.problems];
}

function hasProblem(problems: string[], ...parts: string[]): void {
  assert.ok(problems.some((p) => parts.every((part) => p.includes(part))),
    `no problem mentions ${parts.map((p) => JSON.stringify(p)).join(' + ')} in:\n${problems.join('\n')}`);
}

const base = (extra: string): string => `assetClass: crypto\n${extra}\n`;

test('both shipped conf files load, fully defaulted and frozen', () => {
  const crypto = loadConfig(defaultConfigPath('crypto'));
  assert.is(crypto.assetClass, 'crypto');
  assert.equal(crypto.symbols, ['BTC/USDT', 'ETH/USDT']);
  assert.equal(crypto.source.startPrices, { 'BTC/USDT': 65000, 'ETH/USDT': 3400 });
  assert.is(crypto.risk.maxLeverage, 3);
  assert.is(crypto.risk.assetClassLimitPct, 20);
  assert.is(crypto.execution.mode, 'paper');
  assert.ok(Object.isFrozen(crypto) && Object.isFrozen(crypto.risk) && Object.isFrozen(crypto.symbols));
  assert.ok(Object.isFrozen(crypto.alphas) && Object.isFrozen(crypto.alphas.ma_momentum));

  const stocks = loadConfig(defaultConfigPath('stocks'));
  assert.is(stocks.assetClass, 'stocks');
  assert.equal(stocks.symbols, ['AAPL', 'GOOGL', 'TSLA']);
  assert.is(stocks.risk.maxLeverage, 4);
  assert.is(stocks.risk.assetClassLimitPct, 25);
  assert.is(stocks.execution.feeBps, 1);
  assert.ok(defaultConfigPath('stocks').endsWith(join('conf', 'stocks.yml')));
});

test('the shipped files hold exactly the defaults (a minimal file gives the same config)', () => {
  for (const ac of ['crypto', 'stocks'] as const) {
    assert.equal(loadConfig(defaultConfigPath(ac)), parseConfig(`assetClass: ${ac}`, 'minimal'));
  }
});

test('a minimal file gets per-asset-class defaults', () => {
  const cfg = parseConfig('assetClass: stocks\nrisk:\n  maxPositionUsd: 5000\n', SRC);
  assert.equal(cfg.symbols, ['AAPL', 'GOOGL', 'TSLA']);
  assert.is(cfg.risk.maxPositionUsd, 5000);
  assert.is(cfg.risk.equityUsd, 100000);
  assert.is(cfg.source.kind, 'sim', 'stocks default to the simulated exchange (Alpaca protocol)');
  assert.is(parseConfig('assetClass: crypto', SRC).source.kind, 'sim', 'crypto defaults to the simulated exchange');
  assert.is(cfg.source.annualVol, 0.3);
  assert.is(cfg.pipeline.ringCapacity, 4096);
  assert.is(cfg.pipeline.waitStrategy, 'spin-then-park');
  assert.equal(cfg.alphas.book_pressure, { weight: 1, scaleBps: 25, depthWindow: 100 });
  assert.equal(cfg.alphas.ma_momentum, { weight: 1, scale: 40, fullConfidenceVols: 4, maxEdgeBps: 50 });
  assert.equal(cfg.metrics, { host: '127.0.0.1', port: 9464, cacheMs: 100, haltGraceMs: 5000 });
  assert.equal(cfg.source.startPrices, { AAPL: 190, GOOGL: 170, TSLA: 180 });

  const crypto = parseConfig('assetClass: crypto\nsymbols: [SOL/USDT, FOO/USDT]\nsource: {startPrices: {FOO/USDT: 2}}', SRC);
  assert.equal(crypto.source.startPrices, { 'SOL/USDT': 150, 'FOO/USDT': 2 });
  assert.is(crypto.source.annualVol, 0.6);
  assert.is(crypto.execution.feeBps, 10);
  // a partial alphas section keeps every other default
  const partial = parseConfig(base('alphas: {ma_momentum: {weight: 0}}'), SRC).alphas;
  assert.equal(partial.ma_momentum, { weight: 0, scale: 40, fullConfidenceVols: 4, maxEdgeBps: 50 });
  assert.equal(partial.book_pressure.weight, 1);
});

test('negative number: field path, value and range', () => {
  const [p] = problemsOf(base('risk:\n  maxPositionUsd: -5'));
  assert.ok(p.startsWith('risk.maxPositionUsd must be a positive number, got -5'), p);
  assert.ok(p.includes('(line 3)'), p);
  const err = configError(() => parseConfig(base('risk:\n  maxPositionUsd: -5'), 'conf/crypto.yml'));
  assert.ok(err.message.startsWith('conf/crypto.yml: risk.maxPositionUsd must be a positive number, got -5'), err.message);
  hasProblem(problemsOf(base('risk: {fraction: 1.5}')), 'risk.fraction', 'in (0, 1]', 'got 1.5');
  hasProblem(problemsOf(base('metrics: {port: 70000}')), 'metrics.port', 'integer in [0, 65535]', 'got 70000');
  hasProblem(problemsOf(base('pipeline: {spins: 2.5}')), 'pipeline.spins', 'integer', 'got 2.5');
  hasProblem(problemsOf(base('source: {annualVol: .inf}')), 'source.annualVol', 'got Infinity');
});

test('wrong type: field path and value', () => {
  hasProblem(problemsOf(base('risk: {equityUsd: "100k"}')), 'risk.equityUsd', 'positive number', 'got "100k"');
  hasProblem(problemsOf(base('risk: {killSwitch: "yes"}')), 'risk.killSwitch', 'true or false', 'got "yes"');
  hasProblem(problemsOf(base('risk: 5')), 'risk must be a mapping', 'got 5');
  hasProblem(problemsOf(base('symbols: BTC/USDT')), 'symbols must be a non-empty list', 'got "BTC/USDT"');
  hasProblem(problemsOf(base('metrics: {host: "my host"}')), 'metrics.host', 'IPv4 or IPv6', 'got "my host"');
  hasProblem(problemsOf('- just\n- a list\n'), 'must be a mapping', '["just","a list"]');
});

test('unknown field, with a did-you-mean for typos', () => {
  const problems = problemsOf(base('risk:\n  maxPositonUsd: 10000'));
  hasProblem(problems, 'risk.maxPositonUsd', 'unknown field', 'did you mean "maxPositionUsd"');
  hasProblem(problemsOf(base('riks: {fraction: 0.1}')), 'riks', 'unknown field', 'did you mean "risk"');
  hasProblem(problemsOf(base('alphas: {book_presure: {weight: 1}}')),
    'alphas.book_presure', 'unknown model', 'did you mean "book_pressure"');
  hasProblem(problemsOf(base('alphas: {ma_momentum: {scal: 10}}')),
    'alphas.ma_momentum.scal', 'unknown parameter', 'did you mean "scale"');
  hasProblem(problemsOf(base('risk: {zzz: 1}')), 'risk.zzz', 'unknown field', 'known: equityUsd, fraction');
});

test('bad enum lists the allowed values', () => {
  hasProblem(problemsOf(base('pipeline: {waitStrategy: yield}')),
    'pipeline.waitStrategy', 'must be one of spin-then-park | busy-spin', 'got "yield"');
  hasProblem(problemsOf(base('source: {kind: kafka}')), 'source.kind', 'synthetic | sim | live | replay', 'got "kafka"');
  hasProblem(problemsOf('assetClass: forex\n'), 'assetClass must be one of crypto | stocks', 'got "forex"');
  hasProblem(problemsOf('symbols: [AAPL]\n'), 'assetClass is required');
});

test('symbols must fit the asset class', () => {
  hasProblem(problemsOf(base('symbols: [AAPL]')), 'symbols[0] must be a crypto pair', '"AAPL", which looks like a stock ticker');
  hasProblem(problemsOf(base('symbols: [BTCUSDT]')), 'symbols[0]', 'did you mean "BTC/USDT"');
  hasProblem(problemsOf('assetClass: stocks\nsymbols: [AAPL, BTC/USDT]'), 'symbols[1] must be a stock ticker', 'which is a crypto pair');
  hasProblem(problemsOf('assetClass: stocks\nsymbols: [aapl]'), 'symbols[0] must be a stock ticker', 'did you mean "AAPL"');
  assert.equal(parseConfig('assetClass: stocks\nsymbols: [BRK.B, A, GOOGL]', SRC).symbols, ['BRK.B', 'A', 'GOOGL']);
});

test('bad and duplicate symbols', () => {
  const problems = problemsOf(base('symbols: [BTC/USDT, btc-usdt, ETH/USDT, BTC/USDT, 42]'));
  hasProblem(problems, 'symbols[1] must be a crypto pair', 'got "btc-usdt" (did you mean "BTC/USDT"?)');
  hasProblem(problems, 'symbols[3] duplicates symbols[0]', '"BTC/USDT"');
  hasProblem(problems, 'symbols[4] must be a crypto pair', 'got 42');
  hasProblem(problemsOf(base('symbols: []')), 'symbols must be a non-empty list');
  hasProblem(problemsOf(base('symbols: [AAPL]\nsource: {startPrices: {TSLA: 1}}')), 'source.startPrices.TSLA', 'not one of symbols');
  hasProblem(problemsOf(base('source: {startPrices: {BTC/USDT: 0}}')), 'source.startPrices["BTC/USDT"]', 'positive number', 'got 0');
});

test('cross-field rules: shortWindow < longWindow, ringCapacity power of two, weights', () => {
  hasProblem(problemsOf(base('strategy: {shortWindow: 100, longWindow: 100}')),
    'strategy.shortWindow must be less than strategy.longWindow', 'got 100 >= 100');
  hasProblem(problemsOf(base('strategy: {shortWindow: 150}')), 'strategy.shortWindow', '150 >= 100');
  hasProblem(problemsOf(base('pipeline: {ringCapacity: 1000}')),
    'pipeline.ringCapacity must be a power of two in [64, 1048576]', 'got 1000');
  hasProblem(problemsOf(base('pipeline: {ringCapacity: 32}')), 'pipeline.ringCapacity', 'got 32');
  hasProblem(problemsOf(base('alphas: {book_pressure: {weight: 0}, ma_momentum: {weight: 0}}')), 'alphas must give at least one model');
  hasProblem(problemsOf(base('alphas: {ma_momentum: {weight: -1}}')), 'alphas.ma_momentum.weight', 'got -1');
  hasProblem(problemsOf(base('alphas: {book_pressure: {depthWindow: 2.5}}')), 'alphas.book_pressure.depthWindow must be an integer', 'got 2.5');
  hasProblem(problemsOf(base('alphas: {ma_momentum: {scale: 0}}')), 'alphas.ma_momentum.scale', 'got 0');
  hasProblem(problemsOf(base('risk: {minOrderUsd: 500, maxPositionUsd: 100}')), 'risk.minOrderUsd must not exceed');
});

test('multiple errors are reported together, one per line', () => {
  const yaml = [
    'assetClass: crypto',
    'symbols: [BTC/USDT, BTC/USDT]',
    'pipeline:',
    '  ringCapacity: 1000',
    '  waitStrategy: sleepy',
    'risk:',
    '  maxPositionUsd: -5',
    '  maxPositonUsd: 1',
    '',
  ].join('\n');
  const err = configError(() => parseConfig(yaml, SRC));
  assert.is(err.problems.length, 5, err.message);
  assert.is(err.message.split('\n').length, 5);
  hasProblem([...err.problems], 'symbols[1] duplicates', '(line 2)');
  hasProblem([...err.problems], 'pipeline.ringCapacity', '(line 4)');
  hasProblem([...err.problems], 'pipeline.waitStrategy', '(line 5)');
  hasProblem([...err.problems], 'risk.maxPositionUsd', '(line 7)');
  hasProblem([...err.problems], 'risk.maxPositonUsd', '(line 8)');
});

test('execution.mode: live is refused unless the live flag allows it', () => {
  hasProblem(problemsOf(base('execution: {mode: live}')), 'execution.mode', '--live');
  assert.is(parseConfig(base('execution: {mode: live}'), SRC, { allowLive: true }).execution.mode, 'live');
});

test('unreadable file -> ConfigError naming the path', () => {
  const missing = join(tmpdir(), 'tradebot-no-such-dir', 'nope.yml');
  const err = configError(() => loadConfig(missing));
  assert.ok(err.message.startsWith(`${missing}: cannot read config file`), err.message);
  assert.ok(err.message.includes('ENOENT'), err.message);
  assert.is(err.source, missing);
});

test('invalid YAML syntax -> ConfigError naming file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tradebot-config-'));
  try {
    const file = join(dir, 'broken.yml');
    writeFileSync(file, 'assetClass: crypto\nrisk:\n  fraction: 0.1\n  equityUsd: [1, 2\nmetrics: {}\n');
    const err = configError(() => loadConfig(file));
    assert.ok(err.message.startsWith(`${file}: invalid YAML at line `), err.message);
    assert.match(err.message, /line [45]/);
    const dup = configError(() => parseConfig('assetClass: crypto\nrisk: {}\nrisk: {}\n', SRC));
    assert.match(dup.message, /^conf\/test\.yml: invalid YAML at line 3, column 1: .*unique/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('diffReloadable lists changed risk/strategy/fee fields and rejects restart-only changes', () => {
  const old = loadConfig(defaultConfigPath('crypto'));
  assert.equal(diffReloadable(old, old), []);
  const next = parseConfig(base('risk: {maxPositionUsd: 25000, killSwitch: true}\nalphas: {ma_momentum: {weight: 2}}\nexecution: {feeBps: 7}'), SRC);
  assert.equal(diffReloadable(old, next),
    ['risk.maxPositionUsd', 'risk.killSwitch', 'execution.feeBps', 'alphas.ma_momentum.weight']);

  const err = configError(() => diffReloadable(old, parseConfig(base('symbols: [BTC/USDT]\npipeline: {ringCapacity: 8192}'), SRC)));
  hasProblem([...err.problems], 'symbols cannot change without a restart', '["BTC/USDT","ETH/USDT"]', '["BTC/USDT"]');
  hasProblem([...err.problems], 'pipeline.ringCapacity cannot change without a restart', '4096', '8192');
  for (const change of ['pipeline: {topology: fused}', 'pipeline: {waitStrategy: busy-spin}']) {
    configError(() => diffReloadable(old, parseConfig(base(change), SRC)));
  }
  const changes = diffConfig(old, next);
  assert.equal(changes.find((c) => c.path === 'risk.maxPositionUsd'), {
    path: 'risk.maxPositionUsd', before: 20000, after: 25000, reloadable: true,
  });
});

test('applyOverrides re-validates CLI flags', () => {
  const cfg: PipelineConfig = loadConfig(defaultConfigPath('crypto'));
  const o = applyOverrides(cfg, { symbols: ['SOL/USDT', 'BTC/USDT'], metricsPort: 0, durationMs: 5000, sourceKind: 'replay' });
  assert.equal(o.symbols, ['SOL/USDT', 'BTC/USDT']);
  assert.equal(o.source.startPrices, { 'SOL/USDT': 150, 'BTC/USDT': 65000 });
  assert.is(o.metrics.port, 0);
  assert.is(o.pipeline.durationMs, 5000);
  assert.is(o.source.kind, 'replay');
  assert.ok(Object.isFrozen(o));
  assert.is(cfg.metrics.port, 9464, 'the original is untouched');
  assert.is(applyOverrides(cfg, { live: true }).execution.mode, 'live');

  const err = configError(() => applyOverrides(cfg, { symbols: ['bad'], metricsPort: -1 }));
  assert.is(err.source, 'command-line flags');
  hasProblem([...err.problems], 'symbols[0] must be a crypto pair', 'got "bad"');
  hasProblem([...err.problems], 'metrics.port', 'got -1');
  const flag: string = 'kafka'; // raw CLI strings are accepted and validated
  hasProblem([...configError(() => applyOverrides(cfg, { sourceKind: flag })).problems], 'source.kind', 'synthetic | sim', '"kafka"');
});

test('ConfigError: per-source problems, or a single message', () => {
  const e = new ConfigError('a.yml', ['x is bad', 'y is bad']);
  assert.is(e.message, 'a.yml: x is bad\na.yml: y is bad');
  assert.is(e.name, 'ConfigError');
  assert.instance(e, Error);
  const single = new ConfigError('source "sim" is not available yet');
  assert.is(single.message, 'source "sim" is not available yet');
  assert.equal(single.problems, ['source "sim" is not available yet']);
});

test.run();
