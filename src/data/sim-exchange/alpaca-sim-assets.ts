/**
 * Alpaca's Assets API for the simulated stock exchange: `GET /v2/assets` (query `status`,
 * `asset_class`, `exchange`) and `GET /v2/assets/{symbol or id}`, behind the same key check as
 * its orders, so a `--source live` stocks session pointed at the simulator loads its market
 * metadata through ccxt exactly as it would from Alpaca.
 *
 * Each ticker of the model is one US equity, in the layout Alpaca documents for a fractionable
 * stock (id, class, exchange, symbol, name, status, tradable, marginable, shortable,
 * easy_to_borrow, fractionable, attributes; crypto assets add min_order_size,
 * min_trade_increment and price_increment, equities do not). The simulated listing has no
 * crypto, so `asset_class=crypto` lists nothing.
 */
import type http from 'node:http';
import { assetIdOf } from './alpaca-sim-order-json.js';
import { keysMatch, type AlpacaSimAccount } from './alpaca-sim-order-request.js';

const ASSETS = '/v2/assets';
/** The listing venue the simulator reports for every ticker (its quotes come from one model). */
const SIM_LISTING_EXCHANGE = 'NASDAQ';

interface AlpacaAssetJson {
  id: string;
  class: 'us_equity';
  exchange: string;
  symbol: string;
  name: string;
  status: 'active';
  tradable: boolean;
  marginable: boolean;
  maintenance_margin_requirement: number;
  shortable: boolean;
  easy_to_borrow: boolean;
  fractionable: boolean;
  attributes: string[];
}

export class AlpacaSimAssets {
  private readonly assets: AlpacaAssetJson[];

  constructor(symbols: readonly string[], private readonly account: AlpacaSimAccount | null) {
    this.assets = symbols.map((symbol) => ({
      id: assetIdOf(symbol), class: 'us_equity', exchange: SIM_LISTING_EXCHANGE, symbol: symbol.toUpperCase(),
      name: `${symbol.toUpperCase()} (simulated)`, status: 'active', tradable: true, marginable: true,
      maintenance_margin_requirement: 30, shortable: true, easy_to_borrow: true, fractionable: true, attributes: [],
    }));
  }

  /** True for the REST paths this module answers. */
  serves(pathname: string): boolean {
    return pathname === ASSETS || pathname.startsWith(`${ASSETS}/`);
  }

  rest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://sim');
    const [status, body] = this.route(req.method ?? 'GET', url, req.headers);
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private route(method: string, url: URL, headers: http.IncomingHttpHeaders): [number, unknown] {
    if (!keysMatch(headers, this.account)) return [401, { code: 40110000, message: 'request is not authorized' }];
    if (method !== 'GET') return [405, { code: 40510000, message: 'method not allowed' }];
    if (url.pathname === ASSETS) {
      const q = url.searchParams;
      const status = q.get('status');
      const assetClass = q.get('asset_class');
      const exchange = q.get('exchange');
      return [200, this.assets.filter((a) => (status === null || status === a.status)
        && (assetClass === null || assetClass === a.class) && (exchange === null || exchange === a.exchange))];
    }
    let key: string;
    try {
      key = decodeURIComponent(url.pathname.slice(ASSETS.length + 1));
    } catch {
      key = '';
    }
    const asset = this.assets.find((a) => a.symbol === key.toUpperCase() || a.id === key);
    return asset === undefined ? [404, { code: 40410000, message: 'asset not found' }] : [200, asset];
  }
}
