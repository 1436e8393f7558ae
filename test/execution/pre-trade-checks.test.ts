// Pre-trade checks, each failing in turn (and only it), the order rounded to the venue's steps,
// the kill switch and reduce-only letting exits through, US market hours with and without the
// extended session, the PDT guard's five-business-day window, the rate bucket on event time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Deny, DENY_REASONS, PRE_TRADE_REQUEST_SLOTS, PreTradeChecks, PreTradeOrder, PreTradeRequest, type InstrumentLimits,
} from '../../src/execution/pre-trade-checks.js';
import { TokenBucket } from '../../src/execution/token-bucket.js';
import { PatternDayTraderGuard } from '../../src/execution/pattern-day-trader-guard.js';
import { countGcs } from '../../src/shm/allocation-check.js';

const BTC: InstrumentLimits = { tickSize: 0.01, lotSize: 0.00001, minNotionalUsd: 5, assetClass: 'crypto' };
const AAPL: InstrumentLimits = { tickSize: 0.01, lotSize: 1, minNotionalUsd: 0, assetClass: 'stocks' };
// Tuesday 2024-07-16 15:00 UTC = 11:00 EDT (in session); 12:00 UTC = 08:00 EDT (pre-market).
const IN_SESSION_US = Date.UTC(2024, 6, 16, 15) * 1000;
const PRE_MARKET_US = Date.UTC(2024, 6, 16, 12) * 1000;
const SATURDAY_US = Date.UTC(2024, 6, 20, 15) * 1000;

function checks(opts: { extendedHours?: boolean; pdt?: PatternDayTraderGuard; rate?: number; burst?: number } = {}) {
  return new PreTradeChecks({
    instruments: [BTC, AAPL],
    buckets: [new TokenBucket(opts.rate ?? 1000, opts.burst ?? 1000), new TokenBucket(opts.rate ?? 1000, opts.burst ?? 1000)],
    maxNotionalUsd: 50_000, extendedHours: opts.extendedHours, pdtGuard: opts.pdt,
  });
}

function req(v: Partial<Record<keyof typeof PreTradeRequest, number>>): Float64Array {
  const r = new Float64Array(PRE_TRADE_REQUEST_SLOTS);
  const all = { instrument: 0, side: 1, quantity: 0.1, price: 65_000.004, positionQty: 0, tsUs: IN_SESSION_US, equityUsd: 100_000, dayTrade: 0, day: 0, ...v };
  for (const [k, x] of Object.entries(all)) r[PreTradeRequest[k as keyof typeof PreTradeRequest]] = x;
  return r;
}

const order = new Float64Array(2);
const reason = (c: PreTradeChecks, r: Float64Array) => DENY_REASONS[c.check(r, order)];

test('a good order passes, rounded to the lot and the tick (a buy down, a sell up)', () => {
  const c = checks();
  assert.is(reason(c, req({ quantity: 0.123456789 })), 'none');
  assert.ok(Math.abs(order[PreTradeOrder.quantity] - 0.12345) < 1e-12);
  assert.ok(Math.abs(order[PreTradeOrder.price] - 65_000) < 1e-9);
  assert.is(reason(c, req({ side: -1, positionQty: 1, price: 65_000.004 })), 'none');
  assert.ok(Math.abs(order[PreTradeOrder.price] - 65_000.01) < 1e-9);
});

test('each check fails in turn', () => {
  const c = checks();
  assert.is(reason(c, req({ price: NaN })), 'bad_price');
  assert.is(reason(c, req({ quantity: -1 })), 'bad_quantity');
  assert.is(reason(c, req({ quantity: 0.000001 })), 'below_min_quantity');
  assert.is(reason(c, req({ quantity: 0.00005 })), 'below_min_notional', '0.00005 x 65,000 = $3.25 < $5');
  assert.is(reason(c, req({ quantity: 1 })), 'above_max_notional');
  c.stale[0] = 1;
  assert.is(reason(c, req({})), 'stale_symbol');
  c.stale[0] = 0;
  assert.is(reason(c, req({ instrument: 1, price: 200, quantity: 10, tsUs: PRE_MARKET_US })), 'market_closed');
  assert.is(reason(c, req({ instrument: 1, price: 200, quantity: 10, tsUs: SATURDAY_US })), 'market_closed');
  assert.is(reason(c, req({ instrument: 1, price: 200, quantity: 10 })), 'none');
  assert.is(reason(checks({ extendedHours: true }), req({ instrument: 1, price: 200, quantity: 10, tsUs: PRE_MARKET_US })), 'none');
  assert.is(reason(checks({ extendedHours: true }), req({ instrument: 1, price: 200, quantity: 10, tsUs: SATURDAY_US })), 'market_closed');
});

test('kill switch and reduce-only: exits go, anything that opens, grows or flips does not', () => {
  const c = checks();
  c.killSwitch = true;
  assert.is(reason(c, req({ positionQty: 0 })), 'kill_switch');
  assert.is(reason(c, req({ positionQty: 0.2 })), 'kill_switch', 'a buy on a long grows it');
  assert.is(reason(c, req({ side: -1, positionQty: 0.05, quantity: 0.1 })), 'kill_switch', 'a sell past flat flips');
  assert.is(reason(c, req({ side: -1, positionQty: 0.2, quantity: 0.1 })), 'none', 'a partial exit');
  c.killSwitch = false;
  c.reduceOnly[0] = 1;
  assert.is(reason(c, req({})), 'reduce_only');
  assert.is(reason(c, req({ side: 1, positionQty: -0.1, quantity: 0.1 })), 'none', 'covering a short');
});

test('PDT: below $25k a fourth day trade in five business days is refused; above, or cash, never', () => {
  const guard = new PatternDayTraderGuard(true);
  const monday = Math.floor(Date.UTC(2024, 6, 15) / 86_400_000);
  for (const d of [monday, monday + 1, monday + 2]) guard.recordDayTrade(d);
  const c = checks({ pdt: guard });
  const dayTrade = (day: number, equityUsd: number) => reason(c, req({ instrument: 1, price: 200, quantity: 10, dayTrade: 1, day, equityUsd }));
  assert.is(dayTrade(monday + 3, 20_000), 'pattern_day_trader');
  assert.is(dayTrade(monday + 3, 30_000), 'none');
  // The next Monday: the window (Tue-Mon) still holds Tuesday's and Wednesday's.
  assert.is(guard.dayTradesInWindow(monday + 7), 2);
  assert.is(dayTrade(monday + 7, 20_000), 'none');
  assert.ok(new PatternDayTraderGuard(false).allowsDayTrade(monday + 3, 1_000), 'a cash account is not limited');
});

test('the rate bucket refuses past the burst, refills on event time, and a denied order spends no token', () => {
  const c = checks({ rate: 2, burst: 3 });
  const t0 = IN_SESSION_US;
  for (let i = 0; i < 3; i++) assert.is(reason(c, req({ tsUs: t0 })), 'none');
  assert.is(reason(c, req({ tsUs: t0 })), 'rate_limited');
  assert.is(reason(c, req({ tsUs: t0 + 500_000 })), 'none', 'half a second at 2/s is one token');
  assert.is(reason(c, req({ tsUs: t0 + 500_000, quantity: 1 })), 'above_max_notional');
  assert.is(reason(c, req({ tsUs: t0 + 1_000_000 })), 'none', 'the denied order took nothing');
});

test('check allocates nothing', () => {
  const c = checks({ rate: 1e9, burst: 1e9 });
  const r = req({});
  const report = countGcs((i) => { r[PreTradeRequest.tsUs] = IN_SESSION_US + i; c.check(r, order); }, 300_000);
  assert.is(report.gcCount, 0);
  assert.is(Deny.none, 0);
});

test('the token bucket allocates nothing over 2M orders (its fields hold doubles unboxed)', () => {
  const bucket = new TokenBucket(1e12, 1e12);
  const now = new Float64Array(1);
  const report = countGcs((i) => { now[0] = 1.7e15 + i; bucket.take(now, 0); }, 2_000_000);
  assert.is(report.gcCount, 0);
});

test.run();
