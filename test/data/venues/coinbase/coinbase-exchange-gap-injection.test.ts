// Losing a match is detected at the next one of the same product (its trade_id jumps); a message
// received again, or older than the last one, is dropped as stale. Both on the real capture.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CoinbaseExchangeKind, CoinbaseExchangeParser, ExchangeOut, ExchangeReject,
} from '../../../../src/data/venues/coinbase/coinbase-exchange-parser.js';
import { EXCHANGE_SYMBOLS, exchangeFrames } from './coinbase-captures.js';

const SKL_USD = EXCHANGE_SYMBOLS.indexOf('SKL/USD');

function matchFrames(): string[] | null {
  const frames = exchangeFrames();
  if (frames === null) return null;
  return frames.filter((f) => f.direction === 'recv' && f.text.includes('"type":"match"') && f.text.includes('"SKL-USD"')).map((f) => f.text);
}

test('dropping one SKL-USD match -> one gap of one trade, reported on the next match', () => {
  const matches = matchFrames();
  if (matches === null) return;
  assert.ok(matches.length > 10);
  const parser = new CoinbaseExchangeParser(EXCHANGE_SYMBOLS);
  const dropped = 5;
  for (let i = 0; i < matches.length; i++) {
    if (i === dropped) continue;
    assert.is(parser.parseFrame(matches[i]), CoinbaseExchangeKind.Match);
    assert.is(parser.out[ExchangeOut.gap], i === dropped + 1 ? 1 : 0, `match ${i}`);
    if (i === dropped + 1) assert.is(parser.out[ExchangeOut.missedTrades], 1);
  }
  assert.is(parser.sequences.gaps[SKL_USD], 1);
  assert.is(parser.sequences.missedTrades[SKL_USD], 1);
  assert.is(parser.sequences.gapTotal(), 1);
});

test('a repeated match and an older one are dropped as stale, not counted as gaps', () => {
  const matches = matchFrames();
  if (matches === null) return;
  const parser = new CoinbaseExchangeParser(EXCHANGE_SYMBOLS);
  for (let i = 0; i < 4; i++) parser.parseFrame(matches[i]);
  assert.is(parser.parseFrame(matches[3]), 0);
  assert.is(parser.lastReject, ExchangeReject.StaleSequence);
  assert.is(parser.parseFrame(matches[1]), 0);
  assert.is(parser.sequences.stale[SKL_USD], 2);
  assert.is(parser.parseFrame(matches[4]), CoinbaseExchangeKind.Match);
  assert.is(parser.sequences.gapTotal(), 0);
});

test('a dropped ticker is not detectable (the channel may batch trades), so it is not called a gap', () => {
  const frames = exchangeFrames();
  if (frames === null) return;
  const tickers = frames.filter((f) => f.direction === 'recv' && f.text.includes('"type":"ticker"') && f.text.includes('"SKL-USD"'));
  const parser = new CoinbaseExchangeParser(EXCHANGE_SYMBOLS);
  tickers.forEach((f, i) => { if (i !== 3) assert.is(parser.parseFrame(f.text), CoinbaseExchangeKind.Ticker); });
  assert.is(parser.sequences.gapTotal(), 0);
  assert.is(parser.sequences.stale[SKL_USD], 0);
});

test('full channel: every order event must advance the sequence by one', () => {
  const parser = new CoinbaseExchangeParser(['BTC/USD'], { fullChannel: true });
  const event = (type: string, sequence: number): string => JSON.stringify({
    type, product_id: 'BTC-USD', sequence, time: '2024-01-02T03:04:05.123456Z', order_id: 'x', side: 'buy',
  });
  assert.is(parser.parseFrame(event('received', 100)), CoinbaseExchangeKind.FullEvent);
  assert.is(parser.parseFrame(event('open', 101)), CoinbaseExchangeKind.FullEvent);
  assert.is(parser.out[ExchangeOut.gap], 0);
  assert.is(parser.parseFrame(event('done', 104)), CoinbaseExchangeKind.FullEvent);
  assert.is(parser.out[ExchangeOut.gap], 1);
  assert.is(parser.sequences.gaps[0], 1);
  assert.is(parser.parseFrame(event('change', 104)), 0);
  assert.is(parser.lastReject, ExchangeReject.StaleSequence);
  // Without the option, full-channel types are unknown to this parser.
  assert.is(new CoinbaseExchangeParser(['BTC/USD']).parseFrame(event('open', 1)), 0);
});

test.run();
