/**
 * One unified symbol's consolidated top of book in shared memory (a seqlock block, as the book
 * depth is): written by L0 whenever a venue's top of that symbol changes, read by anyone deciding
 * where to trade it (a router), by /metrics and by the session summary, with no lock.
 *
 * Layout (float64 fields, venue codes are indexes into `source.cryptoVenues`, -1 for none):
 * `tsMicros` (event time of the newest venue quote), the best `bid` with `bidSize` and
 * `bidVenue`, the best `ask` with `askSize` and `askVenue` (NaN prices while no venue quotes a
 * side), `crossed` (1 while one venue bids at or above another's ask), `crossings` (how many
 * times it became crossed: episodes, not updates, so a crossing that lasts counts once),
 * `updates` (venue quotes taken), then per venue the number of those updates after which it held
 * the best bid (`bidHeld(v)`) and the best ask (`askHeld(v)`).
 */
export const ConsolidatedBlock = Object.freeze({
  tsMicros: 0,
  bid: 1,
  bidSize: 2,
  bidVenue: 3,
  ask: 4,
  askSize: 5,
  askVenue: 6,
  crossed: 7,
  crossings: 8,
  updates: 9,
  bidHeld: (venue: number): number => 10 + venue,
  askHeld: (venue: number, venueCount: number): number => 10 + venueCount + venue,
  fieldCount: (venueCount: number): number => 10 + 2 * venueCount,
});
