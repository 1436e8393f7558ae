/**
 * Output helpers shared by every benchmark: an aligned plain-text table for humans and a JSON
 * file under `<repo>/bench/results/` for machines (CI comparisons, dashboards).
 *
 * Every JSON result carries a `machine` block, because a number without the hardware it was
 * measured on cannot be compared with anything (this project runs on 2-vCPU VMs and laptops alike).
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { speedProbeNs } from './speed-probe.js';

export type Cell = string | number;
export type Row = Record<string, Cell>;

/** A column is a row key, or a key with a header label different from the key. */
export type Column = string | { key: string; label: string };

/**
 * The repository root. This file runs compiled as `<root>/dist/bench/report.js`, so the root is
 * two levels up; resolving from `import.meta.url` (not `process.cwd()`) lets a benchmark be
 * started from any directory and still write its results to the same place.
 */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

export interface MachineInfo {
  node: string;
  v8: string;
  platform: string;
  arch: string;
  cpu_model: string;
  cpu_count: number;
  total_mem_gib: number;
  date: string;
  /**
   * The machine speed probe when the result was written (speed-probe.ts: ns an iteration, lower
   * is faster; on the VM these results come from, ~0.8 at full speed, ~1.3 in the host's slow phase).
   */
  speed_probe_ns: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    cpu_count: cpus.length,
    total_mem_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    date: new Date().toISOString(),
    speed_probe_ns: speedProbeNs(),
  };
}

export interface Contention {
  wall_s: number;
  /** CPU seconds this process used (all its threads). */
  own_cpu_s: number;
  /** CPU seconds everything else on the machine used meanwhile. */
  other_cpu_s: number;
  /** other_cpu_s / wall_s: how many cores, on average, other processes took from us. */
  other_cores: number;
}

/**
 * Start measuring how much CPU other processes take during a benchmark; call the returned
 * function at the end. On a 2-core machine a single busy neighbour (a build, a test run) halves
 * what a spinning benchmark can do, so results carry this to tell a regression from a busy box.
 * (The load average cannot: it lags by a minute and counts this benchmark's own threads.)
 */
export function watchContention(): () => Contention {
  const busyMs = (): number => os.cpus().reduce((t, c) => t + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
  const wall0 = performance.now();
  const busy0 = busyMs();
  const own0 = process.cpuUsage();
  return () => {
    const wall = (performance.now() - wall0) / 1000;
    const own = process.cpuUsage(own0);
    const ownS = (own.user + own.system) / 1e6;
    const otherS = Math.max(0, (busyMs() - busy0) / 1000 - ownS);
    const r2 = (x: number): number => Math.round(x * 100) / 100;
    return { wall_s: r2(wall), own_cpu_s: r2(ownS), other_cpu_s: r2(otherS), other_cores: r2(otherS / wall) };
  };
}

/** Median of a non-empty list (the usual summary of repeated runs: robust to one noisy run). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** About three significant digits without exponent notation (0.14, 24.8, 136), for table cells. */
export function fmt(x: number): string {
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function cellText(value: Cell | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? String(value) : value;
}

/**
 * Print `rows` as an aligned table. Numbers are right-aligned and strings left-aligned, so
 * columns of figures line up on their last digit; callers format numbers into strings when they
 * want units or a fixed precision (those strings are right-aligned too if they start with a digit).
 */
export function printTable(title: string, rows: Row[], columns: readonly Column[]): void {
  const cols = columns.map((c) => (typeof c === 'string' ? { key: c, label: c } : c));
  const text = rows.map((row) => cols.map((c) => cellText(row[c.key])));
  const numeric = cols.map((c, j) =>
    rows.length > 0 && rows.every((row, i) => typeof row[c.key] === 'number' || /^[-+]?[\d.]/.test(text[i][j])),
  );
  const widths = cols.map((c, j) => Math.max(c.label.length, ...text.map((t) => t[j].length)));
  const pad = (s: string, j: number): string => (numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]));
  const line = (cells: string[]): string => cells.map(pad).join('  ').trimEnd();

  const out = [title, line(cols.map((c) => c.label)), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const t of text) out.push(line(t));
  process.stdout.write(out.join('\n') + '\n\n');
}

/**
 * Write `data` plus a `machine` block as pretty JSON to `<repo>/bench/results/<name>.json`
 * (creating the directory if needed). Returns the path written.
 */
export function writeResult(name: string, data: Record<string, unknown>): string {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`writeResult: bad result name "${name}"`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...data, machine: machineInfo() }, null, 2) + '\n');
  return file;
}
