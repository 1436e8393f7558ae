// Tax lots on a scripted sequence across two years: FIFO, LIFO and specific-lot matching with
// partial closes, fees in basis and proceeds, the one-year holding rule, a covered short; the
// year's Form 8949 rows and Schedule D totals; the CLI.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { heldMoreThanOneYear, TaxLotBook, type TaxFill } from '../../src/compliance/tax-lots.js';
import { buildTaxReport, form8949Csv } from '../../src/compliance/tax-report.js';
import { tempDir } from '../support/temp-dir.js';
import { runCli } from '../pipeline/cli-session.js';

const day = (iso: string) => Date.parse(`${iso}T15:00:00Z`);
const FILLS: TaxFill[] = [
  { tsMs: day('2023-01-10'), symbol: 'BTC/USD', side: 'buy', qty: 1, price: 20_000, fee: 20, lotId: 'A' },
  { tsMs: day('2023-06-01'), symbol: 'BTC/USD', side: 'buy', qty: 1, price: 30_000, fee: 30, lotId: 'B' },
  { tsMs: day('2024-01-11'), symbol: 'BTC/USD', side: 'sell', qty: 1.5, price: 40_000, fee: 60 },
  { tsMs: day('2024-03-01'), symbol: 'ETH/USD', side: 'sell', qty: 2, price: 3_000, fee: 6 },
  { tsMs: day('2024-04-01'), symbol: 'ETH/USD', side: 'buy', qty: 2, price: 2_500, fee: 5 },
];
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} != ${b}`);

function disposalsOf(method: 'fifo' | 'lifo' | 'specific', fills = FILLS) {
  const book = new TaxLotBook(method);
  for (const f of fills) book.add(f);
  return book;
}

test('FIFO: the oldest lot first, split when partly sold; fees in basis and proceeds; long after a year', () => {
  const book = disposalsOf('fifo');
  const [a, b, eth] = book.allDisposals();
  assert.equal([a.lotId, a.qty, a.term], ['A', 1, 'long']);
  close(a.proceeds, 40_000 - 40, 'A proceeds (its 2/3 of the sell fee)');
  close(a.costBasis, 20_020, 'A basis');
  close(a.gain, 19_940, 'A gain');
  assert.equal([b.lotId, b.qty, b.term], ['B', 0.5, 'short']);
  close(b.proceeds, 20_000 - 20, 'B proceeds');
  close(b.costBasis, 15_015, 'half of B');
  const left = book.openLots('BTC/USD');
  assert.is(left.length, 1);
  assert.is(left[0].id, 'B');
  close(left[0].qty, 0.5, 'B left');
  close(left[0].amount, 15_015, 'B basis left');
  // The short: sold first, covered later; reported at the cover, short-term.
  assert.equal([eth.symbol, eth.term, new Date(eth.soldMs).toISOString().slice(0, 10), new Date(eth.acquiredMs).toISOString().slice(0, 10)],
    ['ETH/USD', 'short', '2024-04-01', '2024-04-01']);
  close(eth.proceeds, 6_000 - 6, 'short proceeds');
  close(eth.costBasis, 5_000 + 5, 'cover cost');
  assert.is(book.openLots('ETH/USD').length, 0);
});

test('LIFO takes the newest lot first; specific takes the named lot first', () => {
  const [b, a] = disposalsOf('lifo').allDisposals();
  assert.equal([b.lotId, b.qty, b.term, a.lotId, a.qty, a.term], ['B', 1, 'short', 'A', 0.5, 'long']);
  close(b.gain, 39_960 - 30_030, 'B gain');
  close(a.gain, 19_980 - 10_010, 'A gain');
  const specific = FILLS.map((f) => (f.side === 'sell' && f.symbol === 'BTC/USD' ? { ...f, lotIds: ['B'] } : f));
  const [first, second] = disposalsOf('specific', specific).allDisposals();
  assert.equal([first.lotId, first.qty, second.lotId, second.qty], ['B', 1, 'A', 0.5]);
  assert.throws(() => disposalsOf('specific', [...FILLS.slice(0, 2), { ...FILLS[2], lotIds: ['Z'] }]), /no open lot "Z" to close \(open: A, B\)/);
});

test('the holding period: long only after the anniversary of the acquisition day', () => {
  assert.not.ok(heldMoreThanOneYear(day('2023-03-15'), day('2024-03-15')));
  assert.ok(heldMoreThanOneYear(day('2023-03-15'), day('2024-03-16')));
  assert.not.ok(heldMoreThanOneYear(day('2023-12-31'), day('2024-12-31')));
  // Bought on a 29 February: the anniversary is the 28th of the next February.
  assert.not.ok(heldMoreThanOneYear(day('2024-02-29'), day('2025-02-28')));
  assert.ok(heldMoreThanOneYear(day('2024-02-29'), day('2025-03-01')));
  assert.not.ok(heldMoreThanOneYear(day('2024-02-28'), day('2025-02-28')));
  assert.ok(heldMoreThanOneYear(day('2023-03-01'), day('2024-03-02')));
});

test('the year\'s Form 8949 rows and Schedule D totals', () => {
  assert.is(buildTaxReport(FILLS, 2023, 'fifo').disposals.length, 0, 'nothing was sold in 2023');
  const r = buildTaxReport(FILLS, 2024, 'fifo');
  assert.equal(r.scheduleD.long, { proceeds: 39_960, costBasis: 20_020, gain: 19_940, rows: 1 });
  assert.equal(r.scheduleD.short, { proceeds: 19_980 + 5_994, costBasis: 15_015 + 5_005, gain: 4_965 + 989, rows: 2 });
  const csv = form8949Csv(r).trim().split('\n');
  assert.is(csv[0], 'description,date_acquired,date_sold,proceeds,cost_basis,adjustment_code,adjustment,gain_or_loss,term');
  assert.is(csv[1], '1 BTC/USD,01/10/2023,01/11/2024,39960.00,20020.00,,0.00,19940.00,long');
  assert.is(csv[2], '0.5 BTC/USD,06/01/2023,01/11/2024,19980.00,15015.00,,0.00,4965.00,short');
});

test('bad fills are refused naming the field', () => {
  const book = new TaxLotBook('fifo');
  assert.throws(() => book.add({ ...FILLS[0], qty: NaN }), /qty must be a positive number, got NaN/);
  assert.throws(() => book.add({ ...FILLS[0], fee: -1 }), /fee must be >= 0/);
});

test('tradebot report tax: the CSV and the totals; a bad line named by file and line', async () => {
  const dir = tempDir('tradebot-tax-');
  const fills = path.join(dir, 'fills.jsonl');
  writeFileSync(fills, FILLS.map((f) => JSON.stringify({ ...f, ts: new Date(f.tsMs).toISOString(), tsMs: undefined })).join('\n'));
  const out = path.join(dir, '8949.csv');
  const r = await runCli(['report', 'tax', '--year', '2024', '--fills', fills, '--out', out, '--json'], 15_000);
  assert.is(r.code, 0, r.stderr);
  const totals = JSON.parse(r.stdout.trim());
  assert.is(totals.schedule_d.long.gain, 19_940);
  assert.is(totals.schedule_d.short.rows, 2);
  assert.is(readFileSync(out, 'utf8').trim().split('\n').length, 4);
  writeFileSync(fills, `${JSON.stringify({ ts: '2024-01-01T00:00:00Z', symbol: 'BTC/USD', side: 'buy', qty: 1, price: 1 })}\n{"ts": 5, "symbol": "X", "side": "hold"}\n`);
  const bad = await runCli(['report', 'tax', '--year', '2024', '--fills', fills], 15_000);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /fills\.jsonl:2: "side" must be "buy" or "sell", got "hold"/);
});

test.run();
