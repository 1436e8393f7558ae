// What the capture's sequences show, and what the parser concludes from them.
//
// On Coinbase Exchange `sequence` is the product's order-book sequence, advanced by every order
// event of the `full` channel. The ticker and matches channels only see trades, so their
// sequences jump as a rule: here every one of the 97 ticker and 97 match transitions after the
// first message of each product jumps by more than one. Those jumps are not losses. Losses show in
// trade_id, consecutive per product: the capture has none, so 0 gaps and 0 stale messages.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CoinbaseExchangeKind, CoinbaseExchangeParser, ExchangeOut } from '../../../../src/data/venues/coinbase/coinbase-exchange-parser.js';
import { EXCHANGE_SYMBOLS, exchangeFrames } from './coinbase-captures.js';

test('capture: no trade lost, no stale message, sequence jumps counted but not called gaps', () => {
  const frames = exchangeFrames();
  if (frames === null) return;
  const parser = new CoinbaseExchangeParser(EXCHANGE_SYMBOLS);
  const tickerSequences = new Set<string>();
  const matchSequences = new Set<string>();
  for (const frame of frames) {
    if (frame.direction !== 'recv') continue;
    const kind = parser.parseFrame(frame.text);
    const key = `${parser.out[ExchangeOut.symbol]}:${parser.out[ExchangeOut.sequence]}`;
    if (kind === CoinbaseExchangeKind.Ticker) tickerSequences.add(key);
    if (kind === CoinbaseExchangeKind.Match || kind === CoinbaseExchangeKind.LastMatch) {
      matchSequences.add(key);
      assert.is(parser.out[ExchangeOut.gap], 0);
    }
  }
  const seq = parser.sequences;
  assert.is(seq.gapTotal(), 0);
  assert.equal([...seq.stale], EXCHANGE_SYMBOLS.map(() => 0));
  assert.equal([...seq.missedTrades], EXCHANGE_SYMBOLS.map(() => 0));
  let tickerSkips = 0;
  let matchSkips = 0;
  for (let s = 0; s < EXCHANGE_SYMBOLS.length; s++) {
    tickerSkips += seq.sequenceSkips[2 * s];
    matchSkips += seq.sequenceSkips[2 * s + 1];
  }
  assert.is(tickerSkips, 97);
  assert.is(matchSkips, 97);
  // Each trade appears once on each channel with the same sequence: the ticker is the trade's echo.
  assert.equal([...tickerSequences].sort(), [...matchSequences].sort());
  assert.is(tickerSequences.size, 107);
});

test.run();
