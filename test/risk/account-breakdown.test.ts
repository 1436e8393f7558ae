// The book per account (venue) and per asset class adds up to the whole: two venues quoting the
// same coin are two accounts with their own PnL, exposure, cash and equity, and their sums are the
// portfolio's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { accountBreakdown, startingCashOf } from '../../src/risk/account-breakdown.js';
import { InstrumentRegistry, VENUE_IDS } from '../../src/core/instrument-registry.js';
import { Portfolio, PortfolioSnapshot } from '../../src/risk/portfolio.js';
import { fill } from './fixture.js';

const instrument = (symbol: string, venue: 'binance' | 'coinbase') => ({
  symbol, venue, venueId: VENUE_IDS[venue], venueSymbol: symbol, assetClass: 'crypto' as const,
  tickSize: 0.01, lotSize: 1e-8, minNotionalUsd: 0, takerFeeBps: 10, makerFeeBps: 2,
});

const registry = new InstrumentRegistry([instrument('BTC/USDT', 'binance'), instrument('BTC/USD', 'coinbase'), instrument('ETH/USD', 'coinbase')]);

/** Binance: bought 1 BTC at 60,000, sold 0.5 at 61,000; Coinbase: short 0.2 BTC at 60,500 (marked 60,000), long 2 ETH at 3,000. */
function book(): { p: Portfolio; snap: Float64Array } {
  const p = new Portfolio(3, 100_000);
  p.onFill(fill(0, 1, 1, 60_000, 6), 0);
  p.onFill(fill(0, -1, 0.5, 61_000, 3), 0);
  p.onFill(fill(1, -1, 0.2, 60_500, 1), 0);
  p.onFill(fill(2, 1, 2, 3_000, 0.5), 0);
  p.mark(1, 60_000);
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(3));
  p.writeSnapshot(snap);
  return { p, snap };
}

test('two venues, two accounts; the slices sum to the book', () => {
  const { p, snap } = book();
  const { accounts, asset_classes: classes } = accountBreakdown(snap, registry.instruments, { binance: 50_000, coinbase: 50_000 });
  assert.equal(Object.keys(accounts).sort(), ['binance', 'coinbase']);
  assert.equal(accounts['binance'], {
    symbols: ['BTC/USDT'], gross_exposure_usd: 30_500, net_exposure_usd: 30_500, realized_pnl_usd: 500 - 9, unrealized_pnl_usd: 500, fees_usd: 9,
    // -60,000 - 6 + 30,500 - 3
    cash_flow_usd: -29_509, starting_cash_usd: 50_000, cash_usd: 20_491, equity_usd: 50_991,
  });
  assert.equal(accounts['coinbase'].symbols, ['BTC/USD', 'ETH/USD']);
  assert.is(accounts['coinbase'].net_exposure_usd, -12_000 + 6_000);
  assert.is(accounts['coinbase'].gross_exposure_usd, 18_000);
  assert.is(accounts['coinbase'].unrealized_pnl_usd, 0.2 * 500);
  const whole = classes['crypto'];
  assert.is(whole.realized_pnl_usd, Math.round(p.realizedPnlUsd() * 100) / 100);
  assert.is(whole.unrealized_pnl_usd, Math.round(p.unrealizedPnlUsd() * 100) / 100);
  assert.is(whole.fees_usd, 10.5);
  // +12,100 - 1 for the short, -6,000 - 0.5 for the ETH.
  assert.is(accounts['coinbase'].cash_flow_usd, 12_099 - 6_000.5);
  assert.is(accounts['coinbase'].cash_usd, 50_000 + 12_099 - 6_000.5);
  assert.is(accounts['coinbase'].equity_usd, 50_000 + 12_099 - 6_000.5 - 6_000);
  assert.is(accounts['binance'].equity_usd + accounts['coinbase'].equity_usd, Math.round(p.equityUsd() * 100) / 100, 'the accounts hold the whole equity');
});

test('starting cash: as configured, else the equity split evenly across the venues traded; an account that trades nothing keeps its cash', () => {
  assert.equal(startingCashOf(100_000, {}, registry.instruments), { binance: 50_000, coinbase: 50_000 });
  assert.equal(startingCashOf(100_000, { binance: 70_000, coinbase: 30_000 }, registry.instruments), { binance: 70_000, coinbase: 30_000 });
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(1));
  new Portfolio(1, 100_000).writeSnapshot(snap);
  const { accounts } = accountBreakdown(snap, registry.instruments.slice(0, 1), { binance: 90_000, alpaca: 10_000 });
  assert.equal([accounts['binance'].cash_usd, accounts['binance'].equity_usd], [90_000, 90_000]);
  assert.equal([accounts['alpaca'].symbols, accounts['alpaca'].cash_usd, accounts['alpaca'].equity_usd], [[], 10_000, 10_000]);
});

test.run();
