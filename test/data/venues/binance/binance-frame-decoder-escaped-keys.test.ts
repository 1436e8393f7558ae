// JSON.parse unescapes keys: `"\u0070"` is the key `p`, and of a repeated key it keeps the last
// value. A frame the decoder accepts must read as JSON.parse reads it, escaped keys included.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { BinanceField as F, MessageKind } from '../../../../src/data/venues/binance/binance-message-layout.js';
import { assertNoNaN, expectedFor, firstDifference } from './binance-decoder-reference.js';
import { BOOK, DEPTH, SNAPSHOT, SYMBOLS, text, TRADE } from './binance-sample-frames.js';

function decodeAsJsonParse(frame: string): [number, BinanceFrameDecoder] {
  const decoder = new BinanceFrameDecoder(SYMBOLS);
  const kind = decoder.decode(Buffer.from(frame));
  assertNoNaN(decoder);
  if (kind !== MessageKind.Rejected) assert.is(firstDifference(decoder, kind, expectedFor(frame, SYMBOLS)), null, frame);
  return [kind, decoder];
}

test('an escaped price key after the plain one: its value is the price', () => {
  const [kind, decoder] = decodeAsJsonParse(`${text(TRADE).slice(0, -1)},"\\u0070":"61800.40"}`);
  assert.is(kind, MessageKind.Trade);
  assert.is(decoder.fields[F.price], 61800.4);
});

test('escaped keys of every kind are read as their plain forms', () => {
  const cases: Array<[string, number]> = [
    [text(TRADE).replace('"e"', '"\\u0065"'), MessageKind.Trade],
    [text(TRADE).replace('"q"', '"\\u0071"'), MessageKind.Trade],
    [text(BOOK).replace('"b"', '"\\u0062"'), MessageKind.BookTicker],
    [text(DEPTH).replace('"a"', '"\\u0061"'), MessageKind.DepthUpdate],
    [SNAPSHOT.replace('"lastUpdateId"', '"\\u006castUpdateId"'), MessageKind.DepthSnapshot],
    [`{"str\\u0065am":"btcusdt@trade","\\u0064ata":${text(TRADE)}}`, MessageKind.Trade],
  ];
  for (const [frame, want] of cases) assert.is(decodeAsJsonParse(frame)[0], want, frame);
});

test('an escaped key that names nothing read is skipped', () => {
  const [kind] = decodeAsJsonParse(`${text(TRADE).slice(0, -1)},"\\u00e9t\\n\\u0070":"1","x\\"y":2}`);
  assert.is(kind, MessageKind.Trade);
});

test.run();
