/**
 * Form 8949 rows and Schedule D totals for one tax year from a list of fills (tax-lots.ts does
 * the matching). A disposal belongs to the year of its sale date (UTC). Each row is in cents as
 * the form is filed: proceeds and basis rounded, the gain their difference (so every row adds up),
 * and the Schedule D totals are the sums of those rows (so the form's columns add up to them).
 * A quantity is written in plain decimals to 8 places (the finest lot of the venues traded).
 */
import { TaxLotBook, type Disposal, type LotMethod, type TaxFill } from './tax-lots.js';

export const FORM_8949_COLUMNS = [
  'description', 'date_acquired', 'date_sold', 'proceeds', 'cost_basis', 'adjustment_code', 'adjustment', 'gain_or_loss', 'term',
] as const;

export interface TermTotals {
  proceeds: number;
  costBasis: number;
  gain: number;
  rows: number;
}

export interface TaxReport {
  readonly year: number;
  readonly method: LotMethod;
  readonly disposals: readonly Disposal[];
  readonly scheduleD: { readonly short: TermTotals; readonly long: TermTotals };
}

export function buildTaxReport(fills: readonly TaxFill[], year: number, method: LotMethod): TaxReport {
  const book = new TaxLotBook(method);
  // Same-time fills keep their file order (a stable sort).
  for (const fill of [...fills].sort((a, b) => a.tsMs - b.tsMs)) book.add(fill);
  const disposals = book.allDisposals().filter((d) => new Date(d.soldMs).getUTCFullYear() === year);
  const totals = (term: 'short' | 'long'): TermTotals => {
    const mine = disposals.filter((d) => d.term === term);
    const sum = (f: (d: Disposal) => number) => cents(mine.reduce((a, d) => a + f(d), 0));
    return { proceeds: sum((d) => cents(d.proceeds)), costBasis: sum((d) => cents(d.costBasis)), gain: sum(rowGain), rows: mine.length };
  };
  return { year, method, disposals, scheduleD: { short: totals('short'), long: totals('long') } };
}

/** The report's Form 8949 rows as CSV (header first, RFC 4180 quoting). */
export function form8949Csv(report: TaxReport): string {
  const lines = [FORM_8949_COLUMNS.join(',')];
  for (const d of report.disposals) {
    lines.push([
      `${formatQty(d.qty)} ${d.symbol}`, usDate(d.acquiredMs), usDate(d.soldMs),
      cents(d.proceeds).toFixed(2), cents(d.costBasis).toFixed(2), '', '0.00', rowGain(d).toFixed(2), d.term,
    ].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A row's gain as filed: its rounded proceeds less its rounded basis. */
function rowGain(d: Disposal): number {
  return cents(cents(d.proceeds) - cents(d.costBasis));
}

/** Plain decimals, at most 8 places, no trailing zeros: never `5.3e-7`. */
function formatQty(q: number): string {
  const text = q.toFixed(8).replace(/\.?0+$/, '');
  return text === '' || text === '-0' ? '0' : text;
}

/** MM/DD/YYYY, as Form 8949 writes dates. */
function usDate(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

function csvField(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
