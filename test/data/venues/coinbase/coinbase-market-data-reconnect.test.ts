// Closed mid-stream: the connector reconnects, subscribes again, and every book starts over from
// the new connection's snapshot; a level only the old connection knew does not survive.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CoinbaseMarketData } from '../../../../src/data/venues/coinbase/coinbase-market-data.js';
import { waitUntil } from '../../../support/deadline.js';
import { ReferenceBook, bookDifference } from './coinbase-captures.js';
import { FAST_BACKOFF, coinbaseLoopback, snapshotFrame, updateFrame } from './coinbase-loopback.js';

test('closed mid-stream: reconnect, resubscribe, books rebuilt from the fresh snapshot with no ghost levels', async () => {
  const lb = await coinbaseLoopback((ws, m, connection) => {
    if (m.type !== 'subscribe') return;
    if (connection === 1) {
      ws.send(snapshotFrame('BTC-USD', [['60000.00', '1']], [['60001.00', '2']], 0));
      ws.send(updateFrame('BTC-USD', [['buy', '59990.00', '9'], ['sell', '60050.00', '4']], 10));
      setTimeout(() => ws.close(1011, 'going away'), 30);
    } else {
      ws.send(snapshotFrame('BTC-USD', [['61000.00', '3']], [['61002.00', '1']], 5000));
    }
  });
  const changed: number[] = [];
  const md = new CoinbaseMarketData({
    endpoints: { protocol: 'coinbase', wsBase: lb.url, restBase: '' },
    symbols: ['BTC/USD'],
    onEvent: () => {},
    onBookChanged: (s) => changed.push(s),
    log: () => {},
    backoff: FAST_BACKOFF,
  });
  try {
    md.start();
    await waitUntil(() => md.totals().msg_snapshot >= 2, 5000, 'the second connection\'s snapshot');
    const subscribes = lb.received.filter((m) => m.type === 'subscribe');
    assert.is(subscribes.length, 2, 'subscribed again on the new connection');
    assert.equal(subscribes[1], subscribes[0]);
    const t = md.totals();
    assert.is(t.connects, 2);
    assert.is(t.disconnects, 1);
    assert.is(t.resubscribes, 0, 'a reconnect needs no per-product repair');
    const expected = new ReferenceBook();
    expected.set(true, '61000.00', '3');
    expected.set(false, '61002.00', '1');
    assert.is(bookDifference(md.parser.books[0], expected), undefined);
    assert.ok(changed.length >= 4, 'the book was reported changed on each connect and snapshot');
  } finally {
    md.stop();
    await lb.close();
  }
});

test.run();
