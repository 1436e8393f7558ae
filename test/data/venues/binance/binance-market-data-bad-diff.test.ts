// A depth diff the decoder accepts can still be refused by the book procedure (U after u, ids
// that are not whole numbers): that is a bad message like any other. It must be counted by
// reason in the feed's rejects (what /metrics reports per venue and reason) and logged,
// rate-limited, naming venue, stream and reason, and the book must be rebuilt from a snapshot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BinanceMarketData } from '../../../../src/data/venues/binance/binance-market-data.js';
import { FEED_COUNTERS } from '../../../../src/pipeline/stage-graph.js';

const diff = (U: number | string, u: number | string) =>
  Buffer.from(`{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255208,"s":"BTCUSDT","U":${U},"u":${u},"b":[["100.5","1"]],"a":[]}}`);

test('a diff whose U is after its u: counted as bad_update_id, logged, book resynced', () => {
  const logs: string[] = [];
  const md = new BinanceMarketData({
    endpoints: { protocol: 'binance', wsBase: 'ws://127.0.0.1:9', restBase: '' }, symbols: ['BTC/USDT'], replayed: true,
    onEvent: () => {}, log: (line) => logs.push(line),
  });
  md.connectionOpened();
  md.applySnapshotBody(0, Buffer.from('{"lastUpdateId":100,"bids":[["100","1"]],"asks":[["101","1"]]}'));
  md.receiveFrame(diff(101, 102), 1);
  assert.ok(md.books[0].isSynced());
  md.receiveFrame(diff(110, 105), 2);
  md.receiveFrame(diff('111.5', 112), 3);
  const t = md.totals();
  assert.is(t.reject_bad_update_id, 2);
  assert.ok(FEED_COUNTERS.includes('reject_bad_update_id'), 'a feed counter, so /metrics has it');
  assert.not.ok(md.books[0].isSynced());
  const lines = logs.filter((l) => l.includes('bad_update_id'));
  assert.is(lines.length, 1, 'logged once for the interval');
  assert.match(lines[0], /^binance: .*BTC\/USDT.*btcusdt@depth@100ms/);
  md.stop();
});

test.run();
