/**
 * Venue connectors as L0's source (`--source sim`, the simulated exchange on loopback, or real
 * venues): websocket frames arrive on this worker's event loop and go straight through the
 * IngestStage to the ring, one publish per frame. Nothing here may block the event loop (no
 * Atomics.wait): a full ring conflates, it never waits.
 *
 * The protocol picks the connector: Binance, Coinbase Exchange or Coinbase Advanced Trade (crypto;
 * all keep order books, whose top levels go to shared memory) or Alpaca (stocks; trades and
 * quotes). A live crypto session may read several venues at once (source.cryptoVenues): each
 * venue gets its own connector over the symbols it reads, with its own books, reconnects and
 * feed counters, and the connector's symbol ids are mapped to the session's on the way in. Then
 * the venues' tops of each unified symbol also meet in the consolidated top of book
 * (consolidated-publisher.ts), updated when a book changes.
 *
 * A 20 ms housekeeping timer beats the heartbeat, flushes conflated records, copies each
 * connector's counters to shared memory for /metrics, withdraws the symbols a connector flags
 * stale from the consolidated book, and notices the stop request.
 */
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';
import type { IngestStage } from '../stages/ingest-stage.js';
import type { MarketDataEndpoints } from '../../data/venues/market-data-endpoints.js';
import { BinanceMarketData } from '../../data/venues/binance/binance-market-data.js';
import { AlpacaMarketData } from '../../data/venues/alpaca/alpaca-market-data.js';
import { CoinbaseMarketData } from '../../data/venues/coinbase/coinbase-market-data.js';
import { CoinbaseAdvancedMarketData } from '../../data/venues/coinbase/coinbase-advanced-market-data.js';
import { MarketEvent } from '../../data/synthetic-market.js';
import { ConsolidatedSymbolMap } from '../../data/book/consolidated-symbol-map.js';
import type { L2Book } from '../../data/book/l2-book.js';
import { BookDepthPublisher } from './book-depth-publisher.js';
import { ConsolidatedPublisher } from './consolidated-publisher.js';
import { monoNs } from '../../shm/clock.js';
import { ControlWord } from '../../pipeline/topology.js';
import { Counter, FEED_COUNTERS, SymbolGauge, symbolGaugeIndex } from '../../pipeline/telemetry.js';
import { symbolVenues } from '../../pipeline/venue-symbols-config.js';
import type { SharedCounters } from '../../shm/shared-counters.js';

interface Connector {
  start(): void;
  stop(): void;
  totals(): Record<string, number>;
  readonly stale: Uint8Array;
}

/** One venue's connector and where its symbols sit in the session. */
interface VenueRun {
  connector: Connector;
  /** Connector symbol id -> session symbol index. */
  sessionIndex: Int32Array;
  /** Connector symbol id -> unified symbol of the consolidated book, -1 for none (or no consolidated book). */
  unified: Int32Array;
  feed: SharedCounters;
}

/** A book changed: its (connector) symbol, the book, whether it is live, its event time (µs) and update id. */
type OnBook = (s: number, book: L2Book, live: boolean, tsMicros: number, updateId: number) => void;

export async function runVenueSource(rt: LayerRuntime, stage: IngestStage, endpoints: readonly MarketDataEndpoints[]): Promise<void> {
  const symbols = rt.config.symbols;
  const source = rt.config.source;
  const multi = endpoints.length > 1;
  const depth = endpoints.some((e) => e.protocol !== 'alpaca') ? new BookDepthPublisher(rt) : null;
  const consolidated = multi
    ? new ConsolidatedPublisher(rt.consolidatedTopWriters(), endpoints.length, rt.consolidatedRejects())
    : null;
  const unifiedMap = multi ? new ConsolidatedSymbolMap(source.cryptoVenues, source.consolidatedSymbols) : null;
  const venueOfSymbol = multi ? symbolVenues(symbols, source) : null;

  const runs: VenueRun[] = endpoints.map((ep, v) => {
    const sessionIndex = Int32Array.from(venueOfSymbol === null
      ? symbols.map((_, s) => s)
      : symbols.flatMap((_, s) => (venueOfSymbol[s] === source.cryptoVenues[v] ? [s] : [])));
    const venueSymbols = Array.from(sessionIndex, (s) => symbols[s]);
    const unified = unifiedMap?.connectorTable(v, venueSymbols) ?? new Int32Array(venueSymbols.length).fill(-1);
    const onBook: OnBook = (s, book, live, tsMicros, updateId) => {
      const g = sessionIndex[s];
      depth!.publishBook(g, book, live, tsMicros, updateId);
      stage.setDepthImbalance(g, live ? book.imbalance(depth!.levels) : NaN);
      if (consolidated !== null && unified[s] >= 0) consolidated.onBook(unified[s], v, book, live, tsMicros);
    };
    return { connector: connectorFor(rt, stage, ep, venueSymbols, sessionIndex, onBook), sessionIndex, unified, feed: rt.venueFeed(v) };
  });

  for (const run of runs) run.connector.start();
  await new Promise<void>((resolve) => {
    const housekeeping = setInterval(() => {
      rt.beat();
      stage.flushPending();
      stage.publish();
      let bars = 0;
      runs.forEach(({ connector, sessionIndex, unified, feed }, v) => {
        const totals = connector.totals();
        FEED_COUNTERS.forEach((name, i) => feed.set(i, totals[name] ?? 0));
        bars += totals.bars ?? 0;
        for (let s = 0; s < sessionIndex.length; s++) {
          rt.symbolGauges[symbolGaugeIndex(SymbolGauge.stale, sessionIndex[s], symbols.length)] = connector.stale[s];
          if (consolidated !== null && connector.stale[s] === 1 && unified[s] >= 0) consolidated.withdraw(unified[s], v);
        }
      });
      // Closed venue bars (Binance's kline_1m) are the session's `bars`, as candles are a replay's.
      rt.telemetry.counters.set(Counter.bars, bars);
      if (rt.stopRequested || Atomics.load(rt.control, ControlWord.stopIngest) !== 0) {
        clearInterval(housekeeping);
        for (const run of runs) run.connector.stop();
        resolve();
        return;
      }
      rt.maybeCrash();
    }, 20);
  });
  while (stage.hasPending()) { stage.flushPending(); stage.publish(); await new Promise((r) => setTimeout(r, 1)); }
}

/**
 * The connector for one venue over `venueSymbols`; its events reach the stage under the session's
 * symbol index (`sessionIndex[connector id]`), restored afterwards since the event is its scratch.
 */
function connectorFor(
  rt: LayerRuntime, stage: IngestStage, endpoints: MarketDataEndpoints, venueSymbols: readonly string[], sessionIndex: Int32Array, onBook: OnBook,
): Connector {
  const common = {
    symbols: venueSymbols,
    onEvent: (event: Float64Array): void => {
      rt.times[BatchTime.batchIn] = monoNs();
      const local = event[MarketEvent.symbol];
      event[MarketEvent.symbol] = sessionIndex[local];
      stage.ingest(event, 0);
      event[MarketEvent.symbol] = local;
    },
    onFrameDone: (): void => { stage.publish(); },
    log: (message: string): void => rt.log(message),
    staleAfterMs: rt.config.source.staleAfterMs,
  };
  if (endpoints.protocol === 'alpaca') {
    // Keys only ever come from the environment; the simulated exchange takes any.
    return new AlpacaMarketData({
      ...common, endpoints, feed: rt.config.source.alpacaFeed,
      keyId: process.env.APCA_API_KEY_ID ?? 'sim', secretKey: process.env.APCA_API_SECRET_KEY ?? 'sim',
    });
  }
  if (endpoints.protocol === 'coinbase') {
    const coinbase: CoinbaseMarketData = new CoinbaseMarketData({
      ...common, endpoints,
      onBookChanged: (s) => onBook(s, coinbase.parser.books[s], coinbase.isBookLive(s), coinbase.bookTs[s], coinbase.parser.books[s].version),
    });
    return coinbase;
  }
  if (endpoints.protocol === 'coinbase_advanced') {
    const advanced: CoinbaseAdvancedMarketData = new CoinbaseAdvancedMarketData({
      ...common, endpoints,
      onBookChanged: (s) => onBook(s, advanced.parser.books[s], advanced.isBookLive(s), advanced.bookTs[s], advanced.parser.books[s].version),
    });
    return advanced;
  }
  const binance: BinanceMarketData = new BinanceMarketData({
    ...common, endpoints, tradeStream: rt.config.source.binanceTrades,
    onBookChanged: (s) => {
      const sync = binance.books[s];
      onBook(s, sync.book, sync.isSynced(), sync.lastEventTs, sync.lastUpdateId);
    },
  });
  return binance;
}
