/**
 * Command-line flags of `tradebot run`, read the way yargs users expect: a repeated scalar flag
 * takes its last value (so `npm start -- --duration 3s` overrides the script's own
 * `--duration 15s`), a list flag takes repetition and commas alike (`--symbols A --symbols B,C`),
 * and a bad value is reported against the flag that carried it, not the config field it sets.
 */

import { ConfigError, SOURCE_KINDS, TOPOLOGY_KINDS, type ConfigOverrides } from './config.js';
import { parseDuration } from './duration.js';
import { UsageError } from './exit-codes.js';

/** yargs `coerce` for scalar flags: repeated, the last one wins. */
export function lastValue<T>(value: T | T[]): T {
  return Array.isArray(value) ? value[value.length - 1] : value;
}
export const lastString = (value: string | string[]): string => String(lastValue(value));
export const lastNumber = (value: number | number[]): number => Number(lastValue(value));
export const lastBoolean = (value: boolean | boolean[]): boolean => lastValue(value) === true;

/**
 * yargs `coerce` for list flags: every occurrence, split on commas, trimmed. Repeats are kept
 * for `refuseRepeatedItems` to refuse by name (a coerce function cannot give a usage error).
 */
export function listValue(value: unknown): string[] {
  return [value].flat(Infinity).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The list flags whose items pair up by position: a file per symbol. */
const LIST_FLAGS = ['symbols', 'replay', 'data'] as const;

/**
 * yargs `check`: an item given twice in a list flag is refused rather than dropped. The lists
 * pair up by position, so dropping one would shift the pairing or report one file too few
 * (`--data a.csv,a.csv --symbols X,Y` said "1 file for 2 symbols").
 */
export function refuseRepeatedItems(argv: Record<string, unknown>): true {
  for (const flag of LIST_FLAGS) {
    const items = argv[flag];
    if (!Array.isArray(items)) continue;
    const twice = items.filter((item, i) => items.indexOf(item) !== i);
    if (twice.length > 0) throw new UsageError(`--${flag} names ${[...new Set(twice)].join(', ')} more than once`);
  }
  return true;
}

/**
 * What to say of a word yargs calls an unknown argument, when it is one typed on its own rather
 * than a flag (null then). After a list flag's value it is most likely the next item of a list
 * given space-separated (`--replay a.csv b.csv`, a shell glob), which the list flags do not take:
 * saying "unknown option --b.csv" would send the user looking for a flag that was never typed.
 */
export function strayArgumentMessage(args: readonly string[], word: string): string | null {
  const at = args.indexOf(word);
  if (at < 0) return null;
  let flagAt = at - 1;
  while (flagAt >= 0 && !args[flagAt].startsWith('-')) flagAt--;
  const flag = flagAt >= 0 ? args[flagAt].replace(/^--?/, '').split('=')[0] : '';
  if ((LIST_FLAGS as readonly string[]).includes(flag)) {
    return `--${flag}: ${JSON.stringify(word)} is not part of its list: give the items comma-separated (--${flag} a,b) or repeat the flag (--${flag} a --${flag} b)`;
  }
  return `unexpected argument ${JSON.stringify(word)}; see --help`;
}

/** Config field path -> the flag that sets it, for error messages. */
const FLAG_OF_PATH: readonly [path: string, flag: string][] = [
  ['symbols', '--symbols'],
  ['source.kind', '--source'],
  ['pipeline.topology', '--topology'],
  ['pipeline.durationMs', '--duration'],
  ['metrics.port', '--metrics-port'],
  ['execution.mode', '--live'],
  ['source.replayFiles', '--replay'],
  ['source.replaySpeed', '--speed'],
  ['pipeline.dataDir', '--data-dir'],
];

/**
 * Re-label a ConfigError raised while applying flags: `metrics.port must be ...` becomes
 * `--metrics-port must be ...`, `symbols[1] must be ...` becomes `--symbols must be ...`.
 */
export function flagError(err: ConfigError): UsageError {
  const problems = err.problems.map((problem) => {
    for (const [path, flag] of FLAG_OF_PATH) {
      const m = new RegExp(`^${path.replace('.', '\\.')}(\\[\\d+\\])? `).exec(problem);
      if (m) return `${flag} ${problem.slice(m[0].length)}`;
    }
    return problem;
  });
  return new UsageError(problems.join('\n'));
}

export interface RunFlags {
  symbols?: string[];
  duration?: string;
  source?: string;
  topology?: string;
  /** As typed: parsed here so that "", "1e4" or "abc" are refused with what was typed. */
  metricsPort?: string;
  live?: boolean;
  replay?: string[];
  speed?: string;
  dataDir?: string;
}

const CHOICES: Readonly<Record<'source' | 'topology', readonly string[]>> = {
  source: SOURCE_KINDS,
  topology: TOPOLOGY_KINDS,
};

/**
 * Flags -> config overrides and session length. Every bad flag is reported at once, one line
 * each, naming the flag and quoting what was typed.
 */
export function overridesFromFlags(flags: RunFlags): { overrides: ConfigOverrides; durationMs: number | undefined } {
  const problems: string[] = [];
  if (flags.symbols !== undefined && flags.symbols.length === 0) problems.push('--symbols: empty symbol list');
  let durationMs: number | undefined;
  if (flags.duration !== undefined) {
    try {
      durationMs = parseDuration(flags.duration, { allowZero: true });
    } catch (err) {
      problems.push(`--duration: ${(err as Error).message}`);
    }
  }
  let metricsPort: number | undefined;
  if (flags.metricsPort !== undefined) {
    const text = String(flags.metricsPort).trim();
    metricsPort = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
    if (!(metricsPort >= 0 && metricsPort <= 65_535)) {
      problems.push(`--metrics-port must be a port number 0..65535 (0 = metrics off), got ${JSON.stringify(flags.metricsPort)}`);
    }
  }
  let replaySpeed: number | undefined;
  if (flags.speed !== undefined) {
    replaySpeed = /^\d+(\.\d+)?$/.test(String(flags.speed).trim()) ? Number(flags.speed) : NaN;
    if (!(replaySpeed >= 0)) problems.push(`--speed must be 0 (as fast as possible) or a positive multiple of the recorded pace, got ${JSON.stringify(flags.speed)}`);
  }
  if (flags.replay !== undefined && flags.replay.length === 0) problems.push('--replay: no file given');
  // Another source would run and the files would be silently ignored.
  if (flags.replay !== undefined && flags.source !== undefined && flags.source !== 'replay') {
    problems.push(`--replay reads files, which --source ${flags.source} would ignore: drop --source (--replay implies --source replay)`);
  }
  for (const flag of ['source', 'topology'] as const) {
    const value = flags[flag];
    if (value !== undefined && !CHOICES[flag].includes(value)) {
      problems.push(`--${flag} must be one of ${CHOICES[flag].join(' | ')}, got ${JSON.stringify(value)}`);
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return {
    overrides: {
      symbols: flags.symbols, sourceKind: flags.source ?? (flags.replay !== undefined ? 'replay' : undefined), topology: flags.topology, metricsPort,
      live: flags.live === true ? true : undefined, replayFiles: flags.replay, replaySpeed, dataDir: flags.dataDir,
    },
    durationMs,
  };
}
