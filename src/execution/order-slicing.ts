/**
 * Slicing a large taker order over time (`execution.slicing`), as a venue's algorithmic order
 * would: the paper fill engine keeps it as ONE order (one client order id, one OrderSubmitted and
 * OrderAccepted) that takes its quantity a slice at a time, each slice walking the book of that
 * moment, so the fills arrive as OrderPartiallyFilled events and the order ends Filled, or Expired
 * with what was left when the session ended (released to sizing like any expired remainder).
 *
 *  - twap: `slices` equal slices, the first on arrival at the venue, then one every `intervalUs`
 *    of event time; each takes what is left / the slices left, so the last one takes the rest.
 *  - pov:  every `intervalUs` after arrival, a slice of `povFraction` x the volume the instrument
 *    traded since the previous one (participation of volume); none while the market trades nothing.
 *
 * Only taker orders whose notional is at least `aboveNotional` are sliced; makers rest anyway.
 * The schedule lives in the engine's order slot (shared memory), so a restarted executor carries on
 * with it. Why in the engine rather than as child orders: one order per intent keeps the restart
 * rule "an intent becomes an order at most once" exact with no extra bookkeeping, and its fills
 * meet the market in event-time order like every other fill, so replays stay deterministic.
 */

export const SLICING_MODES = ['immediate', 'twap', 'pov'] as const;
export type SlicingMode = (typeof SLICING_MODES)[number];
/** Slicing modes as the engine stores them per order (0: not sliced). */
export const SliceMode = { None: 0, Twap: 1, Pov: 2 } as const;

export interface OrderSlicing {
  readonly mode: SlicingMode;
  /** twap: slices per order (2 .. 500). */
  readonly slices: number;
  /** Event time between slices, µs. */
  readonly intervalUs: number;
  /** pov: share of the traded volume each slice takes, (0, 1]. */
  readonly povFraction: number;
  /** Orders under this notional (quantity x price) are not sliced. */
  readonly aboveNotional: number;
}

/** Slots of the engine's slicing settings (a Float64Array: read on the per-state path). */
export const SliceSetting = { mode: 0, slices: 1, intervalUs: 2, povFraction: 3, aboveNotional: 4 } as const;
export const SLICE_SETTING_SLOTS = 5;

/** The settings array for `slicing` (undefined: no slicing), checked. */
export function sliceSettingsOf(slicing: OrderSlicing | undefined): Float64Array {
  const out = new Float64Array(SLICE_SETTING_SLOTS);
  if (slicing === undefined || slicing.mode === 'immediate') return out;
  const bad = (what: string, v: number): never => { throw new Error(`paper fill engine: slicing ${what} is out of range: ${v}`); };
  if (!(Number.isInteger(slicing.slices) && slicing.slices >= 2 && slicing.slices <= 500)) bad('slices', slicing.slices);
  if (!(slicing.intervalUs > 0 && slicing.intervalUs < Infinity)) bad('intervalUs', slicing.intervalUs);
  if (!(slicing.povFraction > 0 && slicing.povFraction <= 1)) bad('povFraction', slicing.povFraction);
  if (!(slicing.aboveNotional >= 0 && slicing.aboveNotional < Infinity)) bad('aboveNotional', slicing.aboveNotional);
  out[SliceSetting.mode] = slicing.mode === 'twap' ? SliceMode.Twap : SliceMode.Pov;
  out[SliceSetting.slices] = slicing.slices;
  out[SliceSetting.intervalUs] = slicing.intervalUs;
  out[SliceSetting.povFraction] = slicing.povFraction;
  out[SliceSetting.aboveNotional] = slicing.aboveNotional;
  return out;
}
