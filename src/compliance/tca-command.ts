/**
 * `tradebot report tca [--data-dir var | --trail DIR] [--json]`: transaction costs of the fills in
 * the audit trails (tca-report.ts), per symbol and in total. Exit 2 when there is no trail to read.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { auditRecordsIn, transactionCosts } from './tca-report.js';

export function runTcaCommand(args: { dataDir?: string; trail?: string; json?: boolean }): number {
  const dir = args.trail ?? path.join(args.dataDir ?? 'var', 'audit');
  if (!existsSync(dir)) {
    process.stderr.write(`tradebot: report tca: no audit trail at ${dir} (sessions write one under pipeline.dataDir)\n`);
    return 2;
  }
  let result;
  try {
    result = transactionCosts(auditRecordsIn(dir));
  } catch (err) {
    process.stderr.write(`tradebot: report tca: ${(err as Error).message}\n`);
    return 2;
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const lines = [`transaction costs of the fills in ${dir} (bps of notional, against the arrival mid)`,
    'symbol        fills  orders   notional USD  slippage  fees  shortfall  shortfall USD  fill rate'];
  for (const r of [...result.rows, result.total]) {
    lines.push(`${r.symbol.padEnd(12)} ${String(r.fills).padStart(6)} ${String(r.orders).padStart(7)} ${r.notionalUsd.toFixed(2).padStart(14)} ${r.slippageBps.toFixed(2).padStart(9)} ${r.feeBps.toFixed(2).padStart(5)} ${r.shortfallBps.toFixed(2).padStart(10)} ${r.shortfallUsd.toFixed(2).padStart(14)} ${(r.fillRate * 100).toFixed(1).padStart(9)}%`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
