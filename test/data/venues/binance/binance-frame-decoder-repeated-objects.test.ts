// A key repeated in one object keeps only its last value in JSON.parse. For `data` and `k`, whose
// values are objects read into the same key slots, the first object's keys must not survive into
// what the decoder accepts; an event name repeated after one the decoder skips must not be missed.
// Whatever the decoder accepts equals JSON.parse's reading of the frame; otherwise it refuses it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { BinanceField as F, MessageKind } from '../../../../src/data/venues/binance/binance-message-layout.js';
import { assertNoNaN, expectedFor, firstDifference } from './binance-decoder-reference.js';
import { DEPTH, KLINE, SYMBOLS, text, TRADE, without } from './binance-sample-frames.js';

function acceptedOnlyAsJsonParseReadsIt(frame: string): number {
  const decoder = new BinanceFrameDecoder(SYMBOLS);
  const kind = decoder.decode(Buffer.from(frame));
  assertNoNaN(decoder);
  if (kind !== MessageKind.Rejected) {
    const difference = firstDifference(decoder, kind, expectedFor(frame, SYMBOLS));
    assert.is(difference, null, frame.slice(0, 160));
  }
  return kind;
}

test('a second data object without the price: no price from the first one', () => {
  const first = text({ ...TRADE, p: '"99999.00"' });
  const second = text(without(TRADE, 'p'));
  const kind = acceptedOnlyAsJsonParseReadsIt(`{"stream":"btcusdt@trade","data":${first},"data":${second}}`);
  assert.is(kind, MessageKind.Rejected);
});

test('a second data object without pu: no pu from the first one', () => {
  const first = text({ ...DEPTH, pu: '50093239100' });
  acceptedOnlyAsJsonParseReadsIt(`{"stream":"btcusdt@depth","data":${first},"data":${text(DEPTH)}}`);
});

test('data repeated as something other than an object: the first object is not the payload', () => {
  acceptedOnlyAsJsonParseReadsIt(`{"data":${text(TRADE)},"stream":"btcusdt@trade","data":{"x":1}}`);
  acceptedOnlyAsJsonParseReadsIt(`{"data":${text(TRADE)},"stream":"btcusdt@trade","data":null}`);
});

test('a repeated kline object: no field of the first survives', () => {
  const k = JSON.parse(KLINE.k) as Record<string, unknown>;
  const withQuoteVolume = JSON.stringify(k);
  delete k.q;
  const frame = `${text(KLINE).slice(0, -1)},"k":${JSON.stringify(k)}}`;
  assert.ok(frame.includes(withQuoteVolume));
  const decoder = new BinanceFrameDecoder(SYMBOLS);
  const kind = decoder.decode(Buffer.from(frame));
  if (kind !== MessageKind.Rejected) assert.is(decoder.fields[F.klineQuoteVolume], -1);
  acceptedOnlyAsJsonParseReadsIt(frame);
});

test('an event name the decoder skips, then a known one: never read as nothing', () => {
  const frame = text(TRADE).replace('{', '{"e":"markPriceUpdate",');
  const kind = acceptedOnlyAsJsonParseReadsIt(frame);
  assert.is.not(kind, MessageKind.Unknown, 'JSON.parse reads a trade: it is read or refused, not dropped as unknown');
});

test.run();
