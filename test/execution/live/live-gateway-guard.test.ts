// A gateway on a real account exists only when asked for with live: true: the sandbox (Binance,
// Coinbase Exchange) or paper (Alpaca) is the default, Coinbase Advanced Trade (no sandbox) cannot
// be built without it, contradictory settings are refused, and every refusal says what to do.
// Nothing here touches the network (constructors never do).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ALPACA_LIVE_TRADING_URL, ALPACA_PAPER_TRADING_URL } from '../../../src/execution/live/alpaca-trading-client.js';
import { AlpacaOrderGateway } from '../../../src/execution/live/alpaca-order-gateway.js';
import { CcxtOrderGateway } from '../../../src/execution/live/ccxt-order-gateway.js';
import { fakeCredentials } from '../../support/fake-credentials.js';

const throwsWith = (build: () => unknown, pattern: RegExp) => {
  let message = '';
  try {
    build();
  } catch (error) {
    message = (error as Error).message;
  }
  assert.match(message, pattern);
};

test('Binance and Coinbase Exchange default to their sandbox; leaving it needs live: true', () => {
  for (const venue of ['binance', 'coinbaseexchange'] as const) {
    const gw = new CcxtOrderGateway({ venue, credentials: fakeCredentials(venue) });
    assert.is(gw.live, false, `${venue} defaults to its sandbox`);
    throwsWith(() => new CcxtOrderGateway({ venue, credentials: fakeCredentials(venue), sandbox: false }), /refusing to build a .* gateway: it would place real orders.*live: true.*sandbox: true/s);
    assert.is(new CcxtOrderGateway({ venue, credentials: fakeCredentials(venue), sandbox: false, live: true }).live, true);
    throwsWith(() => new CcxtOrderGateway({ venue, credentials: fakeCredentials(venue), sandbox: true, live: true }), /contradict/);
  }
});

test('Coinbase Advanced Trade has no sandbox: it needs live: true, and asking for a sandbox is refused', () => {
  throwsWith(() => new CcxtOrderGateway({ venue: 'coinbase', credentials: fakeCredentials('coinbase') }), /refusing to build a coinbase gateway.*live: true/s);
  throwsWith(() => new CcxtOrderGateway({ venue: 'coinbase', credentials: fakeCredentials('coinbase'), sandbox: true }), /no sandbox/);
  assert.is(new CcxtOrderGateway({ venue: 'coinbase', credentials: fakeCredentials('coinbase'), live: true }).live, true);
});

test('Alpaca: paper by default, the override from the environment, the live host only with live: true', () => {
  const credentials = fakeCredentials('alpaca');
  const paper = new AlpacaOrderGateway({ credentials, env: {} });
  assert.is(paper.baseUrl, ALPACA_PAPER_TRADING_URL);
  assert.is(paper.live, false);
  assert.is(new AlpacaOrderGateway({ credentials, env: { TRADEBOT_ALPACA_TRADING_URL: 'http://127.0.0.1:9/' } }).baseUrl, 'http://127.0.0.1:9');
  throwsWith(() => new AlpacaOrderGateway({ credentials, env: {}, baseUrl: ALPACA_LIVE_TRADING_URL }), /refusing to build a live Alpaca gateway.*live: true/s);
  throwsWith(() => new AlpacaOrderGateway({ credentials, env: { TRADEBOT_ALPACA_TRADING_URL: `${ALPACA_LIVE_TRADING_URL}/` } }), /refusing/);
  const live = new AlpacaOrderGateway({ credentials, env: {}, live: true });
  assert.is(live.baseUrl, ALPACA_LIVE_TRADING_URL);
  assert.is(live.live, true);
  throwsWith(() => new AlpacaOrderGateway({ credentials, env: {}, live: true, baseUrl: ALPACA_PAPER_TRADING_URL }), /contradicts the paper endpoint/);
  throwsWith(() => new AlpacaOrderGateway({ credentials, env: { TRADEBOT_ALPACA_TRADING_URL: 'paper-api.alpaca.markets' } }), /TRADEBOT_ALPACA_TRADING_URL=.* is not a http/);
});

test('configs validate themselves: wrong venue keys, bad timeouts and prefixes are named', () => {
  throwsWith(() => new CcxtOrderGateway({ venue: 'binance', credentials: fakeCredentials('coinbase') }), /binance needs binance credentials/);
  throwsWith(() => new AlpacaOrderGateway({ credentials: fakeCredentials('binance'), env: {} }), /needs alpaca credentials/);
  throwsWith(() => new CcxtOrderGateway({ venue: 'binance', credentials: fakeCredentials('binance'), timeoutMs: 0 }), /timeoutMs must be a positive integer/);
  throwsWith(() => new CcxtOrderGateway({ venue: 'binance', credentials: fakeCredentials('binance'), clientOrderIdPrefix: 'has space' }), /clientOrderIdPrefix must be/);
  throwsWith(() => new CcxtOrderGateway({ venue: 'kraken' as 'binance', credentials: fakeCredentials('binance') }), /venue must be one of binance, coinbase, coinbaseexchange/);
});

test.run();
