// Hostile and broken Advanced Trade input: refused with a counted reason, never a throw, never NaN
// in an output record. Items inside an event are refused one by one; the frame's sequence still counts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  AdvancedReject, COINBASE_ADVANCED_REJECT_REASONS, CoinbaseAdvancedParser,
} from '../../../../src/data/venues/coinbase/coinbase-advanced-parser.js';

const TS = '"timestamp":"2026-08-09T21:05:48.228568804Z"';
const trades = (trade: string): string => `{"channel":"market_trades",${TS},"sequence_num":0,"events":[{"type":"update","trades":[${trade}]}]}`;
const goodTrade = '{"product_id":"BTC-USD","trade_id":"1","price":"65083.67","size":"0.002186","time":"2026-08-09T21:05:42.514318Z","side":"SELL"}';
const withTrade = (patch: Record<string, unknown>): string => trades(JSON.stringify({ ...JSON.parse(goodTrade), ...patch }));

const FRAME_CASES: Array<[string, unknown, number]> = [
  ['malformed JSON', '{"channel":', AdvancedReject.MalformedJson],
  ['bytes that are not UTF-8', new Uint8Array([0xc3, 0x28]), AdvancedReject.MalformedJson],
  ['array', '[]', AdvancedReject.NotAnObject],
  ['no events', `{"channel":"ticker",${TS},"sequence_num":0}`, AdvancedReject.MissingField],
  ['sequence text', `{"channel":"ticker",${TS},"sequence_num":"x","events":[]}`, AdvancedReject.BadSequence],
  ['sequence negative', `{"channel":"ticker",${TS},"sequence_num":-3,"events":[]}`, AdvancedReject.BadSequence],
  ['bad timestamp', '{"channel":"ticker","timestamp":"2026-13-01T00:00:00Z","sequence_num":0,"events":[]}', AdvancedReject.BadTime],
  ['unknown channel', `{"channel":"futures_balance_summary",${TS},"sequence_num":0,"events":[{}]}`, AdvancedReject.UnknownChannel],
];

const ITEM_CASES: Array<[string, string, number]> = [
  ['unknown product', withTrade({ product_id: 'DOGE-USD' }), AdvancedReject.UnknownProduct],
  ['price NaN', withTrade({ price: 'NaN' }), AdvancedReject.BadPrice],
  ['price negative', withTrade({ price: '-1' }), AdvancedReject.BadPrice],
  ['size zero', withTrade({ size: '0.000' }), AdvancedReject.BadSize],
  ['size a number', withTrade({ size: 1 }), AdvancedReject.BadSize],
  ['side lower case', withTrade({ side: 'sell' }), AdvancedReject.BadSide],
  ['time missing', withTrade({ time: undefined }), AdvancedReject.BadTime],
  ['trade id fractional', withTrade({ trade_id: '1.5' }), AdvancedReject.MissingField],
  ['event type unknown', `{"channel":"ticker",${TS},"sequence_num":0,"events":[{"type":"delta","tickers":[]}]}`, AdvancedReject.UnknownEventType],
  ['ticker crossed', `{"channel":"ticker",${TS},"sequence_num":0,"events":[{"type":"update","tickers":[{"product_id":"BTC-USD","price":"1","best_bid":"3","best_ask":"2"}]}]}`, AdvancedReject.CrossedTop],
  ['candle high below low', `{"channel":"candles",${TS},"sequence_num":0,"events":[{"type":"update","candles":[{"start":"1786309500","high":"1","low":"2","open":"1.5","close":"1.5","volume":"1","product_id":"BTC-USD"}]}]}`, AdvancedReject.BadPrice],
  ['candle start not a number', `{"channel":"candles",${TS},"sequence_num":0,"events":[{"type":"update","candles":[{"start":"soon","high":"2","low":"1","open":"1.5","close":"1.5","volume":"1","product_id":"BTC-USD"}]}]}`, AdvancedReject.BadTime],
  ['level side "ask"', `{"channel":"l2_data",${TS},"sequence_num":0,"events":[{"type":"snapshot","product_id":"BTC-USD","updates":[{"side":"ask","event_time":"2026-08-09T21:05:48.170326Z","price_level":"1","new_quantity":"1"}]}]}`, AdvancedReject.BadSide],
  ['level negative quantity', `{"channel":"l2_data",${TS},"sequence_num":0,"events":[{"type":"snapshot","product_id":"BTC-USD","updates":[{"side":"bid","event_time":"2026-08-09T21:05:48.170326Z","price_level":"1","new_quantity":"-1"}]}]}`, AdvancedReject.BadSize],
];

function noNaN(p: CoinbaseAdvancedParser, name: string): void {
  for (const v of [...p.trades, ...p.tops, ...p.frame, ...p.tickerPrice, ...p.candles.open]) assert.ok(!Number.isNaN(v), `${name}: NaN in output`);
}

test('frame-level refusals: reason counted once, nothing thrown', () => {
  for (const [name, frame, reason] of FRAME_CASES) {
    const p = new CoinbaseAdvancedParser(['BTC/USD']);
    assert.is(p.parseFrame(frame), 0, name);
    assert.is(p.lastReject, reason, `${name}: ${COINBASE_ADVANCED_REJECT_REASONS[p.lastReject]}`);
    assert.is(p.rejects.reduce((a, b) => a + b, 0), 1, name);
    noNaN(p, name);
  }
});

test('item-level refusals: counted, item dropped, sequence still advances', () => {
  for (const [name, frame, reason] of ITEM_CASES) {
    const p = new CoinbaseAdvancedParser(['BTC/USD']);
    p.parseFrame(frame);
    assert.is(p.lastReject, reason, `${name}: ${COINBASE_ADVANCED_REJECT_REASONS[p.lastReject]}`);
    assert.is(p.tradeCount + p.topCount + p.candles.count + p.levels.count, 0, name);
    noNaN(p, name);
    assert.ok(p.parseFrame(trades(goodTrade).replace('"sequence_num":0', '"sequence_num":1')) > 0, `${name}: next frame`);
    assert.is(p.gaps, 0, name);
  }
});

test('one bad trade among good ones: the good ones are kept', () => {
  const p = new CoinbaseAdvancedParser(['BTC/USD']);
  const bad = JSON.stringify({ ...JSON.parse(goodTrade), price: '0' });
  p.parseFrame(trades(`${goodTrade},${bad},${goodTrade}`));
  assert.is(p.tradeCount, 2);
  assert.is(p.rejects[AdvancedReject.BadPrice], 1);
});

test('random mutations never throw', () => {
  const p = new CoinbaseAdvancedParser(['BTC/USD']);
  const values = [null, 0, -1, 'x', [], {}, [null], [{}], '1e999', true];
  let state = 7;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 20_000; i++) {
    const msg = JSON.parse(trades(goodTrade));
    const target = i % 3 === 0 ? msg : i % 3 === 1 ? msg.events[0] : msg.events[0].trades[0];
    const keys = Object.keys(target);
    target[keys[Math.floor(next() * keys.length)]] = values[Math.floor(next() * values.length)];
    msg.sequence_num = i;
    p.handle(msg);
  }
  noNaN(p, 'mutations');
});

test.run();
