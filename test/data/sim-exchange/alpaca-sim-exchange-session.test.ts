// The simulated Alpaca stream speaks the documented v2 protocol, checked with a plain `ws` client
// and JSON.parse: connected -> auth -> subscribe -> trades, quotes and minute bars with well-formed
// fields; every documented refusal (400, 401, 402, 403, 404, 405) where the docs put it. The
// frames are also read by the project's own AlpacaStreamProtocol, which must reject none.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { setTimeout as sleep } from 'node:timers/promises';
import { AlpacaSimExchange, type AlpacaSimExchangeOptions } from '../../../src/data/sim-exchange/alpaca-sim-exchange.js';
import { AlpacaStreamProtocol, AlpacaState } from '../../../src/data/venues/alpaca/alpaca-stream-protocol.js';
import { yamlExample } from '../venues/alpaca/alpaca-docs-examples.js';

/** Monday 2024-03-04 (EST), 1.5 s before the 14:32 UTC minute boundary, inside the session. */
const NEAR_MINUTE_US = Date.UTC(2024, 2, 4, 14, 31, 58, 500) * 1000;
const SYMBOLS = ['AAPL', 'MSFT', 'SPY'];
const RFC3339_NANOS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

type Msg = Record<string, unknown>;

class RawClient {
  readonly ws: WebSocket;
  readonly frames: string[] = [];
  closed: { code: number } | null = null;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (m) => this.frames.push(m.toString()));
    this.ws.on('close', (code) => { this.closed = { code }; });
    this.ws.on('error', () => {});
  }

  messages(): Msg[] {
    return this.frames.flatMap((f) => JSON.parse(f) as Msg[]);
  }

  async next(what: string, ms = 3000): Promise<string> {
    const have = this.frames.length;
    await until(() => this.frames.length > have, what, ms);
    return this.frames[have];
  }
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function exchange(extra: Partial<AlpacaSimExchangeOptions> = {}): Promise<{ ex: AlpacaSimExchange; url: string }> {
  const ex = new AlpacaSimExchange({ symbols: SYMBOLS, annualVol: 0.3, seed: 5, eventsPerSecond: 3000, startEpochUs: NEAR_MINUTE_US, ...extra });
  const { wsUrl } = await ex.start();
  return { ex, url: wsUrl };
}

test('documented session: connected, auth, subscription, then t/q/b messages with well-formed fields', async () => {
  const { ex, url } = await exchange();
  const c = new RawClient(`${url}/v2/iex`);
  try {
    assert.is(await c.next('connected'), '[{"T":"success","msg":"connected"}]');
    c.ws.send('{"action":"auth","key":"AKTEST","secret":"s3cret"}');
    assert.is(await c.next('authenticated'), '[{"T":"success","msg":"authenticated"}]');
    c.ws.send('{"action":"subscribe","trades":["AAPL","MSFT"],"quotes":["AAPL","MSFT"],"bars":["*"]}');
    const sub = JSON.parse(await c.next('subscription')) as Msg[];
    assert.is(sub.length, 1);
    assert.is(sub[0].T, 'subscription');
    assert.equal(sub[0].trades, ['AAPL', 'MSFT']);
    assert.equal(sub[0].quotes, ['AAPL', 'MSFT']);
    assert.equal(sub[0].bars, ['*']);
    await until(() => c.messages().some((m) => m.T === 'b'), 'a minute bar', 6000);
    await sleep(200);

    const data = c.messages().slice(3);
    const trades = data.filter((m) => m.T === 't');
    const quotes = data.filter((m) => m.T === 'q');
    const bars = data.filter((m) => m.T === 'b');
    assert.ok(trades.length > 50 && quotes.length > 200, `trades ${trades.length}, quotes ${quotes.length}`);
    assert.ok(data.every((m) => m.T === 't' || m.T === 'q' || m.T === 'b'), 'only data after the subscription');
    assert.ok(c.frames.slice(3).some((f) => (JSON.parse(f) as Msg[]).length > 1), 'messages are batched in arrays');

    for (const t of trades) {
      assert.equal(Object.keys(t), ['T', 'S', 'i', 'x', 'p', 's', 't', 'c', 'z']);
      assert.ok(t.S === 'AAPL' || t.S === 'MSFT', `trade of ${String(t.S)}`);
      assert.ok((t.p as number) > 0 && Number.isInteger(t.s) && (t.s as number) > 0, JSON.stringify(t));
      assert.match(t.t as string, RFC3339_NANOS);
      assert.is(t.x, 'V');
      assert.ok(Array.isArray(t.c) && (t.c as string[])[0] === '@');
    }
    for (const q of quotes) {
      assert.equal(Object.keys(q), ['T', 'S', 'bx', 'bp', 'bs', 'ax', 'ap', 'as', 't', 'c', 'z']);
      assert.ok((q.bp as number) > 0 && (q.bp as number) < (q.ap as number), `bid < ask: ${JSON.stringify(q)}`);
      assert.ok((q.bs as number) > 0 && (q.as as number) > 0);
      assert.match(q.t as string, RFC3339_NANOS);
    }
    const times = [...trades, ...quotes].map((m) => m.t as string);
    const stamps = data.filter((m) => m.T !== 'b').map((m) => m.t as string);
    for (let i = 1; i < stamps.length; i++) assert.ok(stamps[i] >= stamps[i - 1], `time goes forward at ${i}: ${stamps[i - 1]} ${stamps[i]}`);
    assert.ok(times.every((t) => t.startsWith('2024-03-04T14:3')), 'virtual clock from the given start');
    const ids = trades.map((t) => t.i as number);
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i] > ids[i - 1], 'trade ids increase');

    for (const b of bars) {
      assert.equal(Object.keys(b), ['T', 'S', 'o', 'h', 'l', 'c', 'v', 'n', 'vw', 't']);
      assert.is(b.t, '2024-03-04T14:31:00Z', 'the bar of the minute that just closed');
      const [o, h, l, cl, vw] = [b.o, b.h, b.l, b.c, b.vw] as number[];
      assert.ok(l > 0 && l <= o && l <= cl && o <= h && cl <= h && vw >= l && vw <= h, JSON.stringify(b));
      const seen = trades.filter((t) => t.S === b.S && (t.t as string) < '2024-03-04T14:32');
      assert.ok((b.n as number) >= seen.length && (b.v as number) >= seen.reduce((a, t) => a + (t.s as number), 0), 'the bar covers the trades seen');
    }
    assert.equal(new Set(bars.map((b) => b.S)), new Set(SYMBOLS), 'bars for every symbol that traded');

    // The project's client reads every frame without a single reject.
    const proto = new AlpacaStreamProtocol({ feed: 'iex', keyId: 'k', secretKey: 's', symbols: SYMBOLS, subscription: { trades: ['AAPL'] } });
    proto.onOpen();
    for (const f of c.frames) proto.onFrame(f);
    assert.is(proto.state, AlpacaState.Streaming);
    assert.is(proto.rejects.reduce((a, b) => a + b, 0) + proto.decoder.rejects.reduce((a, b) => a + b, 0), 0, 'no rejects');
    assert.is(proto.counts[3], trades.length);
    assert.is(proto.counts[4], quotes.length);
    assert.is(proto.counts[5], bars.length);

    // Field names are the documented ones (Alpaca's entity examples, when the docs are present).
    for (const [name, sample] of [['trade', trades[0]], ['quote', quotes[0]], ['bar', bars[0]]] as const) {
      const doc = yamlExample(name);
      if (doc === null) continue;
      const documented = Object.keys(JSON.parse(doc) as Msg);
      for (const key of documented) assert.ok(key in sample, `${name} has documented field ${key}`);
    }
  } finally {
    c.ws.terminate();
    await ex.stop();
  }
});

test('the sip feed rotates exchange codes; unsubscribe leaves the rest', async () => {
  const { ex, url } = await exchange();
  const c = new RawClient(`${url}/v2/sip`);
  try {
    await c.next('connected');
    c.ws.send('{"action":"auth","key":"k","secret":"s"}');
    await c.next('authenticated');
    c.ws.send('{"action":"subscribe","trades":["*"],"quotes":["SPY"]}');
    await c.next('subscription');
    await until(() => c.messages().filter((m) => m.T === 't').length > 30, 'sip trades');
    const exchanges = new Set(c.messages().filter((m) => m.T === 't').map((m) => m.x));
    assert.ok(exchanges.size > 3, `exchanges ${[...exchanges].join(',')}`);
    c.ws.send('{"action":"unsubscribe","trades":["*"]}');
    await until(() => c.frames.some((f) => f.includes('"trades":[]')), 'unsubscribe confirmation');
    await sleep(300);
    const at = c.frames.findIndex((f) => f.includes('"trades":[]'));
    assert.equal((JSON.parse(c.frames[at]) as Msg[])[0].quotes, ['SPY']);
    const after = c.frames.slice(at + 1).flatMap((f) => JSON.parse(f) as Msg[]);
    assert.ok(after.length > 0 && after.every((m) => m.T === 'q' && m.S === 'SPY'), 'only SPY quotes after unsubscribing trades');
  } finally {
    c.ws.terminate();
    await ex.stop();
  }
});

test('wrong credentials: 402 auth failed, then the server closes', async () => {
  const { ex, url } = await exchange({ credentials: { key: 'AKGOOD', secret: 'good' } });
  const c = new RawClient(`${url}/v2/iex`);
  try {
    await c.next('connected');
    c.ws.send('{"action":"auth","key":"AKGOOD","secret":"wrong"}');
    assert.is(await c.next('the refusal'), '[{"T":"error","code":402,"msg":"auth failed"}]');
    await until(() => c.closed !== null, 'the close');
    assert.is(ex.stats.authFailures, 1);
    assert.is(ex.stats.authentications, 0);
  } finally {
    c.ws.terminate();
    await ex.stop();
  }
});

test('401 before auth, 400 for bad requests, 403 for a second auth; none of them closes the connection', async () => {
  const { ex, url } = await exchange();
  const c = new RawClient(`${url}/v2/test`);
  try {
    await c.next('connected');
    c.ws.send('{"action":"subscribe","trades":["AAPL"]}');
    assert.is(await c.next('401'), '[{"T":"error","code":401,"msg":"not authenticated"}]');
    c.ws.send('not json');
    assert.is(await c.next('400 for non-JSON'), '[{"T":"error","code":400,"msg":"invalid syntax"}]');
    c.ws.send('{"action":"listen"}');
    assert.is(await c.next('400 for an unknown action'), '[{"T":"error","code":400,"msg":"invalid syntax"}]');
    c.ws.send('{"action":"auth","key":"k","secret":"s"}');
    assert.is(await c.next('authenticated'), '[{"T":"success","msg":"authenticated"}]');
    c.ws.send('{"action":"auth","key":"k","secret":"s"}');
    assert.is(await c.next('403'), '[{"T":"error","code":403,"msg":"already authenticated"}]');
    c.ws.send('{"action":"subscribe","trades":"AAPL"}');
    assert.is(await c.next('400 for a list that is not an array'), '[{"T":"error","code":400,"msg":"invalid syntax"}]');
    c.ws.send('{"action":"subscribe","quotes":["AAPL"]}');
    assert.match(await c.next('subscription'), /^\[\{"T":"subscription","trades":\[\],"quotes":\["AAPL"\]/);
    assert.is(c.closed, null);
  } finally {
    c.ws.terminate();
    await ex.stop();
  }
});

test('no auth within the deadline: 404 auth timeout and close; symbol limit: 405', async () => {
  const { ex, url } = await exchange({ authTimeoutMs: 200, symbolLimit: 2 });
  const late = new RawClient(`${url}/v2/iex`);
  let greedy: RawClient | null = null;
  try {
    await late.next('connected');
    assert.is(await late.next('404', 2000), '[{"T":"error","code":404,"msg":"auth timeout"}]');
    await until(() => late.closed !== null, 'the close');
    assert.is(ex.stats.authTimeouts >= 1, true);

    greedy = new RawClient(`${url}/v2/iex`);
    await greedy.next('connected');
    greedy.ws.send('{"action":"auth","key":"k","secret":"s"}');
    await greedy.next('authenticated');
    greedy.ws.send('{"action":"subscribe","trades":["AAPL","MSFT"],"quotes":["SPY"]}');
    assert.is(await greedy.next('405'), '[{"T":"error","code":405,"msg":"symbol limit exceeded"}]');
    await sleep(300);
    assert.is(greedy.closed, null, 'authenticated in time: not closed');
  } finally {
    late.ws.terminate();
    greedy?.ws.terminate();
    await ex.stop();
  }
});

test('an unknown path is refused at the handshake', async () => {
  const { ex, url } = await exchange();
  const ws = new WebSocket(`${url}/v1beta3/crypto/us`);
  try {
    const status = await new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('opened')));
      ws.once('error', () => {});
    });
    assert.is(status, 404);
  } finally {
    ws.terminate();
    await ex.stop();
  }
});

test.run();
