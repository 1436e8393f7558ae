// Alpaca refuses sub-penny limit prices: a price derived from a mid (a maker's near touch) is put
// on the venue's grid, never more aggressive than asked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alpacaLimitPrice } from '../../../src/execution/live/alpaca-order-gateway.js';
import { Side } from '../../../src/shm/records.js';

test('on the cent grid at $1 and above, the 1/100 cent grid below; buys round down, sells up', () => {
  assert.is(alpacaLimitPrice(179.98000000000002, Side.Buy), '179.98', 'float noise on a grid price stays on it');
  assert.is(alpacaLimitPrice(179.985, Side.Buy), '179.98');
  assert.is(alpacaLimitPrice(179.985, Side.Sell), '179.99');
  assert.is(alpacaLimitPrice(187.5, Side.Buy), '187.5');
  assert.is(alpacaLimitPrice(0.123456, Side.Buy), '0.1234');
  assert.is(alpacaLimitPrice(0.123456, Side.Sell), '0.1235');
});

test.run();
