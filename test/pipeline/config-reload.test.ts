// What a SIGHUP may change while the pipeline runs: every strategy.*, alphas.* and risk.* leaf and
// execution.feeBps, and nothing else. Checked against every leaf of a full default config (a new
// field is classified as soon as it exists), both through isReloadablePath and by changing each
// leaf and asking diffReloadable, which must list the reloadable ones and throw naming the others.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ConfigError, defaultConfigPath, diffReloadable, isReloadablePath, loadConfig, parseConfig, type PipelineConfig,
} from '../../src/pipeline/config.js';
import { formatPath } from '../../src/pipeline/config-schema.js';

type Path = (string | number)[];

/** Every leaf of `value` (arrays count as one leaf, as diffConfig compares them whole). */
function leaves(value: unknown, at: Path = []): Path[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
  }
  return [at];
}

function getIn(obj: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], obj);
}

/** A copy of `cfg` with the leaf at `path` set to a different value of the same type. */
function withChangedLeaf(cfg: PipelineConfig, path: Path): PipelineConfig {
  const copy = structuredClone(cfg) as unknown as Record<string, unknown>;
  const parent = getIn(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1];
  const v = parent[key];
  parent[key] = typeof v === 'number' ? v + 1
    : typeof v === 'boolean' ? !v
      : typeof v === 'string' ? `${v}-changed`
        : Array.isArray(v) ? [...v, 'X/USDT']
          : assert.unreachable(`leaf ${formatPath(path)} of unexpected type ${typeof v}`);
  return copy as unknown as PipelineConfig;
}

const configs = (['crypto', 'stocks'] as const).map((ac) => [ac, loadConfig(defaultConfigPath(ac))] as const);
const expectedReloadable = (path: string): boolean => /^(strategy|ensemble|alphas|risk)\./.test(path) || path === 'execution.feeBps';

test('a full default config has the leaves the reload rules are about', () => {
  const paths = leaves(configs[0][1]).map(formatPath);
  for (const p of ['assetClass', 'symbols', 'source.kind', 'source.startPrices["BTC/USDT"]', 'pipeline.ringCapacity',
    'alphas.ma_momentum.weight', 'risk.killSwitch', 'execution.mode', 'execution.feeBps', 'metrics.port']) {
    assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
  }
});

for (const [ac, cfg] of configs) {
  test(`${ac}: exactly the strategy, ensemble, alphas and risk leaves and execution.feeBps are reloadable`, () => {
    const reloadable = leaves(cfg).map(formatPath).filter(isReloadablePath);
    const expected = leaves(cfg).map(formatPath).filter(expectedReloadable);
    assert.equal(reloadable, expected);
    assert.ok(expected.length >= 10, `${expected.length} reloadable leaves`);
    assert.ok(reloadable.includes('execution.feeBps'));
    for (const frozen of ['execution.mode', 'assetClass', 'symbols', 'source.kind', 'source.seed', 'source.ratePerSecond',
      'pipeline.topology', 'pipeline.ringCapacity', 'pipeline.stallSeconds', 'metrics.port', 'metrics.host']) {
      assert.not.ok(isReloadablePath(frozen), `${frozen} must need a restart`);
    }
  });

  test(`${ac}: changing each leaf in turn: diffReloadable lists it, or throws naming it`, () => {
    for (const path of leaves(cfg)) {
      const name = formatPath(path);
      const next = withChangedLeaf(cfg, path);
      if (expectedReloadable(name)) {
        assert.equal(diffReloadable(cfg, next), [name], name);
        continue;
      }
      let err: unknown;
      try {
        diffReloadable(cfg, next);
      } catch (e) {
        err = e;
      }
      assert.instance(err, ConfigError, `${name} changed without a restart`);
      const problems = (err as ConfigError).problems;
      assert.is(problems.length, 1, problems.join('\n'));
      assert.ok(problems[0].startsWith(`${name} cannot change without a restart`), problems[0]);
    }
  });
}

test('execution.mode paper -> live is refused by reload, naming the field and both values', () => {
  const paper = parseConfig('assetClass: crypto\n', 'conf/test.yml');
  const live = parseConfig('assetClass: crypto\nexecution: {mode: live, feeBps: 7}\n', 'conf/test.yml', { allowLive: true });
  let err: ConfigError | undefined;
  try {
    diffReloadable(paper, live, 'conf/test.yml');
  } catch (e) {
    err = e as ConfigError;
  }
  assert.instance(err, ConfigError);
  assert.equal(err!.problems, ['execution.mode cannot change without a restart (running "paper", file has "live")'], err!.message);
  assert.ok(err!.message.startsWith('conf/test.yml: execution.mode'), err!.message);
});

test.run();
