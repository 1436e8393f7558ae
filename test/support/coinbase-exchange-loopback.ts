// A Coinbase Exchange order API on 127.0.0.1 (an ephemeral port), for live-venue tests that no
// simulated exchange covers: it lists a few products (GET /products) and keeps orders as the
// venue documents them (POST /orders; GET and DELETE /orders/{id} and /orders/client:{client_oid}),
// in the venue's own JSON shapes: status pending/open/done, done_reason, filled_size,
// executed_value, fill_fees. Orders only move when the test says so (`fill`), and every request
// is recorded. Answers follow Coinbase Exchange's REST reference; no key is checked.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface LoopbackOrder {
  id: string; client_oid: string; product_id: string; side: string; type: string; size: string; price?: string;
  status: 'pending' | 'open' | 'done'; done_reason?: 'filled' | 'canceled';
  filled_size: string; executed_value: string; fill_fees: string; settled: boolean; created_at: string;
}

export interface CoinbaseExchangeLoopback {
  url: string;
  orders: LoopbackOrder[];
  requests: { method: string; path: string; body: string }[];
  /** Fill `qty` more of the order with client id `clientOid` at `price`, charging `feeRate` of the notional. */
  fill(clientOid: string, qty: number, price: number, feeRate?: number): void;
  close(): Promise<void>;
}

const PRODUCTS = [['BTC-USDC', 'BTC', 'USDC', '0.01', '0.00000001'], ['ETH-USDC', 'ETH', 'USDC', '0.01', '0.00000001']];

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

export async function startCoinbaseExchangeLoopback(): Promise<CoinbaseExchangeLoopback> {
  const orders: LoopbackOrder[] = [];
  const requests: CoinbaseExchangeLoopback['requests'] = [];
  const find = (key: string): LoopbackOrder | undefined => key.startsWith('client:')
    ? orders.find((o) => o.client_oid === key.slice('client:'.length))
    : orders.find((o) => o.id === key);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await bodyOf(req);
      requests.push({ method: req.method ?? 'GET', path: url.pathname, body });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.method === 'GET' && url.pathname === '/products') {
        send(200, PRODUCTS.map(([id, base, quote, quote_increment, base_increment]) => ({
          id, base_currency: base, quote_currency: quote, quote_increment, base_increment, display_name: `${base}/${quote}`,
          min_market_funds: '1', margin_enabled: false, status: 'online', trading_disabled: false,
        })));
        return;
      }
      if (req.method === 'POST' && url.pathname === '/orders') {
        const o = JSON.parse(body) as Record<string, string>;
        if (orders.some((x) => x.client_oid === o.client_oid)) { send(400, { message: 'duplicate client_oid' }); return; }
        const order: LoopbackOrder = {
          id: randomUUID(), client_oid: o.client_oid, product_id: o.product_id, side: o.side, type: o.type, size: o.size,
          ...(o.price === undefined ? {} : { price: o.price }), status: 'pending', filled_size: '0', executed_value: '0', fill_fees: '0',
          settled: false, created_at: new Date().toISOString(),
        };
        orders.push(order);
        send(200, order);
        order.status = 'open';
        return;
      }
      const match = /^\/orders\/(.+)$/.exec(url.pathname);
      const order = match === null ? undefined : find(decodeURIComponent(match[1]));
      if (match !== null && order === undefined) { send(404, { message: 'NotFound' }); return; }
      if (order !== undefined && req.method === 'GET') { send(200, order); return; }
      if (order !== undefined && req.method === 'DELETE') {
        if (order.status === 'done') { send(400, { message: 'Order already done' }); return; }
        order.status = 'done';
        order.done_reason = 'canceled';
        send(200, order.id);
        return;
      }
      send(404, { message: `no route for ${req.method} ${url.pathname}` });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('loopback server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    orders,
    requests,
    fill(clientOid, qty, price, feeRate = 0.004) {
      const o = orders.find((x) => x.client_oid === clientOid);
      if (o === undefined) throw new Error(`no order ${clientOid}`);
      const filled = Number(o.filled_size) + qty;
      o.filled_size = String(filled);
      o.executed_value = String(Number(o.executed_value) + qty * price);
      o.fill_fees = String(Number(o.fill_fees) + qty * price * feeRate);
      if (filled >= Number(o.size) - 1e-12) {
        o.status = 'done';
        o.done_reason = 'filled';
        o.settled = true;
      }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
