// `execution.routing`: best_price needs a unified symbol on two venues and paper execution; the
// groups it makes lead with the first symbol in `symbols`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RoutingGroups } from '../../../src/execution/routing/routing-groups.js';
import { defaultConfigPath, loadConfig } from '../../../src/pipeline/config.js';
import { routedCryptoConfig } from '../../support/routed-config.js';

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

test('best_price on one venue is refused, naming the field and what it needs', () => {
  const message = problemOf(() => routedCryptoConfig((y) => y
    .replace('cryptoVenues: [binance, coinbase]', 'cryptoVenues: []')
    .replace('consolidatedSymbols: {BTC/USD: {binance: BTC/USDT, coinbase: BTC/USD}}', 'consolidatedSymbols: {}')));
  assert.match(message, /execution\.routing is "best_price", which routes between the venues of a unified symbol, but no symbol of source\.consolidatedSymbols is mapped on two venues/);
});

test('best_price with every symbol on one venue of its own is refused', () => {
  const message = problemOf(() => routedCryptoConfig((y) => y
    .replace('consolidatedSymbols: {BTC/USD: {binance: BTC/USDT, coinbase: BTC/USD}}', 'consolidatedSymbols: {BTC/USDT: {binance: BTC/USDT}, BTC/USD: {coinbase: BTC/USD}}')));
  assert.match(message, /execution\.routing is "best_price".*no symbol of source\.consolidatedSymbols is mapped on two venues/);
});

test('best_price in a live session is refused: live orders go to one venue', () => {
  const message = problemOf(() => routedCryptoConfig((y) => y.replace(/^  mode: paper$/m, '  mode: live'), { allowLive: true }));
  assert.match(message, /execution\.routing is "best_price", which paper execution does; live orders go to one venue/);
});

test('orderStyle auto in a live session is refused: live orders keep one style', () => {
  const message = problemOf(() => routedCryptoConfig((y) => y.replace(/^  mode: paper$/m, '  mode: live').replace('routing: best_price', 'routing: own_venue')
    .replace('orderStyle: taker', 'orderStyle: auto'), { allowLive: true }));
  assert.match(message, /execution\.orderStyle is "auto", which paper execution does/);
});

test('slicing in a live session is refused: live orders go at once', () => {
  const message = problemOf(() => routedCryptoConfig((y) => y.replace(/^  mode: paper$/m, '  mode: live').replace('routing: best_price', 'routing: own_venue')
    .replace('slicing: immediate', 'slicing: twap'), { allowLive: true }));
  assert.match(message, /execution\.slicing is "twap", which paper execution does/);
});

test('re-posting or crossing makers in a live session is refused: a live maker is cancelled at its TTL', () => {
  const message = problemOf(() => routedCryptoConfig((y) => y.replace(/^  mode: paper$/m, '  mode: live').replace('routing: best_price', 'routing: own_venue')
    .replace('makerReplaces: 0', 'makerReplaces: 3').replace('makerExpiry: cancel', 'makerExpiry: cross'), { allowLive: true }));
  assert.match(message, /execution\.makerReplaces is 3, but re-posting makers is what paper execution does/);
  assert.match(message, /execution\.makerExpiry is "cross", which paper execution does/);
});

test('makerExpiry must be cancel or cross; makerReplaces a whole number', () => {
  assert.match(problemOf(() => routedCryptoConfig((y) => y.replace('makerExpiry: cancel', 'makerExpiry: chase'))), /execution\.makerExpiry must be one of cancel \| cross/);
  assert.match(problemOf(() => routedCryptoConfig((y) => y.replace('makerReplaces: 0', 'makerReplaces: 1.5'))), /execution\.makerReplaces/);
});

test('an unknown routing is refused with the choices', () => {
  const message = problemOf(() => routedCryptoConfig((y) => y.replace('routing: best_price', 'routing: cheapest')));
  assert.match(message, /execution\.routing must be one of own_venue \| best_price/);
});

test('groups: the first symbol in `symbols` leads, whatever the mapping order', () => {
  const config = routedCryptoConfig((y) => y.replace('symbols: [BTC/USDT, BTC/USD]', 'symbols: [BTC/USD, BTC/USDT]'));
  const groups = RoutingGroups.fromConfig(config);
  assert.equal(groups.groups, [{ unified: 'BTC/USD', members: [0, 1] }]);
  assert.equal([...groups.leadOf], [0, 0]);
  assert.ok(groups.follows(1) && !groups.follows(0));
});

test('own_venue (the default) makes no groups', () => {
  const groups = RoutingGroups.fromConfig(loadConfig(defaultConfigPath('crypto')));
  assert.not.ok(groups.routed);
  assert.equal([...groups.leadOf], [0, 1]);
});

test.run();
