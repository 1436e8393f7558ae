// The book per account (venue) and per asset class adds up to the whole: two venues quoting the
// same coin are two accounts with their own PnL and exposure, and their sums are the portfolio's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { accountBreakdown } from '../../src/risk/account-breakdown.js';
import { InstrumentRegistry, VENUE_IDS } from '../../src/core/instrument-registry.js';
import { Portfolio, PortfolioSnapshot } from '../../src/risk/portfolio.js';
import { fill } from './fixture.js';

const instrument = (symbol: string, venue: 'binance' | 'coinbase') => ({
  symbol, venue, venueId: VENUE_IDS[venue], venueSymbol: symbol, assetClass: 'crypto' as const,
  tickSize: 0.01, lotSize: 1e-8, minNotionalUsd: 0, takerFeeBps: 10, makerFeeBps: 2,
});

test('two venues, two accounts; the slices sum to the book', () => {
  const registry = new InstrumentRegistry([instrument('BTC/USDT', 'binance'), instrument('BTC/USD', 'coinbase'), instrument('ETH/USD', 'coinbase')]);
  const p = new Portfolio(3, 100_000);
  p.onFill(fill(0, 1, 1, 60_000, 6), 0);
  p.onFill(fill(0, -1, 0.5, 61_000, 3), 0);
  p.onFill(fill(1, -1, 0.2, 60_500, 1), 0);
  p.onFill(fill(2, 1, 2, 3_000, 0.5), 0);
  p.mark(1, 60_000);
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(3));
  p.writeSnapshot(snap);
  const { accounts, asset_classes: classes } = accountBreakdown(snap, registry.instruments);
  assert.equal(Object.keys(accounts).sort(), ['binance', 'coinbase']);
  assert.equal(accounts['binance'], {
    symbols: ['BTC/USDT'], gross_exposure_usd: 30_500, net_exposure_usd: 30_500, realized_pnl_usd: 500 - 9, unrealized_pnl_usd: 500, fees_usd: 9,
  });
  assert.equal(accounts['coinbase'].symbols, ['BTC/USD', 'ETH/USD']);
  assert.is(accounts['coinbase'].net_exposure_usd, -12_000 + 6_000);
  assert.is(accounts['coinbase'].gross_exposure_usd, 18_000);
  assert.is(accounts['coinbase'].unrealized_pnl_usd, 0.2 * 500);
  const whole = classes['crypto'];
  assert.is(whole.realized_pnl_usd, Math.round(p.realizedPnlUsd() * 100) / 100);
  assert.is(whole.unrealized_pnl_usd, Math.round(p.unrealizedPnlUsd() * 100) / 100);
  assert.is(whole.fees_usd, 10.5);
});

test.run();
