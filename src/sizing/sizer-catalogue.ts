/**
 * The sizing rules this build knows. A sizer turns one BlendedEdge into a SizedIntent (or
 * nothing) against the positions it is given and the risk params (`SizingParam` slots), counting
 * its refusals into the sizing layer's refusal block by `SIZER_REJECT_REASONS`. `risk.sizer`
 * picks one by name; it is reloadable: the sizing stage swaps it between batches (the positions
 * it sizes against are the stage's, so nothing is lost in the swap). A new rule is its own file
 * plus one line here.
 */
import { FixedFractionSizer, type FixedFractionSizerOptions } from './fixed-fraction.js';
import { KellySizer } from './kelly-sizer.js';

export interface Sizer {
  /** Refusals by SIZER_REJECT_REASONS (usually a view of shared memory). */
  readonly rejects: Float64Array;
  /** Decisions by SIZING_BOUND_NAMES: intents by the limit that cut them (usually a view of shared memory). */
  readonly boundCounts: Float64Array;
  /**
   * Called with every BlendedEdge before `size`, whatever `size` then decides: a sizer that keeps
   * market state (the kelly sizer's return covariance) learns from it. Allocation-free.
   */
  observe(inF64: Float64Array, inBase: number, params: Float64Array): void;
  /** Size one BlendedEdge into a SizedIntent at `out[outBase...]`; false when none is due. Allocation-free. */
  size(inF64: Float64Array, inBase: number, params: Float64Array, positionsUsd: Float64Array, out: Float64Array, outBase: number): boolean;
  intentCount(): number;
}

export type SizerOptions = FixedFractionSizerOptions;

export interface SizerSpec {
  /** snake_case: the value of `risk.sizer`. */
  readonly name: string;
  readonly description: string;
  create(symbolCount: number, options: SizerOptions): Sizer;
}

export const SIZERS: readonly SizerSpec[] = Object.freeze([
  {
    name: 'fixed_fraction',
    description: 'a fraction of equity per unit of confidence, within the position, leverage and asset-class limits',
    create: (symbolCount: number, options: SizerOptions): Sizer => new FixedFractionSizer(symbolCount, { ...options, costAware: false }),
  },
  {
    name: 'cost_aware',
    description: 'fixed fraction, trading only edges that pay the round trip (fees, spread, impact) and holding in between',
    create: (symbolCount: number, options: SizerOptions): Sizer => new FixedFractionSizer(symbolCount, { ...options, costAware: true }),
  },
  {
    name: 'kelly',
    description: 'a fraction of the Kelly bet (edge / variance), within a per-position cap, the position, leverage and asset-class limits and a VaR budget on the correlated book, trading only edges that pay their costs',
    create: (symbolCount: number, options: SizerOptions): Sizer => new KellySizer(symbolCount, options),
  },
]);

export const SIZER_NAMES: readonly string[] = SIZERS.map((s) => s.name);
