// Every frame of the real Advanced Trade capture decodes, with the per-channel/type counts the data
// README lists and no refusal, and the client's subscribe frames equal what our builder writes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  COINBASE_ADVANCED_KINDS, COINBASE_ADVANCED_REJECT_REASONS, CoinbaseAdvancedParser, coinbaseAdvancedSubscribe,
} from '../../../../src/data/venues/coinbase/coinbase-advanced-parser.js';
import { ADVANCED_SYMBOLS, advancedFrames } from './coinbase-captures.js';

test('capture: counts per channel/type equal the README, nothing refused', () => {
  const frames = advancedFrames();
  if (frames === null) return;
  const parser = new CoinbaseAdvancedParser(ADVANCED_SYMBOLS, { bookCapacity: 32_768 });
  let received = 0;
  for (const frame of frames) {
    if (frame.direction !== 'recv') continue;
    received++;
    assert.ok(parser.parseFrame(frame.text) > 0, frame.text.slice(0, 120));
  }
  assert.is(received, 1030);
  const counts = Object.fromEntries(COINBASE_ADVANCED_KINDS.map((k, i) => [k, parser.counts[i]]).filter(([, n]) => n !== 0));
  assert.equal(counts, {
    'l2_data/snapshot': 2, 'l2_data/update': 773, 'market_trades/snapshot': 2, 'market_trades/update': 57,
    'ticker/snapshot': 2, 'ticker/update': 158, 'candles/snapshot': 2, 'candles/update': 4, heartbeats: 25, subscriptions: 5,
  });
  assert.equal(COINBASE_ADVANCED_REJECT_REASONS.filter((_, i) => parser.rejects[i] !== 0), []);
  // The last `subscriptions` lists level2, market_trades, ticker and candles for both products.
  assert.equal([...parser.subscribed], [0b10111, 0b10111]);
});

test('capture: the client frames are exactly what coinbaseAdvancedSubscribe builds', () => {
  const frames = advancedFrames();
  if (frames === null) return;
  const sent = frames.filter((f) => f.direction === 'send').map((f) => f.text);
  const channels = ['market_trades', 'candles', 'ticker', 'level2', 'heartbeats'] as const;
  assert.equal(sent, channels.map((c) => coinbaseAdvancedSubscribe(ADVANCED_SYMBOLS, c)));
});

test.run();
