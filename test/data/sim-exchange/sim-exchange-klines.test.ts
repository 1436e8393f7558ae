// The simulated exchange's kline_1m stream, read with a plain JSON.parse client: the open kline
// is pushed every 2 s of virtual time, the closing one (`x: true`) as the minute ends, and the
// next minute's kline is exactly the fold of that minute's trades (open, high, low, close, base,
// quote and taker-buy volumes, count, first and last trade id), continuing the closed one's ids.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { SimExchange } from '../../../src/data/sim-exchange/sim-exchange.js';
import { waitUntil } from '../../support/deadline.js';

interface Kline { t: number; T: number; i: string; f: number; L: number; o: string; h: string; l: string; c: string; v: string; n: number; x: boolean; q: string; V: string; Q: string }
interface Trade { t: number; p: string; q: string; T: number; m: boolean }

test('kline_1m: closes with the virtual minute; the next minute\'s kline is the fold of its trades', async () => {
  const boundaryMs = (Math.floor(Date.now() / 60_000) + 5) * 60_000;
  const ex = new SimExchange({
    symbols: ['BTC/USDT'], startPrices: { 'BTC/USDT': 65000 }, annualVol: 0.6, seed: 3, eventsPerSecond: 3000,
    startEpochUs: boundaryMs * 1000 - 500_000,
  });
  const { wsUrl } = await ex.start();
  const klines: Array<{ E: number; k: Kline }> = [];
  const trades: Trade[] = [];
  const ws = new WebSocket(`${wsUrl}/stream?streams=btcusdt@trade/btcusdt@kline_1m`);
  ws.on('message', (m) => {
    const { stream, data } = JSON.parse(m.toString()) as { stream: string; data: Record<string, unknown> };
    if (stream === 'btcusdt@kline_1m') klines.push(data as unknown as { E: number; k: Kline });
    else trades.push(data as unknown as Trade);
  });
  try {
    await waitUntil(() => klines.some((k) => k.k.t === boundaryMs), 10_000, 'the first push of the next minute');
    const closed = klines.filter((k) => k.k.x);
    assert.is(closed.length, 1);
    const [last] = closed;
    assert.equal([last.E, last.k.t, last.k.T, last.k.i], [boundaryMs, boundaryMs - 60_000, boundaryMs - 1, '1m']);
    assert.is(last.k.n, last.k.L - last.k.f + 1, 'every trade id of the minute counted');
    assert.ok(klines.every((k) => k.E % 2000 === 0 && (k.k.x || k.E < k.k.t + 60_000)), 'pushed every 2 s of virtual time');

    const next = klines.find((k) => k.k.t === boundaryMs)!;
    assert.is(next.E, boundaryMs + 2000);
    assert.not.ok(next.k.x);
    const minute = trades.filter((tr) => tr.T >= boundaryMs && tr.T < next.E);
    assert.ok(minute.length > 0);
    const prices = minute.map((tr) => Number(tr.p));
    const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
    const buys = minute.filter((tr) => !tr.m);
    assert.equal(
      [next.k.f, next.k.L, next.k.n, Number(next.k.o), Number(next.k.h), Number(next.k.l), Number(next.k.c)],
      [last.k.L + 1, minute[minute.length - 1].t, minute.length, prices[0], Math.max(...prices), Math.min(...prices), prices[prices.length - 1]],
    );
    assert.is(minute[0].t, last.k.L + 1, 'no trade between the two klines');
    const close = (a: string, b: number): void => assert.ok(Math.abs(Number(a) - b) < 1e-6, `${a} vs ${b}`);
    close(next.k.v, sum(minute.map((tr) => Number(tr.q))));
    close(next.k.q, sum(minute.map((tr) => Number(tr.p) * Number(tr.q))));
    close(next.k.V, sum(buys.map((tr) => Number(tr.q))));
    close(next.k.Q, sum(buys.map((tr) => Number(tr.p) * Number(tr.q))));
  } finally {
    ws.terminate();
    await ex.stop();
  }
});

test.run();
