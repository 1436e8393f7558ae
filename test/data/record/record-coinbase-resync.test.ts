// A replay sends nothing: a Coinbase book that breaks (an Advanced Trade sequence_num gap, a
// crossing update on the Exchange feed) only comes back from a fresh level2 snapshot in the file.
// The recorder must resubscribe that product's level2 as the live connector would, or the rest of
// the recording replays without a book. Recorded from a loopback venue over real sockets, then
// replayed through each connector.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { coinbaseAdvancedRecorder, coinbaseRecorder } from '../../../src/data/record/coinbase-recorder.js';
import { readRecording, RecordingWriter, RecordKind, type RecordingProtocol } from '../../../src/data/record/recording-file.js';
import type { RecorderPlan } from '../../../src/data/record/feed-recording.js';
import { CoinbaseAdvancedMarketData } from '../../../src/data/venues/coinbase/coinbase-advanced-market-data.js';
import { CoinbaseMarketData } from '../../../src/data/venues/coinbase/coinbase-market-data.js';
import { jsonLoopback } from '../../support/json-ws-loopback.js';
import { waitUntil } from '../../support/deadline.js';
import { tempDir } from '../../support/temp-dir.js';

interface Subscribe { type: string; product_ids: string[]; channel?: string; channels?: string[] }

const dir = tempDir('record-coinbase-resync-');
const TIME = '2026-08-09T21:05:48.228568Z';

/** Records `plan` against a loopback venue answering with `answer` until `done`; returns the file. */
async function record(name: string, protocol: RecordingProtocol, plan: (wsBase: string) => RecorderPlan,
  answer: (ws: WebSocket, m: Subscribe, received: Subscribe[]) => void, done: (received: Subscribe[]) => boolean): Promise<string> {
  const received: Subscribe[] = [];
  const lb = await jsonLoopback<Subscribe>((ws, m) => { received.push(m); answer(ws, m, received); });
  const out = path.join(dir, name);
  const p = plan(lb.url);
  const writer = new RecordingWriter(out, { venue: protocol, protocol, symbols: ['BTC/USD'], startedAt: new Date().toISOString(), wsUrl: p.wsUrl });
  const recorder = p.start(writer, () => {});
  try {
    await waitUntil(() => done(received), 3000, 'the recorder to ask for a new snapshot').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    await recorder.stop();
    await writer.close();
    await lb.close();
  }
  return out;
}

function replay(file: string, md: { connectionOpened(): void; receiveFrame(data: Buffer, atMs: number): void }): void {
  for (const r of readRecording(file).records) {
    if (r.kind === RecordKind.Connection && r.event === 'open') md.connectionOpened();
    else if (r.kind === RecordKind.Frame) md.receiveFrame(r.payload, r.receivedAtUs / 1000);
  }
}

test('Advanced Trade: a sequence_num gap while recording, the replayed book is rebuilt', async () => {
  let next = 0;
  const level = (side: string, price: string) => ({ side, event_time: TIME, price_level: price, new_quantity: '1' });
  const l2 = (type: string, bid: string, ask: string) => JSON.stringify({
    channel: 'l2_data', client_id: '', timestamp: TIME, sequence_num: next++,
    events: [{ type, product_id: 'BTC-USD', updates: [level('bid', bid), level('offer', ask)] }],
  });
  const level2Subscribes = (received: Subscribe[]) => received.filter((m) => m.type === 'subscribe' && m.channel === 'level2').length;
  const file = await record('advanced.rec', 'coinbase_advanced', (wsBase) => coinbaseAdvancedRecorder({ protocol: 'coinbase_advanced', wsBase, restBase: '' }, ['BTC/USD']),
    (ws, m, received) => {
      if (m.channel === 'heartbeats') {
        ws.send(l2('snapshot', '100', '101'));
        ws.send(l2('update', '100.5', '101'));
        next++; // a frame lost on the way
        ws.send(l2('update', '99', '101'));
      } else if (m.type === 'subscribe' && m.channel === 'level2' && level2Subscribes(received) > 1) {
        ws.send(l2('snapshot', '98', '102'));
      }
    },
    (received) => level2Subscribes(received) > 1);
  const md = new CoinbaseAdvancedMarketData({
    endpoints: { protocol: 'coinbase_advanced', wsBase: 'ws://replay', restBase: '' }, symbols: ['BTC/USD'], replayed: true,
    onEvent: () => {}, log: () => {},
  });
  replay(file, md);
  md.stop();
  assert.is(md.totals().sequence_gaps, 1);
  assert.ok(md.isBookLive(0), 'the book is live again at the end of the replay');
  assert.is(md.parser.books[0].bestBid(), 98);
});

test('Exchange: a crossing update while recording, the replayed book is rebuilt', async () => {
  const snapshot = (bid: string, ask: string) => JSON.stringify({ type: 'snapshot', product_id: 'BTC-USD', bids: [[bid, '1']], asks: [[ask, '1']], time: TIME });
  const level2Subscribes = (received: Subscribe[]) => received.filter((m) => m.type === 'subscribe' && (m.channels ?? []).includes('level2_batch')).length;
  const file = await record('exchange.rec', 'coinbase', (wsBase) => coinbaseRecorder({ protocol: 'coinbase', wsBase, restBase: '' }, ['BTC/USD']),
    (ws, m, received) => {
      if (m.type !== 'subscribe') return;
      if (level2Subscribes(received) === 1) {
        ws.send(snapshot('100', '101'));
        ws.send(JSON.stringify({ type: 'l2update', product_id: 'BTC-USD', changes: [['buy', '102', '1']], time: TIME }));
      } else {
        ws.send(snapshot('98', '102'));
      }
    },
    (received) => level2Subscribes(received) > 1);
  const md = new CoinbaseMarketData({
    endpoints: { protocol: 'coinbase', wsBase: 'ws://replay', restBase: '' }, symbols: ['BTC/USD'], replayed: true,
    onEvent: () => {}, log: () => {},
  });
  replay(file, md);
  md.stop();
  assert.is(md.totals().reject_crossed_book, 1);
  assert.ok(md.isBookLive(0), 'the book is live again at the end of the replay');
  assert.is(md.parser.books[0].bestBid(), 98);
});

test.run();
