// Shared inputs of the optimize tests: two days of FTX BTC-PERP 1-minute bars written to a
// temporary directory (optionally with the bars from a given time on distorted), a trading
// config and a three-parameter search space.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cryptoConfig } from '../pipeline/cli-session.js';
import { sharedFile } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';
import type { OptimizeArgs } from '../../src/backtest/optimize-command.js';

export const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';

/**
 * Two days (2022-01-03 and 04) of the FTX file as a CSV in a temporary directory, or null when the
 * shared file is absent. From `corruptFrom` (an ISO time) on, every price is scaled by a factor
 * that swings +-3% from bar to bar: a market no parameter choice could have seen coming.
 */
export function twoDays(corruptFrom?: string): string | null {
  const source = sharedFile(FTX);
  if (source === null) return null;
  const [header, ...rows] = readFileSync(source, 'utf8').trim().split('\n');
  const kept = rows.filter((r) => r.startsWith('2022-01-03') || r.startsWith('2022-01-04'));
  const from = corruptFrom === undefined ? Infinity : Date.parse(corruptFrom);
  const out = kept.map((row, i) => {
    const [time, ...values] = row.split(',');
    if (Date.parse(`${time.replace(' ', 'T')}Z`) < from) return row;
    const k = 1 + 0.03 * Math.sin(i * 1.7);
    const [o, h, l, c, v] = values.map(Number);
    return [time, o * k, h * k, l * k, c * k, v].join(',');
  });
  const file = path.join(tempDir('tradebot-optimize-data-'), corruptFrom === undefined ? 'btc-2d.csv' : 'btc-2d-corrupt.csv');
  writeFileSync(file, `${[header, ...out].join('\n')}\n`);
  return file;
}

export function spaceFile(): string {
  const file = path.join(tempDir('tradebot-optimize-space-'), 'space.json');
  writeFileSync(file, JSON.stringify({
    'risk.fraction': { min: 0.005, max: 0.05, log: true },
    'strategy.edgeThresholdBps': { min: 1, max: 8, int: true },
    'risk.sizer': { choices: ['fixed_fraction', 'cost_aware'] },
  }));
  return file;
}

/** conf/crypto.yml trading every signal over 3 bps (fixed_fraction), as the base config. */
export function tradingConfig(): string {
  return cryptoConfig((y) => y.replace(/^  sizer: kelly$/m, '  sizer: fixed_fraction').replace(/^  edgeThresholdBps: 12$/m, '  edgeThresholdBps: 3'));
}

/** 3 trials, 2 rolling folds, parallel 2, Sharpe, seed 11, no progress line. */
export function smallRun(dataFile: string, config: string, space: string): OptimizeArgs {
  return {
    assetClass: 'crypto', dataFiles: [dataFile], symbols: ['BTC/USDT'], configPath: config, spaceFile: space,
    objective: 'sharpe', trials: 3, folds: 2, seed: 11, parallel: 2, progress: false,
  };
}
