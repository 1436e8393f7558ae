/**
 * Round trips: fills matched FIFO into closed trades, per symbol.
 *
 * Per symbol the signed position is followed fill by fill (in time order; equal times keep the
 * input order). A fill that adds to the position (or opens it from flat) opens a lot; a fill
 * against it closes lots oldest first, splitting the last one if needed. A round trip starts
 * when the position leaves flat and closes when it returns to flat, or when a fill carries it
 * through zero (a flip): then the part of that fill up to flat closes the trip and the rest
 * opens the next one, the fill's fee split between the two by quantity.
 *
 * Realised PnL of a round trip = sum over matched pieces of direction x (exit - entry) x qty,
 * minus every fee of the fills (or parts of fills) that opened and closed it. A trip still
 * open at the end is not a round trip: its fills count in fees and trades, not in win rate.
 *
 * Opening fills are remembered with their notional and attribution so PnL can be split by the
 * models whose edge opened the trade (alpha-attribution.ts).
 */

import type { AssetClass, BacktestFill } from './backtest-types.js';

/** A fill, or the part of one, that opened or added to a round trip. */
export interface OpeningLeg {
  readonly notionalUsd: number;
  readonly attribution: Readonly<Record<string, number>>;
}

export interface RoundTrip {
  readonly symbol: string;
  readonly assetClass: AssetClass;
  /** +1 long, -1 short. */
  readonly direction: 1 | -1;
  readonly openTimeUs: number;
  readonly closeTimeUs: number;
  /** Largest absolute position held during the trip. */
  readonly maxQty: number;
  readonly grossPnlUsd: number;
  readonly feesUsd: number;
  /** grossPnlUsd - feesUsd. */
  readonly pnlUsd: number;
  readonly openingLegs: readonly OpeningLeg[];
}

export interface RoundTripResult {
  readonly trips: readonly RoundTrip[];
  /** Symbols still holding a position after the last fill, sorted. */
  readonly openSymbols: readonly string[];
}

interface Lot { qty: number; price: number; feePerUnit: number }

interface OpenTrip {
  direction: 1 | -1;
  openTimeUs: number;
  maxQty: number;
  position: number;
  gross: number;
  fees: number;
  legs: OpeningLeg[];
  lots: Lot[];
}

// Relative size under which a remainder is float noise from splitting, not a position.
const DUST = 1e-9;

/** Checks the fields the matching relies on; a bad fill is a bug upstream, so it throws. */
export function checkFill(f: BacktestFill, index: number): void {
  const bad = (what: string) => new RangeError(`fills[${index}] (${f.symbol}): ${what}`);
  if (!Number.isFinite(f.timeUs)) throw bad(`timeUs is ${f.timeUs}`);
  if (!(f.qty > 0) || !Number.isFinite(f.qty)) throw bad(`qty must be a positive number, got ${f.qty}`);
  if (!(f.price > 0) || !Number.isFinite(f.price)) throw bad(`price must be a positive number, got ${f.price}`);
  if (!(f.feeUsd >= 0) || !Number.isFinite(f.feeUsd)) throw bad(`feeUsd must be >= 0, got ${f.feeUsd}`);
  if (f.side !== 'buy' && f.side !== 'sell') throw bad(`side must be buy or sell, got ${String(f.side)}`);
  for (const [model, share] of Object.entries(f.attribution)) {
    if (!Number.isFinite(share)) throw bad(`attribution share of ${model} is ${share}`);
  }
}

/** Fills sorted by time, stable for equal times (Array.prototype.sort is stable). */
export function fillsInTimeOrder(fills: readonly BacktestFill[]): BacktestFill[] {
  fills.forEach(checkFill);
  return [...fills].sort((a, b) => a.timeUs - b.timeUs);
}

/** FIFO round trips of `fills` (see the header for the rules). */
export function roundTrips(fills: readonly BacktestFill[]): RoundTripResult {
  const open = new Map<string, OpenTrip>();
  const trips: RoundTrip[] = [];
  for (const f of fillsInTimeOrder(fills)) {
    const sign = f.side === 'buy' ? 1 : -1;
    let remaining = f.qty;
    const feePerUnit = f.feeUsd / f.qty;
    let trip = open.get(f.symbol);
    if (trip !== undefined && trip.direction !== sign) {
      // Closing (part of) the position, oldest lot first.
      while (remaining > 0 && trip.lots.length > 0) {
        const lot = trip.lots[0];
        const q = Math.min(lot.qty, remaining);
        trip.gross += trip.direction * (f.price - lot.price) * q;
        trip.fees += (lot.feePerUnit + feePerUnit) * q;
        lot.qty -= q;
        remaining -= q;
        trip.position -= q;
        if (lot.qty <= DUST * (lot.qty + q)) trip.lots.shift();
      }
      if (remaining <= DUST * f.qty) remaining = 0;
      if (trip.lots.length === 0 || trip.position <= DUST * trip.maxQty) {
        trips.push({
          symbol: f.symbol, assetClass: f.assetClass, direction: trip.direction,
          openTimeUs: trip.openTimeUs, closeTimeUs: f.timeUs, maxQty: trip.maxQty,
          grossPnlUsd: trip.gross, feesUsd: trip.fees, pnlUsd: trip.gross - trip.fees, openingLegs: trip.legs,
        });
        open.delete(f.symbol);
        trip = undefined;
      }
    }
    if (remaining === 0) continue;
    // Opening or adding: the rest of the fill (all of it unless it flipped) becomes a lot.
    if (trip === undefined) {
      trip = { direction: sign, openTimeUs: f.timeUs, maxQty: 0, position: 0, gross: 0, fees: 0, legs: [], lots: [] };
      open.set(f.symbol, trip);
    }
    trip.lots.push({ qty: remaining, price: f.price, feePerUnit });
    trip.position += remaining;
    trip.maxQty = Math.max(trip.maxQty, trip.position);
    trip.legs.push({ notionalUsd: remaining * f.price, attribution: f.attribution });
  }
  return { trips, openSymbols: [...open.keys()].sort(byString) };
}

/** Code-unit order: unlike localeCompare it cannot change with the machine's locale. */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
