// Paper fills on real order books: Tardis' five-level Binance futures BTCUSDT snapshots
// (2020-09-01) as the market states, a taker walking them level by level. The fills equal an
// independent walk of the same levels (taker-walk.ts), the second order finds what the first
// left, and what five levels cannot give is priced past the worst of them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { PaperFillEngine, FillReason } from '../../src/execution/paper-fill-engine.js';
import { walkBook, TakerWalk, TAKER_WALK_SLOTS } from '../../src/execution/taker-walk.js';
import { OrderEventType as E } from '../../src/shm/records.js';
import { sharedFile } from '../support/shared-data.js';
import { CollectingSink, intent, marketState } from './paper-fill-engine-fixture.js';

const SNAPSHOTS = 'ticks/nautilus/tardis-binance-futures_book_snapshot_5_BTCUSDT.csv';

interface Snapshot { ts: number; asks: [number, number][]; bids: [number, number][] }

function readSnapshots(file: string): Snapshot[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const col = header.split(',');
  return rows.map((row) => {
    const v = row.split(',');
    const field = (name: string) => Number(v[col.indexOf(name)]);
    const side = (s: 'asks' | 'bids') => [0, 1, 2, 3, 4].map((i) => [field(`${s}[${i}].price`), field(`${s}[${i}].amount`)] as [number, number]);
    return { ts: field('timestamp'), asks: side('asks'), bids: side('bids') };
  });
}

function fillsOf(sink: CollectingSink, clientOrderId: number) {
  return sink.events.filter((e) => e.clientOrderId === clientOrderId && (e.event === E.Filled || e.event === E.PartiallyFilled));
}

test('a buy and a sell walk the real levels; the next order meets what is left', () => {
  const file = sharedFile(SNAPSHOTS);
  if (file === null) return;
  const books = readSnapshots(file);
  assert.is(books.length, 10);
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 4, beyondDepthBps: 10 });
  const sink = new CollectingSink();
  const state = (k: number) => marketState({ origin: k + 1, ts: books[k].ts, bids: books[k].bids, asks: books[k].asks });
  engine.onMarket(state(0), 0, sink);
  // Decided on snapshot 0, filled against snapshot 1.
  engine.submit(intent({ id: 1, side: 1, qty: 7, price: books[0].asks[0][0], origin: 1, ts: books[0].ts }), 0, sink);
  engine.submit(intent({ id: 2, side: 1, qty: 1, price: books[0].asks[0][0], origin: 1, ts: books[0].ts }), 0, sink);
  engine.submit(intent({ id: 3, side: -1, qty: 12, price: books[0].bids[0][0], origin: 1, ts: books[0].ts }), 0, sink);
  engine.onMarket(state(1), 0, sink);

  const expected = new Float64Array(TAKER_WALK_SLOTS);
  const prices = Float64Array.from(books[1].asks, (l) => l[0]);
  const sizes = Float64Array.from(books[1].asks, (l) => l[1]);
  walkBook(prices, sizes, 5, 1, 7, NaN, expected);
  const buy = fillsOf(sink, 1);
  const qty = buy.reduce((a, f) => a + f.lastQty, 0);
  const notional = buy.reduce((a, f) => a + f.lastQty * f.lastPrice, 0);
  assert.ok(Math.abs(qty - 7) < 1e-9);
  assert.ok(Math.abs(notional - expected[TakerWalk.notional]) < 1e-6, `${notional} vs ${expected[TakerWalk.notional]}`);
  assert.is(buy.length, expected[TakerWalk.levels], 'one fill per level');
  assert.equal(buy.map((f) => f.lastPrice), books[1].asks.slice(0, buy.length).map((l) => l[0]));
  assert.ok(buy.every((f) => Math.abs(f.feeUsd - 4e-4 * f.lastQty * f.lastPrice) < 1e-9));

  // Order 2 meets the asks order 1 left: the same walk over 1 BTC of what remained.
  let toTake = 7;
  const left: [number, number][] = [];
  for (const [price, size] of books[1].asks) {
    const taken = Math.min(size, toTake);
    toTake -= taken;
    if (size - taken > 0) left.push([price, size - taken]);
  }
  walkBook(Float64Array.from(left, (l) => l[0]), Float64Array.from(left, (l) => l[1]), left.length, 1, 1, NaN, expected);
  const second = fillsOf(sink, 2);
  const secondNotional = second.reduce((a, f) => a + f.lastQty * f.lastPrice, 0);
  assert.ok(Math.abs(secondNotional - expected[TakerWalk.notional]) < 1e-6, `${secondNotional} vs ${expected[TakerWalk.notional]}`);
  assert.ok(second[0].lastPrice > buy[0].lastPrice, 'the touch the first order emptied is gone');

  // The sell of 12 walks all five bids (12.387 visible at snapshot 1) and stops inside the fifth.
  const sell = fillsOf(sink, 3);
  assert.equal(sell.map((f) => f.lastPrice), books[1].bids.slice(0, sell.length).map((l) => l[0]));
  assert.ok(Math.abs(sell.reduce((a, f) => a + f.lastQty, 0) - 12) < 1e-9);
  assert.ok(sell.every((f) => f.reason === FillReason.VisibleLevel));
});

test('an order larger than the five levels: the rest fills past the worst level, named so', () => {
  const file = sharedFile(SNAPSHOTS);
  if (file === null) return;
  const books = readSnapshots(file);
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 0, beyondDepthBps: 10 });
  const sink = new CollectingSink();
  engine.submit(intent({ id: 1, side: 1, qty: 20, price: books[2].asks[0][0], origin: 3, ts: books[2].ts }), 0, sink);
  engine.onMarket(marketState({ origin: 4, ts: books[3].ts, bids: books[3].bids, asks: books[3].asks }), 0, sink);
  const fills = fillsOf(sink, 1);
  const visible = books[3].asks.reduce((a, l) => a + l[1], 0);
  const last = fills.at(-1)!;
  assert.is(last.reason, FillReason.BeyondVisibleDepth);
  assert.ok(Math.abs(last.lastQty - (20 - visible)) < 1e-9);
  assert.ok(Math.abs(last.lastPrice - books[3].asks[4][0] * 1.001) < 1e-6);
  assert.is(last.event, E.Filled);
});

test.run();
