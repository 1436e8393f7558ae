// Every config field SIGHUP may change reaches the params block that the running workers re-read:
// change any reloadable leaf to another valid value and the block's values change with it. A field
// marked reloadable but read only at start (the old shortWindow/longWindow) fails here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfigPath, isReloadablePath, loadConfig, type PipelineConfig } from '../../src/pipeline/config.js';
import { SECTION_SPECS, validateConfig, formatPath, type SectionName } from '../../src/pipeline/config-schema.js';
import { RuntimeParam, runtimeParamsFor } from '../../src/pipeline/params.js';
import { SIZER_NAMES } from '../../src/sizing/sizer-catalogue.js';

type Leaf = { path: (string | number)[]; value: unknown };

function leaves(v: unknown, at: (string | number)[] = []): Leaf[] {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    return Object.entries(v).flatMap(([k, child]) => leaves(child, [...at, k]));
  }
  return [{ path: at, value: v }];
}

function withLeaf(cfg: PipelineConfig, path: (string | number)[], value: unknown): unknown {
  const raw = structuredClone(cfg) as unknown as Record<string, unknown>;
  let node = raw as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return raw;
}

/** Another value the validator accepts for this leaf, with everything else unchanged. */
function otherValidConfig(cfg: PipelineConfig, leaf: Leaf): PipelineConfig | undefined {
  const v = leaf.value;
  const spec = leaf.path.length === 2 ? SECTION_SPECS[leaf.path[0] as SectionName]?.[leaf.path[1] as string] : undefined;
  const candidates = typeof v === 'boolean' ? [!v]
    : typeof v === 'number' ? [v * 2, v / 2, v + 1, v - 1, v + 0.5, 1, 0.5]
      : spec?.kind === 'enum' ? spec.values.filter((x) => x !== v)
        : [];
  for (const c of candidates) {
    if (c === v) continue;
    const { config } = validateConfig(withLeaf(cfg, leaf.path, c));
    if (config) return config;
  }
  return undefined;
}

for (const assetClass of ['crypto', 'stocks'] as const) {
  test(`${assetClass}: every reloadable field moves the params block`, () => {
    const cfg = loadConfig(defaultConfigPath(assetClass));
    const base = runtimeParamsFor(cfg);
    const reloadable = leaves(cfg).filter((l) => isReloadablePath(formatPath(l.path)));
    assert.ok(reloadable.length >= 15, `found ${reloadable.length} reloadable fields`);
    for (const leaf of reloadable) {
      const path = formatPath(leaf.path);
      const spec = SECTION_SPECS[leaf.path[0] as SectionName]?.[leaf.path[1] as string];
      // A choice with one option today (risk.sizer) cannot change; that it reaches the block is below.
      if (spec?.kind === 'enum' && spec.values.length === 1) continue;
      const next = otherValidConfig(cfg, leaf);
      assert.ok(next, `no other valid value found for ${path}`);
      const moved = runtimeParamsFor(next!);
      assert.ok(moved.some((x, i) => x !== base[i]), `${path} is reloadable but does not reach the params block`);
    }
  });
}

test('risk.sizer reaches the params block as its catalogue index', () => {
  const cfg = loadConfig(defaultConfigPath('crypto'));
  assert.is(runtimeParamsFor(cfg)[RuntimeParam.sizer], SIZER_NAMES.indexOf(cfg.risk.sizer));
  assert.ok(SIZER_NAMES.indexOf(cfg.risk.sizer) >= 0);
});

test.run();
