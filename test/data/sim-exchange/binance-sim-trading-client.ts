// Test helpers for the simulated exchange's Binance trading API: a sim with an account, signed
// requests made by hand (HMAC-SHA256 over the query string, as Binance specifies), and a
// user-data stream reader. Every wait is bounded; callers close what they open in a finally.
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { SimExchange, type SimExchangeEndpoints, type SimExchangeOptions } from '../../../src/data/sim-exchange/sim-exchange.js';
import { fakeCredentials } from '../../support/fake-credentials.js';
import { fetchWithin, waitUntil, withDeadline } from '../../support/deadline.js';
import type { VenueCredentials } from '../../../src/execution/live/live-credentials.js';

export interface TradingSim {
  ex: SimExchange;
  endpoints: SimExchangeEndpoints;
  credentials: VenueCredentials;
  account: { apiKey: string; secret: string };
}

export async function startTradingSim(options: Partial<SimExchangeOptions> = {}): Promise<TradingSim> {
  const credentials = fakeCredentials('binance');
  const account = { apiKey: credentials.apiKey, secret: credentials.secret };
  const ex = new SimExchange({
    symbols: ['BTC/USDT'], startPrices: { 'BTC/USDT': 65000 }, annualVol: 0.6, seed: 11, eventsPerSecond: 500, account, ...options,
  });
  const endpoints = await ex.start();
  return { ex, endpoints, credentials, account };
}

/** A SIGNED request with parameters in the query string (GET/DELETE) or the body (POST). */
export async function signedRequest(
  restUrl: string, method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string | number>,
  account: { apiKey: string; secret: string }, timestamp = Date.now(),
): Promise<{ status: number; json: unknown }> {
  const query = new URLSearchParams({ ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), timestamp: String(timestamp) }).toString();
  const signed = `${query}&signature=${createHmac('sha256', account.secret).update(query).digest('hex')}`;
  const headers: Record<string, string> = { 'X-MBX-APIKEY': account.apiKey };
  const init: RequestInit = { method, headers };
  let url = `${restUrl}${path}`;
  if (method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = signed;
  } else {
    url += `?${signed}`;
  }
  const res = await fetchWithin(url, 5000, init);
  return { status: res.status, json: await res.json() };
}

export type ExecutionReport = Record<string, unknown> & { e: string; x: string; X: string; c: string; C: string; l: string; z: string; i: number };

export interface UserStream {
  reports: ExecutionReport[];
  listenKey: string;
  close(): void;
}

/** A listen key and an open websocket on its stream, collecting every event. */
export async function openUserStream(endpoints: SimExchangeEndpoints, apiKey: string): Promise<UserStream> {
  const res = await fetchWithin(`${endpoints.restUrl}/api/v3/userDataStream`, 5000, { method: 'POST', headers: { 'X-MBX-APIKEY': apiKey } });
  const { listenKey } = await res.json() as { listenKey: string };
  const ws = new WebSocket(`${endpoints.wsUrl}/ws/${listenKey}`);
  const reports: ExecutionReport[] = [];
  ws.on('message', (m) => reports.push(JSON.parse(m.toString()) as ExecutionReport));
  await withDeadline(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), 5000, 'the user-data stream to open', () => ws.terminate());
  return { reports, listenKey, close: () => ws.terminate() };
}

/** The best bid and ask of the sim's book now, from its REST snapshot (once the market has quoted). */
export async function touch(restUrl: string): Promise<{ bid: number; ask: number; asks: number[] }> {
  let snap: { bids: [string, string][]; asks: [string, string][] } = { bids: [], asks: [] };
  await waitUntil(async () => {
    snap = await (await fetchWithin(`${restUrl}/api/v3/depth?symbol=BTCUSDT&limit=100`)).json() as typeof snap;
    return snap.bids.length > 0 && snap.asks.length > 0;
  }, 5000, 'the first quote of the simulated market', 20);
  return { bid: Number(snap.bids[0][0]), ask: Number(snap.asks[0][0]), asks: snap.asks.map((a) => Number(a[0])) };
}
