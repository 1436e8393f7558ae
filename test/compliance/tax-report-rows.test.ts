// Form 8949 rows as filed: each row's gain is its rounded proceeds less its rounded basis, the
// Schedule D totals are the sums of the rows, and quantities are plain decimals (never 5.3e-7).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildTaxReport, form8949Csv } from '../../src/compliance/tax-report.js';
import type { TaxFill } from '../../src/compliance/tax-lots.js';

const T = Date.UTC(2026, 2, 1);

/** Many small round trips whose amounts fall between cents, and one dust lot. */
function fills(): TaxFill[] {
  const out: TaxFill[] = [];
  for (let i = 0; i < 200; i++) {
    const qty = 0.0123457 + i * 1.3e-7;
    out.push({ tsMs: T + i * 60_000, symbol: 'ETH/USDT', side: 'buy', qty, price: 3_000.127 + i * 0.333, fee: 0.017 * (i % 7) });
    out.push({ tsMs: T + i * 60_000 + 30_000, symbol: 'ETH/USDT', side: 'sell', qty, price: 3_000.129 + i * 0.337, fee: 0.013 * (i % 5) });
  }
  out.push({ tsMs: T + 1e8, symbol: 'BTC/USDT', side: 'buy', qty: 5.3e-7, price: 60_000, fee: 0 });
  out.push({ tsMs: T + 1e8 + 1, symbol: 'BTC/USDT', side: 'sell', qty: 5.3e-7, price: 60_100, fee: 0 });
  return out;
}

test('every row adds up, and the columns add up to Schedule D', () => {
  const report = buildTaxReport(fills(), 2026, 'fifo');
  const rows = form8949Csv(report).trim().split('\n').slice(1).map((line) => line.split(','));
  assert.is(rows.length, 201);
  let proceeds = 0;
  let basis = 0;
  let gain = 0;
  for (const r of rows) {
    const [p, b, g] = [Number(r[3]), Number(r[4]), Number(r[7])];
    assert.is(Math.round((p - b) * 100), Math.round(g * 100), `row ${r.join(',')}`);
    proceeds += p;
    basis += b;
    gain += g;
  }
  const short = report.scheduleD.short;
  assert.is(Math.round(proceeds * 100), Math.round(short.proceeds * 100));
  assert.is(Math.round(basis * 100), Math.round(short.costBasis * 100));
  assert.is(Math.round(gain * 100), Math.round(short.gain * 100));
});

test('quantities are plain decimals to 8 places', () => {
  const csv = form8949Csv(buildTaxReport(fills(), 2026, 'fifo'));
  assert.not.match(csv, /\de-\d/);
  assert.match(csv, /^0\.00000053 BTC\/USDT,/m);
  assert.match(csv, /^0\.0123457 ETH\/USDT,/m);
});

test.run();
