/**
 * `tradebot soak <crypto|stocks> --replay FILE... [--times 20] [--seed 1]`: crash recovery, over
 * and over. A replaying session is started as a child process, killed with SIGKILL at a random
 * moment (seeded), resumed with `--resume`, killed again, `--times` times; then resumed once more
 * and run to the end. The one trail that results must verify, show no client order id submitted
 * twice and no submitted order left without an end, and the final book must hold exactly the
 * fills the trail holds. Prints the tally (or `--json`); exit 0 when all of it holds, 1 if not.
 *
 * The children are real processes and the kill is a real SIGKILL: nothing gets to flush or close.
 * Each child has a deadline; none outlives the command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditFilesIn } from '../compliance/audit-trail-writer.js';
import { verifyAuditTrail } from '../compliance/audit-verify.js';
import { checkTrailConsistency, type TrailConsistency } from '../compliance/trail-consistency.js';
import { auditRecordsIn } from '../compliance/tca-report.js';
import type { RunSummary } from './session-report.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
/** How long a killed round may run before its kill, ms (uniform in between, from the seed). */
const KILL_AFTER_MS = [400, 2500] as const;
const FINAL_RUN_DEADLINE_MS = 10 * 60_000;

export interface CrashSoakOptions {
  readonly assetClass: 'crypto' | 'stocks';
  readonly configPath?: string;
  readonly replay: readonly string[];
  readonly symbols?: readonly string[];
  readonly times: number;
  readonly seed: number;
  /** Replay pace of the killed rounds (the final round runs at full speed). */
  readonly speed: string;
  readonly dataDir?: string;
  readonly json: boolean;
}

export interface CrashSoakResult {
  readonly dataDir: string;
  readonly sessionDir: string;
  readonly kills: number;
  /** Rounds whose replay ended before their kill came. */
  readonly endedBeforeKill: number;
  readonly chainIntact: boolean;
  readonly chainProblem: string | null;
  readonly trail: TrailConsistency;
  readonly bookFills: number;
  readonly bookPositions: Record<string, number>;
  readonly bookMatchesTrail: boolean;
  readonly ok: boolean;
}

class Child {
  readonly process: ChildProcess;
  stderr = '';
  stdout = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.process = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout!.on('data', (d) => { this.stdout += d; });
    this.process.stderr!.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.process.on('close', (code) => resolve(code)));
  }

  /** Resolves with the session directory once the child names it; null if it exits first. */
  async sessionDir(deadlineMs: number): Promise<string | null> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const m = /audit trail (\S+)\//.exec(this.stderr);
      if (m) return m[1];
      if (this.process.exitCode !== null || Date.now() > until) return null;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }
}

/** A small seeded generator (mulberry32): the same seed, the same kill times. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runCrashSoak(opts: CrashSoakOptions, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<CrashSoakResult> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'tradebot-soak-'));
  const base = ['run', opts.assetClass, '--replay', opts.replay.join(','), '--metrics-port', '0', '--data-dir', dataDir,
    ...(opts.configPath !== undefined ? ['--config', opts.configPath] : []),
    ...(opts.symbols !== undefined ? ['--symbols', opts.symbols.join(',')] : [])];
  const next = random(opts.seed);
  let sessionDir: string | null = null;
  let endedBeforeKill = 0;
  for (let round = 0; round < opts.times; round++) {
    const child: Child = new Child([...base, '--speed', opts.speed, ...(round > 0 ? ['--resume', sessionDir!] : [])]);
    try {
      const dir: string | null = await child.sessionDir(60_000);
      if (dir === null) throw new Error(`round ${round + 1}: the session did not start:\n${child.stderr.slice(-2000)}`);
      sessionDir = dir;
      const afterMs = KILL_AFTER_MS[0] + next() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0]);
      const ended = await Promise.race([child.exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), afterMs))]);
      if (ended) endedBeforeKill++;
      child.kill();
      await child.exited;
      log(`round ${round + 1}/${opts.times}: ${ended ? 'the replay ended before the kill' : `SIGKILL after ${Math.round(afterMs)} ms`}; `
        + `${auditRecordsIn(dir).filter((r) => r.kind === 'fill').length} fills in the trail`);
    } finally {
      child.kill();
    }
  }
  if (sessionDir === null) throw new Error('soak: --times must be at least 1');
  const last = new Child([...base, '--speed', '0', '--json', '--resume', sessionDir]);
  const timer = setTimeout(() => last.kill(), FINAL_RUN_DEADLINE_MS);
  const code = await last.exited.finally(() => clearTimeout(timer));
  if (code !== 0) throw new Error(`the final resumed run exited with ${code}:\n${last.stderr.slice(-2000)}`);
  const summary = JSON.parse(last.stdout.trim().split('\n').pop()!) as RunSummary;

  const verdict = verifyAuditTrail(auditFilesIn(sessionDir).map((f) => path.join(sessionDir!, f)), { fromStart: true });
  const trail = checkTrailConsistency(auditRecordsIn(sessionDir));
  const bookMatchesTrail = summary.portfolio_fills === trail.fills
    && Object.entries(trail.positions).every(([sym, q]) => Math.abs((summary.positions[sym] ?? 0) - q) <= 1e-9 * Math.max(1, Math.abs(q)));
  const ok = verdict.ok && bookMatchesTrail && trail.duplicateOrderIds.length === 0 && trail.duplicateTradeIds.length === 0 && trail.untrackedOrderIds.length === 0
    && trail.resumes === opts.times;
  return {
    dataDir, sessionDir, kills: opts.times - endedBeforeKill, endedBeforeKill,
    chainIntact: verdict.ok, chainProblem: verdict.problem === null ? null : `${verdict.problem.file}: ${verdict.problem.message}`,
    trail, bookFills: summary.portfolio_fills, bookPositions: summary.positions, bookMatchesTrail, ok,
  };
}

export function formatCrashSoak(r: CrashSoakResult, opts: Pick<CrashSoakOptions, 'times' | 'seed' | 'assetClass'>): string {
  const int = (n: number) => n.toLocaleString('en-US');
  const rows: Array<[string, string]> = [
    ['kill -9 restarts', `${int(r.kills)}${r.endedBeforeKill > 0 ? ` (${r.endedBeforeKill} rounds ended before their kill)` : ''}`],
    ['resumes recorded', `${int(r.trail.resumes)} of ${int(opts.times)}`],
    ['fills in the trail', int(r.trail.fills)],
    ['fills in the final book', int(r.bookFills)],
    ['orders submitted', int(r.trail.ordersSubmitted)],
    ['order ids submitted twice', int(r.trail.duplicateOrderIds.length)],
    ['orders with no end', int(r.trail.untrackedOrderIds.length)],
    ['orders ended at a crash', int(r.trail.crashEndedOrders)],
    ['book = trail (fills, positions)', r.bookMatchesTrail ? 'yes' : 'NO'],
    ['hash chain', r.chainIntact ? 'intact' : `BROKEN: ${r.chainProblem}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    `crash soak, ${opts.assetClass} replay, seed ${opts.seed}: ${r.ok ? 'PASS' : 'FAIL'}`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    `  trail: ${r.sessionDir}`,
  ].join('\n');
}
