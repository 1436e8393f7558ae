/**
 * ccxt's own Binance websocket handling, driven offline so it can be timed on the same frames as
 * our decoder. Nothing here touches the network:
 *
 * - markets come from a static definition of BTC/USDT (spot) and BTC/USDT:USDT (USD-M swap)
 *   handed to `setMarkets`, instead of `loadMarkets()` (which would call the REST API);
 * - the clients are ccxt's own WsClient objects made by `exchange.client(url)` for the URLs ccxt
 *   itself subscribes on, never connected. A frame is delivered by calling `client.onMessage({data})`
 *   with the Buffer, which is what ccxt's connection loop does for each message: Buffer.toString,
 *   JSON.parse (with ccxt's big-integer regex), then `binance.handleMessage(client, message)`,
 *   which dispatches to handleTrade / handleBidsAsks / handleOrderBook. So every ccxt figure
 *   includes the text decode and JSON.parse, as ours includes reading the raw bytes;
 * - the USD-M order book is ccxt's OrderBook loaded the way fetchOrderBookSnapshot loads it
 *   (`parseOrderBook` of the REST body, nonce = lastUpdateId, `reset`), from the capture's own
 *   REST snapshot.
 *
 * The spot/futures split follows ccxt's rule (`isSpotUrl`: the URL decides whether BTCUSDT means
 * the spot or the swap market); the constructor checks it, so a ccxt release that changes its URLs
 * fails here with a message rather than silently measuring the wrong market.
 *
 * ccxt swallows exceptions thrown by a handler (Client.onMessage catches them), so callers must
 * check the resulting state (last trade, last quote, book nonce) after a pass, not rely on throws.
 */

export const CCXT_SPOT_SYMBOL = 'BTC/USDT';
export const CCXT_SWAP_SYMBOL = 'BTC/USDT:USDT';

export interface CcxtClient {
  url: string;
  onMessage(event: { data: Buffer }): void;
}

export interface CcxtTrade { id: string; price: number; amount: number; side: string }
export interface CcxtQuote { bid: number; bidVolume: number; ask: number; askVolume: number }
export interface CcxtOrderBook {
  bids: Array<[number, number]>;
  asks: Array<[number, number]>;
  nonce: number | undefined;
  reset(snapshot: unknown): CcxtOrderBook;
}

/** The part of ccxt's pro binance class this benchmark uses (ccxt's own typings do not expose it all). */
interface CcxtBinance {
  urls: { api: { ws: Record<string, unknown> } };
  setMarkets(markets: unknown[]): unknown;
  client(url: string): CcxtClient;
  isSpotUrl(client: CcxtClient): boolean;
  getWsUrl(type: string, category?: string): string;
  getFutureWsCategory(channel: string): string;
  parseOrderBook(raw: unknown, symbol: string, timestamp?: number): { nonce?: number };
  orderBook(snapshot?: unknown, depth?: number): CcxtOrderBook;
  orderbooks: Record<string, CcxtOrderBook | undefined>;
  trades: Record<string, CcxtTrade[] | undefined>;
  bidsasks: Record<string, CcxtQuote | undefined>;
}

interface CcxtModule {
  version: string;
  pro: Record<string, new (config?: Record<string, unknown>) => unknown>;
}

/** Static BTCUSDT markets: only the keys ccxt's market lookup and its handlers read. */
function staticMarkets(): unknown[] {
  const common = { base: 'BTC', quote: 'USDT', baseId: 'BTC', quoteId: 'USDT', active: true, limits: {}, margin: false, future: false, option: false };
  return [
    { ...common, id: 'BTCUSDT', lowercaseId: 'btcusdt', symbol: CCXT_SPOT_SYMBOL, type: 'spot', spot: true, swap: false, contract: false,
      precision: { amount: 0.00001, price: 0.01 } },
    { ...common, id: 'BTCUSDT', lowercaseId: 'btcusdt', symbol: CCXT_SWAP_SYMBOL, type: 'swap', spot: false, swap: true, contract: true,
      settle: 'USDT', settleId: 'USDT', linear: true, inverse: false, contractSize: 1, precision: { amount: 0.001, price: 0.1 } },
  ];
}

export class CcxtBinanceHarness {
  readonly version: string;
  readonly spotClient: CcxtClient;
  readonly futuresClient: CcxtClient;
  private readonly exchange: CcxtBinance;
  private readonly snapshotBody: unknown;
  private readonly snapshotTime: number | undefined;

  private constructor(mod: CcxtModule, snapshotText: string) {
    this.version = mod.version;
    this.exchange = new mod.pro.binance({ enableRateLimit: false }) as CcxtBinance;
    this.exchange.setMarkets(staticMarkets());
    // The URLs ccxt subscribes on: `<ws base>/<stream index>` (see binance.watchTradesForSymbols).
    this.spotClient = this.exchange.client(`${this.exchange.getWsUrl('spot')}/0`);
    this.futuresClient = this.exchange.client(`${this.exchange.getWsUrl('future', this.exchange.getFutureWsCategory('depth'))}/0`);
    if (!this.exchange.isSpotUrl(this.spotClient) || this.exchange.isSpotUrl(this.futuresClient)) {
      throw new Error(`ccxt ${mod.version} no longer tells spot from futures by these URLs (${this.spotClient.url}, ${this.futuresClient.url})`);
    }
    this.snapshotBody = JSON.parse(snapshotText);
    this.snapshotTime = (this.snapshotBody as { T?: number }).T;
  }

  /** Import ccxt (only when this benchmark runs: it takes about a second) and build the harness. */
  static async create(depthSnapshotText: string): Promise<CcxtBinanceHarness> {
    const mod = ((await import('ccxt')) as unknown as { default: CcxtModule }).default;
    return new CcxtBinanceHarness(mod, depthSnapshotText);
  }

  lastSpotTrade(): CcxtTrade | undefined {
    const trades = this.exchange.trades[CCXT_SPOT_SYMBOL];
    return trades === undefined || trades.length === 0 ? undefined : trades[trades.length - 1];
  }

  lastSpotQuote(): CcxtQuote | undefined {
    return this.exchange.bidsasks[CCXT_SPOT_SYMBOL];
  }

  /**
   * A fresh USD-M book from the REST snapshot, installed as ccxt's book for the swap symbol, as
   * watchOrderBook + fetchOrderBookSnapshot leave it (the snapshot is parsed again on each call, so
   * no level array is shared with a book that a previous replay mutated).
   */
  resetSwapBook(): CcxtOrderBook {
    const ex = this.exchange;
    const snapshot = ex.parseOrderBook(this.snapshotBody, CCXT_SWAP_SYMBOL, this.snapshotTime);
    snapshot.nonce = (this.snapshotBody as { lastUpdateId: number }).lastUpdateId;
    const book = ex.orderBook({}, 1000);
    book.reset(snapshot);
    ex.orderbooks[CCXT_SWAP_SYMBOL] = book;
    return book;
  }

  /** ccxt's current book for the swap symbol (undefined once a handler error made ccxt drop it). */
  swapBook(): CcxtOrderBook | undefined {
    return this.exchange.orderbooks[CCXT_SWAP_SYMBOL];
  }
}
