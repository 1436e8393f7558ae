/**
 * `tradebot report tax --year YYYY [--data-dir DIR | --trail DIR | --fills FILE] [--method
 * fifo|lifo|specific] [--out FILE.csv] [--json]`: Form 8949 rows (to --out as CSV) and the
 * Schedule D short- and long-term totals (stdout), from the fills of sessions' audit trails (by
 * default every session under the data directory's `audit/`, as `run` writes them; or one
 * directory given with --trail) or of a JSON Lines file. Exit 2 on a usage or input error,
 * naming the flag or the file and line. Trails record whether their session traded paper or
 * live; `--execution live` keeps only live sessions' fills (what a tax return is about), and
 * the totals say how many sessions of each kind they were taken from.
 */
import { writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fillsFromTrail, readFillsFile, TRAIL_EXECUTIONS, type TrailExecution } from './fills-file.js';
import { LOT_METHODS, type LotMethod } from './tax-lots.js';
import { buildTaxReport, form8949Csv } from './tax-report.js';

export function runTaxReportCommand(args: {
  year?: string; fills?: string; trail?: string; dataDir?: string; method?: string; out?: string; json?: boolean; execution?: string;
}): number {
  const year = Number(args.year);
  if (!(Number.isInteger(year) && year >= 1970 && year <= 9999)) return usage(`report tax: --year must be a year like 2024, got ${args.year ?? 'nothing'}`);
  if (args.fills !== undefined && args.trail !== undefined) {
    return usage('report tax: give one of --trail DIR (sessions\' audit trails, e.g. var/audit) or --fills FILE (JSON Lines, one fill per line)');
  }
  // Neither: the trails `run` wrote under the data directory.
  const trail = args.fills === undefined ? (args.trail ?? path.join(args.dataDir ?? 'var', 'audit')) : undefined;
  if (trail !== undefined && !existsSync(trail)) {
    return usage(`report tax: no audit trail at ${trail}${args.trail === undefined ? ' (give --data-dir, --trail or --fills)' : ''}`);
  }
  const method = (args.method ?? 'fifo') as LotMethod;
  if (!LOT_METHODS.includes(method)) return usage(`report tax: --method must be one of ${LOT_METHODS.join(', ')}, got ${args.method}`);
  const execution = args.execution === undefined || args.execution === 'all' ? undefined : args.execution as TrailExecution;
  if (execution !== undefined && !TRAIL_EXECUTIONS.includes(execution)) {
    return usage(`report tax: --execution must be one of all, ${TRAIL_EXECUTIONS.join(', ')}, got ${args.execution}`);
  }
  if (execution !== undefined && trail === undefined) return usage('report tax: --execution picks sessions of audit trails; a --fills file has no sessions');
  let report;
  let sessions: Readonly<Record<TrailExecution, number>> | null = null;
  try {
    let fills;
    if (trail !== undefined) ({ fills, sessions } = fillsFromTrail(trail, execution));
    else fills = readFillsFile(args.fills!);
    report = buildTaxReport(fills, year, method);
  } catch (e) {
    return usage(`report tax: ${(e as Error).message}`);
  }
  if (args.out !== undefined) {
    try {
      writeFileSync(args.out, form8949Csv(report));
    } catch (e) {
      return usage(`report tax: --out ${args.out}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  const { short, long } = report.scheduleD;
  const from = sessions === null ? null : { execution: execution ?? 'all', sessions };
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ year, method, rows: report.disposals.length, schedule_d: { short, long }, wash_sales_adjusted: false, ...(from ? { from } : {}) })}\n`);
  } else {
    const line = (name: string, t: typeof short) => `${name.padEnd(10)} ${String(t.rows).padStart(5)} rows  proceeds ${t.proceeds.toFixed(2)}  cost basis ${t.costBasis.toFixed(2)}  gain ${t.gain.toFixed(2)}`;
    process.stdout.write(`Schedule D ${year} (${method}; wash sales not adjusted)\n${line('short-term', short)}\n${line('long-term', long)}\n`
      + (from ? `${sessionNote(from.execution, from.sessions)}\n` : '')
      + (args.out !== undefined ? `Form 8949 rows written to ${args.out}\n` : ''));
  }
  return 0;
}

/** Which sessions the rows come from; a warning when paper sessions are among them. */
function sessionNote(execution: string, sessions: Readonly<Record<TrailExecution, number>>): string {
  const read = `sessions read: ${sessions.live} live, ${sessions.paper} paper, ${sessions.unknown} not recorded`;
  if (execution !== 'all') return `${read}; fills of ${execution} sessions only`;
  return sessions.paper + sessions.unknown > 0
    ? `${read}; paper fills are included (they dispose of nothing: --execution live keeps live sessions only)`
    : read;
}

function usage(message: string): number {
  process.stderr.write(`tradebot: ${message}\n`);
  return 2;
}
