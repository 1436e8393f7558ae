// sequence_num runs 0..1029 without a hole in the capture. Dropping any one frame is a gap: the
// level-2 books need a resync, their updates are refused until a new snapshot, and a snapshot
// (what resubscribing to level2 brings) makes them live again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSync } from '../../../../src/data/venues/book-level-ops.js';
import {
  AdvancedFrame, AdvancedReject, CoinbaseAdvancedKind, CoinbaseAdvancedParser,
} from '../../../../src/data/venues/coinbase/coinbase-advanced-parser.js';
import { ADVANCED_SYMBOLS, advancedFrames } from './coinbase-captures.js';

function received(): string[] | null {
  const frames = advancedFrames();
  return frames === null ? null : frames.filter((f) => f.direction === 'recv').map((f) => f.text);
}

test('capture: sequence_num is continuous, 0 gaps', () => {
  const frames = received();
  if (frames === null) return;
  const parser = new CoinbaseAdvancedParser(ADVANCED_SYMBOLS, { bookCapacity: 32_768 });
  frames.forEach((f, i) => {
    parser.parseFrame(f);
    assert.is(parser.frame[AdvancedFrame.sequence], i);
    assert.is(parser.frame[AdvancedFrame.missedFrames], 0);
  });
  assert.is(parser.gaps, 0);
  assert.not.ok(parser.needsResync());
});

test('dropping one heartbeat frame -> gap -> needsResync, l2 updates refused until a snapshot', () => {
  const frames = received();
  if (frames === null) return;
  const parser = new CoinbaseAdvancedParser(ADVANCED_SYMBOLS, { bookCapacity: 32_768 });
  const firstUpdate = frames.findIndex((f) => f.includes('"l2_data"') && f.includes('"type":"update"'));
  const dropped = frames.findIndex((f, i) => i > firstUpdate + 20 && f.includes('"heartbeats"'));
  assert.ok(firstUpdate > 0 && dropped > 0);
  for (let i = 0; i < dropped; i++) parser.parseFrame(frames[i]);
  assert.not.ok(parser.needsResync());
  parser.parseFrame(frames[dropped + 1]);
  assert.is(parser.gaps, 1);
  assert.is(parser.missedFrames, 1);
  assert.is(parser.frame[AdvancedFrame.missedFrames], 1);
  assert.ok(parser.needsResync());
  assert.equal([...parser.bookSync], [BookSync.NeedsResync, BookSync.NeedsResync]);
  const nextL2 = frames.findIndex((f, i) => i > dropped + 1 && f.includes('"l2_data"'));
  for (let i = dropped + 2; i <= nextL2; i++) parser.parseFrame(frames[i]);
  assert.ok(parser.rejects[AdvancedReject.BookNotSynced] >= 1);
  assert.is(parser.levels.count, 0, 'no level operation from a refused update');
  assert.ok(parser.needsResync());

  // Resubscribing brings snapshots on the same connection (sequence numbers continue).
  const last = parser.frame[AdvancedFrame.sequence];
  for (const [k, f] of frames.filter((f) => f.includes('"l2_data"') && f.includes('"type":"snapshot"')).entries()) {
    const msg = JSON.parse(f);
    msg.sequence_num = last + 1 + k;
    assert.is(parser.handle(msg), CoinbaseAdvancedKind.L2Snapshot);
  }
  assert.not.ok(parser.needsResync());
  assert.is(parser.gaps, 1);
});

test('a repeated or older frame is stale and dropped; a new connection restarts at 0', () => {
  const frames = received();
  if (frames === null) return;
  const parser = new CoinbaseAdvancedParser(ADVANCED_SYMBOLS, { bookCapacity: 32_768 });
  for (let i = 0; i < 40; i++) parser.parseFrame(frames[i]);
  assert.is(parser.parseFrame(frames[39]), 0);
  assert.is(parser.lastReject, AdvancedReject.StaleSequence);
  assert.is(parser.parseFrame(frames[2]), 0);
  assert.is(parser.gaps, 0);
  parser.resetConnection();
  assert.ok(parser.parseFrame(frames[0]) > 0);
  assert.is(parser.gaps, 0);
  assert.equal([...parser.bookSync], [BookSync.AwaitingSnapshot, BookSync.AwaitingSnapshot]);
});

test.run();
