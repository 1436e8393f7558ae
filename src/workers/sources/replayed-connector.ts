/**
 * The connector a recording replays through, picked by the recording's protocol: Binance,
 * Coinbase Exchange or Coinbase Advanced Trade for crypto, Alpaca for stocks. Each is the
 * connector a live session of that venue runs, built with `replayed: true` (no socket, nothing
 * sent) and wired to L0 the way venue-source.ts wires it, so decoding, books and events are
 * exactly the live ones.
 */
import type { IngestStage } from '../stages/ingest-stage.js';
import type { LayerRuntime } from '../layer-runtime.js';
import type { RecordingHeader } from '../../data/record/recording-file.js';
import { BinanceMarketData } from '../../data/venues/binance/binance-market-data.js';
import { CoinbaseMarketData } from '../../data/venues/coinbase/coinbase-market-data.js';
import { CoinbaseAdvancedMarketData } from '../../data/venues/coinbase/coinbase-advanced-market-data.js';
import { AlpacaMarketData, type AlpacaStockFeed } from '../../data/venues/alpaca/alpaca-market-data.js';
import { BookDepthPublisher } from './book-depth-publisher.js';

/** What the replay loop drives: the recorded connection events, frames and snapshots. */
export interface ReplayedConnector {
  connectionOpened(): void;
  /** A frame, at its receive time in epoch ms. */
  receiveFrame(data: Buffer, atMs: number): void;
  /** A REST depth snapshot of symbol `s` (Binance's; the others have their snapshots in frames). */
  applySnapshot(s: number, body: Buffer): void;
  totals(): Record<string, number>;
}

export function replayedConnector(rt: LayerRuntime, stage: IngestStage, header: RecordingHeader): ReplayedConnector {
  const common = {
    symbols: rt.config.symbols,
    replayed: true,
    onEvent: (event: Float64Array): void => { stage.ingest(event, 0); },
    onFrameDone: (): void => { stage.publish(); },
    log: (message: string): void => rt.log(message),
  };
  switch (header.protocol) {
    case 'alpaca': {
      // The recorded URL ends in the feed's path, which the connector adds itself.
      const wsBase = header.wsUrl.replace(/\/v2\/[a-z_]+$/, '');
      const alpaca = new AlpacaMarketData({ ...common, endpoints: { wsBase }, feed: (header.feed ?? 'iex') as AlpacaStockFeed });
      return {
        connectionOpened: () => alpaca.connectionOpened(),
        receiveFrame: (data, atMs) => alpaca.receiveFrame(data, atMs),
        applySnapshot: () => {},
        totals: () => alpaca.totals(),
      };
    }
    case 'coinbase': {
      const depth = new BookDepthPublisher(rt);
      const coinbase: CoinbaseMarketData = new CoinbaseMarketData({
        ...common,
        endpoints: { protocol: 'coinbase', wsBase: header.wsUrl, restBase: '' },
        onBookChanged: (s) => {
          const book = coinbase.parser.books[s];
          const live = coinbase.isBookLive(s);
          depth.publishBook(s, book, live, coinbase.bookTs[s], book.version);
          stage.setDepthImbalance(s, live ? book.imbalance(depth.levels) : NaN);
        },
      });
      return {
        connectionOpened: () => coinbase.connectionOpened(),
        receiveFrame: (data, atMs) => coinbase.receiveFrame(data, atMs),
        applySnapshot: () => {},
        totals: () => coinbase.totals(),
      };
    }
    case 'coinbase_advanced': {
      const depth = new BookDepthPublisher(rt);
      const advanced: CoinbaseAdvancedMarketData = new CoinbaseAdvancedMarketData({
        ...common,
        endpoints: { protocol: 'coinbase_advanced', wsBase: header.wsUrl, restBase: '' },
        onBookChanged: (s) => {
          const book = advanced.parser.books[s];
          const live = advanced.isBookLive(s);
          depth.publishBook(s, book, live, advanced.bookTs[s], book.version);
          stage.setDepthImbalance(s, live ? book.imbalance(depth.levels) : NaN);
        },
      });
      return {
        connectionOpened: () => advanced.connectionOpened(),
        receiveFrame: (data, atMs) => advanced.receiveFrame(data, atMs),
        applySnapshot: () => {},
        totals: () => advanced.totals(),
      };
    }
    case 'binance': {
      const depth = new BookDepthPublisher(rt);
      const binance: BinanceMarketData = new BinanceMarketData({
        ...common,
        endpoints: { protocol: 'binance', wsBase: header.wsUrl, restBase: '' },
        onBookChanged: (s) => {
          const sync = binance.books[s];
          depth.publish(s, sync);
          stage.setDepthImbalance(s, sync.isSynced() ? sync.book.imbalance(depth.levels) : NaN);
        },
      });
      return {
        connectionOpened: () => binance.connectionOpened(),
        receiveFrame: (data, atMs) => binance.receiveFrame(data, atMs),
        applySnapshot: (s, body) => binance.applySnapshotBody(s, body),
        totals: () => binance.totals(),
      };
    }
  }
}
