// Hostile and broken input: every case is refused with its own counted reason, nothing throws,
// and no NaN reaches an output record.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  COINBASE_EXCHANGE_REJECT_REASONS, CoinbaseExchangeParser, ExchangeReject,
} from '../../../../src/data/venues/coinbase/coinbase-exchange-parser.js';

const T = '"time":"2021-04-17T16:43:37.089723Z"';
const match = (fields: string): string => `{"type":"match","trade_id":7,"side":"sell","size":"1","price":"2","product_id":"BTC-USD","sequence":9,${T},${fields}}`;
const ticker = (fields: string): string => `{"type":"ticker","sequence":5,"product_id":"BTC-USD","price":"2","best_bid":"1","best_ask":"3",${T},${fields}}`;

const CASES: Array<[string, unknown, number]> = [
  ['truncated JSON', '{"type":"match","trade_id":', ExchangeReject.MalformedJson],
  ['empty frame', '', ExchangeReject.MalformedJson],
  ['not text', 42, ExchangeReject.MalformedJson],
  ['JSON array', '[1,2]', ExchangeReject.NotAnObject],
  ['JSON null', 'null', ExchangeReject.NotAnObject],
  ['no type', '{"product_id":"BTC-USD"}', ExchangeReject.MissingField],
  ['unknown type', '{"type":"received","product_id":"BTC-USD","sequence":1}', ExchangeReject.UnknownType],
  ['unknown product', match('"product_id":"DOGE-USD"'), ExchangeReject.UnknownProduct],
  ['product id a number', match('"product_id":5'), ExchangeReject.MissingField],
  ['price NaN text', match('"price":"NaN"'), ExchangeReject.BadPrice],
  ['price zero', match('"price":"0"'), ExchangeReject.BadPrice],
  ['price negative', match('"price":"-2"'), ExchangeReject.BadPrice],
  ['price as a JSON number', match('"price":2'), ExchangeReject.BadPrice],
  ['price with exponent', match('"price":"2e3"'), ExchangeReject.BadPrice],
  ['price Infinity text', match('"price":"Infinity"'), ExchangeReject.BadPrice],
  ['size zero', match('"size":"0"'), ExchangeReject.BadSize],
  ['size empty string', match('"size":""'), ExchangeReject.BadSize],
  ['side missing', match('"side":null'), ExchangeReject.BadSide],
  ['side unknown', match('"side":"short"'), ExchangeReject.BadSide],
  ['time garbage', match('"time":"yesterday"'), ExchangeReject.BadTime],
  ['time Feb 30', match('"time":"2021-02-30T00:00:00Z"'), ExchangeReject.BadTime],
  ['sequence negative', match('"sequence":-1'), ExchangeReject.BadSequence],
  ['sequence fractional', match('"sequence":1.5'), ExchangeReject.BadSequence],
  ['trade id a word', match('"trade_id":"abc"'), ExchangeReject.BadSequence],
  ['ticker crossed', ticker('"best_bid":"4"'), ExchangeReject.CrossedTop],
  ['ticker negative bid size', ticker('"best_bid_size":"-1","best_ask_size":"1"'), ExchangeReject.BadSize],
  ['ticker NaN ask', ticker('"best_ask":"NaN"'), ExchangeReject.BadPrice],
  ['snapshot without asks', '{"type":"snapshot","product_id":"BTC-USD","bids":[]}', ExchangeReject.MissingField],
  ['snapshot level not a pair', '{"type":"snapshot","product_id":"BTC-USD","bids":[["1"]],"asks":[]}', ExchangeReject.MissingField],
  ['snapshot negative size', '{"type":"snapshot","product_id":"BTC-USD","bids":[["1","-1"]],"asks":[]}', ExchangeReject.BadSize],
  ['subscriptions without channels', '{"type":"subscriptions"}', ExchangeReject.MissingField],
];

test('each malformed message is refused with its reason and nothing throws', () => {
  for (const [name, frame, reason] of CASES) {
    const p = new CoinbaseExchangeParser(['BTC/USD']);
    let kind = -1;
    try {
      kind = p.parseFrame(frame);
    } catch (e) {
      assert.unreachable(`${name} threw ${String(e)}`);
    }
    assert.is(kind, 0, name);
    assert.is(p.lastReject, reason, `${name}: got ${COINBASE_EXCHANGE_REJECT_REASONS[p.lastReject]}`);
    assert.is(p.rejects.reduce((a, b) => a + b, 0), 1, `${name}: counted once`);
    for (const v of [...p.tick, ...p.top, ...p.out]) assert.ok(!Number.isNaN(v), `${name}: NaN in output`);
  }
});

test('random garbage and mangled real messages never throw', () => {
  const p = new CoinbaseExchangeParser(['BTC/USD']);
  const seeds = [match('"extra":1'), ticker('"extra":1'), '{"type":"snapshot","product_id":"BTC-USD","bids":[["1","1"]],"asks":[["2","1"]]}',
    '{"type":"l2update","product_id":"BTC-USD","changes":[["buy","1","1"]],"time":"2021-04-17T16:43:37Z"}'];
  let state = 12345;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const values = [null, 0, -1, 1e308, 'x', [], {}, true, [[null]], [['buy', {}, []]]];
  for (let i = 0; i < 20_000; i++) {
    const msg = JSON.parse(seeds[i % seeds.length].replace(/,?"time":"[^"]*"/, i % 7 === 0 ? '' : '$&'));
    const keys = Object.keys(msg);
    msg[keys[Math.floor(next() * keys.length)]] = values[Math.floor(next() * values.length)];
    p.handle(msg);
    const text = JSON.stringify(msg);
    p.parseFrame(text.slice(0, Math.floor(next() * text.length)));
  }
  for (const v of [...p.tick, ...p.top, ...p.out, ...p.levels.price, ...p.levels.qty]) assert.ok(!Number.isNaN(v));
  assert.ok(p.rejects.reduce((a, b) => a + b, 0) > 20_000);
});

test.run();
