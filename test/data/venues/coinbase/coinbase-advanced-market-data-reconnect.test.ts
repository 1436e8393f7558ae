// Advanced Trade's connection is the unit of its sequence: closed mid-stream, the connector
// reconnects with backoff, sends its four subscribes again, expects sequence_num from 0 again (no
// gap counted), and rebuilds each book from the new connection's snapshot alone (a level only the
// old connection knew does not survive). A product that then goes quiet while heartbeats keep
// coming is flagged stale: heartbeats prove the connection, not the product's data.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { WebSocket } from 'ws';
import { CoinbaseAdvancedMarketData } from '../../../../src/data/venues/coinbase/coinbase-advanced-market-data.js';
import { waitUntil } from '../../../support/deadline.js';
import { ReferenceBook, bookDifference } from './coinbase-captures.js';
import { FAST_BACKOFF } from './coinbase-loopback.js';
import { SESSION_SUBSCRIBES, advancedLoopback, l2SnapshotFrame } from './coinbase-advanced-loopback.js';

const book = (levels: Array<[boolean, string, string]>): ReferenceBook => {
  const b = new ReferenceBook();
  for (const [bid, price, qty] of levels) b.set(bid, price, qty);
  return b;
};
const heartbeat = (sequence: number, counter: number): string => JSON.stringify({
  channel: 'heartbeats', client_id: '', timestamp: '2026-08-09T21:06:00.000000Z', sequence_num: sequence,
  events: [{ current_time: '2026-08-09 21:06:00.000000000 +0000 UTC m=+1.0', heartbeat_counter: counter }],
});
const update = (sequence: number, side: string, price: string, qty: string): string => JSON.stringify({
  channel: 'l2_data', client_id: '', timestamp: '2026-08-09T21:06:00.100000Z', sequence_num: sequence,
  events: [{ type: 'update', product_id: 'BTC-USD', updates: [{ side, event_time: '2026-08-09T21:06:00.100000Z', price_level: price, new_quantity: qty }] }],
});

test('closed mid-stream: reconnect, the four subscribes again, sequence from 0, books from the fresh snapshots only', async () => {
  const first = book([[true, '60000', '1'], [false, '60001', '2']]);
  const second = book([[true, '61000', '3'], [false, '61002', '1']]);
  const eth = book([[true, '2000', '1'], [false, '2001', '1']]);
  const lb = await advancedLoopback((ws, m, connection) => {
    if (m.channel !== 'heartbeats') return;
    if (connection === 1) {
      ws.send(l2SnapshotFrame('BTC-USD', first, 0, '2026-08-09T21:05:59.000000Z'));
      ws.send(l2SnapshotFrame('ETH-USD', eth, 1, '2026-08-09T21:05:59.000000Z'));
      ws.send(update(2, 'bid', '59990', '9'));
      setTimeout(() => ws.close(1011, 'going away'), 30);
    } else {
      ws.send(l2SnapshotFrame('BTC-USD', second, 0, '2026-08-09T21:06:05.000000Z'));
      ws.send(l2SnapshotFrame('ETH-USD', eth, 1, '2026-08-09T21:06:05.000000Z'));
    }
  });
  const md = new CoinbaseAdvancedMarketData({
    endpoints: { protocol: 'coinbase_advanced', wsBase: lb.url, restBase: '' },
    symbols: ['BTC/USD', 'ETH/USD'], onEvent: () => {}, log: () => {}, backoff: FAST_BACKOFF,
  });
  try {
    md.start();
    await waitUntil(() => md.totals()['msg_l2_data_snapshot'] >= 4, 5000, 'the second connection\'s snapshots');
    assert.equal(lb.received, [...SESSION_SUBSCRIBES, ...SESSION_SUBSCRIBES], 'subscribed again, every channel');
    const t = md.totals();
    assert.is(t.connects, 2);
    assert.is(t.disconnects, 1);
    assert.is(t.sequence_gaps + t.resyncs + t.resubscribes, 0, 'a new connection numbers its frames from 0: no gap, nothing to repair');
    assert.is(bookDifference(md.parser.books[0], second), undefined, 'no level of the first connection survives');
    assert.ok(md.isBookLive(0) && md.isBookLive(1));
  } finally {
    md.stop();
    await lb.close();
  }
});

test('a product with no data while heartbeats come is flagged stale, and fresh again with its next update', async () => {
  let socket: WebSocket | null = null;
  const lb = await advancedLoopback((ws, m) => {
    if (m.channel !== 'heartbeats') return;
    socket = ws;
    ws.send(l2SnapshotFrame('BTC-USD', book([[true, '60000', '1'], [false, '60001', '2']]), 0, '2026-08-09T21:05:59.000000Z'));
  });
  const logs: string[] = [];
  const md = new CoinbaseAdvancedMarketData({
    endpoints: { protocol: 'coinbase_advanced', wsBase: lb.url, restBase: '' },
    symbols: ['BTC/USD'], onEvent: () => {}, log: (line) => logs.push(line), staleAfterMs: 300,
  });
  let sequence = 1;
  const beat = setInterval(() => socket?.send(heartbeat(sequence++, sequence)), 50);
  try {
    md.start();
    await waitUntil(() => md.stale[0] === 1, 5000, 'BTC/USD flagged stale');
    assert.ok(md.totals().msg_heartbeats > 0, 'heartbeats kept coming');
    assert.is(md.totals().stale_symbols, 1);
    socket!.send(update(sequence++, 'offer', '60001', '3'));
    await waitUntil(() => md.stale[0] === 0, 5000, 'BTC/USD fresh again');
    assert.match(logs.join('\n'), /coinbase_advanced: BTC\/USD has data again/);
    assert.is(md.totals().sequence_gaps, 0);
  } finally {
    clearInterval(beat);
    md.stop();
    await lb.close();
  }
});

test.run();
