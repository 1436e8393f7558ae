/**
 * A venue connector as L0's source (`--source sim`, the simulated exchange on loopback, or a real
 * venue): websocket frames arrive on this worker's event loop and go straight through the
 * IngestStage to the ring, one publish per frame. Nothing here may block the event loop (no
 * Atomics.wait): a full ring conflates, it never waits.
 *
 * The protocol picks the connector: Binance, Coinbase Exchange or Coinbase Advanced Trade (crypto;
 * all keep order books, whose top levels go to shared memory) or Alpaca (stocks; trades and quotes). A 20 ms housekeeping timer beats the
 * heartbeat, flushes conflated records, copies the connector's counters to shared memory for
 * /metrics, and notices the stop request.
 */
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';
import type { IngestStage } from '../stages/ingest-stage.js';
import type { MarketDataEndpoints } from '../../data/venues/market-data-endpoints.js';
import { BinanceMarketData } from '../../data/venues/binance/binance-market-data.js';
import { AlpacaMarketData } from '../../data/venues/alpaca/alpaca-market-data.js';
import { CoinbaseMarketData } from '../../data/venues/coinbase/coinbase-market-data.js';
import { CoinbaseAdvancedMarketData } from '../../data/venues/coinbase/coinbase-advanced-market-data.js';
import { BookDepthPublisher } from './book-depth-publisher.js';
import { monoNs } from '../../shm/clock.js';
import { ControlWord } from '../../pipeline/topology.js';
import { Counter, FEED_COUNTERS, SymbolGauge, symbolGaugeIndex } from '../../pipeline/telemetry.js';

interface Connector {
  start(): void;
  stop(): void;
  totals(): Record<string, number>;
  readonly stale: Uint8Array;
}

export async function runVenueSource(rt: LayerRuntime, stage: IngestStage, endpoints: MarketDataEndpoints): Promise<void> {
  const symbols = rt.config.symbols;
  const feedBlock = rt.telemetry.feed;
  const common = {
    symbols,
    onEvent: (event: Float64Array): void => {
      rt.times[BatchTime.batchIn] = monoNs();
      stage.ingest(event, 0);
    },
    onFrameDone: (): void => { stage.publish(); },
    log: (message: string): void => rt.log(message),
    staleAfterMs: rt.config.source.staleAfterMs,
  };
  let connector: Connector;
  if (endpoints.protocol === 'alpaca') {
    // Keys only ever come from the environment; the simulated exchange takes any.
    connector = new AlpacaMarketData({
      ...common, endpoints, feed: rt.config.source.alpacaFeed,
      keyId: process.env.APCA_API_KEY_ID ?? 'sim', secretKey: process.env.APCA_API_SECRET_KEY ?? 'sim',
    });
  } else if (endpoints.protocol === 'coinbase') {
    const depth = new BookDepthPublisher(rt);
    const coinbase: CoinbaseMarketData = new CoinbaseMarketData({
      ...common, endpoints,
      onBookChanged: (s) => {
        const book = coinbase.parser.books[s];
        const live = coinbase.isBookLive(s);
        depth.publishBook(s, book, live, coinbase.bookTs[s], book.version);
        stage.setDepthImbalance(s, live ? book.imbalance(depth.levels) : NaN);
      },
    });
    connector = coinbase;
  } else if (endpoints.protocol === 'coinbase_advanced') {
    const depth = new BookDepthPublisher(rt);
    const advanced: CoinbaseAdvancedMarketData = new CoinbaseAdvancedMarketData({
      ...common, endpoints,
      onBookChanged: (s) => {
        const book = advanced.parser.books[s];
        const live = advanced.isBookLive(s);
        depth.publishBook(s, book, live, advanced.bookTs[s], book.version);
        stage.setDepthImbalance(s, live ? book.imbalance(depth.levels) : NaN);
      },
    });
    connector = advanced;
  } else {
    const depth = new BookDepthPublisher(rt);
    const binance: BinanceMarketData = new BinanceMarketData({
      ...common, endpoints, tradeStream: rt.config.source.binanceTrades,
      onBookChanged: (s) => {
        const sync = binance.books[s];
        depth.publish(s, sync);
        stage.setDepthImbalance(s, sync.isSynced() ? sync.book.imbalance(depth.levels) : NaN);
      },
    });
    connector = binance;
  }
  connector.start();
  await new Promise<void>((resolve) => {
    const housekeeping = setInterval(() => {
      rt.beat();
      stage.flushPending();
      stage.publish();
      const totals = connector.totals();
      FEED_COUNTERS.forEach((name, i) => feedBlock.set(i, totals[name] ?? 0));
      // Closed venue bars (Binance's kline_1m) are the session's `bars`, as candles are a replay's.
      rt.telemetry.counters.set(Counter.bars, totals.bars ?? 0);
      for (let s = 0; s < symbols.length; s++) {
        rt.symbolGauges[symbolGaugeIndex(SymbolGauge.stale, s, symbols.length)] = connector.stale[s];
      }
      if (rt.stopRequested || Atomics.load(rt.control, ControlWord.stopIngest) !== 0) {
        clearInterval(housekeeping);
        connector.stop();
        resolve();
        return;
      }
      rt.maybeCrash();
    }, 20);
  });
  while (stage.hasPending()) { stage.flushPending(); stage.publish(); await new Promise((r) => setTimeout(r, 1)); }
}
