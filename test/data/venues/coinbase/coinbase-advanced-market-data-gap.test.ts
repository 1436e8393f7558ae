// A lost frame on Advanced Trade shows as a jump in `sequence_num` (it counts every frame of the
// connection). The loopback venue plays the real capture but drops one BTC-USD l2_data update:
// the connector must then distrust both books (the lost frame could have been either's), ask for
// fresh snapshots by resubscribing each product's level2 on the same socket, refuse updates until
// they come, and end with books equal to a rebuild from every frame, the lost one included: the
// fresh snapshot replaced each book, nothing was merged into it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { WebSocket } from 'ws';
import { CoinbaseAdvancedMarketData } from '../../../../src/data/venues/coinbase/coinbase-advanced-market-data.js';
import { waitUntil } from '../../../support/deadline.js';
import { ADVANCED_SYMBOLS, ReferenceBook, bookDifference } from './coinbase-captures.js';
import {
  advancedCaptureFrames, advancedLoopback, applyToReference, l2SnapshotFrame, sequenceOf, withSequence,
  type AdvancedClientMessage,
} from './coinbase-advanced-loopback.js';

const isResubscribe = (m: AdvancedClientMessage): boolean => m.channel === 'level2' && m.product_ids.length === 1;

test('a sequence_num gap: both books resubscribed, refused until their snapshots, rebuilt without merging', async () => {
  const frames = advancedCaptureFrames();
  if (frames === null) return;
  // The 50th l2_data update for BTC-USD: both books are live by then.
  const btcUpdates = frames.map((f, i) => [f, i] as const).filter(([f]) => f.includes('"channel":"l2_data"') && f.includes('"type":"update","product_id":"BTC-USD"'));
  const dropAt = btcUpdates[50][1];
  const afterGap = 5; // frames the venue sends after the lost one before the client's resubscribes arrive
  const truth: Record<string, ReferenceBook> = { 'BTC-USD': new ReferenceBook(), 'ETH-USD': new ReferenceBook() };
  let next = 0; // the sequence_num of the next frame sent
  let resent = 0;
  const send = (ws: WebSocket, frame: string): void => { ws.send(withSequence(frame, next++)); };
  const lb = await advancedLoopback((ws, m) => {
    if (m.channel === 'heartbeats') {
      for (let i = 0; i <= dropAt + afterGap; i++) {
        applyToReference(frames[i], truth);
        if (i === dropAt) next++; // lost on the way: the client sees the numbers jump
        else send(ws, frames[i]);
      }
    } else if (isResubscribe(m) && m.type === 'subscribe') {
      const product = m.product_ids[0];
      send(ws, l2SnapshotFrame(product, truth[product], next, '2026-08-09T21:06:00.000000Z'));
      if (++resent === 2) for (let i = dropAt + afterGap + 1; i < frames.length; i++) { applyToReference(frames[i], truth); send(ws, frames[i]); }
    }
  });
  const logs: string[] = [];
  const md = new CoinbaseAdvancedMarketData({
    endpoints: { protocol: 'coinbase_advanced', wsBase: lb.url, restBase: '' },
    symbols: ADVANCED_SYMBOLS,
    bookCapacity: 32_768,
    onEvent: () => {},
    log: (line) => logs.push(line),
  });
  try {
    md.start();
    await waitUntil(() => md.totals().frames >= frames.length + 1, 20_000, () => `${frames.length + 1} frames (have ${md.totals().frames})`);
    assert.ok(sequenceOf(frames[dropAt]) > 0);

    const t = md.totals();
    assert.is(t.sequence_gaps, 1);
    assert.is(t.missed_frames, 1);
    assert.is(t.resyncs, 2, 'both books: a lost frame could have been either product\'s');
    assert.is(t.resubscribes, 2);
    assert.is(t['msg_l2_data_snapshot'], 4);
    assert.is(t.reject_stale_sequence + t.reject_bad_sequence + t.reject_crossed_book, 0);
    assert.equal(lb.received.filter(isResubscribe).map((m) => `${m.type} ${m.product_ids[0]}`),
      ['unsubscribe BTC-USD', 'subscribe BTC-USD', 'unsubscribe ETH-USD', 'subscribe ETH-USD']);
    const refusedAfterGap = frames.slice(dropAt + 1, dropAt + afterGap + 1).filter((f) => f.includes('"channel":"l2_data"')).length;
    assert.is(t.reject_book_not_synced, refusedAfterGap, 'updates between the gap and the snapshots are refused');

    assert.is(bookDifference(md.parser.books[0], truth['BTC-USD']), undefined, 'BTC-USD');
    assert.is(bookDifference(md.parser.books[1], truth['ETH-USD']), undefined, 'ETH-USD');
    assert.ok(md.isBookLive(0) && md.isBookLive(1));
    const text = logs.join('\n');
    assert.match(text, /coinbase_advanced: sequence_num jumped to \d+ \(1 frames lost\)/);
    assert.match(text, /coinbase_advanced: BTC\/USD book cannot be trusted \(sequence_num gap\): resubscribing level2/);
    assert.match(text, /coinbase_advanced: ETH\/USD book rebuilt from a new snapshot/);
  } finally {
    md.stop();
    await lb.close();
  }
});

test.run();
