/**
 * Which instruments trade as one position when orders are routed (`execution.routing:
 * best_price`): the venues' symbols of one unified symbol in `source.consolidatedSymbols`
 * (BTC/USDT@binance and BTC/USD@coinbase for BTC/USD). Each such group has a lead, its first
 * symbol in `symbols`:
 *
 *  - sizing sizes the lead's edges only, against the group's exposure (it is one position: a
 *    second sizer on another venue's symbol would chase the same target twice);
 *  - execution splits each of the lead's intents across the group's venues (venue-allocation.ts)
 *    and sends each part as an order on that venue's own instrument, so the portfolio holds what
 *    each venue filled, where it filled;
 *  - what execution releases (refused, cancelled or expired parts) is released from the lead,
 *    where sizing counted it as emitted.
 *
 * With `own_venue` routing, a single venue, or a symbol mapped on one venue only, every
 * instrument is its own lead and nothing changes. Plain data, built once from the config in
 * every thread that needs it.
 */
import type { PipelineConfig } from '../../pipeline/config-schema.js';
import { multiVenuesOf } from '../../pipeline/venue-symbols-config.js';

export interface RoutingGroup {
  readonly unified: string;
  /** Instrument indices, lead first then in `symbols` order. */
  readonly members: readonly number[];
}

export class RoutingGroups {
  /** Per instrument, the lead of its group (itself when it is not routed with others). */
  readonly leadOf: Int32Array;
  readonly groups: readonly RoutingGroup[];
  /** Per instrument, its group's index in `groups` when it leads one, else -1. */
  readonly groupOfLead: Int32Array;

  constructor(instruments: number, groups: readonly RoutingGroup[]) {
    this.leadOf = Int32Array.from({ length: instruments }, (_, s) => s);
    this.groupOfLead = new Int32Array(instruments).fill(-1);
    this.groups = groups;
    groups.forEach((g, k) => {
      for (const m of g.members) this.leadOf[m] = g.members[0];
      this.groupOfLead[g.members[0]] = k;
    });
  }

  /** The session's groups: none unless routing is best_price in a session on several venues. */
  static fromConfig(cfg: PipelineConfig): RoutingGroups {
    const groups: RoutingGroup[] = [];
    if (cfg.execution.routing === 'best_price' && multiVenuesOf(cfg).length > 0) {
      for (const [unified, venues] of Object.entries(cfg.source.consolidatedSymbols)) {
        const members = Object.values(venues).map((symbol) => cfg.symbols.indexOf(symbol as string)).filter((s) => s >= 0).sort((a, b) => a - b);
        if (members.length >= 2) groups.push({ unified, members });
      }
    }
    return new RoutingGroups(cfg.symbols.length, groups);
  }

  get routed(): boolean {
    return this.groups.length > 0;
  }

  /** A member routed through another instrument: its own edges are not sized. */
  follows(instrument: number): boolean {
    return this.leadOf[instrument] !== instrument;
  }
}
