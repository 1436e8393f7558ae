/**
 * A parameter search space for `tradebot optimize`: a YAML or JSON file mapping config paths
 * (dotted, as in the config file) to ranges or choices:
 *
 *   { "risk.fraction": {"min": 0.005, "max": 0.05, "log": true},
 *     "strategy.edgeThresholdBps": {"min": 1, "max": 20, "int": true},
 *     "risk.sizer": {"choices": ["fixed_fraction", "kelly"]} }
 *
 * Validation names the key and the bad value: a path the loaded config does not have, a range on
 * a field that is not a number, choices of another type than the field, min >= max, a log range
 * not above 0, an int range with fractional bounds, and bounds or choices the config's own
 * validation refuses (each is written into a copy of the config and parsed).
 *
 * Sampling is seeded (src/data/prng.ts): each trial draws from its own generator, seeded from the
 * search seed, the fold and the trial index, so a trial's values never depend on which trials ran
 * before it or on which thread finished first.
 *
 * Search method: random search, then a TPE-style refinement (Bergstra et al. 2011, simplified).
 * The first ceil(trials / 2) trials are uniform draws (log-uniform for log ranges). The rest come
 * in rounds of REFINE_ROUND trials; each round looks only at the trials of earlier rounds, splits
 * them into the best quarter ("good", at least one) and the rest ("bad"), draws CANDIDATES
 * candidates around good trials (a Gaussian in the range's unit (or log) scale, width 0.2; a good
 * trial's choice kept with probability 0.75), and keeps the candidate with the highest ratio of
 * Parzen densities good / bad. Rounds do not depend on the number of parallel workers, so the
 * trials and their results are the same with any `--parallel`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml, parseDocument } from 'yaml';
import { Prng } from '../data/prng.js';
import { ConfigError, parseConfig } from '../pipeline/config.js';
import type { PipelineConfig } from '../pipeline/config.js';

export type ParamValue = number | string | boolean;

export type ParamSpec =
  | { readonly kind: 'range'; readonly min: number; readonly max: number; readonly log: boolean; readonly int: boolean }
  | { readonly kind: 'choices'; readonly choices: readonly ParamValue[] };

/** Config path -> spec, in the file's key order. */
export interface SearchSpace {
  readonly params: ReadonlyArray<{ readonly path: string; readonly spec: ParamSpec }>;
}

export type Params = Readonly<Record<string, ParamValue>>;

export class SearchSpaceError extends Error {
  constructor(readonly source: string, readonly problems: readonly string[]) {
    super(problems.map((p) => `${source}: ${p}`).join('\n'));
  }
}

export const REFINE_ROUND = 4;
export const CANDIDATES = 24;
const BANDWIDTH = 0.2;
const KEEP_CHOICE = 0.75;

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Read and validate a search-space file against the base config (its text and parsed object). */
export function loadSearchSpace(file: string, baseYaml: string, base: PipelineConfig): SearchSpace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SearchSpaceError(file, [`cannot read the search space (${(err as Error).message})`]);
  }
  return parseSearchSpace(text, file, baseYaml, base);
}

/** Parse (YAML or JSON text) and validate a search space; throws SearchSpaceError listing every problem. */
export function parseSearchSpace(text: string, source: string, baseYaml: string, base: PipelineConfig): SearchSpace {
  let raw: unknown;
  try {
    raw = parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    throw new SearchSpaceError(source, [`not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SearchSpaceError(source, [`must be a mapping of config paths to ranges or choices, got ${show(raw)}`]);
  }
  const problems: string[] = [];
  const params: Array<{ path: string; spec: ParamSpec }> = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const spec = checkParam(key, value, base, problems);
    if (spec !== null) params.push({ path: key, spec });
  }
  if (params.length === 0 && problems.length === 0) problems.push('names no parameters');
  // The config's own limits: each bound and choice written into the base config must load.
  if (problems.length === 0) {
    for (const { path: key, spec } of params) {
      const values = spec.kind === 'range' ? [spec.min, spec.max] : spec.choices;
      for (const v of values) {
        try {
          parseConfig(configWith(baseYaml, { [key]: v }), 'trial');
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          problems.push(`"${key}": the config refuses ${show(v)} (${err.problems.join('; ')})`);
        }
      }
    }
  }
  if (problems.length > 0) throw new SearchSpaceError(source, problems);
  return { params };
}

function leafOf(config: PipelineConfig, key: string): { found: boolean; value: unknown } {
  let node: unknown = config;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, part)) return { found: false, value: undefined };
    node = (node as Record<string, unknown>)[part];
  }
  return { found: true, value: node };
}

function checkParam(key: string, value: unknown, base: PipelineConfig, problems: string[]): ParamSpec | null {
  const leaf = leafOf(base, key);
  if (!leaf.found) {
    problems.push(`"${key}" is not a config path (e.g. risk.fraction, strategy.edgeThresholdBps)`);
    return null;
  }
  if (leaf.value !== null && typeof leaf.value === 'object') {
    problems.push(`"${key}" is a section or list, not a single value`);
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`"${key}": expected {min, max[, log][, int]} or {choices: [...]}, got ${show(value)}`);
    return null;
  }
  const v = value as Record<string, unknown>;
  const fields = Object.keys(v);
  if ('choices' in v) {
    const extra = fields.filter((f) => f !== 'choices');
    if (extra.length > 0) problems.push(`"${key}": choices take no other fields, got ${extra.join(', ')}`);
    const choices = v.choices;
    if (!Array.isArray(choices) || choices.length === 0) {
      problems.push(`"${key}": choices must be a non-empty list, got ${show(choices)}`);
      return null;
    }
    const bad = choices.filter((c) => typeof c !== typeof leaf.value || (typeof c === 'number' && !Number.isFinite(c)));
    if (bad.length > 0) {
      problems.push(`"${key}": choices must be ${typeof leaf.value}s like the config's ${show(leaf.value)}, got ${bad.map(show).join(', ')}`);
      return null;
    }
    if (new Set(choices).size !== choices.length) problems.push(`"${key}": choices repeat a value: ${show(choices)}`);
    return extra.length > 0 ? null : { kind: 'choices', choices: choices as ParamValue[] };
  }
  const before = problems.length;
  const extra = fields.filter((f) => !['min', 'max', 'log', 'int'].includes(f));
  if (extra.length > 0) problems.push(`"${key}": unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')} (a range has min, max, log, int)`);
  if (typeof leaf.value !== 'number') problems.push(`"${key}" is a ${typeof leaf.value} in the config (${show(leaf.value)}): give choices, not a range`);
  const { min, max } = v;
  if (typeof min !== 'number' || !Number.isFinite(min)) problems.push(`"${key}": min must be a number, got ${show(min)}`);
  if (typeof max !== 'number' || !Number.isFinite(max)) problems.push(`"${key}": max must be a number, got ${show(max)}`);
  for (const flag of ['log', 'int'] as const) {
    if (v[flag] !== undefined && typeof v[flag] !== 'boolean') problems.push(`"${key}": ${flag} must be true or false, got ${show(v[flag])}`);
  }
  if (problems.length > before) return null;
  const spec = { kind: 'range' as const, min: min as number, max: max as number, log: v.log === true, int: v.int === true };
  if (!(spec.min < spec.max)) problems.push(`"${key}": min ${spec.min} must be below max ${spec.max}`);
  if (spec.log && !(spec.min > 0)) problems.push(`"${key}": a log range needs min > 0, got ${spec.min}`);
  if (spec.int && !(Number.isInteger(spec.min) && Number.isInteger(spec.max))) problems.push(`"${key}": an int range needs whole bounds, got ${spec.min} .. ${spec.max}`);
  return problems.length > before ? null : spec;
}

// ---- sampling -------------------------------------------------------------------------------

/** A generator for one trial: seeded from the search seed, the fold and the trial index. */
export function trialPrng(seed: number, fold: number, trial: number): Prng {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (Math.floor(seed / 4294967296) | 0), 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 13) ^ (fold + 0x632be5ab), 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ (trial + 0x165667b1), 0x85ebca6b);
  return new Prng((h ^ (h >>> 15)) >>> 0);
}

/** A range's value at unit position u in [0, 1] (log scale for log ranges), rounded for int ranges. */
function atUnit(spec: Extract<ParamSpec, { kind: 'range' }>, u: number): number {
  const x = Math.min(1, Math.max(0, u));
  let value = spec.log ? Math.exp(Math.log(spec.min) + x * (Math.log(spec.max) - Math.log(spec.min))) : spec.min + x * (spec.max - spec.min);
  if (spec.int) value = Math.min(spec.max, Math.max(spec.min, Math.round(value)));
  else value = Math.min(spec.max, Math.max(spec.min, value));
  return value;
}

/** A range value's unit position (the inverse of atUnit, before rounding). */
function unitOf(spec: Extract<ParamSpec, { kind: 'range' }>, value: number): number {
  return spec.log ? (Math.log(value) - Math.log(spec.min)) / (Math.log(spec.max) - Math.log(spec.min)) : (value - spec.min) / (spec.max - spec.min);
}

/** One uniform draw from the space (log-uniform for log ranges; int ranges include both ends). */
export function sampleUniform(space: SearchSpace, rng: Prng): Params {
  const out: Record<string, ParamValue> = {};
  for (const { path: key, spec } of space.params) {
    if (spec.kind === 'choices') {
      out[key] = spec.choices[Math.min(spec.choices.length - 1, Math.floor(rng.uniform() * spec.choices.length))];
    } else if (spec.int && !spec.log) {
      out[key] = Math.min(spec.max, spec.min + Math.floor(rng.uniform() * (spec.max - spec.min + 1)));
    } else {
      out[key] = atUnit(spec, rng.uniform());
    }
  }
  return out;
}

export interface ScoredTrial {
  readonly params: Params;
  /** Higher is better; null = no figure (ranked last). */
  readonly score: number | null;
  readonly trial: number;
}

/** Best first: higher score, then the lower trial index; null scores last. */
export function rankTrials<T extends ScoredTrial>(trials: readonly T[]): T[] {
  return [...trials].sort((a, b) => {
    if (a.score === null || b.score === null) return a.score === null && b.score === null ? a.trial - b.trial : a.score === null ? 1 : -1;
    return b.score - a.score || a.trial - b.trial;
  });
}

function gaussian(rng: Prng): number {
  return Math.sqrt(-2 * Math.log(rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
}

/** Log Parzen density of `params` under `trials` (Gaussian kernels per range, smoothed frequencies per choice). */
function logDensity(space: SearchSpace, params: Params, trials: readonly ScoredTrial[]): number {
  let total = 0;
  for (const t of trials) {
    let logK = 0;
    for (const { path: key, spec } of space.params) {
      if (spec.kind === 'choices') {
        const same = params[key] === t.params[key];
        logK += Math.log(same ? KEEP_CHOICE : (1 - KEEP_CHOICE) / Math.max(1, spec.choices.length - 1));
      } else {
        const d = (unitOf(spec, params[key] as number) - unitOf(spec, t.params[key] as number)) / BANDWIDTH;
        logK += -0.5 * d * d;
      }
    }
    total += Math.exp(logK);
  }
  return Math.log(total / Math.max(1, trials.length) + 1e-12);
}

/**
 * A refinement draw (see the header): candidates around the good trials of `history`, the one
 * with the highest good/bad density ratio. Falls back to a uniform draw without a scored history.
 */
export function sampleRefined(space: SearchSpace, history: readonly ScoredTrial[], rng: Prng): Params {
  const scored = rankTrials(history.filter((t) => t.score !== null));
  if (scored.length === 0) return sampleUniform(space, rng);
  const nGood = Math.max(1, Math.floor(scored.length / 4));
  const good = scored.slice(0, nGood);
  const bad = [...scored.slice(nGood), ...history.filter((t) => t.score === null)];
  let best: Params | null = null;
  let bestRatio = -Infinity;
  for (let c = 0; c < CANDIDATES; c++) {
    const around = good[Math.min(good.length - 1, Math.floor(rng.uniform() * good.length))].params;
    const candidate: Record<string, ParamValue> = {};
    for (const { path: key, spec } of space.params) {
      if (spec.kind === 'choices') {
        candidate[key] = rng.uniform() < KEEP_CHOICE ? around[key] : spec.choices[Math.min(spec.choices.length - 1, Math.floor(rng.uniform() * spec.choices.length))];
      } else {
        candidate[key] = atUnit(spec, unitOf(spec, around[key] as number) + BANDWIDTH * gaussian(rng));
      }
    }
    const ratio = logDensity(space, candidate, good) - (bad.length > 0 ? logDensity(space, candidate, bad) : 0);
    if (ratio > bestRatio) {
      bestRatio = ratio;
      best = candidate;
    }
  }
  return best!;
}

/** How many of `trials` are uniform draws: the first half, rounded up. */
export function randomTrials(trials: number): number {
  return Math.ceil(trials / 2);
}

/**
 * The rounds of a search of `trials` trials: [start, end) trial indices; each round after the
 * first is proposed from the results of all earlier rounds.
 */
export function searchRounds(trials: number): Array<{ start: number; end: number }> {
  const rounds = [{ start: 0, end: Math.min(trials, randomTrials(trials)) }];
  for (let start = rounds[0].end; start < trials; start += REFINE_ROUND) rounds.push({ start, end: Math.min(trials, start + REFINE_ROUND) });
  return rounds.filter((r) => r.end > r.start);
}

// ---- applying a trial ------------------------------------------------------------------------

/** The base config's YAML text (comments kept) with `params` set at their paths. */
export function configWith(baseYaml: string, params: Params): string {
  const doc = parseDocument(baseYaml);
  for (const [key, value] of Object.entries(params)) doc.setIn(key.split('.'), value);
  return String(doc);
}

/** A temporary directory for trial configs (the caller removes it). */
export function trialConfigDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'tradebot-optimize-'));
}

/** Write the trial's config to `dir` and return its path; throws ConfigError when the config refuses it. */
export function writeTrialConfig(dir: string, name: string, baseYaml: string, params: Params): string {
  const text = configWith(baseYaml, params);
  parseConfig(text, name);
  const file = path.join(dir, `${name}.yml`);
  writeFileSync(file, text);
  return file;
}
