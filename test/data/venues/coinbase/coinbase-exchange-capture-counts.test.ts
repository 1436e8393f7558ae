// Every frame of the real 2021 Exchange capture decodes, with the per-type counts the data
// README lists, no refusal, and the client's subscribe frames equal to what our builder writes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  COINBASE_EXCHANGE_KINDS, COINBASE_EXCHANGE_REJECT_REASONS, CoinbaseExchangeParser, coinbaseExchangeSubscribe,
} from '../../../../src/data/venues/coinbase/coinbase-exchange-parser.js';
import { EXCHANGE_SYMBOLS, exchangeFrames } from './coinbase-captures.js';

test('capture: counts per type equal the README, nothing refused', () => {
  const frames = exchangeFrames();
  if (frames === null) return;
  const parser = new CoinbaseExchangeParser(EXCHANGE_SYMBOLS);
  for (const frame of frames) if (frame.direction === 'recv') assert.ok(parser.parseFrame(frame.text) > 0, frame.text.slice(0, 120));
  const counts = Object.fromEntries(COINBASE_EXCHANGE_KINDS.map((k, i) => [k, parser.counts[i]]).filter(([, n]) => n !== 0));
  assert.equal(counts, { l2update: 9719, snapshot: 10, match: 97, last_match: 10, ticker: 107, subscriptions: 3 });
  const rejects = COINBASE_EXCHANGE_REJECT_REASONS.filter((_, i) => parser.rejects[i] !== 0);
  assert.equal(rejects, []);
  // After the third `subscriptions`, every product is on level2 (bit 0), ticker (bit 2) and matches (bit 3).
  assert.equal([...parser.subscribed], EXCHANGE_SYMBOLS.map(() => 0b1101));
});

test('capture: the client frames are exactly what coinbaseExchangeSubscribe builds', () => {
  const frames = exchangeFrames();
  if (frames === null) return;
  const sent = frames.filter((f) => f.direction === 'send').map((f) => f.text);
  assert.equal(sent, (['level2', 'ticker', 'matches'] as const).map((c) => coinbaseExchangeSubscribe(EXCHANGE_SYMBOLS, [c])));
});

test.run();
