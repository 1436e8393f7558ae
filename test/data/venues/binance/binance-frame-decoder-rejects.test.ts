// Bad frames are refused with the right reason, counted once, never throw and never leave a NaN
// in the outputs; frames that are odd but valid (keys in any order, escaped or nested unknown
// values, subscription replies, unknown events) are read or classified, not refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { assertNoNaN } from './binance-decoder-reference.js';
import { AGG, BOOK, DEPTH, KLINE, SYMBOLS, text, TRADE, without } from './binance-sample-frames.js';
import {
  BINANCE_REJECT_REASONS, BinanceField as F, BinanceReject as R, MESSAGE_KIND_NAMES, MessageKind,
} from '../../../../src/data/venues/binance/binance-message-layout.js';

function decodeText(frame: string, decoder = new BinanceFrameDecoder(SYMBOLS)): [number, BinanceFrameDecoder] {
  const kind = decoder.decode(Buffer.from(frame, 'utf8'));
  assertNoNaN(decoder);
  return [kind, decoder];
}

const refusals: Array<[string, string, number]> = [
  ['empty frame', '', R.Malformed],
  ['whitespace only', ' \n\t ', R.Malformed],
  ['open brace only', '{', R.Malformed],
  ['trailing garbage after the object', `${text(TRADE)} x`, R.Malformed],
  ['two objects', `${text(TRADE)}${text(TRADE)}`, R.Malformed],
  ['missing colon', '{"e" "trade"}', R.Malformed],
  ['trailing comma', `${text(TRADE).slice(0, -1)},}`, R.Malformed],
  ['bare word value', text({ ...TRADE, X: 'MARKET' }), R.Malformed],
  ['mismatched brackets in an unknown value', text({ ...TRADE, z: '[1,2}' }), R.Malformed],
  ['raw control byte in a string', text({ ...TRADE, X: '"MAR\nKET"' }), R.Malformed],
  ['unknown value nested deeper than the skip limit', text({ ...TRADE, z: '['.repeat(100_000) + ']'.repeat(100_000) }), R.Malformed],
  ['price as the string NaN', text({ ...TRADE, p: '"NaN"' }), R.BadPrice],
  ['price as Infinity', text({ ...TRADE, p: '"Infinity"' }), R.BadPrice],
  ['price overflowing to infinity', text({ ...TRADE, p: '"1e999"' }), R.BadPrice],
  ['zero price', text({ ...TRADE, p: '"0.00000000"' }), R.BadPrice],
  ['negative price', text({ ...TRADE, p: '"-61800.30"' }), R.BadPrice],
  ['price true', text({ ...TRADE, p: 'true' }), R.BadPrice],
  ['price null', text({ ...TRADE, p: 'null' }), R.BadPrice],
  ['price array', text({ ...TRADE, p: '[1]' }), R.BadPrice],
  ['price empty string', text({ ...TRADE, p: '""' }), R.BadPrice],
  ['zero trade quantity', text({ ...TRADE, q: '"0"' }), R.BadQuantity],
  ['negative aggTrade quantity', text({ ...AGG, q: '"-1"' }), R.BadQuantity],
  ['event time as text', text({ ...TRADE, E: '"soon"' }), R.MissingField],
  ['negative trade id', text({ ...TRADE, t: '-5' }), R.MissingField],
  ['event time past 2^53', text({ ...TRADE, E: '1e306' }), R.MissingField],
  ['buyer-is-maker as a string', text({ ...TRADE, m: '"true"' }), R.MissingField],
  ['trade without a price', text(without(TRADE, 'p')), R.MissingField],
  ['aggTrade without its first trade id', text({ ...AGG, f: 'null' }), R.MissingField],
  ['unknown symbol', text({ ...TRADE, s: '"XRPUSDT"' }), R.UnknownSymbol],
  ['symbol with an escape', text({ ...TRADE, s: '"BTC\\u0055SDT"' }), R.UnknownSymbol],
  ['symbol that is a number', text({ ...TRADE, s: '7' }), R.UnknownSymbol],
  ['unknown stream instrument and no s', '{"stream":"xrpusdt@bookTicker","data":{"u":1,"b":"1","B":"1","a":"2","A":"1"}}', R.UnknownSymbol],
  ['no symbol anywhere', text(without(TRADE, 's')), R.MissingField],
  ['crossed bookTicker', text({ ...BOOK, b: '"61837.65"' }), R.Crossed],
  ['locked bookTicker', text({ ...BOOK, b: '"61837.64"' }), R.Crossed],
  ['zero bookTicker bid', text({ ...BOOK, b: '"0"' }), R.BadPrice],
  ['negative bookTicker size', text({ ...BOOK, B: '"-3"' }), R.BadQuantity],
  ['NaN bookTicker size', text({ ...BOOK, A: '"NaN"' }), R.BadQuantity],
  ['depth level with zero price', text({ ...DEPTH, b: '[["0","1"]]' }), R.BadPrice],
  ['depth level with negative quantity', text({ ...DEPTH, a: '[["61837.64","-1"]]' }), R.BadQuantity],
  ['depth level with a NaN price', text({ ...DEPTH, a: '[["NaN","1"]]' }), R.BadPrice],
  ['depth level with a null quantity', text({ ...DEPTH, a: '[["61837.64",null]]' }), R.BadQuantity],
  ['depth level with one element', text({ ...DEPTH, a: '[["61837.64"]]' }), R.Malformed],
  ['depth level that is not an array', text({ ...DEPTH, a: '["61837.64"]' }), R.Malformed],
  ['depth bids as a string', text({ ...DEPTH, b: '"61737.63"' }), R.MissingField],
  ['depth without asks', text(without(DEPTH, 'a')), R.MissingField],
  ['depth with 1001 bid levels', text({ ...DEPTH, b: `[${Array(1001).fill('["1.5","2"]').join(',')}]` }), R.TooManyLevels],
  ['snapshot with 200000 levels', `{"lastUpdateId":1,"bids":[${Array(200_000).fill('["1.5","2"]').join(',')}],"asks":[]}`, R.TooManyLevels],
  ['kline with a zero low', text({ ...KLINE, k: KLINE.k.replace('"l":"0.35220000"', '"l":"0"') }), R.BadPrice],
  ['kline with a negative volume', text({ ...KLINE, k: KLINE.k.replace('"v":"25877.00000000"', '"v":"-1"') }), R.BadQuantity],
  ['kline whose k is not an object', text({ ...KLINE, k: '[]' }), R.MissingField],
  ['kline with a non-numeric first trade id', text({ ...KLINE, k: KLINE.k.replace('"f":19862761', '"f":"x"') }), R.MissingField],
  ['bookTicker with an event time that is text', text({ ...BOOK, E: '"now"' }), R.MissingField],
  ['depth diff with a negative pu', text({ ...DEPTH, pu: '-3' }), R.MissingField],
  ['trade whose best-match flag is a number', text({ ...TRADE, M: '1' }), R.MissingField],
  ['bare number with a leading zero', text({ ...TRADE, t: '05266583935' }), R.Malformed],
  ['skipped bare number with a leading zero', text({ ...TRADE, z: '-01' }), R.Malformed],
  ['unknown escape in a skipped string', text({ ...TRADE, X: '"MARKET\\q"' }), R.Malformed],
  ['short unicode escape in a key', `${text(TRADE).slice(0, -1)},"\\u00z1":1}`, R.Malformed],
];

for (const [name, frame, reason] of refusals) {
  test(`refused as ${BINANCE_REJECT_REASONS[reason]}: ${name}`, () => {
    const [kind, decoder] = decodeText(frame);
    assert.is(MESSAGE_KIND_NAMES[kind], 'rejected');
    assert.is(BINANCE_REJECT_REASONS[decoder.fields[F.rejectReason]], BINANCE_REJECT_REASONS[reason]);
    assert.is(decoder.rejects.reduce((a, b) => a + b, 0), 1);
    assert.is(decoder.rejects[reason], 1);
    assert.is(decoder.kindCounts[MessageKind.Rejected], 1);
    assert.is(decoder.fields[F.bidCount] + decoder.fields[F.askCount], 0);
  });
}

test('maxLevels is the limit: 5 levels pass, 6 are refused', () => {
  const decoder = new BinanceFrameDecoder(SYMBOLS, { maxLevels: 5 });
  const levels = (n: number) => `[${Array.from({ length: n }, (_, i) => `["${100 - i}","1"]`).join(',')}]`;
  assert.is(decoder.decode(Buffer.from(text({ ...DEPTH, b: levels(5) }))), MessageKind.DepthUpdate);
  assert.is(decoder.fields[F.bidCount], 5);
  assert.is(decoder.bidPrice[4], 96);
  assert.is(decoder.decode(Buffer.from(text({ ...DEPTH, a: levels(6) }))), MessageKind.Rejected);
  assert.is(decoder.fields[F.rejectReason], R.TooManyLevels);
});

test('a zero quantity level (a delete) is accepted', () => {
  const [kind, decoder] = decodeText(text(DEPTH));
  assert.is(kind, MessageKind.DepthUpdate);
  assert.is(decoder.bidQty[0], 0);
  assert.is(decoder.fields[F.bidCount], 2);
  assert.is(decoder.fields[F.prevUpdateId], -1);
});

test('keys in any order, whitespace anywhere, unknown keys of every shape: same fields', () => {
  const [, plain] = decodeText(text(TRADE));
  const expected = [...plain.fields];
  const reversed = Object.fromEntries(Object.entries(TRADE).reverse());
  const noisy = `{ "zz" : {"a":[1,{"b":null}],"c":"}]\\"\\\\"} ,\n${text(reversed).slice(1, -1).replace(/,/g, ' ,\r\n\t')},
    "X":"MA\\"R\\\\KET\\u0041","\\u0070x":"1","deep":${'['.repeat(400)}${']'.repeat(400)},"n":-1.5e-3,"o":[] }`;
  for (const frame of [text(reversed), noisy, `{"stream":"btcusdt@trade","data":${noisy}}`]) {
    const [kind, decoder] = decodeText(frame);
    assert.is(kind, MessageKind.Trade, frame.slice(0, 80));
    assert.equal([...decoder.fields], expected);
  }
});

test('a duplicated key keeps its last value, as JSON.parse does', () => {
  const [kind, decoder] = decodeText(`${text(TRADE).slice(0, -1)},"p":"61800.40"}`);
  assert.is(kind, MessageKind.Trade);
  assert.is(decoder.fields[F.price], 61800.4);
});

test('stream name gives the symbol (any case) when the payload has no s; s wins over it', () => {
  const bare = '{"u":1,"b":"1","B":"1","a":"2","A":"1"}';
  let [kind, decoder] = decodeText(`{"stream":"ethusdt@bookTicker","data":${bare}}`);
  assert.is(kind, MessageKind.BookTicker);
  assert.is(decoder.fields[F.symbol], 1);
  [kind, decoder] = decodeText(`{"stream":"ethusdt@trade","data":${text(TRADE)}}`);
  assert.is(decoder.fields[F.symbol], 0);
  [kind, decoder] = decodeText(text({ ...TRADE, s: '"btcusdt"' }));
  assert.is(decoder.fields[F.symbol], 0);
});

test('subscription replies are Control, other events and other JSON are Unknown: counted, not refused', () => {
  const decoder = new BinanceFrameDecoder(SYMBOLS);
  const cases: Array<[string, number]> = [
    ['{"result":null,"id":1}', MessageKind.Control],
    ['{"error":{"code":2,"msg":"Invalid request: \\"method\\""},"id":7}', MessageKind.Control],
    ['{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11794.15000000","r":"0.00038167"}}', MessageKind.Unknown],
    ['{"e":"24hrTicker","E":1,"s":"XRPUSDT","q":"2036102085.69746400000000"}', MessageKind.Unknown],
    ['{"e":"forceOrder","E":1568014460893,"o":{"s":"BTCUSDT","p":"NaN"}}', MessageKind.Unknown],
    ['{}', MessageKind.Unknown],
    ['null', MessageKind.Unknown],
    ['[1,2,{"e":"trade"}]', MessageKind.Unknown],
    ['"text"', MessageKind.Unknown],
  ];
  for (const [frame, want] of cases) {
    assert.is(decoder.decode(Buffer.from(frame)), want, frame);
    assertNoNaN(decoder);
  }
  assert.is(decoder.kindCounts[MessageKind.Control], 2);
  assert.is(decoder.kindCounts[MessageKind.Unknown], 7);
  assert.is(decoder.rejects.reduce((a, b) => a + b, 0), 0);
});

test('garbage bytes never throw and are refused or classified', () => {
  const decoder = new BinanceFrameDecoder(SYMBOLS);
  const bytes = new Uint8Array(512);
  let seed = 12345;
  for (let n = 0; n < 20_000; n++) {
    const length = 1 + (n % 511);
    for (let i = 0; i < length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      bytes[i] = n % 2 === 0 ? (seed >>> 16) & 0xff : '{}[]",:0123456789.-eE tfnrulsabBAUpq\\'.charCodeAt((seed >>> 16) % 37);
    }
    const kind = decoder.decode(bytes, length);
    assert.ok(kind >= MessageKind.Unknown && kind <= MessageKind.Rejected);
    assertNoNaN(decoder);
  }
});

test('nothing from one frame leaks into the next', () => {
  const decoder = new BinanceFrameDecoder(SYMBOLS);
  decoder.decode(Buffer.from(text({ ...DEPTH, pu: '50093239100', T: '1723161255207' })));
  assert.is(decoder.fields[F.prevUpdateId], 50093239100);
  decoder.decode(Buffer.from(text(TRADE).slice(0, 40)));
  assert.is(decoder.decode(Buffer.from(text(DEPTH))), MessageKind.DepthUpdate);
  assert.is(decoder.fields[F.prevUpdateId], -1);
  assert.is(decoder.fields[F.transactionTimeMs], -1);
  assert.is(decoder.decode(Buffer.from(text(BOOK))), MessageKind.BookTicker);
  assert.is(decoder.fields[F.eventTimeMs], -1);
  assert.is(decoder.fields[F.tsMicros], -1);
  assert.is(decoder.fields[F.bidCount], 0);
  assert.is(decoder.decode(Buffer.from(text(KLINE))), MessageKind.Kline);
  assert.is(decoder.fields[F.klineIntervalMs], 60_000);
  assert.is(decoder.fields[F.lastTradeId], 19862790);
});

test('frame bytes past length are not read', () => {
  const decoder = new BinanceFrameDecoder(SYMBOLS);
  const frame = Buffer.from(`${text(TRADE)}garbage`);
  assert.is(decoder.decode(frame, frame.length - 7), MessageKind.Trade);
  assert.is(decoder.decode(frame, frame.length - 8), MessageKind.Rejected);
  assert.is(decoder.decode(frame), MessageKind.Rejected);
});

test.run();
