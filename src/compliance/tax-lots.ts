/**
 * Tax lots: which purchase each sale disposes of, for capital gains reporting.
 *
 * Every buy opens a lot (quantity, date, cost basis = quantity x price + the buy's fee); every sell
 * closes quantity from the open lots in the chosen order, `fifo` (oldest first, the IRS default),
 * `lifo` (newest first) or `specific` (the lots the sell names by id, then FIFO for the rest),
 * splitting a lot when the sell takes part of it. Each closed piece is a Disposal with the Form
 * 8949 fields: proceeds = quantity x price - its share of the sell's fee, cost basis = its share of
 * the lot's basis, gain = proceeds - basis, and the term: long when it was held more than one
 * year (sold after the anniversary of the day after it was acquired, IRS Pub. 550), else short.
 *
 * Short sales: a sell with no long lot left opens a short lot (proceeds now, basis when covered);
 * the buy that covers it closes it. As IRS Pub. 550 has it, the sale is reported when it closes:
 * both dates are the cover's (the property delivered was acquired and delivered then), and the
 * term is short.
 *
 * Quantities and money are plain numbers; a lot left with less than `dust` quantity (float
 * remainders of splits) is treated as closed. Wash sales are not adjusted (adjustment 0): the
 * report says so.
 */

export type LotMethod = 'fifo' | 'lifo' | 'specific';
export const LOT_METHODS: readonly LotMethod[] = ['fifo', 'lifo', 'specific'];

export interface TaxFill {
  /** Event time, epoch ms. */
  readonly tsMs: number;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly price: number;
  /** Fee paid in the quote currency (USD), >= 0. */
  readonly fee: number;
  /** specific: the ids of the lots this sell closes, in order. */
  readonly lotIds?: readonly string[];
  /** An id for the lot this fill opens (default `<symbol>#<n>`). */
  readonly lotId?: string;
}

export interface OpenLot {
  readonly id: string;
  readonly symbol: string;
  /** +1 long (opened by a buy), -1 short (opened by a sell). */
  readonly direction: 1 | -1;
  readonly openedMs: number;
  qty: number;
  /** Long: cost basis of the remaining quantity; short: proceeds of the remaining quantity. */
  amount: number;
}

export interface Disposal {
  readonly symbol: string;
  readonly lotId: string;
  readonly qty: number;
  readonly acquiredMs: number;
  readonly soldMs: number;
  readonly proceeds: number;
  readonly costBasis: number;
  readonly gain: number;
  readonly term: 'short' | 'long';
}

export class TaxLotBook {
  private readonly lots = new Map<string, OpenLot[]>();
  private readonly disposals: Disposal[] = [];
  private opened = 0;

  constructor(readonly method: LotMethod = 'fifo', readonly dust = 1e-12) {
    if (!LOT_METHODS.includes(method)) throw new Error(`tax lots: method must be one of ${LOT_METHODS.join(', ')}, got ${method}`);
  }

  /** Book one fill; throws on a fill that is not a finite, positive trade (naming the field). */
  add(fill: TaxFill): void {
    for (const [name, v] of [['qty', fill.qty], ['price', fill.price]] as const) {
      if (!(v > 0 && v < Infinity)) throw new Error(`tax lots: ${fill.symbol} ${fill.side} at ${new Date(fill.tsMs).toISOString()}: ${name} must be a positive number, got ${v}`);
    }
    if (!(fill.fee >= 0 && fill.fee < Infinity)) throw new Error(`tax lots: ${fill.symbol} fee must be >= 0, got ${fill.fee}`);
    if (!Number.isFinite(fill.tsMs)) throw new Error(`tax lots: ${fill.symbol} fill without a valid time`);
    const direction = fill.side === 'buy' ? 1 : -1;
    const open = this.lots.get(fill.symbol) ?? [];
    this.lots.set(fill.symbol, open);
    let remaining = fill.qty;
    // A fill first closes lots of the other direction, then opens a lot with what is left.
    for (const lot of this.closingOrder(open, -direction as 1 | -1, fill.lotIds)) {
      if (remaining <= this.dust) break;
      const take = Math.min(remaining, lot.qty);
      this.close(lot, take, fill);
      remaining -= take;
    }
    for (let i = open.length - 1; i >= 0; i--) if (open[i].qty <= this.dust) open.splice(i, 1);
    if (remaining > this.dust) {
      const share = remaining / fill.qty;
      const gross = remaining * fill.price;
      // A long lot's basis includes its share of the buy fee; a short lot's proceeds are net of the sell fee.
      const amount = direction === 1 ? gross + fill.fee * share : gross - fill.fee * share;
      open.push({ id: fill.lotId ?? `${fill.symbol}#${++this.opened}`, symbol: fill.symbol, direction, openedMs: fill.tsMs, qty: remaining, amount });
    }
  }

  /** Disposals so far, in the order they happened. */
  allDisposals(): readonly Disposal[] {
    return this.disposals;
  }

  openLots(symbol: string): readonly OpenLot[] {
    return this.lots.get(symbol) ?? [];
  }

  private closingOrder(open: OpenLot[], direction: 1 | -1, named: readonly string[] | undefined): OpenLot[] {
    const candidates = open.filter((l) => l.direction === direction);
    const byAge = this.method === 'lifo' ? candidates.reverse() : candidates;
    if (this.method !== 'specific' || named === undefined || named.length === 0) return byAge;
    const chosen = named.map((id) => {
      const lot = candidates.find((l) => l.id === id);
      if (lot === undefined) throw new Error(`tax lots: no open lot "${id}" to close (open: ${candidates.map((l) => l.id).join(', ') || 'none'})`);
      return lot;
    });
    return [...chosen, ...byAge.filter((l) => !chosen.includes(l))];
  }

  private close(lot: OpenLot, qty: number, fill: TaxFill): void {
    const lotShare = lot.amount * (qty / lot.qty);
    const feeShare = fill.fee * (qty / fill.qty);
    const trade = qty * fill.price;
    lot.qty -= qty;
    lot.amount -= lotShare;
    const long = lot.direction === 1;
    // Long: sold now, basis from the lot. Short: covered now, proceeds from the lot.
    const proceeds = long ? trade - feeShare : lotShare;
    const costBasis = long ? lotShare : trade + feeShare;
    this.disposals.push({
      symbol: lot.symbol, lotId: lot.id, qty,
      acquiredMs: long ? lot.openedMs : fill.tsMs,
      soldMs: fill.tsMs,
      proceeds, costBasis, gain: proceeds - costBasis,
      term: long && heldMoreThanOneYear(lot.openedMs, fill.tsMs) ? 'long' : 'short',
    });
  }
}

/**
 * Held more than one year: the holding period starts the day after acquisition, so a lot bought
 * on 2023-03-15 is long-term when sold on 2024-03-16 or later (UTC dates). A lot bought on
 * 29 February has its anniversary on the last day of the next February (the 28th), so it is
 * long-term from 1 March: Date.UTC would roll 29 February of a common year over to 1 March and
 * keep it short-term a day too long.
 */
export function heldMoreThanOneYear(acquiredMs: number, soldMs: number): boolean {
  const a = new Date(acquiredMs);
  const year = a.getUTCFullYear() + 1;
  const month = a.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const anniversary = Date.UTC(year, month, Math.min(a.getUTCDate(), lastDay));
  const soldDay = Date.UTC(new Date(soldMs).getUTCFullYear(), new Date(soldMs).getUTCMonth(), new Date(soldMs).getUTCDate());
  return soldDay > anniversary;
}
