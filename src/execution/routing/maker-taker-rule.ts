/**
 * Take liquidity or post it: the choice for each slice.
 *
 * The rule: take when
 *
 *     edgeBps > takeIfEdgeOverSpread * spreadBps + takerFeeBps - makerFeeBps
 *
 * else post passively at the touch (join the best bid for a buy, the best ask for a sell).
 *
 * Why: crossing now pays the spread against a passive order at the touch (a buy at the ask
 * instead of the bid) and the taker fee instead of the maker fee, and it is certain; posting
 * saves both but may not fill before the edge decays, and fills most often when the price moves
 * against the order. So taking is worth it only when the edge is large enough that losing it
 * costs more than the spread and the fee difference. `takeIfEdgeOverSpread` is how much of the
 * spread the edge must cover: 1 = the whole spread, 0.5 = half of it (crossing from the mid),
 * 0 = fees alone; raise it to post more, lower it to take more. A maker rebate is a negative
 * maker fee and raises the bar (posting earns it). At exact equality the slice posts: taking must
 * be strictly better.
 *
 * The edge is the alpha's expected move in the intent's direction (positive = in favour), the
 * spread is that of the venue the slice goes to (or the consolidated touch), both in bps of mid.
 */

import { SizedIntent } from '../../shm/records.js';

export const OrderStyle = { Take: 1, Post: 2 } as const;

/** Slots of the `rule` array `intentOrderStyle` reads (doubles in an array: none is boxed on the way). */
export const StyleRule = { takerFeeBps: 0, makerFeeBps: 1, takeIfEdgeOverSpread: 2 } as const;
export const STYLE_RULE_SLOTS = 3;

/**
 * The rule for a sized intent: its blended edge in its own direction, against the spread it was
 * priced across (twice the distance from its arrival mid to the touch it would take). OrderStyle.Post
 * when the intent carries no mid or no touch.
 */
export function intentOrderStyle(intent: Float64Array, base: number, rule: Float64Array): number {
  const mid = intent[base + SizedIntent.arrivalMid];
  const far = intent[base + SizedIntent.limitPrice];
  const halfSpread = far > mid ? far - mid : mid - far;
  const spread = mid > 0 ? ((2 * halfSpread) / mid) * 1e4 : NaN;
  return chooseOrderStyle(
    intent[base + SizedIntent.side] * intent[base + SizedIntent.edgeBps], spread,
    rule[StyleRule.takerFeeBps], rule[StyleRule.makerFeeBps], rule[StyleRule.takeIfEdgeOverSpread],
  );
}

/** OrderStyle.Take or OrderStyle.Post by the rule above (Post when any input is not a number). */
export function chooseOrderStyle(
  edgeBps: number, spreadBps: number, takerFeeBps: number, makerFeeBps: number, takeIfEdgeOverSpread: number,
): number {
  const hurdle = takeIfEdgeOverSpread * spreadBps + takerFeeBps - makerFeeBps;
  return edgeBps > hurdle ? OrderStyle.Take : OrderStyle.Post;
}

/** Spread in bps of the mid (NaN for a missing or crossed-out side). */
export function spreadBps(bid: number, ask: number): number {
  const mid = (bid + ask) / 2;
  return bid > 0 && ask >= bid ? ((ask - bid) / mid) * 1e4 : NaN;
}

/** Where a passive order joins the book: the best bid for a buy, the best ask for a sell. */
export function passivePrice(side: number, bid: number, ask: number): number {
  return side > 0 ? bid : ask;
}

/** Where an order crosses the spread: the best ask for a buy, the best bid for a sell. */
export function crossingPrice(side: number, bid: number, ask: number): number {
  return side > 0 ? ask : bid;
}
