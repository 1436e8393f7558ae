/**
 * Self-validating pipeline config (NautilusTrader-style): YAML in, a fully-defaulted, deeply
 * frozen, typed `PipelineConfig` out, or one `ConfigError` listing every problem, one per line,
 * each naming the file, the field path and the bad value:
 *
 *   conf/crypto.yml: risk.maxPositionUsd must be a positive number, got -5 (line 31)
 *   conf/crypto.yml: risk.maxPositonUsd is an unknown field (did you mean "maxPositionUsd"? ...)
 *
 * Pure: no globals, no I/O apart from `loadConfig` reading the file it is given. The result is
 * plain data, so it survives structured cloning into workers (which drop the freeze).
 *
 * Reload (SIGHUP): load the file again, re-apply the same CLI overrides, then
 * `diffReloadable(old, next)`: only `strategy.*`, `ensemble.*`, `alphas.*`, `risk.*` and `execution.feeBps` may change
 * while running; anything else (symbols, ring capacity, topology, wait strategy, ...) throws a
 * ConfigError that names each field, and the running config stays as it was.
 *
 * Live trading: `execution.mode: live` in a file is rejected unless the caller passes
 * `{ allowLive: true }` (the CLI does so only for its explicit live flag), and
 * `applyOverrides(cfg, { live: true })` is the other way in. Config alone never enables it.
 */

import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/package-info.js';
import { LineCounter, parseDocument, isNode } from 'yaml';
import {
  ASSET_CLASSES, formatPath, formatValue, validateConfig,
  type AssetClass, type FieldPath, type PipelineConfig, type SourceKind, type TopologyKind,
} from './config-schema.js';
import type { WaitStrategyName } from '../shm/wait-strategy.js';

export {
  ASSET_CLASSES, SOURCE_KINDS, TOPOLOGY_KINDS, WAIT_STRATEGIES, TICK_POLICIES,
  EXECUTION_MODES, MODEL_NAMES, SYMBOL_PATTERN, SECTION_SPECS, defaultsFor,
} from './config-schema.js';
export type {
  AssetClass, SourceKind, TopologyKind, TickPolicy, ExecutionMode, AlphasConfig, AlphaModelConfig, SourceConfig, PipelineSettings,
  StrategyConfig, RiskConfig, ExecutionConfig, MetricsConfig, PipelineConfig, SectionName,
} from './config-schema.js';
export type { WaitStrategyName } from '../shm/wait-strategy.js';

/** Every problem found in one config source; `message` has one `<source>: <problem>` line each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The file path (or other source label) the problems belong to. */
  readonly source: string;
  /** The problems without the source prefix. */
  readonly problems: readonly string[];

  /** `new ConfigError(file, problems)`, or `new ConfigError(message)` for a single sourceless problem. */
  constructor(source: string, problems?: readonly string[]) {
    super(problems === undefined ? source : problems.map((p) => `${source}: ${p}`).join('\n'));
    this.source = problems === undefined ? '' : source;
    this.problems = problems === undefined ? [source] : [...problems];
  }
}

export interface LoadOptions {
  /** Accept `execution.mode: live`; pass true only for the CLI's explicit live flag. */
  allowLive?: boolean;
}

/** Parse and validate YAML text; `source` labels the messages (normally the file path). */
export function parseConfig(text: string, source: string, options: LoadOptions = {}): PipelineConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(source, doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return `invalid YAML at line ${line}, column ${col}: ${what}`;
    }));
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ConfigError(source, [`invalid YAML: ${(err as Error).message}`]);
  }
  const locate = (path: FieldPath): number | undefined => {
    const node = doc.getIn(path, true);
    const start = isNode(node) ? node.range?.[0] : undefined;
    return start === undefined ? undefined : lineCounter.linePos(start).line;
  };
  const { config, problems } = validateConfig(raw, { locate, allowLive: options.allowLive === true });
  if (!config) throw new ConfigError(source, problems);
  return deepFreeze(config);
}

/**
 * The most a config file may hold. The shipped ones are ~25 KB; without a ceiling `--config
 * /dev/zero` (or any endless stream) was read until the process aborted out of memory.
 */
export const MAX_CONFIG_BYTES = 4 << 20;

/** Read, parse and validate a config file. Every failure (including I/O) is a ConfigError. */
export function loadConfig(path: string, options: LoadOptions = {}): PipelineConfig {
  return parseConfig(readConfigText(path), path, options);
}

/** A config file's text, up to MAX_CONFIG_BYTES; every failure (an empty path, I/O) is a ConfigError. */
export function readConfigText(path: string): string {
  if (path === '') throw new ConfigError('--config ""', ['an empty path names no file: give the config file\'s path']);
  try {
    return readCapped(path);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(path, [`cannot read config file (${e.message})`]);
  }
}

/** The file's text, read in chunks (pipes such as `--config <(...)` included) up to MAX_CONFIG_BYTES. */
function readCapped(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let size = 0;
    for (;;) {
      const n = readSync(fd, buf, size, buf.length - size, null);
      if (n === 0) break;
      size += n;
      if (size > MAX_CONFIG_BYTES) throw new ConfigError(path, [`cannot read config file: it is larger than ${MAX_CONFIG_BYTES >> 20} MB`]);
    }
    return buf.toString('utf8', 0, size);
  } finally {
    closeSync(fd);
  }
}

/**
 * The repo's (or installed package's) `conf/<assetClass>.yml`: the nearest directory above this
 * module holding a package.json. Works from dist/src/pipeline (three levels) and from src/pipeline.
 */
export function defaultConfigPath(assetClass: AssetClass): string {
  if (!ASSET_CLASSES.includes(assetClass)) {
    throw new ConfigError('defaultConfigPath', [`assetClass must be one of ${ASSET_CLASSES.join(' | ')}, got ${formatValue(assetClass)}`]);
  }
  return join(packageRoot(), 'conf', `${assetClass}.yml`);
}

/** CLI flags that override the file; the result is re-validated, so raw flag strings are fine. */
export interface ConfigOverrides {
  symbols?: readonly string[];
  sourceKind?: SourceKind | string;
  ratePerSecond?: number;
  seed?: number;
  durationMs?: number;
  topology?: TopologyKind | string;
  waitStrategy?: WaitStrategyName | string;
  ringCapacity?: number;
  metricsHost?: string;
  metricsPort?: number;
  killSwitch?: boolean;
  /** The explicit live-trading flag: sets execution.mode to live. */
  live?: boolean;
  replayFiles?: readonly string[];
  replaySpeed?: number;
  dataDir?: string;
}

/**
 * Apply CLI overrides and re-validate (a bad flag value throws a ConfigError labelled `source`).
 * Overriding symbols keeps the start prices and position limits of symbols that remain and defaults the rest.
 */
export function applyOverrides(cfg: PipelineConfig, overrides: ConfigOverrides, source = 'command-line flags'): PipelineConfig {
  const raw = structuredClone(cfg) as unknown as {
    symbols: unknown; source: Record<string, unknown>; pipeline: Record<string, unknown>;
    risk: Record<string, unknown>; execution: Record<string, unknown>; metrics: Record<string, unknown>;
  };
  const set = (section: Record<string, unknown>, key: string, v: unknown): void => { if (v !== undefined) section[key] = v; };
  if (overrides.symbols !== undefined) {
    raw.symbols = [...overrides.symbols];
    // Per-symbol settings follow the symbols that remain.
    const keep = (m: unknown) => Object.fromEntries(Object.entries(m as Record<string, number>).filter(([s]) => overrides.symbols!.includes(s)));
    raw.source.startPrices = keep(raw.source.startPrices);
    raw.risk.maxPositionUsdBySymbol = keep(raw.risk.maxPositionUsdBySymbol);
  }
  set(raw.source, 'kind', overrides.sourceKind);
  set(raw.source, 'ratePerSecond', overrides.ratePerSecond);
  set(raw.source, 'seed', overrides.seed);
  set(raw.source, 'replayFiles', overrides.replayFiles === undefined ? undefined : [...overrides.replayFiles]);
  set(raw.source, 'replaySpeed', overrides.replaySpeed);
  set(raw.pipeline, 'durationMs', overrides.durationMs);
  set(raw.pipeline, 'dataDir', overrides.dataDir);
  set(raw.pipeline, 'topology', overrides.topology);
  set(raw.pipeline, 'waitStrategy', overrides.waitStrategy);
  set(raw.pipeline, 'ringCapacity', overrides.ringCapacity);
  set(raw.metrics, 'host', overrides.metricsHost);
  set(raw.metrics, 'port', overrides.metricsPort);
  set(raw.risk, 'killSwitch', overrides.killSwitch);
  if (overrides.live === true) raw.execution.mode = 'live';
  const allowLive = overrides.live === true || cfg.execution.mode === 'live';
  const { config, problems } = validateConfig(raw, { allowLive });
  if (!config) throw new ConfigError(source, problems);
  return deepFreeze(config);
}

/**
 * The top-level keys a config text sets (none when it is no YAML mapping: parseConfig says why).
 * A reload compares them with the running file's: a file cut short (saved non-atomically, read
 * half-written) is valid YAML whose missing sections would silently take their defaults.
 */
export function topLevelKeys(text: string): string[] {
  try {
    const raw: unknown = parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: 1000 });
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.keys(raw) : [];
  } catch {
    return [];
  }
}

/** Throws when `text` lacks a top-level section the running file (`running`: its keys) had. */
export function checkSectionsKept(running: readonly string[], text: string, source: string): void {
  const present = new Set(topLevelKeys(text));
  const missing = running.filter((key) => !present.has(key));
  if (missing.length === 0) return;
  throw new ConfigError(source, [`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing, which the running file had `
    + `(a half-written file?); to go back to a section's defaults, write it empty (${missing[0]}: {})`]);
}

/** One changed leaf between two configs. */
export interface ConfigChange {
  /** e.g. `risk.maxPositionUsd`, `symbols`, `source.startPrices["BTC/USDT"]`. */
  path: string;
  before: unknown;
  after: unknown;
  /** True when the running pipeline can take the change without a restart. */
  reloadable: boolean;
}

/**
 * Whether a field path may change while running: the strategy, alphas and risk sections, and
 * execution.feeBps. Each of them is in the params block (src/pipeline/params.ts), which every
 * layer re-reads when its version moves, so a reload that reports success has taken effect.
 */
export function isReloadablePath(path: string): boolean {
  return path.startsWith('strategy.') || path.startsWith('ensemble.') || path.startsWith('alphas.') || path.startsWith('risk.') || path === 'execution.feeBps';
}

/** Every changed leaf (arrays compare as a whole), in config order. */
export function diffConfig(oldCfg: PipelineConfig, newCfg: PipelineConfig): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const walk = (a: unknown, b: unknown, at: (string | number)[]): void => {
    const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (isObj(a) && isObj(b)) {
      const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
      for (const k of keys) walk(a[k], b[k], [...at, k]);
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const path = formatPath(at);
    changes.push({ path, before: a, after: b, reloadable: isReloadablePath(path) });
  };
  walk(oldCfg, newCfg, []);
  return changes;
}

/**
 * The field paths a reload changes, all hot-reloadable (empty = nothing to do). Throws a
 * ConfigError naming every changed field that needs a restart, with old and new values.
 */
export function diffReloadable(oldCfg: PipelineConfig, newCfg: PipelineConfig, source = 'reload'): string[] {
  const changes = diffConfig(oldCfg, newCfg);
  const blocked = changes.filter((c) => !c.reloadable);
  if (blocked.length > 0) {
    throw new ConfigError(source, blocked.map((c) =>
      `${c.path} cannot change without a restart (running ${show(c.before)}, file has ${show(c.after)})`));
  }
  return changes.map((c) => c.path);
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : formatValue(v));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
