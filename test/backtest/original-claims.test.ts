// The original system's claimed figures are printed as written in its README, labelled as
// unverified, beside our columns; when the README is here, every figure is checked against its
// performance table.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildBacktestReport } from '../../src/backtest/backtest-report.js';
import { ORIGINAL_CLAIMS, type ClaimedColumn } from '../../src/backtest/original-claims.js';
import { renderTerminalReport } from '../../src/backtest/terminal-report.js';
import { SHARED_DATA } from '../support/shared-data.js';
import { sampleReportInput } from './fixture.js';

const README = path.resolve(SHARED_DATA, '../reference/original-system-README.md');
const ROWS: Array<[string, keyof ClaimedColumn]> = [
  ['Annualized Return', 'annualisedReturn'], ['Sharpe Ratio', 'sharpe'], ['Max Drawdown', 'maxDrawdown'], ['Win Rate', 'winRate'], ['Profit Factor', 'profitFactor'],
];

test('the combined column is the one the brief quotes; the fractions match the text', () => {
  const c = ORIGINAL_CLAIMS.combined;
  assert.equal([c.annualisedReturn, c.sharpe, c.maxDrawdown, c.winRate, c.profitFactor].map((f) => f.asWritten), ['34.2%', '2.18', '-8.4%', '67.3%', '2.31']);
  for (const col of [ORIGINAL_CLAIMS.crypto, ORIGINAL_CLAIMS.stocks, ORIGINAL_CLAIMS.combined]) {
    for (const [, k] of ROWS) {
      const f = col[k];
      const parsed = f.asWritten.endsWith('%') ? Math.abs(Number(f.asWritten.slice(0, -1))) / 100 : Number(f.asWritten);
      assert.ok(Math.abs(parsed - f.value) < 1e-12, `${k} ${f.asWritten} vs ${f.value}`);
    }
  }
});

test('every figure equals its cell in the README table (crypto | stocks | combined)', () => {
  if (!existsSync(README)) {
    if (process.env.REQUIRE_SHARED_DATA === '1') throw new Error(`required test input missing: ${README} (REQUIRE_SHARED_DATA=1)`);
    process.stderr.write(`skipped: ${README} not found\n`);
    return;
  }
  const text = readFileSync(README, 'utf8');
  assert.ok(text.includes('Live Trading Performance'));
  for (const [label, k] of ROWS) {
    const line = text.split('\n').find((l) => l.startsWith(`| **${label}** |`));
    assert.ok(line !== undefined, `row ${label}`);
    const cells = (line as string).split('|').slice(2, 5).map((s) => s.trim());
    assert.equal(cells, [ORIGINAL_CLAIMS.crypto[k].asWritten, ORIGINAL_CLAIMS.stocks[k].asWritten, ORIGINAL_CLAIMS.combined[k].asWritten], label);
  }
});

test('the terminal report prints them, says they are unverified, and writes no escape codes', () => {
  const text = renderTerminalReport(buildBacktestReport(sampleReportInput()));
  for (const s of ['34.2%', '2.18', '-8.4%', '67.3%', '2.31', '38.7%', '-9.2%', '64.8%', 'unverified', 'original-system-README.md']) assert.ok(text.includes(s), s);
  assert.not.ok(text.includes('\u001b'));
});

test.run();
