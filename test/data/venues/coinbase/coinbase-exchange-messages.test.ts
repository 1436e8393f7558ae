// Each Exchange message type decodes to exact values: prices bit-equal to Number(text), times in
// integer microseconds, the maker side of a match turned into the aggressor side, and the records
// (Tick, BookTop) filled the way records.ts defines them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookTop, Side, Tick, VenueId } from '../../../../src/shm/records.js';
import { BookSide } from '../../../../src/data/book/l2-book.js';
import { BookOp } from '../../../../src/data/venues/book-level-ops.js';
import { CoinbaseExchangeKind, CoinbaseExchangeParser, ExchangeOut } from '../../../../src/data/venues/coinbase/coinbase-exchange-parser.js';
import { buildRecord } from '../../../support/record-builder.js';

const US_2021_04_17_16_43_30_244075 = Date.UTC(2021, 3, 17, 16, 43, 30) * 1000 + 244075;

test('match (from the capture): maker sell -> aggressor buy, exact time, sequence and trade id', () => {
  const p = new CoinbaseExchangeParser(['SKL/BTC', 'BAND/GBP']);
  const kind = p.parseFrame('{"type":"last_match","trade_id":881613,"maker_order_id":"27fff20b-af29-4f45-8744-56dd1ef57dc0","taker_order_id":"1da6ce16-c8da-4732-9f71-6049f4c6aaf8","side":"sell","size":"0.04","price":"14.7775","product_id":"BAND-GBP","sequence":333938798,"time":"2021-04-17T16:43:30.244075Z"}');
  assert.is(kind, CoinbaseExchangeKind.LastMatch);
  const t = p.tick;
  assert.is(t[Tick.ts], US_2021_04_17_16_43_30_244075);
  assert.is(t[Tick.instrument], 1);
  assert.is(t[Tick.venue], VenueId.Coinbase);
  assert.is(t[Tick.price], 14.7775);
  assert.is(t[Tick.size], 0.04);
  assert.is(t[Tick.side], Side.Buy);
  assert.is(t[Tick.seq], 333938798);
  assert.is(t[Tick.t0], 0);
  assert.is(p.out[ExchangeOut.tradeId], 881613);
  p.parseFrame('{"type":"match","trade_id":280232,"side":"buy","size":"985","price":"0.00001305","product_id":"SKL-BTC","sequence":177100030,"time":"2021-04-17T16:43:37.089723Z"}');
  assert.is(p.tick[Tick.side], Side.Sell);
  assert.is(p.tick[Tick.price], 0.00001305);
});

test('ticker: BookTop from best_bid/best_ask, sizes when present (recent feed), 0 and hasSizes=0 when not (2021)', () => {
  const p = new CoinbaseExchangeParser(['BAND/GBP', 'BTC/USD']);
  assert.is(p.parseFrame('{"type":"ticker","sequence":333938798,"product_id":"BAND-GBP","price":"14.7775","open_24h":"14.6647","volume_24h":"94381.28000000","low_24h":"14.3691","high_24h":"16.55","volume_30d":"2295579.57000000","best_bid":"14.7550","best_ask":"14.8060","side":"buy","time":"2021-04-17T16:43:30.244075Z","trade_id":881613,"last_size":"0.04"}'), CoinbaseExchangeKind.Ticker);
  assert.equal([...p.top], [...buildRecord(BookTop, {
    t0: 0, ts: US_2021_04_17_16_43_30_244075, instrument: 0, venue: VenueId.Coinbase, bidPrice: 14.755, bidSize: 0, askPrice: 14.806, askSize: 0,
  })]);
  assert.is(p.out[ExchangeOut.hasSizes], 0);
  assert.is(p.out[ExchangeOut.lastPrice], 14.7775);
  assert.is(p.out[ExchangeOut.lastSize], 0.04);
  assert.is(p.out[ExchangeOut.tradeId], 881613);
  // Shape from the venue's current documentation.
  assert.is(p.parseFrame('{"type":"ticker","sequence":37475248783,"product_id":"BTC-USD","price":"64000.01","open_24h":"1","volume_24h":"1","low_24h":"1","high_24h":"1","volume_30d":"1","best_bid":"64000.00","best_bid_size":"0.25","best_ask":"64000.01","best_ask_size":"1.5","side":"buy","time":"2024-03-01T12:00:00.000001Z","trade_id":123,"last_size":"0.001"}'), CoinbaseExchangeKind.Ticker);
  assert.is(p.top[BookTop.instrument], 1);
  assert.is(p.top[BookTop.bidSize], 0.25);
  assert.is(p.top[BookTop.askSize], 1.5);
  assert.is(p.top[BookTop.ts], Date.UTC(2024, 2, 1, 12) * 1000 + 1);
  assert.is(p.out[ExchangeOut.hasSizes], 1);
  assert.is(p.out[ExchangeOut.sequence], 37475248783);
});

test('snapshot and l2update: level operations and the book', () => {
  const p = new CoinbaseExchangeParser(['BTC/USD']);
  assert.is(p.parseFrame('{"type":"snapshot","product_id":"BTC-USD","bids":[["10101.10","0.45054140"],["10101.00","1"]],"asks":[["10102.55","0.57753524"]]}'), CoinbaseExchangeKind.Snapshot);
  const ops = p.levels;
  assert.is(ops.count, 4);
  assert.equal([...ops.side.subarray(0, 4)], [BookOp.Clear, BookOp.Bid, BookOp.Bid, BookOp.Ask]);
  assert.equal([...ops.price.subarray(1, 4)], [10101.1, 10101, 10102.55]);
  const book = p.books[0];
  assert.is(book.bestBid(), 10101.1);
  assert.is(book.bestBidQty(), 0.4505414);
  assert.is(book.bestAsk(), 10102.55);
  assert.is(p.parseFrame('{"type":"l2update","product_id":"BTC-USD","changes":[["buy","10101.10","0"],["sell","10102.50","2.5"]],"time":"2019-08-14T20:42:27.265Z"}'), CoinbaseExchangeKind.L2Update);
  assert.is(p.out[ExchangeOut.ts], Date.UTC(2019, 7, 14, 20, 42, 27, 265) * 1000);
  assert.is(book.bestBid(), 10101);
  assert.is(book.bestAsk(), 10102.5);
  assert.is(book.levelPrice(BookSide.Ask, 1), 10102.55);
});

test('heartbeat, error and subscriptions', () => {
  const p = new CoinbaseExchangeParser(['BTC/USD', 'ETH/USD']);
  assert.is(p.parseFrame('{"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2014-11-07T08:19:28.464459Z"}'), CoinbaseExchangeKind.Heartbeat);
  assert.is(p.out[ExchangeOut.heartbeatLastTradeId], 20);
  assert.is(p.out[ExchangeOut.ts], Date.UTC(2014, 10, 7, 8, 19, 28) * 1000 + 464459);
  assert.is(p.parseFrame('{"type":"error","message":"Failed to subscribe","reason":"level2 requires authentication"}'), CoinbaseExchangeKind.Error);
  assert.is(p.lastErrorReason, 'level2 requires authentication');
  assert.is(p.parseFrame('{"type":"subscriptions","channels":[{"name":"level2_batch","product_ids":["ETH-USD"]},{"name":"heartbeat","product_ids":["BTC-USD","ETH-USD","XRP-USD"]}]}'), CoinbaseExchangeKind.Subscriptions);
  assert.equal([...p.subscribed], [0b100000, 0b100010]);
});

test('frames as UTF-8 bytes decode like text', () => {
  const p = new CoinbaseExchangeParser(['BTC/USD']);
  assert.is(p.parseFrame(Buffer.from('{"type":"heartbeat","sequence":1,"last_trade_id":2,"product_id":"BTC-USD","time":"2014-11-07T08:19:28Z"}')), CoinbaseExchangeKind.Heartbeat);
  assert.is(p.parseFrame(new Uint8Array([0x7b, 0xff, 0x7d])), 0);
});

test.run();
