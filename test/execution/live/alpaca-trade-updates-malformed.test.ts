// Alpaca's trade updates stream survives frames that are not messages: JSON `null`, a number, a
// string and text that is not JSON are counted as malformed and skipped, and the next trade
// update is still read (an exception in the socket's callback would take L4's thread down).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AlpacaTradeUpdates } from '../../../src/execution/live/alpaca-trade-updates.js';
import { withDeadline, waitUntil } from '../../support/deadline.js';
import { fakeCredentials } from '../../support/fake-credentials.js';
import { jsonLoopback } from '../../support/json-ws-loopback.js';

test('null, scalars and non-JSON frames are skipped as malformed; the stream keeps reading', async () => {
  const lb = await jsonLoopback<{ action?: string }>((ws, message) => {
    if (message.action === 'auth') ws.send(JSON.stringify({ stream: 'authorization', data: { status: 'authorized', action: 'authenticate' } }));
    if (message.action === 'listen') {
      ws.send(JSON.stringify({ stream: 'listening', data: { streams: ['trade_updates'] } }));
      for (const frame of ['null', '42', '"text"', '{not json']) ws.send(frame);
      ws.send(JSON.stringify({ stream: 'trade_updates', data: { event: 'fill', order: { id: 'A1', client_order_id: 'tb-7', status: 'filled', filled_qty: '2', filled_avg_price: '101.5' } } }));
    }
  });
  const reports: Array<[number, number]> = [];
  const logs: string[] = [];
  const stream = new AlpacaTradeUpdates(lb.url.replace(/^ws/, 'http'), fakeCredentials('alpaca'), {
    clientOrderIdPrefix: 'tb-', onReport: (id, snapshot) => reports.push([id, snapshot.filled]), onReconnected: () => {}, log: (m) => logs.push(m),
  });
  try {
    await withDeadline(stream.start(), 5_000, 'the stream to listen');
    await waitUntil(() => reports.length > 0, 5_000, 'the trade update after the malformed frames');
    assert.equal(reports, [[7, 2]]);
    assert.is(stream.stats.malformed, 4);
    assert.equal(logs, []);
  } finally {
    await stream.close();
    await lb.close();
  }
});

test.run();
