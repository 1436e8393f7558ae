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

export const OrderStyle = { Take: 1, Post: 2 } as const;

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
