/**
 * SyntheticMarket: a seeded, deterministic generator of quote and trade events for N symbols on a
 * VIRTUAL clock, for the `sim` source, backtests and tests. No thread, I/O or wall-clock use.
 *
 * Price process, per symbol (log mid-price x):
 * - Diffusion: dx = -h/2 dt + sqrt(h dt) Z, where h is the instantaneous annualised variance and
 *   dt is measured in years of *trading* time (crypto: a 365.25-day year of 24 h days; stocks: a
 *   252-session year of 6.5 h sessions). The -h/2 drift makes the price itself a martingale.
 * - Volatility clustering: h follows GARCH(1,1) on a fixed virtual-time grid (`garchStepSec`):
 *   at the end of each step, h <- omega + alpha * r^2 / step + beta * h, where r is the log return
 *   realised over the step and omega = (1 - alpha - beta) * annualVol^2, so the long-run variance
 *   is the configured one. A grid in time (not in events) keeps clustering on the same time scale
 *   whatever the event rate is. h is clamped to [0.01, 100] x the long-run variance.
 * - Jumps: Poisson with `jumpsPerDay` per day of trading time, size N(0, jumpStdBps). They are
 *   kept out of the GARCH return: fed in, one 50 bps jump in a 60 s step would multiply the
 *   variance by ~17 for the next half hour, which is far more than markets show; kept out, the
 *   total variance is simply annualVol^2 + jumps/year * jumpStd^2.
 * - Stocks only: an overnight gap N(0, overnightVarianceShare * annualVol^2 / 252) at each open
 *   (weekends included, one gap per close-to-open), and the intraday diffusion carries the rest
 *   (1 - overnightVarianceShare) of the annual variance, so close-to-close volatility matches
 *   annualVol.
 * `annualVol` is therefore the volatility of the diffusion (+ gaps); jumps add a little on top
 * (with the defaults, 2 jumps/day of 50 bps add ~0.13 of annual vol in quadrature).
 *
 * Book and trades:
 * - Quotes: bid/ask around the mid with a spread of baseSpreadBps x (current vol / long-run vol)
 *   x U(0.5, 1.5), at least one tick, on the tick grid; bid >= 1 tick, so bid < ask always.
 * - Sizes are Pareto (heavy-tailed: tail index 1.8 for quoted sizes, 1.3 for trades), capped, on a
 *   lot grid (stocks: whole shares; crypto: about 3 significant digits of the typical size).
 * - A `tradeFraction` of events are trades (default 0.2, so quotes are 4x as frequent); a trade
 *   hits the current published touch: a buy (aggressor) lifts the ask, a sell hits the bid. The
 *   aggressor is more likely on the side the book leans to: P(buy) = 0.5 + 0.25 * imbalance.
 *   Trades do not move the mid; the next quote of the symbol carries the elapsed diffusion.
 *
 * Clock: each event advances virtual time by an exponential inter-arrival of mean
 * 1/eventsPerSecond (all symbols together), and picks a symbol uniformly. Crypto runs 24/7.
 * Stocks run only in the US regular session (see us-equity-session.ts: DST-aware, holidays not
 * modelled); when the clock passes the close it jumps to the next open, every symbol takes its
 * overnight gap and must re-quote before it trades again. `ts` is integer epoch microseconds.
 *
 * Hot path: `next()` allocates nothing; all state is in typed arrays.
 */

import { DrawBlock, Prng } from './prng.js';
import { nextUsEquitySession, US_SESSION_US } from './us-equity-session.js';

/** Slots of the event scratch written by `next()`. */
export const MarketEvent = Object.freeze({
  kind: 0, symbol: 1, ts: 2, price: 3, size: 4, side: 5, bid: 6, ask: 7, bidSize: 8, askSize: 9,
});
/** Float64 slots a MarketEvent scratch needs. */
export const MARKET_EVENT_F64 = 10;

export const EventKind = { Quote: 0, Trade: 1 } as const;

export interface SyntheticSymbolConfig {
  startPrice: number;
  annualVol: number;
  tickSize: number;
}

export interface SyntheticMarketConfig {
  symbols: SyntheticSymbolConfig[];
  seed: number;
  assetClass: 'crypto' | 'stocks';
  startEpochUs: number;
  eventsPerSecond: number;
  /** Share of events that are trades (default 0.2). */
  tradeFraction?: number;
  /** GARCH(1,1) reaction and persistence per step (defaults 0.08 / 0.90). */
  garchAlpha?: number;
  garchBeta?: number;
  /** GARCH grid step in virtual seconds (default 60). */
  garchStepSec?: number;
  /** Jump intensity per day of trading time (default 2) and jump size std in bps (default 50). */
  jumpsPerDay?: number;
  jumpStdBps?: number;
  /** Spread at long-run volatility in bps of the mid (default crypto 1, stocks 2). */
  baseSpreadBps?: number;
  /** Stocks: share of the daily variance that arrives as the overnight gap (default 0.2). */
  overnightVarianceShare?: number;
  /** Typical quoted size and trade size, in USD at the start price (defaults 20000 / 2000). */
  quoteNotionalUsd?: number;
  tradeNotionalUsd?: number;
}

const US_PER_SEC = 1e6;
const CRYPTO_YEAR_US = 365.25 * 86_400 * US_PER_SEC;
const STOCK_YEAR_US = 252 * US_SESSION_US;
const QUOTE_SIZE_TAIL = 1.8;
const TRADE_SIZE_TAIL = 1.3;
const SIZE_CAP_MULTIPLE = 100;

export class SyntheticMarket {
  readonly symbolCount: number;
  /** Pre-drawn randoms (see prng.ts: why per-event code does not call Prng methods). */
  private readonly draws: DrawBlock;
  private readonly stocks: boolean;
  private readonly meanGapUs: number;
  private readonly tradeFraction: number;
  private readonly garchAlpha: number;
  private readonly garchBeta: number;
  private readonly stepUs: number;
  /** Years of trading time per virtual µs, times the intraday variance share. */
  private readonly yearsPerUs: number;
  private readonly jumpRatePerUs: number;
  private readonly jumpStd: number;
  private readonly baseSpread: number;
  private readonly overnightVar: number; // per unit of annual variance: share / 252

  // Clock: [0] now (µs, fractional), [1] session open, [2] session close (stocks).
  private readonly clock = new Float64Array(3);
  /** [open, close] written by nextUsEquitySession. */
  private readonly sessionScratch = new Float64Array(2);

  // Per-symbol state.
  private readonly logMid: Float64Array;
  private readonly logFloor: Float64Array;
  private readonly varRate: Float64Array; // h, annualised variance
  private readonly longRunVar: Float64Array;
  private readonly stepAcc: Float64Array; // log return so far in the current GARCH step
  private readonly stepEnd: Float64Array; // µs
  private readonly lastUpdate: Float64Array; // µs up to which the mid has been simulated
  private readonly tick: Float64Array;
  private readonly tickInv: Float64Array; // 1/tick when that is an integer (exact decimal prices), else 0
  private readonly lot: Float64Array;
  private readonly lotInv: Float64Array;
  private readonly quoteScale: Float64Array; // typical quoted size, in units
  private readonly tradeScale: Float64Array;
  private readonly bidTicks: Float64Array;
  private readonly askTicks: Float64Array;
  private readonly bidSize: Float64Array;
  private readonly askSize: Float64Array;
  private readonly hasQuote: Uint8Array;

  constructor(cfg: SyntheticMarketConfig) {
    const n = cfg.symbols.length;
    if (n === 0) throw new Error('SyntheticMarket: at least one symbol is required');
    if (!(cfg.eventsPerSecond > 0) || !Number.isFinite(cfg.eventsPerSecond)) {
      throw new Error(`SyntheticMarket: eventsPerSecond must be > 0, got ${cfg.eventsPerSecond}`);
    }
    if (!Number.isFinite(cfg.startEpochUs)) throw new Error('SyntheticMarket: startEpochUs must be finite');
    this.symbolCount = n;
    this.draws = new DrawBlock(new Prng(cfg.seed));
    this.stocks = cfg.assetClass === 'stocks';
    this.meanGapUs = US_PER_SEC / cfg.eventsPerSecond;
    this.tradeFraction = cfg.tradeFraction ?? 0.2;
    this.garchAlpha = cfg.garchAlpha ?? 0.08;
    this.garchBeta = cfg.garchBeta ?? 0.9;
    if (this.garchAlpha < 0 || this.garchBeta < 0 || this.garchAlpha + this.garchBeta >= 1) {
      throw new Error('SyntheticMarket: need garchAlpha, garchBeta >= 0 and garchAlpha + garchBeta < 1');
    }
    this.stepUs = (cfg.garchStepSec ?? 60) * US_PER_SEC;
    const overnightShare = this.stocks ? (cfg.overnightVarianceShare ?? 0.2) : 0;
    this.overnightVar = overnightShare / 252;
    const yearUs = this.stocks ? STOCK_YEAR_US : CRYPTO_YEAR_US;
    this.yearsPerUs = (1 - overnightShare) / yearUs;
    const tradingDayUs = this.stocks ? US_SESSION_US : 86_400 * US_PER_SEC;
    this.jumpRatePerUs = (cfg.jumpsPerDay ?? 2) / tradingDayUs;
    this.jumpStd = (cfg.jumpStdBps ?? 50) * 1e-4;
    this.baseSpread = (cfg.baseSpreadBps ?? (this.stocks ? 2 : 1)) * 1e-4;
    const quoteUsd = cfg.quoteNotionalUsd ?? 20_000;
    const tradeUsd = cfg.tradeNotionalUsd ?? 2_000;

    this.logMid = new Float64Array(n);
    this.logFloor = new Float64Array(n);
    this.varRate = new Float64Array(n);
    this.longRunVar = new Float64Array(n);
    this.stepAcc = new Float64Array(n);
    this.stepEnd = new Float64Array(n);
    this.lastUpdate = new Float64Array(n);
    this.tick = new Float64Array(n);
    this.tickInv = new Float64Array(n);
    this.lot = new Float64Array(n);
    this.lotInv = new Float64Array(n);
    this.quoteScale = new Float64Array(n);
    this.tradeScale = new Float64Array(n);
    this.bidTicks = new Float64Array(n);
    this.askTicks = new Float64Array(n);
    this.bidSize = new Float64Array(n);
    this.askSize = new Float64Array(n);
    this.hasQuote = new Uint8Array(n);

    for (let s = 0; s < n; s++) {
      const { startPrice, annualVol, tickSize } = cfg.symbols[s];
      if (!(startPrice > 0) || !(tickSize > 0) || !(annualVol >= 0) || !Number.isFinite(startPrice + annualVol + tickSize)) {
        throw new Error(`SyntheticMarket: symbol ${s} needs startPrice > 0, tickSize > 0, annualVol >= 0`);
      }
      if (startPrice < 4 * tickSize) throw new Error(`SyntheticMarket: symbol ${s} startPrice is below 4 ticks`);
      this.logMid[s] = Math.log(startPrice);
      this.logFloor[s] = Math.log(2 * tickSize);
      this.longRunVar[s] = annualVol * annualVol;
      this.varRate[s] = annualVol * annualVol;
      this.tick[s] = tickSize;
      this.tickInv[s] = exactInverse(tickSize);
      const quoteUnits = quoteUsd / startPrice;
      const tradeUnits = tradeUsd / startPrice;
      const lot = this.stocks ? 1 : Math.pow(10, Math.floor(Math.log10(tradeUnits)) - 2);
      this.lot[s] = lot;
      this.lotInv[s] = exactInverse(lot);
      this.quoteScale[s] = Math.max(lot, quoteUnits);
      this.tradeScale[s] = Math.max(lot, tradeUnits);
    }

    let start = cfg.startEpochUs;
    if (this.stocks) {
      nextUsEquitySession(start, this.sessionScratch);
      this.clock[1] = this.sessionScratch[0];
      this.clock[2] = this.sessionScratch[1];
      if (start < this.clock[1]) start = this.clock[1];
    }
    this.clock[0] = start;
    this.resetSymbolTimes();
  }

  /** Current virtual time, epoch µs. */
  nowUs(): number {
    return this.clock[0];
  }

  /**
   * Generate the next event into `out` (MarketEvent slots from `base`) and return its kind
   * (EventKind.Quote or EventKind.Trade). A quote has price = mid, size 0, side 0; a trade has the
   * touch price it executed at, its size and aggressor side. Both carry the touch after the event.
   */
  next(out: Float64Array, base = 0): number {
    const d = this.draws;
    const u = d.u;
    const at = d.at;
    d.reserve(5, 0); // inter-arrival, session gap, symbol, kind, aggressor (helpers reserve their own)
    this.clock[0] += -Math.log(u[at[0]++]) * this.meanGapUs; // exponential inter-arrival
    if (this.stocks && this.clock[0] >= this.clock[2]) this.openNextSession();
    const now = this.clock[0];

    const s = Math.floor(u[at[0]++] * this.symbolCount);
    let kind: number = u[at[0]++] < this.tradeFraction ? EventKind.Trade : EventKind.Quote;
    if (this.hasQuote[s] === 0) kind = EventKind.Quote; // no touch to trade against yet

    if (kind === EventKind.Quote) {
      this.evolve(s);
      this.requote(s);
    }

    // Integer tick counts to prices; dividing by an integral 1/tick gives the exact decimal.
    const inv = this.tickInv[s];
    const bid = inv > 0 ? this.bidTicks[s] / inv : this.bidTicks[s] * this.tick[s];
    const ask = inv > 0 ? this.askTicks[s] / inv : this.askTicks[s] * this.tick[s];
    const bidSize = this.bidSize[s];
    const askSize = this.askSize[s];
    out[base + MarketEvent.kind] = kind;
    out[base + MarketEvent.symbol] = s;
    out[base + MarketEvent.ts] = Math.floor(now);
    out[base + MarketEvent.bid] = bid;
    out[base + MarketEvent.ask] = ask;
    out[base + MarketEvent.bidSize] = bidSize;
    out[base + MarketEvent.askSize] = askSize;
    if (kind === EventKind.Quote) {
      out[base + MarketEvent.price] = (bid + ask) * 0.5;
      out[base + MarketEvent.size] = 0;
      out[base + MarketEvent.side] = 0;
    } else {
      const imbalance = (bidSize - askSize) / (bidSize + askSize);
      const buy = u[at[0]++] < 0.5 + 0.25 * imbalance;
      out[base + MarketEvent.price] = buy ? ask : bid;
      this.drawSize(s, true, out, base + MarketEvent.size);
      out[base + MarketEvent.side] = buy ? 1 : -1;
    }
    return kind;
  }

  // Private helpers take and return only integers (ids, indices) and pass doubles through typed
  // arrays: a call V8 does not inline boxes every double argument and return value.

  /** Simulate symbol `s`'s log mid from its last update to now, closing GARCH steps on the way. */
  private evolve(s: number): void {
    const d = this.draws;
    const u = d.u;
    const z = d.z;
    const at = d.at;
    const t = this.clock[0];
    let last = this.lastUpdate[s];
    let x = this.logMid[s];
    let acc = this.stepAcc[s];
    let h = this.varRate[s];
    let stepEnd = this.stepEnd[s];
    while (last < t) {
      const segEnd = t < stepEnd ? t : stepEnd;
      const dtUs = segEnd - last;
      if (dtUs > 0) {
        d.reserve(1, 2);
        const dtY = dtUs * this.yearsPerUs;
        const r = Math.sqrt(h * dtY) * z[at[1]++] - 0.5 * h * dtY;
        x += r;
        acc += r;
        if (u[at[0]++] < 1 - Math.exp(-this.jumpRatePerUs * dtUs)) x += this.jumpStd * z[at[1]++];
      }
      last = segEnd;
      if (segEnd >= stepEnd) {
        const longRun = this.longRunVar[s];
        const realisedRate = (acc * acc) / (this.stepUs * this.yearsPerUs);
        h = (1 - this.garchAlpha - this.garchBeta) * longRun + this.garchAlpha * realisedRate + this.garchBeta * h;
        if (h > 100 * longRun) h = 100 * longRun;
        if (h < 0.01 * longRun) h = 0.01 * longRun;
        acc = 0;
        stepEnd += this.stepUs;
      }
    }
    if (x < this.logFloor[s]) x = this.logFloor[s];
    this.logMid[s] = x;
    this.stepAcc[s] = acc;
    this.varRate[s] = h;
    this.stepEnd[s] = stepEnd;
    this.lastUpdate[s] = last;
  }

  /** New touch and quoted sizes for `s` around its current mid. */
  private requote(s: number): void {
    const d = this.draws;
    d.reserve(1, 0);
    const tick = this.tick[s];
    const mid = Math.exp(this.logMid[s]);
    const longRun = this.longRunVar[s];
    const volRatio = longRun > 0 ? Math.sqrt(this.varRate[s] / longRun) : 1;
    let spreadTicks = Math.round((mid * this.baseSpread * volRatio * (0.5 + d.u[d.at[0]++])) / tick);
    if (spreadTicks < 1) spreadTicks = 1;
    let bidTicks = Math.round(mid / tick - spreadTicks * 0.5);
    if (bidTicks < 1) bidTicks = 1;
    this.bidTicks[s] = bidTicks;
    this.askTicks[s] = bidTicks + spreadTicks;
    this.drawSize(s, false, this.bidSize, s);
    this.drawSize(s, false, this.askSize, s);
    this.hasQuote[s] = 1;
  }

  /** A Pareto trade or quote size for `s`, capped, on the lot grid, at least one lot, into target[index]. */
  private drawSize(s: number, trade: boolean, target: Float64Array, index: number): void {
    const scale = trade ? this.tradeScale[s] : this.quoteScale[s];
    const d = this.draws;
    d.reserve(1, 0);
    // Pareto (type I) with tail index a: U^(-1/a) >= 1, P(X > x) = x^-a.
    let units = scale * 0.5 * Math.pow(d.u[d.at[0]++], trade ? -1 / TRADE_SIZE_TAIL : -1 / QUOTE_SIZE_TAIL);
    const cap = scale * SIZE_CAP_MULTIPLE;
    if (units > cap) units = cap;
    let lots = Math.round(units / this.lot[s]);
    if (lots < 1) lots = 1;
    const inv = this.lotInv[s];
    target[index] = inv > 0 ? lots / inv : lots * this.lot[s];
  }

  /** Stocks: the clock passed the close; move it to the first event of the next session. */
  private openNextSession(): void {
    const t = this.clock[0];
    nextUsEquitySession(this.clock[2], this.sessionScratch);
    // A clock far past several closes (a tiny event rate) still lands on the session containing
    // or following it, never on one already over.
    if (t >= this.sessionScratch[1]) nextUsEquitySession(t, this.sessionScratch);
    const open = this.sessionScratch[0];
    this.clock[1] = open;
    this.clock[2] = this.sessionScratch[1];
    for (let s = 0; s < this.symbolCount; s++) {
      const gapStd = Math.sqrt(this.varRate[s] * this.overnightVar);
      this.draws.reserve(0, 1);
      let x = this.logMid[s] + gapStd * this.draws.z[this.draws.at[1]++] - 0.5 * gapStd * gapStd;
      if (x < this.logFloor[s]) x = this.logFloor[s];
      this.logMid[s] = x;
      this.hasQuote[s] = 0; // the old touch is stale after the gap
    }
    this.clock[0] = open;
    this.resetSymbolTimes();
    this.draws.reserve(1, 0);
    const first = open - Math.log(this.draws.u[this.draws.at[0]++]) * this.meanGapUs;
    this.clock[0] = first < this.clock[2] ? first : open;
  }

  /** Restart every symbol's diffusion and GARCH grid at the current clock. */
  private resetSymbolTimes(): void {
    const t = this.clock[0];
    for (let s = 0; s < this.symbolCount; s++) {
      this.lastUpdate[s] = t;
      this.stepEnd[s] = t + this.stepUs;
      this.stepAcc[s] = 0;
    }
  }
}

/** 1/x when it is (numerically) an integer, so decimal grid values can be produced exactly. */
function exactInverse(x: number): number {
  if (x >= 1) return 0;
  const inv = Math.round(1 / x);
  return Math.abs(inv * x - 1) < 1e-9 ? inv : 0;
}
