/**
 * Which venue symbols are one unified symbol for the consolidated top of book: Binance's BTC/USDT
 * and Coinbase's BTC/USD quote the same asset in dollars and dollar stablecoins, but only a
 * config can say they are to be compared, so the mapping is data, e.g.
 *
 *   { 'BTC/USD': { binance: 'BTC/USDT', coinbase: 'BTC/USD' } }
 *
 * Built once (strings and Maps here are set-up, never per message): `connectorTable` turns a
 * connector's own symbol list into an Int32Array from its symbol id to the unified id, so the
 * per-quote path is one array read. A venue symbol can belong to one unified symbol only.
 */

export class ConsolidatedSymbolMap {
  /** Unified symbols by dense id: the ConsolidatedTopOfBook's symbol index. */
  readonly symbols: readonly string[];
  readonly venues: readonly string[];
  /** Per venue: venue symbol -> unified id. */
  private readonly byVenue: ReadonlyArray<ReadonlyMap<string, number>>;

  constructor(venues: readonly string[], mapping: Readonly<Record<string, Readonly<Record<string, string>>>>) {
    if (venues.length === 0) throw new Error('consolidated symbols: name at least one venue');
    if (new Set(venues).size !== venues.length) throw new Error(`consolidated symbols: a venue is listed twice (${venues.join(', ')})`);
    const byVenue = venues.map(() => new Map<string, number>());
    const symbols = Object.keys(mapping);
    symbols.forEach((unified, id) => {
      for (const [venue, venueSymbol] of Object.entries(mapping[unified])) {
        const v = venues.indexOf(venue);
        if (v < 0) throw new Error(`consolidated symbols: ${unified} names venue ${venue}, which is not one of ${venues.join(', ')}`);
        const taken = byVenue[v].get(venueSymbol);
        if (taken !== undefined) {
          throw new Error(`consolidated symbols: ${venue} ${venueSymbol} is mapped to both ${symbols[taken]} and ${unified}`);
        }
        byVenue[v].set(venueSymbol, id);
      }
    });
    this.symbols = symbols;
    this.venues = [...venues];
    this.byVenue = byVenue;
  }

  /** The unified id of `venueSymbol` on venue `venue` (its index in `venues`), -1 when not consolidated. */
  unifiedId(venue: number, venueSymbol: string): number {
    return this.byVenue[venue]?.get(venueSymbol) ?? -1;
  }

  /** For a connector of venue `venue` reading `venueSymbols` (by its symbol id): the unified id of each, -1 for none. */
  connectorTable(venue: number, venueSymbols: readonly string[]): Int32Array {
    return Int32Array.from(venueSymbols, (symbol) => this.unifiedId(venue, symbol));
  }
}
