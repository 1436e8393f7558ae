// Frames the connector cannot use (not JSON, an unknown type, a NaN price, a product it did not
// subscribe to) are counted by reason and logged once per reason per interval, naming the venue,
// the channel and the reason; the connection carries on and nothing bad reaches onEvent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CoinbaseMarketData } from '../../../../src/data/venues/coinbase/coinbase-market-data.js';
import { EventKind, MarketEvent, MARKET_EVENT_F64 } from '../../../../src/data/synthetic-market.js';
import { waitUntil } from '../../../support/deadline.js';
import { coinbaseLoopback, matchFrame, snapshotFrame, updateFrame } from './coinbase-loopback.js';

test('garbage is counted by reason, logged at most once per reason, and the feed carries on', async () => {
  const lb = await coinbaseLoopback((ws, m) => {
    if (m.type !== 'subscribe' || m.channels.length === 1) return;
    ws.send(snapshotFrame('BTC-USD', [['60000.00', '1']], [['60001.00', '2']], 0));
    for (let i = 0; i < 3; i++) ws.send('not json {');
    ws.send('{"type":"wat","product_id":"BTC-USD"}');
    ws.send(updateFrame('BTC-USD', [['buy', 'NaN', '1']], 10));
    ws.send(matchFrame('DOGE-USD', 1, 'buy', '0.1', '100', 20));
    ws.send(matchFrame('BTC-USD', 7, 'sell', '60001.00', '0.5', 30));
  });
  const logs: string[] = [];
  const events: Float64Array[] = [];
  const md = new CoinbaseMarketData({
    endpoints: { protocol: 'coinbase', wsBase: lb.url, restBase: '' },
    symbols: ['BTC/USD'],
    onEvent: (e) => events.push(e.slice(0, MARKET_EVENT_F64)),
    log: (line) => logs.push(line),
  });
  try {
    md.start();
    await waitUntil(() => md.totals().trades >= 1, 5000, 'the trade after the garbage');
    const t = md.totals();
    assert.is(t.reject_malformed_json, 3);
    assert.is(t.reject_unknown_type, 1);
    assert.is(t.reject_bad_price, 1);
    assert.is(t.reject_unknown_product, 1);
    const text = logs.join('\n');
    assert.is(logs.filter((l) => l.includes('(malformed_json)')).length, 1, 'three bad frames, one line');
    assert.match(text, /coinbase: skipped a frame on unknown channel \(malformed_json\): not json \{/);
    assert.match(text, /coinbase: skipped a frame on message type wat \(unknown_type\)/);
    assert.match(text, /coinbase: skipped a frame on level2_batch \(bad_price\)/);
    assert.match(text, /coinbase: skipped a frame on matches \(unknown_product\)/);
    assert.ok(md.feed.isOpen, 'still connected');
    assert.is(t.connects, 1);

    const trade = events.find((e) => e[MarketEvent.kind] === EventKind.Trade)!;
    assert.is(trade[MarketEvent.price], 60001);
    assert.is(trade[MarketEvent.size], 0.5);
    assert.is(trade[MarketEvent.side], 1, 'a sell maker means a buying aggressor');
    assert.is(trade[MarketEvent.ts], Date.UTC(2024, 4, 1, 0, 0, 0, 30) * 1000);
    for (const e of events) {
      const values = e[MarketEvent.kind] === EventKind.Trade ? [e[MarketEvent.price], e[MarketEvent.size]] : [e[MarketEvent.bid], e[MarketEvent.ask]];
      assert.ok(values.every((v) => Number.isFinite(v) && v > 0), 'no NaN or non-positive value reached the pipeline');
    }
  } finally {
    md.stop();
    await lb.close();
  }
});

test.run();
