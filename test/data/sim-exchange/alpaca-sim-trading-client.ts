// Test helpers for the simulated Alpaca exchange's trading API: a sim with an account whose
// virtual clock starts inside a regular session, a trading-stream reader (auth, listen, every
// trade update collected), the market's touch read from its own market-data stream, and raw
// REST requests with Alpaca's key headers. Every wait is bounded; callers close what they open.
import WebSocket from 'ws';
import { AlpacaSimExchange, type AlpacaSimEndpoints, type AlpacaSimExchangeOptions } from '../../../src/data/sim-exchange/alpaca-sim-exchange.js';
import type { VenueCredentials } from '../../../src/execution/live/live-credentials.js';
import { fetchWithin, waitUntil, withDeadline } from '../../support/deadline.js';
import { fakeCredentials } from '../../support/fake-credentials.js';

/** Monday 2024-03-04, 10:00 New York (15:00 UTC): an hour into the regular session. */
export const IN_SESSION_US = Date.UTC(2024, 2, 4, 15, 0, 0) * 1000;
/** The same day, 2 s before the 16:00 close (21:00 UTC). */
export const BEFORE_CLOSE_US = Date.UTC(2024, 2, 4, 20, 59, 58) * 1000;

export interface AlpacaTradingSim {
  ex: AlpacaSimExchange;
  endpoints: AlpacaSimEndpoints;
  credentials: VenueCredentials;
  account: { apiKey: string; secret: string };
}

export async function startAlpacaTradingSim(options: Partial<AlpacaSimExchangeOptions> = {}): Promise<AlpacaTradingSim> {
  const credentials = fakeCredentials('alpaca');
  const account = { apiKey: credentials.apiKey, secret: credentials.secret };
  const ex = new AlpacaSimExchange({
    symbols: ['AAPL', 'MSFT'], startPrices: { AAPL: 180, MSFT: 400 }, annualVol: 0.3, seed: 7, eventsPerSecond: 2000,
    startEpochUs: IN_SESSION_US, account, ...options,
  });
  const endpoints = await ex.start();
  return { ex, endpoints, credentials, account };
}

export type TradeUpdate = {
  event: string;
  execution_id: string;
  timestamp: string;
  price?: string;
  qty?: string;
  position_qty?: string;
  order: Record<string, unknown> & { id: string; client_order_id: string; status: string; filled_qty: string };
};

export interface TradeStream {
  ws: WebSocket;
  /** Every server message, parsed, in arrival order. */
  messages: Array<{ stream: string; data: Record<string, unknown> }>;
  /** Whether each server frame was binary, as Alpaca sends them. */
  binary: boolean[];
  closed: boolean;
  updates(clientOrderId?: string): TradeUpdate[];
  close(): void;
}

/** A websocket on `/stream`, before anything is sent. */
export async function connectTradeStream(endpoints: AlpacaSimEndpoints): Promise<TradeStream> {
  const ws = new WebSocket(`${endpoints.wsUrl}/stream`);
  const stream: TradeStream = {
    ws, messages: [], binary: [], closed: false,
    updates: (id) => stream.messages
      .filter((m) => m.stream === 'trade_updates')
      .map((m) => m.data as TradeUpdate)
      .filter((u) => id === undefined || u.order.client_order_id === id),
    close: () => ws.terminate(),
  };
  ws.on('message', (m, isBinary) => {
    stream.binary.push(isBinary);
    stream.messages.push(JSON.parse(m.toString()) as TradeStream['messages'][number]);
  });
  ws.on('close', () => { stream.closed = true; });
  ws.on('error', () => {});
  await withDeadline(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), 5000, 'the trading stream to open', () => ws.terminate());
  return stream;
}

/** A trading stream authorized with `key`/`secret` and listening to trade_updates. */
export async function openTradeStream(endpoints: AlpacaSimEndpoints, key: string, secret: string): Promise<TradeStream> {
  const stream = await connectTradeStream(endpoints);
  stream.ws.send(JSON.stringify({ action: 'auth', key, secret }));
  await waitUntil(() => stream.messages.length >= 1, 5000, 'the authorization answer');
  stream.ws.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
  await waitUntil(() => stream.messages.some((m) => m.stream === 'listening'), 5000, 'the listening answer');
  return stream;
}

/** The symbol's best bid and ask now, from the first quote on the sim's market-data stream. */
export async function touch(endpoints: AlpacaSimEndpoints, symbol = 'AAPL'): Promise<{ bid: number; ask: number }> {
  const ws = new WebSocket(`${endpoints.wsUrl}/v2/iex`);
  let quote: { bp: number; ap: number } | null = null;
  ws.on('message', (m) => {
    for (const msg of JSON.parse(m.toString()) as Array<Record<string, unknown>>) {
      if (msg.T === 'success' && msg.msg === 'connected') ws.send(JSON.stringify({ action: 'auth', key: 'k', secret: 's' }));
      if (msg.T === 'success' && msg.msg === 'authenticated') ws.send(JSON.stringify({ action: 'subscribe', quotes: [symbol] }));
      if (msg.T === 'q' && quote === null) quote = msg as unknown as { bp: number; ap: number };
    }
  });
  ws.on('error', () => {});
  try {
    await waitUntil(() => quote !== null, 5000, `a quote of ${symbol}`);
    return { bid: quote!.bp, ask: quote!.ap };
  } finally {
    ws.terminate();
  }
}

/** A trading API request with Alpaca's key headers. */
export async function alpacaRequest(
  restUrl: string, method: 'GET' | 'POST' | 'DELETE', path: string, account: { apiKey: string; secret: string } | null, body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = {};
  if (account !== null) {
    headers['APCA-API-KEY-ID'] = account.apiKey;
    headers['APCA-API-SECRET-KEY'] = account.secret;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetchWithin(`${restUrl}${path}`, 5000, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) as unknown };
}
