// A loopback stand-in for Alpaca's trading API v2 (orders): a real node:http server on 127.0.0.1
// that keeps orders in memory and answers the way Alpaca documents, including its refusals
// (401 bad keys, 422 reused client_order_id, 422 not cancelable, 404 unknown order). Tests script
// rejections, fills and lost answers on top. Every socket is destroyed on close, so a failing test
// cannot leave the runner waiting on a keep-alive connection.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlpacaOrderGateway } from '../../src/execution/live/alpaca-order-gateway.js';
import { withDeadline } from './deadline.js';
import { fakeCredentials } from './fake-credentials.js';

export interface AlpacaOrderJson {
  id: string;
  client_order_id: string;
  created_at: string;
  updated_at: string;
  submitted_at: string;
  filled_at: string | null;
  canceled_at: string | null;
  asset_class: 'us_equity';
  symbol: string;
  qty: string;
  filled_qty: string;
  filled_avg_price: string | null;
  order_class: '';
  order_type: string;
  type: string;
  side: string;
  time_in_force: string;
  limit_price: string | null;
  stop_price: null;
  status: string;
  extended_hours: boolean;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface AlpacaLoopback {
  url: string;
  requests: SeenRequest[];
  orders: Map<string, AlpacaOrderJson>;
  /** Answer the next order submission with this instead (status, Alpaca error JSON). */
  rejectNext(status: number, body: unknown): void;
  /** Accept the next order submission but destroy the connection instead of answering. */
  loseNextAnswer(): void;
  /** A fill of `qty` at `price` on order `id` (filled_avg_price kept as Alpaca reports it). */
  fill(id: string, qty: number, price: number): void;
  close(): Promise<void>;
}

const UNAUTHORIZED = { code: 40110000, message: 'request is not authorized' };

export async function alpacaLoopback(keyId: string, secretKey: string): Promise<AlpacaLoopback> {
  const orders = new Map<string, AlpacaOrderJson>();
  const requests: SeenRequest[] = [];
  let scriptedRejection: { status: number; body: unknown } | null = null;
  let loseAnswer = false;

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body });
    if (req.headers['apca-api-key-id'] !== keyId || req.headers['apca-api-secret-key'] !== secretKey) return send(res, 401, UNAUTHORIZED);

    if (req.method === 'POST' && url.pathname === '/v2/orders') {
      if (scriptedRejection !== null) {
        const { status, body: answer } = scriptedRejection;
        scriptedRejection = null;
        return send(res, status, answer);
      }
      const o = JSON.parse(body) as Record<string, string>;
      if ([...orders.values()].some((x) => x.client_order_id === o['client_order_id'])) {
        return send(res, 422, { code: 40010001, message: 'client_order_id must be unique' });
      }
      const now = new Date().toISOString();
      const order: AlpacaOrderJson = {
        id: randomUUID(), client_order_id: o['client_order_id'] ?? randomUUID(), created_at: now, updated_at: now, submitted_at: now,
        filled_at: null, canceled_at: null, asset_class: 'us_equity', symbol: o['symbol'], qty: o['qty'], filled_qty: '0',
        filled_avg_price: null, order_class: '', order_type: o['type'], type: o['type'], side: o['side'], time_in_force: o['time_in_force'],
        limit_price: o['limit_price'] ?? null, stop_price: null, status: 'accepted', extended_hours: false,
      };
      orders.set(order.id, order);
      if (loseAnswer) {
        loseAnswer = false;
        req.socket.destroy();
        return undefined;
      }
      return send(res, 200, order);
    }
    if (req.method === 'GET' && url.pathname === '/v2/orders:by_client_order_id') {
      const wanted = url.searchParams.get('client_order_id');
      const order = [...orders.values()].find((x) => x.client_order_id === wanted);
      return order === undefined ? send(res, 404, { code: 40410000, message: 'order not found' }) : send(res, 200, order);
    }
    const byId = /^\/v2\/orders\/([^/]+)$/.exec(url.pathname);
    if (byId !== null) {
      const order = orders.get(decodeURIComponent(byId[1]));
      if (order === undefined) return send(res, 404, { code: 40410000, message: 'order not found' });
      if (req.method === 'GET') return send(res, 200, order);
      if (req.method === 'DELETE') {
        if (order.status === 'filled' || order.status === 'canceled') return send(res, 422, { code: 42210000, message: 'order is not cancelable' });
        order.status = 'canceled';
        order.canceled_at = new Date().toISOString();
        return send(res, 204);
      }
    }
    return send(res, 404, { code: 40400000, message: 'endpoint not found' });
  };

  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    orders,
    rejectNext: (status, body) => { scriptedRejection = { status, body }; },
    loseNextAnswer: () => { loseAnswer = true; },
    fill: (id, qty, price) => {
      const order = orders.get(id);
      if (order === undefined) throw new Error(`no order ${id}`);
      const before = Number(order.filled_qty);
      const avg = order.filled_avg_price === null ? 0 : Number(order.filled_avg_price);
      const after = before + qty;
      order.filled_qty = String(after);
      order.filled_avg_price = String((before * avg + qty * price) / after);
      order.status = after >= Number(order.qty) ? 'filled' : 'partially_filled';
      if (order.status === 'filled') order.filled_at = new Date().toISOString();
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Runs `body` with a loopback Alpaca and a gateway pointed at it (fake keys from the environment
 * reader, a 2 s request timeout), within `ms`; the server is closed however the body ends.
 */
export async function withAlpacaGateway(
  body: (server: AlpacaLoopback, gateway: AlpacaOrderGateway) => Promise<void>, ms = 10_000,
): Promise<void> {
  const credentials = fakeCredentials('alpaca');
  const server = await alpacaLoopback(credentials.apiKey, credentials.secret);
  try {
    const gateway = new AlpacaOrderGateway({ credentials, baseUrl: server.url, timeoutMs: 2000 });
    await withDeadline(body(server, gateway), ms, 'the Alpaca loopback test');
  } finally {
    await server.close();
  }
}
