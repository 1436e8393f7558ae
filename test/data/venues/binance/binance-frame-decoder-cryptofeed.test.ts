// Every received frame of cryptofeed's Binance recordings (spot, USD-M futures, Binance.US:
// depth@100ms, bookTicker, kline_1m, aggTrade) and every REST depth snapshot beside them decodes
// to exactly what JSON.parse + Number() give, with the README's message counts per kind.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedText } from '../../../support/shared-data.js';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { cryptofeedFrames, expectedFor, firstDifference, kindCountsByName } from './binance-decoder-reference.js';

const SYMBOLS = [
  'NKNUSDT', 'BLZETH', 'LRCBTC', 'RUNEEUR', // spot
  'SUSHIUSDT', 'AKROUSDT', 'KEEPUSDT', 'CTKUSDT', // USD-M futures
  'CRVUSDT', 'COMPUSDT', 'OMGBUSD', 'ZRXUSDT', // Binance.US
];

const recordings: Array<[string, Record<string, number>]> = [
  ['BINANCE.ws.1.0', { agg_trade: 2, book_ticker: 84, depth_update: 177, kline: 2 }],
  ['BINANCE_FUTURES.ws.1.0', { agg_trade: 91, book_ticker: 613, depth_update: 764, kline: 67 }],
  ['BINANCE_US.ws.1.0', { agg_trade: 11, book_ticker: 128, depth_update: 336, kline: 5 }],
  ['BINANCE.http.0.0', { depth_snapshot: 4 }],
  ['BINANCE_FUTURES.http.0.0', { depth_snapshot: 4 }],
  ['BINANCE_US.http.0.0', { depth_snapshot: 4 }],
];

for (const [file, counts] of recordings) {
  test(`${file}: every frame equals JSON.parse, kinds match the README counts`, () => {
    const text = sharedText(`ws/binance/cryptofeed/${file}`);
    if (text === null) return;
    const decoder = new BinanceFrameDecoder(SYMBOLS);
    for (const { json, url } of cryptofeedFrames(text)) {
      const snapshotSymbol = url === undefined ? -1 : SYMBOLS.indexOf(/symbol=([A-Z0-9]+)/.exec(url)![1]);
      const kind = decoder.decode(Buffer.from(json, 'utf8'), undefined, snapshotSymbol);
      const difference = firstDifference(decoder, kind, expectedFor(json, SYMBOLS, snapshotSymbol));
      if (difference !== null) assert.unreachable(`${file}: ${difference}\n${json.slice(0, 300)}`);
    }
    assert.equal(kindCountsByName(decoder.kindCounts), counts);
  });
}

test.run();
