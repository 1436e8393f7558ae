// No key or secret leaves a gateway in text: with fake keys in the environment, every gateway is
// made to fail every way available offline (a venue echoing the request's credentials in an error
// body, HTTP 401, a body that is not JSON, a refused connection, a timeout) on submit, cancel and
// fetch, and everything written to stdout/stderr, every error (message, stack, inspected own
// properties) and every rejection reason is searched for each credential and its encoded forms.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AlpacaOrderGateway } from '../../../src/execution/live/alpaca-order-gateway.js';
import { CcxtOrderGateway, type CcxtVenue } from '../../../src/execution/live/ccxt-order-gateway.js';
import { credentialsFromEnv, type VenueCredentials } from '../../../src/execution/live/live-credentials.js';
import type { LiveOrder } from '../../../src/execution/live/live-order.js';
import type { OrderGateway } from '../../../src/execution/live/order-gateway.js';
import { OrderType, Side, TimeInForce } from '../../../src/shm/records.js';
import { alpacaLoopback } from '../../support/alpaca-loopback.js';
import { withDeadline } from '../../support/deadline.js';
import { fakeKeyEnv } from '../../support/fake-credentials.js';
import { captureOutput } from '../../support/output-capture.js';
import { venueTransport, type Answerer } from '../../support/venue-transport.js';

const env = fakeKeyEnv('leak');

/** Every form a credential could appear in. */
function forbiddenStrings(credentials: VenueCredentials[]): string[] {
  const out = new Set<string>();
  for (const c of credentials) {
    for (const value of c.secretValues()) {
      out.add(value);
      out.add(encodeURIComponent(value));
      out.add(JSON.stringify(value).slice(1, -1));
      for (const line of value.split('\n')) if (line.length >= 16 && !line.startsWith('-----')) out.add(line);
    }
  }
  return [...out];
}

/** All the text an error exposes. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return [error.message, error.stack ?? '', String(error), inspect(error, { depth: 5, showHidden: true }), JSON.stringify(error)].join('\n');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts requests and never answers (for timeouts). */
async function silentServer(): Promise<{ server: Server; url: string }> {
  const server = createServer(() => { /* never answers */ });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const order = (symbol: string): LiveOrder => ({
  clientOrderId: 77, symbol, side: Side.Buy, orderType: OrderType.Limit, timeInForce: TimeInForce.GTC, quantity: 1, limitPrice: 100,
});

/** Submit, cancel (both id kinds) and fetch; every outcome's text is collected. */
async function exercise(gateway: OrderGateway, symbol: string, texts: string[]): Promise<number> {
  let failures = 0;
  const attempt = async (call: () => Promise<unknown>) => {
    try {
      texts.push(inspect(await call(), { depth: 6 }));
    } catch (error) {
      failures++;
      texts.push(errorText(error));
    }
  };
  await attempt(() => gateway.submit(order(symbol)));
  await attempt(() => gateway.cancel('12345', symbol));
  await attempt(() => gateway.cancel(77, symbol));
  await attempt(() => gateway.fetchOrder('12345', symbol));
  return failures;
}

/** The ways a crypto venue fails, as transport scripts. `echo` is what a careless venue repeats back. */
function failureModes(refusedPort: number, silentUrl: string): [string, Answerer][] {
  const echo = (init: RequestInit, url: string) => JSON.stringify({ url, headers: init.headers, body: init.body });
  return [
    ['HTTP 401 echoing the request', (r, init) => ({ status: 401, body: { code: -2015, msg: `Invalid API-key ${echo(init, r.url)}`, message: echo(init, r.url) } })],
    ['HTTP 400 echoing the request', (r, init) => ({ status: 400, body: { code: -1100, msg: echo(init, r.url), message: echo(init, r.url), error: 'INVALID_ARGUMENT' } })],
    ['a body that is not JSON', (r, init) => new Response(`<html>proxy error ${echo(init, r.url)}</html>`, { status: 502 })],
    ['a 200 that is not JSON', (r, init) => new Response(`not json ${echo(init, r.url)}`, { status: 200 })],
    ['a refused connection', (r, init) => fetch(`http://127.0.0.1:${refusedPort}${new URL(r.url).pathname}`, init)],
    ['a timeout', (r, init) => fetch(`${silentUrl}${new URL(r.url).pathname}`, init)],
  ];
}

test('no credential in any output, error or rejection of the ccxt gateways, whatever fails', async () => {
  const refusedPort = await closedPort();
  const silent = await silentServer();
  const credentials = (['binance', 'coinbase', 'coinbaseexchange'] as const).map((v) => credentialsFromEnv(v, env));
  const texts: string[] = [];
  let failures = 0;
  try {
    const { output } = await withDeadline(captureOutput(async () => {
      for (const [mode, answer] of failureModes(refusedPort, silent.url)) {
        for (const c of credentials) {
          const venue = c.venue as CcxtVenue;
          const gateway = new CcxtOrderGateway({
            venue, credentials: c, live: venue === 'coinbase' ? true : undefined, timeoutMs: 250, transport: venueTransport(venue, answer).transport,
          });
          try {
            const n = await exercise(gateway, venue === 'binance' ? 'BTC/USDT' : 'XRP/USDT', texts);
            failures += n;
            texts.push(`${mode} ${venue}: ${n} failures`);
          } finally {
            await gateway.close();
          }
        }
      }
      console.log(credentials[0], String(credentials[1]), JSON.stringify(credentials[2]));
    }), 60_000, 'the ccxt gateways to fail every way');
    texts.push(output);
  } finally {
    silent.server.closeAllConnections();
    await new Promise<void>((resolve) => silent.server.close(() => resolve()));
  }
  assert.ok(failures >= 12, `the gateways failed (${failures} failures)`);
  assert.match(texts.join('\n'), /auth|401|Invalid API-key|AuthenticationError/, 'the failures were seen');
  const all = texts.join('\n');
  for (const secret of forbiddenStrings(credentials)) {
    assert.not.ok(all.includes(secret), `a credential (${secret.length} chars) appeared in the output`);
  }
});

test('no credential in any output, error or rejection of the Alpaca gateway, whatever fails', async () => {
  const credentials = credentialsFromEnv('alpaca', env);
  const echo = `key ${credentials.apiKey} secret ${credentials.secret}`;
  const server = await alpacaLoopback(credentials.apiKey, credentials.secret);
  const silent = await silentServer();
  const refusedPort = await closedPort();
  const texts: string[] = [];
  let failures = 0;
  try {
    const { output } = await withDeadline(captureOutput(async () => {
      const on = (baseUrl: string) => new AlpacaOrderGateway({ credentials, baseUrl, timeoutMs: 250 });
      const scripted: [number, unknown][] = [[401, { code: 40110000, message: `request is not authorized: ${echo}` }], [403, { message: echo }], [422, { message: echo }], [500, `<html>${echo}</html>`]];
      for (const [status, body] of scripted) {
        server.rejectNext(status, body);
        failures += await exercise(on(server.url), 'AAPL', texts);
      }
      failures += await exercise(new AlpacaOrderGateway({ credentials: credentialsFromEnv('alpaca', fakeKeyEnv('other')), baseUrl: server.url, timeoutMs: 250 }), 'AAPL', texts);
      failures += await exercise(on(`http://127.0.0.1:${refusedPort}`), 'AAPL', texts);
      failures += await exercise(on(silent.url), 'AAPL', texts);
      // A 200 whose body is not JSON and repeats the keys.
      const garbage = createServer((_req, res) => res.writeHead(200).end(`oops ${echo}`));
      await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', () => resolve()));
      try {
        failures += await exercise(on(`http://127.0.0.1:${(garbage.address() as AddressInfo).port}`), 'AAPL', texts);
      } finally {
        garbage.closeAllConnections();
        await new Promise<void>((resolve) => garbage.close(() => resolve()));
      }
      console.error(credentials, `${credentials}`);
    }), 60_000, 'the Alpaca gateway to fail every way');
    texts.push(output);
  } finally {
    await server.close();
    silent.server.closeAllConnections();
    await new Promise<void>((resolve) => silent.server.close(() => resolve()));
  }
  assert.ok(failures >= 12, `the gateway failed (${failures} failures)`);
  const all = texts.join('\n');
  assert.match(all, /redacted/, 'echoed keys were found and redacted');
  for (const secret of forbiddenStrings([credentials])) {
    assert.not.ok(all.includes(secret), `a credential (${secret.length} chars) appeared in the output`);
  }
});

test.run();
