// Kline volumes are amounts, not ids: a quote volume past 2^53 (a busy minute of a coin priced in
// millionths, in a quote asset with many units) is a valid number. An accepted kline must carry
// it as JSON.parse + Number() read it, not drop it as if the key were absent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { BinanceField as F, MessageKind } from '../../../../src/data/venues/binance/binance-message-layout.js';
import { expectedFor, firstDifference } from './binance-decoder-reference.js';
import { KLINE, SYMBOLS, text } from './binance-sample-frames.js';

test('quote and taker-buy volumes past 2^53 are kept', () => {
  const k = KLINE.k.replace('"q":"9116.04600000"', '"q":"72498144903581975000.12"')
    .replace('"V":"58.00000000"', '"V":"38613914601122550"').replace('"Q":"20.46240000"', '"Q":1.5e20');
  const frame = text({ ...KLINE, k });
  for (const fullParserOnly of [false, true]) {
    const decoder = new BinanceFrameDecoder(SYMBOLS, { fullParserOnly });
    assert.is(decoder.decode(Buffer.from(frame)), MessageKind.Kline);
    assert.is(firstDifference(decoder, MessageKind.Kline, expectedFor(frame, SYMBOLS)), null);
    assert.is(decoder.fields[F.klineQuoteVolume], 72498144903581975000.12);
    assert.is(decoder.fields[F.klineTakerBuyQuoteVolume], 1.5e20);
  }
});

test.run();
