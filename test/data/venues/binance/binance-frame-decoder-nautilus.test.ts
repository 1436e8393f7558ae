// The single-message Binance fixtures (live captures and API documentation examples, pretty
// printed, keys in varied orders, extra keys like `st`/`ps`/`X`) decode to exactly what
// JSON.parse + Number() give, each to the kind its name says.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedText } from '../../../support/shared-data.js';
import { BinanceFrameDecoder } from '../../../../src/data/venues/binance/binance-frame-decoder.js';
import { MESSAGE_KIND_NAMES } from '../../../../src/data/venues/binance/binance-message-layout.js';
import { expectedFor, firstDifference } from './binance-decoder-reference.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'BNBBTC'];

const fixtures: Array<[string, string]> = [
  ['ws_spot_trade.json', 'trade'],
  ['docs_futures_trade_stream.json', 'trade'],
  ['ws_spot_agg_trade.json', 'agg_trade'],
  ['docs_futures_agg_trade_stream.json', 'agg_trade'],
  ['ws_spot_ticker_book.json', 'book_ticker'],
  ['ws_futures_book_ticker.json', 'book_ticker'],
  ['docs_futures_book_ticker_stream.json', 'book_ticker'],
  ['ws_futures_depth_diff_update.json', 'depth_update'],
  ['ws_futures_depth_update.json', 'depth_update'],
  ['docs_futures_depth_update_stream.json', 'depth_update'],
  ['docs_futures_kline_stream_closed.json', 'kline'],
  ['docs_futures_kline_stream_open.json', 'kline'],
  ['docs_futures_liquidation_stream.json', 'unknown'],
  ['docs_futures_mark_price_stream.json', 'unknown'],
  ['docs_futures_ticker_stream.json', 'unknown'],
  ['ws_futures_ticker_24hr.json', 'unknown'],
  ['ws_spot_ticker_24hr.json', 'unknown'],
  ['rest/http_spot_market_depth.json', 'depth_snapshot'],
  ['rest/http_spot_market_book_ticker.json', 'unknown'],
  ['rest/http_spot_market_trades.json', 'unknown'],
  ['rest/http_spot_market_agg_trades.json', 'unknown'],
  ['rest/http_spot_market_klines.json', 'unknown'],
  ['rest/http_spot_market_historical_trades.json', 'unknown'],
];

for (const [file, kindName] of fixtures) {
  test(`${file}: decodes as ${kindName}, every field equal to JSON.parse`, () => {
    const text = sharedText(`ws/binance/nautilus/${file}`);
    if (text === null) return;
    const decoder = new BinanceFrameDecoder(SYMBOLS);
    const kind = decoder.decode(Buffer.from(text, 'utf8'), undefined, 0);
    assert.is(MESSAGE_KIND_NAMES[kind], kindName);
    const difference = firstDifference(decoder, kind, expectedFor(text, SYMBOLS, 0));
    assert.is(difference, null, `${file}: ${difference}`);
  });
}

test.run();
