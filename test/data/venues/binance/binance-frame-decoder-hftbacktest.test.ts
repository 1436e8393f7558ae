// Every frame of the hftbacktest Binance captures (spot and USD-M, trade/bookTicker/depth diffs
// and one REST snapshot each) decodes to exactly what JSON.parse + Number() give, and the kinds
// add up to the README's message counts. Frames are copied into one reused buffer longer than
// the frame, as a socket reader would, so `length` bounds the read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedText } from '../../../support/shared-data.js';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { expectedFor, firstDifference, hftbacktestFrames, kindCountsByName } from './binance-decoder-reference.js';

const captures: Array<[string, string, Record<string, number>]> = [
  ['spot_btcusdt_20240808.gz', 'BTCUSDT', { depth_update: 3451, book_ticker: 28040, trade: 9757, depth_snapshot: 1 }],
  ['spot_ethusdt_20240808.gz', 'ETHUSDT', { book_ticker: 24077, depth_update: 3434, depth_snapshot: 1, trade: 6106 }],
  ['usdm_btcusdt_20240808.gz', 'BTCUSDT', { depth_update: 6551, book_ticker: 66089, trade: 21313, depth_snapshot: 1 }],
];

const SYMBOLS = ['ETHUSDT', 'BTCUSDT', 'BNBUSDT'];

for (const [file, symbol, counts] of captures) {
  test(`${file}: every frame equals JSON.parse, kinds match the README counts`, () => {
    const text = sharedText(`ws/binance/hftbacktest/${file}`);
    if (text === null) return;
    const decoder = new BinanceFrameDecoder(SYMBOLS);
    const symbolId = SYMBOLS.indexOf(symbol);
    const buffer = Buffer.alloc(1 << 17, 0x7d); // stale bytes past `length` must be ignored
    const frames = hftbacktestFrames(text);
    for (let n = 0; n < frames.length; n++) {
      const length = buffer.write(frames[n], 0, 'utf8');
      assert.ok(length < buffer.length, `frame ${n} fits the buffer`);
      const kind = decoder.decode(buffer, length, symbolId);
      const difference = firstDifference(decoder, kind, expectedFor(frames[n], SYMBOLS, symbolId));
      if (difference !== null) assert.unreachable(`${file} line ${n + 1}: ${difference}\n${frames[n].slice(0, 300)}`);
    }
    assert.equal(kindCountsByName(decoder.kindCounts), counts);
    assert.is(decoder.rejects.reduce((a, b) => a + b, 0), 0);
  });
}

test.run();
