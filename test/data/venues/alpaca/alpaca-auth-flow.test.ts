// The documented session (stock page, the wscat example): connected -> we send auth ->
// authenticated -> we send the subscription -> its confirmation -> data. Every client frame we
// produce is the documented one, and the confirmation is recorded per symbol and stream.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ALPACA_STATES, AlpacaAction, AlpacaState, AlpacaStreamProtocol, alpacaStreamUrl,
} from '../../../../src/data/venues/alpaca/alpaca-stream-protocol.js';
import { stockExamples } from './alpaca-docs-examples.js';

const at = (line: string, examples: Array<{ src: string; raw: string }>): string => {
  const found = examples.find((e) => e.src.endsWith(`#${line}`));
  if (!found) throw new Error(`no docs example at ${line}`);
  return found.raw;
};

test('URLs for each feed', () => {
  assert.is(alpacaStreamUrl('iex'), 'wss://stream.data.alpaca.markets/v2/iex');
  assert.is(alpacaStreamUrl('sip'), 'wss://stream.data.alpaca.markets/v2/sip');
  assert.is(alpacaStreamUrl('sip', { sandbox: true }), 'wss://stream.data.sandbox.alpaca.markets/v2/sip');
  assert.is(alpacaStreamUrl('crypto'), 'wss://stream.data.alpaca.markets/v1beta3/crypto/us');
  assert.throws(() => alpacaStreamUrl('nasdaq' as 'iex'), /unknown feed nasdaq/);
});

test('docs session: auth, subscribe, confirmation, data', () => {
  const ex = stockExamples();
  if (ex === null) return;
  const proto = new AlpacaStreamProtocol({
    feed: 'iex', keyId: '*****', secretKey: '*****', symbols: ['AAPL', 'AMD', 'CLDR', 'VOO'],
    subscription: { trades: ['AAPL'], quotes: ['AMD', 'CLDR'], bars: ['*'], dailyBars: ['VOO'] },
  });
  assert.is(proto.url(), 'wss://stream.data.alpaca.markets/v2/iex');
  assert.is(ALPACA_STATES[proto.state], 'idle');
  proto.onOpen();
  assert.is(proto.state, AlpacaState.AwaitingConnected);

  assert.is(proto.onFrame(at('L485', ex)), AlpacaAction.SendAuth);
  assert.is(proto.state, AlpacaState.Authenticating);
  assert.equal(JSON.parse(proto.authMessage()), JSON.parse(at('L486', ex)));

  assert.is(proto.onFrame(at('L487', ex)), AlpacaAction.SendSubscribe);
  assert.is(proto.state, AlpacaState.Subscribing);
  // The documented frame also asks for statuses, which this client does not decode.
  const documented = JSON.parse(at('L488', ex));
  delete documented.statuses;
  assert.equal(JSON.parse(proto.subscribeMessage()), documented);

  assert.is(proto.onFrame(at('L223', ex)), AlpacaAction.None);
  assert.is(proto.state, AlpacaState.Streaming);
  assert.equal([...proto.confirmed], [0b001, 0b010, 0b010, 0]);
  assert.is(proto.confirmedWildcards, 0b100);

  assert.is(proto.onFrame(at('L489', ex)), AlpacaAction.None);
  assert.is(proto.decoder.tradeCount, 1);
  assert.is(proto.onFrame(at('L490', ex)), AlpacaAction.None);
  assert.is(proto.decoder.quoteCount, 3);
  assert.is(proto.decoder.tradeCount, 0, 'each frame starts a new batch');
  // The unsubscribe confirmation (bars: []) clears the wildcard.
  proto.onFrame(at('L225', ex));
  assert.is(proto.confirmedWildcards, 0);
  assert.is(proto.counts.reduce((a, b) => a + b, 0), 2 + 2 + 1 + 3);
});

test('an empty subscription streams right after authentication; a reconnect starts over', () => {
  const proto = new AlpacaStreamProtocol({ feed: 'sip', keyId: 'k', secretKey: 's', symbols: ['AAPL'], subscription: {} });
  proto.onOpen();
  proto.onFrame('[{"T":"success","msg":"connected"}]');
  assert.is(proto.onFrame('[{"T":"success","msg":"authenticated"}]'), AlpacaAction.None);
  assert.is(proto.state, AlpacaState.Streaming);
  assert.is(proto.subscribeMessage(), '');
  proto.onClose();
  assert.is(proto.state, AlpacaState.Idle);
  proto.onOpen();
  assert.is(proto.onFrame(Buffer.from('[{"T":"success","msg":"connected"}]')), AlpacaAction.SendAuth);
});

test('crypto (v1beta3): URL, BASE/QUOTE symbols, subscription checked against the symbols', () => {
  const proto = new AlpacaStreamProtocol({ feed: 'crypto', keyId: 'k', secretKey: 's', symbols: ['BTC/USD'], subscription: { bars: ['BTC/USD'] } });
  assert.is(proto.url(), 'wss://stream.data.alpaca.markets/v1beta3/crypto/us');
  assert.equal(JSON.parse(proto.subscribeMessage()), { action: 'subscribe', bars: ['BTC/USD'] });
  assert.throws(() => new AlpacaStreamProtocol({ feed: 'crypto', keyId: 'k', secretKey: 's', symbols: ['AAPL'], subscription: {} }), /crypto pair/);
  assert.throws(() => new AlpacaStreamProtocol({ feed: 'iex', keyId: 'k', secretKey: 's', symbols: ['AAPL'], subscription: { trades: ['MSFT'] } }), /not one of the symbols/);
});

test.run();
