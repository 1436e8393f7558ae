// The simulated exchange speaks Binance's protocol consistently: combined-stream envelopes, a
// REST snapshot whose lastUpdateId lines up with the diff sequence, continuous diffs (U = previous
// u + 1), and a bookTicker that always equals the top of the book the diffs build. Checked with a
// plain JSON.parse client, independent of the connector under test elsewhere.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { setTimeout as sleep } from 'node:timers/promises';
import { SimExchange } from '../../../src/data/sim-exchange/sim-exchange.js';

type Level = [string, string];
interface Frame { stream: string; data: Record<string, unknown> }

function sideBook(): Map<number, number> { return new Map(); }
function apply(book: Map<number, number>, levels: Level[]): void {
  for (const [p, q] of levels) { const qty = Number(q); if (qty === 0) book.delete(Number(p)); else book.set(Number(p), qty); }
}
const best = (book: Map<number, number>, bid: boolean): number => (bid ? Math.max(...book.keys()) : Math.min(...book.keys()));

test('snapshot + diffs rebuild a book whose top equals the bookTicker, with no gaps', async () => {
  const ex = new SimExchange({ symbols: ['BTC/USDT', 'ETH/USDT'], startPrices: { 'BTC/USDT': 65000, 'ETH/USDT': 3400 }, annualVol: 0.6, seed: 7, eventsPerSecond: 5000 });
  const { wsUrl, restUrl } = await ex.start();
  const frames: Frame[] = [];
  const ws = new WebSocket(`${wsUrl}/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@trade`);
  ws.on('message', (m) => frames.push(JSON.parse(m.toString()) as Frame));
  try {
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    await sleep(300);
    const snap = await (await fetch(`${restUrl}/api/v3/depth?symbol=BTCUSDT&limit=1000`)).json() as { lastUpdateId: number; bids: Level[]; asks: Level[] };
    await sleep(1200);
    assert.ok(frames.length > 100, `frames: ${frames.length}`);
    for (const f of frames) assert.ok(['btcusdt@depth@100ms', 'btcusdt@bookTicker', 'btcusdt@trade'].includes(f.stream), f.stream);

    const bids = sideBook(); const asks = sideBook();
    apply(bids, snap.bids); apply(asks, snap.asks);
    let lastU = snap.lastUpdateId;
    let synced = false;
    let checked = 0;
    let lastTicker: Record<string, unknown> | null = null;
    for (const { stream, data } of frames) {
      if (stream.endsWith('@bookTicker')) { lastTicker = data; continue; }
      if (!stream.endsWith('@depth@100ms')) continue;
      const U = data.U as number; const u = data.u as number;
      if (u <= snap.lastUpdateId) continue;
      if (!synced) {
        assert.ok(U <= snap.lastUpdateId + 1 && u >= snap.lastUpdateId + 1, `first diff straddles: U ${U} u ${u} last ${snap.lastUpdateId}`);
        synced = true;
      } else {
        assert.is(U, lastU + 1, 'diffs are continuous');
      }
      apply(bids, data.b as Level[]); apply(asks, data.a as Level[]);
      lastU = u;
      assert.ok(best(bids, true) < best(asks, false), 'never crossed');
      if (lastTicker && lastTicker.u === u) {
        assert.is(Number(lastTicker.b), best(bids, true));
        assert.is(Number(lastTicker.a), best(asks, false));
        assert.is(Number(lastTicker.B), bids.get(best(bids, true)));
        checked++;
      }
    }
    assert.ok(synced, 'a diff followed the snapshot');
    assert.ok(checked > 3, `bookTicker compared with the rebuilt book ${checked} times`);
    assert.ok(bids.size >= 50 && asks.size >= 50, 'the book has depth');
  } finally {
    ws.terminate();
    await ex.stop();
  }
});

test('SUBSCRIBE adds streams and is acknowledged; bad requests get an error, not a disconnect', async () => {
  const ex = new SimExchange({ symbols: ['ETH/USDT'], startPrices: { 'ETH/USDT': 3400 }, annualVol: 0.6, seed: 1, eventsPerSecond: 2000 });
  const { wsUrl, restUrl } = await ex.start();
  const ws = new WebSocket(`${wsUrl}/stream`);
  const texts: string[] = [];
  ws.on('message', (m) => texts.push(m.toString()));
  try {
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.send('{"method":"SUBSCRIBE","params":["ethusdt@trade"],"id":7}');
    ws.send('not json');
    await sleep(400);
    assert.is(texts[0], '{"result":null,"id":7}');
    assert.ok(texts.some((t) => t.includes('"error"')), 'an error reply for the bad request');
    assert.ok(texts.some((t) => t.startsWith('{"stream":"ethusdt@trade"')), 'trades flow after SUBSCRIBE');
    const bad = await fetch(`${restUrl}/api/v3/depth?symbol=NOPE`);
    assert.is(bad.status, 400);
    assert.equal(await bad.json(), { code: -1121, msg: 'Invalid symbol.' });
  } finally {
    ws.terminate();
    await ex.stop();
  }
});

test('the same seed gives the same messages', async () => {
  const run = async (): Promise<string[]> => {
    const ex = new SimExchange({ symbols: ['BTC/USDT'], startPrices: { 'BTC/USDT': 65000 }, annualVol: 0.6, seed: 99, eventsPerSecond: 3000, startEpochUs: 1_700_000_000_000_000 });
    const { wsUrl } = await ex.start();
    const ws = new WebSocket(`${wsUrl}/stream?streams=btcusdt@trade/btcusdt@bookTicker/btcusdt@depth@100ms`);
    const texts: string[] = [];
    ws.on('message', (m) => texts.push(m.toString()));
    await new Promise((resolve) => ws.once('open', resolve));
    await sleep(600);
    ws.terminate();
    await ex.stop();
    return texts;
  };
  const [a, b] = [await run(), await run()];
  // Connections join at slightly different points of the stream: compare from the first
  // frame both saw.
  const start = b.indexOf(a.find((t) => b.includes(t))!);
  const from = a.indexOf(b[start]);
  const n = Math.min(a.length - from, b.length - start, 500);
  assert.ok(n > 100, `overlap ${n}`);
  assert.equal(a.slice(from, from + n), b.slice(start, start + n));
});

test.run();
