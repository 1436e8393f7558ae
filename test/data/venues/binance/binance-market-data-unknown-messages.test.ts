// Valid JSON the connector does not read (an event it did not subscribe to, an object of no known
// shape, a bare array) is counted as unknown_messages and skipped; like every skipped message it
// gets a rate-limited log line naming the venue and showing the frame, and the feed carries on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BinanceMarketData } from '../../../../src/data/venues/binance/binance-market-data.js';

test('unknown messages: counted, logged once per interval, the next trade still read', () => {
  const logs: string[] = [];
  let trades = 0;
  const md = new BinanceMarketData({
    endpoints: { protocol: 'binance', wsBase: 'ws://127.0.0.1:9', restBase: '' }, symbols: ['BTC/USDT'], replayed: true,
    onEvent: () => { trades++; }, log: (line) => logs.push(line), now: () => 1000,
  });
  md.connectionOpened();
  md.receiveFrame(Buffer.from('{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1,"s":"BTCUSDT","p":"1"}}'), 1);
  md.receiveFrame(Buffer.from('{"foo":1}'), 2);
  md.receiveFrame(Buffer.from('[1,2]'), 3);
  md.receiveFrame(Buffer.from('{"e":"trade","E":1,"s":"BTCUSDT","t":5,"p":"61800.30","q":"0.006","T":1,"m":false}'), 4);
  assert.is(md.totals().unknown_messages, 3);
  assert.is(trades, 1);
  const lines = logs.filter((l) => /unknown/.test(l));
  assert.is(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], /^binance: skipped a frame \(unknown message\): \{"stream":"btcusdt@markPrice"/);
  md.stop();
});

test.run();
